from django.contrib import admin
from django.urls import include, path

from clearhold.api.main import api
from clearhold.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("clearhold.accounts.urls")),
    path("audit/", include("clearhold.audit_reports.urls")),
    path("incidents/", include("clearhold.incidents.urls")),
    path("hotspots/", include("clearhold.hotspots.urls")),
    path("sites/", include("clearhold.places.urls")),
    path("sites/", include("clearhold.evaluation.urls")),
    path("problems/", include("clearhold.problems.urls")),
    path("problems/", include("clearhold.problems.urls_sharing")),
    path("problems/", include("clearhold.surveys.urls_results")),
    path("powers/", include("clearhold.powers.urls")),
    path("", include("clearhold.documents.urls")),
    path("", include("clearhold.attachments.urls")),
    path("", include("clearhold.resident_reports.urls")),
    path("surveys/", include("clearhold.surveys.urls")),
    path("s/", include("clearhold.surveys.urls_public")),
    path("search/", include("clearhold.search.urls")),
    path("api/", api.urls),
    path("account/api-tokens/", include("clearhold.api.urls")),
    path("account/notifications/", include("clearhold.notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("clearhold.serving.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
]

handler403 = "clearhold.web.views.permission_denied"
handler404 = "clearhold.web.views.page_not_found"
handler500 = "clearhold.web.views.server_error"
