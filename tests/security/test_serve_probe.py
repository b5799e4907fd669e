"""Probes of `clearhold serve`'s settings, as an outsider who can reach the server sees them.

Reproduced with the settings an operator can give by mistake: ``CLEARHOLD_DEBUG=1`` left on from
a fault-finding session, and ``CLEARHOLD_STATIC_ROOT`` set to the data folder (the guide's table
says ``CLEARHOLD_VAR`` holds "uploads, generated documents, and the collected static files").
whitenoise serves every file under ``STATIC_ROOT`` to anyone at ``/static/``, so that folder would
publish the SQLite database and every generated letter. What must hold: `clearhold serve`
refuses to start with either, saying why, and `check --deploy` fails on the second; the
layouts the guide and the container image give start. With the app folders (demo, tests),
``/static/`` serves the package's files and nothing above them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.checks import run_checks
from typer.testing import CliRunner
from whitenoise.middleware import WhiteNoiseMiddleware

from clearhold import cli
from clearhold.serving import guard, server
from clearhold.serving.guard import serve_refusals


@pytest.fixture
def production(settings, tmp_path, monkeypatch):
    """The guide's layout: static files collected under the data folder, beside its media."""
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = False
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.STATIC_ROOT = tmp_path / "var" / "static"
    monkeypatch.setattr(guard, "database_file", lambda: tmp_path / "var" / "db.sqlite3")
    settings.CACHES = {
        **settings.CACHES,
        "results": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "var" / "cache"),
        },
    }
    letter = settings.MEDIA_ROOT / "documents" / "resident_letter-1.pdf"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(b"%PDF-1.7 letters to every home")
    settings.STATIC_ROOT.mkdir()
    return tmp_path / "var"


def _serve(monkeypatch) -> tuple[int, str, list]:
    started: list = []
    monkeypatch.setattr(server, "serve", lambda options: started.append(options))
    monkeypatch.setattr("clearhold.cli.django_setup", lambda: None)
    monkeypatch.setattr("clearhold.serving.static.static_collect", lambda force=False: False)
    result = CliRunner().invoke(cli.app, ["serve"])
    return result.exit_code, result.output, started


def test_the_guides_layout_and_the_containers_start(production, settings, monkeypatch, tmp_path):
    assert serve_refusals() == []
    code, output, started = _serve(monkeypatch)
    assert (code, len(started)) == (0, 1), output
    settings.STATIC_ROOT = tmp_path / "srv" / "static"  # the container image's
    assert serve_refusals() == []


def test_a_static_folder_holding_the_data_folder_is_refused(production, settings, monkeypatch):
    settings.STATIC_ROOT = production
    served = WhiteNoiseMiddleware(lambda request: None).files
    assert "/static/media/documents/resident_letter-1.pdf" in served  # what it would publish
    refusals = serve_refusals()
    assert any("uploads and generated documents" in r for r in refusals)
    assert any("SQLite database" in r for r in refusals)
    assert any("results cache" in r for r in refusals)
    code, output, started = _serve(monkeypatch)
    assert code == 2
    assert started == []
    assert "CLEARHOLD_STATIC_ROOT" in output
    found = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "clearhold.E103" in found


def test_the_media_folder_itself_as_static_root_is_refused(production, settings):
    settings.STATIC_ROOT = settings.MEDIA_ROOT
    assert any("uploads and generated documents" in r for r in serve_refusals())


def test_debug_is_refused(production, settings, monkeypatch):
    settings.DEBUG = True
    assert any("CLEARHOLD_DEBUG" in r for r in serve_refusals())
    code, output, started = _serve(monkeypatch)
    assert code == 2
    assert started == []
    assert "CLEARHOLD_DEBUG" in output


@pytest.mark.parametrize(
    "path",
    [
        "/static/../web/settings.py",
        "/static/%2e%2e/settings.py",
        "/static/clearhold/../../settings.py",
        "/static/..%2f..%2fsettings.py",
        "/static/" + str(Path(__file__).resolve()),
    ],
)
def test_the_app_folders_serve_nothing_above_them(client, path):
    """Found safe: whitenoise's finders serve only files under the apps' static folders."""
    assert client.get("/static/dist/clearhold.css").status_code == 200
    response = client.get(path)
    assert response.status_code == 404
