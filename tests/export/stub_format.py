"""A format for the export job tests only (the real renderers are their own modules): the title
and every public idea, one a line, so a test can read back what was rendered."""

from __future__ import annotations


def render(summary) -> bytes:
    lines = [f"# {summary.facts.title}", *(idea.body for idea in summary.ideas)]
    return "\n".join(lines).encode()
