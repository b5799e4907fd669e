"""Incidents from the store for an evaluation: the target's force, all its months."""

from __future__ import annotations

from collections import Counter

import numpy as np
from django.db.models import Q

from clearhold.evaluation.inputs import CategoryChoice, EvaluationData
from clearhold.incidents.selectors import IncidentFilters, incident_list, incidents_in_area


def evaluation_data(
    *, user, choice: CategoryChoice, target, control_lsoa: str = "", buffer_m: float = 0.0
) -> EvaluationData:
    """The incidents the user may see in the force that holds most of the target's incidents
    (the default control is the rest of that force), with every month that force has data for.
    With ``control_lsoa``, only incidents in LSOAs whose name starts with it, plus those in the
    site and its buffer, are kept: the control becomes those LSOAs outside site and buffer."""
    visible = incident_list(user=user, filters=IncidentFilters())
    in_target = incidents_in_area(visible, target).values_list("force", flat=True)
    forces = Counter(in_target)
    force = forces.most_common(1)[0][0] if forces else None
    scope = visible.filter(force=force) if force is not None else visible
    months = np.array(sorted(set(scope.values_list("month", flat=True))), dtype="datetime64[M]")
    if control_lsoa:
        near = incidents_in_area(scope, target.buffer(buffer_m)).values("id")
        scope = scope.filter(Q(lsoa_name__istartswith=control_lsoa) | Q(id__in=near))
    rows = list(
        scope.filter(**{f"{choice.column}__in": choice.values}).values_list(
            "easting", "northing", "month", choice.column, "occurred"
        )
    )
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 5
    east, north, month, category, occurred = columns
    return EvaluationData(
        easting=np.array(east, dtype=float),
        northing=np.array(north, dtype=float),
        month=np.array(month, dtype="datetime64[M]"),
        category=np.array(category, dtype=object),
        data_months=months,
        date=np.array([o.date() if o else None for o in occurred], dtype="datetime64[D]"),
        force=force,
    )
