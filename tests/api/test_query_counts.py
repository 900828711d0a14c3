"""Every endpoint runs a fixed number of queries whatever the page size (pinned at two data
sizes)."""

import pytest

from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Anonymous readers: (page-number count query +) rows + one query per related list.
LIST_QUERIES = {
    # count, rows (court joined, tracker row as subqueries), topics, roles, causes of action,
    # areas of application
    "cases": 6,
    "parties": 3,  # count, rows, roles
    "events": 3,  # rows (case joined), topics, citations
    "testimony": 3,  # rows (case, witness, counsel joined), topics, citations (+ corroboration)
    "sources": 2,  # rows (outlet joined), cases
    "topics": 2,  # count, rows
    "courts": 2,  # count, rows
}
# A token adds one query for the token and two for the user's and groups' permissions.
TOKEN_QUERIES = 3


def grow(world, size: int) -> None:
    """Add `size` more of everything, each with related rows (topics, citations, roles)."""
    for _ in range(size):
        topic = TopicFactory()
        case = CaseFactory(court=world.court)
        case.topics.add(topic)
        party = PartyFactory()
        CaseRoleFactory(case=case, party=party)
        source = SourceFactory()
        source.cases.add(case)
        event = EventFactory(case=case, cite=source)
        event.topics.add(topic)
        testimony = TestimonyFactory(case=case, witness=party, cite=source)
        testimony.topics.add(topic)
        CourtFactory()


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_list_endpoints_run_a_fixed_number_of_queries(
    anon, curator_api, world, django_assert_num_queries, django_assert_max_num_queries, name, size
):
    grow(world, size)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = anon.get(f"/api/v1/{name}/?page_size=200")
    assert len(response.json()["results"]) > size
    # The CSV export streams every row (no page, so no count query).
    with django_assert_max_num_queries(LIST_QUERIES[name] + TOKEN_QUERIES):
        b"".join(curator_api.get(f"/api/v1/{name}/?format=csv").streaming_content)


@pytest.mark.parametrize("size", [1, 12])
def test_detail_endpoints_run_a_fixed_number_of_queries(
    anon, world, django_assert_num_queries, size
):
    for _ in range(size):
        EventFactory(case=world.case, cite=SourceFactory()).topics.add(TopicFactory())
        world.testimony.citations.create(source=SourceFactory())
    expected = {
        # row, topics, roles, causes of action, areas of application
        f"/api/v1/cases/{world.case.slug}/": 5,
        f"/api/v1/parties/{world.witness.slug}/": 2,  # row, roles
        f"/api/v1/events/{world.event.pk}/": 3,  # row, topics, citations
        f"/api/v1/testimony/{world.testimony.pk}/": 3,  # row, topics, citations
        f"/api/v1/sources/{world.source.pk}/": 2,  # row, cases
        f"/api/v1/topics/{world.topic.slug}/": 1,
        f"/api/v1/courts/{world.court.slug}/": 1,
        "/api/v1/": 0,
    }
    for url, count in expected.items():
        with django_assert_num_queries(count):
            assert anon.get(url).status_code == 200


def test_sparse_fields_skip_the_related_queries_they_do_not_need(
    anon, world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        anon.get("/api/v1/events/?fields=id,title,date")
    with django_assert_num_queries(2):
        anon.get("/api/v1/testimony/?fields=id,corroboration,citations")
