"""Adapting a template: checked at upload, versioned, used for new documents only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.authz import Refused
from clearhold.documents.kinds import kind_get, kinds
from clearhold.documents.models import DocumentTemplate
from clearhold.documents.services import document_generate, template_upload
from clearhold.documents.templating import ListOf, Obj, check_template, render
from tests.documents.conftest import text_of
from tests.security.test_section_read_model import raw_records_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", kinds(), ids=lambda k: k.key)
def test_every_built_in_template_uses_only_what_its_builder_supplies(kind):
    check = check_template(kind.builtin_source(), kind.placeholders, kind.required)
    assert check.errors == []


def test_an_unknown_placeholder_is_named_with_its_line():
    check = check_template(
        "<p>{{ premises.description }}</p>\n<p>{{ premises.adress }}</p>\n<p>{{ hearingg }}</p>",
        {"premises": Obj.of("description", "address"), "hearing": None},
    )
    assert "Unknown placeholder {{ premises.adress }} on line 2" in check.errors[0]
    assert "Unknown placeholder {{ hearingg }} on line 3" in check.errors[1]
    assert "premises.address" in check.errors[-1]


def test_loop_items_are_checked_against_their_fields():
    spec = {"exemptions": ListOf(Obj.of("clause"))}
    assert check_template("{% for e in exemptions %}{{ e.clause }}{% endfor %}", spec).ok
    check = check_template("{% for e in exemptions %}{{ e.caluse }}{% endfor %}", spec)
    assert "{{ e.caluse }}" in check.errors[0]


def test_a_template_that_cannot_be_read_says_where():
    check = check_template("<p>{{ premises.description </p>", {"premises": None})
    assert check.errors[0].startswith("Line 1: the template cannot be read")


def test_rendering_escapes_markup_and_refuses_python_internals():
    assert render("{{ x }}", {"x": "<script>"}) == "&lt;script&gt;"
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        render("{{ x.__class__.__mro__ }}", {"x": ""})


def test_a_notice_template_that_leaves_out_the_offence_warning_is_refused(manager):
    kind = kind_get("closure_notice")
    source = kind.builtin_source().replace("{{ offence }}", "")
    with pytest.raises(ValidationError) as refused:
        template_upload(user=manager, kind=kind, source=source)
    assert "{{ offence }}" in str(refused.value)
    assert "s.76(5)(c)" in str(refused.value)
    assert not DocumentTemplate.objects.exists()


def test_only_managers_and_administrators_adapt_templates(inspector):
    kind = kind_get("cancellation_notice")
    with pytest.raises(Refused):
        template_upload(user=inspector, kind=kind, source=kind.builtin_source())


def test_an_adapted_template_is_used_and_recorded_with_its_version(
    served, details, inspector, manager, tmp_path
):
    kind = kind_get("closure_notice")
    source = kind.builtin_source().replace(
        "<h1>Closure notice</h1>", "<h1>Closure notice</h1><p>Fenland wording v2.</p>"
    )
    adapted = template_upload(user=manager, kind=kind, source=source, note="Local wording")
    assert adapted.version == 1
    document = document_generate(user=inspector, kind=kind, subject=served.closure, fmt="pdf")
    assert "Fenland wording v2." in text_of(document, tmp_path)
    assert document.template_version.startswith("closure_notice@1#")


def test_the_upload_page_names_an_unknown_placeholder(client, manager):
    client.force_login(manager)
    url = reverse("documents:template", args=["cancellation_notice"])
    source = kind_get("cancellation_notice").builtin_source() + "<p>{{ cancellation.reson }}</p>"
    response = client.post(url, {"source": source, "note": ""})
    assert response.status_code == 200
    assert "Unknown placeholder {{ cancellation.reson }}" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    response = client.post(url, {"source": kind_get("cancellation_notice").builtin_source()})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().version == 1


def test_a_viewer_of_templates_cannot_post_one(client, inspector):
    client.force_login(inspector)
    url = reverse("documents:template", args=["cancellation_notice"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"source": "<p>x</p>"}).status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_the_template_pages_show_their_versions_through_the_read_model(client, manager, council):
    """The template pages hand their templates no stored record (the organisation, its
    versions and who uploaded each): a colleague reads the uploader's name, as before."""
    kind = kind_get("cancellation_notice")
    template_upload(user=manager, kind=kind, source=kind.builtin_source(), note="Our wording")
    client.force_login(manager)
    for url in (reverse("documents:templates"), reverse("documents:template", args=[kind.key])):
        response = client.get(url)
        assert response.status_code == 200
        assert raw_records_in(response, manager) == [], url
        assert str(council) in response.content.decode()
    assert ", Manager Tester: Our wording</li>" in response.content.decode()
