"""The records around a problem's papers through the API, with the web's rules: the sharing
record (every partner reads it), the consultation log (what households said needs a purpose and
the sharing record's say-so, each read audited), the document details and the practice
write-up (members and partners, not viewers), and one review with its figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import DataClass
from clearhold.documents.consultation import response_record
from clearhold.documents.services import details_save
from clearhold.documents.writeup import WRITEUP_FIELDS, writeup_prefill, writeup_save
from clearhold.places.models import Unit
from clearhold.problems.reviews import review_complete
from clearhold.problems.sharing_services import sharing_record_save
from clearhold.readmodel import Reader
from clearhold.sharing.models import ConsentStatus, LawfulBasis


def refusals(user):
    return AuditEntry.objects.filter(action=AuditAction.REFUSED, user=user)


def views(user):
    return AuditEntry.objects.filter(action=AuditAction.VIEW, user=user)


def share_with(manager, problem, organisation, *, review_on=dt.date(2026, 3, 1)):
    return sharing_record_save(
        user=manager,
        problem=problem,
        recipients={organisation.pk: {DataClass.RESTRICTED}},
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        agreement_reference="FEN-ISA-2025-04",
        signatories="A. Clerk, Head of Community Safety, Council\n\nB. Inspector, Police\n",
        signed_on=dt.date(2025, 3, 1),
        review_on=review_on,
    )


@pytest.fixture
def responses(wisbech, site, manager):
    """Three homes on the site: one objects (with a reason and a reply), one supports, one is
    silent."""
    problem = wisbech["problem"]
    homes = [Unit.objects.create(site=site, name=f"Flat {n}") for n in (1, 2, 3)]
    response_record(
        user=manager,
        problem=problem,
        unit=homes[0],
        received_on=dt.date(2025, 5, 20),
        stance="objection",
        reason="Mrs Example at Flat 1 fears the gate blocks her access",
        reply_sent_on=dt.date(2025, 5, 22),
        reply="The gate will open with a key for residents",
    )
    response_record(
        user=manager,
        problem=problem,
        unit=homes[1],
        received_on=dt.date(2025, 5, 21),
        stance="support",
    )
    return homes


# The sharing record ---------------------------------------------------------------------------


def test_every_partner_reads_the_sharing_record(
    call, wisbech, manager, partner_viewer, constable, token_of
):
    problem = wisbech["problem"]
    share_with(manager, problem, constable.organisation, review_on=dt.date(2025, 9, 1))
    path = f"/api/problems/{problem.pk}/sharing"
    for reader in (manager, partner_viewer):
        response = call("GET", path, token=token_of(reader))
        assert response.status_code == 200
        record = response.data
        assert record["recorded"] is True
        assert record["lawful_basis"] == {
            "value": "6_1_e",
            "label": "Public task: UK GDPR Art. 6(1)(e)",
        }
        assert record["agreement"]["reference"] == "FEN-ISA-2025-04"
        assert record["agreement"]["signatories"] == [
            "A. Clerk, Head of Community Safety, Council",
            "B. Inspector, Police",
        ]
        assert record["agreement"]["signed_on"] == "2025-03-01"
        assert record["agreement"]["review_overdue"] is True
        assert any("due for review" in c for c in record["concerns"])
        assert record["consent"]["status"]["value"] == ConsentStatus.NOT_NEEDED
        assert record["lead_organisation"]["name"] == "Test District Council"
        assert record["recipients"] == [
            {
                "organisation": {"id": constable.organisation.pk, "name": "Test Constabulary"},
                "data_classes": ["restricted"],
            }
        ]


def test_a_problem_without_a_sharing_record_says_so(call, wisbech, manager, token_of):
    response = call(
        "GET", f"/api/problems/{wisbech['problem'].pk}/sharing", token=token_of(manager)
    )
    assert response.status_code == 200
    record = response.data
    assert (record["recorded"], record["recipients"], record["updated_at"]) == (False, [], None)
    assert record["lawful_basis"] == {"value": "", "label": ""}
    assert record["agreement"]["review_overdue"] is False
    assert record["consent"]["status"]["label"] == "Not needed: consent is not the basis"
    assert record["concerns"] == [
        "No sharing record yet: only the lead organisation sees personal data."
    ]


def test_another_organisation_is_refused_the_sharing_record_and_audited(
    call, wisbech, manager, stranger, token_of
):
    share_with(manager, wisbech["problem"], wisbech["problem"].partners.first().organisation)
    path = f"/api/problems/{wisbech['problem'].pk}/sharing"
    response = call("GET", path, token=token_of(stranger))
    assert response.status_code == 403
    assert "FEN-ISA" not in response.content.decode()
    assert refusals(stranger).filter(object_repr=path).exists()


# The consultation log -------------------------------------------------------------------------


def test_consultation_without_a_purpose_withholds_what_households_said(
    call, wisbech, responses, partner_viewer, manager, token_of
):
    path = f"/api/problems/{wisbech['problem'].pk}/consultation"
    for reader in (partner_viewer, manager):
        page = call("GET", path, token=token_of(reader)).data
        assert page["count"] == 2
        first = page["items"][0]
        assert (first["home"]["name"], first["stance"], first["received_on"]) == (
            "Flat 1",
            "objection",
            "2025-05-20",
        )
        assert first["reply_sent_on"] == "2025-05-22"
        assert {(i["reason"], i["reply"]) for i in page["items"]} == {(None, None)}
        assert not views(reader).exists()


def test_consultation_with_a_purpose_shows_what_they_said_and_audits_the_read(
    call, wisbech, responses, manager, token_of
):
    path = f"/api/problems/{wisbech['problem'].pk}/consultation"
    page = call("GET", path, token=token_of(manager), purpose="problem_solving").data
    assert page["items"][0]["reason"] == "Mrs Example at Flat 1 fears the gate blocks her access"
    assert page["items"][0]["reply"] == "The gate will open with a key for residents"
    assert page["items"][1]["reason"] == ""
    entry = views(manager).get()
    assert (entry.data_class, entry.purpose) == ("restricted", "problem_solving")
    assert entry.fields == ["consultationresponse.reason", "consultationresponse.reply"]
    assert entry.problem_pk == wisbech["problem"].pk
    # A page on which nobody said anything reads no personal data: nothing to audit.
    quiet = call("GET", path, token=token_of(manager), purpose="problem_solving", stance="support")
    assert [i["stance"] for i in quiet.data["items"]] == ["support"]
    assert views(manager).count() == 1


def test_consultation_follows_the_sharing_record(
    call, wisbech, responses, manager, partner_viewer, constable, token_of
):
    path = f"/api/problems/{wisbech['problem'].pk}/consultation"
    for reader in (partner_viewer, constable):
        refused = call("GET", path, token=token_of(reader), purpose="problem_solving")
        assert refused.status_code == 403, reader
        assert "Mrs Example" not in refused.content.decode()
        assert refusals(reader).filter(object_repr=path).exists()
    share_with(manager, wisbech["problem"], constable.organisation)
    shown = call("GET", path, token=token_of(constable), purpose="enforcement")
    assert shown.status_code == 200
    assert shown.data["items"][0]["reason"].startswith("Mrs Example")
    assert views(constable).get().purpose == "enforcement"


def test_consultation_pages_filters_and_refuses_strangers(
    call, wisbech, responses, manager, stranger, token_of
):
    path = f"/api/problems/{wisbech['problem'].pk}/consultation"
    token = token_of(manager)
    second = call("GET", path, token=token, limit=1, offset=1).data
    assert (second["count"], [i["home"]["name"] for i in second["items"]]) == (2, ["Flat 2"])
    objections = call("GET", path, token=token, stance="objection").data
    assert [i["home"]["name"] for i in objections["items"]] == ["Flat 1"]
    unknown = call("GET", path, token=token, stance="furious")
    assert unknown.status_code == 422
    assert "stance" in unknown.data["errors"]
    refused = call("GET", path, token=token_of(stranger))
    assert refused.status_code == 403
    assert refusals(stranger).filter(object_repr=path).exists()


# Document details and the practice write-up ---------------------------------------------------


def test_document_details_for_those_who_make_documents(
    call, wisbech, manager, partner_viewer, token_of
):
    problem = wisbech["problem"]
    path = f"/api/problems/{problem.pk}/documents/details"
    empty = call("GET", path, token=token_of(manager)).data
    assert (empty["recorded"], empty["housing_advice"]) == (False, "")
    details_save(
        user=manager,
        problem=problem,
        residents_contact="Community Safety, 01945 000000",
        housing_advice="Fenland Housing Advice",
        legal_advice="Wisbech Law Centre",
        signatory="A. Clerk, Head of Community Safety",
    )
    saved = call("GET", path, token=token_of(manager)).data
    assert saved["recorded"] is True
    assert saved["legal_advice"] == "Wisbech Law Centre"
    refused = call("GET", path, token=token_of(partner_viewer))
    assert refused.status_code == 403
    assert "not viewers" in refused.data["detail"]
    assert refusals(partner_viewer).filter(object_repr=path).exists()


def test_the_write_up_is_the_draft_until_saved(call, wisbech, manager, partner_viewer, token_of):
    problem = wisbech["problem"]
    path = f"/api/problems/{problem.pk}/write-up"
    draft = call("GET", path, token=token_of(manager)).data
    assert draft["saved"] is False
    assert draft["updated_at"] is None
    assert draft["organisation"] == "Test District Council"
    assert "Test Outreach Trust" in draft["partners"]
    values = writeup_prefill(problem=problem, reader=Reader(manager, log=False))
    values["recommendations"] = "Fence early."
    writeup_save(user=manager, problem=problem, **values)
    saved = call("GET", path, token=token_of(manager)).data
    assert saved["saved"] is True
    assert saved["recommendations"] == "Fence early."
    assert set(WRITEUP_FIELDS) <= set(saved)
    assert call("GET", path, token=token_of(partner_viewer)).status_code == 403


# One review -------------------------------------------------------------------------------------


def test_an_open_review_measures_now_and_a_completed_one_is_frozen(
    call, wisbech, manager, stranger, token_of
):
    problem = wisbech["problem"]
    review = problem.reviews.order_by("months").first()
    path = f"/api/problems/{problem.pk}/reviews/{review.pk}"
    token = token_of(manager)
    live = call("GET", path, token=token).data
    assert live["frozen"] is False
    assert live["figures"]["action_counts"]["total"] == 2
    review_complete(
        user=manager,
        review=review,
        narrative="Fencing done.",
        decision="continue",
        today=dt.date(2025, 8, 7),
    )
    wisbech["action"].delete()
    frozen = call("GET", path, token=token).data
    assert frozen["frozen"] is True
    assert frozen["figures"] == frozen["snapshot"]
    assert frozen["figures"]["action_counts"]["total"] == 2
    assert frozen["completed_by"] is None
    named = call("GET", path, token=token, purpose="problem_solving").data
    assert named["completed_by"] == "Manager Tester"
    assert views(manager).get().object_id == str(review.pk)
    assert call("GET", path, token=token_of(stranger)).status_code == 403
    other = problem.reviews.exclude(pk=review.pk).first()
    assert call("GET", f"/api/problems/999999/reviews/{other.pk}", token=token).status_code == 404


def test_the_consultation_route_runs_as_many_queries_for_ten_responses_as_for_two(
    call, wisbech, site, manager, token_of
):
    """Each response is shown through the reader, which reads its problem: with the problem
    read alongside, no query per response."""
    path = f"/api/problems/{wisbech['problem'].pk}/consultation"
    token, counts = token_of(manager), {}
    for n in range(1, 11):
        response_record(
            user=manager, problem=wisbech["problem"], received_on=dt.date(2025, 5, 20),
            unit=Unit.objects.create(site=site, name=f"Flat {n}"), stance="objection",
            reason=f"Reason {n}",
        )  # fmt: skip
        if n in (2, 10):
            call("GET", path, token=token, purpose="problem_solving")  # caches filled
            with CaptureQueriesContext(connection) as captured:
                page = call("GET", path, token=token, purpose="problem_solving")
            assert page.data["count"] == n
            counts[n] = len(captured.captured_queries)
    assert counts[10] == counts[2], counts
