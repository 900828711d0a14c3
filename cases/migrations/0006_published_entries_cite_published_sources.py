"""Database backstop for "a published event or testimony cites at least one *published* source".

Migration 0003 checked only that a citation exists. Now the check joins the sources: it runs
when an entry is published, when a citation is deleted or re-pointed (to another source or
entry), and when a source leaves the published state. Deferred constraint triggers, checked at
commit, so an entry, its sources and its citations can be written in one transaction in any
order. cases.services enforces the same rule with friendly messages first.
"""

from django.db import migrations

ENTRIES = [
    # (entry table, citation table, foreign key column, constraint name, label)
    ("cases_event", "cases_eventcitation", "event_id", "event_published_cites_source", "event"),
    (
        "cases_testimony",
        "cases_testimonycitation",
        "testimony_id",
        "testimony_published_cites_source",
        "testimony",
    ),
]


def forward_sql(table, citations, fk, name, label):
    return f"""
CREATE OR REPLACE FUNCTION {name}_check(entry_id bigint) RETURNS void AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {table} WHERE id = entry_id AND state = 'published')
       AND NOT EXISTS (
           SELECT 1 FROM {citations} c JOIN articles_source s ON s.id = c.source_id
           WHERE c.{fk} = entry_id AND s.state = 'published'
       ) THEN
        RAISE EXCEPTION 'A published {label} must cite at least one published source ({label} %%)',
            entry_id USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
    END IF;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION {name}_on_citation() RETURNS trigger AS $$
BEGIN
    PERFORM {name}_check(OLD.{fk});
    IF TG_OP = 'UPDATE' AND NEW.{fk} <> OLD.{fk} THEN
        PERFORM {name}_check(NEW.{fk});
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION {name}_on_source() RETURNS trigger AS $$
DECLARE entry_id bigint;
BEGIN
    FOR entry_id IN SELECT DISTINCT {fk} FROM {citations} WHERE source_id = NEW.id LOOP
        PERFORM {name}_check(entry_id);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {name}_citations ON {citations};
CREATE CONSTRAINT TRIGGER {name}_citations
    AFTER DELETE OR UPDATE OF {fk}, source_id ON {citations}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION {name}_on_citation();

CREATE CONSTRAINT TRIGGER {name}_sources
    AFTER UPDATE OF state ON articles_source
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.state = 'published' AND NEW.state <> 'published')
    EXECUTE FUNCTION {name}_on_source();
"""


def backward_sql(table, citations, fk, name, label):
    return f"""
DROP TRIGGER IF EXISTS {name}_sources ON articles_source;
DROP FUNCTION IF EXISTS {name}_on_source();
DROP TRIGGER IF EXISTS {name}_citations ON {citations};
CREATE OR REPLACE FUNCTION {name}_check(entry_id bigint) RETURNS void AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {table} WHERE id = entry_id AND state = 'published')
       AND NOT EXISTS (SELECT 1 FROM {citations} WHERE {fk} = entry_id) THEN
        RAISE EXCEPTION 'A published {label} must cite at least one source ({label} %%)', entry_id
            USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
    END IF;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION {name}_on_citation() RETURNS trigger AS $$
BEGIN PERFORM {name}_check(OLD.{fk}); RETURN NULL; END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER {name}_citations
    AFTER DELETE OR UPDATE OF {fk} ON {citations}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION {name}_on_citation();
"""


def apply(apps, schema_editor):
    for entry in ENTRIES:
        schema_editor.execute(forward_sql(*entry))


def unapply(apps, schema_editor):
    for entry in ENTRIES:
        schema_editor.execute(backward_sql(*entry))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_event_case_major_idx"),
        ("articles", "0005_ingestion_permissions"),
    ]

    operations = [migrations.RunPython(apply, unapply)]
