from django.apps import AppConfig


class AuditReportsConfig(AppConfig):
    name = "clearhold.audit_reports"
    label = "audit_reports"
    verbose_name = "Audit reports"

    def ready(self) -> None:
        from clearhold.audit_reports import navigation  # noqa: F401
