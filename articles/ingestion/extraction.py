"""Turn a fetched HTML page into article text and metadata with trafilatura.

trafilatura does the hard part (main text without navigation and boilerplate, title, byline,
date through htmldate, site name, JSON-LD). Here we only ask it for the fields a Source has,
read what it leaves out (the declared canonical link and language), and convert its strings
into Python values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
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
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python goes
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
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
    text = document.text.strip()
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
