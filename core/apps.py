"""core holds what every app builds on; as an app it owns one table, the public version
(core.models.PublicVersion), which the page cache reads."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
