"""What `clearhold serve` refuses to start with: settings that would show an outsider what no
page shows them.

- ``DEBUG`` (``CLEARHOLD_DEBUG=1``): any error answers with Django's technical page (the code
  around the fault, the request, most settings) to whoever caused it, signed in or not.
- A static-files folder that holds a private one: whitenoise serves every file under
  ``STATIC_ROOT`` at ``/static/`` to anyone, so ``CLEARHOLD_STATIC_ROOT`` set to the data folder
  (``CLEARHOLD_VAR``) or above it would publish the generated documents and uploads
  (``MEDIA_ROOT``), the SQLite database and the results cache's files.

``clearhold manage check --deploy`` reports the second as clearhold.E103
(:mod:`clearhold.serving.checks`), and Django's own security.W018 the first.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

DEBUG_REFUSED = (
    "CLEARHOLD_DEBUG is set: with it every error page shows the code, the request and the "
    "settings to whoever caused the error. Unset it to serve ClearHold (`clearhold demo` runs "
    "the development server for a local look)."
)


def database_file() -> Path | None:
    """The SQLite database's file (None: another database, or one in memory)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or ":memory:" in str(database["NAME"]):
        return None
    return Path(database["NAME"])


def _private_places() -> dict[str, Path]:
    """The files and folders that must never be under the static files, by what they hold."""
    places = {"the uploads and generated documents (MEDIA_ROOT)": Path(settings.MEDIA_ROOT)}
    database = database_file()
    if database is not None:
        places["the SQLite database"] = database
    cache = settings.CACHES.get("results", {})
    if cache.get("BACKEND", "").endswith("FileBasedCache"):
        places["the results cache"] = Path(cache["LOCATION"])
    return places


def static_root_exposes() -> list[str]:
    """A sentence for each private file or folder that lies under ``STATIC_ROOT``."""
    if not settings.STATIC_ROOT or settings.WHITENOISE_USE_FINDERS:
        return []  # served from the app folders only (demo, debug, tests)
    root = Path(settings.STATIC_ROOT).resolve()
    return [
        f"The static files folder {root} holds {what} ({place}): whitenoise would serve it to "
        "anyone at /static/. Set CLEARHOLD_STATIC_ROOT to a folder of its own."
        for what, place in _private_places().items()
        if place.resolve() == root or root in place.resolve().parents
    ]


def serve_refusals() -> list[str]:
    """Why `clearhold serve` must not start with the settings in force (empty: it may)."""
    return ([DEBUG_REFUSED] if settings.DEBUG else []) + static_root_exposes()
