"""Fill Testimony.search_extra (added empty by 0012): the witness's name and aliases and the
published sources' wordings, so search finds existing statements by them. From here on the write
services keep it (cases.models.search)."""

from django.db import migrations

from cases.models.search import refresh_search_extra


def fill(apps, schema_editor):
    testimony = apps.get_model("cases", "Testimony")
    refresh_search_extra(
        testimony.objects.all(),
        testimony_model=testimony,
        party_model=apps.get_model("cases", "Party"),
        citation_model=apps.get_model("cases", "TestimonyCitation"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_testimony_speaker"),
        ("articles", "0008_source_placed_index"),
    ]

    # Nothing to undo: 0012's reversal drops the column.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
