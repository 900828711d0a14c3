"""`manage.py load_demo`: load the real AI cases of the research notes as demo data."""

from django.core.management.base import BaseCommand, CommandError

from demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo dataset (demo/data/: Musk v. OpenAI and forty other AI cases, with "
        "their parties, events, testimony and sources) in one transaction. Safe to run "
        "again: a second run changes nothing. Fields the dataset knows are restored; what "
        "curators added and editors' publish decisions are kept."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        def progress(line: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {line}")

        if verbosity >= 1:
            self.stdout.write("Loading the demo dataset…")
        try:
            report = load_demo(progress=progress)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(str(report)))
