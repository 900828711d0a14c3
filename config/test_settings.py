"""Test settings: the real settings with fast hashing, a local cache and eager Celery."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "y" * 20)

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES, REST_FRAMEWORK  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    # Two runs at once in one checkout share its embedded server (config/embedded_db.py): each
    # names its test databases after itself, the pid of pytest's main process (the parent of
    # xdist's workers), so neither drops the other's. tests/conftest.py drops those of a run
    # that was killed before its teardown.
    run = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{run}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Factories write rows without the services, which count changes of public data: the page
# cache is off but in its own tests (tests/core/test_pagecache.py), which turn it on.
PAGE_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""
CELERY_RESULT_BACKEND = None
INGEST_ALLOW_PRIVATE_NETWORKS = True
# The login lockout counts failures per user and address, and many tests log in: only its own
# tests (tests/test_login_lockout.py) turn it on.
AXES_ENABLED = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min"},
}
# Ingestion against the tests' local HTTP servers: short timeouts, retries without waiting.
INGEST_CONNECT_TIMEOUT = 2.0
INGEST_READ_TIMEOUT = 1.0
INGEST_RETRY_BACKOFF = 0.0
INGEST_MAX_RETRIES = 2
