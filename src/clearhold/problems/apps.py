from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "clearhold.problems"
    label = "problems"
    verbose_name = "Problem-solving cases"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.problems import models, navigation, permissions  # noqa: F401

        for model in (
            models.Problem,
            models.PartnerOrganisation,
            models.Member,
            models.VulnerablePerson,
            models.Objective,
            models.Action,
            models.Meeting,
            models.Review,
        ):
            track(model)
