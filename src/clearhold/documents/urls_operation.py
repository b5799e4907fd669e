"""The Papers page of an operation (namespace ``documents``)."""

from django.urls import path

from clearhold.documents import views_operation

urlpatterns = [
    path(
        "operations/<int:pk>/papers/",
        views_operation.operation_papers,
        name="operation_papers",
    ),
]
