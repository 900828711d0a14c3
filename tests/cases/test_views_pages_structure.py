"""Every public page: landmarks, skip link, heading order, labelled controls, no other hosts,
and the 404/500 pages in the site's style."""

from html.parser import HTMLParser

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.views.defaults import server_error

from cases.models import Case, Testimony

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Collects what the checks need: headings, landmarks, controls and labels, assets."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.assets: list[str] = []
        self.first_link: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.controls.append({**attrs, "_wrapped": self.label_depth > 0})
        if tag == "a" and self.first_link is None:
            self.first_link = attrs.get("href")
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon"}:
            self.assets.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.fixture
def demo(demo_data):
    """The demo data, loaded once for the module (tests/conftest.py)."""
    return Case.objects.get(slug="musk-v-openai")


def _pages(case) -> list[str]:
    partly = Testimony.objects.get(case=case, excerpt="Partly.")
    return [
        "/",
        "/cases/",
        "/cases/?status=bogus",
        case.get_absolute_url(),
        case.get_absolute_url() + "?kind=testimony",
        case.get_absolute_url() + "?after=bogus",
        "/parties/elon-musk/",
        "/topics/model-distillation/",
        partly.get_absolute_url(),
        case.events.filter(state="published").first().get_absolute_url(),
        partly.sources.filter(state="published").first().get_absolute_url(),
        "/search/?q=distillation",
        "/no-such-page/",
    ]


def test_every_page_has_landmarks_a_skip_link_and_one_h1_with_headings_in_order(client, demo):
    for url in _pages(demo):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        page = outline(response.content.decode())
        assert page.first_link == "#main", url
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in page.tags, (url, landmark)
        assert page.headings.count(1) == 1, url
        assert page.headings[0] == 1, url
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (url, page.headings)


def test_every_form_control_has_a_label(client, demo):
    for url in _pages(demo):
        page = outline(client.get(url).content.decode())
        for control in page.controls:
            labelled = (
                control["_wrapped"]
                or control.get("id") in page.label_for
                or control.get("aria-label")
            )
            assert labelled, (url, control)


def test_pages_load_nothing_from_another_host(client, demo):
    for url in _pages(demo):
        page = outline(client.get(url).content.decode())
        assert page.assets, url
        assert all(asset.startswith("/static/") for asset in page.assets), (url, page.assets)


def test_the_header_search_form_gets_search_with_q(client, demo):
    html = client.get("/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/search/">' in html
    assert 'name="q"' in html and 'href="/cases/"' in html


def test_the_404_page_is_in_the_site_style(client):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "/static/css/site.css" in html


def test_the_500_page_renders_without_any_context():
    html = get_template("500.html").render()
    assert "Something went wrong" in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Something went wrong" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/cases/musk-v-openai/?after=9999-12-31.day.event.1",
        "/cases/musk-v-openai/?before=0001-01-01.year.testimony.0",
        "/cases/musk-v-openai/?from=0001",
        "/cases/musk-v-openai/?kind=event&kind=testimony&latest=1",
        "/cases/musk-v-openai/?after=2026-01-01.day.event.1&from=2020",
        "/cases/musk-v-openai/?before=%00%ff",
        "/cases/?q=" + "x" * 500,
        "/cases/?year=-5&court=%27;--&page=abc",
        "/parties/elon-musk/?kind=source",
        "/topics/model-distillation/?from=2026-13",
        "/sources/1/?after=2026-01-01.day.source.1",
        "/events/99999999999999999999/",
    ],
)
def test_odd_input_gets_a_page_never_a_server_error(client, demo, url):
    assert client.get(url).status_code < 500
