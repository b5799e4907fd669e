"""What a reader's records are: a record (:class:`Shown`) or a query set of them
(:class:`ShownRecords`) wrapped for one :class:`~clearhold.readmodel.Reader`, and the
:data:`WITHHELD` value a field the reader may not see reads as.

Apart from ``readmodel`` so each module stays one job: the reader decides and audits, the
wrapper walks a record by attribute and asks the reader at every field.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from clearhold.authz import NAMED_BY, DataClass, field_class, problem_of

if TYPE_CHECKING:
    from clearhold.readmodel import Reader


_PUBLIC = DataClass.PUBLIC
# What a wrapped record still answers without a rule: its identity and model metadata.
_IDENTITY = frozenset({"pk", "id", "_meta", "_state"})


# What a record's methods print, for records with personal fields whose methods templates call:
# a method is answered only when these fields are visible, and reading it reads them.
MADE_OF: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts.user": {
        "get_full_name": ("first_name", "last_name"),
        "get_short_name": ("first_name",),
        "__str__": ("first_name", "last_name", "username"),
    },
}


class _Withheld:
    """A value the reader may not see: prints as nothing, is false, iterates as empty."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""

    def __html__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "WITHHELD"

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0


WITHHELD = _Withheld()


@lru_cache(maxsize=20_000)
def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    """A model's field by name (None: not a field), remembered for every read through a shown
    record: a method's name (``get_status_display``) raised and caught an exception on each
    read. The names are the code's and the templates' own, so the memory stays small."""
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field(obj: models.Model, name: str) -> models.Field | None:
    # Keyed by the model, not type(obj): a lazily wrapped record (request.user is a
    # SimpleLazyObject) has the wrapper's type whatever model it wraps.
    return _model_field(obj._meta.model, name)


class Shown:
    """One record as a reader may see it. Fields read through it obey the declaration;
    anything else of the record (methods, properties) is answered only when nothing of the
    record is withheld from the reader, since a method may print a withheld field."""

    __slots__ = ("_obj", "_problem", "_reader")

    def __init__(self, obj: models.Model, reader: Reader, within: Any = None) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_reader", reader)
        object.__setattr__(self, "_problem", problem_of(obj) or within)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("A record shown to a reader cannot be changed through it")

    def _class_of(self, name: str) -> str:
        return field_class(self._obj, name)

    def visible(self, name: str) -> bool:
        """Whether the reader may see field ``name`` of this record."""
        return self._reader.sees(self._obj, name, self._problem)

    def asks_purpose(self, name: str) -> bool:
        """Whether field ``name``, withheld now, would be shown once the reader gives a purpose."""
        return (
            not self._reader.purpose
            and not self.visible(name)
            and self._reader.allowed(self._class_of(name), self._problem)
        )

    @property
    def needs_purpose(self) -> bool:
        """Whether a field withheld now would be shown once the reader gives a purpose."""
        return any(self.asks_purpose(name) for name in self.withheld)

    @property
    def withheld(self) -> frozenset[str]:
        """The names of this record's fields the reader may not see."""
        return self._reader.withheld(self._obj, self._problem)

    def _read(self, model_field: models.Field) -> Any:
        name = model_field.name
        data_class = self._class_of(name)
        if not self._reader.may_see(data_class, self._problem):
            return WITHHELD
        value = getattr(self._obj, name)
        if data_class != _PUBLIC and value not in (None, "", [], {}):
            self._reader.remember(self._obj, name, data_class, self._problem)
        return self._reader.show(value, self._problem)

    def _read_all(self) -> None:
        """Note every personal value of the record as read: a method answered on it (a name
        made of first and last names) may print any of them."""
        for model_field in self._obj._meta.concrete_fields:
            if not model_field.primary_key and not model_field.is_relation:
                self._read(model_field)

    def __getattr__(self, name: str) -> Any:
        obj = self._obj
        if name in _IDENTITY:
            return getattr(obj, name)
        model_field = _field(obj, name)
        if model_field is not None and model_field.name != name:  # a relation's id (``site_id``)
            return getattr(obj, name) if self.visible(model_field.name) else WITHHELD
        if model_field is not None and model_field.concrete and not model_field.primary_key:
            return self._read(model_field)
        if model_field is None and name.endswith("_id"):
            relation = _field(obj, name[:-3])
            if relation is not None and relation.concrete and relation.is_relation:
                return getattr(obj, name) if self.visible(relation.name) else WITHHELD
        if model_field is not None:  # a reverse relation or many-to-many: its records, wrapped
            return self._reader.show(getattr(obj, name), self._problem)
        made_of = MADE_OF.get(obj._meta.label_lower, {}).get(name)
        if made_of is not None:
            if not all(self.visible(part) for part in made_of):
                return lambda *args, **kwargs: WITHHELD
            for part in made_of:
                getattr(self, part)
            return getattr(obj, name)
        if name.startswith("get_") and name.endswith("_display"):
            shown_field = name[4:-8]
            return getattr(obj, name) if self.visible(shown_field) else (lambda: WITHHELD)
        if name == "get_absolute_url":  # an address names no personal field (its number, a slug)
            return getattr(obj, name)
        if name.startswith("_") or self.withheld:
            raise AttributeError(f"{name} of {obj._meta.verbose_name} is not shown to this reader")
        value = getattr(obj, name)
        self._read_all()
        return self._reader.show(value, self._problem)

    def __getitem__(self, name: str) -> Any:
        raise KeyError(name)  # templates then try attributes, which obey the declaration

    def __str__(self) -> str:
        """The record's name when the reader may see what it is made of (``authz.NAMED_BY``),
        else its kind and number: a name can carry a withheld field (an appeal's appellant)."""
        obj = self._obj
        made_of = MADE_OF.get(obj._meta.label_lower, {}).get("__str__")
        if made_of is not None:
            if not all(self.visible(name) for name in made_of):
                return f"{obj._meta.verbose_name.capitalize()} {obj.pk}"
            for name in made_of:
                getattr(self, name)
            return str(obj)
        named_by = NAMED_BY.get(obj._meta.label_lower)
        if named_by is not None and all(self.visible(name) for name in named_by):
            return str(obj)
        if named_by is None and not self.withheld:
            return str(obj)
        return f"{obj._meta.verbose_name.capitalize()} {obj.pk}"

    def __repr__(self) -> str:
        return f"<Shown {self._obj._meta.label} {self._obj.pk}>"

    def __eq__(self, other: object) -> bool:
        other_obj = other._obj if isinstance(other, Shown) else other
        return self._obj == other_obj

    def __hash__(self) -> int:
        return hash(self._obj)

    def values(self, *names: str) -> dict[str, Any]:
        """The named fields (or every concrete field) as the reader may see them."""
        chosen = names or [f.name for f in self._obj._meta.concrete_fields if not f.primary_key]
        return {name: getattr(self, name) for name in chosen}


class ShownRecords:
    """A query set whose records come out wrapped for one reader."""

    __slots__ = ("_reader", "_records", "_within")
    _CHAINED = frozenset(
        {
            "all",
            "filter",
            "exclude",
            "order_by",
            "select_related",
            "prefetch_related",
            "distinct",
            "annotate",
        }
    )
    _COUNTS = frozenset({"count", "exists"})

    def __init__(
        self, records: models.QuerySet | models.Manager, reader: Reader, within: Any = None
    ) -> None:
        self._records = records
        self._reader = reader
        self._within = within

    def __getattr__(self, name: str) -> Any:
        if name in self._CHAINED:
            method = getattr(self._records, name)
            return lambda *args, **kwargs: ShownRecords(
                method(*args, **kwargs), self._reader, self._within
            )
        if name in self._COUNTS:
            return getattr(self._records, name)
        if name in {"first", "last", "get"}:
            method = getattr(self._records, name)
            return lambda *args, **kwargs: self._reader.show(method(*args, **kwargs), self._within)
        raise AttributeError(f"{name} is not available on records shown to a reader")

    def __iter__(self) -> Iterator[Any]:
        records = (
            self._records.all() if isinstance(self._records, models.Manager) else self._records
        )
        return (self._reader.show(obj, self._within) for obj in records)

    def __len__(self) -> int:
        return self._records.count()

    def __bool__(self) -> bool:
        return self._records.exists()

    def __getitem__(self, index: int | slice) -> Any:
        records = (
            self._records.all() if isinstance(self._records, models.Manager) else self._records
        )
        found = records[index]
        return (
            [self._reader.show(o, self._within) for o in found]
            if isinstance(index, slice)
            else self._reader.show(found, self._within)
        )
