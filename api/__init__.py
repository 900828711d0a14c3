"""The REST API of both apps (/api/v1/): `urls` (the router and the schema views), `views`
(one module per collection or endpoint, on the base classes in `views.base`), `serializers`
and `filters` (per app), `rows` (the read path: field specs rendered from `.values()` rows),
and the HTTP machinery (`http`, `pagination`, `errors`). It reads through the selectors and
timelines and writes through the services; nothing below it imports it."""
