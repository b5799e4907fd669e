"""The closure workflow: the list, the closure page and one page per step (included by
urls.py under ``/powers/``, namespace ``powers``)."""

from django.urls import path

from clearhold.powers import views_closure as v
from clearhold.powers import views_closure_page as read
from clearhold.powers.views_licence import licence_page

urlpatterns = [
    path("", read.closure_list_page, name="list"),
    path("problems/<int:problem_pk>/closures/new/", v.closure_new, name="closure-new"),
    path("closures/<int:pk>/", read.closure_page, name="closure"),
    path("closures/<int:pk>/engagements/new/", v.engagement_new, name="engagement-new"),
    path("closures/<int:pk>/notice/", v.notice_issue_page, name="notice-issue"),
    path("closures/<int:pk>/notice/extend/", v.notice_extend_page, name="notice-extend"),
    path("closures/<int:pk>/notice/cancel/", v.notice_cancel_page, name="notice-cancel"),
    path("closures/<int:pk>/notice/vary/", v.notice_vary_page, name="notice-vary"),
    path("closures/<int:pk>/service/new/", v.service_new, name="service-new"),
    path(
        "closures/<int:pk>/service/<int:event_pk>/photo/", read.service_photo, name="service-photo"
    ),
    path("closures/<int:pk>/hearings/new/", v.hearing_new, name="hearing-new"),
    path("closures/<int:pk>/order/", v.order_new, name="order-new"),
    path("closures/<int:pk>/order/extensions/new/", v.extension_new, name="extension-new"),
    path(
        "closures/<int:pk>/order/extensions/<int:extension_pk>/decide/",
        v.extension_decide_page,
        name="extension-decide",
    ),
    path("closures/<int:pk>/order/discharge/", v.order_discharge_page, name="order-discharge"),
    path("closures/<int:pk>/appeals/new/", v.appeal_new, name="appeal-new"),
    path(
        "closures/<int:pk>/appeals/<int:appeal_pk>/conclude/",
        v.appeal_conclude_page,
        name="appeal-conclude",
    ),
    path("closures/<int:pk>/costs/new/", v.cost_new, name="cost-new"),
    path("closures/<int:pk>/licence/", licence_page, name="licence"),
]
