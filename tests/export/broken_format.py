"""A format that fails, for the export job tests."""


def render(summary) -> bytes:
    raise RuntimeError("Typsnittet DejaVu Sans saknas")
