"""Let curators and editors review what ingestion suggests (mentions, case suggestions and
testimony candidates). Nobody adds these by hand: ingestion creates them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["mention", "casesuggestion", "testimonycandidate"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions):
        codes = [f"{action}_{model}" for model in MODELS for action in actions]
        return Permission.objects.filter(content_type__app_label="articles", codename__in=codes)

    curators, _ = Group.objects.get_or_create(name="Curators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    curators.permissions.add(*perms(["view", "change"]))
    editors.permissions.add(*perms(["view", "change", "delete"]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Curators", "Editors"]):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles",
                codename__regex=r"^(view|change|delete)_(" + "|".join(MODELS) + ")$",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_ingestion"),
        ("cases", "0002_curator_and_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
