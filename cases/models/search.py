"""What else a statement is found by: Testimony.search_extra, the witness's name and aliases and
the wording of every published source that words it differently, part of the statement's
search document (weight C; cases.search.query says why a column and not a join).

The text is kept by the write services (cases.services calls `refresh_after_write()` after each
write of a testimony, a citation, a party or a source's publication), filled by migration 0015,
and rebuilt by `refresh_search_extra()` for writers that bypass the services (load_demo,
seed_bench, the shell). Each refresh is one UPDATE whatever the number of rows, computed by
PostgreSQL from the rows as stored, so it cannot disagree with what a concurrent write saved.

The functions take the models as arguments where a migration must pass its historical ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.aggregates import StringAgg
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from core.publishing import PublicationState, Publishable

from .entries import Testimony, TestimonyCitation
from .reference import Party

# Between the names and each wording: a line break, which the search parser reads as a space.
SEPARATOR = "\n"


def published_wordings(citation_model: type[models.Model] = TestimonyCitation) -> Subquery:
    """The wordings of the testimony's (OuterRef "pk") published sources, one per line, or NULL.

    A draft source's wording stays out: the public cannot see that source, so a search must not
    find (or show) its words either."""
    return Subquery(
        citation_model.objects.filter(
            testimony_id=OuterRef("pk"), source__state=PublicationState.PUBLISHED
        )
        .exclude(wording="")
        .order_by()
        .values("testimony_id")
        .annotate(all=StringAgg("wording", SEPARATOR, order_by="pk"))
        .values("all"),
        output_field=models.TextField(),
    )


def search_extra_expression(
    party_model: type[models.Model] = Party,
    citation_model: type[models.Model] = TestimonyCitation,
) -> Concat:
    """search_extra as PostgreSQL computes it for each testimony: the witness's name and aliases,
    then the published sources' wordings."""
    names = party_model.objects.filter(pk=OuterRef("witness_id")).annotate(
        names=Concat("name", Value(SEPARATOR), "aliases", output_field=models.TextField())
    )
    return Concat(
        Coalesce(Subquery(names.values("names")), Value(""), output_field=models.TextField()),
        Value(SEPARATOR),
        Coalesce(published_wordings(citation_model), Value(""), output_field=models.TextField()),
        output_field=models.TextField(),
    )


def refresh_search_extra(
    testimony: Iterable[int] | models.QuerySet,
    *,
    testimony_model: type[models.Model] = Testimony,
    party_model: type[models.Model] = Party,
    citation_model: type[models.Model] = TestimonyCitation,
) -> int:
    """Recompute search_extra of the testimony among `testimony` (ids, or a QuerySet of
    testimony) in one UPDATE; return how many rows it wrote. Updates neither `updated_at` nor
    the history: nothing a curator wrote has changed."""
    if not isinstance(testimony, models.QuerySet):
        testimony = [pk for pk in testimony if pk is not None]
        if not testimony:
            return 0
    return testimony_model._default_manager.filter(pk__in=testimony).update(
        search_extra=search_extra_expression(party_model, citation_model)
    )


def refresh_after_write(obj: models.Model, *, old_entry_id: int | None = None) -> None:
    """Bring search_extra up to date after `obj` was saved, deleted, published or unpublished
    (cases.services calls it): a testimony (its witness may have changed), a testimony citation
    (its wording or source; `old_entry_id`, the testimony it was moved from), a party (its name
    or aliases), a source (its wordings count only while it is published). Anything else holds
    nothing search_extra shows: no query."""
    if isinstance(obj, TestimonyCitation):
        refresh_search_extra([obj.testimony_id, old_entry_id])
    elif obj.pk is None:  # deleted: a testimony, party or source no testimony cites is gone
        return
    elif isinstance(obj, Testimony):
        refresh_search_extra([obj.pk])
    elif isinstance(obj, Party):
        refresh_search_extra(Testimony.objects.filter(witness_id=obj.pk))
    elif isinstance(obj, Publishable) and obj._meta.label_lower == "articles.source":
        refresh_search_extra(Testimony.objects.filter(citations__source_id=obj.pk))
