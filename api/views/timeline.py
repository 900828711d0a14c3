"""GET /api/v1/cases/<slug>/timeline/: a case's merged, date-ordered timeline (issue 4).

The entries are exactly those of the case page: cases.timeline.build_timeline() over
case_scope(case) (an MDL's with its member cases), the read model the site uses, so this module
only validates parameters and renders entries — as JSON pages (oldest first, or newest first with
`?order=newest`), or as one TimelineJS 3 document (`?format=timelinejs`) holding every published
entry of the case (an embed loads one URL and cannot follow pages), with partial dates honoured
(a month-precision date has no day, a year-precision date no month). Pages on other origins may
load both (CORS: config.settings).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.http import ORJSONRenderer
from api.serializers.rows import iso_datetime
from api.timelinejs import TimelineJSDocumentSerializer, TimelineJSRenderer, timelinejs
from api.views.base import PublicApiView
from cases.models import Case
from cases.selectors import member_cases
from cases.timeline.builder import DEFAULT_PAGE_SIZE, build_timeline, day_after_period
from cases.timeline.entries import Cursor, Entry, EntryKind, InvalidCursor
from cases.timeline.scopes import TimelineScope, case_scope
from cases.timeline.streams import MAX_PAGE_SIZE
from core.dates import Precision, parse_partial_date

KINDS = (EntryKind.EVENT, EntryKind.TESTIMONY, EntryKind.SOURCE)
ORDERS = ("oldest", "newest")


# --- Schema ------------------------------------------------------------------------------------


class TimelineCitationSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The cited source (id).")
    title = serializers.CharField(help_text="The source's title.")
    url = serializers.CharField(help_text="The source's own address.")
    outlet = serializers.CharField(help_text="The outlet's name (or the URL's host).")
    pinpoint = serializers.CharField(help_text="Events: where in the source.")
    wording = serializers.CharField(help_text="Testimony: this source's wording, if different.")


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k, k) for k in KINDS], help_text="event, testimony or source."
    )
    id = serializers.IntegerField(help_text="The entry's id in its collection.")
    api_url = serializers.URLField(help_text="The entry in the API.")
    web_url = serializers.URLField(help_text="The entry's permalink on the public site.")
    date = serializers.CharField(
        help_text="ISO 8601 at the date's precision, e.g. '2024-11'. A source of unknown "
        "publication date (details.publication_date_known false) stands at the day it was "
        "first seen here."
    )
    date_precision = serializers.ChoiceField(
        choices=Precision.choices, help_text="How much of the date is known."
    )
    date_display = serializers.CharField(help_text="The date as readers see it.")
    title = serializers.CharField(help_text="The entry's title (a statement's witness).")
    text = serializers.CharField(help_text="The description, excerpt or summary.")
    case = serializers.CharField(allow_null=True, help_text="The case (slug).")
    citations = TimelineCitationSerializer(many=True, help_text="Published cited sources.")
    details = serializers.DictField(
        help_text="What only this kind has: an event's kind, importance, end date and docket "
        "entry; testimony's speaker ('witness', or 'bench' for a judge's remark or ruling), "
        "said_by (who said it), witness (null for the bench), setting, phase, verbatim flag "
        "and number of independent sources; a source's kind, URL, outlet, authors, publication "
        "time and "
        "publication_date_known: when false, the publication date is unknown (published_at is "
        "null) and the entry's date is the day the source was first seen here."
    )


class TimelineResponseSerializer(serializers.Serializer):
    """A page of the case's timeline (the default JSON format)."""

    case = serializers.CharField(help_text="The case (slug).")
    next = serializers.URLField(
        allow_null=True,
        help_text="The following page: later entries, or older ones with order=newest.",
    )
    previous = serializers.URLField(allow_null=True, help_text="The preceding page.")
    results = TimelineEntrySerializer(
        many=True, help_text="Entries, oldest first (newest first with order=newest)."
    )


TIMELINE_ANSWER = PolymorphicProxySerializer(
    component_name="CaseTimeline",
    serializers=[TimelineResponseSerializer, TimelineJSDocumentSerializer],
    resource_type_field_name=None,
)


# --- The view ----------------------------------------------------------------------------------


class CaseTimelineView(PublicApiView):
    """A case's events, testimony and sources merged in date order (the vaguer date first)."""

    renderer_classes = [ORJSONRenderer, TimelineJSRenderer]
    allowed_params = {"kind", "order", "after", "before", "from", "latest", "page_size", "format"}

    @extend_schema(
        summary="A case's timeline",
        parameters=[
            OpenApiParameter(
                "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The case's slug."
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=list(KINDS),
                many=True,
                explode=True,
                description="Only entries of this kind (repeat for several).",
            ),
            OpenApiParameter(
                "order",
                OpenApiTypes.STR,
                enum=list(ORDERS),
                description="oldest (default): oldest entries first, from the first page; "
                "newest: newest entries first, from the newest page, `next` leading to older "
                "entries.",
            ),
            OpenApiParameter(
                "after", OpenApiTypes.STR, description="The page after this position (`next`)."
            ),
            OpenApiParameter(
                "before",
                OpenApiTypes.STR,
                description="The page before this position (`previous`).",
            ),
            OpenApiParameter(
                "from",
                OpenApiTypes.STR,
                pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                description="Start at this date: YYYY, YYYY-MM or YYYY-MM-DD (newest first: "
                "at the end of that day, month or year, going back).",
            ),
            OpenApiParameter(
                "latest",
                OpenApiTypes.STR,
                enum=["1"],
                description="`1`: the newest page (newest first, the first page anyway).",
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Entries per page (default {DEFAULT_PAGE_SIZE}, at most "
                f"{MAX_PAGE_SIZE}).",
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "timelinejs"],
                description="json (default): a page of entries; timelinejs: one TimelineJS 3 "
                "document with every entry of the case (order, after, before, latest and "
                "page_size do not apply).",
            ),
        ],
        responses={
            200: TIMELINE_ANSWER,
            400: OpenApiResponse(description="A malformed parameter, named."),
            404: OpenApiResponse(description="No such case, or a draft."),
            429: OpenApiResponse(description="Throttled: retry after Retry-After seconds."),
        },
        auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
    )
    def get(self, request, slug: str):
        case = get_object_or_404(
            Case.objects.visible_to(request.user).select_related("court"), slug=slug
        )
        kinds, after, before, latest, page_size, newest = self.read_params(request)
        # An MDL or lead case rolls up its published member cases' entries, as its page does.
        scope = case_scope(case, members=member_cases(case))
        if getattr(request.accepted_renderer, "format", "") == "timelinejs":
            return self.whole_timeline(request, scope, case, kinds, after)
        page = build_timeline(
            scope,
            kinds=kinds or None,
            after=after,
            before=before,
            # Newest first, the pages are the same, read from the newest one back and reversed.
            latest=latest or (newest and after is None and before is None),
            page_size=page_size,
        )
        later = self.page_link(request, "after", page.next_cursor)
        earlier = self.page_link(request, "before", page.previous_cursor)
        entries = page.entries[::-1] if newest else page.entries
        data = {
            "case": case.slug,
            "next": earlier if newest else later,
            "previous": later if newest else earlier,
            "results": [self.entry(request, entry) for entry in entries],
        }
        return Response(data)

    def whole_timeline(
        self, request, scope: TimelineScope, case: Case, kinds: list[str], after: Cursor | None
    ):
        """Every entry (of `kinds`, from `after`) as one TimelineJS document: the pages of the
        timeline read one after the other, each in a fixed number of queries."""
        for name in ("order", "after", "before", "latest", "page_size"):
            if name in request.query_params:
                raise ValidationError(
                    {name: ["format=timelinejs holds every entry of the case: leave out " + name]}
                )
        entries: list[Entry] = []
        while True:
            page = build_timeline(scope, kinds=kinds or None, after=after, page_size=MAX_PAGE_SIZE)
            entries.extend(page.entries)
            if page.next_cursor is None:
                break
            after = page.next_cursor
        urls = [request.build_absolute_uri(entry.url) for entry in entries]
        return Response({"timelinejs": timelinejs(case, entries, urls)})

    @staticmethod
    def read_params(request):
        params = request.query_params
        kinds = [kind for kind in params.getlist("kind") if kind]
        unknown = [kind for kind in kinds if kind not in KINDS]
        if unknown:
            raise ValidationError(
                {
                    "kind": [
                        f"There is no entry kind '{unknown[0][:40]}': choose {', '.join(KINDS)}."
                    ]
                }
            )
        order = params.get("order", "")
        if order and order not in ORDERS:
            raise ValidationError(
                {
                    "order": [
                        f"There is no order '{order[:40]}': choose oldest (oldest first) or "
                        "newest (newest first)."
                    ]
                }
            )
        newest = order == "newest"
        after = before = None
        for name in ("after", "before"):
            if params.get(name):
                try:
                    cursor = Cursor.decode(params[name])
                except InvalidCursor as exc:
                    raise ValidationError({name: [str(exc)]}) from None
                after, before = (cursor, before) if name == "after" else (after, cursor)
        if params.get("from"):
            try:
                day, precision = parse_partial_date(params["from"])
                # Newest first, a date's own entries head the page and older ones follow.
                start = Cursor.start_of(day_after_period(day, precision) if newest else day)
            except (ValueError, OverflowError) as exc:  # InvalidCursor is a ValueError
                raise ValidationError({"from": [f"Cannot start at that date: {exc}"]}) from None
            if newest:
                before = before or (None if after else start)
            else:
                after = after or start
        latest = params.get("latest", "") == "1"
        if params.get("latest") not in (None, "", "1", "0"):
            raise ValidationError({"latest": ["Use latest=1 for the newest page."]})
        if after and (before or latest):
            raise ValidationError(
                {"after": ["Ask for the page after a position or before it, not both."]}
            )
        page_size = DEFAULT_PAGE_SIZE
        if params.get("page_size") is not None:
            try:
                page_size = int(params["page_size"])
            except ValueError:
                page_size = 0
            if page_size < 1:
                raise ValidationError(
                    {"page_size": [f"'{params['page_size'][:20]}' is not a positive whole number."]}
                )
            page_size = min(page_size, MAX_PAGE_SIZE)
        return kinds, after, before, latest, page_size, newest

    @staticmethod
    def page_link(request, name: str, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        url = request.build_absolute_uri()
        for param in ("after", "before", "from", "latest"):  # `order` and `kind` stay
            url = remove_query_param(url, param)
        return replace_query_param(url, name, cursor.encode())

    @staticmethod
    def entry(request, entry: Entry) -> dict:
        return {
            "kind": str(entry.kind),
            "id": entry.id,
            "api_url": request.build_absolute_uri(
                reverse(f"api:{entry.kind}-detail", kwargs={"pk": entry.id})
            ),
            "web_url": request.build_absolute_uri(entry.url),
            "date": entry.date_iso,
            "date_precision": entry.precision,
            "date_display": entry.date_display,
            "title": entry.title,
            "text": entry.text,
            "case": entry.case.slug if entry.case else None,
            "citations": [
                {
                    "source": citation.source_id,
                    "title": citation.title,
                    "url": citation.url,
                    "outlet": citation.outlet,
                    "pinpoint": citation.pinpoint,
                    "wording": citation.wording,
                }
                for citation in entry.citations
            ],
            "details": details(entry),
        }


def details(entry: Entry) -> dict:
    if entry.event is not None:
        event = entry.event
        return {
            "kind": event.kind,
            "importance": "major" if event.is_major else "minor",
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "docket_entry_number": event.docket_entry_number,
        }
    if entry.testimony is not None:
        testimony = entry.testimony
        bench = testimony.from_bench  # a judge's words: said_by names them, witness stays null
        return {
            "speaker": testimony.speaker,
            "said_by": testimony.witness.slug,
            "witness": None if bench else testimony.witness.slug,
            "witness_name": None if bench else testimony.witness.name,
            "setting": testimony.setting,
            "examining_counsel": (
                testimony.examining_counsel.slug if testimony.examining_counsel else None
            ),
            "phase": testimony.phase,
            "is_verbatim": testimony.is_verbatim,
            "context": testimony.context,
            "transcript_citation": testimony.transcript_citation,
            "independent_sources": testimony.independent_sources,
        }
    if entry.source is not None:
        source = entry.source
        return {
            "kind": source.kind,
            "url": source.url,
            "outlet": source.outlet,
            "authors": source.authors,
            "published_at": iso_datetime(source.published_at) if source.published_at else None,
            "publication_date_known": source.publication_date_known,
        }
    return {}
