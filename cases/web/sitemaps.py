"""The sitemap (django.contrib.sitemaps): every public page a search engine should know.

/sitemap.xml is an index of one sitemap per section, so each stays under the protocol's 50,000
URLs per file however many docket entries there are (Django paginates a section past that).
Only what the public may see is listed (the models' public()); querysets load only the columns the
URL and lastmod need, and each section's index lastmod is one MAX() query, not a full scan.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from articles.models import Source
from cases.models import Case, Event, Party, Testimony, Topic


class _PublishableSitemap(Sitemap):
    """A section of published rows; lastmod is the row's last change."""

    changefreq = "weekly"
    priority = 0.5
    fields: tuple[str, ...] = ("pk", "updated_at")

    def public(self) -> QuerySet:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def items(self) -> QuerySet:
        return self.public().only(*self.fields).order_by("pk")

    def lastmod(self, obj) -> dt.datetime:
        return obj.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return self.public().aggregate(latest=Max("updated_at"))["latest"]


class CaseSitemap(_PublishableSitemap):
    changefreq = "daily"
    priority = 0.8
    fields = ("pk", "slug", "updated_at")

    def public(self) -> QuerySet:
        return Case.objects.public()


class EventSitemap(_PublishableSitemap):
    def public(self) -> QuerySet:
        return Event.objects.public()


class TestimonySitemap(_PublishableSitemap):
    __test__ = False  # not a pytest class despite the name

    def public(self) -> QuerySet:
        return Testimony.objects.public()


class SourceSitemap(_PublishableSitemap):
    changefreq = "monthly"
    priority = 0.4

    def public(self) -> QuerySet:
        return Source.objects.public()


class PartySitemap(Sitemap):
    """Parties that appear in published content. They keep no timestamp, so no lastmod."""

    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet:
        return Party.objects.public().only("pk", "slug").order_by("pk")


class TopicSitemap(Sitemap):
    """Topics tagged on published content. They keep no timestamp, so no lastmod."""

    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet:
        return Topic.objects.public().only("pk", "slug").order_by("pk")


SITEMAPS: dict[str, type[Sitemap]] = {
    "cases": CaseSitemap,
    "parties": PartySitemap,
    "topics": TopicSitemap,
    "events": EventSitemap,
    "testimony": TestimonySitemap,
    "sources": SourceSitemap,
}
