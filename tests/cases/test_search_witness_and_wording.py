"""Search finds a statement by its witness (name and aliases) and by every published source's
wording, and the write services keep what it finds it by up to date (Testimony.search_extra)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cases import services
from cases.models import Party, Testimony, TestimonyCitation
from cases.models.search import refresh_search_extra
from cases.search.query import search
from core.publishing import PublicationState
from tests.factories import CaseFactory, PartyFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


@dataclass
class Statements:
    musk: Party
    altman: Party
    distillation: Testimony  # Musk's, about distillation
    altmans: Testimony  # Altman's, about distillation too
    partly: Testimony  # Musk's "Partly.", which a second source words "Partially."
    citation: TestimonyCitation  # the second source's citation of `partly`


@pytest.fixture
def statements(db) -> Statements:
    case = CaseFactory(slug="musk-v-openai", short_title="Musk v. OpenAI")
    musk = PartyFactory(slug="elon-musk", name="Elon Musk", aliases="Musk\nThe Chief Twit")
    altman = PartyFactory(slug="sam-altman", name="Sam Altman", aliases="Altman")
    distillation = TestimonyFactory(
        case=case, witness=musk, excerpt="xAI used distillation of OpenAI models, partly."
    )
    altmans = TestimonyFactory(case=case, witness=altman, excerpt="Distillation is common.")
    partly = TestimonyFactory(case=case, witness=musk, excerpt="Partly.", context="Did xAI?")
    citation = TestimonyCitation.objects.create(
        testimony=partly, source=SourceFactory(title="Day two"), wording="Partially."
    )
    # Factories write rows directly, as load_demo and seed_bench do: rebuild as they must.
    refresh_search_extra(Testimony.objects.all())
    return Statements(musk, altman, distillation, altmans, partly, citation)


def found(query: str, **kwargs) -> list[int]:
    return [hit.entry.id for hit in search(query, kinds=["testimony"], **kwargs).hits]


def test_the_witness_name_and_a_topic_word_find_only_that_witness_s_statement(statements):
    assert found("Musk distillation") == [statements.distillation.pk]
    assert found("Altman distillation") == [statements.altmans.pk]
    assert set(found("distillation")) == {statements.distillation.pk, statements.altmans.pk}


def test_an_alias_finds_the_witness_s_statements(statements):
    assert set(found('"chief twit" partly')) == {statements.partly.pk, statements.distillation.pk}
    assert found("twit distillation") == [statements.distillation.pk]


def test_the_matched_witness_name_is_marked_in_the_hit_title(statements):
    (hit,) = search("Musk distillation", kinds=["testimony"]).hits
    assert hit.title_html == "Elon <mark>Musk</mark>"
    assert hit.title == "Elon Musk"
    assert hit.wording == ""  # found by its own excerpt: no wording shown


def test_a_source_s_wording_finds_the_statement_curated_otherwise_and_is_shown_marked(
    statements,
):
    (hit,) = search("Partially", kinds=["testimony"]).hits
    assert hit.entry.id == statements.partly.pk
    assert hit.snippet == "Partly."
    assert hit.wording_html == "<mark>Partially</mark>."
    assert hit.wording == "Partially."


def test_a_match_in_the_excerpt_itself_shows_no_wording(statements):
    hits = search("Partly", kinds=["testimony"]).hits
    assert statements.partly.pk in [hit.entry.id for hit in hits]
    assert all(hit.wording == "" and hit.wording_html == "" for hit in hits)


def test_renaming_a_party_through_the_services_updates_what_finds_its_statements(
    statements, editor
):
    musk = statements.musk
    musk.name, musk.aliases = "Elon R. Musk", "Technoking"
    services.save(user=editor, obj=musk)
    assert found("Technoking distillation") == [statements.distillation.pk]
    assert found("Twit distillation") == []


def test_editing_a_citation_s_wording_updates_what_finds_the_statement(statements, editor):
    citation = statements.citation
    citation.wording = "Halfway."
    services.save(user=editor, obj=citation)
    assert found("Partially") == []
    assert found("halfway") == [statements.partly.pk]


def test_replacing_and_deleting_citations_update_what_finds_the_statement(statements, editor):
    partly, kept = statements.partly, statements.citation.source
    other = SourceFactory(title="Day three")
    services.replace_citations(
        user=editor,
        entry=partly,
        citations=[{"source": kept, "wording": ""}, {"source": other, "wording": "Somewhat."}],
    )
    assert found("Partially") == []
    assert found("Somewhat") == [partly.pk]
    services.delete(user=editor, obj=partly.citations.get(source=other))
    assert found("Somewhat") == []


def test_changing_the_witness_of_a_statement_changes_whose_name_finds_it(statements, editor):
    altmans = statements.altmans
    altmans.witness = statements.musk
    services.save(user=editor, obj=altmans)
    assert set(found("Musk distillation")) == {statements.distillation.pk, altmans.pk}
    assert found("Altman distillation") == []


def test_a_draft_source_s_wording_finds_nothing_until_the_source_is_published(statements, editor):
    source = statements.citation.source
    services.unpublish(obj=source, user=editor)  # the statement keeps another published source
    assert found("Partially") == []
    services.publish(obj=source, user=editor)
    assert found("Partially") == [statements.partly.pk]


def test_draft_statements_never_match_their_witness_or_wording(statements):
    draft = TestimonyFactory(
        case=statements.partly.case, witness=statements.musk, excerpt="Secret.", state=DRAFT
    )
    TestimonyCitation.objects.create(testimony=draft, source=SourceFactory(), wording="Hush.")
    refresh_search_extra([draft.pk])
    assert draft.pk not in found("Musk")
    assert found("Hush") == []


def test_the_rebuild_fills_only_the_statements_it_is_given_in_one_query(
    statements, django_assert_num_queries
):
    Testimony.objects.update(search_extra="")
    with django_assert_num_queries(1):
        assert refresh_search_extra([statements.partly.pk]) == 1
    assert found("Partially") == [statements.partly.pk]
    assert found("Musk distillation") == []


@pytest.mark.parametrize("size", [1, 8])
def test_searching_by_witness_and_wording_runs_a_fixed_number_of_queries(
    statements, django_assert_num_queries, size
):
    for n in range(size):
        more = TestimonyFactory(
            case=statements.partly.case, witness=statements.musk, excerpt=f"Distillation {n}."
        )
        TestimonyCitation.objects.create(testimony=more, source=SourceFactory(), wording="Yes.")
    refresh_search_extra(Testimony.objects.all())
    # the candidates, then the page's testimony with every headline (wordings: a subquery)
    with django_assert_num_queries(2):
        results = search("Musk distillation", kinds=["testimony"], limit=100)
    assert results.total == size + 1


def test_the_search_page_shows_the_source_s_wording_that_matched(client, statements):
    html = client.get("/search/", {"q": "Partially"}).content.decode()
    assert "As a source words it: <mark>Partially</mark>." in html
    assert "Partly." in html
