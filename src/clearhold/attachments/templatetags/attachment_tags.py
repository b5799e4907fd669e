"""``{% attachments_of record %}``: the list of a record's attachments, for its page.

A tag (loaded by name in the record's template) rather than a context value, so the record
pages of problems, places and powers list attachments without importing this app (it sits above
them in the layers). Each problem's attachments are read through that problem's reader, which
records the read of their titles; someone not shared the data class sees a sentence, not the
list, and someone allowed it without a purpose given yet sees the link to the purpose page.
"""

from __future__ import annotations

from typing import Any

from django import template

from clearhold.attachments.permissions import ATTACHMENT_ADD, ATTACHMENT_VIEW
from clearhold.attachments.records import key_of, kind_of
from clearhold.attachments.selectors import attachments_on
from clearhold.audit.reads import purpose_url
from clearhold.authz import can, problem_of
from clearhold.readmodel import WITHHELD, Shown, name_of, reader_for
from clearhold.toolkit.addresses import address

register = template.Library()


def _problems(record: Any, user: Any) -> list[Any]:
    """The problems ``record``'s attachments may be filed under, that ``user`` is on."""
    from clearhold.problems.models import Problem
    from clearhold.problems.permissions import associated

    if record._meta.label_lower == "places.site":
        return list(associated(Problem.objects.filter(sites=record), user).order_by("title"))
    return [problem_of(record)]


def _items(request: Any, record: Any, problem: Any) -> tuple[list[dict], int]:
    """The attachments on ``record`` under ``problem`` as the reader may see them, and how many
    are withheld for want of a purpose."""
    what = f"attachments on {kind_of(record).label} {record.pk}"
    with reader_for(request, problem, what=what) as reader:
        items, withheld = [], 0
        for shown in reader.show_all(attachments_on(record, [problem])):
            if shown.title is WITHHELD:
                withheld += 1
                continue
            items.append(
                {
                    "title": str(shown.title),
                    "kind": shown.get_kind_display(),
                    "filename": str(shown.filename),
                    "description": str(shown.description),
                    "size": shown.size,
                    "uploaded_at": shown.uploaded_at,
                    "uploaded_by": str(name_of(shown.uploaded_by) or ""),
                    "url": address("attachments:download", args=[shown.pk]),
                }
            )
    return items, withheld


@register.inclusion_tag("attachments/list.html", takes_context=True)
def attachments_of(context: Any, record: Any, heading: str = "Attachments", level: int = 2) -> dict:
    request = context["request"]
    user = request.user
    record = record._obj if isinstance(record, Shown) else record
    key = key_of(record)
    groups, not_shared, add = [], False, []
    problems = _problems(record, user)
    for problem in problems:
        if can(user, ATTACHMENT_ADD, problem):
            url = f"{address('attachments:new', args=[problem.pk])}?to={key}"
            add.append({"url": url, "problem": problem.title if len(problems) > 1 else ""})
        if not can(user, ATTACHMENT_VIEW, problem):
            not_shared = True
            continue
        items, withheld = _items(request, record, problem)
        purpose = purpose_url(problem, request.get_full_path()) if withheld else ""
        groups.append({"problem": problem.title, "items": items, "withheld": withheld,
                       "purpose": purpose})  # fmt: skip
    return {
        "heading": heading,
        "level": level,
        "anchor": f"attachments-{key}",
        "record_label": kind_of(record).label,
        "groups": groups,
        "many": len(problems) > 1,
        "not_shared": not_shared,
        "add": add,
    }
