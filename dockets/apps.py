from django.apps import AppConfig


class DocketsConfig(AppConfig):
    name = "dockets"
    verbose_name = "CourtListener docket sync"
    default_auto_field = "django.db.models.BigAutoField"
