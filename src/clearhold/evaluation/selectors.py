"""Incidents from the store for an evaluation: the target's force, all its months."""

from __future__ import annotations

from collections import Counter

import numpy as np
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from clearhold.evaluation.inputs import CategoryChoice, EvaluationData
from clearhold.incidents.selectors import (
    IncidentFilters,
    incident_columns,
    incident_list,
    incidents_in_area,
)
from clearhold.ingest import POLICEUK_CRIME_TYPES


def evaluation_data(
    *,
    user,
    choice: CategoryChoice,
    target,
    control_lsoa: str = "",
    buffer_m: float = 0.0,
    with_dates: bool = False,
    with_areas: bool = False,
) -> EvaluationData:
    """The incidents the user may see in the force that holds most of the target's incidents
    (the default control is the rest of that force), with every month that force has data for.
    With ``control_lsoa``, only incidents in LSOAs whose name starts with it, plus those in the
    site and its buffer, are kept: the control becomes those LSOAs outside site and buffer.
    ``with_areas`` adds each incident's LSOA, for matched areas and a synthetic control."""
    visible = incident_list(user=user, filters=IncidentFilters())
    in_target = incidents_in_area(visible, target).values_list("force", flat=True)
    forces = Counter(in_target)
    force = forces.most_common(1)[0][0] if forces else None
    scope = visible.filter(force=force) if force is not None else visible
    held = scope.order_by("month").values_list("month", flat=True).distinct()
    months = np.array(list(held), dtype="datetime64[M]")
    if control_lsoa:
        near = incidents_in_area(scope, target.buffer(buffer_m)).values("id")
        scope = scope.filter(Q(lsoa_name__istartswith=control_lsoa) | Q(id__in=near))
    fields = ["easting", "northing", "month_text", choice.column]
    fields += ["occurred"] if with_dates else []
    fields += ["lsoa_name"] if with_areas else []
    chosen = scope.filter(**{f"{choice.column}__in": choice.values})
    if choice.column == "source_category":  # narrow on the indexed ClearHold category too
        chosen = chosen.filter(
            category__in={
                POLICEUK_CRIME_TYPES[t] for t in choice.values if t in POLICEUK_CRIME_TYPES
            }
        )
    chosen = chosen.annotate(month_text=Cast("month", CharField()))
    columns = incident_columns(chosen, *fields)
    east, north, month, category = columns[:4]
    dates = None
    if with_dates:
        dates = np.array(columns[4], dtype="datetime64[s]").astype("datetime64[D]")
    areas = np.array(columns[-1], dtype=object) if with_areas else None
    return EvaluationData(
        easting=np.array(east, dtype=float),
        northing=np.array(north, dtype=float),
        month=np.array(month, dtype="datetime64[M]"),
        category=np.array(category, dtype=object),
        data_months=months,
        date=dates,
        force=force,
        area=areas,
    )
