"""IDOR sweep: every URL with an object id, tried by people who must not reach the object.

Generated from the URL conf (web pages and the API alike), so a new route is swept as soon as
it is mounted. For each route the id kwargs are filled with the objects of one organisation's
problem: a kwarg names its model itself (``closure_pk``, ``person_id``) or, when it is a bare
``pk``/``id``, by the path segment before it (``closures/<pk>``). A route with an id kwarg this
file does not know fails, naming the route. Each route is then requested with every method it
accepts (``GET``/``POST`` for pages, the operations' methods for the API):

* by an officer of another organisation: refused (403 or 404), the refusal audited, nothing
  changed — for everything that belongs to the problem, and for an import batch (its
  importing organisation's alone; the outsider's 404 is the one a missing id gets). Sites are
  the partnership's, shared with every organisation by design: there the outsider must simply
  see none of the problem's personal data;
* by a partner viewer of the same problem (their organisation named on no sharing record for
  restricted data): every write refused; a route whose object is personal data refused; and no
  page or API reply shows any of the problem's personal data.

Personal data is recognised by canaries: every restricted or special-category text field the
declaration (``authz.DECLARED``) names holds a unique marker (see ``idor_world``); a body
containing one leaks. A signed-in member of the lead
organisation checks each URL is real (it must not be 404 for them), so a refusal is never a
false pass from a broken URL. Attackers are given a reading purpose up front (the session
purpose for pages, ``purpose=`` for the API), as a determined attacker would.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit.purposes import Purpose
from clearhold.audit.reads import SESSION_KEY
from tests.web.idor_world import (
    CANARY,
    NOT_ON_SWEPT_ROUTES,
    build_world,
    canaried_fields,
    canary,
    every_canary,
    personal_models,
)

ID_KWARG = re.compile(r"^(pk|id|.+_pk|.+_id)$")
# The model a route's id kwarg names: the kwarg without _pk/_id, or the segment before a bare pk.
NOUNS = {
    "problem": "problem",
    "problems": "problem",
    "member": "member",
    "review": "review",
    "action": "action",
    "meeting": "meeting",
    "objective": "objective",
    "closure": "closure",
    "closures": "closure",
    "operation": "operation",
    "operations": "operation",
    "event": "service_event",
    "extension": "extension",
    "appeal": "appeal",
    "person": "person",
    "people": "person",
    "document": "document",
    "documents": "document",
    "consultation": "response",
    "runs": "run",
    "site": "site",
    "sites": "site",
    "imports": "batch",
    "api-tokens": "token",
    "attachments": "attachment",
    "resident-reports": "resident_report",
    "surveys": "survey",
    "waves": "wave",
    "listings": "listing",
    "user": "user",
    "sessions": "signed_in_session",
}
# Values for the kwargs that are not ids.
OTHER_KWARGS = {"kind": "person", "kind_key": "consultation_log", "fmt": "csv"}
# Shared with every organisation of the partnership by design, not owned by a problem.
PARTNERSHIP_WIDE = {"site"}
# Objects that are personal data themselves: a viewer is refused the route outright. (A
# generated document's record is not; its file is, and its canary shows if it is served.)
PERSONAL = {"person", "response", "attachment", "user", "signed_in_session"}
# POSTs that only remember something in the signed-in person's session (no record changes).
SESSION_ONLY = {"audit:purpose"}
REFUSED = (403, 404)
# The reading purpose everyone is given: in the session for pages, as ``purpose=`` for the API.
SWEEP_PURPOSE = Purpose.PROBLEM_SOLVING
WATCHED_APPS = {
    "accounts", "places", "problems", "powers", "documents", "sharing", "api", "attachments",
    "resident_reports",
    "surveys",
}  # fmt: skip


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]
    api: bool

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwargs if ID_KWARG.match(k))


def _methods(callback) -> tuple[str, ...]:
    """The methods a view accepts: an API operation's own, a page's ``require_*`` list, or
    GET and POST."""
    view = callback
    while view is not None:
        try:
            free = inspect.getclosurevars(view).nonlocals
        except TypeError:
            free = {}
        path_view = free.get("self")
        if path_view is not None and hasattr(path_view, "operations"):
            return tuple(sorted({m for op in path_view.operations for m in op.methods}))
        if "request_method_list" in free:
            return tuple(m for m in ("GET", "POST") if m in free["request_method_list"])
        view = getattr(view, "__wrapped__", None)
    return ("GET", "POST")


def _routes(resolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _routes(
                pattern, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            full = prefix + str(pattern.pattern)
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", full))
            yield Route(
                name=f"{namespace}:{pattern.name}" if namespace else str(pattern.name),
                pattern=full,
                kwargs=kwargs,
                methods=_methods(pattern.callback),
                api=full.startswith("api/"),
            )


def _id_routes() -> list[Route]:
    seen: dict[tuple[str, tuple[str, ...]], Route] = {}
    for route in _routes(get_resolver()):
        if route.ids:
            key = (route.pattern, route.methods)
            seen.setdefault(key, route)
    return sorted(seen.values(), key=lambda r: (r.pattern, r.name))


ROUTES = _id_routes()


def _params(only: tuple[str, ...] = ()):
    for route in ROUTES:
        for method in route.methods:
            if only and method not in only:
                continue
            yield pytest.param(route, method, id=f"{method} {route.name} {route.pattern}")


def noun_of(route: Route, kwarg: str) -> str:
    """The world object an id kwarg names; fails the test, naming the route, when unknown."""
    if kwarg not in ("pk", "id"):
        word = re.sub(r"_(pk|id)$", "", kwarg)
    else:
        found = re.search(rf"([^/]+)/<(?:\w+:)?{kwarg}>", route.pattern)
        segment = found.group(1) if found else ""
        kind = re.fullmatch(r"<(?:\w+:)?(\w+)>", segment)
        word = OTHER_KWARGS.get(kind.group(1), "") if kind else segment
    if word not in NOUNS:
        pytest.fail(
            f"{route.name} ({route.pattern}): the IDOR sweep does not know which object the id "
            f"kwarg {kwarg!r} names; add it to NOUNS in tests/web/test_idor_sweep.py"
        )
    return NOUNS[word]


def url_of(route: Route, world: dict) -> str:
    path = route.pattern
    for kwarg in route.kwargs:
        if ID_KWARG.match(kwarg):
            value = str(world[noun_of(route, kwarg)].pk)
        elif kwarg in OTHER_KWARGS:
            value = OTHER_KWARGS[kwarg]
        else:
            pytest.fail(f"{route.name} ({route.pattern}): no value for the kwarg {kwarg!r}")
        path = re.sub(rf"<(?:\w+:)?{kwarg}>", value, path)
    path = "/" + path.lstrip("^").rstrip("$")
    return path + (f"?purpose={SWEEP_PURPOSE.value}" if route.api else "")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The objects, made once for the module inside a transaction rolled back at its end."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            made = build_world()
            made["clients"] = {}
            for role, user in made["users"].items():
                client = Client(raise_request_exception=False)
                client.force_login(user)
                session = client.session
                session[SESSION_KEY] = {
                    str(made["problem"].pk): {"purpose": SWEEP_PURPOSE.value, "note": "IDOR sweep"}
                }
                session.save()
                made["clients"][role] = client
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.MEDIA_ROOT = media


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.CLEARHOLD_API_RATE = "100000/min"


def fingerprint() -> dict:
    """Every row of the apps that hold the problem's records (the audit log is read apart), as
    the database holds it: one plain SELECT per table, in key order. (Read through the ORM,
    building each query and converting each value, this took most of each sweep test's time.)"""
    tables = {
        m._meta.label: (m._meta.db_table, m._meta.pk.column)
        for m in apps.get_models()
        if m._meta.app_label in WATCHED_APPS
    }
    rows = {}
    with connection.cursor() as cursor:
        for label, (table, key) in tables.items():
            name, key = connection.ops.quote_name(table), connection.ops.quote_name(key)
            cursor.execute(f"SELECT * FROM {name} ORDER BY {key}")
            rows[label] = cursor.fetchall()
    return rows


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def leaked(response) -> list[str]:
    text = body_of(response).decode("utf-8", "replace")
    return sorted(set(re.findall(rf"{CANARY}-[a-z-]+", text)))


@functools.cache
def api_schema() -> dict:
    from clearhold.api.main import api

    return api.get_openapi_schema()


def api_example(route: Route, method: str) -> dict:
    """A body the API's schema accepts, so a write reaches the object check (not a 422)."""
    schema = api_schema()
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.pattern)
    operation = schema["paths"].get(path, {}).get(method.lower(), {})
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    return _example(body.get("schema", {}), schema) if body else {}


def _example(node: dict, root: dict):
    if "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _example(target, root)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"] or node[key]
            return _example(options[0], root)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        return {name: _example(node["properties"][name], root) for name in node.get("required", [])}
    if kind == "array":
        return [_example(node.get("items", {}), root) for _ in range(node.get("minItems", 0))]
    if kind == "string":
        return {"date": "2025-03-01", "date-time": "2025-03-01T10:00:00Z"}.get(
            node.get("format", ""), "IDOR sweep"
        )
    if kind in ("integer", "number"):
        return max(node.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    return None


def request(client: Client, route: Route, method: str, url: str):
    if route.api and method != "GET":
        payload = json.dumps(api_example(route, method))
        return client.generic(method, url, payload, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.generic(method, url)


def objects_of(route: Route, world: dict) -> set[str]:
    return {noun_of(route, k) for k in route.ids}


def attempt(world, who: str, route: Route, method: str):
    """Request ``route`` as ``who``: the response, what changed, and the entries written."""
    url = url_of(route, world)
    before, last = fingerprint(), AuditEntry.objects.order_by("-pk").values_list("pk").first()
    response = request(world["clients"][who], route, method, url)
    written = list(AuditEntry.objects.filter(pk__gt=last[0] if last else 0))
    return url, response, fingerprint() != before, written


def test_the_sweep_covers_pages_and_the_api():
    names = {r.name for r in ROUTES}
    assert {"problems:detail", "powers:person", "documents:download"} <= names
    assert any(r.api for r in ROUTES), "no API route with an id was found to sweep"


def test_the_world_canaries_every_declared_personal_field(world, db):
    """Generated from the declaration: every model with a restricted or special-category field
    is built, and each of its text fields of that class holds its canary."""
    missing = sorted(m for m in personal_models() if not apps.get_model(m).objects.exists())
    assert not missing, (
        f"the IDOR world builds no {', '.join(missing)}: add one to tests/web/idor_world.py so "
        "its personal fields are canaried"
    )
    for model, names in canaried_fields().items():
        for name in names:
            held = apps.get_model(model).objects.filter(**{name: canary(model, name)})
            assert held.exists(), f"{model}.{name} holds no canary in the IDOR world"


def test_members_see_every_canary_somewhere(world, db):
    """The leak checks below can fail: each canaried field is shown to a member on some route."""
    seen = set()
    for route in ROUTES:
        if "GET" in route.methods:
            seen.update(leaked(attempt(world, "insider", route, "GET")[1]))
    expected = every_canary() - {canary(m, f) for m, f in NOT_ON_SWEPT_ROUTES}
    assert not expected - seen, f"no route shows a member {sorted(expected - seen)}"


@pytest.mark.parametrize(("route", "method"), list(_params(only=("GET",))))
def test_the_url_is_real_for_a_member_of_the_lead_organisation(world, route, method, db):
    url, response, _, _ = attempt(world, "insider", route, method)
    assert response.status_code not in (404, 500), f"{url} is not a working URL for a member"


@pytest.mark.parametrize(("route", "method"), list(_params()))
def test_another_organisation_is_refused_and_audited(world, route, method, db):
    url, response, changed, written = attempt(world, "outsider", route, method)
    assert not leaked(response), f"{url} showed another organisation's personal data"
    if objects_of(route, world) <= PARTNERSHIP_WIDE:
        return
    assert response.status_code in REFUSED, f"{method} {url} gave {response.status_code}"
    assert not changed, f"{method} {url} changed a record although refused"
    actions = {e.action for e in written}
    assert AuditAction.REFUSED in actions, f"the refusal of {method} {url} was not audited"
    assert actions <= {AuditAction.REFUSED}, f"{method} {url} recorded {actions} when refused"


@pytest.mark.parametrize(("route", "method"), list(_params()))
def test_a_partner_viewer_sees_no_personal_data_and_writes_nothing(world, route, method, db):
    url, response, changed, written = attempt(world, "viewer", route, method)
    assert not leaked(response), f"{url} showed a partner viewer {leaked(response)}"
    assert not changed, f"{method} {url} let a partner viewer change a record"
    if method != "GET" and route.name not in SESSION_ONLY:
        assert response.status_code in REFUSED, f"{method} {url} gave {response.status_code}"
        assert AuditAction.REFUSED in {e.action for e in written}
    if objects_of(route, world) & PERSONAL:
        assert response.status_code in REFUSED, f"{url} is personal data, yet not refused"
