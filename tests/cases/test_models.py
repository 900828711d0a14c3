"""Invariants of the domain model: each database constraint and its friendly clean() twin."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Case, CaseRole, Event, Testimony
from core.dates import Precision, format_partial_date, parse_partial_date
from tests.factories import (
    CaseFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        (dt.date(2026, 5, 4), Precision.DAY, "4 May 2026"),
        (dt.date(2026, 5, 1), Precision.MONTH, "May 2026"),
        (dt.date(2026, 1, 1), Precision.YEAR, "2026"),
    ],
)
def test_dates_are_shown_at_their_precision(value, precision, shown):
    assert format_partial_date(value, precision) == shown


def test_parsing_a_31_february_explains_the_problem():
    with pytest.raises(ValueError, match="not a real date"):
        parse_partial_date("2026-02-31")
    assert parse_partial_date("2024-11") == (dt.date(2024, 11, 1), Precision.MONTH)


@pytest.mark.parametrize(
    "text",
    ["+202", "2_24", " 2024-1", "2024-11-5", "\uff12\uff10\uff12\uff14", "2024-11-05T00", "20241"],
)
def test_only_iso_dates_with_ascii_digits_are_read(text):
    with pytest.raises(ValueError, match="use YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_partial_date(text)


@pytest.mark.parametrize("text", ["0001", "0050", "1799-12-31", "2201", "9998-12-31", "9999-12"])
def test_years_outside_1800_to_2200_are_refused(text):
    with pytest.raises(ValueError, match="use a year from 1800 to 2200"):
        parse_partial_date(text)
    assert parse_partial_date("1800") == (dt.date(1800, 1, 1), Precision.YEAR)
    assert parse_partial_date("2200-12-31") == (dt.date(2200, 12, 31), Precision.DAY)


def test_a_month_precision_date_must_be_the_first_in_clean_and_in_the_database():
    event = EventFactory.build(
        case=CaseFactory(), date=dt.date(2024, 11, 15), date_precision="month"
    )
    with pytest.raises(ValidationError) as err:
        event.full_clean()
    assert "set the day to 1" in str(err.value.message_dict["date"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            case=event.case, date=dt.date(2024, 11, 15), date_precision="month", title="x"
        )


def test_a_year_precision_date_must_be_the_first_of_january():
    testimony = TestimonyFactory.build(
        case=CaseFactory(), witness=PartyFactory(), date=dt.date(2020, 5, 1), date_precision="year"
    )
    with pytest.raises(ValidationError) as err:
        testimony.full_clean()
    assert "1 January" in str(err.value.message_dict["date"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Testimony.objects.create(
            case=testimony.case,
            witness=testimony.witness,
            excerpt="x",
            date=dt.date(2020, 5, 1),
            date_precision="year",
        )


def test_an_unknown_precision_is_a_validation_error():
    event = EventFactory.build(case=CaseFactory(), date=dt.date(2024, 11, 1), date_precision="week")
    with pytest.raises(ValidationError) as err:
        event.full_clean()
    assert "date_precision" in err.value.message_dict


def test_a_docket_number_is_unique_per_court_with_a_friendly_error():
    court = CourtFactory()
    CaseFactory(court=court, docket_number="4:24-cv-04722-YGR")
    duplicate = CaseFactory.build(court=court, docket_number="4:24-cv-04722-YGR", slug="other")
    with pytest.raises(ValidationError) as err:
        duplicate.full_clean()
    assert "already has this docket number" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_same_docket_number_in_another_court_and_empty_numbers_are_allowed():
    CaseFactory(docket_number="1:23-cv-1")
    CaseFactory(docket_number="1:23-cv-1")  # another court
    court = CourtFactory()
    CaseFactory(court=court, docket_number="")
    CaseFactory(court=court, docket_number="")
    assert Case.objects.count() == 4


def test_slugs_are_unique():
    CaseFactory(slug="musk-v-openai")
    with pytest.raises(ValidationError) as err:
        CaseFactory.build(slug="musk-v-openai", court=CourtFactory()).full_clean()
    assert "slug" in err.value.message_dict


def test_only_counsel_can_represent_a_party():
    role = CaseRole(
        case=CaseFactory(), party=PartyFactory(), role="witness", represents=PartyFactory()
    )
    with pytest.raises(ValidationError) as err:
        role.full_clean()
    assert "Only counsel" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(case=CaseFactory(), end_date=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError) as err:
        event.full_clean()
    assert "end_date" in err.value.message_dict


def test_entries_order_by_date_then_vaguer_precision_first():
    case = CaseFactory()
    day = EventFactory(case=case, date=dt.date(2024, 11, 1), date_precision="day", title="day")
    month = EventFactory(
        case=case, date=dt.date(2024, 11, 1), date_precision="month", title="month"
    )
    year = EventFactory(case=case, date=dt.date(2024, 1, 1), date_precision="year", title="year")
    assert list(case.events.all()) == [year, month, day]
