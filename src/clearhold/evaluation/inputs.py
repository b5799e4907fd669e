"""What an evaluation counts: category names resolved, and incidents as parallel arrays.

No Django here, so ``clearhold evaluate --from-files`` works straight from police.uk files
with the same rules as the store-backed page. Categories may be ClearHold codes
(``asb-unclassified``) or police.uk crime types ("Anti-social behaviour"): codes count the
ClearHold category, crime types count the police.uk type itself (so "Shoplifting" is not
widened to all theft).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from clearhold.ingest import POLICEUK_CRIME_TYPES, Category, IncidentTable


class CategoryError(ValueError):
    """A category name that is neither a ClearHold code nor a police.uk crime type."""


@dataclass(frozen=True)
class CategoryChoice:
    column: str  # "category" (ClearHold codes) or "source_category" (police.uk crime types)
    values: tuple[str, ...]
    valid: frozenset[str]


def resolve_categories(names: Sequence[str]) -> CategoryChoice:
    codes = frozenset(c.value for c in Category)
    types = frozenset(POLICEUK_CRIME_TYPES)
    names = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not names:
        raise CategoryError("Choose at least one category.")
    if all(n in codes for n in names):
        return CategoryChoice("category", names, codes)
    if all(n in types for n in names):
        return CategoryChoice("source_category", names, types)
    unknown = [n for n in names if n not in codes and n not in types]
    if unknown:
        raise CategoryError(
            f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}. "
            f"Use ClearHold codes ({', '.join(sorted(codes))}) or police.uk crime types "
            f"({', '.join(sorted(types))})."
        )
    raise CategoryError("Use either ClearHold codes or police.uk crime types, not a mixture.")


@dataclass(frozen=True)
class EvaluationData:
    """Incidents as the arrays :func:`clearhold.analysis.evaluate.evaluate` takes."""

    easting: np.ndarray
    northing: np.ndarray
    month: np.ndarray
    category: np.ndarray
    data_months: np.ndarray
    date: np.ndarray | None = None
    force: str | None = None


def data_from_table(table: IncidentTable, choice: CategoryChoice) -> EvaluationData:
    """Arrays from an ingest table; the months covered are those of the files read."""
    data = table.table
    months = np.asarray(data["month"].to_numpy(zero_copy_only=False), dtype="datetime64[M]")
    covered = sorted({m for f in table.files for m in f.months})
    forces = Counter(data["falls_within"].drop_null().to_pylist())
    return EvaluationData(
        easting=table.numpy("easting"),
        northing=table.numpy("northing"),
        month=months,
        category=np.asarray(data[choice.column].to_numpy(zero_copy_only=False), dtype=object),
        data_months=np.array(covered, dtype="datetime64[M]"),
        date=np.asarray(data["occurred"].to_numpy(zero_copy_only=False), dtype="datetime64[D]"),
        force=forces.most_common(1)[0][0] if forces else None,
    )
