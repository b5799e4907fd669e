"""The one read model: what a user may see of a record, for a purpose, with the read logged.

Every page, API route, CLI command and document reads a record through a :class:`Reader`.
``reader.show(obj)`` wraps a model instance in a :class:`Shown`: reading a field the user may
see returns its value; reading one they may not (its data class, declared once in
``authz.DECLARED``, is not shared with them on the record's problem, or no purpose was given for
personal data) returns :data:`WITHHELD`, which prints as nothing and is false. Related records
come back wrapped too, so a template walking ``breach.person.name`` is held to the same rules.

Each restricted or special-category value actually read is noted; when the reader closes (the
``with`` block ends without an error) one audit entry per problem and data class names the
fields, the purpose and the people the data was about (``audit.reads.read_logged``). A reader
that read personal data says so (``personal_data``), so a document made through it is marked.

Why a wrapper and not a dict of values: the builders, the templates and the API serialisers
already walk records by attribute; wrapping keeps them as they are while taking away every
path around the declaration (a field nobody declared counts as restricted, see ``authz``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest

from clearhold.audit.reads import purpose_given, read_logged
from clearhold.authz import DataClass, classes_vary, field_class, may_see

# The wrappers live apart (one job each); their names are read from here as before.
from clearhold.readmodel_shown import MADE_OF, WITHHELD, Shown, ShownRecords

__all__ = [
    "MADE_OF",
    "WITHHELD",
    "Reader",
    "Shown",
    "ShownRecords",
    "name_of",
    "reader_for",
    "staff_label",
    "staff_name",
    "withheld_staff",
]

_PUBLIC = DataClass.PUBLIC


@dataclass
class _Read:
    """The personal data of one class read on one problem: one audit entry when closed."""

    problem: Any
    data_class: str
    fields: set[str] = field(default_factory=set)
    subjects: dict[str, Any] = field(default_factory=dict)
    first: Any = None


class Reader:
    """One user's reading of records for one purpose (a page, an API call, a document).

    ``purpose`` is one of ``audit.purposes.Purpose``'s values; without one, personal data
    (restricted or special category) is withheld even from those allowed it. ``channel`` starts
    each audit entry's detail (e.g. "API read of …; ") and ``what`` names what was read in it
    (e.g. "vulnerable people on …"); ``about`` is the record a page or call is about, which the
    entries name (else each names its problem). ``log=False`` is for checks that show
    nothing to anyone (e.g. deciding whether a page has anything to show).
    """

    def __init__(
        self,
        user: Any,
        *,
        purpose: str = "",
        note: str = "",
        channel: str = "",
        what: str = "",
        about: Any = None,
        log: bool = True,
    ) -> None:
        self.user = user
        self.about = about
        self.what = what
        self.purpose = purpose
        self.note = note
        self.channel = channel
        self.log = log
        self._answers: dict[tuple[str, Any], bool] = {}
        self._allowed: dict[tuple[str, Any], bool] = {}
        self._reads: dict[tuple[Any, str], _Read] = {}
        self._classes: set[str] = set()
        self._withheld: dict[tuple[type, Any], frozenset[str]] = {}

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is None:
            self.close()

    def may_see(self, data_class: str, problem: Any) -> bool:
        """Whether this reader may see ``data_class`` on ``problem`` (answers cached)."""
        if data_class != _PUBLIC and not self.purpose:
            return False
        key = (str(data_class), getattr(problem, "pk", None))
        if key not in self._answers:
            self._answers[key] = may_see(self.user, data_class, problem)
        return self._answers[key]

    def show(self, obj: Any, within: Any = None) -> Any:
        """``obj`` as this reader may see it (None stays None; wrapped stays wrapped).

        ``within`` is the problem a record was reached from: a record with no problem of its
        own (a member of staff named on a closure notice) is read on that problem."""
        if obj is None or isinstance(obj, Shown):
            return obj
        if isinstance(obj, models.Model):
            return Shown(obj, self, within)
        if isinstance(obj, models.QuerySet | models.Manager):
            return ShownRecords(obj, self, within)
        return obj

    def associated(self, problems: Iterable[Any]) -> None:
        """Note that ``problems`` came through the association checker (``problem_list``),
        the very rule of the public class: their public fields show with no query per problem
        (a dashboard lists many)."""
        for problem in problems:
            self._answers.setdefault((str(_PUBLIC), problem.pk), True)

    def allowed(self, data_class: str, problem: Any) -> bool:
        """Whether the sharing record lets this user see ``data_class`` on ``problem``, purpose
        or not (to offer the purpose page; nothing is shown on this answer). Asked once per
        reader, like :meth:`may_see`: a reader lasts one request."""
        if self.purpose or data_class == _PUBLIC:
            return self.may_see(data_class, problem)
        key = (str(data_class), getattr(problem, "pk", None))
        if key not in self._allowed:
            self._allowed[key] = may_see(self.user, data_class, problem)
        return self._allowed[key]

    def sees(self, obj: models.Model, name: str, problem: Any) -> bool:
        """Whether this reader may see field ``name`` of ``obj`` on ``problem``: the one rule
        that ``Shown.visible`` and the remembered withheld set both ask."""
        return self.may_see(field_class(obj, name), problem)

    def withheld(self, obj: models.Model, problem: Any) -> frozenset[str]:
        """The names of ``obj``'s fields this reader may not see on ``problem``. The answer is
        remembered for the model and problem when no field's class depends on the record
        (``authz.classes_vary``): a page prints many organisations, each asking it."""
        key = (type(obj), getattr(problem, "pk", None))
        known = self._withheld.get(key)
        if known is not None:
            return known
        withheld = frozenset(
            f.name
            for f in obj._meta.concrete_fields
            if not f.primary_key and not self.sees(obj, f.name, problem)
        )
        if not classes_vary(obj._meta.label_lower):
            self._withheld[key] = withheld
        return withheld

    def show_all(self, objs: Iterable[Any]) -> list[Any]:
        return [self.show(obj) for obj in objs]

    def remember(self, obj: Any, name: str, data_class: str, problem: Any) -> None:
        """Remember that ``name`` of ``obj`` (of ``data_class``) was read on ``problem``."""
        key = (getattr(problem, "pk", None), str(data_class))
        read = self._reads.setdefault(key, _Read(problem=problem, data_class=str(data_class)))
        read.fields.add(f"{obj._meta.model_name}.{name}")
        read.first = read.first or obj
        self._classes.add(str(data_class))
        if field_class(obj._meta.label_lower, "") != _PUBLIC:
            read.subjects[f"{obj._meta.label_lower}:{obj.pk}"] = obj

    @property
    def personal_data(self) -> bool:
        """Whether anything restricted or special category has been read."""
        return bool(self._classes)

    @property
    def classes_read(self) -> set[str]:
        return set(self._classes)

    def close(self) -> None:
        """Write one audit entry per problem and class read, then forget them."""
        if self.log and self._reads:
            for read in self._reads.values():
                read_logged(
                    user=self.user,
                    problem=read.problem,
                    obj=self.about or read.problem or read.first,
                    data_class=read.data_class,
                    fields=read.fields,
                    purpose=self.purpose,
                    note=self.note,
                    subjects=read.subjects.values(),
                    channel=self.channel,
                    what=self.what,
                )
        self._reads.clear()


def name_of(user: Any) -> Any:
    """A member of staff's name read field by field (full name, else user name), so a shown
    user's read is audited as the fields it prints; None for no user, WITHHELD if withheld."""
    if user is None or user is WITHHELD:
        return user
    if isinstance(user, Shown):  # the pages' one rule (staff_name), for the API too
        return staff_name(object.__getattribute__(user, "_reader"), user)
    full = " ".join(str(part) for part in (user.first_name, user.last_name) if part)
    return full or user.username


def staff_name(reader: Reader, person: Any, problem: Any = None) -> Any:
    """A member of staff's name as ``reader`` may see it: the one path every page, photo and
    download takes, so a name is shown on all of them or on none.

    On a problem, the sharing record decides, as for any restricted data: the name shows to
    those it lets see restricted data there once they have given a purpose, and the read is
    audited; off a problem (a site, a template) it shows to colleagues of the same
    organisation only. Otherwise :data:`WITHHELD`, which pages print as "a named member of
    <organisation>" (:func:`staff_label`). ``person`` may be a user or a shown user (whose
    problem is the one it was reached from); None stays None."""
    if person is None or person is WITHHELD:
        return person
    user = object.__getattribute__(person, "_obj") if isinstance(person, Shown) else person
    if problem is None and isinstance(person, Shown):
        problem = object.__getattribute__(person, "_problem")
    if isinstance(problem, Shown):
        problem = object.__getattribute__(problem, "_obj")
    if problem is None:
        viewer = getattr(reader.user, "organisation_id", None)
        if viewer is None or viewer != user.organisation_id:
            return WITHHELD
    elif not reader.may_see(DataClass.RESTRICTED, problem):
        return WITHHELD
    else:
        for part in ("first_name", "last_name"):
            reader.remember(user, part, DataClass.RESTRICTED, problem)
    full = " ".join(part for part in (user.first_name, user.last_name) if part)
    return full or user.username


def withheld_staff(person: Any) -> str:
    """What a page prints for a member of staff whose name is withheld: their organisation,
    which the partnership may always see."""
    user = object.__getattribute__(person, "_obj") if isinstance(person, Shown) else person
    organisation = getattr(user, "organisation", None)
    return f"a named member of {organisation}" if organisation else "a named member of staff"


def staff_label(reader: Reader, person: Any, problem: Any = None) -> str:
    """The name, or the withheld wording: what every page prints for a member of staff."""
    if person is None:
        return ""
    name = staff_name(reader, person, problem)
    return str(name) if name else withheld_staff(person)


def reader_for(
    request: HttpRequest, problem: Any, *, channel: str = "", what: str = "", about: Any = None
) -> Reader:
    """The read model for one page on ``problem``: the signed-in user, with the purpose given
    for the problem this session (none yet: every personal field is withheld)."""
    given = purpose_given(request, problem) or {"purpose": "", "note": ""}
    return Reader(
        request.user,
        purpose=given["purpose"],
        note=given.get("note", ""),
        channel=channel,
        what=what,
        about=about,
    )
