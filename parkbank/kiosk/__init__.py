"""Parkbänk in physical places: registered kiosks (a shared touch screen at the library or the
citizen service office, reached by a secret address) and the public meeting screen (projector)."""
