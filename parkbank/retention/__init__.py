"""Retention (gallring): rules for how long personal data is kept, culling runs that remove what is
due and record it, and snapshots of a consultation as it stands. Functions take `now`."""
