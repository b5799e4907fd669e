from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "clearhold.sharing"
    label = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.sharing import models, permissions, sections  # noqa: F401

        sections.register()
        track(models.SharingRecord)
        track(models.Recipient)
