"""Checks of the server's own folders and of the proxy settings (``clearhold manage check
--deploy``; a malformed ``CLEARHOLD_TRUSTED_PROXIES`` fails every ``check`` and ``migrate``).

The results cache (``CACHES["results"]``, a folder of files) holds Python pickles that every
worker loads: an account that can write into that folder can make the server run its code.
Django creates the folder readable by its owner alone, but a folder made beforehand (by hand, by
a configuration tool, a shared mount) keeps whatever mode it was given, so the check asks.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks

from clearhold.serving.guard import static_root_exposes
from clearhold.toolkit.client_address import malformed_proxies


@checks.register(checks.Tags.security, deploy=True)
def results_cache_private(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error when the results cache folder can be written by the group or by others."""
    cache = settings.CACHES.get("results", {})
    if not cache.get("BACKEND", "").endswith("FileBasedCache"):
        return []
    folder = Path(cache["LOCATION"])
    if not folder.exists():
        return []
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        return [
            checks.Error(
                f"The results cache folder {folder} can be written by other accounts "
                f"(mode {mode:o}): it holds pickles the server loads, so they could make it run "
                "their code.",
                hint=f"chmod 700 {folder} (owned by the account that runs ClearHold).",
                id="clearhold.E101",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def trusted_proxies_well_formed(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """An error naming each entry of ``CLEARHOLD_TRUSTED_PROXIES`` that is not an address or a
    network: a typing slip would otherwise quietly trust no proxy, or not the one meant."""
    return [
        checks.Error(
            f"CLEARHOLD_TRUSTED_PROXIES: {entry!r} is not an IP address or network.",
            hint="Comma-separated addresses or networks, e.g. 127.0.0.1 or 10.0.0.0/24,::1.",
            id="clearhold.E102",
        )
        for entry in malformed_proxies(settings.CLEARHOLD_TRUSTED_PROXIES)
    ]


@checks.register(checks.Tags.security, deploy=True)
def proxy_without_trusted_address(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """A warning when ClearHold believes a proxy's X-Forwarded-Proto but no proxy's
    X-Forwarded-For: behind that proxy every person has its address, so the sign-in lock-out
    locks a username for everyone and the audit trail names the proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not (
        settings.CLEARHOLD_TRUSTED_PROXIES
    ):
        return [
            checks.Warning(
                "CLEARHOLD_PROXY_SSL_HEADER is set but CLEARHOLD_TRUSTED_PROXIES is not: every "
                "request's address will be the proxy's (sign-in lock-outs, the audit trail).",
                hint="Set CLEARHOLD_TRUSTED_PROXIES to the proxy's address (127.0.0.1 for "
                "nginx on the same machine).",
                id="clearhold.W102",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def static_root_apart(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error for each private file or folder under the static files, which whitenoise
    serves to anyone (:mod:`clearhold.serving.guard`)."""
    return [
        checks.Error(sentence, hint="docs/deploy.md: CLEARHOLD_STATIC_ROOT", id="clearhold.E103")
        for sentence in static_root_exposes()
    ]
