"""Survey objectives, inside ``/problems/<pk>/`` (namespace ``survey_results``)."""

from django.urls import path

from clearhold.surveys import objective_views

app_name = "survey_results"
urlpatterns = [
    path(
        "<int:pk>/survey-objectives/new/",
        objective_views.survey_objective_new,
        name="objective-new",
    ),
]
