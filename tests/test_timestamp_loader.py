"""On PostgreSQL, timestamps are read by psycopg's (C) loader instead of Django's Python one,
with exactly the values and time zone Django's would give."""

import datetime as dt
import zoneinfo

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.utils import timezone
from psycopg.pq import Format

from articles.models import Source
from config.database import use_psycopg_timestamp_loader, utc_timestamptz_loader
from tests.factories import SourceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's loaders only"),
]
TIMESTAMPTZ = psycopg.postgres.types["timestamptz"].oid


def _loader():
    connection.ensure_connection()
    return connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


def test_a_connection_reads_timestamps_with_psycopgs_loader():
    loader = _loader()
    assert loader is utc_timestamptz_loader()
    instance = loader(TIMESTAMPTZ, connection.connection)
    # The parsing itself is psycopg's own code (its C version where psycopg has one).
    psycopg_own = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert getattr(instance.load, "__self__", None).__class__ is psycopg_own


def test_timestamps_read_back_as_djangos_own_loader_reads_them():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    stamps = [
        dt.datetime(2024, 3, 31, 3, 30, 0, 123456, tzinfo=paris),  # just after a DST change
        dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 29, 17, 10, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    ]
    sources = [SourceFactory(published_at=stamp) for stamp in stamps]
    ids = [source.pk for source in sources]

    def read() -> list:
        rows = Source.objects.filter(pk__in=ids).order_by("pk")
        return [(s.published_at, s.created_at) for s in rows] + list(
            rows.values_list("published_at", flat=True)
        )

    ours = read()
    register_tzloader(connection.timezone, connection.connection)  # Django's own, for this test
    djangos = read()
    use_psycopg_timestamp_loader(None, connection)
    assert ours == djangos
    assert [value for value, _ in ours[:3]] == stamps
    for value in [v for pair in ours[:3] for v in pair] + ours[3:]:
        assert value.tzinfo is dt.UTC and timezone.is_aware(value)
    assert [v.isoformat() for v in ours[3:]] == [v.isoformat() for v in djangos[3:]]


class _Connection:
    """A Django connection whose session is in another time zone."""

    vendor = "postgresql"

    def __init__(self, zone: str) -> None:
        self.timezone_name = zone
        self.adapters = psycopg.adapt.AdaptersMap(psycopg.adapters)
        self.connection = type("Raw", (), {"adapters": self.adapters, "info": _Info(zone)})()


class _Info:
    def __init__(self, zone: str) -> None:
        self.zone = zone

    def parameter_status(self, name: str) -> str:
        return self.zone


@pytest.mark.parametrize("zone", ["Europe/Paris", "Etc/UTC"])
def test_a_session_in_another_time_zone_keeps_djangos_loader(zone):
    other = _Connection(zone)
    before = other.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    use_psycopg_timestamp_loader(None, other)
    assert other.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is before


def test_without_use_tz_djangos_loader_stays(settings):
    settings.USE_TZ = False
    utc = _Connection("UTC")
    before = utc.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    use_psycopg_timestamp_loader(None, utc)
    assert utc.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is before
    settings.USE_TZ = True
    use_psycopg_timestamp_loader(None, utc)
    assert utc.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is utc_timestamptz_loader()
