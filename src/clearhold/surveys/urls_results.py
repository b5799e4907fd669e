"""Survey objectives, inside ``/problems/<pk>/`` (namespace ``survey_results``)."""

from django.urls import path

from clearhold.surveys import views

app_name = "survey_results"
urlpatterns = [
    path(
        "<int:pk>/survey-objectives/new/",
        views.survey_objective_new,
        name="objective-new",
    ),
]
