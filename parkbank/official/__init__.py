"""Who speaks for the municipality (checklist 2): official replies, "Kommunens svar", published
by responders assigned to the consultation, and the page they work from."""
