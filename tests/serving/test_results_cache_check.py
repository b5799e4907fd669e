"""``check --deploy`` refuses a results cache folder other accounts can write into: the server
loads the pickles kept there, so a writable folder is a way to make it run someone's code."""

from __future__ import annotations

import os

from clearhold.serving.checks import results_cache_private


def _cache_at(settings, folder) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "results": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        },
    }


def test_a_folder_others_can_write_is_an_error_naming_it(settings, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chmod(folder, 0o777)
    _cache_at(settings, folder)
    [error] = results_cache_private()
    assert error.id == "clearhold.E101"
    assert str(folder) in error.msg
    assert "777" in error.msg
    assert f"chmod 700 {folder}" in error.hint


def test_a_group_writable_folder_is_an_error_too(settings, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chmod(folder, 0o770)
    _cache_at(settings, folder)
    assert [e.id for e in results_cache_private()] == ["clearhold.E101"]


def test_a_private_or_missing_folder_passes(settings, tmp_path):
    folder = tmp_path / "cache"
    _cache_at(settings, folder)
    assert results_cache_private() == []
    folder.mkdir(mode=0o700)
    assert results_cache_private() == []
