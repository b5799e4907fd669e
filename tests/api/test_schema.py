"""The OpenAPI schema at /api/schema and the Swagger UI at /api/docs, which loads scripts and
styles only from our own static files (the CSP allows nothing else)."""

from __future__ import annotations

import json
import re

from clearhold.api.main import api


def test_schema_is_served_to_a_token_holder(call, manager, token_of):
    response = call("GET", "/api/schema", token=token_of(manager))
    assert response.status_code == 200
    schema = response.data
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ClearHold API"
    paths = set(schema["paths"])
    for path in (
        "/api/problems/{problem_id}",
        "/api/problems/{problem_id}/actions",
        "/api/incidents",
        "/api/closures/{closure_id}/breaches",
        "/api/problems/{problem_id}/people",
        "/api/documents/{document_id}/download",
    ):
        assert path in paths
    bearer = schema["components"]["securitySchemes"]["BearerToken"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    assert schema == json.loads(json.dumps(api.get_openapi_schema(path_params={})))


def test_every_operation_documents_its_errors(manager, call, token_of):
    schema = call("GET", "/api/schema", token=token_of(manager)).data
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422", "429"} <= codes, (method, path)


def test_schema_and_docs_need_a_caller(client):
    assert client.get("/api/schema").status_code == 401
    browser = client.get("/api/docs", headers={"Accept": "text/html"})
    assert browser.status_code == 302
    assert "/sign-in/" in browser["Location"]


def test_docs_load_no_external_script_or_style(client, manager):
    client.force_login(manager)
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in inline), inline
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
