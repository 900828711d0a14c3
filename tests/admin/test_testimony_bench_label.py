"""The testimony admin labels a judge's words as a statement from the bench and filters by it."""

import pytest
from django.urls import reverse

from cases.models import Testimony
from tests.factories import PartyFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remark(db):
    return TestimonyFactory(
        witness=PartyFactory(name="Yvonne Gonzalez Rogers"),
        speaker=Testimony.Speaker.BENCH,
        excerpt="There is plenty of evidence.",
    )


def test_the_testimony_list_labels_a_statement_from_the_bench(curator_client, remark):
    TestimonyFactory(witness=PartyFactory(name="Elon Musk"), excerpt="Partly.")
    url = reverse("admin:cases_testimony_changelist")
    html = curator_client.get(url).content.decode()
    assert html.count("Statement from the bench") >= 2  # the row, and the filter's choice
    bench_only = curator_client.get(url, {"speaker__exact": "bench"}).content.decode()
    assert "There is plenty of evidence." in bench_only and "Partly." not in bench_only


def test_published_testimony_shows_who_speaks_to_a_curator(curator_client, remark):
    """A curator reads published testimony without changing it: the speaker is shown as text."""
    url = reverse("admin:cases_testimony_change", args=[remark.pk])
    html = curator_client.get(url).content.decode()
    assert '<div class="readonly">Statement from the bench</div>' in html
    witness = TestimonyFactory(witness=PartyFactory(name="Elon Musk"), excerpt="Partly.")
    url = reverse("admin:cases_testimony_change", args=[witness.pk])
    html = curator_client.get(url).content.decode()
    assert '<div class="readonly">Witness</div>' in html
