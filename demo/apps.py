from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the `load_demo` and `seed_bench` commands; no models of its own."""

    name = "demo"
    verbose_name = "Demo data"
