"""The docket sync: read a case's CourtListener docket, then write what it says in one
transaction, through cases.services (so the rulebook decides what the sync may change).

Everything is fetched before anything is written: a failure half way (network, throttling that
does not end, a refused token, a refusal by the rules) leaves the case as it was, with the reason
on its sync state. The sync writes as a curator of its own (SYNC_USERNAME): new docket entries
become draft events citing draft court-document sources, for an editor to review. When an editor
has opted the case in (DocketSync.publish_directly), it writes and publishes as that editor, as
long as the rulebook still lets them publish events.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.ingestion.services.submission import find_known
from articles.models import Source
from articles.urlnorm import InvalidURL, normalize_url
from cases import rulebook, services
from cases.groups import CURATORS, ensure_groups
from cases.models import Case, Event, EventCitation
from cases.rulebook import Action
from core.publishing import PublicationState

from . import client
from .client import AccessDenied, CourtListenerError
from .models import DocketEntryLink, DocketSync, RecapDocumentLink

logger = logging.getLogger(__name__)

SYNC_USERNAME = "courtlistener-sync"
SITE = "https://www.courtlistener.com"
STORAGE = "https://storage.courtlistener.com/"
# The docket's fields kept on the sync state and shown beside ours (CourtListener's names).
DOCKET_FIELDS = (
    "id",
    "court_id",
    "docket_number",
    "case_name",
    "case_name_full",
    "assigned_to_str",
    "referred_to_str",
    "date_filed",
    "date_terminated",
    "cause",
    "nature_of_suit",
    "jury_demand",
    "absolute_url",
)
TITLE_LENGTH = 300


@dataclass
class Fetched:
    """A docket as read from CourtListener, before anything is written."""

    docket: dict
    entries: list[dict]
    parties: list[dict]
    notes: list[str] = field(default_factory=list)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        done = (
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged docket "
            f"entries; {self.published} published."
        )
        return " ".join([done, *self.notes])


def sync_user() -> AbstractBaseUser:
    """The curator the sync writes drafts as: no password, no admin login, Curators' rights."""
    user, created = get_user_model().objects.get_or_create(
        username=SYNC_USERNAME, defaults={"is_active": True, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(ensure_groups()[CURATORS])
    return get_user_model().objects.get(pk=user.pk)  # fresh permission caches


# --- Reading -----------------------------------------------------------------------------------


def _people(parties: list[dict], attorneys: list[dict]) -> list[dict]:
    """Parties with their types, and attorneys, by CourtListener's names."""
    rows = [
        {
            "kind": "party",
            "id": party.get("id"),
            "name": party.get("name", ""),
            "types": sorted(
                {t.get("name", "") for t in party.get("party_types") or [] if t.get("name")}
            ),
        }
        for party in parties
    ]
    rows += [
        {"kind": "attorney", "id": attorney.get("id"), "name": attorney.get("name", "")}
        for attorney in attorneys
    ]
    return rows


def fetch_docket(docket_id: int) -> Fetched:
    """Read the docket, every docket entry (all pages) and, where the token may, its parties
    and attorneys. Raises CourtListenerError (AccessDenied for 401/403)."""
    docket = client.docket(docket_id)
    entries = client.docket_entries(docket_id)
    notes: list[str] = []
    try:
        people = _people(client.parties(docket_id), client.attorneys(docket_id))
    except AccessDenied:
        people = []
        notes.append("Parties and attorneys were not read: the token may not read them.")
    return Fetched(docket=docket, entries=entries, parties=people, notes=notes)


# --- Writing -----------------------------------------------------------------------------------


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _title(text: str, number) -> str:
    line = " ".join(text.split())
    if not line:
        return f"Docket entry {number}" if number is not None else "Docket entry"
    if len(line) <= TITLE_LENGTH:
        return line
    return line[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _main_document(entry: dict) -> dict | None:
    """The entry's main RECAP document (no attachment number), else its first."""
    documents = entry.get("recap_documents") or []
    for document in documents:
        if not document.get("attachment_number"):
            return document
    return documents[0] if documents else None


def _document_url(document: dict, docket_page: str) -> str:
    """The PDF when CourtListener holds it, else the document's page, else the docket page."""
    path = document.get("filepath_local") or ""
    if document.get("is_available") and path:
        return path if path.startswith(("http://", "https://")) else STORAGE + path.lstrip("/")
    if document.get("absolute_url"):
        return SITE + document["absolute_url"]
    return docket_page


class _Writer:
    """One sync's writes, all inside the caller's transaction."""

    def __init__(self, case: Case, state: DocketSync, fetched: Fetched) -> None:
        self.case = case
        self.state = state
        self.fetched = fetched
        self.result = SyncResult(notes=list(fetched.notes))
        self.publisher = self._publisher()
        self.user = self.publisher or sync_user()
        docket = fetched.docket
        self.docket_page = (
            SITE + docket["absolute_url"] if docket.get("absolute_url") else case.courtlistener_url
        )
        self.to_publish: list[Event] = []

    def _publisher(self) -> AbstractBaseUser | None:
        editor = self.state.publish_opted_in_by
        if not self.state.publish_directly or editor is None:
            return None
        if not services.can_publish(editor, Event):
            self.result.notes.append(
                f"Direct publishing is on, but {editor} may no longer publish events: the "
                "entries stay drafts."
            )
            return None
        return editor

    def _allowed(self, obj) -> bool:
        return rulebook.allows(self.user, Action.CHANGE, obj)

    def fill_case(self) -> None:
        """The case's empty fields from the docket; never overwrites ours."""
        docket, case = self.fetched.docket, self.case
        changed = []
        if not case.docket_number and docket.get("docket_number"):
            case.docket_number = str(docket["docket_number"])[:100]
            changed.append("docket number")
        if not case.caption and docket.get("case_name"):
            case.caption = str(docket["case_name"])[:500]
            changed.append("caption")
        if case.filed_on is None and _date(docket.get("date_filed")):
            case.filed_on, case.filed_on_precision = _date(docket["date_filed"]), "day"
            changed.append("filed date")
        if case.closed_on is None and _date(docket.get("date_terminated")):
            case.closed_on, case.closed_on_precision = _date(docket["date_terminated"]), "day"
            changed.append("closed date")
        if not changed:
            return
        if not self._allowed(case):
            self.result.notes.append(
                f"The case is published, so its empty {', '.join(changed)} were not filled: "
                "an editor can copy them from CourtListener's docket below."
            )
            case.refresh_from_db()
            return
        services.save(user=self.user, obj=case, reason="Filled from CourtListener's docket")

    def source_for(self, entry: dict) -> Source:
        document = _main_document(entry)
        link = None
        if document and document.get("id") is not None:
            link = RecapDocumentLink.objects.filter(courtlistener_id=document["id"]).first()
        url = _document_url(document, self.docket_page) if document else self.docket_page
        try:
            url = normalize_url(url)
        except InvalidURL as exc:
            raise CourtListenerError(
                f"CourtListener gave a document URL we cannot use: {exc}"
            ) from exc
        if link is not None:
            source = link.source
            if source.url != url and self._allowed(source) and not find_known(url):
                source.url = url
                services.save(user=self.user, obj=source, reason="Its CourtListener link moved")
            return source
        source = find_known(url)
        if source is None:
            number = entry.get("entry_number")
            what = (document or {}).get("description") or entry.get("description") or ""
            label = f"ECF No. {number}" if number is not None else "Docket"
            source = Source(
                url=url,
                title=_title(f"{self.case.short_title}, {label}: {what}", None)[:500],
                kind=Source.Kind.COURT_DOCUMENT,
            )
            services.save(user=self.user, obj=source, reason="From CourtListener's docket")
        if document and document.get("id") is not None:
            RecapDocumentLink.objects.create(courtlistener_id=document["id"], source=source)
        return source

    def entry(self, entry: dict, link: DocketEntryLink | None) -> None:
        date = _date(entry.get("date_filed"))
        if date is None:
            self.result.notes.append(f"Entry {entry.get('id')} has no date filed: skipped.")
            return
        number = entry.get("entry_number")
        description = entry.get("description") or ""
        values = {
            "kind": Event.Kind.DOCKET_ENTRY,
            "date": date,
            "date_precision": "day",
            "title": _title(description, number),
            "description": description,
            "docket_entry_number": number if isinstance(number, int) and number >= 0 else None,
        }
        source = self.source_for(entry)
        if link is None:
            event = services.save(
                user=self.user,
                obj=Event(case=self.case, **values),
                reason="From CourtListener's docket",
            )
            DocketEntryLink.objects.create(
                courtlistener_id=entry["id"], case=self.case, event=event
            )
            self.result.created += 1
        else:
            event = link.event
            changed = {k: v for k, v in values.items() if getattr(event, k) != v}
            if changed and not self._allowed(event):
                self.result.notes.append(
                    f"“{event}” changed on CourtListener but is published: an editor's sync "
                    "(or direct publishing) updates it."
                )
            elif changed:
                for name, value in changed.items():
                    setattr(event, name, value)
                services.save(user=self.user, obj=event, reason="Changed on CourtListener")
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        if not EventCitation.objects.filter(event=event, source=source).exists():
            pinpoint = f"ECF No. {number}" if number is not None else ""
            services.save(
                user=self.user, obj=EventCitation(event=event, source=source, pinpoint=pinpoint)
            )
        if self.publisher is not None and event.state != PublicationState.PUBLISHED:
            self.to_publish.append(event)

    def publish(self) -> None:
        """Opted in: publish the new drafts with their sources (sources first)."""
        if not self.to_publish:
            return
        if not self.case.is_published:
            self.result.notes.append(
                "The case is a draft: its entries stay drafts until it is published."
            )
            return
        for event in self.to_publish:
            try:
                services.publish(obj=event, user=self.publisher, with_sources=True)
            except ValidationError as exc:
                self.result.notes.append(f"“{event}” was not published: {' '.join(exc.messages)}")
            else:
                self.result.published += 1

    def run(self) -> SyncResult:
        self.fill_case()
        ids = [entry["id"] for entry in self.fetched.entries if entry.get("id") is not None]
        links = {
            link.courtlistener_id: link
            for link in DocketEntryLink.objects.filter(courtlistener_id__in=ids).select_related(
                "event"
            )
        }
        for entry in self.fetched.entries:
            if entry.get("id") is None:
                continue
            link = links.get(entry["id"])
            if link is not None and link.case_id != self.case.pk:
                raise CourtListenerError(
                    f"CourtListener entry {entry['id']} already belongs to another case "
                    f"(“{link.event.case}”): two cases are linked to the same docket."
                )
            self.entry(entry, link)
        self.publish()
        return self.result


def _record_failure(state: DocketSync, message: str) -> None:
    DocketSync.objects.filter(pk=state.pk).update(
        last_error=message, last_attempt_at=timezone.now()
    )


def sync_case(case_id: int) -> SyncResult:
    """Sync one case with its CourtListener docket: all of it, or (on any failure) nothing but
    the reason, stored on the case's sync state. Raises CourtListenerError."""
    case = Case.objects.get(pk=case_id)
    state, _ = DocketSync.objects.get_or_create(case=case)
    if not case.courtlistener_docket_id:
        message = "The case is not linked to a CourtListener docket: set its docket id or URL."
        _record_failure(state, message)
        raise CourtListenerError(message)
    try:
        fetched = fetch_docket(case.courtlistener_docket_id)
    except CourtListenerError as exc:
        _record_failure(state, str(exc))
        raise
    try:
        with transaction.atomic():
            state = (
                DocketSync.objects.select_for_update(of=("self",))
                .select_related("publish_opted_in_by")
                .get(pk=state.pk)
            )
            result = _Writer(case, state, fetched).run()
            state.docket = {name: fetched.docket.get(name) for name in DOCKET_FIELDS}
            state.parties = fetched.parties
            state.last_synced_at = state.last_attempt_at = timezone.now()
            state.last_error = ""
            state.last_report = str(result)
            state.save()
    except (ValidationError, PermissionDenied, IntegrityError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        message = f"Nothing was written: {text}"
        _record_failure(state, message)
        raise CourtListenerError(message) from exc
    except CourtListenerError as exc:
        _record_failure(state, f"Nothing was written: {exc}")
        raise
    return result


def set_direct_publishing(*, state: DocketSync, enabled: bool, user: AbstractBaseUser) -> None:
    """Switch direct publishing of the case's docket entries; only for who may publish events."""
    if not services.can_publish(user, Event):
        raise PermissionDenied(
            "Only an editor who may publish events can let the sync publish docket entries."
        )
    state.publish_directly = enabled
    state.publish_opted_in_by = user if enabled else None
    state.save(update_fields=["publish_directly", "publish_opted_in_by"])


def linked_cases() -> list[int]:
    """The cases linked to a CourtListener docket, by primary key."""
    return list(
        Case.objects.exclude(courtlistener_docket_id=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
