"""Action plan and meeting pages, included at ``/problems/<int:pk>/`` (namespace ``problems``)."""

from django.urls import path

from clearhold.problems import views_actions

urlpatterns = [
    path("actions/new/", views_actions.action_new, name="action-new"),
    path("actions/<int:action_pk>/edit/", views_actions.action_edit, name="action-edit"),
    path("meetings/new/", views_actions.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_pk>/", views_actions.meeting_page, name="meeting"),
]
