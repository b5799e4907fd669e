from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "clearhold.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.documents import content, live, models, navigation, permissions  # noqa: F401

        content.register_all()
        live.register()
        for model in (
            models.DocumentTemplate,
            models.DocumentDetails,
            models.ConsultationResponse,
            models.PracticeWriteUp,
        ):
            track(model)
        track(models.GeneratedDocument, exclude=("file",))
