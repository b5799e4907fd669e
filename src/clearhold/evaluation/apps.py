from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "clearhold.evaluation"
    label = "evaluation"
    verbose_name = "Impact evaluation"

    def ready(self) -> None:
        from clearhold.evaluation import permissions  # noqa: F401
