"""The home page: latest entries, upcoming dates, cases by status, topics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import CaseFactory, EventFactory, TestimonyFactory, TopicFactory

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def test_home_lists_the_latest_entries_newest_first(client):
    case = CaseFactory(short_title="Musk v. OpenAI")
    EventFactory(case=case, date=dt.date(2025, 3, 4), title="Older ruling")
    TestimonyFactory(case=case, date=dt.date(2026, 4, 30), excerpt="Partly.")
    html = client.get(reverse("cases:home")).content.decode()
    assert html.index("Partly.") < html.index("Older ruling")
    assert "Musk v. OpenAI" in html


def test_upcoming_dates_include_this_month_when_only_the_month_is_known(client):
    today = timezone.localdate()
    case = CaseFactory()
    EventFactory(
        case=case, date=today + dt.timedelta(days=30), title="Hearing ahead", kind="hearing"
    )
    EventFactory(
        case=case, date=today.replace(day=1), date_precision=Precision.MONTH, title="This month"
    )
    EventFactory(case=case, date=today - dt.timedelta(days=40), title="Long past")
    upcoming = client.get(reverse("cases:home")).context["upcoming"]
    titles = [entry.title for entry in upcoming]
    assert "Hearing ahead" in titles and "Long past" not in titles
    assert "This month" in titles  # stored as the 1st, still ahead for the whole month


def test_cases_are_grouped_by_status_without_drafts(client):
    CaseFactory(short_title="Pending one", status=Case.Status.PENDING)
    CaseFactory(short_title="Settled one", status=Case.Status.SETTLED)
    CaseFactory(short_title="Secret", status=Case.Status.PENDING, state=DRAFT)
    groups = client.get(reverse("cases:home")).context["status_groups"]
    assert [(g.label, [c.short_title for c in g.cases]) for g in groups] == [
        ("Pending", ["Pending one"]),
        ("Settled", ["Settled one"]),
    ]


def test_topics_count_only_published_cases(client):
    topic = TopicFactory(name="Fair use in training")
    CaseFactory().topics.add(topic)
    CaseFactory(state=DRAFT).topics.add(topic)
    TopicFactory(name="Only drafts").cases.add(CaseFactory(state=DRAFT))
    topics = list(client.get(reverse("cases:home")).context["topics"])
    assert [(t.name, t.case_count) for t in topics] == [("Fair use in training", 1)]


def test_drafts_are_not_on_the_home_page(client):
    case = CaseFactory()
    EventFactory(case=case, title="DRAFT ruling", state=DRAFT)
    EventFactory(case=CaseFactory(state=DRAFT), title="DRAFT case event")
    EventFactory(
        case=case,
        date=timezone.localdate() + dt.timedelta(days=3),
        title="DRAFT hearing",
        state=DRAFT,
    )
    assert "DRAFT" not in client.get(reverse("cases:home")).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_home_runs_seven_queries_whatever_the_size(client, size, django_assert_num_queries):
    today = timezone.localdate()
    topic = TopicFactory()
    for index in range(size):
        case = CaseFactory()
        case.topics.add(topic)
        EventFactory(case=case, date=today - dt.timedelta(days=index + 1))
        EventFactory(case=case, date=today + dt.timedelta(days=index + 1))
        TestimonyFactory(case=case, date=today - dt.timedelta(days=index + 1))
    with django_assert_num_queries(7):
        assert client.get(reverse("cases:home")).status_code == 200
