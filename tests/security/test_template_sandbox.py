"""Issue 15, low 12: the template save check let through what the sandbox refuses.

Found: the check at upload only read which placeholders a template names, so expressions the
Jinja sandbox refuses at generation (``|attr('__class__')``, ``'{0.__class__}'.format(...)``,
a name built in ``{% set %}`` and used as an index) were saved, and every later generation of
that document was a 500. Reproduced by saving each on the template page as a manager, then
generating the closure notice.

Must hold: a template is checked at save in the same sandbox, from its syntax tree and by
rendering it with sample values for its kind; each payload is refused with a message naming the
problem and its line, and nothing is saved; a valid edit still saves. A template stored before
the check that still fails blocks generation with a plain message, not a fault, and stores
nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentTemplate, GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.documents.templating import Obj, check_template
from tests.documents.conftest import details, media  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

KIND = kind_get("closure_notice")
NAME = next(name for name, spec in sorted(KIND.placeholders.items()) if spec is None)
# (payload, what the refusal names); each on the template's last line.
PAYLOADS = [
    (f"{{{{ {NAME}|attr('__class__') }}}}", "attr filter"),
    (f"{{{{ '{{0.__class__}}'.format({NAME}) }}}}", ".format"),
    (f"{{{{ {NAME}.__class__.__mro__ }}}}", "__class__"),
    (f"{{% set leak = {NAME}.__init__ %}}{{{{ leak }}}}", "__init__"),
    (f"{{% set n = '__cla' ~ 'ss__' %}}{{{{ {NAME}[n] }}}}", "__class__"),
    (f"{{{{ {NAME}['__cla' ~ 'ss__'] }}}}", "__class__"),
    (f"{{% for x in [{NAME}] %}}{{{{ x|attr('__globals__') }}}}{{% endfor %}}", "attr filter"),
]


def with_payload(payload: str) -> tuple[str, int]:
    source = KIND.builtin_source().rstrip("\n") + "\n" + payload + "\n"
    return source, source.count("\n")


@pytest.mark.parametrize(("payload", "named"), PAYLOADS, ids=[p for p, _ in PAYLOADS])
def test_each_payload_is_refused_at_save_with_its_line(client, manager, payload, named):
    client.force_login(manager)
    source, line = with_payload(payload)
    response = client.post(reverse("documents:template", args=[KIND.key]), {"source": source})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Line {line}:" in page
    assert named in page
    assert not DocumentTemplate.objects.exists()


def test_a_valid_edit_still_saves(client, manager):
    client.force_login(manager)
    source = KIND.builtin_source().replace("</h1>", "</h1><p>Fenland wording.</p>", 1)
    response = client.post(reverse("documents:template", args=[KIND.key]), {"source": source})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().source == source.strip()


@pytest.mark.usefixtures("details")
def test_a_stored_template_that_fails_blocks_generation_with_a_message(client, manager, request):
    """A template saved before the check: generation says what is wrong and stores nothing."""
    closure_served = request.getfixturevalue("served").closure
    officer = request.getfixturevalue("inspector")
    source, line = with_payload(PAYLOADS[4][0])
    DocumentTemplate.objects.create(
        organisation=manager.organisation, kind=KIND.key, version=1, source=source,
        uploaded_by=manager,
    )  # fmt: skip
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(user=officer, kind=KIND, subject=closure_served, fmt="pdf")
    assert f"at line {line}" in blocked.value.messages[0]
    client.force_login(officer)
    url = reverse("documents:generate", args=[closure_served.problem.pk, KIND.key])
    response = client.post(url, {"of": closure_served.pk, "doc-format": "pdf"})
    assert response.status_code == 200
    assert "could not be filled in" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


SPEC = {"premises": Obj.of("address"), "title": None}


@settings(max_examples=80, deadline=None)
@given(attribute=st.from_regex(r"_[A-Za-z_]{0,12}", fullmatch=True))
def test_no_internal_name_written_in_the_template_passes_the_check(attribute):
    for source in (
        f"{{{{ title.{attribute} }}}}",
        f"{{{{ premises['{attribute}'] }}}}",
        f"{{{{ title|attr('{attribute}') }}}}",
        f"{{% if premises.address %}}{{% else %}}{{{{ title.{attribute} }}}}{{% endif %}}",
    ):
        assert not check_template(source, SPEC).ok, source


@settings(max_examples=60, deadline=None)
@given(attribute=st.sampled_from([name for name in dir("") if name.startswith("_")]))
def test_no_internal_attribute_built_at_render_time_passes_the_check(attribute):
    half = len(attribute) // 2
    built = f"'{attribute[:half]}' ~ '{attribute[half:]}'"
    for source in (
        f"{{% set n = {built} %}}{{{{ title[n] }}}}",
        f"{{% for x in [title] %}}{{{{ x[{built}] }}}}{{% endfor %}}",
    ):
        assert not check_template(source, SPEC).ok, source
