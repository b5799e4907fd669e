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
import shapely

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
    area: np.ndarray | None = None  # each incident's LSOA, for matched and synthetic controls


def data_from_table(
    table: IncidentTable,
    choice: CategoryChoice,
    *,
    control_lsoa: str = "",
    near=None,
) -> EvaluationData:
    """Arrays from an ingest table; the months covered are those of the files read. With
    ``control_lsoa``, only rows in LSOAs whose name starts with it, or inside ``near`` (the
    site and its buffer, a BNG polygon), are kept, as :func:`selectors.evaluation_data` does."""
    if control_lsoa:
        names = np.asarray(table.table["lsoa_name"].fill_null("").to_numpy(zero_copy_only=False))
        keep = np.char.startswith(names.astype(str), control_lsoa)
        if near is not None:
            x, y = table.numpy("easting"), table.numpy("northing")
            located = np.isfinite(x) & np.isfinite(y)
            keep[located] |= shapely.contains_xy(near, x[located], y[located])
        table = IncidentTable(
            table=table.table.filter(keep), files=table.files, source=table.source
        )
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
        area=_area_labels(data),
    )


def _area_labels(data) -> np.ndarray:
    """Each row's LSOA name ("Fenland 002C"), or its code when the name is missing."""
    names = data["lsoa_name"].to_numpy(zero_copy_only=False)
    codes = data["lsoa_code"].to_numpy(zero_copy_only=False)
    return np.asarray([n or c or "" for n, c in zip(names, codes, strict=True)], dtype=object)
