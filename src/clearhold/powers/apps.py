from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "clearhold.powers"
    label = "powers"
    verbose_name = "Closure powers and enforcement"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.powers import live, models, navigation, permissions  # noqa: F401

        live.register()

        for model in (
            models.Operation,
            models.Listing,
            models.Closure,
            models.Engagement,
            models.ClosureNotice,
            models.ServiceEvent,
            models.Hearing,
            models.ClosureOrder,
            models.OrderExtension,
            models.ClosureCost,
            models.Breach,
            models.Person,
            models.EnforcementStep,
        ):
            track(model)
        track(models.Appeal, personal_repr=True)  # named after the appellant
