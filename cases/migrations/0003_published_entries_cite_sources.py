"""Database backstop for "a published event or testimony cites at least one source".

A rule across two tables cannot be a CHECK constraint, so it is a pair of deferred constraint
triggers per entry type: checked at commit, so an entry and its first citation can be written in
one transaction in any order. The services, admin and API enforce the same rule with friendly
messages first (cases.services.publication_problems).
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
       AND NOT EXISTS (SELECT 1 FROM {citations} WHERE {fk} = entry_id) THEN
        RAISE EXCEPTION 'A published {label} must cite at least one source ({label} %%)', entry_id
            USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
    END IF;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION {name}_on_entry() RETURNS trigger AS $$
BEGIN PERFORM {name}_check(NEW.id); RETURN NULL; END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION {name}_on_citation() RETURNS trigger AS $$
BEGIN PERFORM {name}_check(OLD.{fk}); RETURN NULL; END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER {name}
    AFTER INSERT OR UPDATE OF state ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.state = 'published')
    EXECUTE FUNCTION {name}_on_entry();

CREATE CONSTRAINT TRIGGER {name}_citations
    AFTER DELETE OR UPDATE OF {fk} ON {citations}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION {name}_on_citation();
"""


def backward_sql(table, citations, fk, name, label):
    return f"""
DROP TRIGGER IF EXISTS {name} ON {table};
DROP TRIGGER IF EXISTS {name}_citations ON {citations};
DROP FUNCTION IF EXISTS {name}_on_entry();
DROP FUNCTION IF EXISTS {name}_on_citation();
DROP FUNCTION IF EXISTS {name}_check(bigint);
"""


def apply(apps, schema_editor):
    for entry in ENTRIES:
        schema_editor.execute(forward_sql(*entry))


def unapply(apps, schema_editor):
    for entry in ENTRIES:
        schema_editor.execute(backward_sql(*entry))


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_curator_and_editor_groups")]

    operations = [migrations.RunPython(apply, unapply)]
