"""The user's dashboard and calendar, included at ``/problems/`` (namespace ``problems``)
before the ``<int:pk>/`` routes."""

from django.urls import path

from clearhold.problems import views_actions

urlpatterns = [
    path("dashboard/", views_actions.dashboard_page, name="dashboard"),
    path("dashboard/calendar.ics", views_actions.calendar_export, name="calendar"),
]
