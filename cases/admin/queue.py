"""The editors' review queue: one admin screen listing what waits for them, oldest first, with a
count per group, each row one click from its change page.

Groups: drafts submitted for review (cases, events, testimony, sources), pending testimony
candidates and case suggestions (ingestion's proposals), sources that failed to fetch, dead
links, and testimony whose sources word it differently from its excerpt. Each group is one
query (a window count gives the group's total beside its first rows), so the page costs the
same number of queries whatever waits.

The view is added through the case admin's get_urls() (PublishingAdminMixin, for the model in
QUEUE_HOME): the default admin site has no documented place for a view of its own short of
replacing it. Its address is reverse("admin:review_queue").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Model, OuterRef, QuerySet, Window
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import CaseSuggestion, FetchState, Source, Suggestion, TestimonyCandidate
from cases.models import Case, Event, Testimony, TestimonyCitation

from .. import rulebook
from ..rulebook import Action

QUEUE_HOME = Case  # the admin whose get_urls() carries the queue
ROWS_PER_GROUP = 25
SUBMITTED = [Case, Event, Testimony, Source]


@dataclass
class Row:
    obj: Model
    url: str
    since: object  # a datetime, or None when unknown
    detail: str = ""


@dataclass
class Group:
    key: str
    title: str
    help: str
    total: int = 0
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""


def _change_url(obj: Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _changelist(model: type[Model], query: str = "") -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{query}" if query else url


def _group(
    group: Group,
    queryset: QuerySet,
    since: Callable[[Model], object],
    detail: Callable[[Model], str] = lambda obj: "",
) -> Group:
    """Fill `group` with the first rows of `queryset` (already ordered oldest first) and its
    total, in one query."""
    rows = list(queryset.annotate(queue_total=Window(Count("pk")))[:ROWS_PER_GROUP])
    group.total = rows[0].queue_total if rows else 0
    group.rows = [Row(obj, _change_url(obj), since(obj), detail(obj)) for obj in rows]
    return group


def _submitted_by(obj) -> str:
    return f"submitted by {obj.submitted_by}" if obj.submitted_by_id else "submitted"


def _submitted(model: type[Model]) -> Group:
    names = model._meta.verbose_name_plural
    queryset = model.objects.submitted().select_related("submitted_by").order_by("submitted_at")
    if model is Source:
        queryset = queryset.defer("text")
    elif model is not Case:
        queryset = queryset.select_related("case", *(["witness"] if model is Testimony else []))
    return _group(
        Group(
            f"submitted-{model._meta.model_name}",
            f"Submitted {names}",
            "Drafts a curator submitted for review: publish them or send them back.",
            more_url=_changelist(model, "review=submitted"),
        ),
        queryset,
        lambda obj: obj.submitted_at,
        _submitted_by,
    )


def _candidates() -> Group:
    queryset = (
        TestimonyCandidate.objects.pending()
        .select_related("speaker", "source")
        .defer("source__text", "source__search_document")
        .order_by("created_at", "pk")
    )
    return _group(
        Group(
            "candidates",
            "Testimony candidates",
            "Quotes ingestion found in sources: accept them as draft testimony, or dismiss them.",
            more_url=_changelist(TestimonyCandidate, f"status__exact={Suggestion.PENDING}"),
        ),
        queryset,
        lambda obj: obj.created_at,
        lambda obj: f"{obj.speaker}, in {obj.source}",
    )


def _case_suggestions() -> Group:
    queryset = (
        CaseSuggestion.objects.filter(status=Suggestion.PENDING)
        .select_related("source", "case")
        .defer("source__text", "source__search_document")
        .order_by("source__created_at", "pk")  # suggestions keep no time of their own
    )
    return _group(
        Group(
            "case-suggestions",
            "Case suggestions",
            "Cases a source seems to be about: accept to link the source to the case.",
            more_url=_changelist(CaseSuggestion, f"status__exact={Suggestion.PENDING}"),
        ),
        queryset,
        lambda obj: obj.source.created_at,
        lambda obj: obj.reason,
    )


def _failed_fetches() -> Group:
    queryset = (
        Source.objects.filter(fetch_state=FetchState.FAILED)
        .defer("text")
        .order_by(F("fetched_at").asc(nulls_first=True), "created_at")
    )
    return _group(
        Group(
            "failed-fetches",
            "Sources that failed to fetch",
            "Fetch them again, or fill in title, outlet and date by hand.",
            more_url=_changelist(Source, f"fetch_state__exact={FetchState.FAILED}"),
        ),
        queryset,
        lambda obj: obj.fetched_at or obj.created_at,
        lambda obj: obj.fetch_error,
    )


def _dead_links() -> Group:
    queryset = Source.objects.dead_links().defer("text").order_by("link_dead_since", "pk")
    return _group(
        Group(
            "dead-links",
            "Dead links",
            "Sources whose address stopped answering: point them to an archived copy or a "
            "new address.",
            more_url=_changelist(Source, "link=dead"),
        ),
        queryset,
        lambda obj: obj.link_dead_since,
        lambda obj: obj.link_error or obj.link_health_display,
    )


def differing_wording() -> QuerySet:
    """Testimony cited by a source whose own wording differs from the excerpt."""
    differs = (
        TestimonyCitation.objects.filter(testimony=OuterRef("pk"))
        .exclude(wording="")
        .exclude(wording=OuterRef("excerpt"))
    )
    return Testimony.objects.filter(Exists(differs))


def _differing_wording() -> Group:
    queryset = differing_wording().select_related("witness", "case").order_by("created_at", "pk")
    return _group(
        Group(
            "differing-wording",
            "Testimony its sources word differently",
            "Check the excerpt against each source's wording; both stay visible to readers.",
        ),
        queryset,
        lambda obj: obj.created_at,
        lambda obj: str(obj.case),
    )


def review_groups() -> list[Group]:
    """Every group of the queue, in the order the screen shows them (one query each)."""
    return [
        *(_submitted(model) for model in SUBMITTED),
        _candidates(),
        _case_suggestions(),
        _failed_fetches(),
        _dead_links(),
        _differing_wording(),
    ]


def may_review(user) -> bool:
    """The queue is for editors: holders of a publish permission."""
    return any(rulebook.allows(user, Action.PUBLISH, model) for model in SUBMITTED)


def review_queue_view(admin_site: AdminSite) -> Callable[[HttpRequest], TemplateResponse]:
    def view(request: HttpRequest) -> TemplateResponse:
        if not may_review(request.user):
            raise PermissionDenied
        groups = review_groups()
        context = {
            **admin_site.each_context(request),
            "title": "Review queue",
            "subtitle": "What waits for an editor, oldest first",
            "groups": groups,
            "waiting": sum(group.total for group in groups),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/review/queue.html", context)

    return view


def queue_urls(admin_site: AdminSite) -> list:
    """The queue's URL, for QUEUE_HOME's admin to put in front of its own."""
    view = admin_site.admin_view(review_queue_view(admin_site))
    return [path("review/", view, name="review_queue")]
