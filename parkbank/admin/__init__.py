"""The administration (admins only): staff accounts and assignments, consultations, the channel
list; and every staff member's start page (start.py)."""
