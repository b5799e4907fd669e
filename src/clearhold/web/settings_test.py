"""Test settings: the main settings with a test flag, fast hashing, tasks run inline."""

import os

os.environ.setdefault("CLEARHOLD_TESTING", "1")
os.environ.setdefault("CLEARHOLD_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from clearhold.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No tile server in tests: the map must draw incidents without a base map.
CLEARHOLD_TILE_URL = ""
# Nor for the court papers' plan: tests that need one start their own on 127.0.0.1.
CLEARHOLD_PLAN_TILES = ""
CLEARHOLD_PLAN_WMS = ""
# The second factor is off for the suite's sign-ins; its own tests turn it on.
CLEARHOLD_OTP_REQUIRED = False
# Computed results in memory, emptied before each test (tests/conftest.py): a rolled-back test
# can leave the store at the same version with other incidents.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "results": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "results"},
}
