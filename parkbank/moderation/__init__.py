"""Pre-moderation: the post state transitions, decisions with reasons, and the moderator queue."""
