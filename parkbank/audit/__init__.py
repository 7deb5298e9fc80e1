"""The audit trail: every staff action, appended, never edited from the app."""
