"""The accept screen warns of the witness's similar statements before creating anything, and
the curator chooses: add this source to one, or create a new testimony anyway."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Testimony
from core.publishing import PublicationState
from tests.articles.test_accept_dedupe import candidate_for
from tests.factories import CaseRoleFactory, PartyFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_partly(demo_parties):
    return TestimonyFactory(
        case=demo_parties.case,
        witness=demo_parties.musk,
        excerpt="Partly.",
        date=dt.date(2026, 5, 18),
        state=PublicationState.DRAFT,
        made_public_at=None,
    )


def accept_url(candidate) -> str:
    return reverse("admin:articles_testimonycandidate_accept", args=[candidate.pk])


def test_a_near_match_is_shown_before_anything_is_created(
    curator_client, draft_partly, demo_parties
):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partially.")
    html = curator_client.get(accept_url(candidate)).content.decode()
    assert "has a similar statement around that date" in html
    assert f"Add this source to #{draft_partly.pk}" in html
    assert "Create a new testimony anyway" in html
    # Posting without choosing creates nothing and asks again.
    response = curator_client.post(
        accept_url(candidate),
        {"case": demo_parties.case.pk, "date": "2026-05-20", "setting": "trial"},
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert Testimony.objects.count() == 1


def test_the_curator_adds_the_source_to_the_similar_statement(
    curator_client, draft_partly, demo_parties
):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partially.")
    response = curator_client.post(
        accept_url(candidate),
        {
            "case": demo_parties.case.pk,
            "date": "2026-05-20",
            "setting": "trial",
            "match": str(draft_partly.pk),
        },
    )
    assert response.url == reverse("admin:cases_testimony_change", args=[draft_partly.pk])
    assert Testimony.objects.count() == 1
    assert draft_partly.citations.get(source=candidate.source).wording == "Partially."


def test_the_curator_creates_a_new_testimony_anyway(curator_client, draft_partly, demo_parties):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partially.")
    curator_client.post(
        accept_url(candidate),
        {"case": demo_parties.case.pk, "date": "2026-05", "setting": "trial", "match": "new"},
    )
    created = Testimony.objects.exclude(pk=draft_partly.pk).get()
    assert created.excerpt == "Partially." and created.date_display == "May 2026"


def test_the_same_statement_is_announced_as_added_to(curator_client, draft_partly, demo_parties):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "“partly”")
    html = curator_client.get(accept_url(candidate)).content.decode()
    change_url = reverse("admin:cases_testimony_change", args=[draft_partly.pk])
    assert f'This is <a href="{change_url}">testimony #{draft_partly.pk}</a>' in html
    assert "Create a new testimony anyway" not in html


def test_the_date_is_prefilled_at_the_precision_the_article_gives(curator_client, demo_parties):
    candidate = candidate_for(
        demo_parties.case,
        demo_parties.musk,
        "We used their models.",
        sentence="Musk testified in May that “We used their models.”",
        published_at=dt.datetime(2026, 6, 2, tzinfo=dt.UTC),
    )
    html = curator_client.get(accept_url(candidate)).content.decode()
    assert 'value="2026-05"' in html


def test_a_date_that_is_not_one_is_a_form_error_not_a_crash(curator_client, demo_parties):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "We used their models.")
    response = curator_client.post(
        accept_url(candidate),
        {"case": demo_parties.case.pk, "date": "2026-02-31", "setting": "trial"},
    )
    assert response.status_code == 200 and "is not a real date" in response.content.decode()
    assert not Testimony.objects.exists()


def test_a_judges_words_are_announced_as_a_statement_from_the_bench(curator_client, demo_parties):
    judge = PartyFactory(name="Yvonne Gonzalez Rogers")
    CaseRoleFactory(case=demo_parties.case, party=judge, role="judge")
    candidate = candidate_for(demo_parties.case, judge, "There is plenty of evidence.")
    html = curator_client.get(accept_url(candidate)).content.decode()
    assert "<strong>Statement from the bench:</strong> Yvonne Gonzalez Rogers is a judge" in html
    musk = candidate_for(demo_parties.case, demo_parties.musk, "Partly.")
    assert "Statement from the bench" not in curator_client.get(accept_url(musk)).content.decode()
