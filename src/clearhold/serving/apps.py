from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "clearhold.serving"
    label = "serving"
    verbose_name = "Serving"

    def ready(self) -> None:
        from clearhold.serving import checks  # noqa: F401  (registers the deployment checks)
