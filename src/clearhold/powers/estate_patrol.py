"""Patrol across an operation's estate: its blocks in walking order, and the block a point is in.

A block is a site of the operation; it may carry more than one closure (the communal areas and
a unit inside), so a block leads to its closures and the officer chooses when there are
several. Each closure is still checked on its own order (``powers.patrol``), so the answer
and any breach belong to the right order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from clearhold.analysis.standing_in import NEAR_METRES, block_at
from clearhold.powers.models import Closure
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.patrol import Instrument, instrument_in_force


@dataclass(frozen=True)
class PatrolPremises:
    """One closure of a block, with the notice or order in force on it now (or None)."""

    closure: Any  # a Closure, or a Closure as a Reader shows it
    instrument: Instrument | None

    @property
    def name(self) -> str:
        return premises_name(self.closure)

    @property
    def access_url(self) -> str:
        return reverse("powers:access", args=[self.closure.pk])

    @property
    def breach_url(self) -> str:
        return reverse("powers:breach-new", args=[self.closure.pk])


@dataclass(frozen=True)
class Block:
    """A site of the operation and its closures, in walking order."""

    site: Any
    premises: list[PatrolPremises]

    @property
    def only(self) -> PatrolPremises | None:
        """The block's one closure, when it has just one (no choice to make)."""
        return self.premises[0] if len(self.premises) == 1 else None


def blocks_of(
    closures: list[Closure], now: dt.datetime, show: Callable[[Any], Any] = lambda record: record
) -> list[Block]:
    """The blocks of ``closures`` (already in walking order), each with its closures; the
    records are handed out through ``show`` (a page's ``Reader.show``), the law read on the
    records themselves."""
    by_site: dict[int, Block] = {}
    for closure in closures:
        block = by_site.setdefault(closure.site_id, Block(show(closure.site), []))
        block.premises.append(PatrolPremises(show(closure), instrument_in_force(closure, now)))
    return list(by_site.values())


def block_standing_in(blocks: list[Block], lon: float, lat: float) -> Block | None:
    """The block containing the point, else the nearest within 50 m, else None."""
    return block_at(lon, lat, [(block, block.site.boundary) for block in blocks])


def block_answer(block: Block | None) -> dict[str, Any]:
    """The location endpoint's JSON: the block found (or none) and its closures to check."""
    if block is None:
        return {"block": None, "within_metres": NEAR_METRES, "closures": []}
    return {
        "block": {"id": block.site.pk, "name": block.site.name},
        "within_metres": NEAR_METRES,
        "closures": [
            {
                "id": item.closure.pk,
                "premises": item.name,
                "in_force": item.instrument.kind if item.instrument else None,
                "access_url": item.access_url,
                "breach_url": item.breach_url,
            }
            for item in block.premises
        ],
    }


def blocks_geojson(blocks: list[Block]) -> dict[str, Any]:
    """The blocks' outlines for the map; tapping one opens its access check (one closure) or
    the choice of its closures (several)."""
    features = []
    for block in blocks:
        only = block.only
        href = only.access_url if only else f"?block={block.site.pk}#chosen"
        in_force = any(item.instrument for item in block.premises)
        features.append(
            {
                "type": "Feature",
                "geometry": block.site.boundary,
                "properties": {
                    "popup": block.site.name,
                    "href": href,
                    "style": {"color": "#d4351c" if in_force else "#505a5f"},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
