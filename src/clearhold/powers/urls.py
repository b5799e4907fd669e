"""Closure powers pages under ``/powers/`` (namespace ``powers``)."""

from django.urls import include, path

app_name = "powers"
urlpatterns = [
    path("", include("clearhold.powers.urls_closure")),
    path("", include("clearhold.powers.urls_patrol")),
    path("", include("clearhold.powers.urls_people")),
    path("", include("clearhold.powers.urls_operation_patrol")),
    path("", include("clearhold.powers.urls_operation_court")),
    path("", include("clearhold.powers.urls_operation_create")),
]
