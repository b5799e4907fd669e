"""How the practice write-up words dates, months, lists and incident categories, shared by the
draft (:mod:`clearhold.documents.writeup`) and its evaluation sentences
(:mod:`clearhold.documents.writeup_impact`)."""

from __future__ import annotations

import datetime as dt

from clearhold.problems.objectives import CATEGORY_LABELS

MINUS = "\u2212"


def long_day(day: dt.date) -> str:
    """A day as the practice bank writes it: 4 March 2024."""
    return f"{day:%-d %B %Y}"


def month_name(label: str) -> str:
    """A ``YYYY-MM`` month label as words: March 2024."""
    return f"{dt.date.fromisoformat(f'{label}-01'):%B %Y}"


def and_join(items: list[str]) -> str:
    """``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def category_words(codes: list[str]) -> str:
    """The incident categories' names in running text (acronyms kept in capitals)."""
    labels = [CATEGORY_LABELS.get(c, c) for c in codes]
    return and_join([label if label[:3].isupper() else label.lower() for label in labels])


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s."""
    return (end.year - start.year) * 12 + end.month - start.month
