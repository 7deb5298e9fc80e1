"""The theme checkboxes of the moderators' forms (approve, tag, transcribe): a `theme` field per
chosen theme id, and a `themes` marker that says the form carried the choice at all (so that no
box ticked means "no themes", not "not asked")."""

from __future__ import annotations

from parkbank.themes.operations import THEMES_MAX

MARKER = "themes"
FIELD = "theme"


def chosen_theme_ids(formdata) -> list[int] | None:
    """The ids ticked, at most THEMES_MAX + 1 of them read (the operation refuses more), or None
    when the form had no theme choice. Anything that is not a plain number is no theme."""
    if MARKER not in formdata:
        return None
    raw = formdata.getlist(FIELD)[:THEMES_MAX + 1]
    return [int(v) for v in raw if v.isascii() and v.isdigit() and len(v) < 12]
