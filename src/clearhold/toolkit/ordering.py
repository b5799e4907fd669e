"""Natural order for names people number: Flat 2 before Flat 10, as on the doors.

Databases sort text character by character (Flat 1, Flat 10, Flat 11, Flat 2); every list of
premises, flats or units a page or document shows goes through ``naturally`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms

T = TypeVar("T")
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key: runs of digits compare as numbers, the rest without regard to case or spacing.

    Text and numbers alternate in the key (``re.split`` with a group always starts with text),
    so two keys never compare a number with a string.
    """
    parts = _DIGITS.split(" ".join(str(text).split()).casefold())
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def naturally(items: Iterable[T], *, key: Callable[[T], str] = str) -> list[T]:
    """``items`` in natural order of ``key`` (their name), ties kept in their given order."""
    return sorted(items, key=lambda item: natural_key(key(item)))


class NaturalModelChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice list in the natural order of the labels it shows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in naturally(self.queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


class NaturalModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` listing its choices in natural order (Flat 2 before Flat 10)."""

    iterator = NaturalModelChoiceIterator
