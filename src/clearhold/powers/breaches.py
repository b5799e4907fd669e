"""Recording a breach on patrol, mapped to its offence and maximum penalty (s.86).

Which instrument was breached follows from the time: the order if one was in force, else the
notice (including a notice continued by the court). The offence and penalty are copied into
the record from the law in force on the day, so a later change of the law (commencement of
the 51-week term) never rewrites what an officer recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law import breach_offence, penalty_text, to_uk, uk_date
from clearhold.powers.findings import refuse, refuse_future_moment
from clearhold.powers.models import Breach, BreachOf, Closure, Person
from clearhold.powers.permissions import BREACH_RECORD
from clearhold.powers.state import in_force_at


@transaction.atomic
def breach_record(
    *,
    user: Any,
    closure: Closure,
    occurred_at: dt.datetime,
    seen: str,
    obstruction: bool = False,
    unit: Any = None,
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    person: Person | None = None,
    person_description: str = "",
    video_reference: str = "",
    arrest: bool = False,
) -> Breach:
    """Record what was seen; refused when no notice or order was in force at the time."""
    require(user, BREACH_RECORD, closure.problem)
    refuse_future_moment(occurred_at, "occurred_at", "A breach")
    if not seen.strip():
        refuse("Say what was seen.", "seen")
    if unit is not None and unit.site_id != closure.site_id:
        refuse("Choose a flat or unit of the closed premises.", "unit")
    if person is not None and person.problem_id != closure.problem_id:
        refuse("That person is not recorded on this problem.", "person")
    if (latitude is None) != (longitude is None):
        refuse("Give both latitude and longitude, or neither.", "latitude")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        refuse("The position must be a latitude from −90 to 90 and a longitude from −180 to 180.",
               "latitude")  # fmt: skip
    kind = "obstruction" if obstruction else in_force_at(closure, occurred_at)
    if kind is None:
        refuse(
            f"No closure notice or order was in force at "
            f"{to_uk(occurred_at):%H:%M on %-d %B %Y}, so entering was not an offence under "
            "s.86. Check the time, or record it as an incident instead.",
            "occurred_at",
        )
    offence = breach_offence(kind, reasonable_excuse=False, on=uk_date(occurred_at))
    breach = Breach(
        closure=closure,
        occurred_at=occurred_at,
        breach_of=BreachOf(kind),
        unit=unit,
        place=place.strip(),
        latitude=latitude,
        longitude=longitude,
        person=person,
        person_description=person_description.strip(),
        seen=seen.strip(),
        video_reference=video_reference.strip(),
        arrest=arrest,
        offence_code=offence.code,
        offence_section=offence.section,
        max_penalty=penalty_text(offence),
        recorded_by=user,
    )
    breach.full_clean()
    breach.save()
    return breach
