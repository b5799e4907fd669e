"""Document pages (namespace ``documents``): per problem, downloads and templates."""

from django.urls import include, path

from clearhold.documents import views, views_runs, views_templates

app_name = "documents"
urlpatterns = [
    path("problems/<int:problem_pk>/documents/", views.documents_page, name="problem"),
    path("problems/<int:problem_pk>/documents/details/", views.details, name="details"),
    path("problems/<int:problem_pk>/documents/<slug:kind_key>/", views.generate, name="generate"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/runs/<int:pk>/", views_runs.run_page, name="run"),
    path("documents/runs/<int:pk>/progress.json", views_runs.run_progress, name="run-progress"),
    path("documents/templates/", views_templates.template_list, name="templates"),
    path("documents/templates/<slug:kind_key>/", views_templates.template_detail, name="template"),
    path("", include("clearhold.documents.urls_consultation")),
    path("", include("clearhold.documents.urls_writeup")),
    path("", include("clearhold.documents.urls_operation")),
]
