from functools import cached_property

from django.apps import AppConfig
from simple_history.manager import HistoryDescriptor


class ReusedHistoryManagerDescriptor(HistoryDescriptor):
    """`instance.history` with the manager class built once.

    django-simple-history's descriptor calls `HistoryManager.from_queryset(...)` on every
    access, which builds a new class (inspecting every queryset method) each time, and it
    accesses it once per saved history row. Ingestion saves a source twice per page (created,
    fetched), so that showed in the ingestion benchmark. The manager it returns is the same."""

    @cached_property
    def _manager_class(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager_class(self.model, instance)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Sources and outlets"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import analysis
        from .models import Outlet, Source

        # Ingestion caches the parties' names in each process; edits in this process drop it
        # at once (other processes notice through analysis._version()).
        for model in ("cases.Party", "cases.CaseRole", "cases.Case"):
            for signal in (post_save, post_delete):
                signal.connect(analysis.forget_knowledge, sender=model, weak=False)
        for model in (Source, Outlet):
            descriptor = model.__dict__["history"]
            if type(descriptor) is HistoryDescriptor:
                model.history = ReusedHistoryManagerDescriptor(
                    descriptor.model, descriptor.manager_class, descriptor.queryset_class
                )
