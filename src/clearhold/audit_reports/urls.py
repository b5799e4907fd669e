from django.urls import path

from clearhold.audit_reports import views, views_reads

app_name = "audit"
urlpatterns = [
    path("", views.audit_search, name="search"),
    path("export.csv", views.audit_export, name="export"),
    path("purpose/<int:problem_pk>/", views_reads.read_purpose, name="purpose"),
    path("data-protection/", views_reads.reads_report, name="reads"),
    path("data-protection/reads.csv", views_reads.reads_report_csv, name="reads-csv"),
    path("data-protection/subject-access/", views_reads.subject_access, name="subject-access"),
    path(
        "data-protection/subject-access/<str:kind>/<int:pk>/",
        views_reads.subject_access_download,
        name="subject-access-download",
    ),
]
