"""Objectives and reviews, inside ``/problems/<pk>/`` of the ``problems`` namespace."""

from django.urls import path

from clearhold.problems import views_objectives as views

urlpatterns = [
    path("objectives/new/", views.objective_new, name="objective-new"),
    path("reviews/<int:review_pk>/", views.review_detail, name="review"),
]
