"""Mail goes to the console unless the environment names an SMTP server (EMAIL_URL, or
EMAIL_HOST and its companions), as README's configuration table says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, "
    "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_HOST_USER]))"
)
EMAIL_VARIABLES = {"EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL"}


def email_settings(**environment: str) -> list:
    env = {k: v for k, v in os.environ.items() if k not in EMAIL_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", **environment)
    done = subprocess.run(
        [sys.executable, "-c", PRINT], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, ["console", "localhost", 25, False, False, ""]),
        (
            {"EMAIL_URL": "smtp+tls://alerts:secret@mail.example.org:587"},
            ["smtp", "mail.example.org", 587, True, False, "alerts"],
        ),
        (
            {"EMAIL_URL": "smtp+ssl://alerts:secret@mail.example.org:465"},
            ["smtp", "mail.example.org", 465, False, True, "alerts"],
        ),
        (
            {"EMAIL_HOST": "mx.example.org", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true"},
            ["smtp", "mx.example.org", 2525, True, False, ""],
        ),
    ],
)
def test_mail_goes_where_the_environment_says(environment, expected):
    assert email_settings(**environment) == expected
