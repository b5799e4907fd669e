"""A template reaches only the values its builder gave it, never a stored record.

The threat: a document template is written by a manager (possibly of another organisation than
the person generating it). If a builder put a stored record in the template's context, the
template could walk from it (``problem.members``, ``lead_organisation``, …) to any record and
print what the read model withholds. Every builder hands templates plain values (or records
read through the maker's reader); generation refuses any context holding a stored record.
"""

from __future__ import annotations

import pytest

from clearhold.documents.kinds import Content
from clearhold.documents.selectors import TemplateInUse
from clearhold.documents.services import render_parts
from clearhold.readmodel import Reader

TEMPLATE = TemplateInUse(source="<p>{{ title }}</p>", version="built-in", label="test@1")


@pytest.mark.parametrize("where", ["top", "nested", "listed", "repeated"])
def test_a_context_holding_a_stored_record_is_refused(problem, where):
    context = {"title": "Plain"}
    repeat = None
    if where == "top":
        context["problem"] = problem
    elif where == "nested":
        context["case"] = {"inner": {"problem": problem}}
    elif where == "listed":
        context["sites"] = [problem.sites.all()]
    else:
        repeat = [{"home": problem}]
    content = Content(title="T", context=context, repeat=repeat, item_name="unit")
    with pytest.raises(TypeError, match="holds a stored"):
        render_parts(content, TEMPLATE, 1)


def test_plain_values_and_records_read_through_the_read_model_render(problem, manager):
    shown = Reader(manager, purpose="problem_solving", log=False).show(problem)
    content = Content(title="T", context={"title": shown.title, "problem": shown})
    assert render_parts(content, TEMPLATE, 1) == [f"<p>{problem.title}</p>"]
