"""When a reported statement was made, at the precision the report gives: never a day the
article does not give, never after the article."""

import datetime as dt

import pytest

from articles.ingestion.statement_dates import statement_date

PUBLISHED = dt.date(2026, 5, 20)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Musk testified in May that “it was partly true.”", (dt.date(2026, 5, 1), "month")),
        ("Musk said in June: “Partly.”", (dt.date(2025, 6, 1), "month")),
        ("In May 2024, Altman said “we never did.”", (dt.date(2024, 5, 1), "month")),
        ("On May 5, Musk said “Partly.”", (dt.date(2026, 5, 5), "day")),
        ("He said on 3 March 2025 that “it was fine.”", (dt.date(2025, 3, 3), "day")),
        ("Musk said on Tuesday: “Partly.”", (dt.date(2026, 5, 19), "day")),
        ("Altman said yesterday, “No.”", (dt.date(2026, 5, 19), "day")),
        ("Musk answered, “Partly.”", (PUBLISHED, "day")),
    ],
)
def test_the_sentence_dates_the_statement_at_the_precision_it_gives(sentence, expected):
    assert statement_date(sentence, PUBLISHED) == expected


def test_dates_inside_the_quotation_are_what_was_said_not_when():
    assert statement_date("Musk said, “In March 2017 we met.”", PUBLISHED) == (PUBLISHED, "day")


def test_may_the_verb_is_not_a_month():
    assert statement_date("Musk, who may 5 times have said it, said “No.”", PUBLISHED) == (
        PUBLISHED,
        "day",
    )


def test_an_impossible_day_is_not_a_date():
    assert statement_date("He said on February 30 “No.”", PUBLISHED) == (PUBLISHED, "day")
