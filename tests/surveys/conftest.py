"""The Wisbech problem's residents' survey: a site with four homes, a survey and its baseline."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.places.models import Unit
from clearhold.surveys.services import survey_create, wave_create, wave_open
from tests.documents.conftest import details, media  # noqa: F401  (letters' contact; files)


@pytest.fixture
def homes(site):
    return Unit.objects.bulk_create(
        Unit(site=site, name=f"Flat {n}", address=f"Flat {n}\nOnyx Court\nWisbech PE13 1AB")
        for n in range(1, 5)
    )


@pytest.fixture
def survey(manager, problem, site, homes):
    return survey_create(user=manager, problem=problem, site=site)


@pytest.fixture
def wave(manager, survey):
    made = wave_create(
        user=manager,
        survey=survey,
        label="baseline",
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
    )
    return wave_open(user=manager, wave=made)


@pytest.fixture
def code_of_home():
    """The printed code of one home for a wave, re-derived as the letters do."""
    from clearhold.surveys.codes import code_of

    def find(wave, unit) -> str:
        household = wave.codes.get(unit=unit)
        return code_of(wave.pk, unit.pk, household.digest)

    return find
