from django.urls import path

from clearhold.places import views

app_name = "places"
urlpatterns = [
    path("", views.site_list, name="sites"),
    path("new/", views.site_new, name="site-new"),
    path("<int:pk>/", views.site_detail, name="site"),
    path("<int:pk>/units/import/", views.site_units_import, name="units-import"),
]
