"""/cases/ as the tracker table (issue 18): one row per published case with status, court,
judge, filed, latest development, next date and claims; sortable by any column, filterable by
every facet, exportable as CSV with every matching row."""

import csv
import datetime as dt
import io

import pytest

from cases.models import Case, CaseRole
from cases.tracker import CSV_COLUMNS
from core.publishing import PublicationState
from tests.factories import (
    ApplicationAreaFactory,
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db
URL, CSV_URL = "/cases/", "/cases.csv"
TODAY = dt.date.today()


def _titles(response) -> list[str]:
    return [case.short_title for case in response.context["page"].object_list]


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def table():
    copyright_ = CauseOfActionFactory(name="Copyright", slug="copyright")
    publicity = CauseOfActionFactory(name="Right of publicity", slug="right-of-publicity")
    images = ApplicationAreaFactory(name="Image generation", slug="image-generation")
    llm = ApplicationAreaFactory(name="LLM training data", slug="llm-training-data")
    andersen = CaseFactory(
        short_title="Andersen v. Stability AI",
        caption="Sarah Andersen et al. v. Stability AI Ltd. et al.",
        court=CourtFactory(slug="nd-cal", short_name="N.D. Cal.", name="N.D. California"),
        status=Case.Status.PENDING,
        filed_on=dt.date(2023, 1, 13),
        ai_systems="Stable Diffusion, DreamStudio",
        jurisdiction_type=Case.JurisdictionType.FEDERAL,
        is_class_action=True,
        causes_of_action=[copyright_, publicity],
        application_areas=[images],
    )
    CaseRoleFactory(
        case=andersen,
        party=PartyFactory(name="William H. Orrick", slug="orrick"),
        role=CaseRole.Role.JUDGE,
    )
    EventFactory(case=andersen, date=TODAY - dt.timedelta(days=30), title="Motion to dismiss")
    EventFactory(case=andersen, date=TODAY - dt.timedelta(days=3), title="Order on discovery")
    EventFactory(case=andersen, date=TODAY + dt.timedelta(days=40), title="Case management")
    EventFactory(case=andersen, date=TODAY + dt.timedelta(days=90), title="Trial")
    EventFactory(
        case=andersen,
        date=TODAY - dt.timedelta(days=1),
        title="Draft news",
        state=PublicationState.DRAFT,
    )
    getty = CaseFactory(
        short_title="Getty Images v. Stability AI",
        court=CourtFactory(slug="ewhc", short_name="EWHC", name="High Court of England"),
        status=Case.Status.DECIDED,
        filed_on=dt.date(2023, 5, 12),
        ai_systems="Stable Diffusion",
        jurisdiction_type=Case.JurisdictionType.FOREIGN,
        has_published_opinion=True,
        causes_of_action=[copyright_],
        application_areas=[images],
    )
    tremblay = CaseFactory(
        short_title="Tremblay v. OpenAI",
        court=andersen.court,
        status=Case.Status.FILED,
        filed_on=dt.date(2023, 6, 28),
        ai_systems="ChatGPT",
        jurisdiction_type=Case.JurisdictionType.FEDERAL,
        is_class_action=True,
        application_areas=[llm],
    )
    CaseFactory(
        short_title="Secret v. Draft",
        state=PublicationState.DRAFT,
        causes_of_action=[CauseOfActionFactory(name="Secret claim", slug="secret-claim")],
    )
    return {"andersen": andersen, "getty": getty, "tremblay": tremblay}


def test_a_row_shows_status_court_judge_filed_latest_development_next_date_and_claims(
    client, table
):
    html = client.get(URL, {"q": "Andersen"}).content.decode()
    for shown in (
        "Pending",
        "N.D. Cal.",
        "William H. Orrick",
        "13 January 2023",
        "Order on discovery",
        "Case management",
        'href="/cases/?cause=copyright"',
        "Right of publicity",
    ):
        assert shown in html
    assert "Draft news" not in html and "Trial" not in html
    assert "Secret" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"cause": "copyright"}, ["Andersen v. Stability AI", "Getty Images v. Stability AI"]),
        ({"cause": "right-of-publicity"}, ["Andersen v. Stability AI"]),
        ({"area": "llm-training-data"}, ["Tremblay v. OpenAI"]),
        (
            {"ai_system": "stable diff"},
            ["Andersen v. Stability AI", "Getty Images v. Stability AI"],
        ),
        ({"jurisdiction": "foreign"}, ["Getty Images v. Stability AI"]),
        ({"class_action": "yes"}, ["Andersen v. Stability AI", "Tremblay v. OpenAI"]),
        ({"class_action": "no"}, ["Getty Images v. Stability AI"]),
        ({"published_opinion": "yes"}, ["Getty Images v. Stability AI"]),
        ({"status": "filed"}, ["Tremblay v. OpenAI"]),
        ({"court": "ewhc"}, ["Getty Images v. Stability AI"]),
        ({"party": "orrick"}, ["Andersen v. Stability AI"]),
        (
            {"year": "2023", "cause": "copyright", "jurisdiction": "federal"},
            ["Andersen v. Stability AI"],
        ),
    ],
)
def test_every_facet_filters_the_table(client, table, params, expected):
    response = client.get(URL, {**params, "sort": "title"})
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"cause": "secret-claim"},  # only a draft carries it
        {"cause": "nothing"},
        {"jurisdiction": "galactic"},
        {"class_action": "maybe"},
    ],
)
def test_an_unknown_facet_value_is_a_400_with_the_reason(client, table, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["andersen", "getty", "tremblay"]),
        ("-title", ["tremblay", "getty", "andersen"]),
        ("status", ["tremblay", "andersen", "getty"]),  # filed, pending, decided
        ("-status", ["getty", "andersen", "tremblay"]),
        ("court", ["getty", "andersen", "tremblay"]),  # EWHC before N.D. Cal.
        ("judge", ["andersen", "getty", "tremblay"]),  # cases without a judge last
        ("filed_asc", ["andersen", "getty", "tremblay"]),
        ("filed", ["tremblay", "getty", "andersen"]),
        ("-latest", ["andersen", "getty", "tremblay"]),
        ("next", ["andersen", "getty", "tremblay"]),
        ("claims", ["andersen", "getty", "tremblay"]),  # Copyright; Copyright; none
        ("-claims", ["andersen", "getty", "tremblay"]),
    ],
)
def test_every_column_sorts_the_table(client, table, sort, expected):
    response = client.get(URL, {"sort": sort})
    assert _titles(response) == [table[key].short_title for key in expected]


def test_column_headings_link_to_their_sort_and_say_which_one_is_on(client, table):
    html = client.get(URL, {"sort": "court", "cause": "copyright"}).content.decode()
    assert '<th scope="col" aria-sort="ascending" class="tracker__court">' in html
    assert 'href="?cause=copyright&amp;sort=-court"' in html  # a second click reverses it
    assert (
        'aria-sort="none" class="tracker__judge"><a href="?cause=copyright&amp;sort=judge"' in html
    )


def test_the_status_filter_lists_each_status_once_with_its_count(client, table):
    CaseFactory(status=Case.Status.PENDING)
    html = client.get(URL).content.decode()
    assert html.count('<option value="pending"') == 1
    assert "Pending (2)" in html and "Settled" not in html


def test_the_csv_has_every_matching_row_not_one_page_in_the_documented_columns(client, table):
    for index in range(30):
        CaseFactory(
            short_title=f"Case {index:02d}",
            causes_of_action=[table["getty"].causes_of_action.get()],
        )
    response = client.get(CSV_URL, {"cause": "copyright", "sort": "title"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert len(rows) == 32
    assert list(rows[0]) == list(CSV_COLUMNS)
    andersen = next(row for row in rows if row["short_title"] == "Andersen v. Stability AI")
    assert andersen == {
        **andersen,
        "caption": "Sarah Andersen et al. v. Stability AI Ltd. et al.",
        "court": "N.D. California",
        "jurisdiction_type": "federal",
        "status": "Pending",
        "filed": "2023-01-13",
        "judge": "William H. Orrick",
        "causes_of_action": "Copyright; Right of publicity",
        "areas_of_application": "Image generation",
        "ai_systems": "Stable Diffusion, DreamStudio",
        "class_action": "yes",
        "published_opinion": "no",
        "latest_development_date": (TODAY - dt.timedelta(days=3)).isoformat(),
        "latest_development": "Order on discovery",
        "next_date": (TODAY + dt.timedelta(days=40)).isoformat(),
        "next_event": "Case management",
    }
    assert andersen["url"].startswith("http")
    assert andersen["url"].endswith(f"/cases/{table['andersen'].slug}/")


def test_the_csv_keeps_formula_like_text_as_text(client):
    CaseFactory(short_title="=HYPERLINK(1) v. Evil")
    (row,) = _csv(client.get(CSV_URL))
    assert row["short_title"] == "'=HYPERLINK(1) v. Evil"


def test_the_csv_refuses_bad_filters_with_a_400(client, table):
    response = client.get(CSV_URL, {"jurisdiction": "galactic"})
    assert response.status_code == 400
    assert "Jurisdiction" in response.content.decode()


def test_the_page_links_to_the_csv_of_the_same_filters(client, table):
    html = client.get(URL, {"cause": "copyright"}).content.decode()
    assert 'href="/cases.csv?cause=copyright"' in html


@pytest.mark.parametrize("size", [2, 30])
def test_the_table_runs_nine_queries_whatever_the_number_of_cases(
    client, size, django_assert_num_queries
):
    claim, area = CauseOfActionFactory(), ApplicationAreaFactory()
    for _ in range(size):
        case = CaseFactory(causes_of_action=[claim], application_areas=[area])
        CaseRoleFactory(case=case, role=CaseRole.Role.JUDGE)
        EventFactory(case=case, date=TODAY - dt.timedelta(days=1))
        EventFactory(case=case, date=TODAY + dt.timedelta(days=1))
    with django_assert_num_queries(9):
        response = client.get(URL, {"sort": "judge"})
    assert len(response.context["page"].object_list) == min(size, 25)
