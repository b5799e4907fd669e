"""schemathesis against the served schema, in-process (WSGI), as a partnership manager with
the Wisbech data: no 5xx, and every response (status, headers, body) matches the schema.

schemathesis 4's pytest integration (``from_fixture``) does not run under pytest 9, so the
test drives it directly. For each operation of the schema loaded from ``/api/schema``: valid
requests aimed at the real records (path ids fixed to the Wisbech problem's, the rest
generated), valid requests with generated ids, and invalid requests (which must be refused
with a 4xx). Examples are bounded so the run stays well under a minute; no example database
is kept, so every run starts afresh.
"""

from __future__ import annotations

import hashlib

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from clearhold.documents.models import Format, GeneratedDocument

REAL_EXAMPLES = 8
GENERATED_EXAMPLES = 4
INVALID_EXAMPLES = 3
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def letter(wisbech, manager, tmp_path):
    """A generated document (the bytes stand in for a PDF) holding personal data."""
    with override_settings(MEDIA_ROOT=tmp_path):
        content = b"%PDF-1.4 letter to residents"
        yield GeneratedDocument.objects.create(
            problem=wisbech["problem"],
            kind="resident_letter",
            format=Format.PDF,
            title="Letter to residents",
            file=ContentFile(content, name="letter.pdf"),
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            template_version="resident_letter@built-in",
            personal_data=True,
            created_by=manager,
        )


@pytest.fixture
def served_schema(wisbech, letter, manager, token_of):
    token = token_of(manager)
    headers = {"Authorization": f"Bearer {token}"}
    # Called as a plain WSGI app, Django would close the test's database connection at the
    # start and end of every request (CONN_MAX_AGE 0), ending the test transaction on
    # PostgreSQL; its own test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(CLEARHOLD_API_RATE="100000/min"):
            yield (
                schemathesis.openapi.from_wsgi(
                    "/api/schema", get_wsgi_application(), headers=headers
                ),
                headers,
            )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_ids(wisbech: dict, letter: GeneratedDocument) -> dict[str, int]:
    problem = wisbech["problem"]
    return {
        "problem_id": problem.pk,
        "action_id": wisbech["action"].pk,
        "objective_id": problem.objectives.get().pk,
        "meeting_id": problem.meetings.get().pk,
        "review_id": problem.reviews.order_by("months").first().pk,
        "closure_id": wisbech["closure"].pk,
        "person_id": wisbech["person"].pk,
        "site_id": problem.sites.get().pk,
        "document_id": letter.pk,
    }


def _run(operation, examples: int, headers: dict, checks_to_run: list, **strategy) -> None:
    @given(case=operation.as_strategy(**strategy))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case) -> None:
        case.call_and_validate(headers=headers, checks=checks_to_run)

    exercise()


def test_api_conforms_to_its_schema(served_schema, wisbech, letter):
    schema, headers = served_schema
    ids = _real_ids(wisbech, letter)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        runs = [
            (GENERATED_EXAMPLES, CHECKS, {}),
            (
                INVALID_EXAMPLES,
                [*CHECKS, checks.negative_data_rejection],
                {"generation_mode": GenerationMode.NEGATIVE},
            ),
        ]
        if names:
            real = {name: ids[name] for name in names}
            runs.insert(0, (REAL_EXAMPLES, CHECKS, {"path_parameters": real}))
        for examples, checks_to_run, strategy in runs:
            try:
                _run(operation, examples, headers, checks_to_run, **strategy)
            except Exception as failure:  # report every operation's failure, not the first
                failures.append(f"{operation.label} {strategy}: {failure}")
    assert failures == []
