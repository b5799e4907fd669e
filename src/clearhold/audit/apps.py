from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clearhold.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from clearhold.audit import permissions  # noqa: F401
