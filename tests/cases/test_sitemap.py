"""The sitemap and robots.txt: every public page, nothing that is a draft."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DRAFT = PublicationState.DRAFT
SECTIONS = ["cases", "parties", "topics", "events", "testimony", "sources"]


def section(client, name: str) -> dict[str, str | None]:
    """{location: lastmod} of one sitemap section."""
    response = client.get(reverse("sitemap-section", kwargs={"section": name}))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in root.findall(f"{SM}url")
    }


def test_the_sitemap_index_points_at_one_sitemap_per_section(client):
    CaseFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [s.findtext(f"{SM}loc") for s in root.findall(f"{SM}sitemap")]
    assert locations == [f"http://testserver/sitemap-{name}.xml" for name in SECTIONS]
    cases_entry = root.find(f"{SM}sitemap")
    assert cases_entry.findtext(f"{SM}lastmod")  # the latest change among published cases


def test_published_entries_are_listed_with_their_last_change_and_drafts_are_not(client):
    case = CaseFactory(slug="public-case")
    draft_case = CaseFactory(slug="draft-case", state=DRAFT)
    event = EventFactory(case=case)
    draft_event = EventFactory(case=case, state=DRAFT)
    event_of_draft_case = EventFactory(case=draft_case)
    testimony = TestimonyFactory(case=case)
    draft_testimony = TestimonyFactory(case=case, state=DRAFT)
    source = SourceFactory()
    draft_source = SourceFactory(state=DRAFT)

    cases = section(client, "cases")
    assert set(cases) == {"http://testserver/cases/public-case/"}
    assert cases["http://testserver/cases/public-case/"] is not None
    events = section(client, "events")
    assert f"http://testserver{event.get_absolute_url()}" in events
    assert f"http://testserver{draft_event.get_absolute_url()}" not in events
    assert f"http://testserver{event_of_draft_case.get_absolute_url()}" not in events
    testimony_urls = section(client, "testimony")
    assert f"http://testserver{testimony.get_absolute_url()}" in testimony_urls
    assert f"http://testserver{draft_testimony.get_absolute_url()}" not in testimony_urls
    sources = section(client, "sources")
    assert f"http://testserver{source.get_absolute_url()}" in sources
    assert f"http://testserver{draft_source.get_absolute_url()}" not in sources


def test_parties_and_topics_are_listed_only_once_published_content_mentions_them(client):
    case = CaseFactory()
    draft_case = CaseFactory(state=DRAFT)
    plaintiff = PartyFactory(slug="plaintiff")
    CaseRoleFactory(case=case, party=plaintiff)
    witness = PartyFactory(slug="witness")
    TestimonyFactory(case=case, witness=witness)
    hidden = PartyFactory(slug="only-in-a-draft")
    CaseRoleFactory(case=draft_case, party=hidden)
    TestimonyFactory(case=case, witness=PartyFactory(slug="draft-witness"), state=DRAFT)

    on_case, on_event, on_draft = (
        TopicFactory(slug="on-case"),
        TopicFactory(slug="on-event"),
        TopicFactory(slug="on-draft"),
    )
    case.topics.add(on_case)
    EventFactory(case=case).topics.add(on_event)
    draft_case.topics.add(on_draft)
    EventFactory(case=case, state=DRAFT).topics.add(on_draft)

    parties = set(section(client, "parties"))
    assert parties == {
        "http://testserver/parties/plaintiff/",
        "http://testserver/parties/witness/",
    }
    topics = set(section(client, "topics"))
    assert topics == {"http://testserver/topics/on-case/", "http://testserver/topics/on-event/"}


@pytest.mark.parametrize("size", [1, 10])
def test_the_sitemap_runs_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, size
):
    for _ in range(size):
        case = CaseFactory()
        case.topics.add(TopicFactory())
        CaseRoleFactory(case=case)
        EventFactory(case=case)
        TestimonyFactory(case=case)
    # the index: a MAX(updated_at) per dated section and a COUNT per section (pagination)
    with django_assert_num_queries(4 + 6):
        assert client.get("/sitemap.xml").status_code == 200
    for name in SECTIONS:
        with django_assert_num_queries(2):  # COUNT for the paginator, then the page
            urls = section(client, name)
        assert len(urls) >= size


def test_robots_txt_allows_the_site_keeps_out_of_admin_and_api_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
