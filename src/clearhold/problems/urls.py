from django.urls import include, path

from clearhold.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_index, name="list"),
    path("new/", views.problem_new, name="new"),
    path("", include("clearhold.problems.urls_dashboard")),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/analysis/", views.problem_analysis, name="analysis"),
    path("<int:pk>/members/add/", views.member_new, name="member-add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_delete, name="member-remove"),
    path("<int:pk>/partners/add/", views.partner_new, name="partner-add"),
    path("<int:pk>/vulnerable/", views.vulnerable_people, name="vulnerable"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/", include("clearhold.problems.urls_objectives")),
    path("<int:pk>/", include("clearhold.problems.urls_actions")),
]
