"""Writing sites: the outline is checked once here, whatever page or command supplies it; and
the premises licence a site holds (which makes the court notify the licensing authority)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clearhold.areas import AreaError, area_from_geojson, area_to_geojson
from clearhold.places.models import Site

# A site is premises, not a neighbourhood: the largest outline accepted, in square metres.
SITE_MAX_AREA_M2 = 500_000


@transaction.atomic
def site_create(
    *,
    user: Any,
    name: str,
    kind: str,
    boundary: Any,
    address: str = "",
    managing_landlord: str = "",
    origin: str = "",
) -> Site:
    try:
        outline = area_from_geojson(boundary)
    except AreaError as problem:
        raise ValidationError({"boundary": str(problem)}) from None
    if outline.area > SITE_MAX_AREA_M2:
        raise ValidationError(
            {
                "boundary": f"The outline covers {outline.area / 1e6:.2f} km². A site must be a "
                "distinct, identifiable property or part of one, not an area (Leeds City Council "
                f"v Persons Unknown); draw it within {SITE_MAX_AREA_M2 / 1e6:.1f} km²."
            }
        )
    centre = outline.centroid
    site = Site(
        name=name.strip(),
        kind=kind,
        address=address,
        managing_landlord=managing_landlord,
        boundary=area_to_geojson(outline),
        easting=centre.x,
        northing=centre.y,
        area_m2=outline.area,
        origin=origin[:300],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_licence_record(
    *,
    user: Any,
    site: Site,
    licence_number: str,
    licensing_authority: str = "",
    licensing_authority_address: str = "",
) -> Site:
    """Record the premises licence in force at ``site`` (Licensing Act 2003), or that there is
    none (a blank number clears it). A licence needs the authority to notify and its address:
    the court must notify that authority when it closes the premises (2014 Act s.80(9),
    s.84(7)). ``user`` is the caller's, whose rule the view checked on the closure's problem."""
    number = licence_number.strip()
    authority = licensing_authority.strip()
    address = licensing_authority_address.strip()
    if number:
        missing = {}
        if not authority:
            missing["licensing_authority"] = (
                "Name the licensing authority that granted the licence: the court must notify "
                "it if it makes a closure order (s.80(9))."
            )
        if not address:
            missing["licensing_authority_address"] = (
                "Give the licensing authority's address, so the notification can be sent."
            )
        if missing:
            raise ValidationError(missing)
    else:
        authority = address = ""
    site.licence_number = number
    site.licensing_authority = authority
    site.licensing_authority_address = address
    site.full_clean()
    site.save(
        update_fields=["licence_number", "licensing_authority", "licensing_authority_address"]
    )
    return site
