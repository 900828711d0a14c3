"""The stored full-text document of a searchable row (a PostgreSQL tsvector that the database
computes on every write), and the manager that leaves it out of everyday reads."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models


def search_document(*weighted: tuple[tuple[str, ...], str]) -> models.GeneratedField:
    """The row's full-text document, which PostgreSQL computes on every write and a GIN index
    covers (cases/search.py says why a stored column). `weighted`: (fields, weight) pairs."""
    vectors = [
        SearchVector(*fields, weight=weight, config="english") for fields, weight in weighted
    ]
    expression = vectors[0]
    for vector in vectors[1:]:
        expression = expression + vector
    return models.GeneratedField(
        expression=expression, output_field=SearchVectorField(), db_persist=True
    )


class WithoutDocument(models.Manager):
    """Rows without their search document, which only search reads (a source's can be as big
    as its text)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_document")
