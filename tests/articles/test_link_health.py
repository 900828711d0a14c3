"""Link health: the periodic check records each published source's status and flags dead links."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.ingestion import link_health, tasks
from articles.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_live_link_records_its_status_and_date(server):
    source = SourceFactory(url=server.add("/story", b"<html>ok</html>"))
    tasks.check_link.delay(source.pk)
    source.refresh_from_db()
    assert source.link_status == 200 and source.link_checked_at is not None
    assert source.link_dead_since is None and source.link_health_display == ""
    assert server.hits[0].headers["User-Agent"].startswith("AILitigationTrackerBot")


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_page_is_flagged_dead_from_the_first_failing_check(server, status):
    source = SourceFactory(url=server.add("/story", b"gone", status=status))
    first = link_health.record_link_check(source.pk)
    assert first.link_dead_since is not None and first.link_status == status
    link_health.record_link_check(source.pk)
    source.refresh_from_db()
    assert source.link_dead_since == first.link_dead_since  # "dead since" the first failure
    assert source.history.filter(history_change_reason="Link found dead").count() == 1


def test_a_link_that_answers_again_is_no_longer_dead(server):
    source = SourceFactory(
        url=server.add("/story", b"<html>back</html>"),
        link_dead_since=timezone.now() - dt.timedelta(days=3),
    )
    link_health.record_link_check(source.pk)
    source.refresh_from_db()
    assert source.link_dead_since is None and source.link_status == 200


def test_a_server_error_is_recorded_but_neither_kills_nor_revives_the_link(server):
    dead_since = timezone.now() - dt.timedelta(days=3)
    alive = SourceFactory(url=server.add("/a", b"err", status=503))
    dead = SourceFactory(url=server.add("/b", b"err", status=500), link_dead_since=dead_since)
    for source in (alive, dead):
        link_health.record_link_check(source.pk)
        source.refresh_from_db()
    assert alive.link_status == 503 and alive.link_dead_since is None
    assert "server error" in alive.link_error
    assert dead.link_dead_since == dead_since


def test_a_host_that_no_longer_exists_is_dead():
    source = SourceFactory(url="https://vanished-outlet.example/story")
    link_health.record_link_check(source.pk)
    source.refresh_from_db()
    assert source.link_dead_since is not None and source.link_status is None
    assert "Could not resolve" in source.link_error


def test_link_health_display_says_since_when_at_day_precision():
    source = Source(link_dead_since=dt.datetime(2026, 5, 3, 12, tzinfo=dt.UTC))
    assert source.link_health_display == "link dead since 3 May 2026"


def test_the_periodic_task_checks_published_sources_oldest_first_spaced_per_host(
    monkeypatch, settings
):
    settings.INGEST_LINK_CHECK_HOST_DELAY = 5
    settings.INGEST_LINK_CHECK_BATCH = 4
    now = timezone.now()
    never = SourceFactory(url="https://a.example/1")
    old = SourceFactory(url="https://a.example/2", link_checked_at=now - dt.timedelta(days=30))
    other_host = SourceFactory(url="https://b.example/1")
    SourceFactory(url="https://a.example/3", link_checked_at=now)  # checked recently: not due
    SourceFactory(url="https://a.example/4", state="draft")  # drafts are not checked
    queued = []
    monkeypatch.setattr(
        tasks.check_link,
        "apply_async",
        lambda args, countdown: queued.append((args[0], countdown)),
    )
    assert tasks.check_links() == 3
    assert queued == [(never.pk, 0), (other_host.pk, 0), (old.pk, 5)]


def test_the_beat_schedule_runs_the_link_check_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["check-source-links"]
    assert entry["task"] == tasks.check_links.name == "articles.check_links"


def test_a_published_source_found_dead_is_marked_on_its_page_at_once(server, client, page_cache):
    source = SourceFactory(url=server.add("/story", b"gone", status=404))
    page = source.get_absolute_url()
    assert "Link dead since" not in client.get(page).content.decode()  # now cached

    link_health.record_link_check(source.pk)

    assert "Link dead since" in client.get(page).content.decode()
