"""Create the Curators and Editors groups with their permissions.

Curators create and edit everything but cannot publish; Editors can also delete and publish.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = {
    "cases": ["case", "caserole", "court", "event", "eventcitation", "party", "testimony",
              "testimonycitation", "topic"],
    "articles": ["outlet", "source"],
}
# Rows that curators remove from inlines (a wrong citation or role) need delete rights.
CURATOR_DELETABLE = {"caserole", "eventcitation", "testimonycitation"}
PUBLISH = {
    "cases": ["publish_case", "publish_event", "publish_testimony"],
    "articles": ["publish_source"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app_label, codenames):
        return list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )

    curators, _ = Group.objects.get_or_create(name="Curators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in CURATED.items():
        curator_codes = [f"{action}_{model}" for model in models for action in ("add", "change", "view")]
        curator_codes += [f"delete_{model}" for model in models if model in CURATOR_DELETABLE]
        editor_codes = [
            f"{action}_{model}" for model in models for action in ("add", "change", "view", "delete")
        ]
        curators.permissions.add(*perms(app_label, curator_codes))
        editors.permissions.add(*perms(app_label, editor_codes + PUBLISH[app_label]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Curators", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
