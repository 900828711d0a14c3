"""Full-text search documents for cases, events and testimony.

Each table gets a `search_document` tsvector column that PostgreSQL computes itself on every
insert and update (GENERATED ALWAYS … STORED), with a GIN index on it. cases/search.py queries
that column; see its docstring for why a stored column rather than an expression index.
Weights: titles and captions A, excerpts and summaries B, descriptions and context C.

The column is not a model field. To change what is indexed, write a migration that drops and
re-adds the column.
"""

from django.db import migrations

DOCUMENTS = {
    "cases_case": (
        "case_search_idx",
        "setweight(to_tsvector('english', coalesce(short_title, '') || ' ' || "
        "coalesce(caption, '') || ' ' || coalesce(docket_number, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(summary, '')), 'B')",
    ),
    "cases_event": (
        "event_search_idx",
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(description, '')), 'C')",
    ),
    "cases_testimony": (
        "testimony_search_idx",
        "setweight(to_tsvector('english', coalesce(excerpt, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(context, '')), 'C')",
    ),
}


def add_documents(apps, schema_editor):
    for table, (index, expression) in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_document)")


def drop_documents(apps, schema_editor):
    for table, (index, _expression) in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_published_entries_cite_sources"),
    ]

    operations = [
        migrations.RunPython(add_documents, drop_documents),
    ]
