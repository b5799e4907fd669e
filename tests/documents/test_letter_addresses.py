"""A letter to residents never puts the site's name where an address belongs (issue 16,
item 16).

The finding: every letter said "We are writing to every home at {site name}": the Wisbech
letters told the flats of Onyx Court they were homes "at Open space off West Street, Wisbech"
(the partnership's name for the site, not an address, and not where they live). Reproduced by
making the letters for flats whose site is named "West Street open space".

What must hold: the letter says where the problem is by the premises' (the site's) address, or
says "nearby" when none is recorded; the site's name appears nowhere in a letter; the address
block is the unit's own address; and a unit without an address blocks the run, naming the unit,
with nothing stored (never a letter addressed by the site's name instead).
"""

from __future__ import annotations

import pytest

from clearhold.documents.content.letters import _unit_item
from clearhold.documents.docx_render import docx_text
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked
from tests.documents.conftest import details, media, stored  # noqa: F401  (fixtures)
from tests.documents.test_letters import homes, letters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("details")]

SITE_NAME = "West Street open space"


def _letter_text(manager, problem) -> str:
    return " ".join(docx_text(stored(letters(manager, problem, "docx"))).split())


def test_the_letter_says_where_by_the_premises_address_never_the_site_name(
    problem,
    site,
    manager,
):
    site.address = "West Street, Onyx Court and John Thompson Road, Wisbech PE13"
    site.save()
    homes(site, 2)
    said = _letter_text(manager, problem)
    assert site.name == SITE_NAME
    assert SITE_NAME not in said
    assert (
        "We are writing to every home near West Street, Onyx Court and John Thompson Road, "
        "Wisbech PE13." in said
    )
    assert "The Occupier Flat 1 Onyx Court West Street Wisbech PE13 1AB" in said


def test_with_no_premises_address_the_letter_says_nearby_not_the_site_name(
    problem,
    site,
    manager,
):
    homes(site, 1)
    said = _letter_text(manager, problem)
    assert SITE_NAME not in said
    assert "We are writing to every home nearby." in said


def test_each_letter_item_is_addressed_by_the_unit_and_placed_by_the_premises(problem, site):
    """The site's name is only ever the item's own ``site`` field (for an adapted template that
    asks for it by that name); the address lines and the place are addresses."""
    site.address = "West Street, Wisbech PE13"
    site.save()
    (flat,) = homes(site, 1)
    unit = _unit_item(flat, problem)
    assert unit["address_lines"] == ["Flat 1", "Onyx Court", "West Street", "Wisbech", "PE13 1AB"]
    assert unit["near"] == "West Street, Wisbech PE13"
    assert SITE_NAME not in " ".join([*unit["address_lines"], unit["near"]])


def test_a_home_without_an_address_blocks_the_run_naming_it(
    problem,
    site,
    manager,
):
    homes(site, 3, without_address=(2,))
    with pytest.raises(DocumentBlocked) as blocked:
        letters(manager, problem, "pdf")
    assert any(
        "Flat 2 of West Street open space has no address" in m for m in blocked.value.messages
    )
    assert not GeneratedDocument.objects.exists()
