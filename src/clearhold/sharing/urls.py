"""The sharing record of a problem (included under ``/problems/``, namespace ``sharing``)."""

from django.urls import path

from clearhold.sharing import views

app_name = "sharing"
urlpatterns = [
    path("<int:pk>/sharing/", views.sharing_page, name="record"),
    path("<int:pk>/sharing/change/", views.sharing_edit, name="edit"),
]
