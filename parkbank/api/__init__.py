"""Open data: read-only JSON for other programs (no personal data)."""
