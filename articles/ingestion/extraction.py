"""Turn a fetched HTML page into article text and metadata with trafilatura.

trafilatura does the hard part (main text without navigation and boilerplate, title, byline,
date through htmldate, site name, JSON-LD). Here we only ask it for the fields a Source has,
read what it leaves out (the declared canonical link and language), and convert its strings
into Python values.

Recall. Some outlets put the article body where trafilatura's main pass misses it: only in the
page's schema.org JSON-LD (`articleBody`), or in a container whose class reads as boilerplate;
the main pass then returns a photo caption. When its text is implausibly short for the page
(`_implausibly_short()`), the text is taken from what else the page declares, the longest of:
the JSON-LD `articleBody`, trafilatura's recall pass (`favor_recall=True`) and, if those are
short too, its baseline extractor. The metadata still comes from the main pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin

import trafilatura
from django.utils import timezone
from trafilatura.utils import language_classifier, load_html

# htmldate returns the time too when asked for it, so "17:10 IST" survives as +05:30.
DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})?$")
# Main-pass text is implausibly short when under this share of the page's text (visible or
# declared in JSON-LD), or under SHORT_TEXT characters on a page with SHORT_TEXT_PAGE_RATIO
# times more: a caption or a teaser, not the article.
SHORT_SHARE = 0.25
SHORT_TEXT = 400
SHORT_TEXT_PAGE_RATIO = 3


class ExtractionError(ValueError):
    """The page has no article text trafilatura can find."""


@dataclass
class Extracted:
    title: str = ""
    authors: str = ""
    published_at: dt.datetime | None = None
    site_name: str = ""
    text: str = ""
    language: str = ""
    canonical_url: str = ""
    description: str = ""

    @property
    def content_hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """SHA-256 of the text with whitespace normalized, so re-wrapped lines are no change."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def extract_with_trafilatura(html: str | bytes, url: str | None = None):
    """The bare trafilatura call the pipeline makes (also the benchmark's baseline)."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=DATE_PARAMS,
    )


def _json_ld(tree) -> list[dict]:
    """The page's schema.org JSON-LD objects, @graph members included; unreadable blocks are
    skipped (the page is the site's to write)."""
    found: list[dict] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python goes
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    found += [member for member in graph if isinstance(member, dict)]
    return found


def _declared_body(tree) -> str:
    """The longest `articleBody` the page's JSON-LD declares, as plain text."""
    bodies = [item.get("articleBody") for item in _json_ld(tree)]
    texts = [_plain(body) for body in bodies if isinstance(body, str)]
    return max(texts, key=len, default="")


def _plain(text: str) -> str:
    """JSON-LD text without the HTML some sites leave in it, paragraphs kept."""
    if "<" in text:
        fragment = load_html(f"<html><body><div>{text}</div></body></html>")
        text = "\n".join(fragment.itertext()) if fragment is not None else text
    lines = (" ".join(line.split()) for line in unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _implausibly_short(length: int, page_length: int) -> bool:
    return length < SHORT_SHARE * page_length or (
        length < SHORT_TEXT and page_length > SHORT_TEXT_PAGE_RATIO * length
    )


def _recovered_text(tree, url: str, text: str) -> str:
    """`text`, or when it is implausibly short for the page, the longest of what else the page
    declares (see the module docstring). trafilatura copies the tree it is given."""
    declared = _declared_body(tree)
    page_length = max(len(trafilatura.html2txt(tree) or ""), len(declared))
    if not _implausibly_short(len(text), page_length):
        return text
    # Comments are extracted apart (and not used): otherwise trafilatura first prunes whatever
    # it takes for a comment section, which is where such bodies sit.
    recall = trafilatura.bare_extraction(
        tree, url=url, favor_recall=True, include_comments=True, include_tables=True
    )
    candidates = [text, declared, ((recall.text if recall else "") or "").strip()]
    best = max(candidates, key=len)
    if _implausibly_short(len(best), page_length):
        _body, baseline_text, _length = trafilatura.baseline(tree)
        best = max([best, (baseline_text or "").strip()], key=len)
    return best


def _parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, dt.UTC)
        return parsed
    return None


def _declared_timestamp(tree, day: dt.date) -> dt.datetime | None:
    """A full publication timestamp the page declares for `day`, when htmldate found only the
    day (it prefers a date in the URL, which has no time)."""
    values = [
        meta.get("content")
        for meta in tree.iterfind(".//head/meta[@content]")
        if (meta.get("property") or meta.get("name") or "").lower()
        in ("article:published_time", "datepublished", "date", "pubdate")
    ]
    for item in _json_ld(tree):
        if isinstance(item.get("datePublished"), str):
            values.append(item["datePublished"])
    values += [time.get("datetime") for time in tree.iterfind(".//time[@datetime]")]
    for value in values:
        try:
            stamp = dt.datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if stamp.tzinfo is not None and stamp.date() == day and (stamp.hour or stamp.minute):
            return stamp
    return None


def _declared_language(tree) -> str:
    """The language the page declares: <html lang>, Content-Language or og:locale."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iterfind(".//head/meta[@content]"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        value = (value or "").strip().split(",")[0].strip()
        if LANGUAGE_RE.match(value):
            return value.replace("_", "-").split("-")[0].lower()
    return ""


def _declared_canonical(tree, base_url: str) -> str:
    for link in tree.iterfind(".//head/link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href:
                candidate = urljoin(base_url, href)
                if candidate.startswith(("http://", "https://")):
                    return candidate
    return ""


def extract(html: str | bytes, url: str) -> Extracted:
    """Extract an article. Raises ExtractionError when the page has no main text."""
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("The page is empty or is not HTML that can be parsed.")
    canonical = _declared_canonical(tree, url)
    declared_language = _declared_language(tree)
    document = extract_with_trafilatura(tree, url=url)
    if document is None or not (document.text or "").strip():
        raise ExtractionError(
            "No article text found on the page (it may need JavaScript, sit behind a paywall, "
            "or be an index page). Fill in the source by hand."
        )
    text = _recovered_text(tree, url, document.text.strip())
    published_at = _parse_date(document.date)
    if published_at is not None and (published_at.hour, published_at.minute) == (0, 0):
        published_at = _declared_timestamp(tree, published_at.date()) or published_at
    language = declared_language or (language_classifier(text, "") or "")
    authors = ", ".join(
        name.strip() for name in re.split(r";|\|", document.author or "") if name.strip()
    )
    return Extracted(
        title=(document.title or "").strip()[:500],
        authors=authors[:500],
        published_at=published_at,
        site_name=(document.sitename or "").strip()[:200],
        text=text,
        language=language[:12],
        canonical_url=canonical,  # the store normalizes it, and drops one too long
        description=(document.description or "").strip(),
    )
