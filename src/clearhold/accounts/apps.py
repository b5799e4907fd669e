from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clearhold.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
