from django.urls import path

from clearhold.serving import views

app_name = "serving"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
