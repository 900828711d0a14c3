"""Previews of drafts: "View on site" in the admin shows a curator or editor the public page of
a draft as it would look, with a "Draft, not public" banner, never indexed, never cached, and
never shown to anyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Source
from cases.web import views
from core.pagecache import page_cache as page_cache_middleware
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT
BANNER = "Draft, not public"
NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def draft_case():
    """A draft case with a draft hearing citing a draft source."""
    case = CaseFactory(short_title="Quillon v. Draftly", state=DRAFT)
    source = SourceFactory(title="Draft docket report", state=DRAFT)
    source.cases.add(case)
    EventFactory(
        case=case,
        title="Draft scheduling hearing",
        date=dt.date(2025, 3, 4),
        state=DRAFT,
        cite=source,
    )
    return case


@pytest.fixture
def draft_testimony():
    """A draft statement in a published case, citing a published source."""
    return TestimonyFactory(
        case=CaseFactory(short_title="Alpha v. Beta"),
        witness=PartyFactory(name="Wanda Witness"),
        excerpt="We never trained on it.",
        cite=SourceFactory(title="Court watch"),
        state=DRAFT,
    )


def _assert_preview(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert NOINDEX in html
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "private"):
        assert directive in cache_control
    return html


def test_an_editor_previews_a_draft_case_with_its_draft_entries_and_a_banner(
    editor_client, draft_case
):
    html = _assert_preview(editor_client.get(draft_case.get_absolute_url()))
    assert "Quillon v. Draftly" in html
    assert "Draft scheduling hearing" in html  # the draft entry, in the timeline
    assert "Draft docket report" in html  # its draft source
    # The draft hearing and the draft source it cites are each marked, in the timeline too.
    assert html.count('<span class="draft-mark">draft</span>') >= 3


def test_a_curator_previews_a_draft_statement(curator_client, draft_testimony):
    html = _assert_preview(curator_client.get(draft_testimony.get_absolute_url()))
    assert "We never trained on it." in html
    assert "Wanda Witness" in html
    assert 'class="draft-mark"' in html  # the statement itself is marked a draft


def test_an_editor_previews_a_draft_event_citing_a_draft_source(editor_client, draft_case):
    event = draft_case.events.get()
    html = _assert_preview(editor_client.get(event.get_absolute_url()))
    assert "Draft scheduling hearing" in html
    assert "Draft docket report" in html  # a draft citation shows in a preview, marked


def test_an_editor_previews_a_draft_source_with_the_draft_entries_citing_it(
    editor_client, draft_case
):
    source = Source.objects.get(title="Draft docket report")
    html = _assert_preview(editor_client.get(source.get_absolute_url()))
    assert "Draft docket report" in html
    assert "Draft scheduling hearing" in html


@pytest.mark.parametrize("login", [None, "stranger", "staff_without_view_permission"])
def test_nobody_else_gets_anything_but_a_404(client, draft_case, draft_testimony, login):
    if login == "stranger":
        client.force_login(UserFactory(username="stranger", is_staff=False))
    elif login:
        client.force_login(UserFactory(username="nobody", is_staff=True))
    event = draft_case.events.get()
    source = Source.objects.get(title="Draft docket report")
    for obj in (draft_case, event, draft_testimony, source):
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 404, obj
        assert BANNER not in response.content.decode()


def test_a_published_page_looks_the_same_for_an_editor_without_banner_or_drafts(
    editor_client, draft_testimony
):
    case = draft_testimony.case
    EventFactory(case=case, title="Public ruling")
    EventFactory(case=case, title="Secret draft ruling", state=DRAFT)
    response = editor_client.get(case.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Public ruling" in html
    assert "Secret draft ruling" not in html and "We never trained on it." not in html
    assert BANNER not in html and NOINDEX not in html
    assert "X-Robots-Tag" not in response
    published = EventFactory(case=case, title="Public order")
    html = editor_client.get(published.get_absolute_url()).content.decode()
    assert "Public order" in html and BANNER not in html


def test_the_page_cache_never_stores_a_preview(page_cache, editor, draft_case):
    """Even were a preview asked for without a session cookie, the page cache would not keep
    it: an anonymous reader asking next for the same address still gets the 404."""
    url = draft_case.get_absolute_url()
    factory = RequestFactory()

    def as_editor(request):
        request.user = editor
        return views.case_detail(request, slug=draft_case.slug)

    preview = page_cache_middleware(as_editor)(factory.get(url))
    assert preview.status_code == 200 and BANNER in preview.content.decode()

    def as_reader(request):
        request.user = AnonymousUser()
        return views.case_detail(request, slug=draft_case.slug)

    with pytest.raises(views.Http404):
        page_cache_middleware(as_reader)(factory.get(url))


def test_the_admin_offers_view_on_site_for_drafts(editor_client, draft_testimony):
    change = reverse("admin:cases_testimony_change", args=[draft_testimony.pk])
    html = editor_client.get(change).content.decode()
    content_type = ContentType.objects.get_for_model(draft_testimony)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, draft_testimony.pk])
    assert shortcut in html
    # The shortcut leads to the preview.
    _assert_preview(editor_client.get(shortcut, follow=True))


def test_a_draft_cases_preview_chart_has_bars_for_its_draft_entries(editor_client, draft_case):
    response = editor_client.get(draft_case.get_absolute_url())
    overview = response.context["overview"]
    assert not overview.is_empty
    assert sum(bucket.counts["event"] for bucket in overview.buckets) == 1
    assert 'aria-label="March 2025: 1 event"' in response.content.decode()


def test_the_public_chart_still_counts_only_published_entries(client, editor_client):
    case = CaseFactory(short_title="Open v. Shut")
    EventFactory(case=case, date=dt.date(2025, 3, 4), title="Public hearing")
    EventFactory(case=case, date=dt.date(2025, 6, 4), title="Draft ruling", state=DRAFT)
    for reader in (client, editor_client):  # a published case's page is never a preview
        overview = reader.get(case.get_absolute_url()).context["overview"]
        assert sum(bucket.counts["event"] for bucket in overview.buckets) == 1
        assert overview.last == dt.date(2025, 3, 4)
