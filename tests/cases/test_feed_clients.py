"""What feed readers and the W3C feed validator need from our Atom feeds (RFC 4287): read with
independent parsers (feedparser, lxml), discoverable from the pages, ids from SITE_URL, and
conditional GET."""

import datetime as dt
import re

import feedparser
import pytest
from django.urls import reverse
from lxml import etree, html

from cases.web.feeds import EMPTY_FEED_UPDATED
from tests.factories import CaseFactory, EventFactory, PartyFactory, TestimonyFactory, TopicFactory

pytestmark = pytest.mark.django_db

NS = {"a": "http://www.w3.org/2005/Atom"}
SITE = "https://tracker.example.org"
URI = re.compile(r"^https://tracker\.example\.org/\S*$")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]


@pytest.fixture
def followed():
    case = CaseFactory(short_title="Musk v. OpenAI", slug="musk-v-openai")
    topic = TopicFactory(slug="distillation")
    witness = PartyFactory(name="Elon Musk", slug="elon-musk")
    EventFactory(case=case, title="Jury selection", date=dt.date(2026, 4, 27)).topics.add(topic)
    TestimonyFactory(case=case, witness=witness, date=dt.date(2026, 4, 30)).topics.add(topic)
    return case, topic, witness


def feed_urls(case, topic, party) -> list[str]:
    return [
        reverse("cases:case-feed", args=[case.slug]),
        reverse("cases:topic-feed", args=[topic.slug]),
        reverse("cases:party-feed", args=[party.slug]),
    ]


def check_rfc4287(body: bytes) -> etree._Element:
    """The elements RFC 4287 §4.1 requires, the way the W3C validator checks them."""
    root = etree.fromstring(body)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"a:{name}", NS) is not None, name
    assert URI.match(root.findtext("a:id", namespaces=NS))
    self_links = root.xpath("a:link[@rel='self']/@href", namespaces=NS)
    assert len(self_links) == 1 and URI.match(self_links[0])
    feed_has_author = root.find("a:author/a:name", NS) is not None
    for entry in root.findall("a:entry", NS):
        for name in ("id", "title", "updated"):
            assert entry.find(f"a:{name}", NS) is not None, name
        assert URI.match(entry.findtext("a:id", namespaces=NS))
        assert feed_has_author or entry.find("a:author/a:name", NS) is not None
        for href in entry.xpath("a:link/@href", namespaces=NS):
            assert URI.match(href)
    ids = root.xpath("a:entry/a:id/text()", namespaces=NS)
    assert len(ids) == len(set(ids))
    return root


def test_every_feed_is_well_formed_atom_with_an_author_and_absolute_ids(client, followed):
    for url in feed_urls(*followed):
        response = client.get(url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.author == "AI Litigation Tracker"
        assert parsed.entries
        for entry in parsed.entries:
            assert entry.id.startswith(SITE + "/")
        check_rfc4287(response.content)


def test_ids_and_links_come_from_site_url_never_from_the_request_host(client, followed):
    url = reverse("cases:case-feed", args=["musk-v-openai"])
    honest = client.get(url).content
    spoofed = client.get(url, HTTP_HOST="attacker.example").content
    assert b"attacker.example" not in spoofed and b"testserver" not in honest
    assert honest == spoofed


def test_an_empty_feed_has_a_stable_updated_date(client):
    case = CaseFactory(slug="quiet")
    topic = TopicFactory(slug="nothing-yet")
    for url, updated in (
        (reverse("cases:case-feed", args=[case.slug]), case.updated_at),
        (reverse("cases:topic-feed", args=[topic.slug]), EMPTY_FEED_UPDATED),
    ):
        first = client.get(url)
        root = check_rfc4287(first.content)
        assert root.findtext("a:updated", namespaces=NS) == updated.isoformat()
        assert feedparser.parse(first.content).bozo == 0
        assert client.get(url).content == first.content


def test_a_reader_polling_with_if_none_match_or_if_modified_since_gets_304(client, followed):
    url = reverse("cases:case-feed", args=["musk-v-openai"])
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_newly_published_entry_changes_the_etag(client, followed):
    case, _topic, _party = followed
    url = reverse("cases:case-feed", args=[case.slug])
    etag = client.get(url)["ETag"]
    EventFactory(case=case, title="Verdict", date=dt.date(2026, 5, 20))
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"Verdict" in response.content


def test_case_party_and_topic_pages_advertise_their_feeds_in_the_head(client, followed):
    case, topic, party = followed
    pages = [case.get_absolute_url(), topic.get_absolute_url(), party.get_absolute_url()]
    for page, feed in zip(pages, feed_urls(case, topic, party), strict=True):
        head = html.fromstring(client.get(page).content).find("head")
        hrefs = head.xpath("link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert hrefs == [feed]
        assert client.get(feed).status_code == 200


def test_the_case_page_and_home_advertise_their_calendars(client, followed):
    case, _topic, _party = followed
    for page, calendar in (
        (case.get_absolute_url(), reverse("cases:case-calendar", args=[case.slug])),
        (reverse("cases:home"), reverse("cases:calendar")),
    ):
        head = html.fromstring(client.get(page).content).find("head")
        assert head.xpath("link[@rel='alternate'][@type='text/calendar']/@href") == [calendar]
        response = client.get(calendar)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
