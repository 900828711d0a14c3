"""Ingestion's writes, one module per concern: `submission` (register a URL, queue a fetch),
`store` (the worker's fetch pipeline), `review` (curators' decisions on what ingestion
suggests) and `link_health`. The admin, the API, the `ingest` command and the tasks call
these; none of them holds rules of its own.

The task module sits between them: `submission` sends `tasks.fetch_source`, which calls
`store`; nothing here imports `submission` back, so there is no cycle."""
