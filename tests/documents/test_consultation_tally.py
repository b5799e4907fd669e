"""The residents' responses tally counts homes, and its categories add up to the homes written
to (issue 16, item 15).

The finding: the consultation log counted *responses* by stance beside the homes that had not
answered, so a home that wrote twice (an objection, then a question) was counted twice, a home
whose site had since left the problem counted in a stance but not among the homes written to,
and the summary's "0 responses are still waiting for a reply" (replies the partnership owed)
read beside "No response: 48" (homes that never answered) as if the two disagreed. Reproduced
with five flats, one of which objected then commented: the counts added up to six.

What must hold: every home written to falls in exactly one category, so the categories always
add up to the homes written to (a property over any homes and any responses, in any order,
including a stance of "no response" stored by another route and a home whose site left the
problem); "No response" is the homes listed as silent; a home's later comment does not undo its
objection; and the document says how many answered beside the replies still owed, in words
that cannot be read as the same thing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhold.documents import consultation
from clearhold.documents.consultation import consultation_log
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import ConsultationResponse, Stance
from clearhold.documents.services import document_generate
from clearhold.places.models import Site, Unit
from tests.documents.conftest import media, text_of  # noqa: F401  (fixtures)
from tests.documents.test_letters import homes

pytestmark = pytest.mark.django_db

STANCES = [value for value, _ in Stance.choices]
RESPONSES = st.lists(
    st.tuples(st.integers(min_value=0, max_value=7), st.sampled_from(STANCES)), max_size=20
)


def _respond(problem, manager, unit, stance, days_ago=5):
    return ConsultationResponse.objects.create(
        problem=problem,
        unit=unit,
        received_on=dt.date(2025, 4, 20) - dt.timedelta(days=days_ago),
        stance=stance,
        reason="x",
        recorded_by=manager,
    )


@given(
    homes_count=st.integers(min_value=0, max_value=8),
    responses=RESPONSES,
)
def test_the_pure_tally_counts_each_home_once(homes_count, responses):
    unit_ids = list(range(homes_count))
    counted = consultation.tally(unit_ids, responses)
    everyone = set(unit_ids) | {unit for unit, _ in responses}
    assert sum(counted.values()) == len(everyone)
    assert set(counted) <= set(STANCES)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(homes_count=st.integers(min_value=1, max_value=6), responses=RESPONSES, moved=st.booleans())
def test_the_categories_always_sum_to_the_homes_written_to(
    problem, site, manager, homes_count, responses, moved
):
    ConsultationResponse.objects.all().delete()
    Unit.objects.all().delete()
    Site.objects.exclude(pk=site.pk).delete()
    flats = homes(site, homes_count)
    elsewhere = Site.objects.create(name="Old block", boundary={}, easting=0, northing=0, area_m2=1)
    departed = Unit.objects.create(site=elsewhere, name="Flat 9", address="9 Old Road")
    for n, (index, stance) in enumerate(responses):
        unit = departed if moved and index == 7 else flats[index % homes_count]
        _respond(problem, manager, unit, stance, days_ago=len(responses) - n)

    log = consultation_log(problem=problem)

    assert sum(c.count for c in log.counts) == len(log.units)
    assert len({u.pk for u in log.units}) == len(log.units)
    none = next(c.count for c in log.counts if c.stance == Stance.NONE)
    assert none == len(log.silent)
    assert log.answered + len(log.silent) == len(log.units)
    assert {f.pk for f in flats} <= {u.pk for u in log.units}


def test_a_home_that_objected_then_asked_a_question_is_one_objection(problem, site, manager):
    flats = homes(site, 5)
    _respond(problem, manager, flats[0], Stance.SUPPORT)
    _respond(problem, manager, flats[1], Stance.OBJECTION, days_ago=4)
    _respond(problem, manager, flats[1], Stance.COMMENT, days_ago=2)
    log = consultation_log(problem=problem)
    assert {c.stance: c.count for c in log.counts} == {
        "support": 1, "objection": 1, "comment": 0, "none": 3,
    }  # fmt: skip
    assert sum(c.count for c in log.counts) == 5
    assert consultation.stance_of_home([Stance.OBJECTION, Stance.COMMENT]) == Stance.OBJECTION
    assert consultation.stance_of_home([Stance.OBJECTION, Stance.SUPPORT]) == Stance.SUPPORT
    assert consultation.stance_of_home([Stance.COMMENT]) == Stance.COMMENT
    assert consultation.stance_of_home([]) == Stance.NONE


def test_the_document_says_who_answered_apart_from_the_replies_owed(
    problem, site, manager, tmp_path
):
    homes(site, 48)
    document = document_generate(
        user=manager, kind=kind_get("consultation_log"), subject=problem, fmt="pdf"
    )
    said = " ".join(text_of(document, tmp_path).split())
    assert "We wrote to 48 homes. 0 answered and 48 did not." in said
    assert "We have not yet replied to 0 of the responses received." in said
    assert "still waiting" not in said
