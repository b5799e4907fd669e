"""An operation's service walk, court listings and extensions (included by urls.py under
``/powers/``, namespace ``powers``)."""

from django.urls import path

from clearhold.powers import views_operation_court as court
from clearhold.powers import views_operation_extend as extend
from clearhold.powers import views_operation_walk as walk

urlpatterns = [
    path("operations/<int:pk>/walk/", walk.walk_page, name="operation-walk"),
    path(
        "operations/<int:pk>/walk/<int:closure_pk>/",
        walk.walk_stop,
        name="operation-walk-stop",
    ),
    path("operations/<int:pk>/service/", walk.service_batch_page, name="operation-service"),
    path("operations/<int:pk>/listings/new/", court.listing_new, name="listing-new"),
    path("listings/<int:pk>/", court.listing_hear_page, name="listing-hear"),
    path("operations/<int:pk>/extensions/", extend.extensions_page, name="operation-extensions"),
]
