from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "clearhold.incidents"
    label = "incidents"
    verbose_name = "Incident data"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.incidents import navigation, permissions  # noqa: F401
        from clearhold.incidents.models import ImportBatch, MappingProfileRecord

        track(ImportBatch, exclude=("progress_percent", "progress_message", "error_report"))
        track(MappingProfileRecord)
