from django.urls import path

from clearhold.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incidents, name="list"),
    path("import/", views.import_start, name="import"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/new/", views.profile_create, name="profile-create"),
    path("imports/", views.batches, name="batches"),
    path("imports/<int:pk>/", views.batch, name="batch"),
    path("imports/<int:pk>/progress.json", views.batch_progress, name="batch-progress"),
    path("imports/<int:pk>/rejected-rows.csv", views.batch_rejected_rows, name="batch-rejected"),
    path("imports/<int:pk>/confirm/", views.batch_confirm, name="batch-confirm"),
]
