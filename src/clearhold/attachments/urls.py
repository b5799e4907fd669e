from django.urls import path

from clearhold.attachments import views

app_name = "attachments"
urlpatterns = [
    path(
        "problems/<int:problem_pk>/attachments/new/",
        views.attachment_new,
        name="new",
    ),
    path("attachments/<int:pk>/download/", views.attachment_download, name="download"),
]
