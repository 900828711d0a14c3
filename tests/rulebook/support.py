"""Helpers for the rulebook tests: the base world most targets hang from, clients per persona,
and a snapshot of every content row to prove that a refused write changed nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Source, TestimonyCandidate, quote_key
from cases.models import Case, Party
from core.publishing import PublicationState
from tests.factories import CaseFactory, CaseRoleFactory, CourtFactory, PartyFactory, SourceFactory

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED
PERSONAS = ["anonymous", "stranger", "curator", "editor"]


@dataclass
class Base:
    """What most targets hang from: a published case in a court, a draft case, a published
    and a draft source, and a witness with a role in the published case (so a public party)."""

    court: Any
    case: Case
    draft_case: Case
    source: Source
    draft_source: Source
    witness: Party


def make_base() -> Base:
    court = CourtFactory()
    case = CaseFactory(court=court, short_title="Public v. Case")
    draft_case = CaseFactory(court=court, state=DRAFT, short_title="Draft v. Case")
    witness = PartyFactory(name="Public Witness")
    CaseRoleFactory(case=case, party=witness, role="plaintiff")
    return Base(
        court=court,
        case=case,
        draft_case=draft_case,
        source=SourceFactory(title="Published source"),
        draft_source=SourceFactory(title="Draft source", state=DRAFT),
        witness=witness,
    )


def token_client(user: User | None) -> APIClient:
    """An API client sending the user's token (none for anonymous)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def session_client(user: User | None) -> Client:
    """A browser session logged in as the user (none for anonymous)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- Proving that nothing changed ------------------------------------------------------------


def _snapshot_models():
    """Every table of the two content apps: models, their m2m tables and their history."""
    for label in ("cases", "articles"):
        yield from apps.get_app_config(label).get_models(include_auto_created=True)


def snapshot() -> dict[str, Any]:
    """Every row of every content table (with its history), as a digest of each table read in
    one query."""
    models = list(_snapshot_models())
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        f" FROM {quote(model._meta.db_table)} t"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.label_lower for model in models])
        return dict(cursor.fetchall())


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Small builders ----------------------------------------------------------------------------


def make_candidate(source: Source, speaker: Party, quote: str) -> TestimonyCandidate:
    return TestimonyCandidate.objects.create(
        source=source,
        speaker=speaker,
        quote=quote,
        quote_key=quote_key(quote),
        sentence=f"{speaker.name} said, “{quote}”",
        verb="said",
    )


def fresh_source(**kwargs) -> Source:
    """A source fetched once (so "Fetch again" visibly queues a new fetch)."""
    return SourceFactory(fetch_state=Source.FetchState.FETCHED, **kwargs)
