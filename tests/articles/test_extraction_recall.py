"""Extraction recall: when trafilatura's main pass returns a caption instead of the article, the
text comes from what else the page declares (JSON-LD articleBody, the recall pass, baseline)."""

from __future__ import annotations

import json

import pytest
import trafilatura

from articles.ingestion.extraction import extract, extract_with_trafilatura
from tests.articles.conftest import page

JSON_LD_PAGE = "bayledger-json-ld-body.html"
CAPTION_PAGE = "harborcourier-caption-main-pass.html"
URL = "https://news.example/2026/05/story/"
CAPTION_START = "Sam Altman leaves the Ronald V. Dellums Federal Building"


def main_pass_text(name: str) -> str:
    return extract_with_trafilatura(page(name), url=URL).text.strip()


def test_a_body_declared_only_in_json_ld_replaces_the_caption_of_the_main_pass():
    assert main_pass_text(JSON_LD_PAGE).startswith("Elon Musk arrives at the federal courthouse")
    article = extract(page(JSON_LD_PAGE), URL)
    assert article.text.startswith("Judge Yvonne Gonzalez Rogers told the jury on Thursday")
    assert "closing arguments that the judge has limited to three hours" in article.text
    assert "Elon Musk arrives at the federal courthouse" not in article.text
    # paragraphs stay paragraphs; the metadata still comes from the main pass
    assert "\nCounsel for OpenAI, William Savitt, pressed the point" in article.text
    assert article.title == "Musk says xAI distilled OpenAI models 'partly'"


def test_a_body_the_main_pass_misses_is_recovered_by_the_recall_pass():
    assert main_pass_text(CAPTION_PAGE).startswith(CAPTION_START)
    assert "policy against it" not in main_pass_text(CAPTION_PAGE)
    article = extract(page(CAPTION_PAGE), URL)
    assert "Altman said the company had a policy against it" in article.text
    assert "an evaluation, not a training run" in article.text
    assert article.title == "Altman questioned on distillation policy"


def test_json_ld_in_a_graph_with_html_in_its_body_gives_plain_paragraphs():
    html = page(JSON_LD_PAGE).decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    end = html.index("</script>", start)
    article = json.loads(html[start:end])
    article["articleBody"] = "".join(
        f"<p>{line} &amp; more</p>" for line in article["articleBody"].split("\n\n")
    )
    graph = json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "X"}, article]})
    text = extract((html[:start] + graph + html[end:]).encode(), URL).text
    assert text.startswith("Judge Yvonne Gonzalez Rogers told the jury")
    assert "<p>" not in text and "&amp;" not in text and "reported differently. & more" in text


@pytest.mark.parametrize("name", ["techlusive-musk-xai.html", "courtwatch-altman-charity.html"])
def test_a_normal_article_keeps_the_main_pass_text_without_running_other_passes(name, monkeypatch):
    expected = main_pass_text(name)
    calls = []
    bare = trafilatura.bare_extraction

    def counted(*args, **kwargs):
        calls.append(kwargs.get("favor_recall", False))
        return bare(*args, **kwargs)

    def no_baseline(*args, **kwargs):
        raise AssertionError("the baseline extractor ran for a normal article")

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    monkeypatch.setattr(trafilatura, "baseline", no_baseline)
    assert extract(page(name), URL).text == expected
    assert calls == [False]  # the main pass only


def test_a_short_article_on_a_short_page_is_kept_as_it_is(monkeypatch):
    html = (
        b"<html><head><title>Brief</title></head><body><article><h1>Brief</h1>"
        b"<p>The hearing on the motion to dismiss was moved to June 3 at the request of both"
        b" parties, the court's docket shows.</p></article></body></html>"
    )
    expected = extract_with_trafilatura(html, url=URL).text.strip()
    monkeypatch.setattr(trafilatura, "baseline", None)  # would fail if called
    text = extract(html, URL).text
    assert text == expected and "moved to June 3 at the request of both parties" in text
