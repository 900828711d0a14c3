"""What curators, the API and the `ingest` command ask of ingestion: `submission` (register a
URL, queue its fetch) and `review` (decide on the mentions, case suggestions and testimony
candidates a fetch found). Each asks the rulebook; none of their callers holds rules of its own.

The worker's side sits below the tasks: `submission` sends `tasks.fetch_source`, which runs
articles.ingestion.store (and tasks.check_links runs link_health); nothing there imports these
services back, so the dependencies point one way."""
