from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and testimony"

    def ready(self) -> None:
        from config.database import use_psycopg_timestamp_loader

        connection_created.connect(use_psycopg_timestamp_loader, dispatch_uid="psycopg-tz")
