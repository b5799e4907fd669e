"""Residents' pages (namespace ``residents``), under ``/s/``: no sign-in, no rule to name
(``tests/web/test_guarded_views.OPEN_PAGES`` lists them)."""

from django.urls import path

from clearhold.surveys import views_public

app_name = "residents"
urlpatterns = [
    path("", views_public.code_enter, name="code"),
    path("thanks/", views_public.thanks, name="thanks"),
    path("event/<str:token>/", views_public.event, name="event"),
    path("<str:code>/", views_public.answer, name="answer"),
]
