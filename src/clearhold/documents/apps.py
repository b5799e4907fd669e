from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "clearhold.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.documents import content, live, models, navigation, permissions  # noqa: F401
        from clearhold.documents.content.common import advice_contacts
        from clearhold.powers.notice_checklist import register_advice_source

        content.register_all()
        register_advice_source(advice_contacts)
        live.register()
        for model in (
            models.DocumentTemplate,
            models.DocumentDetails,
            models.ConsultationResponse,
            models.PracticeWriteUp,
        ):
            track(model)
        track(models.GeneratedDocument, exclude=("file",))
