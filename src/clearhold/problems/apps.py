from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "clearhold.problems"
    label = "problems"
    verbose_name = "Problem-solving cases"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.problems import (  # noqa: F401
            models,
            navigation,
            permissions,
            sharing_permissions,
            sharing_sections,
        )

        sharing_sections.register()

        # Who was given access to a problem is kept (by account id); a member's name is not.
        track(models.Member, keep_values=("user",), personal_repr=True)
        for model in (
            models.Problem,
            models.PartnerOrganisation,
            models.VulnerablePerson,
            models.Objective,
            models.Action,
            models.Meeting,
            models.Review,
        ):
            track(model)
