"""The visual timeline as something to navigate: a link per period with its name, every year
on the axis, the case's phases as bands, cases told apart on cross-case charts."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseRole, Event
from cases.timeline.overview import timeline_overview
from cases.timeline.phases import case_phases
from cases.timeline.scopes import case_scope, party_scope, topic_scope
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
MAJOR = Event.Importance.MAJOR


def _get(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def _page(case) -> str:
    return _get(reverse("cases:case-detail", kwargs={"slug": case.slug}))


def _tagged(entry, topic):
    entry.topics.add(topic)
    return entry


def test_each_period_with_entries_links_to_its_entries_and_names_what_is_there():
    case = CaseFactory(filed_on=dt.date(2024, 1, 10))
    for day in (3, 9, 20):
        EventFactory(case=case, date=dt.date(2024, 3, day))
    TestimonyFactory(case=case, date=dt.date(2024, 3, 12))
    EventFactory(case=case, date=dt.date(2024, 6, 1))
    html = _page(case)
    link = re.search(r'<a class="chart__period"[^>]*href="\?from=2024-03#entries"[^>]*>', html)
    assert link, "March 2024 has no link to its entries"
    assert 'aria-label="March 2024: 3 events, 1 testimony"' in link.group(0)
    assert 'title="March 2024: 3 events, 1 testimony"' in link.group(0)
    assert 'aria-label="June 2024: 1 event"' in html
    # An empty month leads nowhere.
    assert "?from=2024-04#entries" not in html


def test_a_period_at_the_cap_says_or_more():
    case = CaseFactory()
    for day in range(1, 8):
        EventFactory(case=case, date=dt.date(2025, 2, day))
    (period,) = timeline_overview(case_scope(case), cap=5).periods
    assert period.name == "February 2025: 5 or more events"


def test_the_jump_from_a_period_lands_on_its_entries(client):
    case = CaseFactory()
    EventFactory(case=case, date=dt.date(2020, 1, 5), title="Old news")
    EventFactory(case=case, date=dt.date(2024, 3, 5), title="March filing")
    url = reverse("cases:case-detail", kwargs={"slug": case.slug})
    response = client.get(url + "?from=2024-03")
    titles = [entry.title for entry in response.context["timeline"].entries]
    assert titles[0] == "March filing" and "Old news" not in titles


def test_every_year_of_the_span_is_labelled_on_the_axis():
    case = CaseFactory(filed_on=dt.date(2012, 5, 1))
    EventFactory(case=case, date=dt.date(2012, 5, 1))
    EventFactory(case=case, date=dt.date(2025, 5, 1))
    html = _page(case)
    axis = re.search(r'<nav class="chart__axis".*?</nav>', html, re.S).group(0)
    years = [int(y) for y in re.findall(r">(\d{4})</a>", axis)]
    assert years == list(range(2012, 2026))


def test_a_span_opening_after_january_labels_its_first_year_at_the_left_edge():
    case = CaseFactory(filed_on=dt.date(2024, 2, 29))
    EventFactory(case=case, date=dt.date(2024, 2, 29))
    EventFactory(case=case, date=dt.date(2026, 12, 1))
    axis = re.search(r'<nav class="chart__axis".*?</nav>', _page(case), re.S).group(0)
    assert re.findall(r">(\d{4})</a>", axis) == ["2024", "2025", "2026"]
    assert 'style="left: 0%" href="?from=2024#entries"' in axis


def test_the_phases_are_derived_from_the_published_events():
    case = CaseFactory(filed_on=dt.date(2023, 1, 10), closed_on=None)
    EventFactory(case=case, date=dt.date(2023, 1, 10), kind=Event.Kind.FILING)
    EventFactory(case=case, date=dt.date(2023, 6, 1), kind=Event.Kind.RULING)
    EventFactory(case=case, date=dt.date(2024, 2, 1), kind=Event.Kind.OTHER, title="Discovery")
    EventFactory(case=case, date=dt.date(2025, 3, 1), kind=Event.Kind.TRIAL)
    EventFactory(case=case, date=dt.date(2025, 4, 1), kind=Event.Kind.VERDICT)
    EventFactory(case=case, date=dt.date(2025, 8, 1), kind=Event.Kind.APPEAL)
    EventFactory(case=case, date=dt.date(2025, 9, 1), kind=Event.Kind.TRIAL, state="draft")
    overview = timeline_overview(case_scope(case))
    phases = [(p.name, p.start) for p in overview.phases]
    assert phases == [
        ("Filed", dt.date(2023, 1, 10)),
        ("Motions", dt.date(2023, 6, 1)),
        ("Discovery", dt.date(2024, 2, 1)),
        ("Trial", dt.date(2025, 3, 1)),
        ("Judgment", dt.date(2025, 4, 1)),
        ("Appeal", dt.date(2025, 8, 1)),
    ]
    lefts = [p.left for p in overview.phases]
    assert lefts == sorted(lefts) and all(p.width > 0 for p in overview.phases)
    html = _page(case)
    bands = re.findall(r'<li class="chart__phase[^"]*"[^>]*><span>(\w+)</span>', html)
    assert bands == ["Filed", "Motions", "Discovery", "Trial", "Judgment", "Appeal"]


def test_a_phase_out_of_order_is_left_out_and_the_last_ends_when_the_case_closed():
    phases = case_phases(
        {
            "Motions": dt.date(2024, 3, 1),
            "Discovery": dt.date(2025, 6, 1),
            "Trial": dt.date(2025, 1, 1),
        },
        filed_on=dt.date(2024, 1, 1),
        closed_on=dt.date(2025, 3, 1),
        last=dt.date(2026, 1, 1),
    )
    assert phases == [
        ("Filed", dt.date(2024, 1, 1), dt.date(2024, 3, 1)),
        ("Motions", dt.date(2024, 3, 1), dt.date(2025, 1, 1)),
        ("Trial", dt.date(2025, 1, 1), dt.date(2025, 3, 1)),
    ]


def test_of_two_phases_begun_the_same_day_the_later_one_is_drawn():
    phases = case_phases(
        {"Motions": dt.date(2024, 1, 1)},
        filed_on=dt.date(2024, 1, 1),
        closed_on=None,
        last=dt.date(2025, 1, 1),
    )
    assert phases == [("Motions", dt.date(2024, 1, 1), dt.date(2025, 1, 1))]


def test_a_party_chart_tells_cases_apart_and_its_legend_names_each_case():
    musk = PartyFactory(slug="elon-musk")
    first = CaseFactory(short_title="Musk v. OpenAI")
    second = CaseFactory(short_title="X Corp. v. Apple")
    for case in (first, second):
        CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.PLAINTIFF)
    EventFactory(case=first, date=dt.date(2024, 3, 1), importance=MAJOR, title="Complaint")
    EventFactory(case=second, date=dt.date(2025, 3, 1), importance=MAJOR, title="Dismissal")
    overview = timeline_overview(party_scope(musk))
    assert [(c.title, c.letter) for c in overview.cases] == [
        ("Musk v. OpenAI", "A"),
        ("X Corp. v. Apple", "B"),
    ]
    assert len({c.colour for c in overview.cases}) == 2
    html = _get("/parties/elon-musk/")
    legend = re.search(r"chart__legend--cases.*?</ul>", html, re.S).group(0)
    assert "Musk v. OpenAI" in legend and "X Corp. v. Apple" in legend
    assert re.search(r'case-mark--1"[^\n]*?</span>B2</a>', html)
    assert 'Dismissal</a> <span class="chart__legend-case">— X Corp. v. Apple</span>' in html


def test_a_topic_chart_names_the_case_of_each_major_event():
    topic = TopicFactory(slug="distillation")
    case = CaseFactory(short_title="NYT v. Microsoft")
    _tagged(EventFactory(case=case, importance=MAJOR, title="Ruling on fair use"), topic)
    html = _get(reverse("cases:topic-detail", kwargs={"slug": "distillation"}))
    legend = '<span class="chart__legend-case">— NYT v. Microsoft</span>'
    assert f"Ruling on fair use</a> {legend}" in html


def test_a_single_case_chart_has_no_case_legend():
    case = CaseFactory()
    EventFactory(case=case, importance=MAJOR)
    assert timeline_overview(case_scope(case)).cases == []
    assert "chart__legend--cases" not in _page(case)


@pytest.mark.parametrize("scope_of", ["case", "party", "topic"])
def test_the_overview_still_costs_three_queries(django_assert_num_queries, scope_of):
    topic, party = TopicFactory(), PartyFactory()
    for count in (2, 40):
        case = CaseFactory()
        CaseRoleFactory(case=case, party=party)
        for index in range(count):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=index * 20)
            _tagged(EventFactory(case=case, date=day, importance=MAJOR), topic)
            _tagged(TestimonyFactory(case=case, date=day, witness=party), topic)
        scope = {"case": case_scope, "party": party_scope, "topic": topic_scope}[scope_of]
        owner = {"case": case, "party": party, "topic": topic}[scope_of]
        with django_assert_num_queries(3):
            overview = timeline_overview(scope(owner))
            assert overview.periods
            assert bool(overview.cases) == (scope_of != "case")
            assert bool(overview.phases) == (scope_of == "case")
