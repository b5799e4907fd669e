"""Graduated enforcement per person (included by urls.py under ``/powers/``, namespace
``powers``)."""

from django.urls import path

from clearhold.powers import views_people as v

urlpatterns = [
    path("problems/<int:problem_pk>/people/", v.people_page, name="people"),
    path("problems/<int:problem_pk>/people/new/", v.person_new, name="person-new"),
    path("people/<int:pk>/", v.person_page, name="person"),
    path("people/<int:pk>/steps/new/", v.step_new, name="step-new"),
]
