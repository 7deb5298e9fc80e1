"""Full-text search of the public posts, in Swedish, on SQLite (FTS5) or PostgreSQL (`swedish`
text search). `terms.parse` reads a query, `queries.search` answers it, and `index.refresh` keeps
the index right for posts whose public text or state an operation changed, in the same
transaction. Nothing outside this package knows which database answers.

(Nothing is imported here: the life cycle imports `index`, and `queries` reads the board's
queries, which read the life cycle.)"""
