"""Where the municipality is active (checklist 3): the public list of its channels, kept by admins."""
