"""Named read-only queries over the history, aggregated in SQL, each through the
caller's session: what the readouts and the report need beyond the repositories."""
