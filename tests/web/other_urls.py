"""A second URL configuration for the remembered addresses' tests: the same view name at
another address, and an address under the active language (``i18n_patterns``)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path


def _page(request, **kwargs):
    return HttpResponse()


urlpatterns = [
    path("elsewhere/", include(([path("<int:pk>/", _page, name="detail")], "problems"))),
    *i18n_patterns(path("hello/", _page, name="hello")),
]
