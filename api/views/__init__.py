"""The API's views: `base` (the viewset every collection uses, the permission rules), a module
per app's collections (`cases`, `sources`), and the endpoints that are not collections
(`timeline`, `search`, `ingest`)."""
