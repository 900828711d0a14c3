"""Mentions of known parties, the cases they point to, and quotes attributed to known people."""

import pytest

from articles.ingestion.analysis import PartyMatcher, find_mentions, find_quotes, known_parties
from articles.ingestion.extraction import extract
from tests.articles.conftest import page
from tests.factories import CaseFactory, CaseRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher(demo_parties):
    return PartyMatcher(known_parties())


def names(found, demo_parties):
    by_pk = {p.pk: p.name for p in vars(demo_parties).values() if hasattr(p, "aliases")}
    return {by_pk[m.party_id]: m.count for m in found}


def test_names_and_aliases_match_whole_words_in_any_case(matcher, demo_parties):
    text = "MUSK and Sam Altman met. Altman’s lawyer, not a muskrat, called OpenAI’s xai team."
    found = names(find_mentions(text, matcher), demo_parties)
    assert found == {"Elon Musk": 1, "Samuel Altman": 2, "OpenAI": 1, "xAI": 1}


def test_a_text_naming_nobody_mentions_nobody(matcher):
    assert find_mentions("The muskrat and the Muskogee river.", matcher) == []


def quotes(text, matcher, demo_parties):
    by_pk = {p.pk: p.name for p in vars(demo_parties).values() if hasattr(p, "aliases")}
    return [(by_pk[q.speaker_id], q.quote, q.context) for q in find_quotes(text, matcher)]


def test_the_musk_partly_exchange_gives_two_statements_and_the_question_as_context(
    matcher, demo_parties
):
    article = extract(page("techlusive-musk-xai.html"), "https://www.techlusive.in/news/x/")
    found = quotes(article.text, matcher, demo_parties)
    assert found == [
        ("Elon Musk", "Generally all the AI companies [do that].", ""),
        ("Elon Musk", "Partly.", "So that’s a yes?"),
        ("Elon Musk", "It is standard practice to use other AIs to validate your AI", ""),
    ]


def test_straight_quotes_and_said_name_order_are_attributed(matcher, demo_parties):
    article = extract(page("courtwatch-altman-charity.html"), "https://courtwatch.example/a")
    found = quotes(article.text, matcher, demo_parties)
    assert ("Samuel Altman", "It feels difficult to even wrap my head around that framing", "") in (
        found
    )
    assert ("Samuel Altman", "We could not have done this as a pure nonprofit", "") in found
    # Not attributed to a known person: a spokesperson, an organization, a scare quote.
    spoken = {quote for _, quote, _ in found}
    assert "does not change the facts." not in spoken
    assert "We look forward to the jury's verdict." not in spoken
    assert "steal a charity." not in spoken


@pytest.mark.parametrize(
    "text",
    [
        "“We will win,” said Musk’s lawyer.",
        "“We will win,” Musk’s lawyer said.",
        "“We will win,” Musk lawyer Toberoff said.",
        "“We will win,” Musk spokeswoman Jane said.",
    ],
)
def test_a_quote_by_someone_speaking_for_a_person_is_not_that_persons(matcher, demo_parties, text):
    assert quotes(text, matcher, demo_parties) == []


@pytest.mark.parametrize(
    "text",
    [
        "“We will win,” Musk said.",
        "“We will win,” Musk later told the jury.",
        "“We will win,” Musk, 54, said.",
        "“We will win,” said Musk.",
    ],
)
def test_a_quote_followed_by_its_speaker_and_verb_is_attributed(matcher, demo_parties, text):
    assert quotes(text, matcher, demo_parties) == [("Elon Musk", "We will win", "")]


def test_a_quote_whose_sentence_ended_is_not_given_to_the_next_sentences_subject(
    matcher, demo_parties
):
    text = "“I never agreed.” Musk said nothing more. Altman laughed."
    assert quotes(text, matcher, demo_parties) == []


def test_cases_are_suggested_by_title_or_shared_parties_not_by_one_busy_party(demo_parties):
    from articles.ingestion.analysis import suggest_cases

    other = CaseFactory(short_title="New York Times v. Microsoft")
    CaseRoleFactory(case=other, party=demo_parties.openai, role="defendant")
    CaseRoleFactory(case=other, party=demo_parties.microsoft, role="defendant")
    from articles.ingestion.analysis import knowledge

    known = knowledge()

    def suggested(text):
        found = find_mentions(text, known.matcher)
        return {c.case_id: c.reason for c in suggest_cases(text, found, known)}

    # OpenAI alone is in two cases: no suggestion.
    assert suggested("OpenAI released a model.") == {}
    # Musk is only in Musk v. OpenAI.
    assert suggested("Musk posted again.") == {
        demo_parties.case.pk: "The text names its party Elon Musk."
    }
    # Named by its title (also "vs").
    assert other.pk in suggested("In New York Times vs Microsoft, the judge ruled.")
    # Two shared parties.
    assert suggested("OpenAI and Microsoft were sued.")[other.pk].startswith(
        "The text names 2 of its parties"
    )


def test_a_new_alias_is_found_on_the_next_analysis(demo_parties):
    from articles.ingestion.analysis import knowledge

    assert find_mentions("The Technoking spoke.", knowledge().matcher) == []
    demo_parties.musk.aliases += "\nTechnoking"
    demo_parties.musk.save()
    found = find_mentions("The Technoking spoke.", knowledge().matcher)
    assert [m.party_id for m in found] == [demo_parties.musk.pk]
