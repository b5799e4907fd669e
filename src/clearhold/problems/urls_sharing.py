"""The sharing record of a problem (included under ``/problems/``, namespace ``sharing``)."""

from django.urls import path

from clearhold.problems import views_sharing as views

app_name = "sharing"
urlpatterns = [
    path("<int:pk>/sharing/", views.sharing_page, name="record"),
    path("<int:pk>/sharing/change/", views.sharing_edit, name="edit"),
]
