"""GIN indexes for full-text search over cases, events and testimony (PostgreSQL only).

Each index is built on exactly the weighted SearchVector expression cases/search.py queries
(see its docstring for why an expression index rather than a stored column); the copies below
are frozen on purpose, and tests/cases/test_search.py proves with EXPLAIN that they match.
SQLite has no GIN indexes and no to_tsvector: there the search falls back to icontains and this
migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"


def _indexes():
    return {
        "case": GinIndex(
            SearchVector("short_title", "caption", "docket_number", weight="A", config=CONFIG)
            + SearchVector("summary", weight="B", config=CONFIG),
            name="case_search_idx",
        ),
        "event": GinIndex(
            SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("description", weight="C", config=CONFIG),
            name="event_search_idx",
        ),
        "testimony": GinIndex(
            SearchVector("excerpt", weight="B", config=CONFIG)
            + SearchVector("context", weight="C", config=CONFIG),
            name="testimony_search_idx",
        ),
    }


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes().items():
        schema_editor.add_index(apps.get_model("cases", model_name), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes().items():
        schema_editor.remove_index(apps.get_model("cases", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_curator_and_editor_groups"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
