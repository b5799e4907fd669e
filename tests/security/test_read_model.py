"""The one read model (``clearhold.readmodel``): a record read through a Reader shows each field
only as ``authz.DECLARED`` and the sharing record allow, and every personal value read is
audited once, with its purpose.

The finding (issue 15, "the cause"): the declaration said which fields are restricted or
special category, but nothing enforced it; pages, API and documents each picked by hand what to
hide, and the write-up, consultation log and bundle printed what the pages hid.
"""

from __future__ import annotations

import pytest

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.authz import DATA_CLASSES, DataClass, field_class
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add
from clearhold.readmodel import WITHHELD, Reader, name_of

VICTIMS = "CanaryVictims-Q7"
OFFENDERS = "CanaryOffenders-Q7"


@pytest.fixture
def noted(problem):
    problem.victim_notes = VICTIMS
    problem.offender_notes = OFFENDERS
    problem.save()
    return problem


def _join(manager, problem, person):
    """Name ``person`` on the problem, their organisation made a partner first (as the lead
    must: a person of an organisation outside the partnership is refused)."""
    if not problem.partners.filter(organisation=person.organisation).exists():
        partner_add(user=manager, problem=problem, organisation=person.organisation)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.SUPPORT)


def _reads():
    return AuditEntry.objects.filter(action="view", data_class__in=["restricted", "special"])


def test_a_partner_viewer_sees_public_fields_and_nothing_restricted(
    noted, manager, make_user, charity
):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    with Reader(viewer, purpose="problem_solving") as reader:
        shown = reader.show(noted)
        assert shown.title == noted.title
        assert shown.victim_notes is WITHHELD
        assert shown.offender_notes is WITHHELD
        assert str(shown.victim_notes) == ""
        assert not shown.victim_notes
        assert {"victim_notes", "offender_notes"} <= shown.withheld
        assert str(shown) == noted.title  # its name is made of public fields
    assert not reader.personal_data
    assert not _reads().exists()


def test_the_lead_sees_restricted_only_with_a_purpose_and_the_read_is_audited(noted, manager):
    with Reader(manager) as reader:
        assert reader.show(noted).victim_notes is WITHHELD
    assert not _reads().exists()

    with Reader(manager, purpose="problem_solving", channel="Test read; ") as reader:
        assert reader.show(noted).victim_notes == VICTIMS
        assert reader.show(noted).offender_notes is WITHHELD  # not named for special category
    assert reader.personal_data
    entry = _reads().get()
    assert entry.data_class == "restricted"
    assert entry.purpose == "problem_solving"
    assert entry.problem_pk == noted.pk
    assert "problem.victim_notes" in entry.fields
    assert VICTIMS not in entry.detail + entry.object_repr


def test_a_read_that_fails_part_way_is_not_logged_as_shown(noted, manager):
    def fail_after_reading() -> None:
        with Reader(manager, purpose="problem_solving") as reader:
            assert reader.show(noted).victim_notes == VICTIMS
            raise RuntimeError("the page failed before anything was shown")

    with pytest.raises(RuntimeError):
        fail_after_reading()
    assert not _reads().exists()


def test_related_records_come_back_wrapped(noted, manager, make_user, charity):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    reader = Reader(viewer, purpose="problem_solving", log=False)
    member = reader.show(noted).members.get(user=viewer)
    assert member.user is WITHHELD  # who a member is: restricted
    assert member.problem.victim_notes is WITHHELD
    assert str(member) == f"Member {member.pk}"  # its name would print the person
    assert all(m.user is WITHHELD for m in reader.show(noted).members.all())
    with pytest.raises(AttributeError):
        member.save  # noqa: B018 - a method on a record with withheld fields is not answered


def test_a_shown_record_cannot_be_written_through(noted, manager):
    shown = Reader(manager, purpose="problem_solving", log=False).show(noted)
    with pytest.raises(AttributeError):
        shown.victim_notes = "changed"


@pytest.mark.parametrize("declared", sorted(DATA_CLASSES), ids=str)
def test_every_declared_non_public_field_is_withheld_from_an_unrelated_user(
    declared, make_user, charity
):
    """Generated from the declaration: a field declared today is covered today."""
    from django.apps import apps

    model = apps.get_model(declared)
    stranger = make_user("stranger", charity, Role.OFFICER)
    reader = Reader(stranger, purpose="problem_solving", log=False)
    obj = model(pk=10**9)  # not stored: the read model decides from the declaration
    shown = reader.show(obj)
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if field_class(obj, model_field.name) != DataClass.PUBLIC:
            assert shown.visible(model_field.name) is False, model_field.name


# What the pages and the API needed of the core ---------------------------------------------


def test_a_staff_record_reached_from_a_problem_is_read_on_that_problem(
    noted, manager, make_user, charity
):
    """A user has no problem of their own: reached from a member, their name is read (and
    audited) on the member's problem, and withheld from those it is not shared with there."""
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    with Reader(manager, purpose="problem_solving") as reader:
        member = reader.show(noted).members.get(user=viewer)
        assert member.user.get_full_name() == "Viewer Tester"
        assert name_of(member.user) == "Viewer Tester"
        assert str(member.user) == "Viewer Tester"
    entry = _reads().get()
    assert {"member.user", "user.first_name", "user.last_name"} <= set(entry.fields)
    assert entry.problem_pk == noted.pk

    with Reader(viewer, purpose="problem_solving") as reader:
        user = reader.show(noted).members.get(user=manager).user
        assert user is WITHHELD
        assert name_of(user) is WITHHELD
    staff = Reader(viewer, purpose="problem_solving", log=False).show(manager)
    assert staff.get_full_name() is WITHHELD  # a method made of withheld fields is withheld
    assert str(staff) == f"User {manager.pk}"


def test_a_relation_id_follows_its_field(noted, manager, make_user, charity):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    lead = Reader(manager, purpose="problem_solving", log=False).show(noted)
    assert lead.lead_organisation_id == noted.lead_organisation_id  # public: an int
    member = Reader(viewer, purpose="problem_solving", log=False).show(noted.members.first())
    assert member.user_id is WITHHELD
    assert member.problem_id == noted.pk


def test_a_purpose_is_asked_only_of_those_it_would_show_something(
    noted, manager, make_user, charity
):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    assert Reader(manager, log=False).show(noted).asks_purpose("victim_notes")
    assert Reader(manager, log=False).show(noted).needs_purpose
    assert not Reader(viewer, log=False).show(noted).needs_purpose
    assert not Reader(manager, purpose="problem_solving", log=False).show(noted).needs_purpose


def test_the_entries_name_the_record_read_and_what_was_read(noted, manager):
    member = noted.members.first() or member_add(
        user=manager, problem=noted, person=manager, role=MemberRole.LEAD
    )
    with Reader(manager, purpose="problem_solving", what="a test page", about=member) as reader:
        assert reader.show(noted).victim_notes == VICTIMS
    entry = _reads().get()
    assert (entry.object_type, entry.object_id) == ("problems.member", str(member.pk))
    assert entry.object_repr == "a test page"


def test_staff_reached_from_a_problem_are_judged_on_that_problem(
    noted, manager, make_user, charity
):
    """A member of staff has no problem of their own: reached from a problem's record, their
    name is restricted on that problem (shown to the lead with a purpose, audited, naming them;
    withheld from a partner the sharing record does not name)."""
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    with Reader(manager, purpose="problem_solving") as reader:
        member = reader.show(noted).members.get(user=viewer)
        assert member.user.last_name == "Tester"
    entry = _reads().get()
    assert "user.last_name" in entry.fields
    assert f"|accounts.user:{viewer.pk}|" in entry.subjects

    with Reader(viewer, purpose="problem_solving") as reader:
        member = reader.show(noted).members.get(user=viewer)
        assert member.user is WITHHELD
        assert reader.show(viewer, within=noted).last_name is WITHHELD
    assert not reader.personal_data


def test_a_relation_read_by_its_column_name_gives_the_number(noted, manager, make_user, charity):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    _join(manager, noted, viewer)
    lead = Reader(manager, purpose="problem_solving", log=False)
    assert lead.show(noted).members.get(user=viewer).problem_id == noted.pk
    assert lead.show(noted).members.get(user=viewer).user_id == viewer.pk
    partner = Reader(viewer, purpose="problem_solving", log=False)
    assert partner.show(noted).members.get(user=viewer).user_id is WITHHELD


def test_what_is_withheld_is_judged_record_by_record_where_a_class_depends_on_it(noted, manager):
    """A reader remembers a model's withheld fields on a problem only where no field's class
    depends on the record: a document's file is restricted only when it holds personal data."""
    from clearhold.documents.models import GeneratedDocument

    personal = GeneratedDocument(problem=noted, personal_data=True)
    plain = GeneratedDocument(problem=noted, personal_data=False)
    with Reader(manager) as reader:  # no purpose: nothing restricted shows
        assert {"file", "inputs"} <= reader.show(personal).withheld
        assert not {"file", "inputs"} & reader.show(plain).withheld
        assert {"file", "inputs"} <= reader.show(personal).withheld
        assert "victim_notes" in reader.show(noted).withheld
        assert "victim_notes" in reader.show(noted).withheld  # remembered: the same answer


def test_a_lazily_wrapped_record_is_read_as_its_own_model(noted, manager):
    """``request.user`` reaches the read model as a SimpleLazyObject, whose type is the
    wrapper's whatever it wraps: fields are looked up by the wrapped model, so a name asked of
    one wrapped record never answers for another model's (here a restricted field would be
    read as a method, unaudited)."""
    from django.utils.functional import SimpleLazyObject

    with Reader(manager, purpose="problem_solving") as reader:
        with pytest.raises(AttributeError):
            _ = reader.show(SimpleLazyObject(lambda: manager)).victim_notes
        assert reader.show(SimpleLazyObject(lambda: noted)).victim_notes == VICTIMS
    assert "problem.victim_notes" in _reads().get().fields
