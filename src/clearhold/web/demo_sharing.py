"""The Wisbech demo's sharing record and the illustrative personal data it governs: enough to
show, in demo mode, who sees what."""

from __future__ import annotations

# Illustrative personal data (the case study names nobody).
DEMO_PERSON = "Alex Example"
DEMO_VULNERABLE = "Older resident of the retirement housing who lives alone; visited weekly."
DEMO_OFFENDERS = "Two young men dealing from the bench by the gate most evenings."
DEMO_VICTIMS = "Residents of the retirement housing, who stopped using the open space."


def demo_sharing_record_save(*, problem, people: dict, organisations: dict) -> None:
    """The Wisbech sharing record: police and Clarion receive personal data, Clarion the
    special-category data too; Change Grow Live (the voluntary partner) sees the plan and
    objectives but no person's details."""
    import datetime as dt

    from clearhold.problems.sharing_services import sharing_record_save

    police = organisations["Cambridgeshire Constabulary"]
    clarion = organisations["Clarion Housing Group"]
    sharing_record_save(
        user=people["manager"],
        problem=problem,
        lawful_basis="6_1_e",
        special_condition="sch1_10",
        agreement_reference="Fenland CSP ISA 2025/07",
        signatories="Rhys Hughes, Community safety partnership manager, Fenland District Council\n"
        "Priya Patel, Inspector, Cambridgeshire Constabulary\n"
        "Aisha Begum, Neighbourhood housing officer, Clarion Housing Group",
        signed_on=dt.date(2025, 4, 28),
        review_on=dt.date(2027, 4, 28),
        recipients={police.pk: {"restricted"}, clarion.pk: {"restricted", "special"}},
    )


def demo_sharing_load(*, problem, people: dict, organisations: dict) -> None:
    """The Wisbech personal data the sharing record governs: the notes on offenders and
    victims, a vulnerable resident (seen by Clarion's named housing officer) and a person under
    enforcement; Change Grow Live (the voluntary partner) sees none of it."""
    import datetime as dt

    from clearhold.powers.models import StepKind
    from clearhold.powers.people import person_add, step_record
    from clearhold.problems.services import problem_update, vulnerable_person_add

    problem_update(
        user=people["manager"], problem=problem, offender_notes=DEMO_OFFENDERS,
        victim_notes=DEMO_VICTIMS,
    )  # fmt: skip
    vulnerable_person_add(user=people["housing"], problem=problem, description=DEMO_VULNERABLE)
    person = person_add(
        user=people["officer"], problem=problem, name=DEMO_PERSON, date_of_birth=dt.date(2001, 3, 9)
    )
    step_record(
        user=people["officer"], person=person, kind=StepKind.CPW, on=dt.date(2025, 4, 10),
        details="Warned to stop gathering and dealing by the gate.", compliance_days=14,
    )  # fmt: skip
