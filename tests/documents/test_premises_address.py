"""A paper prints the premises as described and then only what the site's address adds: never
the address twice (issue 16, items 9 and 16), whether the officer typed the flat's whole
address as the description or only its name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.documents.content.common import address_after

ADDRESS = "Flat 4, Larkspur House, 12 Larkspur Road, Wisbech PE13 2LX"


def test_a_description_that_is_the_whole_address_leaves_nothing_to_add():
    assert address_after(ADDRESS, ADDRESS) == ""
    assert address_after(ADDRESS, ADDRESS.replace(", ", "\n")) == ""  # typed on lines
    assert address_after(ADDRESS.upper(), ADDRESS) == ""  # whatever the case


def test_a_description_naming_the_flat_gets_the_rest_of_the_address():
    assert address_after("Flat 4, Larkspur House", ADDRESS) == "12 Larkspur Road, Wisbech PE13 2LX"


def test_an_address_the_description_does_not_start_is_printed_whole():
    described = "The open space off West Street, Wisbech, bounded by its fence"
    assert address_after(described, "West Street\nWisbech PE13") == "West Street, Wisbech PE13"


PART = st.text(alphabet="abcdefgh 12", min_size=1, max_size=8).filter(lambda p: p.strip())


@given(st.lists(PART, min_size=1, max_size=5), st.integers(min_value=0, max_value=5))
def test_description_and_what_is_added_give_the_address_once(parts, cut):
    """Whatever part of the address the description gives first, the description and what is
    added hold every part of the address, and the added part never starts with a part the
    description already gave."""
    address = ", ".join(parts)
    said = ", ".join(parts[:cut])
    added = address_after(said, address)
    whole = [" ".join(p.split()) for p in parts]
    rest = [p.strip() for p in added.split(",") if p.strip()]
    assert rest == whole[len(whole) - len(rest) :]
    assert set(whole[: len(whole) - len(rest)]) <= {" ".join(p.split()) for p in parts[:cut]}
