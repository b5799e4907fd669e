from django.urls import path

from clearhold.resident_reports import views_public, views_queue

app_name = "resident_reports"

urlpatterns = [
    # Public: no sign-in.
    path("report/", views_public.report_index, name="index"),
    path("report/check/", views_public.report_check, name="check"),
    path("report/<slug:slug>/", views_public.report_form, name="report"),
    path("report/<slug:slug>/sent/", views_public.report_sent, name="sent"),
    # The partnership's.
    path("problems/resident-reports/", views_queue.report_queues, name="queues"),
    path("problems/<int:problem_pk>/resident-reports/", views_queue.report_queue, name="queue"),
    path(
        "problems/<int:problem_pk>/resident-reports.csv",
        views_queue.report_export,
        name="export",
    ),
    path(
        "problems/<int:problem_pk>/resident-reports/page/",
        views_queue.reporting_page,
        name="page",
    ),
    path(
        "problems/<int:problem_pk>/resident-reports/updates/new/",
        views_queue.update_new,
        name="update-new",
    ),
    path("problems/resident-reports/<int:pk>/", views_queue.report_detail, name="detail"),
    path(
        "problems/resident-reports/<int:pk>/moderate/",
        views_queue.report_moderation,
        name="moderate",
    ),
    path("problems/resident-reports/<int:pk>/photo/", views_queue.report_photo, name="photo"),
]
