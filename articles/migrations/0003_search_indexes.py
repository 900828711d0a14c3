"""GIN index for full-text search over sources (PostgreSQL only).

Built on exactly the weighted SearchVector expression cases/search.py queries (frozen copy;
tests/cases/test_search.py proves with EXPLAIN that they match). Only the first 100,000
characters of a source's text are indexed: PostgreSQL tracks word positions only that far and
caps a tsvector at 1 MB, so a longer text would add cost, not matches. SQLite: nothing to do.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models.functions import Left

CONFIG = "english"
SOURCE_TEXT_INDEXED_CHARS = 100_000


def _index():
    return GinIndex(
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("authors", weight="C", config=CONFIG)
        + SearchVector(Left("text", SOURCE_TEXT_INDEXED_CHARS), weight="D", config=CONFIG),
        name="source_search_idx",
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Source"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Source"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_source_cases"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
