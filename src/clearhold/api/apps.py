from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clearhold.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from clearhold.api import models, navigation, permissions  # noqa: F401
        from clearhold.audit.services import track

        # A token grants access: its whole life is kept, never its digest.
        track(
            models.ApiToken,
            exclude=("digest",),
            keep_values=("user", "name", "prefix", "created_at", "last_used_at", "revoked_at"),
            personal_repr=False,
        )
