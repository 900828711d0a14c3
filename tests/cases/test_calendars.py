"""iCalendar feeds of upcoming dates: valid RFC 5545, published-only, partial dates handled."""

import datetime as dt
import re

import icalendar
import pytest
from django.utils import timezone

from cases.models import Event
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import CaseFactory, EventFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def today() -> dt.date:
    return timezone.localdate()


def parse_calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def appeal_case():
    return CaseFactory(short_title="Musk v. OpenAI (appeal)", slug="musk-appeal")


def test_upcoming_day_precision_events_are_all_day_entries_with_sources(client, appeal_case):
    source = SourceFactory(
        title="Third Circuit schedules argument",
        url="https://court.example/argument",
        outlet=OutletFactory(name="Reuters"),
    )
    hearing_day = today() + dt.timedelta(days=10)
    event = EventFactory(
        case=appeal_case,
        title="Oral argument",
        kind=Event.Kind.HEARING,
        date=hearing_day,
        description="Before a panel of three judges.",
        cite=source,
    )

    calendar = parse_calendar(client.get("/calendar.ics"))

    assert str(calendar["version"]) == "2.0"
    assert "AI Litigation Tracker" in str(calendar["prodid"])
    entry = vevents(calendar)["Musk v. OpenAI (appeal): Oral argument"]
    assert entry.decoded("dtstart") == hearing_day
    assert not isinstance(entry.decoded("dtstart"), dt.datetime)  # all day: a DATE
    assert entry.decoded("dtend") == hearing_day + dt.timedelta(days=1)
    assert str(entry["uid"]) == f"event-{event.pk}@127.0.0.1"
    assert str(entry["url"]) == f"http://127.0.0.1:8000/events/{event.pk}/"  # SITE_URL
    description = str(entry["description"])
    assert "Before a panel of three judges." in description
    assert "Third Circuit schedules argument (Reuters): https://court.example/argument" in (
        description
    )
    assert entry["dtstamp"].dt.tzinfo is not None


def test_past_draft_and_year_precision_events_are_left_out(client, appeal_case):
    soon = today() + dt.timedelta(days=3)
    EventFactory(case=appeal_case, title="Yesterday", date=today() - dt.timedelta(days=1))
    EventFactory(case=appeal_case, title="Draft hearing", date=soon, state=DRAFT)
    EventFactory(case=CaseFactory(state=DRAFT), title="Hearing in a draft case", date=soon)
    EventFactory(
        case=appeal_case,
        title="Some time next year",
        date=dt.date(today().year + 1, 1, 1),
        date_precision=Precision.YEAR,
    )
    EventFactory(case=appeal_case, title="Today", date=today())

    titles = set(vevents(parse_calendar(client.get("/calendar.ics"))))

    assert titles == {"Musk v. OpenAI (appeal): Today"}


def test_a_month_precision_event_spans_its_month_and_says_the_date_is_approximate(
    client, appeal_case
):
    month = first_of_next_month(today())
    EventFactory(
        case=appeal_case,
        title="Ruling expected",
        kind=Event.Kind.RULING,
        date=month,
        date_precision=Precision.MONTH,
    )
    entry = vevents(parse_calendar(client.get("/calendar.ics")))[
        "Musk v. OpenAI (appeal): Ruling expected (date approximate)"
    ]
    assert entry.decoded("dtstart") == month
    assert entry.decoded("dtend") == first_of_next_month(month)
    assert str(entry["status"]) == "TENTATIVE"
    assert month.strftime("%B %Y") in str(entry["description"])


def test_events_still_under_way_and_this_months_undated_events_are_upcoming(client, appeal_case):
    EventFactory(
        case=appeal_case,
        title="Trial",
        kind=Event.Kind.TRIAL,
        date=today() - dt.timedelta(days=2),
        end_date=today() + dt.timedelta(days=5),
    )
    EventFactory(
        case=appeal_case,
        title="Deadline this month",
        kind=Event.Kind.DEADLINE,
        date=today().replace(day=1),
        date_precision=Precision.MONTH,
    )
    entries = vevents(parse_calendar(client.get("/calendar.ics")))
    trial = entries["Musk v. OpenAI (appeal): Trial"]
    assert trial.decoded("dtend") == today() + dt.timedelta(days=6)
    assert "Musk v. OpenAI (appeal): Deadline this month (date approximate)" in entries


def test_the_uid_of_an_event_stays_the_same_when_it_is_edited(client, appeal_case):
    event = EventFactory(case=appeal_case, title="Hearing", date=today() + dt.timedelta(days=1))
    before = [str(e["uid"]) for e in parse_calendar(client.get("/calendar.ics")).walk("VEVENT")]
    event.title = "Hearing (moved)"
    event.date = today() + dt.timedelta(days=2)
    event.save()
    after = [str(e["uid"]) for e in parse_calendar(client.get("/calendar.ics")).walk("VEVENT")]
    assert before == after == [f"event-{event.pk}@127.0.0.1"]


def test_a_case_calendar_has_only_that_cases_dates_and_404s_for_drafts(client, appeal_case):
    soon = today() + dt.timedelta(days=4)
    EventFactory(case=appeal_case, title="Ours", date=soon)
    EventFactory(title="Theirs", date=soon)
    CaseFactory(slug="draft-case", state=DRAFT)

    response = client.get("/cases/musk-appeal/calendar.ics")

    assert set(vevents(parse_calendar(response))) == {"Musk v. OpenAI (appeal): Ours"}
    assert "musk-appeal-upcoming.ics" in response["Content-Disposition"]
    assert client.get("/cases/draft-case/calendar.ics").status_code == 404
    assert client.get("/cases/missing/calendar.ics").status_code == 404


def test_an_empty_calendar_is_still_a_valid_calendar(client):
    calendar = parse_calendar(client.get("/calendar.ics"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "AI litigation: upcoming dates"
    text = calendar.to_ical().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in text
    assert "X-PUBLISHED-TTL:PT6H" in text


def test_a_draft_source_is_not_listed_in_an_events_description(client, appeal_case):
    event = EventFactory(
        case=appeal_case,
        title="Hearing",
        date=today() + dt.timedelta(days=1),
        cite=SourceFactory(title="Unpublished memo", state=DRAFT),
    )
    event.citations.create(source=SourceFactory(title="Public report"))
    entry = vevents(parse_calendar(client.get("/calendar.ics")))["Musk v. OpenAI (appeal): Hearing"]
    assert "Unpublished memo" not in str(entry["description"])
    assert "Public report" in str(entry["description"])


@pytest.mark.parametrize("size", [1, 10])
def test_calendars_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, appeal_case, size
):
    for n in range(size):
        EventFactory(case=appeal_case, title=f"Hearing {n}", date=today() + dt.timedelta(days=n))
        EventFactory(title=f"Elsewhere {n}", date=today() + dt.timedelta(days=n))
    with django_assert_num_queries(2):  # events with their cases, then their sources
        assert len(parse_calendar(client.get("/calendar.ics")).walk("VEVENT")) == 2 * size
    with django_assert_num_queries(3):  # the case first
        calendar = parse_calendar(client.get("/cases/musk-appeal/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == size


def test_control_characters_stored_in_texts_are_left_out_of_calendars(client):
    """RFC 5545 text cannot carry control characters (other than tab); stored ones are
    dropped rather than written into the calendar."""
    case = CaseFactory(slug="ctl", short_title="Ctl\x0b v. Calendar")
    source = SourceFactory(title="Re\x0cport")
    EventFactory(
        case=case,
        title="Vertical\x0btab",
        description="Line\x07one",
        date=today() + dt.timedelta(days=3),
        cite=source,
    )
    for url in ("/calendar.ics", "/cases/ctl/calendar.ics"):
        response = client.get(url)
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", response.content)
        events = vevents(parse_calendar(response))
        assert list(events) == ["Ctl v. Calendar: Verticaltab"]
        description = str(events["Ctl v. Calendar: Verticaltab"]["description"])
        assert "Lineone" in description and "Report" in description


@pytest.mark.parametrize(
    ("day", "precision", "end"),
    [
        (dt.date(9999, 12, 31), Precision.DAY, None),
        (dt.date(9999, 12, 1), Precision.MONTH, None),
        (None, Precision.DAY, dt.date(9999, 12, 31)),
    ],
)
def test_dates_stored_outside_the_accepted_years_are_left_out_of_calendars(
    client, appeal_case, day, precision, end
):
    """Refused on input now; one stored earlier is no real upcoming date, and its exclusive
    end would be past the last day a date can hold."""
    soon = EventFactory(case=appeal_case, title="Hearing", date=today() + dt.timedelta(days=2))
    odd = EventFactory(case=appeal_case, title="Odd", date=today() + dt.timedelta(days=3))
    Event.objects.filter(pk=odd.pk).update(
        date=day or odd.date, date_precision=precision, end_date=end
    )
    for url in ("/calendar.ics", f"/cases/{appeal_case.slug}/calendar.ics"):
        assert list(vevents(parse_calendar(client.get(url)))) == [
            f"{appeal_case.short_title}: {soon.title}"
        ]


def test_uids_and_links_come_from_site_url_never_from_the_request_host(
    client, appeal_case, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    event = EventFactory(case=appeal_case, title="Hearing", date=today() + dt.timedelta(days=1))
    permalink = "https://tracker.example.org" + event.get_absolute_url()
    for host in ("testserver", "attacker.example"):
        calendar = parse_calendar(client.get("/calendar.ics", HTTP_HOST=host))
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["uid"]) == f"event-{event.pk}@tracker.example.org"
        assert str(vevent["url"]) == permalink
        assert str(vevent["description"]).endswith(f"More: {permalink}")
