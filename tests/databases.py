"""The test database as a DATABASE_URL, for subprocesses that must see what a test wrote."""

from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """postgres://… of the database this test runs on. A Unix socket's folder as host (the
    project's own server under var/) is percent-encoded, as libpq and config.settings read it."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "127.0.0.1", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"
