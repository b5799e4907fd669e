from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WebConfig(AppConfig):
    default = True
    name = "clearhold.web"
    label = "web"
    verbose_name = "ClearHold web"

    def ready(self) -> None:
        from clearhold.web import security  # noqa: F401  (connects the session-limit receiver)


class ClearHoldAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that only administrators may open."""

    default = False
    default_site = "clearhold.web.admin_site.ClearHoldAdminSite"
