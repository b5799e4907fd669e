"""Every shipped letter to residents is in plain English, measured as GOV.UK measures it
(issue 16, item 16).

The finding: the readability check cited GOV.UK ("an average around 15" words a sentence) but
warned only above 20, measured the template (each placeholder one word) rather than the letter a
resident gets, and estimated no reading age; and the letters told residents the closure spared
"People who habitually live on the premises" (the Act's words, s.76(4)(a)). Reproduced by
rendering the resident letter with the demo's contacts, flats and the Wisbech order in force.

What must hold: for EVERY kind of document that is a letter (it has the reading check), the
shipped template rendered with demo-like data, with an order in force, a notice in force or
nothing in force, has sentences averaging at most 15 words, none over 25, and a reading age of
at most 9 (GOV.UK's standard for the public) as ``textstat``'s Automated Readability Index
estimates it; no letter or notice a resident reads says "habitually"; and the check's limits
are the figures it cites.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from clearhold.documents import reading
from clearhold.documents.demo import HOUSING_ADVICE, LEGAL_ADVICE, RESIDENTS_CONTACT, units_csv
from clearhold.documents.kinds import kind_get, kinds
from clearhold.documents.reading import text_check
from clearhold.documents.services import details_save, document_generate
from clearhold.documents.templating import render
from clearhold.law import UK
from clearhold.places.units import units_import
from clearhold.powers.services import service_record
from clearhold.readmodel import Reader
from tests.documents.conftest import media, text_of  # noqa: F401  (fixtures)
from tests.powers.conftest import closure, inspector, issue, live_order, prepared  # noqa: F401

pytestmark = pytest.mark.django_db

LETTERS = [kind for kind in kinds() if kind.reading_check]
#: The demo's words for residents (LetterForm's own examples) and the demo site's address.
INPUTS = {
    "description": "People have been gathering in the stairwells at night, dealing drugs and "
    "leaving needles.",
    "next_steps": "We will patrol the block every evening for the next month.",
}
DEMO_SITE_ADDRESS = "West Street, Onyx Court and John Thompson Road, Wisbech PE13"


@pytest.fixture
def demo_like(site, problem, manager):
    """The demo's flats, contacts and signatory on the Wisbech site, with its address."""
    site.address = DEMO_SITE_ADDRESS
    site.save()
    units_import(site=site, data=units_csv())
    details_save(
        user=manager,
        problem=problem,
        residents_contact=RESIDENTS_CONTACT,
        housing_advice=HOUSING_ADVICE,
        legal_advice=LEGAL_ADVICE,
        signatory="ASB Officer, Fenland District Council",
    )
    return problem


@pytest.fixture(params=["order", "notice", "nothing"])
def in_force(request, demo_like, prepared, inspector, constable):  # noqa: F811
    """The letter's world with a closure order, a closure notice or nothing in force."""
    if request.param == "order":
        request.getfixturevalue("live_order")
    elif request.param == "notice":
        now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
        notice, _ = issue(
            prepared, inspector, issued_at=now - dt.timedelta(hours=2),
            hearing_at=now + dt.timedelta(hours=20),
        )  # fmt: skip
        service_record(
            user=constable, notice=notice, act="a", served_at=now - dt.timedelta(hours=1)
        )
    return demo_like


def rendered_letter(kind, problem, user) -> str:
    """The first letter of the run as a resident gets it (the shipped template, rendered)."""
    with Reader(user) as reader:
        content = kind.build(subject=problem, reader=reader, inputs=INPUTS)
    assert not content.blocking, content.blocking
    context = dict(content.context)
    if content.repeat is not None:
        context[content.item_name] = content.repeat[0]
    return render(kind.builtin_source(), context)


def test_the_check_holds_letters_to_the_figures_it_cites():
    assert (reading.LONGEST_AVERAGE, reading.LONGEST_SENTENCE, reading.READING_AGE) == (15, 25, 9)
    assert "resident_letter" in {kind.key for kind in LETTERS}


@pytest.mark.parametrize("kind", LETTERS, ids=lambda kind: kind.key)
def test_every_shipped_letter_reads_plainly(kind, in_force, manager):
    letter = rendered_letter(kind, in_force, manager)
    check = text_check(letter)
    assert check.sentences >= 5
    assert check.average_words <= reading.LONGEST_AVERAGE, check
    assert check.long_sentences == [], check
    assert check.reading_age <= reading.READING_AGE, check
    assert check.warnings() == []
    assert "habitually" not in letter.lower()


def test_a_letter_of_long_words_and_sentences_is_warned_of_its_reading_age():
    hard = "<p>" + " ".join(["Notwithstanding consequential administrative considerations"] * 3)
    check = text_check(hard + ".</p><p>Comprehensive institutional responsibilities apply.</p>")
    assert check.reading_age > reading.READING_AGE
    assert any("reading age" in warning for warning in check.warnings())


def test_a_sentence_of_sixteen_words_on_average_is_warned():
    sixteen = " ".join(["cat"] * 15) + " end."
    assert text_check(f"<p>{sixteen}</p><p>{sixteen}</p>").average_words == 16
    assert any("average 16.0" in w for w in text_check(f"<p>{sixteen}</p>").warnings())


@pytest.mark.parametrize("kind_key", ["closure_notice", "extension_notice"])
def test_the_notices_on_the_door_say_who_may_enter_in_plain_words(
    kind_key,
    demo_like,
    live_order,  # noqa: F811
    manager,
    tmp_path,
):
    made = live_order.closure
    notice = made.notice
    if kind_key == "extension_notice":
        type(notice).objects.filter(pk=notice.pk).update(
            extension_hours=24, extension_issued_by=notice.issued_by,
            extension_issued_at=notice.issued_at + dt.timedelta(hours=20),
        )  # fmt: skip
        made = type(made).objects.get(pk=made.pk)
    document = document_generate(
        user=manager,
        kind=kind_get(kind_key),
        subject=made,
        fmt="pdf",
        purpose="court_preparation",
    )
    said = " ".join(text_of(document, tmp_path).split())
    assert "People who usually live there" in said
    assert "habitually" not in said


def test_the_plainer_letter_with_the_demo_contacts_still_fits_one_page(
    demo_like,
    live_order,  # noqa: F811
    manager,
    tmp_path,
):
    from tests.documents.conftest import pdf_pages, stored

    document = document_generate(
        user=manager, kind=kind_get("resident_letter"), subject=demo_like, fmt="pdf", inputs=INPUTS
    )
    assert pdf_pages(stored(document), tmp_path) == 48  # a page per flat
