"""The data-class declaration: which fields of which models carry which class (public to the
partnership, restricted, special category) and the path from a record to its problem.

Apart from ``authz`` (the rules and the guards that ask them) so each module holds one job; its
names are read from ``clearhold.authz`` as before. Pure data and lookups: no rule is asked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

# Data classes ------------------------------------------------------------------------------
#
# Every field of every model carries one of three classes. The declaration below is the one
# place that says which; ``may_see`` asks the rule registered for a class whether a user may see
# it on a problem, and ``visible_fields`` lists what of an object a user may see. A model or
# field nobody declared counts as restricted, so a new field is hidden until someone classifies
# it.


class DataClass(models.TextChoices):
    PUBLIC = "public", "Public to the partnership"
    RESTRICTED = "restricted", "Restricted (personal data)"
    SPECIAL = "special", "Special category (health, vulnerability, criminal allegations)"


SHARED_CLASSES = (DataClass.RESTRICTED, DataClass.SPECIAL)


@dataclass(frozen=True)
class FieldGroup:
    """Fields of one model that carry ``data_class`` (only while ``when`` is true, if given)."""

    name: str
    data_class: DataClass
    fields: tuple[str, ...]
    when: str = ""


@dataclass(frozen=True)
class ModelData:
    """The classes of one model's fields: ``default`` for every field outside a group.
    ``problem`` is the dotted path from an object to its problem ("" when it has none)."""

    model: str
    problem: str
    default: DataClass
    groups: tuple[FieldGroup, ...] = ()


_PUBLIC, _RESTRICTED, _SPECIAL = DataClass.PUBLIC, DataClass.RESTRICTED, DataClass.SPECIAL


def _public(model: str, problem: str = "", *groups: FieldGroup) -> ModelData:
    return ModelData(model, problem, _PUBLIC, groups)


DECLARED: tuple[ModelData, ...] = (
    # Staff act for their organisations; who they are is personal data, their role is not.
    _public("accounts.organisation"),
    ModelData(
        "accounts.user",
        "",
        _RESTRICTED,
        (FieldGroup("role", _PUBLIC, ("organisation", "role", "job_title", "is_active")),),
    ),
    # A second factor's secrets and where a person is signed in are about that person.
    ModelData("accounts.recoverycodedevice", "", _RESTRICTED),
    ModelData("accounts.recoverycode", "", _RESTRICTED),
    ModelData("accounts.signedinsession", "", _RESTRICTED),
    ModelData("audit.auditentry", "", _RESTRICTED),
    # Places are buildings and land; incidents are anonymised police.uk open data.
    _public("places.premises"),
    _public("places.site"),
    _public("places.unit"),
    _public("incidents.mappingprofilerecord"),
    _public("incidents.importbatch"),
    _public("incidents.importfile"),
    _public("incidents.incident"),
    _public("incidents.storeversion"),
    _public(
        "problems.problem",
        "",
        FieldGroup("victims and activity", _RESTRICTED, ("victim_notes",)),
        FieldGroup("allegations about offenders", _SPECIAL, ("offender_notes",)),
    ),
    _public("problems.partnerorganisation", "problem"),
    _public("problems.member", "problem", FieldGroup("who the member is", _RESTRICTED, ("user",))),
    ModelData(
        "problems.vulnerableperson",
        "problem",
        _SPECIAL,
        (FieldGroup("problem", _PUBLIC, ("problem",)),),
    ),
    _public("problems.objective", "problem"),
    _public("problems.action", "problem"),
    _public("problems.meeting", "problem"),
    _public("problems.review", "problem"),
    _public("powers.operation", "problem"),
    _public("powers.listing", "operation.problem"),
    _public("powers.closure", "problem"),
    _public("powers.engagement", "closure.problem"),
    _public("powers.closurenotice", "closure.problem"),
    _public("powers.serviceevent", "notice.closure.problem"),
    _public("powers.hearing", "closure.problem"),
    _public("powers.closureorder", "closure.problem"),
    _public("powers.orderextension", "order.closure.problem"),
    _public(
        "powers.appeal", "closure.problem", FieldGroup("appellant", _RESTRICTED, ("appellant",))
    ),
    _public("powers.closurecost", "closure.problem"),
    # The partnership's enforcement record of a person: shared only for enforcement.
    ModelData(
        "powers.person", "problem", _RESTRICTED, (FieldGroup("problem", _PUBLIC, ("problem",)),)
    ),
    ModelData("powers.enforcementstep", "person.problem", _RESTRICTED),
    # A breach's when, where, offence and penalty are the partnership's; who was seen, and what
    # was seen (an officer's account, which can name or describe people), are personal data.
    _public(
        "powers.breach",
        "closure.problem",
        FieldGroup(
            "who was seen", _RESTRICTED, ("person", "person_description", "video_reference")
        ),
        FieldGroup("what was seen", _RESTRICTED, ("seen",)),
    ),
    _public("documents.documenttemplate"),
    _public(
        "documents.generateddocument",
        "problem",
        FieldGroup(
            "content with personal data", _RESTRICTED, ("file", "inputs"), when="personal_data"
        ),
    ),
    _public("documents.documentdetails", "problem"),
    # A background run: what the maker chose, and the note they gave with their purpose.
    _public(
        "documents.documentrun", "problem", FieldGroup("the maker's note", _RESTRICTED, ("note",))
    ),
    _public(
        "documents.consultationresponse",
        "problem",
        FieldGroup("what the household said", _RESTRICTED, ("reason", "reply")),
    ),
    # Its target group is drafted from the victims notes (restricted), never from the offenders.
    _public(
        "documents.practicewriteup",
        "problem",
        FieldGroup("whom the problem is about", _RESTRICTED, ("target_group",)),
    ),
    # A file attached to a record: what it is and what it says are personal data by default (a
    # letter names its writer, minutes those present); where it is filed and its digest are not.
    ModelData(
        "attachments.attachment",
        "problem",
        _RESTRICTED,
        (
            FieldGroup(
                "where it is filed",
                _PUBLIC,
                ("problem", "content_type", "object_id", "kind", "size", "sha256"),
            ),
            FieldGroup("who added it and when", _PUBLIC, ("uploaded_by", "uploaded_at")),
        ),
    ),
    # A person's digest choices and the log of digests sent: whose they are is personal data;
    # the log keeps only the keys of what it listed (e.g. "action-12"), never the text.
    _public("notifications.digestsettings", "", FieldGroup("whose", _RESTRICTED, ("user",))),
    _public("notifications.digestsent", "", FieldGroup("to whom", _RESTRICTED, ("user",))),
    # Residents' survey: answers hold no names; free text is personal data until a member has
    # read it and marked it free of names (shown_text); the one-time code's digest is a secret.
    _public("surveys.survey", "problem"),
    _public("surveys.question", "survey.problem"),
    _public("surveys.wave", "survey.problem"),
    _public(
        "surveys.householdcode",
        "wave.survey.problem",
        FieldGroup("the code", _RESTRICTED, ("digest",)),
    ),
    _public(
        "surveys.response",
        "wave.survey.problem",
        FieldGroup("who keyed it", _RESTRICTED, ("keyed_by",)),
    ),
    _public(
        "surveys.answer",
        "response.wave.survey.problem",
        FieldGroup("unread free text", _RESTRICTED, ("text", "reviewed_by")),
    ),
    _public("surveys.surveyobjective", "problem"),
    _public("surveys.surveyversion"),
    # Residents' reports from the public pages: what was reported, where and when is the
    # partnership's to act on (never shown publicly); who the resident is, their photo (faces,
    # homes) and the digests of their address and device are personal data.
    _public("resident_reports.reportingpage", "problem"),
    _public(
        "resident_reports.residentreport",
        "problem",
        FieldGroup(
            "who the resident is",
            _RESTRICTED,
            ("contact_name", "contact_email", "contact_phone", "sender_digest", "device_digest"),
        ),
    ),
    ModelData(
        "resident_reports.reportphoto",
        "report.problem",
        _RESTRICTED,
        (
            FieldGroup(
                "which report and kind of file",
                _PUBLIC,
                ("report", "content_type", "size", "sha256"),
            ),
        ),
    ),
    _public("resident_reports.reportupdate", "page.problem"),
    _public("sharing.sharingrecord", "problem"),
    _public("sharing.recipient", "record.problem"),
    # A personal API token: what it is for and when it was made, used and revoked say nothing
    # about a person; whose it is does (the change tracking keeps it, saying why), and its
    # digest is a credential.
    _public(
        "api.apitoken",
        "",
        FieldGroup("whose token", _RESTRICTED, ("user",)),
        FieldGroup("the credential", _RESTRICTED, ("digest",)),
    ),
    # A task worker process's heartbeat: a server's name and a process number, no person.
    _public("serving.workerheartbeat"),
)
DATA_CLASSES: dict[str, ModelData] = {declared.model: declared for declared in DECLARED}


def _label(obj: Any) -> str:
    return obj if isinstance(obj, str) else obj._meta.label_lower


def field_class(obj: Any, field: str) -> DataClass:
    """The class of ``field`` of ``obj`` (a model instance, or a label for the static class)."""
    declared = DATA_CLASSES.get(_label(obj))
    if declared is None:
        return _RESTRICTED
    for group in declared.groups:
        if field in group.fields:
            if group.when and (isinstance(obj, str) or not getattr(obj, group.when)):
                continue
            return group.data_class
    return declared.default


def classes_vary(model: str) -> bool:
    """Whether a field of ``model`` has a class that depends on the record (a group with
    ``when``): then :func:`field_class` must be asked record by record."""
    declared = DATA_CLASSES.get(model)
    return declared is not None and any(group.when for group in declared.groups)


def fields_of_class(model: str, data_class: DataClass) -> tuple[str, ...]:
    """The declared fields of ``model`` in ``data_class`` (groups only, not the default)."""
    declared = DATA_CLASSES.get(model)
    if declared is None:
        return ()
    return tuple(f for g in declared.groups if g.data_class == data_class for f in g.fields)


def problem_of(obj: Any) -> Any:
    """The problem an object belongs to, by its declared path (None when it has none)."""
    label = _label(obj)
    if label == "problems.problem":
        return obj
    declared = DATA_CLASSES.get(label)
    if declared is None or not declared.problem:
        return None
    for step in declared.problem.split("."):
        obj = getattr(obj, step, None)
    return obj


# The fields a record's name (its ``str``) is made of, for records whose name may be shown while
# some of their other fields are withheld (the read model prints the name only when these are
# visible; any other record with a withheld field is named by its kind and number).
NAMED_BY: dict[str, tuple[str, ...]] = {
    "problems.problem": ("title",),
    "powers.closure": ("premises_description",),
    "powers.breach": ("breach_of", "occurred_at"),
    "documents.generateddocument": ("title", "format"),
    "documents.consultationresponse": ("unit", "stance"),
}
