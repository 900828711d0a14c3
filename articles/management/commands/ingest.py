"""`python manage.py ingest URL [URL …]`: submit sources for fetching from the shell."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from articles.ingestion.services.submission import QueueUnavailable, submit_url
from articles.models import Source
from articles.urlnorm import InvalidURL, normalize_url

DONE = (Source.FetchState.FETCHED, Source.FetchState.FAILED)


class Command(BaseCommand):
    help = (
        "Submit article URLs for ingestion (fetch, extract, find mentions and quotes). "
        "Known URLs return their existing source. With --wait, wait for the results; the exit "
        "status is 1 when any URL failed, each failure printed with its reason."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument(
            "--wait", action="store_true", help="Wait until every fetch has finished."
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=300.0,
            help="With --wait: give up waiting after this many seconds (default 300).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Fetch known URLs again (like “Fetch again”)."
        )

    def handle(self, *args, urls: list[str], wait: bool, timeout: float, force: bool, **options):
        failures: list[tuple[str, str]] = []
        submitted: dict[int, list[str]] = {}  # source → the URLs given for it
        by_normalized: dict[str, int] = {}
        total = len(urls)
        for number, url in enumerate(urls, start=1):
            prefix = f"[{number}/{total}]"
            try:
                normalized = normalize_url(url)
                if normalized in by_normalized:  # the same page twice: submit (and fetch) once
                    pk = by_normalized[normalized]
                    submitted[pk].append(url)
                    self.stdout.write(f"{prefix} {url} → the same source as above, #{pk}")
                    continue
                submission = submit_url(url, force=force)
            except InvalidURL as exc:
                failures.append((url, str(exc)))
                self.stderr.write(f"{prefix} ✗ {url}: {exc}")
                continue
            except QueueUnavailable as exc:
                # The broker is down for every URL alike: stop at the first, in one line.
                raise CommandError(
                    f"{prefix} {url}: {exc} (Is the broker at CELERY_BROKER_URL running?) The "
                    "source is saved, marked failed: run the command again to queue it."
                ) from None
            source = submission.source
            what = "new source" if submission.created else "known source"
            action = "queued" if submission.queued else f"not queued ({source.fetch_state})"
            self.stdout.write(f"{prefix} {url} → {what} #{source.pk}, {action}")
            submitted.setdefault(source.pk, []).append(url)
            by_normalized[normalized] = source.pk
        if submitted:
            results = self._wait(list(submitted), timeout) if wait else self._now(submitted)
            for source in results:
                given = submitted[source.pk]
                shown = " = ".join(given)
                if source.fetch_state == Source.FetchState.FETCHED:
                    self.stdout.write(self.style.SUCCESS(f"✓ #{source.pk} {self._summary(source)}"))
                elif source.fetch_state == Source.FetchState.FAILED:
                    failures += [(url, source.fetch_error) for url in given]
                    self.stderr.write(f"✗ #{source.pk} {shown}: {source.fetch_error}")
                elif wait:
                    reason = f"still {source.fetch_state} after {timeout:g} s"
                    failures += [(url, reason) for url in given]
                    self.stderr.write(f"✗ #{source.pk} {shown}: {reason}")
                else:
                    self.stdout.write(f"… #{source.pk} {source.get_fetch_state_display().lower()}")
        if failures:
            raise CommandError(f"{len(failures)} of {total} URL(s) failed.")

    def _now(self, submitted: dict[int, list[str]]) -> list[Source]:
        return list(Source.objects.filter(pk__in=submitted).order_by("pk"))

    def _wait(self, ids: list[int], timeout: float) -> list[Source]:
        """Poll the sources' states, printing each change, until all are done or time is up."""
        deadline = time.monotonic() + timeout
        seen: dict[int, str] = {}
        while True:
            sources = list(Source.objects.filter(pk__in=ids).order_by("pk"))
            for source in sources:
                if seen.get(source.pk) != source.fetch_state:
                    seen[source.pk] = source.fetch_state
                    if source.fetch_state not in DONE:
                        self.stdout.write(f"  #{source.pk} {source.get_fetch_state_display()}…")
            if all(s.fetch_state in DONE for s in sources) or time.monotonic() > deadline:
                return sources
            time.sleep(0.25)

    @staticmethod
    def _summary(source: Source) -> str:
        mentions = source.mentions.count()
        candidates = source.testimony_candidates.count()
        outlet = f" ({source.outlet_name})" if source.outlet_id else ""
        return (
            f"“{source.title or source.url}”{outlet}: {mentions} party mention(s), "
            f"{candidates} testimony candidate(s)"
        )
