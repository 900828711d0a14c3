from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Sources and outlets"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .ingestion import analysis

        # Ingestion caches the parties' names in each process; edits in this process drop it
        # at once (other processes notice through analysis._version()).
        for model in ("cases.Party", "cases.CaseRole", "cases.Case"):
            for signal in (post_save, post_delete):
                signal.connect(analysis.forget_knowledge, sender=model, weak=False)
