"""The consultation log: responses per unit, objections with reasons, replies sent."""

from django.urls import path

from clearhold.documents import views_consultation as v

urlpatterns = [
    path("problems/<int:problem_pk>/consultation/", v.consultation_page, name="consultation"),
    path("problems/<int:problem_pk>/consultation/new/", v.response_new, name="consultation-new"),
    path(
        "problems/<int:problem_pk>/consultation/<int:pk>/",
        v.response_edit,
        name="consultation-edit",
    ),
]
