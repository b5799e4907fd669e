from django.urls import path

from clearhold.accounts import second_factor_views, session_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("people/", views.people, name="people"),
    path("account/second-factor/", second_factor_views.verify, name="second-factor"),
    path(
        "account/second-factor/set-up/",
        second_factor_views.set_up,
        name="second-factor-set-up",
    ),
    path("account/sessions/", session_views.my_sessions, name="sessions"),
    path("account/sessions/<int:pk>/end/", session_views.session_end, name="session-end"),
    path("people/<int:user_pk>/sessions/", session_views.person_sessions, name="person-sessions"),
]
