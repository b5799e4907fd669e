"""Household codes: printed without look-alikes, read back however they are typed, and stored
only as a keyed digest."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from clearhold.surveys.codes import (
    DIGITS,
    LETTERS,
    code_derive,
    code_digest,
    code_normalise,
    code_of,
    event_token,
    token_matches,
)

SHAPE = re.compile(rf"^[{LETTERS}]{{4}}-[{DIGITS}]{{4}}$")


@given(st.integers(1, 10**9), st.integers(1, 10**9), st.integers(0, 5))
def test_a_code_is_four_letters_and_four_digits_without_look_alikes(wave, unit, attempt):
    code = code_derive(wave, unit, attempt)
    assert SHAPE.match(code), code
    assert not set(code) & set("BGIOQSZ015")


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.sampled_from(["lower", "spaced", "bare"]))
def test_a_code_typed_in_any_case_or_spacing_reads_back(wave, unit, how):
    code = code_derive(wave, unit)
    typed = {
        "lower": code.lower(),
        "spaced": f"  {code[:4]} {code[5:]} ",
        "bare": code.replace("-", ""),
    }[how]
    assert code_normalise(typed) == code


@given(st.text(max_size=12))
def test_anything_else_is_not_a_code(typed):
    found = code_normalise(typed)
    assert found is None or SHAPE.match(found)


def test_codes_differ_by_home_and_wave_and_the_digest_is_not_the_code():
    codes = {code_derive(w, u) for w in range(1, 6) for u in range(1, 41)}
    assert len(codes) == 200
    code = code_derive(1, 1)
    digest = code_digest(code)
    assert len(digest) == 64
    assert code not in digest
    assert code.replace("-", "") not in digest


def test_the_digest_depends_on_the_server_key(settings):
    code = code_derive(3, 7)
    before = code_digest(code)
    settings.CLEARHOLD_SURVEY_CODE_KEY = "another key"
    assert code_digest(code) != before
    assert code_of(3, 7, before) is None  # printed codes of open waves are void


def test_the_code_is_found_again_from_its_digest_even_after_a_clash():
    code = code_derive(5, 9, attempt=2)
    assert code_of(5, 9, code_digest(code)) == code


def test_an_event_token_belongs_to_its_wave_only():
    assert token_matches(4, event_token(4))
    assert not token_matches(5, event_token(4))
    assert not token_matches(4, "")
