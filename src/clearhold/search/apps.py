from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "clearhold.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from clearhold.search import permissions  # noqa: F401
