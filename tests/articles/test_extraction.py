"""Extraction with trafilatura from realistic article pages."""

import datetime as dt

import pytest

from articles.ingestion.extraction import ExtractionError, extract, text_hash
from tests.articles.conftest import page


def test_the_techlusive_article_gives_its_metadata_and_main_text():
    article = extract(page("techlusive-musk-xai.html"), "https://www.techlusive.in/news/x/")
    assert article.title == "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok"
    assert article.authors == "Shubham Arora"
    assert article.published_at == dt.datetime.fromisoformat("2026-05-01T17:10:00+05:30")
    assert article.site_name == "Techlusive" and article.language == "en"
    assert article.canonical_url.endswith("-grok-1660301/")
    assert "Musk answered, “Partly.”" in article.text
    assert "Related News" not in article.text and "Privacy Policy" not in article.text


def test_a_page_without_json_ld_gives_byline_date_and_a_relative_canonical_link():
    url = "https://courtwatch.example/2026/05/12/altman-rejects-stolen-charity-claims/?utm_x=1"
    article = extract(page("courtwatch-altman-charity.html"), url)
    assert article.title == 'Altman rejects Musk\'s "stolen charity" claims on the stand'
    assert article.authors == "Maria Delgado"
    assert article.published_at == dt.datetime(2026, 5, 13, 2, 45, tzinfo=dt.UTC)
    assert article.site_name == "CourtWatch Daily"
    assert article.canonical_url == (
        "https://courtwatch.example/2026/05/12/altman-rejects-stolen-charity-claims/"
    )
    assert "wrap my head around that framing" in article.text
    assert "Great reporting" not in article.text  # comments are not the article


def test_a_page_with_no_article_text_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="No article text"):
        extract(b"<html><head><title>x</title></head><body></body></html>", "https://x.example/")


def test_the_text_hash_ignores_rewrapped_whitespace():
    assert text_hash("Musk answered,\n“Partly.”") == text_hash("Musk answered, “Partly.” ")
    assert text_hash("Partly.") != text_hash("Partially.")


def test_json_ld_nested_deeper_than_python_parses_is_skipped():
    """A page's JSON-LD is the site's to write: nesting json.loads cannot follow is no error."""
    deep = "[" * 100_000 + "]" * 100_000
    html = page("courtwatch-altman-charity.html").replace(
        b"</head>", f'<script type="application/ld+json">{deep}</script></head>'.encode(), 1
    )
    article = extract(html, "https://courtwatch.example/2026/05/12/x/")
    assert "wrap my head around that framing" in article.text
