"""Sources whose publication date nobody gave: placed at the day first seen here, labelled as
such on the timeline, the source page and the admin list, and listed by the Sources filter."""

import datetime as dt

import pytest
from django.urls import reverse

from articles.models import Source
from cases.timeline.builder import build_timeline
from cases.timeline.entries import Cursor, EntryKind
from cases.timeline.scopes import case_scope
from tests.factories import CaseFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _source(case, *, published: dt.date | None, first_seen: dt.date, **extra) -> Source:
    """A published source reporting on `case`, first seen here on `first_seen`."""
    published_at = dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC) if published else None
    source = SourceFactory(published_at=published_at, **extra)
    source.cases.add(case)
    # created_at is set on insert (auto_now_add): move it to the day the test needs.
    seen = dt.datetime.combine(first_seen, dt.time(15), tzinfo=dt.UTC)
    Source.objects.filter(pk=source.pk).update(created_at=seen)
    return source


@pytest.fixture
def case():
    case = CaseFactory(slug="getty")
    EventFactory(case=case, title="Complaint filed", date=dt.date(2023, 2, 3))
    EventFactory(case=case, title="Motion to dismiss", date=dt.date(2023, 5, 2))
    return case


def test_an_undated_source_stands_on_its_case_timeline_at_the_day_first_seen(case):
    dated = _source(case, published=dt.date(2023, 2, 3), first_seen=dt.date(2024, 1, 9))
    undated = _source(case, published=None, first_seen=dt.date(2023, 3, 15), title="Undated")

    entries = build_timeline(case_scope(case)).entries

    assert [(e.kind, e.date) for e in entries] == [
        (EntryKind.EVENT, dt.date(2023, 2, 3)),
        (EntryKind.SOURCE, dt.date(2023, 2, 3)),  # its publication, not when first seen
        (EntryKind.SOURCE, dt.date(2023, 3, 15)),  # first seen: publication date unknown
        (EntryKind.EVENT, dt.date(2023, 5, 2)),
    ]
    assert [e.id for e in entries if e.source] == [dated.pk, undated.pk]
    assert entries[1].source.publication_date_known
    assert not entries[2].source.publication_date_known


def test_pages_cut_between_dated_and_undated_sources_lose_and_repeat_nothing(case):
    for day in range(1, 7):
        _source(case, published=dt.date(2023, 3, day), first_seen=dt.date(2024, 1, 1))
        _source(case, published=None, first_seen=dt.date(2023, 3, day))
    scope = case_scope(case)
    seen, page = [], build_timeline(scope, page_size=5)
    seen += page.entries
    while page.next_cursor:
        page = build_timeline(scope, after=Cursor.decode(page.next_cursor.encode()), page_size=5)
        seen += page.entries
    backwards = build_timeline(scope, latest=True, page_size=5)

    assert len(seen) == 14 == len({(e.kind, e.id) for e in seen})
    assert [e.date for e in seen] == sorted(e.date for e in seen)
    assert backwards.entries == seen[-5:]


def test_the_case_page_labels_an_undated_source_and_its_sources_filter_lists_every_source(
    client, case
):
    _source(case, published=dt.date(2023, 2, 3), first_seen=dt.date(2024, 1, 9), title="Dated")
    _source(case, published=None, first_seen=dt.date(2023, 3, 15), title="Undated one")
    _source(case, published=None, first_seen=dt.date(2024, 6, 1), title="Undated two")
    _source(case, published=None, first_seen=dt.date(2024, 6, 2), title="Draft", state="draft")

    page = client.get(reverse("cases:case-detail", args=["getty"]), {"kind": "source"})
    html = page.content.decode()

    assert page.status_code == 200
    assert html.count('class="entry entry--source"') == 3
    assert "Dated" in html and "Undated one" in html and "Undated two" in html
    assert "Draft" not in html
    assert html.count("publication date unknown") == 2
    assert "publication date unknown, first seen here 15 March 2023" in html


def test_the_source_page_says_the_publication_date_is_unknown_and_when_it_was_first_seen(
    client, case
):
    undated = _source(case, published=None, first_seen=dt.date(2023, 3, 15))
    dated = _source(case, published=dt.date(2023, 2, 3), first_seen=dt.date(2024, 1, 9))

    undated_html = client.get(undated.get_absolute_url()).content.decode()
    dated_html = client.get(dated.get_absolute_url()).content.decode()

    assert "Publication date unknown" in undated_html
    assert "first seen here <time" in undated_html and "15 March 2023" in undated_html
    assert "Publication date unknown" not in dated_html
    assert "3 February 2023" in dated_html


def test_the_admin_source_list_marks_an_undated_source(curator_client, case):
    _source(case, published=None, first_seen=dt.date(2023, 3, 15), title="Undated one")
    _source(case, published=dt.date(2023, 2, 3), first_seen=dt.date(2024, 1, 9), title="Dated")

    listing = curator_client.get(reverse("admin:articles_source_changelist")).content.decode()

    assert listing.count("Publication date unknown") == 1
    assert "first seen 15 Mar 2023" in listing
    assert "3 Feb 2023" in listing
