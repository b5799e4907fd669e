"""Stored XSS: every free-text field of every ClearHold model is filled with a script payload, the
pages are crawled from the home page, and no page shows a payload unescaped.

The fields come from the models (each CharField and TextField of the project's apps), so a new
field is covered the day it is added; only the fields listed in NOT_FREE_TEXT, with the reason,
are left out; a model with no row yet gets one plain row. The crawl follows every link that the
READERS see (Django's admin, downloads and sign-out apart), so a new page is covered too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import deque
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client, override_settings

from clearhold.accounts.models import User
from clearhold.audit.models import AuditAction, AuditEntry

NOT_FREE_TEXT = {
    "accounts.User.password": "a password hash, never shown",
    "incidents.ImportFile.path": "the stored file the importer opens",
    "incidents.ImportFile.sha256": "a checksum",
    "incidents.ImportBatch.source": "the key of a mapping profile, looked up",
    "incidents.Incident.source": "the key of a mapping profile, looked up",
    "incidents.MappingProfileRecord.name": "the key of a mapping profile, looked up",
    "documents.DocumentTemplate.kind": "the key of a document kind, looked up",
    "documents.GeneratedDocument.kind": "the key of a document kind, looked up",
    "documents.GeneratedDocument.sha256": "a checksum",
    "api.ApiToken.digest": "a token's hash, never shown",
    "resident_reports.ReportingPage.slug": "a web address, checked as a slug",
    "resident_reports.ReportPhoto.content_type": "the photo's type, set by the upload check",
}
LONG_PAYLOAD = '<script>alert({n})</script>"><img src=x onerror=alert({n})>'
SHORT_PAYLOAD = "<b x={n}>"
ROW_SUFFIX = 8  # " " and the row's id, so that unique fields stay unique
# Shorter fields hold codes (LSOA, offence code, precision): too short for any payload.
SHORTEST = len(SHORT_PAYLOAD.format(n=999)) + ROW_SUFFIX
UNESCAPED = ("<script>alert(", "<img src=x onerror=", "<b x=")
SHOWN = re.compile(r"(?:alert\(|b x=)(\d+)")
SKIPPED_LINKS = re.compile(
    r"^/(static|admin)/|^/sign-out/|\.(csv|ics|pdf|docx|json)(\?|$)|/download/|/evaluate\.\w+"
)
MOST_PAGES = 400
# The partnership manager sees every problem page, the housing officer the special-category
# data, the administrator the audit trail.
READERS = ("manager", "housing", "admin")


def free_text_fields() -> list[models.Field]:
    """Every CharField and TextField of the project's models that people type into."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("clearhold."):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (field.max_length is None or field.max_length >= SHORTEST)
                and name not in NOT_FREE_TEXT
            ):
                found.append(field)
    return found


def payload(n: int, field: models.Field) -> str:
    long = LONG_PAYLOAD.format(n=n)
    fits = field.max_length is None or field.max_length >= len(long) + ROW_SUFFIX
    return long if fits else SHORT_PAYLOAD.format(n=n)


def _filler(field: models.Field):
    """A plain value for a required field (the first row of a related model, the first choice)."""
    if field.is_relation:
        related = field.related_model._base_manager.order_by("pk").first()
        return related if related is not None else _plain_row(field.related_model)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2025, 6, 2)
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    return "x"


def add_a_row_where_there_is_none(fields: list[models.Field]) -> None:
    """One plain row of each model with free text and no rows yet (the demo has no breach, no
    person on the ladder ...), so that the pages listing them have something to show."""
    for model in dict.fromkeys(f.model for f in fields):
        if model is AuditEntry or model._base_manager.exists():
            continue
        _plain_row(model)


def _plain_row(model: type[models.Model]) -> models.Model:
    """A row with plain values in its required fields (and a plain row for each required
    relation that has none yet, e.g. a survey wave, which holds no free text of its own)."""
    values = {
        f.name: _filler(f)
        for f in model._meta.concrete_fields
        if not (f.primary_key or f.null or f.has_default() or getattr(f, "auto_now", False))
        and not getattr(f, "auto_now_add", False)
    }
    return model._base_manager.create(**values)


def fill_every_field(fields: list[models.Field]) -> dict[int, str]:
    """Put a numbered payload in every field of every row; the number → the field's name."""
    names = {}
    for n, field in enumerate(fields, start=1):
        model = field.model
        names[n] = f"{model._meta.label}.{field.name}"
        if model is AuditEntry:
            continue  # append-only: a new entry carries its payloads below
        value = Concat(Value(payload(n, field) + " "), Cast("pk", models.CharField()))
        model._base_manager.update(**{field.attname: value})
    audit_fields = [(n, f) for n, f in enumerate(fields, start=1) if f.model is AuditEntry]
    AuditEntry.objects.create(
        action=AuditAction.VIEW, **{f.attname: payload(n, f) for n, f in audit_fields}
    )
    return names


def crawl(client: Client) -> tuple[dict[str, str], set[int]]:
    """Every page reachable by links from the home page: (unsafe pages → snippet, fields shown)."""
    queue, seen, unsafe, shown = deque(["/"]), {"/"}, {}, set()
    while queue and len(seen) <= MOST_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, f"{url} failed with {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode()
        for marker in UNESCAPED:
            if marker in body:
                at = body.index(marker)
                unsafe[url] = body[max(0, at - 120) : at + 80]
        shown |= {int(n) for n in SHOWN.findall(body)}
        for link in re.findall(r'href="(/[^"#]*)', body):
            link = html.unescape(link)
            if link not in seen and not SKIPPED_LINKS.search(link):
                seen.add(link)
                queue.append(link)
    return unsafe, shown


def give_a_purpose_for_every_problem(client: Client) -> None:
    """Answer the purpose question (asked before personal data is shown) for every problem."""
    from clearhold.audit.purposes import Purpose
    from clearhold.audit.reads import purpose_remember
    from clearhold.problems.models import Problem

    session = client.session
    for problem in Problem.objects.all():
        purpose_remember(SimpleNamespace(session=session), problem, Purpose.values[0])
    session.save()


@pytest.mark.django_db(transaction=False)
@override_settings(DEMO_MODE=True)
def test_every_free_text_field_is_shown_escaped_on_every_page(client):
    from clearhold.web.demo import demo_partnership_load, demo_problem_load

    demo_partnership_load()
    demo_problem_load()
    readers = list(User.objects.filter(username__in=READERS))
    fields = free_text_fields()
    add_a_row_where_there_is_none(fields)
    names = fill_every_field(fields)
    unsafe, shown = {}, set()
    for reader in readers:
        reader.refresh_from_db()
        client.force_login(reader)
        give_a_purpose_for_every_problem(client)
        unsafe_here, shown_here = crawl(client)
        unsafe |= unsafe_here
        shown |= shown_here

    assert unsafe == {}
    shown_names = {names[n] for n in shown if n in names}
    # The crawl reached the pages: these fields are shown and so were checked.
    for expected in (
        "problems.Problem.title",
        "problems.Problem.summary",
        "places.Site.name",
        "problems.Action.title",
        "problems.Meeting.notes",
        "powers.Closure.premises_description",
        "incidents.Incident.location",
        "audit.AuditEntry.detail",
        "powers.Person.name",
        "problems.VulnerablePerson.description",
        "powers.Breach.seen",
    ):
        assert expected in shown_names, f"{expected} was not on any page reached"
    assert len(shown_names) >= len(fields) // 2, sorted(set(names.values()) - shown_names)
