"""A Python client generated from our published schema (openapi-python-client) lists, reads,
fetches a timeline (JSON and TimelineJS) and searches against a running server: the typed
models parse our real answers, sparse ones included."""

from __future__ import annotations

import datetime as dt
import importlib
import pathlib
import subprocess
import sys

import pytest
import requests

from tests.factories import CaseFactory, EventFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db(transaction=True)

GENERATOR = pathlib.Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "ai_litigation_tracker_api_client"


@pytest.fixture
def api_client(live_server, tmp_path, monkeypatch):
    if not GENERATOR.exists():
        pytest.skip("openapi-python-client is not installed (the dev extra)")
    schema = tmp_path / "schema.json"
    schema.write_bytes(requests.get(f"{live_server.url}/api/v1/schema/?format=json").content)
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (tmp_path / PACKAGE).is_dir(), done.stdout + done.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith(PACKAGE)]:
        del sys.modules[name]
    package = importlib.import_module(PACKAGE)
    client = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    return client


def api(name: str):
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def models():
    return importlib.import_module(f"{PACKAGE}.models")


def test_a_generated_client_lists_reads_fetches_a_timeline_and_searches(api_client):
    case = CaseFactory(slug="musk-v-openai", short_title="Musk v. OpenAI")
    source = SourceFactory(title="Distillation at trial")
    source.cases.add(case)
    EventFactory(case=case, cite=source, title="Jury trial", date=dt.date(2026, 4, 27))
    TestimonyFactory(case=case, cite=source, excerpt="Partly distilled.")

    cases = api("cases.cases_list").sync(client=api_client)
    assert isinstance(cases, models().PaginatedCaseList)
    assert [c.slug for c in cases.results] == ["musk-v-openai"]

    sparse = api("cases.cases_list").sync(client=api_client, fields="slug")
    assert sparse.results[0].slug == "musk-v-openai"

    one = api("cases.cases_retrieve").sync("musk-v-openai", client=api_client)
    assert isinstance(one, models().Case) and one.short_title == "Musk v. OpenAI"

    events = api("events.events_list").sync(client=api_client, case="musk-v-openai")
    assert [e.title for e in events.results] == ["Jury trial"]

    timeline = api("cases.cases_timeline_retrieve")
    page = timeline.sync("musk-v-openai", client=api_client)
    assert isinstance(page, models().TimelineResponse)
    assert {entry.kind for entry in page.results} >= {"event", "testimony"}
    document = timeline.sync(
        "musk-v-openai",
        client=api_client,
        format_=models().CasesTimelineRetrieveFormat("timelinejs"),
    )
    assert isinstance(document, models().TimelineJSDocument)
    assert len(document.events) == len(page.results)

    hits = api("search.search_retrieve").sync(client=api_client, q="distillation")
    assert isinstance(hits, models().SearchResponse)
    assert hits.results
