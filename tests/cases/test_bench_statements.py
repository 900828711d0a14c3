"""A judge's remark or ruling recorded as a statement is labelled on the site as a statement
from the bench, not as testimony."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Testimony
from tests.factories import CaseFactory, CaseRoleFactory, PartyFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(db):
    case = CaseFactory(short_title="Musk v. OpenAI")
    judge = PartyFactory(name="Yvonne Gonzalez Rogers")
    CaseRoleFactory(case=case, party=judge, role="judge")
    remark = TestimonyFactory(
        case=case,
        witness=judge,
        speaker=Testimony.Speaker.BENCH,
        setting=Testimony.Setting.HEARING,
        excerpt="There is plenty of evidence.",
        date=dt.date(2026, 1, 8),
    )
    testimony = TestimonyFactory(
        case=case, witness=PartyFactory(name="Elon Musk"), excerpt="Partly."
    )
    return case, remark, testimony


def test_the_case_timeline_labels_the_judges_words_as_a_statement_from_the_bench(
    client, statements
):
    case, _, _ = statements
    html = client.get(case.get_absolute_url()).content.decode()
    assert html.count('<span class="badge badge--bench">Statement from the bench</span>') == 1
    assert html.count('<span class="badge badge--testimony">Testimony</span>') == 1
    assert "statement from the bench</strong>, hearing" in html


def test_the_permalink_of_a_bench_statement_says_so(client, statements):
    _, remark, _ = statements
    html = client.get(reverse("cases:testimony-detail", kwargs={"pk": remark.pk})).content
    assert "statement from the bench" in html.decode()


def test_testimony_is_never_labelled_from_the_bench(client, statements):
    _, _, testimony = statements
    html = client.get(reverse("cases:testimony-detail", kwargs={"pk": testimony.pk})).content
    assert "from the bench" not in html.decode()


def test_the_header_names_the_judges_latest_words_from_the_bench_not_at_a_hearing(
    client, statements
):
    case, remark, testimony = statements
    testimony.delete()  # the remark is the case's latest development
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Yvonne Gonzalez Rogers, from the bench</a>" in html
    assert "Yvonne Gonzalez Rogers, at a hearing" not in html


def test_the_case_feed_says_statement_from_the_bench(client, statements):
    case, _, _ = statements
    body = client.get(reverse("cases:case-feed", kwargs={"slug": case.slug})).content.decode()
    assert "Statement from the bench, hearing" in body
    assert body.count("Statement from the bench") == 1  # Musk's answer is testimony
