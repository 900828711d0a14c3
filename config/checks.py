"""System checks for what the production settings must get right beyond Django's own."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Cache backends that keep their entries in one process: every web process (gunicorn worker,
# node) then counts the API's throttles on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy` warns when the default cache lives in each process while DEBUG is off."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) lives inside each process, so the "
            "API's throttles count per process: with N gunicorn workers a client gets N times "
            "its rate, and a restart forgets it.",
            hint="Set CACHE_URL to a cache all web processes share, e.g. "
            "redis://redis:6379/1 (see docs/production.md).",
            id="tracker.W001",
        )
    ]
