"""What the PDF renderer may read: ClearHold's own packaged files and images made in the request.

A document template is HTML a manager edits, and WeasyPrint fetches whatever that HTML names:
an ``<img>``, a stylesheet, ``url()`` in a style, an ``<embed>`` or ``<object>``, an SVG
``<image>``, an ``<a rel="attachment">`` it embeds whole in the PDF. With its default fetcher a
template could carry the database, ``/etc/passwd`` or any URL the server can reach into a PDF
every partner downloads. :class:`PackagedFetcher` answers only

* ``file:`` paths that, with every ``..`` and symlink resolved, are files inside the packaged
  ``doc_templates`` folder (the page stylesheet and anything shipped beside it), and
* ``data:`` URIs of raster images (the figures ClearHold draws for a bundle arrive as
  ``data:image/png;base64,…``, see :mod:`clearhold.documents.figures`);

and refuses everything else (http, https, ftp, other files, SVG or text ``data:``), keeping the
refused addresses so the caller logs and audits them. WeasyPrint carries on
without a refused resource, so the document is still made, without it.

:func:`without_attachments` takes ``rel="attachment"`` off every element before layout, so no
file, allowed or not, is ever embedded in a PDF as an attachment.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGED = (Path(__file__).resolve().parent / "doc_templates",)
DATA_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
_SHOWN = 200  # how much of a refused address is logged (a data: URI can be megabytes)


class ResourceRefused(ValueError):
    """A template asked for something outside ClearHold's own files."""


class PackagedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only packaged files and data: images."""

    def __init__(self, roots: tuple[Path, ...] = PACKAGED) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "file":
            return self._file(url)
        if scheme == "data":
            return self._data(url)
        raise self._refuse(url, "only ClearHold's own files are read")

    def _refuse(self, url: str, why: str) -> ResourceRefused:
        shown = url if len(url) <= _SHOWN else url[:_SHOWN] + "…"
        self.refused.append(shown)
        return ResourceRefused(f"Refused {shown}: {why}")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url.split("?", 1)[0].split("#", 1)[0])
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "a file on another host")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise self._refuse(url, "a file outside ClearHold's document templates")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    def _data(self, url: str) -> URLFetcherResponse:
        header, comma, payload = url[5:].partition(",")
        params = [p.strip().lower() for p in header.split(";")]
        kind = params[0] or "text/plain"
        if not comma or kind not in DATA_IMAGE_TYPES:
            raise self._refuse(url, f"a data: URI of type {kind}, not a PNG, JPEG or GIF image")
        raw = unquote_to_bytes(payload)
        try:
            body = base64.b64decode(raw, validate=False) if "base64" in params[1:] else raw
        except ValueError:
            raise self._refuse(url, "a data: URI that is not valid base64") from None
        return URLFetcherResponse(url, body, {"Content-Type": kind})


def without_attachments(root) -> int:
    """Drop ``rel`` from every element whose link types include ``attachment``; how many."""
    dropped = 0
    for element in root.iter():
        rel = element.get("rel") if hasattr(element, "get") else None
        if rel and "attachment" in rel.lower().split():
            del element.attrib["rel"]
            dropped += 1
    return dropped
