from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "clearhold.surveys"
    label = "surveys"
    verbose_name = "Residents' survey"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.surveys import permissions, sections  # noqa: F401
        from clearhold.surveys.models import (
            Answer,
            Question,
            Response,
            Survey,
            SurveyObjective,
            Wave,
        )

        sections.register()
        for model in (Survey, Question, Wave, Response, SurveyObjective):
            track(model)
        # A member's reading of free text: the decision is kept, what was written is not.
        track(Answer, exclude=("text", "shown_text"))
