"""The admin area: for ClearHold administrators only, refused (not redirected) for anyone else."""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.http import HttpRequest

from clearhold.accounts.permissions import ADMIN_AREA
from clearhold.authz import can, require


class ClearHoldAdminSite(admin.AdminSite):
    site_header = "ClearHold administration"
    site_title = "ClearHold administration"
    index_title = "Administration"
    login_template = None

    def has_permission(self, request: HttpRequest) -> bool:
        return can(request.user, ADMIN_AREA)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def refuse_signed_in_non_administrators(request, *args, **kwargs):
            if request.user.is_authenticated:
                require(request.user, ADMIN_AREA)
            return inner(request, *args, **kwargs)

        return refuse_signed_in_non_administrators

    def login(self, request, extra_context=None):
        from urllib.parse import urlencode

        from django.shortcuts import redirect

        if request.user.is_authenticated:
            require(request.user, ADMIN_AREA)
        # Encoded: a ``next`` of "/admin/&code=…&state=…" must stay one value, not add
        # parameters to the sign-in page's address.
        return redirect("/sign-in/?" + urlencode({"next": request.GET.get("next", "/admin/")}))
