"""Settings come from the environment; production values pass Django's deployment checks."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The production values README.md and docs/production.md document, exactly: with them
# `check --deploy --fail-level WARNING` must be clean.
DOCUMENTED = {
    "DEBUG": "false",
    "SECRET_KEY": "k3S9vQw2-production-like-secret-with-many-distinct-characters-0xZ7pL",
    "ALLOWED_HOSTS": "tracker.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "CACHE_URL": "redis://redis:6379/1",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
PRODUCTION = {
    **DOCUMENTED,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
# A local run that is not a `make run`: DEBUG off, so it needs a key of its own.
LOCAL = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "local-test-secret-key-" + "q" * 40,
}
# Variables of this process that must not leak into the subprocesses' settings.
SCRUBBED = {*PRODUCTION, "CELERY_BROKER_URL", "NUM_PROXIES"}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_the_documented_production_values():
    """HSTS on means HSTS for the subdomains too, and preload, unless turned off (W005, W021)."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DOCUMENTED)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_subdomain_still_on_plain_http_can_keep_hsts_off_for_subdomains():
    env = {**DOCUMENTED, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}
    result = run_manage("check", "--deploy", env=env)
    assert "security.W005" in result.stderr + result.stdout


def test_check_deploy_warns_when_throttles_would_count_per_process():
    env = {k: v for k, v in DOCUMENTED.items() if k != "CACHE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "tracker.W001" in result.stderr and "CACHE_URL" in result.stderr
    # Not a deployment: `check` alone and DEBUG on say nothing.
    assert run_manage("check", "--fail-level", "WARNING", env=env).returncode == 0
    debug = run_manage("check", "--deploy", env={**env, "DEBUG": "true"})
    assert "tracker.W001" not in debug.stderr + debug.stdout


def test_with_debug_off_a_missing_secret_key_refuses_to_start():
    env = {k: v for k, v in DOCUMENTED.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr
    # `make run` sets DEBUG=true: the local key is fine there.
    local = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"})
    assert local.returncode == 0, local.stderr


def test_the_number_of_trusted_proxies_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])"
    assert run_manage("shell", "-c", code, env=LOCAL).stdout.split()[-1] == "0"
    behind = run_manage("shell", "-c", code, env={**LOCAL, "NUM_PROXIES": "2"})
    assert behind.stdout.split()[-1] == "2", behind.stderr


def test_without_a_broker_tasks_run_eagerly_and_with_one_they_do_not():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    eager = run_manage("shell", "-c", code, env=LOCAL)
    assert eager.stdout.strip().endswith("True"), eager.stderr
    queued = run_manage(
        "shell",
        "-c",
        code,
        env={**LOCAL, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"},
    )
    assert queued.stdout.strip().endswith("False"), queued.stderr


def database_options(**env: str) -> dict:
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = run_manage(
        "shell",
        "-c",
        code,
        env={**LOCAL, "DATABASE_URL": "postgres://tracker@db.example:5432/tracker", **env},
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_are_pooled_with_prepared_statements_by_default():
    options = database_options()
    assert options["pool"] == {"min_size": 1, "max_size": 4}
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    assert options["options"] == "-c plan_cache_mode=force_custom_plan"


def test_the_pool_and_prepared_statements_can_be_turned_off_for_an_external_pooler():
    options = database_options(DATABASE_POOL="false", DATABASE_PREPARED_STATEMENTS="false")
    assert "pool" not in options and "prepare_threshold" not in options
    assert "options" not in options
