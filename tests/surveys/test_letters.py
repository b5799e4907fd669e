"""The survey letters: one per home, with its address and its own code, and no names."""

from __future__ import annotations

import re

import pytest

from clearhold.documents.kinds import kind_get
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.surveys.codes import code_digest
from clearhold.surveys.services import wave_close
from tests.documents.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _letters(user, wave):
    return document_generate(user=user, kind=kind_get("survey_letter"), subject=wave, fmt="pdf")


def test_a_letter_per_home_with_its_code_and_no_names(manager, wave, homes, details, tmp_path):
    document = _letters(manager, wave)
    text = pdf_text(document.file.read(), tmp_path)
    codes = re.findall(r"\b[A-Z]{4}-\d{4}\b", text)
    assert len(codes) == len(homes) == len(set(codes))
    stored = set(wave.codes.values_list("digest", flat=True))
    assert {code_digest(code) for code in codes} == stored
    for home in homes:
        assert home.name in text
    assert "The Occupier" in text
    assert "/s/" in text
    assert manager.last_name not in text
    assert not document.personal_data
    assert document.problem == wave.survey.problem


def test_printing_again_gives_the_same_codes(manager, wave, details, tmp_path):
    first = pdf_text(_letters(manager, wave).file.read(), tmp_path)
    again = pdf_text(_letters(manager, wave).file.read(), tmp_path)
    pattern = r"\b[A-Z]{4}-\d{4}\b"
    assert re.findall(pattern, first) == re.findall(pattern, again)


def test_a_closed_wave_or_a_home_without_address_blocks_the_letters(manager, wave, homes):
    homes[1].address = ""
    homes[1].save()
    with pytest.raises(DocumentBlocked) as blocked:
        _letters(manager, wave)
    assert "Flat 2 has no address" in " ".join(blocked.value.messages)
    wave_close(user=manager, wave=wave)
    with pytest.raises(DocumentBlocked) as closed:
        _letters(manager, wave)
    assert "not taking answers" in " ".join(closed.value.messages)
