from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "clearhold.places"
    label = "places"
    verbose_name = "Sites and premises"

    def ready(self) -> None:
        from clearhold.audit.services import track
        from clearhold.places import permissions  # noqa: F401
        from clearhold.places.models import Premises, Site

        track(Site)
        track(Premises)
