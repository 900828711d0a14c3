"""A real SMTP server on loopback (aiosmtpd) that the site's mail goes to, and a case to follow."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.factories import CaseFactory

SITE_URL = "https://tracker.example"


@dataclass
class Mailbox:
    """What the test SMTP server received, as parsed messages."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        self.messages.clear()


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message: EmailMessage, path_prefix: str) -> str:
    """The path of the first link to SITE_URL + path_prefix in the plain-text body."""
    found = re.search(
        re.escape(SITE_URL) + r"(" + re.escape(path_prefix) + r"\S+)", text_of(message)
    )
    assert found, f"no {path_prefix} link in:\n{text_of(message)}"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """Every message the site sends during the test, received over SMTP on 127.0.0.1."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE_URL
    settings.ALERTS_SETTLE_SECONDS = 0
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def musk_case(db):
    return CaseFactory(short_title="Musk v. OpenAI", slug="musk-v-openai")
