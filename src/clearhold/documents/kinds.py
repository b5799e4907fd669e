"""The kinds of document ClearHold writes, each declared once.

A kind names its built-in template file, the placeholders its content builder supplies (the
vocabulary a council's adapted template may use), the placeholders a template may not leave out,
what it is generated from (a closure, a problem or a review) and the builder. Each content module
in ``documents/content/`` registers its kinds when the app is ready.

A builder is called as ``build(subject=..., reader=..., inputs=...)``: it reads every record
through the ``clearhold.readmodel.Reader`` it is given (the maker, with the purpose they gave),
so a document holds only what its maker may see, and the reader says whether it read personal
data (the document is then marked so, whatever the builder thought).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from clearhold.documents.templating import Placeholders

TEMPLATES = Path(__file__).parent / "doc_templates"
#: The marking printed on every page of a document that holds personal data.
PERSONAL_MARKING = "OFFICIAL-SENSITIVE: PERSONAL DATA"
Subject = Literal["closure", "problem", "review", "wave"]


@dataclass
class Content:
    """What a builder found: the context for the template and anything that blocks it.

    ``blocking`` lists sentences naming what is missing (generation stops); ``warnings`` are
    shown but do not stop it. ``marking`` is printed when the document holds no personal data
    (the service prints :data:`PERSONAL_MARKING` when its reader read any). ``repeat`` makes
    the template render once per item (a letter per home) with the item as ``item_name``;
    ``rows`` are the CSV a mailing house needs.
    """

    title: str
    context: dict[str, Any]
    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marking: str = "OFFICIAL"
    repeat: list[dict[str, Any]] | None = None
    item_name: str = "unit"
    rows: list[dict[str, str]] | None = None


Builder = Callable[..., Content]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    subject: Subject
    placeholders: Placeholders
    build: Builder
    description: str = ""
    required: dict[str, str] = field(default_factory=dict)
    reading_check: bool = False
    formats: tuple[str, ...] = ("pdf", "docx")
    form: type | None = None  # a Django form class for the user's choices, if any
    # Whether it may print personal data (a maker who could see some gives a purpose first);
    # a kind that says no is still read through the reader, with no purpose: nothing personal.
    personal: bool = True
    # A run of many items (a letter per home): made in the background worker, the maker
    # watching its progress page (``documents.runs``) instead of a page that hangs.
    background: bool = False

    @property
    def template_file(self) -> Path:
        return TEMPLATES / f"{self.key}.html"

    def builtin_source(self) -> str:
        return self.template_file.read_text(encoding="utf-8")


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"A document kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind
    return kind


def kind_get(key: str) -> DocumentKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"There is no kind of document called {key!r}") from None


def kinds(subject: Subject | None = None) -> list[DocumentKind]:
    return [k for k in _KINDS.values() if subject is None or k.subject == subject]
