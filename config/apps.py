"""The project's own app configuration: it registers the site-wide system checks."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self) -> None:
        from . import checks  # noqa: F401 — registering the checks is the import's effect
