"""The static files production serves are collected once, and again only when a source
changes: `clearhold serve` compares a digest of the sources with the one kept at collection."""

from __future__ import annotations

import json

import pytest

from clearhold.serving.static import static_collect, static_state


@pytest.fixture
def sources(settings, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: #0b0c0c; }\n" * 200)  # worth compressing
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return source


def test_collecting_writes_hashed_compressed_names_and_then_stands(sources, settings):
    assert static_state().words.startswith("not collected")
    assert static_collect() is True
    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
    hashed = manifest["paths"]["site.css"]
    assert hashed != "site.css"
    assert (settings.STATIC_ROOT / f"{hashed}.gz").exists()
    assert static_state().ready
    assert static_collect() is False


def test_a_changed_source_is_collected_again(sources, settings):
    static_collect()
    (sources / "site.css").write_text("body { color: #d4351c; }")
    state = static_state()
    assert (state.ready, state.words) == (False, "collected from other sources: collect them again")
    assert static_collect() is True
    assert static_state().ready


def test_nothing_is_collected_where_the_app_folders_are_served(settings):
    settings.WHITENOISE_USE_FINDERS = True
    assert static_state().ready
    assert static_collect() is False
