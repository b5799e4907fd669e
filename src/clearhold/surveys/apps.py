from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "clearhold.surveys"
    label = "surveys"
    verbose_name = "Residents' survey"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.surveys import sections
        from clearhold.surveys.models import Response, Survey, SurveyObjective, Wave

        sections.register()

        for model in (Survey, Wave, Response, SurveyObjective):
            track(model)
