from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clearhold.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from clearhold.audit import navigation, permissions, receivers  # noqa: F401
