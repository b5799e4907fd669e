"""Patrol pages: closures in force, the access register and the breach log."""

from django.urls import path

from clearhold.powers import views_patrol

urlpatterns = [
    path("patrol/", views_patrol.patrol, name="patrol"),
    path("closures/<int:pk>/access/", views_patrol.access_check, name="access"),
    path("closures/<int:pk>/breaches/new/", views_patrol.breach_new, name="breach-new"),
]
