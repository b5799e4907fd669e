"""What each document says: one module per kind (or family of kinds), each registering its
kinds with ``documents.kinds.register`` from ``register_all``."""

from __future__ import annotations

from importlib import import_module

MODULES = (
    "notices",
    "court",
    "extension_application",
    "licensing",
    "bundle",
    "letters",
    "consultation",
    "consultation_record",
    "review",
    "writeup",
    "witness_statement",
    "costs",
    "compensation",
    "draft_order",
    "service_certificate",
    "door_sign",
    "discharge_application",
    "access_application",
    "survey_letter",
)


def register_all() -> None:
    for name in MODULES:
        module = import_module(f"clearhold.documents.content.{name}")
        module.register()
