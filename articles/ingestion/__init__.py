"""Getting sources in, in layers that point one way:

- `services/` — what curators, the API and commands call: submit a URL, review suggestions;
- `tasks` — the Celery tasks those services queue (thin: ids in, a call below);
- `store`, `link_health` — what a worker runs: claim, fetch, extract, analyse, store; check links;
- `fetching` (over `connections` and `errors`), `extraction`, `analysis` — the parts.
"""
