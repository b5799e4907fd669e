"""The access register: who may be on premises under a closure notice or order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.access import (
    EXEMPTION_CODES,
    PERSON_KINDS,
    STANDARD_EXEMPTIONS,
    AccessDecision,
    Exemption,
    Person,
    Visitor,
    exemptions_from_codes,
    may_enter,
    notice_mandatory_exemptions,
)

# Wisbech: residents, their visitors, emergency services, staff of Clarion Housing and of
# Fenland District Council.
WISBECH = (
    Exemption("residents", "Residents"),
    Exemption("residents_visitors", "Visitors of residents"),
    Exemption("emergency_services", "Emergency services"),
    Exemption("housing_staff", "Staff of Clarion Housing", organisation="Clarion Housing"),
    Exemption(
        "council_staff",
        "Staff of Fenland District Council",
        organisation="Fenland District Council",
    ),
)

# Bedford: a partial closure of one flat; residents, immediate family and support workers only.
BEDFORD = (
    Exemption("residents", "Residents of Flat 12", units=("Flat 12",)),
    Exemption("immediate_family", "Immediate family of the residents of Flat 12"),
    Exemption("support_workers", "Support workers visiting the residents of Flat 12"),
)

# Barnet: invited visitors, housing and council staff, maintenance contractors, emergency services.
BARNET = (
    Exemption("residents_visitors", "Visitors invited by a resident"),
    Exemption("housing_staff", "Housing staff"),
    Exemption("council_staff", "Council staff"),
    Exemption("contractors", "Maintenance contractors", times="08:00–18:00"),
    Exemption("emergency_services", "Emergency services"),
)


def order(allowed, person, *, full_closure=False) -> AccessDecision:
    return may_enter(allowed, person, instrument="order", full_closure=full_closure)


# --- Wisbech ---------------------------------------------------------------------------------


def test_wisbech_resident_is_allowed_under_the_residents_clause():
    decision = order(WISBECH, Person("resident", unit="Flat 3"))
    assert decision == AccessDecision(
        allowed=True, clause="Residents", reason="Allowed under: “Residents”.", section="s.80(7)"
    )


def test_wisbech_invited_visitor_is_allowed_without_caveat():
    decision = order(WISBECH, Person("resident_visitor", invited=True))
    assert decision.allowed
    assert decision.clause == "Visitors of residents"
    assert "Check the resident" not in decision.reason


def test_wisbech_visitor_not_invited_is_refused():
    decision = order(WISBECH, Person("resident_visitor", invited=False))
    assert not decision.allowed
    assert decision.clause is None
    assert "only when a resident has invited them" in decision.reason
    assert decision.reason.endswith("Entering without reasonable excuse is an offence (s.86(2)).")
    assert decision.section == "s.86(2)"


def test_wisbech_visitor_with_unknown_invitation_is_neither_allowed_nor_refused():
    """Issue 17 item 2: an unknown invitation was shown green "Allowed"; it is amber: ask."""
    decision = order(WISBECH, Person("resident_visitor"))
    assert not decision.allowed
    assert decision.verdict == "ask"
    assert decision.ask == "Ask who invited them"
    assert decision.clause == "Visitors of residents"
    assert decision.reason.startswith("Ask who invited them.")
    assert "“Visitors of residents”" in decision.reason
    assert decision.section == "s.80(7)"


def test_an_unknown_invitation_does_not_matter_when_a_firm_exemption_covers_them():
    family = (Exemption("immediate_family", "Immediate family"), *WISBECH)
    decision = order(family, Person("family"))
    assert (decision.verdict, decision.clause) == ("allowed", "Immediate family")


def test_wisbech_family_member_counts_as_a_visitor_when_invited():
    assert order(WISBECH, Person("family", invited=True)).clause == "Visitors of residents"
    assert not order(WISBECH, Person("family", invited=False)).allowed


def test_wisbech_emergency_services_are_allowed():
    decision = order(
        WISBECH, Person("emergency_services", organisation="East of England Ambulance")
    )
    assert (decision.allowed, decision.clause) == (True, "Emergency services")


def test_wisbech_clarion_staff_match_the_organisation_case_insensitively():
    decision = order(WISBECH, Person("housing_staff", organisation="  clarion   HOUSING "))
    assert (decision.allowed, decision.clause) == (True, "Staff of Clarion Housing")


def test_wisbech_staff_of_another_housing_provider_are_refused_naming_the_exempt_one():
    decision = order(WISBECH, Person("housing_staff", organisation="Sanctuary Housing"))
    assert not decision.allowed
    assert "housing staff of Clarion Housing only, not of Sanctuary Housing" in decision.reason


def test_wisbech_staff_giving_no_organisation_are_refused_and_told_which_one_is_exempt():
    decision = order(WISBECH, Person("housing_staff"))
    assert not decision.allowed
    assert "ask for identification showing they work for Clarion Housing" in decision.reason


def test_wisbech_council_staff_of_fenland_are_allowed_but_not_of_the_county():
    fenland = order(WISBECH, Person("council_staff", organisation="Fenland District Council"))
    county = order(WISBECH, Person("council_staff", organisation="Cambridgeshire County Council"))
    assert (fenland.allowed, fenland.clause) == (True, "Staff of Fenland District Council")
    assert not county.allowed
    assert "Fenland District Council only" in county.reason


def test_wisbech_contractor_is_refused_with_the_offence():
    decision = order(WISBECH, Person("contractor", organisation="Fenland Roofing"))
    assert decision == AccessDecision(
        allowed=False,
        clause=None,
        reason="Not allowed: the order lists no exemption for contractors. Entering without "
        "reasonable excuse is an offence (s.86(2)).",
        section="s.86(2)",
    )


def test_wisbech_built_from_codes_matches_the_same_people():
    built = exemptions_from_codes(
        ["residents", "residents_visitors", "emergency_services", "housing_staff", "council_staff"],
        organisation_by_code={
            "housing_staff": "Clarion Housing",
            "council_staff": "Fenland District Council",
        },
    )
    assert [e.clause for e in built][-2:] == [
        "Staff of Clarion Housing",
        "Staff of Fenland District Council",
    ]
    people = [
        Person("resident"),
        Person("resident_visitor", invited=True),
        Person("resident_visitor", invited=False),
        Person("housing_staff", organisation="Clarion Housing"),
        Person("housing_staff", organisation="Orbit"),
        Person("council_staff", organisation="Fenland District Council"),
        Person("contractor"),
        Person("emergency_services"),
    ]
    assert [order(built, p).allowed for p in people] == [order(WISBECH, p).allowed for p in people]


# --- Bedford (partial closure) ---------------------------------------------------------------


def test_bedford_resident_of_the_flat_matches_whatever_the_case_and_spacing():
    decision = order(BEDFORD, Person("resident", unit="  flat   12 "))
    assert (decision.allowed, decision.clause) == (True, "Residents of Flat 12")


def test_bedford_resident_of_another_flat_is_refused_naming_the_listed_flat():
    decision = order(BEDFORD, Person("resident", unit="Flat 14"))
    assert not decision.allowed
    assert "is limited to Flat 12, not Flat 14" in decision.reason


def test_bedford_resident_giving_no_flat_is_refused_and_asked():
    decision = order(BEDFORD, Person("resident"))
    assert not decision.allowed
    assert "ask which flat they live in or are visiting" in decision.reason


def test_bedford_immediate_family_and_support_workers_are_allowed():
    family = order(BEDFORD, Person("family", unit="Flat 12", invited=False))
    support = order(BEDFORD, Person("support_worker", organisation="Mind"))
    assert family.clause == "Immediate family of the residents of Flat 12"
    assert support.clause == "Support workers visiting the residents of Flat 12"


def test_bedford_visitors_who_are_not_family_are_refused():
    decision = order(BEDFORD, Person("resident_visitor", unit="Flat 12", invited=True))
    assert not decision.allowed
    assert "the order lists no exemption for visitors of residents" in decision.reason


@pytest.mark.parametrize("kind", ["owner", "housing_staff", "contractor", "emergency_services"])
def test_bedford_bars_everyone_it_does_not_list_including_the_owner(kind):
    assert not order(BEDFORD, Person(kind, unit="Flat 12")).allowed


# --- Barnet ----------------------------------------------------------------------------------


def test_barnet_contractors_are_allowed_only_at_the_stated_times():
    decision = order(BARNET, Person("contractor", organisation="Any Repairs Ltd"))
    assert decision.allowed
    assert decision.clause == "Maintenance contractors"
    assert "only at the times the order states: 08:00–18:00" in decision.reason.lower()


def test_barnet_housing_and_council_staff_of_any_organisation_are_allowed():
    assert order(BARNET, Person("housing_staff", organisation="Barnet Homes")).allowed
    assert order(BARNET, Person("housing_staff")).allowed
    assert order(BARNET, Person("council_staff")).allowed


def test_barnet_residents_are_barred_by_the_order():
    decision = order(BARNET, Person("resident", unit="Flat 1"))
    assert not decision.allowed
    assert "lists no exemption for residents" in decision.reason


def test_the_firmest_match_is_quoted_when_several_apply():
    allowed = (
        Exemption("contractors", "Contractors, weekdays", times="Mon–Fri 08:00–18:00"),
        Exemption("contractors", "Contractors for the lift", organisation="Otis"),
    )
    decision = order(allowed, Person("contractor", organisation="Otis"))
    assert decision.clause == "Contractors for the lift"
    assert "times" not in decision.reason


# --- closure notices (s.76(4)) ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["resident", "owner"])
def test_a_notice_always_allows_residents_and_the_owner_even_if_not_listed(kind):
    decision = may_enter((), Person(kind), instrument="notice")
    assert decision.allowed
    assert decision.clause is None
    assert decision.section == "s.76(4)"
    assert "cannot bar" in decision.reason


def test_a_notice_quotes_the_residents_clause_when_it_lists_one():
    decision = may_enter(notice_mandatory_exemptions(), Person("resident"), instrument="notice")
    assert decision.clause == "People who habitually live on the premises"
    assert decision.section == "s.76(4)"


def test_a_notice_cannot_bar_a_resident_outside_a_unit_limited_clause():
    decision = may_enter(BEDFORD, Person("resident", unit="Flat 14"), instrument="notice")
    assert decision.allowed
    assert decision.section == "s.76(4)"


def test_a_notice_refusal_cites_the_notice_offence():
    decision = may_enter(notice_mandatory_exemptions(), Person("contractor"), instrument="notice")
    assert not decision.allowed
    assert decision.reason == (
        "Not allowed: the notice lists no exemption for contractors. Entering without "
        "reasonable excuse is an offence (s.86(1))."
    )
    assert decision.section == "s.86(1)"


def test_a_notice_allows_listed_people_under_s76_3():
    decision = may_enter(WISBECH, Person("emergency_services"), instrument="notice")
    assert (decision.allowed, decision.section) == (True, "s.76(3)(a)")


# --- full closure, emergency services, “other” -----------------------------------------------


@pytest.mark.parametrize("kind", PERSON_KINDS)
def test_a_full_closure_order_with_no_exemptions_bars_everyone(kind):
    decision = order((), Person(kind, invited=True), full_closure=True)
    assert not decision.allowed
    assert "bars everyone, residents and the owner included (s.80(7)(a))" in decision.reason
    assert decision.section == "s.80(7)(a); s.86(2)"


# A full closure of a cuckooed flat that still lets the owner and the emergency services in.
CUCKOOED = (
    Exemption("owner", "The owner of the premises"),
    Exemption("emergency_services", "The emergency services"),
)


@pytest.mark.parametrize("kind", ["owner", "emergency_services"])
def test_a_full_order_lets_in_only_those_it_exempts(kind):
    decision = order(CUCKOOED, Person(kind), full_closure=True)
    assert decision.allowed
    assert decision.section == "s.80(7)"


@pytest.mark.parametrize("kind", ["resident", "resident_visitor", "council_staff", "other"])
def test_a_full_order_refuses_everyone_else_quoting_what_it_exempts(kind):
    decision = order(CUCKOOED, Person(kind, invited=True), full_closure=True)
    assert not decision.allowed
    assert decision.reason.startswith(
        "Not allowed: this full closure order bars all persons (s.80(7)(a)) except: "
        "“The owner of the premises”; “The emergency services”."
    )
    assert decision.section == "s.80(7)(a); s.86(2)"


def test_a_partial_order_with_no_exemptions_refuses_without_the_full_closure_wording():
    decision = order((), Person("resident"))
    assert not decision.allowed
    assert "whole premises" not in decision.reason


def test_emergency_services_match_their_entry_whatever_its_limits():
    allowed = (
        Exemption(
            "emergency_services", "Fire service", organisation="Cambs Fire", units=("Flat 1",)
        ),
    )
    decision = order(allowed, Person("emergency_services", unit="Flat 9", organisation="Police"))
    assert (decision.allowed, decision.clause) == (True, "Fire service")


def test_other_clauses_never_match_and_the_officer_is_told_to_read_them():
    allowed = (Exemption("other", "Royal Mail deliveries", times="07:00–09:00"),)
    decision = order(allowed, Person("other"))
    assert not decision.allowed
    assert "“Royal Mail deliveries”" in decision.reason
    assert "read this clause to decide whether they cover this person" in decision.reason
    assert "no exemption ClearHold can match" in decision.reason


def test_other_clauses_are_mentioned_in_every_refusal():
    allowed = (*BEDFORD, Exemption("other", "Surveyors"), Exemption("other", "The landlord"))
    decision = order(allowed, Person("contractor"))
    assert "“Surveyors”; “The landlord”" in decision.reason
    assert "read these clauses" in decision.reason


def test_unknown_instrument_is_refused():
    with pytest.raises(ValueError, match="instrument"):
        may_enter(WISBECH, Person("resident"), instrument="injunction")


# --- building the allow-list ----------------------------------------------------------------


def test_standard_exemptions_offer_every_code_but_other_and_are_read_only():
    assert set(STANDARD_EXEMPTIONS) == set(EXEMPTION_CODES) - {"other"}
    assert all(text.strip() for text in STANDARD_EXEMPTIONS.values())
    with pytest.raises(TypeError):
        STANDARD_EXEMPTIONS["residents"] = "Nobody"  # type: ignore[index]


def test_notice_mandatory_exemptions_are_residents_and_owner():
    assert [(e.code, e.clause) for e in notice_mandatory_exemptions()] == [
        ("residents", "People who habitually live on the premises"),
        ("owner", "The owner of the premises"),
    ]


def test_exemptions_from_codes_keeps_order_and_drops_duplicates():
    built = exemptions_from_codes(["owner", "residents", "owner"])
    assert [e.code for e in built] == ["owner", "residents"]


def test_exemptions_from_codes_words_organisation_clauses():
    (contractor, support) = exemptions_from_codes(
        ["contractors", "support_workers"],
        organisation_by_code={"contractors": "Mears", "support_workers": "Shelter"},
    )
    assert (contractor.clause, contractor.organisation) == (
        "Maintenance contractors working for Mears",
        "Mears",
    )
    assert support.clause == "Support workers from Shelter"


@pytest.mark.parametrize(
    ("codes", "organisations", "message"),
    [
        (["other"], None, "no standard wording"),
        (["burglars"], None, "Unknown exemption code"),
        (["residents"], {"housing_staff": "Clarion Housing"}, "not asked for"),
        (["residents"], {"residents": "Clarion Housing"}, "cannot be limited"),
    ],
)
def test_exemptions_from_codes_refuses_what_it_cannot_build(codes, organisations, message):
    with pytest.raises(ValueError, match=message):
        exemptions_from_codes(codes, organisation_by_code=organisations)


def test_exemption_validates_its_fields():
    with pytest.raises(ValueError, match="Unknown exemption code"):
        Exemption("friends", "Friends")
    with pytest.raises(ValueError, match="needs its clause"):
        Exemption("residents", "  ")
    with pytest.raises(ValueError, match="cannot be limited"):
        Exemption("residents", "Residents", organisation="Clarion Housing")
    with pytest.raises(TypeError, match="tuple of flat names"):
        Exemption("residents", "Residents", units="Flat 12")  # type: ignore[arg-type]
    blank = Exemption("housing_staff", "Housing staff", organisation=" ", times="", units=("",))
    assert (blank.organisation, blank.times, blank.units) == (None, None, ())


def test_exemption_round_trips_through_a_dict():
    for exemption in (*WISBECH, *BEDFORD, *BARNET):
        assert Exemption.from_dict(exemption.to_dict()) == exemption
    assert Exemption.from_dict({"code": "owner", "clause": "Owner"}) == Exemption("owner", "Owner")


def test_person_validates_its_kind_and_visitor_is_the_same_class():
    with pytest.raises(ValueError, match="Unknown kind of person"):
        Person("burglar")
    assert Visitor is Person


# --- properties ------------------------------------------------------------------------------

UNITS = ("Flat 1", "Flat 12", "Flat 31")
ORGANISATIONS = ("Clarion Housing", "Fenland District Council", "Mears")
CLAUSES = st.sampled_from(["Residents", "Visitors", "Staff", "Contractors"]) | st.text(
    alphabet="abcdefxyz ’–", min_size=1, max_size=12
).filter(str.strip)


@st.composite
def exemptions(draw) -> Exemption:
    code = draw(st.sampled_from(EXEMPTION_CODES))
    organisation = None
    if code in ("housing_staff", "council_staff", "contractors", "support_workers"):
        organisation = draw(st.none() | st.sampled_from(ORGANISATIONS))
    return Exemption(
        code=code,
        clause=draw(CLAUSES),
        organisation=organisation,
        times=draw(st.none() | st.just("08:00–18:00")),
        units=tuple(draw(st.lists(st.sampled_from(UNITS), max_size=2, unique=True))),
    )


def _spelling(unit: str) -> st.SearchStrategy[str]:
    return st.sampled_from([unit, unit.lower(), unit.upper(), f"  {unit.replace(' ', '   ')} "])


people = st.builds(
    Person,
    kind=st.sampled_from(PERSON_KINDS),
    unit=st.none() | st.sampled_from(UNITS).flatmap(_spelling),
    organisation=st.none() | st.sampled_from(ORGANISATIONS).flatmap(_spelling),
    invited=st.none() | st.booleans(),
)
allow_lists = st.lists(exemptions(), max_size=6).map(tuple)
instruments = st.sampled_from(["notice", "order"])


@given(people)
def test_property_a_full_closure_with_an_empty_list_never_allows_anyone(person):
    assert not may_enter((), person, instrument="order", full_closure=True).allowed


@given(allow_lists, people)
def test_property_a_full_order_allows_exactly_whom_its_list_allows(allowed, person):
    """Full or partial, an order lets in only the people its allow-list covers; a full order's
    refusal always cites s.80(7)(a) and the offence."""
    full = may_enter(allowed, person, instrument="order", full_closure=True)
    partial = may_enter(allowed, person, instrument="order", full_closure=False)
    assert full.verdict == partial.verdict
    if full.verdict == "refused":
        assert full.section == "s.80(7)(a); s.86(2)"


@given(allow_lists, people, st.booleans())
def test_property_a_notice_always_allows_residents_and_the_owner(allowed, person, full):
    for kind in ("resident", "owner"):
        someone = Person(kind, unit=person.unit, organisation=person.organisation)
        decision = may_enter(allowed, someone, instrument="notice", full_closure=full)
        assert decision.allowed
        assert decision.section == "s.76(4)"


@given(allow_lists, exemptions(), st.integers(0, 6), people, instruments, st.booleans())
def test_property_adding_an_exemption_never_refuses_someone_allowed(
    allowed, extra, position, person, instrument, full
):
    before = may_enter(allowed, person, instrument=instrument, full_closure=full)
    wider = (*allowed[:position], extra, *allowed[position:])
    after = may_enter(wider, person, instrument=instrument, full_closure=full)
    assert not before.allowed or after.allowed


@given(allow_lists, people, instruments, st.booleans())
def test_property_decisions_quote_a_listed_clause_or_cite_the_offence(
    allowed, person, instrument, full
):
    decision = may_enter(allowed, person, instrument=instrument, full_closure=full)
    if decision.allowed:
        assert decision.clause is None or decision.clause in {e.clause for e in allowed}
        assert decision.reason.startswith("Allowed")
    elif decision.verdict == "ask":
        assert person.invited is None
        assert decision.clause in {e.clause for e in allowed if e.code == "residents_visitors"}
        assert decision.reason.startswith("Ask who invited them.")
    else:
        assert decision.clause is None
        assert decision.reason.startswith("Not allowed")
        offence = "s.86(1)" if instrument == "notice" else "s.86(2)"
        assert decision.reason.endswith(f"is an offence ({offence}).")


@given(st.lists(exemptions(), max_size=4), people)
def test_property_other_clauses_alone_never_let_anyone_in_under_an_order(listed, person):
    others = tuple(Exemption("other", e.clause, times=e.times) for e in listed)
    assert not may_enter(others, person, instrument="order").allowed


@given(st.sampled_from(UNITS).flatmap(lambda u: st.tuples(st.just(u), _spelling(u))))
def test_property_a_listed_unit_matches_however_it_is_spelt(unit_and_spelling):
    unit, spelling = unit_and_spelling
    allowed = (Exemption("residents", f"Residents of {unit}", units=(unit,)),)
    assert may_enter(allowed, Person("resident", unit=spelling), instrument="order").allowed


@given(allow_lists, people, instruments, st.booleans())
def test_property_asking_settles_an_amber_answer(allowed, person, instrument, full):
    """Amber means the answer turns on the invitation alone: yes lets them in, no does not."""
    decision = may_enter(allowed, person, instrument=instrument, full_closure=full)
    if decision.verdict != "ask":
        return
    for invited, verdict in ((True, "allowed"), (False, "refused")):
        answered = Person(person.kind, person.unit, person.organisation, invited)
        again = may_enter(allowed, answered, instrument=instrument, full_closure=full)
        assert again.verdict == verdict
