"""Staff pages of the residents' survey (namespace ``surveys``), under ``/surveys/``."""

from django.urls import path

from clearhold.surveys import views, views_free_text

app_name = "surveys"
urlpatterns = [
    path("problem/<int:problem_pk>/", views.survey_list, name="list"),
    path("problem/<int:problem_pk>/new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/questions/new/", views.question_new, name="question-new"),
    path("<int:pk>/waves/new/", views.wave_new, name="wave-new"),
    path("<int:pk>/free-text/", views_free_text.free_text, name="free-text"),
    path("waves/<int:pk>/open/", views.wave_open_page, name="wave-open"),
    path("waves/<int:pk>/close/", views.wave_close_page, name="wave-close"),
    path("waves/<int:pk>/door-knock/", views.door_knock, name="door-knock"),
]
