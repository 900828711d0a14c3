"""A real HTTP receiver on 127.0.0.1 that checks each delivery's signature, and the data of
the webhook tests: Musk v. OpenAI with a draft event an editor is about to publish."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TopicFactory,
)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        """What a receiver does: HMAC-SHA256 over '<timestamp>.<body>', in constant time."""
        message = self.headers["X-Tracker-Timestamp"].encode() + b"." + self.body
        expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.headers["X-Tracker-Signature"])


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer, in order; then 200


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received(dict(self.headers), body))
            code = state.answers.pop(0) if state.answers else 200
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/tracker"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_BACKOFF = 0.0
    settings.WEBHOOK_MAX_RETRIES = 3
    settings.WEBHOOK_DISABLE_AFTER = 2


@dataclass
class Musk:
    case: object
    other_case: object
    musk: object
    topic: object
    source: object
    draft_event: object


@pytest.fixture
def musk(db) -> Musk:
    case = CaseFactory(slug="musk-v-openai", short_title="Musk v. OpenAI")
    other_case = CaseFactory(slug="nyt-v-microsoft", short_title="NYT v. Microsoft")
    musk = PartyFactory(slug="elon-musk", name="Elon Musk")
    CaseRoleFactory(case=case, party=musk, role="plaintiff")
    topic = TopicFactory(slug="distillation", name="Model distillation")
    source = SourceFactory(url="https://nytimes.com/musk-trial", title="Trial")
    event = EventFactory(
        case=case, cite=source, state=PublicationState.DRAFT, title="Musk takes the stand"
    )
    event.topics.add(topic)
    return Musk(case, other_case, musk, topic, source, event)
