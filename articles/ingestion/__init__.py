"""Getting sources in: fetch a page safely (`fetching`, `connections`), extract its text and
metadata (`extraction`), find the parties, cases and quotes it names (`analysis`), and the
Celery tasks and services that run and record it (`tasks`, `services/`)."""
