"""The case page's header at a glance: latest development, next date, claims, counsel, and the
appeal or member cases, each shown when there is something to show, in a fixed number of
queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CaseRole, Event, Testimony
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def _glance(client, case) -> str:
    """The header's 'at a glance' list, as HTML."""
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<dl class="case-glance"')
    return html[start : html.index("</dl>", start)]


def _today() -> dt.date:
    return timezone.localdate()


def test_the_latest_development_is_the_newest_published_entry_up_to_today_linked(client):
    case = CaseFactory()
    EventFactory(case=case, title="Complaint filed", date=_today() - dt.timedelta(days=300))
    statement = TestimonyFactory(
        case=case,
        witness=PartyFactory(name="Ada Witness"),
        date=_today() - dt.timedelta(days=10),
        setting=Testimony.Setting.DEPOSITION,
    )
    EventFactory(case=case, title="Newer draft", date=_today() - dt.timedelta(days=1), state=DRAFT)
    EventFactory(case=case, title="Hearing ahead", date=_today() + dt.timedelta(days=30))

    glance = _glance(client, case)

    latest = glance[glance.index("Latest development") : glance.index("Next date")]
    assert "Ada Witness, deposition testimony" in latest
    assert "(deposition)" not in latest  # the setting is said once
    assert f'href="{statement.get_absolute_url()}"' in latest
    assert statement.date_display in latest
    assert "Newer draft" not in glance and "Complaint filed" not in glance


def test_on_the_same_day_the_event_is_the_development_not_a_statement_made_at_it(client):
    case = CaseFactory()
    day = _today() - dt.timedelta(days=5)
    TestimonyFactory(case=case, witness=PartyFactory(name="Judge Judy"), date=day)
    EventFactory(case=case, title="Advisory verdict for the defendants", date=day)

    glance = _glance(client, case)

    latest = glance[glance.index("Latest development") : glance.index("Next date")]
    assert "Advisory verdict for the defendants" in latest
    assert "Judge Judy" not in latest


def test_the_next_date_is_the_first_upcoming_event_at_its_precision(client):
    case = CaseFactory()
    first_of_next_year = _today().replace(year=_today().year + 1, month=1, day=1)
    hearing = EventFactory(
        case=case,
        title="Summary judgment hearing",
        kind=Event.Kind.HEARING,
        date=first_of_next_year.replace(month=3),
        date_precision=Precision.MONTH,
    )
    EventFactory(case=case, title="Trial", date=first_of_next_year.replace(month=9))

    glance = _glance(client, case)

    upcoming = glance[glance.index("Next date") :]
    assert "Summary judgment hearing" in upcoming and "(hearing)" in upcoming
    assert f"March {first_of_next_year.year}" in upcoming  # the month, no invented day
    assert f'datetime="{first_of_next_year.year}-03"' in upcoming
    assert f'href="{hearing.get_absolute_url()}"' in upcoming
    assert "Trial" not in upcoming


def test_a_case_without_entries_says_so_and_shows_no_claims_counsel_or_related(client):
    glance = _glance(client, CaseFactory())
    assert "Nothing published yet" in glance
    assert "None scheduled" in glance
    assert "Claims" not in glance and "Counsel" not in glance and "related cases" not in glance


def test_claims_are_the_cases_causes_of_action_linked_to_the_table(client):
    case = CaseFactory()
    cause = CauseOfActionFactory(name="Copyright infringement")
    case.causes_of_action.add(cause)
    glance = _glance(client, case)
    assert "<dt>Claims</dt>" in glance
    assert f'href="{cause.get_absolute_url()}"' in glance and "Copyright infringement" in glance


def test_counsel_are_listed_with_the_party_they_represent(client):
    case = CaseFactory()
    openai, musk = PartyFactory(name="OpenAI"), PartyFactory(name="Elon Musk")
    CaseRoleFactory(case=case, party=openai, role=CaseRole.Role.DEFENDANT)
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.PLAINTIFF)
    savitt = PartyFactory(name="William Savitt")
    CaseRoleFactory(case=case, party=savitt, role=CaseRole.Role.COUNSEL, represents=openai)
    CaseRoleFactory(case=case, party=PartyFactory(name="Marc Toberoff"), role=CaseRole.Role.COUNSEL)

    glance = _glance(client, case)

    counsel = glance[glance.index("<dt>Counsel</dt>") :]
    assert "William Savitt" in counsel
    assert f'for</span> <a href="{openai.get_absolute_url()}">OpenAI</a>' in counsel
    assert "Marc Toberoff" in counsel
    assert "Elon Musk" not in counsel  # a party, not counsel


def test_the_appeal_and_member_cases_are_named_with_their_relation(client):
    mdl = CaseFactory(short_title="In re OpenAI Copyright Litigation")
    case = CaseFactory(short_title="Authors Guild v. OpenAI", consolidated_into=mdl)
    CaseFactory(short_title="Authors Guild v. OpenAI (2d Cir.)", appeal_of=case)
    CaseFactory(short_title="Secret appeal", appeal_of=case, state=DRAFT)

    glance = _glance(client, case)
    assert "Consolidated into <a" in glance and "In re OpenAI Copyright Litigation" in glance
    assert "Appealed in <a" in glance and "Authors Guild v. OpenAI (2d Cir.)" in glance
    assert "Secret appeal" not in glance

    assert "Consolidated member case <a" in _glance(client, mdl)


@pytest.mark.parametrize("size", [1, 30])
def test_the_header_adds_one_query_whatever_the_number_of_entries(
    client, size, django_assert_num_queries
):
    case = CaseFactory()
    source = SourceFactory()
    for index in range(size):
        EventFactory(case=case, date=_today() - dt.timedelta(days=index + 1), cite=source)
        EventFactory(case=case, date=_today() + dt.timedelta(days=index + 1), cite=source)
        TestimonyFactory(case=case, date=_today() - dt.timedelta(days=index + 1), cite=source)
    # Court, three facets, header, parties, related, overview (3), the page (3 kinds +
    # citations) = the case page's fourteen.
    with django_assert_num_queries(14):
        response = client.get(case.get_absolute_url())
    assert response.context["header"].latest is not None
    assert response.context["header"].next is not None


def test_an_mdl_page_rolls_its_member_cases_entries_into_its_timeline(client):
    mdl = CaseFactory(short_title="In re Generative AI Litigation")
    member = CaseFactory(short_title="Tremblay v. OpenAI", consolidated_into=mdl)
    EventFactory(case=member, title="Member complaint filed", date=dt.date(2023, 6, 28))
    EventFactory(case=mdl, title="Transfer order", date=dt.date(2024, 4, 3))
    response = client.get(mdl.get_absolute_url())
    titles = [entry.title for entry in response.context["timeline"].entries]
    assert titles == ["Member complaint filed", "Transfer order"]
    assert "Member complaint filed" not in _glance(client, mdl)  # the header is the MDL's own
