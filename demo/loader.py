"""Load the demo dataset (demo/data/cases.json) into the database, idempotently.

Every row is found by a natural key (slugs, normalized URLs, (case, date, title) for events,
(case, witness, date, excerpt) for testimony) and written only when something differs, so a
second run saves nothing and adds no django-simple-history rows.

What a second run restores and what it keeps:
- Fields the dataset knows are restored to the dataset's value.
- Fields the dataset leaves empty (unknown) are filled only on creation, so what a curator or the
  ingestion task added later (a title, a docket number, extracted text) is kept.
- Publication state is set only on creation: an editor who publishes a draft after adding its
  missing source, or unpublishes an entry, keeps that decision.
- Topics, citations and a source's cases are only added, never removed.

Publication follows the research file's rules: an event or testimony is published only when it
cites at least one source, is not marked uncertain ([U]) and its case is published; a source is
published when a published entry cites it (or the dataset says so), otherwise it stays a draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from articles.models import Outlet, Source
from articles.urlnorm import normalize_url, url_host
from cases.models import (
    ApplicationArea,
    Case,
    CaseRole,
    CauseOfAction,
    Court,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from cases.models.search import refresh_search_extra
from core.dates import parse_partial_date
from core.pagecache import public_data_changed

from . import builders
from .checks import dataset_problems
from .dataset import DATA_FILES, Dataset, read_dataset
from .report import CaseReport, LoadReport, Tally
from .rules import (
    all_urls,
    draft_reason,
    fact_is_publishable,
    published_at,
    published_source_urls,
)

BASE = DATA_FILES[0].parents[2]


class DemoDataError(Exception):
    """The dataset contradicts itself or the model's rules; nothing was written."""


# --- Loading -----------------------------------------------------------------------------------


def _known(value: Any) -> bool:
    return value is not None and value != ""


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


class DemoLoader:
    """One run of the loader: keeps the rows it made or found, keyed by natural key."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.now = timezone.now()
        self.tally = Tally()
        self.topics: dict[str, Topic] = {}
        self.courts: dict[str, Court] = {}
        self.parties: dict[str, Party] = {}
        self.cases: dict[str, Case] = {}
        self.sources: dict[str, Source] = {}  # by the URL as written in the dataset
        self.facets: dict[str, dict[str, models.Model]] = {"causes": {}, "areas": {}}

    # Writing one row ---------------------------------------------------------------------------

    def sync(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        *,
        on_create: dict[str, Any] | None = None,
        reason: str = "Loaded from the demo dataset",
    ) -> models.Model:
        """Create the row for `lookup`, or bring its known fields up to date; save only when
        something differs (each save is a history row)."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            # Unknown (None) values are left out so the model's defaults apply.
            known = {name: value for name, value in values.items() if value is not None}
            obj = model(**lookup, **known, **(on_create or {}))
            self._save(obj, reason)
            self.tally.created += 1
            return obj
        changed = [
            name for name, value in values.items() if _known(value) and _differs(obj, name, value)
        ]
        if not changed:
            self.tally.unchanged += 1
            return obj
        for name in changed:
            setattr(obj, name, values[name])
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            changed.append("updated_at")
        self._save(obj, "Updated from the demo dataset", update_fields=changed)
        self.tally.updated += 1
        return obj

    def _save(self, obj: models.Model, reason: str, update_fields: list[str] | None = None) -> None:
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise DemoDataError(
                f"{obj._meta.verbose_name} “{obj}” breaks a rule of the model: "
                f"{'; '.join(exc.messages)}"
            ) from exc
        obj._change_reason = reason
        obj.save(update_fields=update_fields)

    def add_missing(self, manager, objects: Iterable[models.Model]) -> None:
        """Add M2M links the dataset lists; links added by curators stay."""
        wanted = {obj.pk: obj for obj in objects}
        if not wanted:
            return
        present = set(manager.filter(pk__in=list(wanted)).values_list("pk", flat=True))
        missing = [obj for pk, obj in wanted.items() if pk not in present]
        if missing:
            manager.add(*missing)

    def publication(self, publish: bool) -> dict[str, Any]:
        return builders.publication(publish, at=self.now)

    def publishable(self, case: Case, fact: dict[str, Any]) -> bool:
        """A fact is published when its case is, the research rule allows it, and it cites a
        published source."""
        sources = [self.sources[url] for url in fact.get("sources", [])]
        return case.is_published and fact_is_publishable(fact) and builders.publishes_with(sources)

    # Shared rows -------------------------------------------------------------------------------

    def load_shared(self) -> None:
        data = self.data
        for topic in data.topics:
            self.topics[topic["slug"]] = self.sync(
                Topic,
                {"slug": topic["slug"]},
                {"name": topic["name"], "description": topic.get("description", "")},
            )
        for court in data.courts:
            self.courts[court["slug"]] = self.sync(
                Court,
                {"slug": court["slug"]},
                {key: court.get(key, "") for key in ("name", "short_name", "jurisdiction")}
                | {"courtlistener_id": court.get("courtlistener_id", "")},
            )
        for party in data.parties:
            self.parties[party["slug"]] = self.sync(
                Party,
                {"slug": party["slug"]},
                {
                    "name": party["name"],
                    "kind": party["kind"],
                    "aliases": "\n".join(party.get("aliases", [])),
                    "description": party.get("description", ""),
                },
            )
        for label, model, rows in (
            ("causes", CauseOfAction, data.causes_of_action),
            ("areas", ApplicationArea, data.application_areas),
        ):
            for row in rows:
                self.facets[label][row["slug"]] = self.sync(
                    model, {"slug": row["slug"]}, {"name": row["name"]}
                )
        published_urls = published_source_urls(data)
        outlets: dict[str, Outlet] = {}
        for url in all_urls(data):
            normalized = normalize_url(url)
            host = url_host(normalized)
            if host not in outlets:
                outlets[host] = self.sync(Outlet, {"domain": host}, {"name": data.outlets[host]})
            details = data.source_details.get(url, {})
            kind = (
                Source.Kind.COURT_DOCUMENT
                if host in data.court_document_hosts
                else Source.Kind.NEWS_ARTICLE
            )
            self.sources[url] = self.sync(
                Source,
                {"url": normalized},
                {
                    "outlet": outlets[host],
                    "kind": kind,
                    "title": details.get("title", ""),
                    "authors": details.get("authors", ""),
                    "published_at": published_at(details.get("published_at")),
                    "summary": details.get("summary", ""),
                },
                on_create=self.publication(url in published_urls),
            )

    # One case ----------------------------------------------------------------------------------

    def load_case(self, data: dict[str, Any]) -> CaseReport:
        before = Tally(**vars(self.tally))
        filed_on, filed_precision = self._date(data.get("filed_on"))
        closed_on, closed_precision = self._date(data.get("closed_on"))
        parent = data.get("consolidated_into")
        case = self.sync(
            Case,
            {"slug": data["slug"]},
            {
                "short_title": data["short_title"],
                "caption": data.get("caption", ""),
                "court": self.courts[data["court"]],
                "docket_number": data.get("docket_number", ""),
                "filed_on": filed_on,
                "filed_on_precision": filed_precision,
                "closed_on": closed_on,
                "closed_on_precision": closed_precision,
                "status": data["status"],
                "summary": data.get("summary", ""),
                "consolidated_into": self.cases[parent] if parent else None,
                # Facets: unknown ones stay empty; False is a value the dataset knows.
                "ai_systems": data.get("ai_systems", ""),
                "jurisdiction_type": data.get("jurisdiction_type", ""),
                "is_class_action": data.get("is_class_action", False),
                "has_published_opinion": data.get("has_published_opinion", False),
            },
            on_create=self.publication(True),
        )
        self.cases[data["slug"]] = case
        self.add_missing(case.topics, [self.topics[s] for s in data.get("topics", [])])
        causes, areas = self.facets["causes"], self.facets["areas"]
        self.add_missing(
            case.causes_of_action, [causes[s] for s in data.get("causes_of_action", [])]
        )
        self.add_missing(
            case.application_areas, [areas[s] for s in data.get("application_areas", [])]
        )
        case_urls: set[str] = set(data.get("sources", []))

        for role in data.get("roles", []):
            represents = role.get("represents")
            self.sync(
                CaseRole,
                {"case": case, "party": self.parties[role["party"]], "role": role["role"]},
                {
                    "represents": self.parties[represents] if represents else None,
                    "note": role.get("note", ""),
                    "order": role.get("order", 0),
                },
            )

        for item in data.get("events", []):
            date, precision = self._date(item["date"])
            publish = self.publishable(case, item)
            event = self.sync(
                Event,
                {"case": case, "date": date, "title": item["title"]},
                {
                    "date_precision": precision,
                    "kind": item["kind"],
                    "importance": item["importance"],
                    "description": item.get("description", ""),
                },
                on_create=self.publication(publish),
                reason="Loaded from the demo dataset" if publish else draft_reason(item),
            )
            for url in item.get("sources", []):
                self.sync(EventCitation, {"event": event, "source": self.sources[url]})
                case_urls.add(url)
            self.add_missing(event.topics, [self.topics[s] for s in item.get("topics", [])])

        for item in data.get("testimony", []):
            date, precision = self._date(item["date"])
            publish = self.publishable(case, item)
            counsel = item.get("examining_counsel")
            testimony = self.sync(
                Testimony,
                {
                    "case": case,
                    "witness": self.parties[item["witness"]],
                    "date": date,
                    "excerpt": item["excerpt"],
                },
                {
                    "date_precision": precision,
                    # A judge's words are the bench's (demo/checks.py holds the data to it).
                    "speaker": item.get("speaker", Testimony.Speaker.WITNESS),
                    "setting": item["setting"],
                    "examining_counsel": self.parties[counsel] if counsel else None,
                    "phase": item.get("phase", ""),
                    "is_verbatim": item.get("is_verbatim", True),
                    "context": item.get("context", ""),
                    "transcript_citation": item.get("transcript_citation", ""),
                },
                on_create=self.publication(publish),
                reason="Loaded from the demo dataset" if publish else draft_reason(item),
            )
            wording = item.get("wording", {})
            for url in item.get("sources", []):
                self.sync(
                    TestimonyCitation,
                    {"testimony": testimony, "source": self.sources[url]},
                    {"wording": wording.get(url, "")},
                )
                case_urls.add(url)
            self.add_missing(testimony.topics, [self.topics[s] for s in item.get("topics", [])])

        for url in case_urls:
            self.add_missing(self.sources[url].cases, [case])

        tally = Tally(
            self.tally.created - before.created,
            self.tally.updated - before.updated,
            self.tally.unchanged - before.unchanged,
        )
        return CaseReport(
            title=case.short_title,
            roles=case.roles.count(),
            events=case.events.count(),
            events_published=case.events.published().count(),
            testimony=case.testimony.count(),
            testimony_published=case.testimony.published().count(),
            sources=case.reporting_sources.count(),
            tally=tally,
        )

    @staticmethod
    def _date(value: str | None) -> tuple[dt.date | None, str | None]:
        """('2024-11') → (1 November 2024, 'month'); unknown → (None, None)."""
        if value is None:
            return None, None
        return parse_partial_date(value)


@transaction.atomic
def load_demo(
    data: Dataset | None = None, *, progress: Callable[[str], None] | None = None
) -> LoadReport:
    """Load (or bring up to date) the demo dataset in one transaction; return what was written.

    `data` defaults to the data file's. Raises DemoDataError, writing nothing, when the dataset
    is inconsistent."""
    data = data if data is not None else read_dataset()
    problems = dataset_problems(data)
    if problems:
        raise DemoDataError(
            "The demo dataset has problems; fix "
            f"{', '.join(str(path.relative_to(BASE)) for path in DATA_FILES)}:"
            "\n- " + "\n- ".join(problems)
        )
    progress = progress or (lambda line: None)
    loader = DemoLoader(data)
    report = LoadReport()
    loader.load_shared()
    report.shared = Tally(**vars(loader.tally))
    progress(
        f"Topics, courts, parties and sources: {len(loader.topics)} topics, "
        f"{len(loader.courts)} courts, {len(loader.parties)} parties, "
        f"{len(loader.sources)} sources — {report.shared}"
    )
    for case in data.cases:
        case_report = loader.load_case(case)
        report.cases.append(case_report)
        progress(str(case_report))
    # Written directly, not through cases.services: what search finds statements by is rebuilt.
    refresh_search_extra(Testimony.objects.filter(case__in=loader.cases.values()))
    # The loader writes rows directly, not through cases.services: it counts its own change of
    # public data, so a running site's page cache (core.pagecache) drops what it held.
    public_data_changed()
    return report
