"""A store built through the services (problem, site, closure, notice served with a photograph,
a generated notice, the audit entries they wrote), and an empty second database to restore it
into: a second SQLite file, or a second PostgreSQL database on the same server."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections
from PIL import Image

import clearhold
from clearhold.backup.manifest import MANIFEST
from clearhold.backup.services import backup_create
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from clearhold.powers.services import service_record
from tests.powers.conftest import SERVED, advice, closure, inspector, notice, prepared  # noqa: F401

SOURCE = Path(clearhold.__file__).resolve().parents[1]


def jpeg() -> bytes:
    """A small real JPEG, as a phone would send."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


@dataclass
class Store:
    photo: bytes
    photo_name: str
    document_name: str
    document_sha256: str


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


PHOTO = "service/2025/05/gate.jpg"


@pytest.fixture
def backup(site, media, tmp_path) -> Path:
    """A backup of a store with one site and one photograph."""
    default_storage.save(PHOTO, ContentFile(jpeg()))
    out = tmp_path / "backup"
    backup_create(out=out)
    return out


def edit_manifest(backup: Path, **changes) -> None:
    """Change fields of a backup's manifest, as someone tampering with the folder would."""
    path = backup / MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


@pytest.fixture
def store(media, notice, constable, inspector, advice) -> Store:  # noqa: F811
    """The Wisbech closure with its notice served, photographed, and printed as a PDF."""
    event = service_record(
        user=constable,
        notice=notice,
        act="a",
        served_at=SERVED,
        detail="Fixed to the gate",
        photo=SimpleUploadedFile("gate.jpg", jpeg(), content_type="image/jpeg"),
    )
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=notice.closure, fmt="pdf"
    )
    with event.photo.open("rb") as kept:  # re-encoded by the service: no EXIF
        stored = kept.read()
    return Store(stored, event.photo.name, document.file.name, document.sha256)


@dataclass
class Target:
    """The empty database and media folder a restore writes into."""

    url: str
    settings: dict
    var: Path

    def connect(self):
        """A Django connection to the restored database (closed by the fixture)."""
        return type(connections["default"])(self.settings, alias="restored")

    def restore(self, backup: Path, *options: str, **extra: str) -> subprocess.CompletedProcess:
        """Run `clearhold restore` in its own process, configured for this target, with
        further ``options`` and environment variables (``extra``)."""
        environment = {
            **os.environ,
            "DATABASE_URL": self.url,
            "CLEARHOLD_VAR": str(self.var),
            "DJANGO_SETTINGS_MODULE": "clearhold.web.settings_test",
            "PYTHONPATH": str(SOURCE),
            **extra,
        }
        return subprocess.run(
            [sys.executable, "-m", "clearhold.cli", "restore", str(backup), *options],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


def _postgres_url(settings: dict, name: str) -> str:
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def target(transactional_db, tmp_path):
    """An empty database beside the test database, dropped afterwards."""
    settings = dict(connection.settings_dict)
    var = tmp_path / "restored-var"
    if connection.vendor == "sqlite":
        settings["NAME"] = str(var / "clearhold.sqlite3")
        made = Target(f"sqlite:///{settings['NAME']}", settings, var)
        yield made
        return
    settings["NAME"] = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    yield Target(_postgres_url(settings, settings["NAME"]), settings, var)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def assert_audit_append_only(restored: Any) -> None:
    """The restored store's audit log refuses both a rewrite and a deletion."""
    with restored.cursor() as cursor:
        for statement in (
            "UPDATE audit_auditentry SET detail = 'rewritten'",
            "DELETE FROM audit_auditentry",
        ):
            with pytest.raises(DatabaseError, match="append-only"):
                cursor.execute(statement)
