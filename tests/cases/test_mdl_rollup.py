"""An MDL or consolidated lead case rolls its member cases' published entries into its
timeline, each entry naming its own case, and lists its members."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import selectors
from cases.timeline.builder import build_timeline
from cases.timeline.overview import timeline_overview
from cases.timeline.scopes import case_scope
from core.publishing import PublicationState
from tests.factories import CaseFactory, EventFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


@pytest.fixture
def mdl():
    lead = CaseFactory(short_title="In re OpenAI Copyright Litigation", slug="in-re-openai")
    member = CaseFactory(short_title="Authors Guild v. OpenAI", consolidated_into=lead)
    EventFactory(case=lead, date=dt.date(2025, 4, 3), title="Transfer order")
    EventFactory(case=member, date=dt.date(2023, 9, 19), title="Complaint filed")
    TestimonyFactory(case=member, date=dt.date(2025, 1, 10), excerpt="We never copied.")
    return lead, member


def test_an_mdl_timeline_includes_its_members_entries_each_naming_its_own_case(mdl):
    lead, member = mdl
    entries = build_timeline(case_scope(lead, members=[member])).entries
    named = {(e.kind, e.case.short_title) for e in entries}
    assert named == {
        ("event", "In re OpenAI Copyright Litigation"),
        ("event", "Authors Guild v. OpenAI"),
        ("testimony", "Authors Guild v. OpenAI"),
    }


def test_without_members_a_case_timeline_is_its_own(mdl):
    lead, _member = mdl
    assert {e.title for e in build_timeline(case_scope(lead)).entries} == {"Transfer order"}


def test_a_draft_member_cases_entries_are_not_shown(mdl):
    lead, member = mdl
    draft = CaseFactory(short_title="Sealed v. OpenAI", consolidated_into=lead, state=DRAFT)
    EventFactory(case=draft, title="Secret filing")
    titles = {e.title for e in build_timeline(case_scope(lead, members=[member, draft])).entries}
    assert "Secret filing" not in titles and "Complaint filed" in titles


def test_sources_reporting_on_a_member_are_on_the_mdl_timeline(mdl):
    lead, member = mdl
    source = SourceFactory(title="Authors sue OpenAI")
    source.cases.add(member)
    lone = SourceFactory(title="Unrelated story")
    lone.cases.add(CaseFactory())
    titles = {e.title for e in build_timeline(case_scope(lead, members=[member])).entries}
    assert "Authors sue OpenAI" in titles and "Unrelated story" not in titles


def test_the_rolled_up_overview_counts_members_and_still_costs_three_queries(
    mdl, django_assert_num_queries
):
    lead, member = mdl
    scope = case_scope(lead, members=[member])
    with django_assert_num_queries(3):
        overview = timeline_overview(scope)
    assert overview.first == dt.date(2023, 9, 19)
    assert sum(b.counts["testimony"] for b in overview.buckets) == 1


def test_the_mdl_page_lists_its_member_cases(client, mdl):
    lead, member = mdl
    html = client.get(reverse("cases:case-detail", kwargs={"slug": lead.slug})).content.decode()
    assert "Authors Guild v. OpenAI" in html
    assert member.get_absolute_url() in html


def test_the_mdl_page_shows_its_members_entries(client, mdl):
    lead, _member = mdl
    response = client.get(reverse("cases:case-detail", kwargs={"slug": lead.slug}))
    titles = {e.title for e in response.context["timeline"].entries}
    assert {"Transfer order", "Complaint filed"} <= titles


def test_the_mdl_page_names_each_member_entrys_case_with_a_link(client, mdl):
    lead, member = mdl
    html = client.get(lead.get_absolute_url()).content.decode()
    link = f'<a class="entry__case" href="{member.get_absolute_url()}">Authors Guild v. OpenAI</a>'
    assert html.count(link) == 2  # the complaint and the statement


def test_a_plain_case_page_does_not_name_the_case_of_its_entries(client, mdl):
    _lead, member = mdl
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Complaint filed" in html
    assert 'class="entry__case"' not in html


def test_the_mdl_feed_includes_its_members_entries(client, mdl):
    lead, member = mdl
    body = client.get(reverse("cases:case-feed", kwargs={"slug": lead.slug})).content.decode()
    assert "Transfer order" in body and "Complaint filed" in body
    assert "We never copied." in body
    assert "Authors Guild v. OpenAI" in body  # a member's entry names its case in its summary
    # A member's own feed stays its own.
    member_feed = client.get(reverse("cases:case-feed", kwargs={"slug": member.slug}))
    assert "Transfer order" not in member_feed.content.decode()


def test_member_cases_lists_only_published_members(mdl):
    lead, member = mdl
    CaseFactory(short_title="Sealed v. OpenAI", consolidated_into=lead, state=DRAFT)
    CaseFactory(short_title="Appeal", appeal_of=lead)
    assert selectors.member_cases(lead) == [member]
    assert selectors.member_cases(member) == []
