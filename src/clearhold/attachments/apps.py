from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "clearhold.attachments"
    label = "attachments"
    verbose_name = "Attachments"

    def ready(self) -> None:
        from clearhold.attachments import permissions  # noqa: F401
        from clearhold.attachments.models import Attachment
        from clearhold.audit.services import track

        track(Attachment)
