"""A judge's remark or ruling recorded as a statement is labelled on the site as a statement
from the bench, not as testimony."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Testimony
from cases.timeline.entries import TestimonyDetails
from tests.factories import CaseFactory, CaseRoleFactory, PartyFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

# The timeline's read model must carry the speaker (cases/timeline/rows.py and entries.py, not
# this change's files): TestimonyDetails.speaker and .from_bench. Until it does the label cannot
# show; from then on these tests run as any other.
needs_read_model = pytest.mark.xfail(
    not hasattr(TestimonyDetails, "from_bench"),
    reason="TestimonyDetails has no speaker yet (issue 16: see helper B's report)",
    strict=True,
)


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


@needs_read_model
def test_the_case_timeline_labels_the_judges_words_as_a_statement_from_the_bench(
    client, statements
):
    case, _, _ = statements
    html = client.get(case.get_absolute_url()).content.decode()
    assert html.count('<span class="badge badge--bench">Statement from the bench</span>') == 1
    assert html.count('<span class="badge badge--testimony">Testimony</span>') == 1
    assert "statement from the bench</strong>, hearing" in html


@needs_read_model
def test_the_permalink_of_a_bench_statement_says_so(client, statements):
    _, remark, _ = statements
    html = client.get(reverse("cases:testimony-detail", kwargs={"pk": remark.pk})).content
    assert "statement from the bench" in html.decode()


def test_testimony_is_never_labelled_from_the_bench(client, statements):
    _, _, testimony = statements
    html = client.get(reverse("cases:testimony-detail", kwargs={"pk": testimony.pk})).content
    assert "from the bench" not in html.decode()
