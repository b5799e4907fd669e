from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clearhold.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from clearhold.accounts import receivers  # noqa: F401  (sign-in events, change tracking)
