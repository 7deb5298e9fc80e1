"""Posts (ideas and replies) and supports ("Instämmer"): models, submission and support."""
