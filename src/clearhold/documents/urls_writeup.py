"""The practice write-up, prefilled from the problem and edited before export."""

from django.urls import path

from clearhold.documents import views_writeup

urlpatterns = [
    path(
        "problems/<int:problem_pk>/write-up/",
        views_writeup.writeup_edit,
        name="write-up",
    ),
]
