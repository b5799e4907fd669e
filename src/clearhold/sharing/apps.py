from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Holds the sharing record's tables and their migrations; the code that reads and writes
    them lives in ``clearhold.problems`` (sharing_*.py), so the two no longer import each other.
    The tables keep their app so existing databases and their migration history stay valid."""

    name = "clearhold.sharing"
    label = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.sharing import models

        track(models.SharingRecord)
        track(models.Recipient)
