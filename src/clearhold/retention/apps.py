from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "clearhold.retention"
    label = "retention"
    verbose_name = "Retention of personal data"
