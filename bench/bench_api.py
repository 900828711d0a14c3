"""`make bench` (bench_api): the events list, 100 items, three ways, in one run.

  ours      GET /api/v1/events/?page_size=100 through our EventViewSet (values() rows rendered
            in one pass, orjson)
  raw       the same rows and related rows read with a raw database query and serialized with
            orjson: the floor, printed for reference (no target: ours reads through the ORM)
  textbook  a default ModelViewSet + ModelSerializer(fields="__all__") on the same models and
            page size (target: ours ≥ 3× faster)

Both viewsets are called as views (RequestFactory), so the comparison is about the reading
code, not middleware; a full-stack figure through the test client is printed too. The raw
baseline reads with psycopg on a connection of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from rest_framework import pagination, serializers, viewsets

from api.serializers.entries import EVENT_FIELDS
from api.serializers.rows import ReadContext, RowReader
from api.views.cases import EventViewSet
from articles.models import Source
from cases.models import Case, Court, Event, EventCitation, Topic
from core.dates import Precision, format_partial_date, iso_partial_date
from core.publishing import PublicationState
from demo import builders

EVENTS = 3_000
PAGE = 100
REPEAT = 40
TEXTBOOK_TARGET = 3.0  # ours at least this many times faster than the textbook viewset
PUBLISHED = PublicationState.PUBLISHED


def seed() -> None:
    """Published cases with events, each citing two sources and tagged with a topic."""
    if Event.objects.filter(title__startswith="Bench event").count() < EVENTS:
        _create()
    with connection.cursor() as cursor:  # fresh planner statistics after bulk inserts
        cursor.execute("ANALYZE")


def _create() -> None:
    """The rows, made by demo.builders like every other seeder (published rows record when)."""
    with transaction.atomic():  # PostgreSQL checks "published cites a source" at commit
        court = Court.objects.filter(slug="bench-court").first()
        if court is None:
            court = builders.court(name="Bench", slug="bench-court")
            court.save()
        outlet = builders.outlet_for_url("https://bench.example/", name="B")
        topics = [
            Topic.objects.filter(slug=f"bench-topic-{n}").first()
            or Topic.objects.create(name=f"BT {n}", slug=f"bench-topic-{n}")
            for n in range(5)
        ]
        cases = [
            Case.objects.filter(slug=f"bench-api-{n}").first()
            or Case.objects.bulk_create(
                [builders.case(short_title=f"Bench {n}", slug=f"bench-api-{n}", court=court)]
            )[0]
            for n in range(20)
        ]
        sources = Source.objects.bulk_create(
            builders.source(url=f"https://bench.example/{n}", title=f"S {n}", outlet=outlet)
            for n in range(200)
        )
        start = dt.date(2020, 1, 1)
        events = Event.objects.bulk_create(
            builders.event(
                case=cases[n % len(cases)],
                date=start + dt.timedelta(days=n // 3),
                date_precision=Precision.DAY,
                kind=Event.Kind.HEARING,
                title=f"Bench event {n}",
                description="A hearing. " * 20,
            )
            for n in range(EVENTS)
        )
        EventCitation.objects.bulk_create(
            builders.citation(event, sources[(n + k) % len(sources)], pinpoint=f"p. {k}")
            for n, event in enumerate(events)
            for k in range(2)
        )
        Event.topics.through.objects.bulk_create(
            Event.topics.through(event_id=event.pk, topic_id=topics[n % 5].pk)
            for n, event in enumerate(events)
        )


# --- (b) the textbook way --------------------------------------------------------------------


class TextbookEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = "__all__"


class TextbookPagination(pagination.PageNumberPagination):
    page_size = PAGE


class TextbookEventViewSet(viewsets.ModelViewSet):
    queryset = Event.objects.filter(state=PUBLISHED, case__state=PUBLISHED)
    serializer_class = TextbookEventSerializer
    pagination_class = TextbookPagination


# --- (a) the raw floor -----------------------------------------------------------------------

EVENTS_SQL = """
SELECT e.id, e.date, e.date_precision, e.end_date, e.kind, e.title, e.description,
       e.importance, e.docket_entry_number, e.state, e.made_public_at, e.updated_at, c.slug
FROM cases_event e JOIN cases_case c ON c.id = e.case_id
WHERE e.state = 'published' AND c.state = 'published'
ORDER BY e.date, e.date_precision DESC, e.id
LIMIT {limit}
"""
CITATIONS_SQL = """
SELECT ec.event_id, ec.source_id, ec.pinpoint
FROM cases_eventcitation ec JOIN articles_source s ON s.id = ec.source_id
WHERE ec.event_id IN ({ids}) AND s.state = 'published' ORDER BY ec.id
"""
TOPICS_SQL = """
SELECT et.event_id, t.slug FROM cases_event_topics et JOIN cases_topic t ON t.id = et.topic_id
WHERE et.event_id IN ({ids}) ORDER BY t.name
"""


def raw_connection():
    import psycopg

    url = os.environ["DATABASE_URL"]  # set by bench/run.py
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1))


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _iso(value):
    return None if value is None else value.isoformat() if hasattr(value, "isoformat") else value


def raw_page(conn) -> bytes:
    cur = conn.cursor()
    cur.execute(EVENTS_SQL.format(limit=PAGE))
    rows = cur.fetchall()
    ids = ",".join(str(row[0]) for row in rows)
    cur.execute(CITATIONS_SQL.format(ids=ids))
    citations: dict[int, list] = {}
    for event_id, source_id, pinpoint in cur.fetchall():
        citations.setdefault(event_id, []).append({"source": source_id, "pinpoint": pinpoint})
    cur.execute(TOPICS_SQL.format(ids=ids))
    topics: dict[int, list] = {}
    for event_id, slug in cur.fetchall():
        topics.setdefault(event_id, []).append(slug)
    base = "http://testserver"
    results = []
    for r in rows:
        day = _date(r[1])
        results.append(
            {
                "id": r[0],
                "api_url": f"{base}/api/v1/events/{r[0]}/",
                "web_url": f"{base}/events/{r[0]}/",
                "case": r[12],
                "date": iso_partial_date(day, r[2]),
                "date_precision": r[2],
                "date_display": format_partial_date(day, r[2]),
                "end_date": _iso(r[3]),
                "kind": r[4],
                "title": r[5],
                "description": r[6],
                "importance": r[7],
                "docket_entry_number": r[8],
                "topics": topics.get(r[0], []),
                "citations": citations.get(r[0], []),
                "state": r[9],
                "made_public_at": _iso(r[10]),
                "updated_at": _iso(r[11]),
            }
        )
    return orjson.dumps({"next": None, "previous": None, "results": results})


# --- measuring -------------------------------------------------------------------------------


def timed(repeat: int = REPEAT, **funcs) -> dict[str, float]:
    """Median milliseconds per call of each function, measured interleaved (one call of each
    in turn, after warm-up) so background load on the machine hits them all alike."""
    for func in funcs.values():
        func()
        func()
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            started = time.perf_counter()
            func()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def data_path():
    """Our reading code without the request machinery: the same queryset, columns, batch
    loads and row rendering the view runs, then orjson: the part comparable to the raw
    baseline's "query + serialize"."""
    reader = RowReader(EVENT_FIELDS, list(EVENT_FIELDS), ["id", "date"])
    request = RequestFactory().get("/api/v1/events/")
    queryset = (
        Event.objects.filter(state=PUBLISHED, case__state=PUBLISHED)
        .order_by("date", "-date_precision", "id")
        .values(*reader.columns)
    )

    def run() -> bytes:
        ctx = ReadContext(request=request, see_drafts=lambda model: False)
        rows = list(queryset[:PAGE])
        return orjson.dumps({"next": None, "previous": None, "results": reader.render(rows, ctx)})

    return run


def call_view(view, url: str):
    def run():
        response = view(RequestFactory().get(url, HTTP_ACCEPT="application/json"))
        response.render()
        assert response.status_code == 200, response.content[:300]
        return response

    return run


def main() -> None:
    seed()
    no_throttle = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    with override_settings(REST_FRAMEWORK=no_throttle):
        ours_view = EventViewSet.as_view({"get": "list"})
        textbook_view = TextbookEventViewSet.as_view({"get": "list"})
        textbook_view.cls.throttle_classes = []
        ours = call_view(ours_view, f"/api/v1/events/?page_size={PAGE}")
        textbook = call_view(textbook_view, "/textbook/events/")
        assert len(orjson.loads(ours().content)["results"]) == PAGE
        assert len(orjson.loads(textbook().content)["results"]) == PAGE

        conn = raw_connection()
        raw_bytes = raw_page(conn)
        ours_bytes = ours().content
        same = (
            orjson.loads(raw_bytes)["results"][0].keys()
            == orjson.loads(ours_bytes)["results"][0].keys()
        )

        unprepared = raw_connection()
        # psycopg prepares a statement after its fifth run on a connection (the settings' default
        # too); without it every run is parsed again. Measure the floor both ways.
        unprepared.prepare_threshold = None
        connection.settings_dict["CONN_MAX_AGE"] = 600  # keep one connection, like a server
        client = Client()
        figures = timed(
            raw=lambda: raw_page(conn),
            raw_unprepared=lambda: raw_page(unprepared),
            ours=ours,
            data_path=data_path(),
            full=lambda: client.get(f"/api/v1/events/?page_size={PAGE}"),
        )
        t_raw, t_raw_unprepared = figures["raw"], figures["raw_unprepared"]
        t_ours, t_full, t_data = figures["ours"], figures["full"], figures["data_path"]
        t_textbook = timed(repeat=5, textbook=textbook)["textbook"]
        unprepared.close()
        conn.close()

    print(f"events list, {PAGE} items ({Event.objects.count()} events stored)")
    print(f"  raw psycopg + orjson, prepared:   {t_raw:7.2f} ms")
    print(f"  raw, unprepared (as Django runs): {t_raw_unprepared:7.2f} ms")
    print(
        f"  ours (EventViewSet, view):        {t_ours:7.2f} ms  = {t_ours / t_raw:.2f}× raw "
        f"prepared, {t_ours / t_raw_unprepared:.2f}× unprepared"
    )
    print(
        f"  ours, rows to bytes only:         {t_data:7.2f} ms  = {t_data / t_raw:.2f}× raw "
        f"prepared, {t_data / t_raw_unprepared:.2f}× unprepared (ORM + batch loads + render)"
    )
    speedup = t_textbook / t_ours
    verdict = "target met" if speedup >= TEXTBOOK_TARGET else "TARGET MISSED"
    print(
        f"  textbook ModelViewSet (view):     {t_textbook:7.2f} ms  → ours is "
        f"{speedup:.1f}× faster (target ≥ {TEXTBOOK_TARGET:g}×: {verdict})"
    )
    print(
        f"  ours through the full stack:      {t_full:7.2f} ms  = {t_full / t_raw_unprepared:.2f}× "
        "raw unprepared (middleware, auth, throttle, routing)"
    )
    print(f"  raw and ours render the same fields: {same}")
