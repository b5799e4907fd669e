"""Issue 15, critical 1: document generation read local files and fetched URLs.

Found: WeasyPrint ran with its default URL fetcher, so a document template a manager edits
could carry ``<a rel="attachment" href="file:///…/clearhold.sqlite3">`` (embedded whole in the
PDF every partner downloads), ``<img src="file:///etc/passwd">``, ``url()`` in a style,
``<embed>``, ``<object>``, an SVG ``<image>`` or a stylesheet from ``http://127.0.0.1:…``.
Reproduced by saving such a template on the template page as a manager, generating the letters
(laid out in parts in spawned processes) and the evidence bundle, and reading the PDF.

Must hold: the renderer reads only ClearHold's packaged files and the figures drawn for the
request (``data:`` PNGs); every other scheme and path, ``..`` and symlinks out included, is
refused, logged and audited; ``rel="attachment"`` never embeds anything. Checked with pikepdf
and ``pdfdetach -list`` (no attachment), pdftotext and the decompressed PDF objects (no canary
text), the image count (no image from outside) and a local HTTP server (no request).
"""

from __future__ import annotations

import base64
import io
import logging
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest
from django.urls import reverse
from matplotlib.figure import Figure

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.fetch import PACKAGED, PackagedFetcher, ResourceRefused
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentTemplate
from clearhold.documents.services import document_generate
from tests.documents.conftest import details, media, pdf_text, stored  # noqa: F401
from tests.documents.test_bundle import case, incidents  # noqa: F401  (fixtures)
from tests.documents.test_letters import WHAT, homes

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    figure = Figure(figsize=(0.2, 0.2))
    figure.patch.set_facecolor("#ff00ff")
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=50)
    return out.getvalue()


PNG = _png()


@pytest.fixture
def canary(tmp_path) -> dict[str, str]:
    """A text file holding a unique string, and a PNG, both outside ClearHold's package."""
    secret = f"CANARY-{uuid.uuid4().hex}"
    text = tmp_path / "secret.txt"
    text.write_text(f"{secret}\n")
    picture = tmp_path / "secret.png"
    picture.write_bytes(PNG)
    return {"secret": secret, "text": str(text), "png": str(picture)}


@pytest.fixture
def server():
    """An HTTP server on a random local port that records every request it receives."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = PNG if self.path.endswith(".png") else b"body { color: red }"
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if body is PNG else "text/css")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{httpd.server_address[1]}", "hits": hits}
    httpd.shutdown()
    httpd.server_close()


def payloads(canary: dict[str, str], http: str) -> str:
    """Every way a template could make WeasyPrint read a file or fetch a URL."""
    text, png = canary["text"], canary["png"]
    inside = PACKAGED[0]
    data_png = "data:image/png;base64," + base64.b64encode(PNG).decode()
    return f"""
<a rel="attachment" href="file://{text}">attached secret</a>
<a rel="Attachment nofollow" href="file:///etc/passwd">attached passwd</a>
<a rel="attachment" href="print.css">attached packaged file</a>
<a rel="attachment" href="{data_png}">attached data</a>
<a rel="attachment" href="{http}/attachment.png">attached url</a>
<link rel="attachment" href="file://{text}">
<img src="file://{png}" alt="secret picture">
<img src="file:///etc/passwd" alt="passwd">
<img src="../../../../../../../../../../..{png}" alt="relative traversal">
<img src="file://{inside}/../../../../../../../../../..{png}" alt="traversal from inside">
<img src="{http}/img.png" alt="url picture">
<img src="data:image/svg+xml;base64,{base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg"><image href="file://{png}" width="9" height="9"/></svg>'.encode()).decode()}" alt="svg data">
<p style="background-image: url('{http}/style.png')">styled by url</p>
<div style="background: url(file://{png}); height: 20px">styled by file</div>
<embed src="file://{png}" type="image/png">
<embed src="{http}/embed.png" type="image/png">
<object data="file://{text}" type="text/plain">object</object>
<object data="{http}/object.png" type="image/png">object url</object>
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="file://{png}" width="20" height="20"/></svg>
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="{http}/svg.png" width="20" height="20"/></svg>
<link rel="stylesheet" href="{http}/sheet.css">
<link rel="stylesheet" href="file://{text}">
<style>@import url("{http}/import.css"); @font-face {{ font-family: Leak; src: url(file://{text}); }}
p {{ font-family: Leak, sans-serif; }} h1::after {{ content: url({http}/content.png); }}</style>
<iframe src="file://{text}"></iframe>
"""  # noqa: E501


def save_template(client, manager, kind_key: str, extra: str) -> DocumentTemplate:
    """Save the built-in wording plus ``extra`` as a manager does on the template page."""
    client.force_login(manager)
    source = kind_get(kind_key).builtin_source() + extra
    response = client.post(reverse("documents:template", args=[kind_key]), {"source": source})
    assert response.status_code == 302, response.content.decode()[:2000]
    return DocumentTemplate.objects.get(kind=kind_key)


def images(pdf: pikepdf.Pdf) -> int:
    return sum(
        1
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
    )


def assert_nothing_carried(data: bytes, canary: dict[str, str], tmp_path: Path) -> pikepdf.Pdf:
    """No attachment, no canary or passwd text anywhere in the PDF, as three readers see it."""
    path = tmp_path / "generated.pdf"
    path.write_bytes(data)
    pdf = pikepdf.open(io.BytesIO(data))
    assert len(pdf.attachments) == 0
    assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            assert annotation.get("/Subtype") != pikepdf.Name.FileAttachment
    assert not any(
        isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)
        and obj.get("/Type") in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec)
        for obj in pdf.objects
    )
    listed = subprocess.run(
        ["pdfdetach", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert listed.strip() == "0 embedded files", listed
    raw = (
        b"".join(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)) + data
    )
    assert canary["secret"].encode() not in raw
    assert b"root:x:0:0" not in raw
    text = pdf_text(data, tmp_path)
    assert canary["secret"] not in text
    assert "root:x:0:0" not in text
    return pdf


@pytest.mark.usefixtures("details")
def test_letters_laid_out_in_spawned_parts_read_no_file_and_fetch_no_url(
    client, problem, site, manager, canary, server, tmp_path, monkeypatch, caplog
):
    homes(site, 3)
    save_template(client, manager, "resident_letter", payloads(canary, server["url"]))
    # Two parts: the second is laid out in a spawned process with its own fetcher.
    monkeypatch.setattr("clearhold.documents.services.parts_for", lambda items: 2)
    with caplog.at_level(logging.WARNING, logger="clearhold.documents.pdf"):
        document = document_generate(
            user=manager,
            kind=kind_get("resident_letter"),
            subject=problem,
            fmt="pdf",
            inputs={"description": WHAT},
        )
    data = stored(document)
    pdf = assert_nothing_carried(data, canary, tmp_path)
    assert images(pdf) == 0
    assert server["hits"] == []
    assert "Flat 3" in pdf_text(data, tmp_path)  # the letters themselves are still made
    refused = " ".join(record.getMessage() for record in caplog.records)
    for asked in (canary["png"], "/etc/passwd", server["url"]):
        assert asked in refused
    audit = AuditEntry.objects.get(action=AuditAction.REFUSED, object_id=str(document.pk))
    assert "resident_letter@1#" in audit.detail
    assert canary["png"] in audit.detail


@pytest.mark.usefixtures("case")
def test_the_bundle_keeps_its_own_figures_and_nothing_from_outside(
    client, problem, manager, canary, server, tmp_path
):
    kind = kind_get("evidence_bundle")
    shipped = document_generate(user=manager, kind=kind, subject=problem, fmt="pdf")
    drawn = images(pikepdf.open(io.BytesIO(stored(shipped))))
    assert drawn >= 2  # the map and the chart ClearHold drew, as data: PNGs (and their masks)
    save_template(client, manager, "evidence_bundle", payloads(canary, server["url"]))
    document = document_generate(user=manager, kind=kind, subject=problem, fmt="pdf")
    pdf = assert_nothing_carried(stored(document), canary, tmp_path)
    assert images(pdf) == drawn
    assert server["hits"] == []


def test_only_files_inside_the_packaged_folder_are_read(tmp_path):
    packaged = tmp_path / "doc_templates"
    packaged.mkdir()
    (packaged / "house.css").write_text("p { color: black }")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (packaged / "link.css").symlink_to(outside)
    fetcher = PackagedFetcher(roots=(packaged,))
    assert fetcher(f"file://{packaged}/house.css").read() == b"p { color: black }"
    for url in (
        f"file://{packaged}/link.css",  # a symlink out
        f"file://{packaged}/../secret.txt",  # .. out
        f"file://{packaged}/%2e%2e/secret.txt",  # .. out, percent-encoded
        f"file://{packaged}",  # the folder itself
        f"file://elsewhere{packaged}/house.css",  # another host
        "ftp://127.0.0.1/secret.txt",
        "https://example.org/a.png",
        "data:text/html,<p>hi</p>",
        "data:image/svg+xml,<svg/>",
        "javascript:alert(1)",
    ):
        with pytest.raises(ResourceRefused):
            fetcher(url)
    assert len(fetcher.refused) == 10


def test_a_data_png_is_read():
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert PackagedFetcher()(url).read() == PNG
