from django.apps import AppConfig


class HotspotsConfig(AppConfig):
    name = "clearhold.hotspots"
    label = "hotspots"
    verbose_name = "Hotspots"

    def ready(self) -> None:
        from clearhold.hotspots import navigation, permissions  # noqa: F401
