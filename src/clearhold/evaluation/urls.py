from django.urls import path

from clearhold.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("<int:pk>/evaluate/", views.site_evaluate, name="site"),
    path("<int:pk>/evaluate.<str:fmt>", views.site_evaluate_export, name="site-export"),
]
