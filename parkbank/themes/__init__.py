"""Themes (issue 16): each consultation's own list of themes, which project leaders keep and
moderators tag ideas with; the board filters by them and counts them live, and open data and the
export carry them."""
