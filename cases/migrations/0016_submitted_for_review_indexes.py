"""Partial indexes for the review queue's submitted drafts (cases.admin.queue: cases, events and
testimony with submitted_at set, oldest first)."""

from django.db import migrations, models


def submitted_index(model: str) -> migrations.AddIndex:
    return migrations.AddIndex(
        model_name=model,
        index=models.Index(
            condition=models.Q(("submitted_at__isnull", False)),
            fields=["submitted_at"],
            name=f"{model}_submitted_idx",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_fill_testimony_search_extra"),
    ]

    operations = [submitted_index("case"), submitted_index("event"), submitted_index("testimony")]
