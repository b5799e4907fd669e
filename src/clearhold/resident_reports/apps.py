from django.apps import AppConfig


class ResidentReportsConfig(AppConfig):
    name = "clearhold.resident_reports"
    label = "resident_reports"
    verbose_name = "Residents' reports"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.resident_reports import live, navigation, permissions  # noqa: F401
        from clearhold.resident_reports.models import ReportingPage, ReportUpdate, ResidentReport

        live.register()
        for model in (ReportingPage, ReportUpdate):
            track(model)
        # The digests only count a sender's reports for the rate limits: never worth recording.
        track(ResidentReport, exclude=("sender_digest", "device_digest"))
