"""An operation's pages: starting one, its page, varying a closure's terms, and the batch
steps before the court (included by urls.py under ``/powers/``, namespace ``powers``)."""

from django.urls import path

from clearhold.powers import views_operation_create as v
from clearhold.powers import views_operation_notices as n

urlpatterns = [
    path("problems/<int:problem_pk>/operations/new/", v.operation_new, name="operation-new"),
    path("operations/<int:pk>/", v.operation_page, name="operation"),
    path("operations/<int:pk>/walking-order/", v.walking_order_page, name="operation-order"),
    path("closures/<int:pk>/terms/", v.closure_vary_page, name="operation-vary"),
    path("operations/<int:pk>/engagements/", n.engagements_page, name="operation-engagements"),
    path("operations/<int:pk>/notices/", n.notices_page, name="operation-notices"),
]
