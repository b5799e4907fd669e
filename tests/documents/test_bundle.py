"""The evidence bundle: cover and index, chronology, map and chart, the numbered schedule of
incidents, the consultation and service logs, and personal data only for those with the right."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import Refused
from clearhold.documents.content.bundle import PERSONAL_MARKING, BundleForm, evidence_bundle
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import ConsultationResponse, GeneratedDocument
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENT_PERSONAL_DATA
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.documents.templating import ListOf, Obj, check_template, render
from clearhold.incidents.models import ImportBatch, Incident
from clearhold.places.models import Unit
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import StepKind
from clearhold.powers.people import person_add, step_record
from clearhold.problems.services import problem_create
from clearhold.problems.timeline import problem_timeline
from clearhold.readmodel import Reader
from tests.documents.conftest import pdf_page_image, pdf_text, stored, text_of
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db

CRIME_ID = "5d1f0b9a3c7e44e1a2b8c6d4e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7"
# Three police.uk snap points inside the Wisbech outline, and one well outside it.
WEST_STREET = (546437.0, 309270.0, "On or near West Street")
ONYX_COURT = (546477.0, 309265.0, "On or near Onyx Court")
JOHN_THOMPSON = (546512.0, 309138.0, "On or near John Thompson Road")
ELSEWHERE = (547900.0, 310900.0, "On or near Elsewhere Road")
# (month, category, place): 9 inside the site over four months, 2 outside.
INCIDENTS = [
    (dt.date(2025, 3, 1), "asb-unclassified", WEST_STREET),
    (dt.date(2025, 3, 1), "asb-unclassified", WEST_STREET),
    (dt.date(2025, 3, 1), "drugs", ONYX_COURT),
    (dt.date(2025, 4, 1), "drugs", ONYX_COURT),
    (dt.date(2025, 4, 1), "public-order", JOHN_THOMPSON),
    (dt.date(2025, 5, 1), "asb-unclassified", WEST_STREET),
    (dt.date(2025, 5, 1), "asb-unclassified", WEST_STREET),
    (dt.date(2025, 5, 1), "violence", JOHN_THOMPSON),
    (dt.date(2025, 6, 1), "asb-unclassified", WEST_STREET),
    (dt.date(2025, 4, 1), "asb-unclassified", ELSEWHERE),
    (dt.date(2025, 5, 1), "theft", ELSEWHERE),
]
INSIDE = 9
PERSON = "Jordan Example"
# A day after everything in the world below: the bundle of the whole record (the default is as
# at the notice's booked hearing, 7 May 2025: see the as-at tests at the end).
AFTER_ALL = "2025-06-30"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def incidents(db):
    """The incidents above, the first with a police.uk crime ID, the rest with none (as
    police.uk gives for anti-social behaviour)."""
    batch = ImportBatch.objects.create(source="policeuk")
    return Incident.objects.bulk_create(
        Incident(
            batch=batch,
            source="policeuk",
            reference=CRIME_ID if i == 2 else "",
            category=category,
            month=month,
            easting=x,
            northing=y,
            location=location,
            row_key=2 * 10**13 + i,
        )
        for i, (month, category, (x, y, location)) in enumerate(INCIDENTS)
    )


@pytest.fixture
def case(served, incidents, site, manager, constable):
    """The served Wisbech closure with a resident's objection, a person under enforcement
    with a warning, and a breach of the notice attributed to them."""
    flat = Unit.objects.create(site=site, name="Flat 3 Onyx Court", residents=2)
    ConsultationResponse.objects.create(
        problem=served.closure.problem,
        unit=flat,
        received_on=dt.date(2025, 4, 20),
        stance="objection",
        reason="We need to cross the open space to reach the bus stop.",
        reply_sent_on=dt.date(2025, 4, 25),
        reply="The path along the fence stays open.",
        recorded_by=manager,
    )
    person = person_add(
        user=manager,
        problem=served.closure.problem,
        name=PERSON,
        date_of_birth=dt.date(1990, 3, 14),
        description="Seen on the benches by the gate most evenings",
    )
    step_record(
        user=manager, person=person, kind=StepKind.CPW, on=dt.date(2025, 4, 2), compliance_days=7
    )
    breach_record(
        user=constable,
        closure=served.closure,
        occurred_at=SERVED + dt.timedelta(hours=2),
        seen="Two people climbing the fence by the gate",
        person=person,
        place="The gate on West Street",
    )
    return served.closure.problem


def _generate(user, problem, fmt="pdf", purpose="court_preparation", **inputs):
    """The bundle made for court (a purpose given, as the generate page asks of the lead)."""
    inputs.setdefault("as_at", AFTER_ALL)
    return document_generate(
        user=user,
        kind=kind_get("evidence_bundle"),
        subject=problem,
        fmt=fmt,
        inputs=inputs,
        purpose=purpose,
    )


def _reader(user, purpose="court_preparation"):
    return Reader(user, purpose=purpose, log=False)


def _pages(data: bytes, tmp_path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return [_flat(page) for page in pdf_text(data, tmp_path).split("\f")]


def _page_of(pages: list[str], heading: str) -> int:
    return next(n for n, text in enumerate(pages, start=1) if heading in text)


def test_the_pdf_bundle_holds_cover_index_chronology_schedule_and_logs(case, manager, tmp_path):
    document = _generate(manager, case)
    data = stored(document)
    pages = _pages(data, tmp_path)
    text = " ".join(pages)
    cover = pages[0]
    assert "Evidence bundle" in cover
    assert "ASB on the West Street open space" in cover
    assert f"Reference CH-{case.pk}" in cover
    assert "Incidents 9 (March 2025 to June 2025)" in cover
    assert "9 incidents were recorded inside the site over 4 months" in text
    # The index gives each section's page, and the page is right.
    for number, entry, heading in (
        (1, "Summary", "1. Summary"),
        (2, "Chronology", "2. Chronology"),
        (5, "Schedule of incidents", "5. Schedule of incidents"),
        (6, "Consultation log", "6. Consultation log"),
        (7, "Service log", "7. Service log"),
    ):
        found = re.search(rf"{number}\. {entry} \.+ page (\d+)", cover)
        assert found, f"no index entry for {entry}"
        assert int(found[1]) == _page_of(pages[1:], heading) + 1
    # The chronology: incidents by month and category, the case's events, in date order.
    assert "March 2025 Incidents 3 incidents at the site ASB (type not given) 2, Drugs 1" in text
    assert "June 2025 Incidents 1 incident at the site" in text
    assert "24-hour closure notice issued" in text
    assert "Closure notice served" in text
    assert text.index("March 2025 Incidents") < text.index("April 2025 Incidents")
    assert text.index("April 2025 Incidents") < text.index("24-hour closure notice issued")
    assert "Breach of a closure notice (s.86(1))" in text
    assert "April 2025 Enforcement 1 enforcement step taken" in text
    # The schedule: every incident inside the site, numbered 1 to 9, with its reference.
    assert "numbered 1 to 9" in text
    schedule = text[text.index("5. Schedule of incidents") :]
    line = r"\b{n}\. {when} · {category} · On or near {where}[\w ]* · [\w.]+ · {reference}"
    assert re.search(
        line.format(
            n=1,
            when="March 2025",
            category=r"ASB \(type not given\)",
            where="West",
            reference=r"ClearHold \d+",
        ),
        schedule,
    )
    assert re.search(
        line.format(
            n=9,
            when="June 2025",
            category=r"ASB \(type not given\)",
            where="West",
            reference=r"ClearHold \d+",
        ),
        schedule,
    )
    assert not re.search(r"\b10\. ", schedule[: schedule.index("6. Consultation log")])
    assert "Elsewhere Road" not in text
    assert re.search(
        line.format(
            n=3,
            when="March 2025",
            category="Drugs",
            where="Onyx Court",
            reference=re.escape(f"{CRIME_ID[:12]}…"),
        ),
        schedule,
    )
    assert CRIME_ID not in text
    # The consultation and service logs.
    assert "Residents of Onyx Court" in text
    assert "Consulted before the notice (s.76(7))" in text
    assert "Flat 3" in text
    assert "Objects" in text
    assert "We need to cross the open space" in text
    assert "Fixed to a prominent place" in text
    # What households said and who served the notice are restricted: the bundle says so.
    assert document.personal_data is True
    assert "OFFICIAL-SENSITIVE: PERSONAL DATA" in cover
    image = pdf_page_image(data, "evidence-bundle-page-1")
    assert image.stat().st_size > 5_000


def test_the_docx_bundle_holds_the_same_key_text(case, manager, tmp_path):
    text = _flat(text_of(_generate(manager, case, fmt="docx"), tmp_path))
    assert "Evidence bundle" in text
    assert "Schedule of incidents" in text
    assert "3 incidents at the site" in text
    assert "numbered 1 to 9" in text
    assert "On or near John Thompson Road" in text
    # The schedule's numbers are its own text, not Word's list numbering on top of them.
    assert re.search(r"\b1\. March 2025 · ", text)
    data = stored(_generate(manager, case, fmt="docx"))
    numbered = [
        p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "List Number"
    ]
    assert not any(" · " in line for line in numbered)
    assert f"{CRIME_ID[:12]}…" in text
    assert "Residents of Onyx Court" in text
    assert "Fixed to a prominent place on the premises (s.79(2)(a))" in text
    assert "Constable Tester" in text
    assert "Two people climbing the fence by the gate" in text
    assert PERSON not in text


def test_the_docx_embeds_the_map_and_the_chart(case, manager):
    import io
    import zipfile

    data = stored(_generate(manager, case, fmt="docx"))
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 2


def test_people_under_enforcement_are_left_out_unless_asked_for(case, manager, tmp_path):
    document = _generate(manager, case)
    text = _flat(pdf_text(stored(document), tmp_path))
    assert PERSON not in text
    assert "14 March 1990" not in text
    assert "People under enforcement are not named" in text
    assert "Two people climbing the fence by the gate" in text  # the breach, without the person
    assert "Community protection warning (s.43(5)) 1" in text  # counted by kind


def test_without_a_purpose_the_bundle_holds_no_personal_data(case, manager, tmp_path):
    document = _generate(manager, case, purpose="")
    text = _flat(pdf_text(stored(document), tmp_path))
    assert "PERSONAL DATA" not in text
    assert "We need to cross the open space" not in text  # what a household said
    assert "Constable Tester" not in text  # who served the notice
    assert "Community protection warning (s.43(5))" not in text  # the steps are restricted
    # What was seen at a breach is an officer's account that can name people (restricted now):
    # the bundle says it is recorded instead of printing it.
    assert "Two people climbing the fence by the gate" not in text
    assert "What was seen is recorded (personal" in text
    assert "Breach of a closure notice (s.86(1))" in text  # the breach itself is not restricted
    assert document.personal_data is False


def test_personal_data_is_included_and_marked_for_a_user_with_the_right(case, manager, tmp_path):
    document = _generate(manager, case, personal_data=True)
    pages = _pages(stored(document), tmp_path)
    text = " ".join(pages)
    assert PERSON in text
    assert "14 March 1990" in text
    assert "Seen on the benches by the gate" in text
    assert "9. People under enforcement (OFFICIAL-SENSITIVE: PERSONAL DATA)" in text
    assert all(PERSONAL_MARKING in page for page in pages if page)  # every page is marked
    people = text[text.index("9. People under enforcement (") :]
    assert "Community protection warning (s.43(5))" in people
    assert "Breach of a closure notice (s.86(1))" in people
    assert document.personal_data is True
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(document.pk), detail__contains="personal data"
    ).exists()


@pytest.mark.parametrize(
    ("who", "refused_by"),
    [
        ("inspector", DOCUMENT_PERSONAL_DATA),  # police: a partner not shown personal data
        ("partner_viewer", DOCUMENT_GENERATE),  # a viewer generates nothing at all
    ],
)
def test_a_user_without_the_right_is_refused_personal_data_and_nothing_is_stored(
    case, who, refused_by, request
):
    user = request.getfixturevalue(who)
    before = GeneratedDocument.objects.count()
    with pytest.raises(Refused) as refused:
        _generate(user, case, personal_data=True)
    assert refused.value.action == refused_by
    assert GeneratedDocument.objects.count() == before


def test_the_web_refusal_is_a_403_recorded_in_the_audit_log(case, inspector, client):
    client.force_login(inspector)
    response = client.post(
        reverse("documents:generate", args=[case.pk, "evidence_bundle"]),
        {"of": case.pk, "doc-format": "pdf", "personal_data": "on"},
    )
    assert response.status_code == 403
    assert "personal data" in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.REFUSED, detail__contains="personal data"
    ).exists()
    assert not GeneratedDocument.objects.exists()


def test_the_web_page_generates_a_bundle_without_personal_data(case, inspector, client):
    client.force_login(inspector)
    url = reverse("documents:generate", args=[case.pk, "evidence_bundle"])
    assert "Include personal data" in client.get(url).content.decode()
    response = client.post(url, {"of": case.pk, "doc-format": "pdf", "month_from": "2025-04"})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.inputs == {
        "personal_data": False, "month_from": "2025-04", "month_to": "", "as_at": ""
    }  # fmt: skip


def test_the_month_range_limits_the_incidents(case, manager):
    content = evidence_bundle(
        subject=case,
        reader=_reader(manager),
        inputs={"month_from": "2025-04", "month_to": "2025-05", "as_at": AFTER_ALL},
    )
    assert [row["number"] for row in content.context["schedule"]] == [1, 2, 3, 4, 5]
    assert content.context["period"] == "April 2025 to May 2025"
    assert {row["when"] for row in content.context["schedule"]} == {"April 2025", "May 2025"}


def test_the_form_refuses_a_range_that_ends_before_it_starts(problem, manager):
    form = BundleForm(
        {"month_from": "2025-06", "month_to": "2025-03"}, subject=problem, user=manager
    )
    assert not form.is_valid()
    assert "month_to" in form.errors
    form = BundleForm(
        {"personal_data": "on", "month_from": "2025-03"}, subject=problem, user=manager
    )
    assert form.is_valid()
    assert form.cleaned_data == {
        "personal_data": True, "month_from": "2025-03", "month_to": "", "as_at": ""
    }  # fmt: skip


def test_a_problem_without_a_site_is_blocked(manager):
    problem = problem_create(user=manager, title="No site yet", start_date=dt.date(2025, 5, 1))
    with pytest.raises(DocumentBlocked) as blocked:
        _generate(manager, problem)
    assert "site" in " ".join(blocked.value.messages)
    assert not GeneratedDocument.objects.exists()


# The template and the placeholders agree -----------------------------------------------------


def _check_shape(context: dict, placeholders: dict) -> None:
    assert set(context) == set(placeholders)
    for name, spec in placeholders.items():
        if isinstance(spec, Obj):
            assert set(context[name]) == spec.fields, name
        elif isinstance(spec, ListOf) and spec.item is not None:
            for item in context[name]:
                assert set(item) == spec.item.fields, name


@pytest.mark.parametrize("personal_data", [False, True])
def test_the_builder_supplies_exactly_the_placeholders(case, manager, personal_data):
    kind = kind_get("evidence_bundle")
    content = evidence_bundle(
        subject=case,
        reader=_reader(manager),
        inputs={"personal_data": personal_data, "as_at": AFTER_ALL},
    )
    _check_shape(content.context, kind.placeholders)
    assert all(
        content.context[name]
        for name in ("chronology", "schedule", "engagements", "responses", "service", "breaches")
    )
    assert bool(content.context["people"]) is personal_data
    assert check_template(kind.builtin_source(), kind.placeholders).ok
    assert "Evidence bundle" in render(kind.builtin_source(), content.context)


def test_the_bundle_from_the_real_fenland_incidents_matches_the_timeline(fenland, problem, manager):
    content = evidence_bundle(subject=problem, reader=_reader(manager), inputs={})
    timeline = {
        e.date.strftime("%B %Y"): e.title.split()[0]
        for e in problem_timeline(problem=problem)
        if e.kind == "incidents"
    }
    chronology = {
        e["date"]: e["what"].split()[0]
        for e in content.context["chronology"]
        if e["kind"] == "Incidents"
    }
    assert chronology == timeline
    total = sum(int(n) for n in timeline.values())
    assert total > 0
    assert [row["number"] for row in content.context["schedule"]] == list(range(1, total + 1))
    assert content.context["totals"]["incidents"] == f"{total:,}"


# Issue 16, item 14: the bundle as at the hearing, never running past it -------------------------


def test_the_bundle_stands_at_the_booked_hearing_and_holds_nothing_after_it(
    case, manager, constable, served
):
    """The notice's hearing (10:00 on 7 May 2025) is booked and not yet heard: the bundle is
    made as at then. The breach of 5 May stays; May and June's month-only incidents (the
    month is not over by then) and a response after the hearing do not."""
    ConsultationResponse.objects.create(
        problem=case, unit=Unit.objects.get(name="Flat 3 Onyx Court"),
        received_on=dt.date(2025, 5, 9), stance="support", reason="Late support",
        recorded_by=manager,
    )  # fmt: skip
    content = evidence_bundle(subject=case, reader=_reader(manager), inputs={})
    context = content.context
    assert context["as_at"]["day"] == "7 May 2025"
    assert "the hearing at Cambridge Magistrates' Court at 10:00am" in context["as_at"]["reason"]
    assert len(context["schedule"]) == 5  # March and April only: 3 + 2
    assert [b["seen"] for b in context["breaches"]] == ["Two people climbing the fence by the gate"]
    assert [r["reason"] for r in context["responses"]] == [
        "We need to cross the open space to reach the bus stop."
    ]
    monthly = [e["date"] for e in context["chronology"] if e["kind"] == "Incidents"]
    assert monthly == ["March 2025", "April 2025"]
    assert "Breach" in {e["kind"] for e in context["chronology"]}


def test_a_chosen_as_at_day_counts_in_full_and_cuts_the_rest(case, manager):
    content = evidence_bundle(subject=case, reader=_reader(manager), inputs={"as_at": "2025-04-30"})
    context = content.context
    assert context["as_at"] == {"day": "30 April 2025", "reason": "the date chosen"}
    assert len(context["schedule"]) == 5
    assert context["breaches"] == []  # 5 May: after the chosen day
    assert context["service"] == []
    assert [e["step"] for e in context["enforcement"]]  # the warning of 2 April stays
    kinds_shown = {e["kind"] for e in context["chronology"]}
    assert "Breach" not in kinds_shown
    assert "Closure" not in kinds_shown


def test_after_the_hearing_is_recorded_the_bundle_is_as_at_today(case, manager, inspector):
    from clearhold.powers.models import HearingOutcome
    from clearhold.powers.services import hearing_record
    from tests.powers.conftest import HEARD

    hearing_record(
        user=inspector, closure=case.closures.get(), court="Cambridge Magistrates' Court",
        heard_at=HEARD, outcome=HearingOutcome.REFUSED,
    )  # fmt: skip
    context = evidence_bundle(subject=case, reader=_reader(manager), inputs={}).context
    assert context["as_at"]["reason"] == "the day it was made"
    assert len(context["schedule"]) == INSIDE


def test_a_review_shows_the_day_its_figures_were_frozen(case, manager):
    from clearhold.problems.models import Review
    from clearhold.problems.reviews import review_complete

    review = Review.objects.get(problem=case, months=3)
    review_complete(
        user=manager, review=review, narrative="Going well", decision="continue",
        today=dt.date(2025, 4, 3),
    )  # fmt: skip
    context = evidence_bundle(
        subject=case, reader=_reader(manager), inputs={"as_at": "2099-01-01"}
    ).context
    reviews = [e for e in context["chronology"] if e["kind"] == "Review"]
    assert len(reviews) == 1
    assert "Figures frozen as at 3 April 2025." in reviews[0]["detail"]
    hearing_day = evidence_bundle(subject=case, reader=_reader(manager), inputs={}).context
    assert not [e for e in hearing_day["chronology"] if e["kind"] == "Review"]  # completed later
