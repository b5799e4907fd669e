from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "clearhold.notifications"
    label = "notifications"
    verbose_name = "Email digests"
