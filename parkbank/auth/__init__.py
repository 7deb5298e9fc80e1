"""Staff accounts, roles, login and the named permissions."""
