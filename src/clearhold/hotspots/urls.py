from django.urls import path

from clearhold.hotspots import views

app_name = "hotspots"
urlpatterns = [
    path("", views.scan, name="scan"),
    path("map.json", views.scan_map, name="map"),
    path("emerging.json", views.emerging_map, name="emerging-map"),
]
