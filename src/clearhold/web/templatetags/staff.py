"""``{% staff_name person %}``: a member of staff's name on any page, through the read model's
one rule (:func:`clearhold.readmodel.staff_name`), or "a named member of <organisation>"."""

from __future__ import annotations

from typing import Any

from django import template

from clearhold.readmodel import Reader, staff_label, withheld_staff

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_name(
    context: template.Context, person: Any, problem: Any = None, organisation: bool = False
) -> str:
    """The name, or the withheld wording. The page's reader (``reader`` in the context) reads
    it, so a purpose given for the problem counts and the read is audited; a page with no
    reader shows colleagues' names only. ``organisation=True`` follows a shown name with the
    organisation ("Jo Bloggs, Fenland District Council"); the withheld wording names it."""
    reader = context.get("reader")
    if reader is None:
        reader = Reader(context["request"].user, log=False)
    if problem is None:
        problem = context.get("problem")
    label = staff_label(reader, person, problem)
    if organisation and label and label != withheld_staff(person):
        where = getattr(person, "organisation", None)
        return f"{label}, {where}" if where else label
    return label
