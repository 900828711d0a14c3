"""A partial index for the review queue's submitted sources (cases.admin.queue: drafts with
submitted_at set, oldest first)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_submitted_for_review"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                condition=models.Q(("submitted_at__isnull", False)),
                fields=["submitted_at"],
                name="source_submitted_idx",
            ),
        ),
    ]
