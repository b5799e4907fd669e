from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "clearhold.serving"
    label = "serving"
    verbose_name = "Serving"
