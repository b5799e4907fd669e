"""Who may sign a cancellation or variation notice (s.78(4)–(6)) or an extension notice
(s.77(4)): properties over every notice, signer, rank and availability."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.law import (
    COUNCIL,
    OFFICER,
    POLICE,
    SENIOR,
    SUPERVISOR,
    IssuedNotice,
    Signatory,
    blocks,
    check_extension_signatory,
    check_s78_signatory,
)
from clearhold.law.authority import RANK_ORDER

RANKS = (OFFICER, SUPERVISOR, SENIOR)
people = st.integers(min_value=1, max_value=6)
authorities = st.sampled_from(("force-a", "force-b", "council-a", "council-b"))
roles = st.sampled_from((*RANKS, "analyst", "partner_viewer"))
bodies = st.sampled_from((POLICE, COUNCIL, None))
whats = st.sampled_from(("cancelled", "varied"))


@st.composite
def police_notices(draw) -> IssuedNotice:
    """A police notice as the Act allows it: issued by an inspector or above, 48-hour only by a
    superintendent, extended (by a superintendent) only when not 48-hour."""
    role = draw(st.sampled_from((SUPERVISOR, SENIOR)))
    senior = role == SENIOR and draw(st.booleans())
    extended = None if senior else draw(st.none() | people)
    return IssuedNotice(
        body=POLICE,
        authority=draw(authorities),
        issuer=draw(people),
        issuer_role=role,
        senior_authority=senior,
        extended_by=extended,
    )


@st.composite
def council_notices(draw) -> IssuedNotice:
    role = draw(st.sampled_from(RANKS))
    senior = role == SENIOR and draw(st.booleans())
    extended = None if senior else draw(st.none() | people)
    return IssuedNotice(
        body=COUNCIL,
        authority=draw(authorities),
        issuer=draw(people),
        issuer_role=role,
        senior_authority=senior,
        extended_by=extended,
    )


notices = police_notices() | council_notices()


@st.composite
def signers(draw) -> Signatory:
    return Signatory(
        person=draw(people), body=draw(bodies), authority=draw(authorities), role=draw(roles)
    )


def allowed(notice, signer, unavailable=False, what="cancelled") -> bool:
    return not blocks(
        check_s78_signatory(notice, signer, relevant_unavailable=unavailable, what=what)
    )


def first_named(notice: IssuedNotice):
    """The person s.78 names first: whoever extended the notice, else whoever issued it."""
    return notice.extended_by if notice.extended_by is not None else notice.issuer


@given(notices, signers(), st.booleans(), whats)
def test_a_signer_of_the_other_body_is_always_refused(notice, signer, unavailable, what):
    other = COUNCIL if notice.body == POLICE else POLICE
    outsider = Signatory(signer.person, other, signer.authority, signer.role)
    findings = check_s78_signatory(notice, outsider, relevant_unavailable=unavailable, what=what)
    assert blocks(findings)
    assert all("s.78(6)" in f.message for f in findings)
    assert f"can be {what} only by" in findings[0].message


@given(council_notices(), signers(), st.booleans())
def test_a_council_notice_is_refused_to_another_authority(notice, signer, unavailable):
    stranger = Signatory(signer.person, COUNCIL, f"not-{notice.authority}", signer.role)
    assert not allowed(notice, stranger, unavailable)


@given(notices, roles, st.booleans(), whats)
def test_the_person_named_first_may_always_sign(notice, role, unavailable, what):
    """Whoever issued the notice (or, once extended, the extension) signs without more."""
    signer = Signatory(first_named(notice), notice.body, notice.authority, role)
    assert allowed(notice, signer, unavailable, what)


@given(police_notices(), signers(), st.booleans())
def test_police_stand_in_needs_the_same_or_higher_rank_and_the_officer_unavailable(
    notice, signer, unavailable
):
    signer = Signatory(signer.person, POLICE, signer.authority, signer.role)
    if signer.person == first_named(notice):
        return
    rank_needed = SENIOR if notice.extended_by is not None else notice.issuer_role
    ranked = RANK_ORDER.get(signer.role, 0) >= RANK_ORDER[rank_needed]
    assert allowed(notice, signer, unavailable) == (ranked and unavailable)


@given(police_notices(), signers())
def test_a_refusal_names_the_paragraph_of_s78_6(notice, signer):
    signer = Signatory(signer.person, POLICE, signer.authority, signer.role)
    findings = blocks(check_s78_signatory(notice, signer, relevant_unavailable=False, what="x"))
    paragraph = "s.78(6)(b)" if notice.extended_by is not None else "s.78(6)(a)"
    assert all(f.section == paragraph and paragraph in f.message for f in findings)


@given(council_notices(), signers(), st.booleans())
def test_council_signatories_follow_s78_4_5_and_6_c(notice, signer, unavailable):
    signer = Signatory(signer.person, COUNCIL, notice.authority, signer.role)
    if signer.person == first_named(notice):
        return
    result = allowed(notice, signer, unavailable)
    if notice.extended_by is not None or notice.senior_authority:
        assert result == (signer.role == SENIOR and unavailable)
        if not result:
            section = "s.78(5)" if notice.extended_by is not None else "s.78(4)"
            assert (
                section
                in check_s78_signatory(
                    notice, signer, relevant_unavailable=unavailable, what="varied"
                )[0].message
            )
    else:
        assert result == (signer.role in RANK_ORDER)


@given(notices, signers(), st.sampled_from(RANKS))
def test_more_rank_or_unavailability_never_takes_a_right_away(notice, signer, higher):
    if not allowed(notice, signer):
        return
    assert allowed(notice, signer, unavailable=True)
    if RANK_ORDER.get(higher, 0) >= RANK_ORDER.get(signer.role, 0):
        promoted = Signatory(signer.person, signer.body, signer.authority, higher)
        assert allowed(notice, promoted)


def test_an_inspector_cannot_cancel_a_superintendents_notice():
    notice = IssuedNotice(POLICE, "force-a", issuer=1, issuer_role=SENIOR, senior_authority=True)
    inspector = Signatory(2, POLICE, "force-a", SUPERVISOR)
    [finding] = check_s78_signatory(notice, inspector, relevant_unavailable=True, what="cancelled")
    assert finding.message == (
        "This notice can be cancelled only by the officer who issued it or, if they are not "
        "available, by another officer of the same or higher rank (superintendent or above) "
        "(s.78(6)(a))."
    )


@given(notices, signers())
def test_an_extension_is_signed_for_the_body_and_authority_that_issued_the_notice(notice, signer):
    findings = check_extension_signatory(notice, signer)
    same_body = signer.body == notice.body
    same_council = notice.body == POLICE or signer.authority == notice.authority
    assert (not blocks(findings)) == (same_body and same_council)
    assert all(f.section.startswith("s.77(4)") for f in findings)
