"""Live updates over Socket.IO: the event log, broadcasting after commit, and the handlers.

Only this package knows about rooms. The database is the source of truth; Socket.IO only
notifies, and a board that reconnects catches up from the event log.
"""
