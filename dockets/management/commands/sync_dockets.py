"""`python manage.py sync_dockets [--case SLUG]`: sync linked cases with CourtListener now, in
this process, printing each case's outcome."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from dockets import services
from dockets.client import CourtListenerError


class Command(BaseCommand):
    help = "Sync cases linked to a CourtListener docket (all of them, or one with --case)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--case", metavar="SLUG", help="Only this case (its slug).")

    def handle(self, *args, case: str | None = None, **options) -> None:
        if case:
            found = Case.objects.filter(slug=case).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"No case has the slug “{case}”.")
            case_ids = [found]
        else:
            case_ids = services.linked_cases()
        titles = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "short_title"))
        failed = 0
        for number, case_id in enumerate(case_ids, start=1):
            prefix = f"[{number}/{len(case_ids)}] {titles[case_id]}: "
            try:
                result = services.sync_case(case_id)
            except CourtListenerError as exc:
                failed += 1
                self.stderr.write(prefix + str(exc))
            else:
                self.stdout.write(prefix + str(result))
        if not case_ids:
            self.stdout.write("No case is linked to a CourtListener docket.")
        if failed:
            raise CommandError(f"{failed} of {len(case_ids)} cases could not be synced.")
