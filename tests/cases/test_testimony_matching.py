"""A quote is the same statement as a witness's testimony when it reads the same once case,
punctuation, curly quotes and white space are set aside, within a week of it; similar quotes
are near matches a curator decides on."""

import datetime as dt

import pytest

from cases.testimony_matching import (
    NEAR_RATIO,
    matching_testimony,
    normalise_quote,
    quote_similarity,
)
from core.dates import Precision, period_end
from tests.factories import CaseFactory, PartyFactory, TestimonyFactory


@pytest.mark.parametrize(
    "variant", ["Partly", "Partly.", "“partly”", "  PARTLY!  ", '"Partly"', "partly…"]
)
def test_case_punctuation_curly_quotes_and_white_space_do_not_make_another_quote(variant):
    assert normalise_quote(variant) == "partly"
    assert quote_similarity("Partly.", variant) == 1.0


def test_apostrophes_straight_or_curly_read_the_same():
    assert normalise_quote("I don’t  recall\nthat.") == normalise_quote("i don't recall that")


def test_a_reworded_quote_is_similar_but_not_equal():
    ratio = quote_similarity(
        "We used OpenAI models partly to train Grok.", "We used OpenAI’s models partly for Grok"
    )
    assert NEAR_RATIO <= ratio < 1.0


def test_partially_is_a_near_match_of_partly_for_the_curator_to_decide():
    assert NEAR_RATIO <= quote_similarity("Partly.", "Partially.") < 1.0


def test_a_quote_inside_a_longer_one_is_a_near_match():
    assert NEAR_RATIO <= quote_similarity("Partly.", "Partly. It was standard practice.") < 1.0


def test_different_quotes_are_not_similar():
    assert quote_similarity("I founded OpenAI.", "We never trained on it.") < NEAR_RATIO


def test_a_month_ends_on_its_last_day_and_a_year_on_31_december():
    assert period_end(dt.date(2026, 2, 1), Precision.MONTH) == dt.date(2026, 2, 28)
    assert period_end(dt.date(2026, 12, 1), Precision.MONTH) == dt.date(2026, 12, 31)
    assert period_end(dt.date(2026, 1, 1), Precision.YEAR) == dt.date(2026, 12, 31)
    assert period_end(dt.date(2026, 5, 4), Precision.DAY) == dt.date(2026, 5, 4)


@pytest.fixture
def partly(db):
    return TestimonyFactory(excerpt="Partly.", date=dt.date(2026, 4, 30))


def matches(testimony, quote="partly", date=dt.date(2026, 5, 1), **kwargs):
    kwargs.setdefault("case", testimony.case)
    kwargs.setdefault("witness", testimony.witness)
    return matching_testimony(quote=quote, date=date, **kwargs)


def test_the_same_quote_days_apart_is_the_same_statement(partly):
    found = matches(partly, "“partly”", dt.date(2026, 5, 7))
    assert [(m.testimony, m.exact) for m in found] == [(partly, True)]


def test_the_same_quote_more_than_a_week_apart_is_another_statement(partly):
    assert matches(partly, date=dt.date(2026, 5, 8)) == []
    assert matches(partly, date=dt.date(2026, 4, 22)) == []


def test_a_month_precision_date_reaches_the_statements_of_that_month(partly):
    assert [m.testimony for m in matches(partly, date=dt.date(2026, 4, 1), precision="month")] == [
        partly
    ]
    assert matches(partly, date=dt.date(2026, 2, 1), precision="month") == []


def test_another_witness_or_another_case_is_never_a_match(partly):
    assert matches(partly, witness=PartyFactory()) == []
    assert matches(partly, case=CaseFactory()) == []


def test_a_similar_quote_is_a_near_match_not_an_equal_one(partly):
    found = matches(partly, "Partly, yes.")
    assert [(m.testimony, m.exact) for m in found] == [(partly, False)]


def test_equal_quotes_come_before_similar_ones(partly):
    similar = TestimonyFactory(
        case=partly.case, witness=partly.witness, excerpt="Partly, yes.", date=dt.date(2026, 5, 1)
    )
    found = matches(partly, "Partly, yes")
    assert [(m.testimony, m.exact) for m in found] == [(similar, True), (partly, False)]
