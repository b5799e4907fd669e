"""An operation's deadlines and its patrol by block (part of issue 20)."""

from django.urls import path

from clearhold.powers import views_operation_patrol as views

urlpatterns = [
    path("operations/<int:pk>/clocks/", views.operation_clocks, name="operation-clocks"),
    path("operations/<int:pk>/patrol/", views.operation_patrol, name="operation-patrol"),
    path("operations/<int:pk>/patrol/where/", views.where_am_i, name="operation-where"),
]
