"""Deployment checks of the server's own folders (``clearhold manage check --deploy``).

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
