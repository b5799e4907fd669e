from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clearhold.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from clearhold.api import models, navigation, permissions  # noqa: F401
        from clearhold.audit.services import track

        # A token grants access: its whole life is kept, never its digest. Its name, prefix and
        # dates are public (``authz.DECLARED``); whose it is is restricted, yet the trail must
        # name who was given access, as it does for a problem's members.
        track(models.ApiToken, exclude=("digest",), keep_values=("user",))
        from clearhold.accounts.sessions import signed_out_everywhere

        signed_out_everywhere.connect(_revoke_tokens, dispatch_uid="api-tokens-everywhere")


def _revoke_tokens(sender, *, user, person, **kwargs) -> int:
    """Signed out everywhere: the person's API tokens are revoked too."""
    from clearhold.api.tokens import api_tokens_revoke_all

    return api_tokens_revoke_all(user=user, person=person)
