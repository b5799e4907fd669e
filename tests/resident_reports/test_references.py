"""References: drawn from an alphabet without look-alikes, read back however they are typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.resident_reports.references import ALPHABET, LENGTH, new_reference, shown, typed

references = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_the_alphabet_has_no_characters_people_confuse():
    for lookalike in "0O1IL5S8BUV":
        assert lookalike not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_new_references_use_the_alphabet_and_differ():
    drawn = {new_reference() for _ in range(500)}
    assert len(drawn) == 500
    assert all(len(r) == LENGTH and set(r) <= set(ALPHABET) for r in drawn)


@given(reference=references, case=st.sampled_from([str.lower, str.upper, str.title]))
def test_a_reference_is_read_back_however_it_is_typed(reference, case):
    printed = shown(reference)
    assert printed[5] == "-"
    assert typed(case(printed)) == reference
    assert typed(f"  {printed.replace('-', ' ')} ") == reference
    assert typed(reference) == reference


@given(text=st.text(max_size=30))
def test_anything_typed_is_either_a_reference_or_none(text):
    found = typed(text)
    assert found is None or (len(found) == LENGTH and set(found) <= set(ALPHABET))


def test_too_short_and_foreign_characters_are_not_references():
    assert typed("KQ7RD") is None
    assert typed("KQ7RD-W3HX0") is None  # zero is not in the alphabet
    assert typed("") is None
