from django.urls import path

from clearhold.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.digest_settings, name="settings")]
