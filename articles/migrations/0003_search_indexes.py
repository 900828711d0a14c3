"""Full-text search document for sources.

A `search_document` tsvector column PostgreSQL computes on every write (GENERATED ALWAYS …
STORED) and a GIN index on it, queried by cases/search.py. Weights: title A, summary B,
authors C, text D. Only the first 100,000 characters of the text are indexed: PostgreSQL
records word positions only that far and caps a tsvector at 1 MB, so more would cost time and
could make saving a very long transcript fail, without finding anything new.

Not a model field (see cases/0004_search_indexes).
"""

from django.db import migrations

INDEX = "source_search_idx"
EXPRESSION = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(authors, '')), 'C') || "
    "setweight(to_tsvector('english', left(coalesce(text, ''), 100000)), 'D')"
)


def add_document(apps, schema_editor):
    schema_editor.execute(
        "ALTER TABLE articles_source ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON articles_source USING gin (search_document)")


def drop_document(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute("ALTER TABLE articles_source DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_source_cases"),
    ]

    operations = [
        migrations.RunPython(add_document, drop_document),
    ]
