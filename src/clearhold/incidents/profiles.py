"""Column-mapping profiles for partner files: the shipped ones, and those users save."""

from __future__ import annotations

from django.db import transaction

from clearhold.incidents.models import MappingProfileRecord
from clearhold.ingest import BUILTIN_PROFILES, MappingProfile


def profile_for(name: str) -> MappingProfile:
    """The profile called ``name``: a saved one first, else a shipped one."""
    record = MappingProfileRecord.objects.filter(name=name).first()
    if record is not None:
        return MappingProfile.from_dict(record.definition)
    if name in BUILTIN_PROFILES:
        return BUILTIN_PROFILES[name]
    raise KeyError(name)


def profile_list() -> list[tuple[MappingProfile, bool]]:
    """Every profile with whether it was saved by a user (True) or ships with ClearHold."""
    saved = {
        r.name: MappingProfile.from_dict(r.definition) for r in MappingProfileRecord.objects.all()
    }
    shipped = {n: p for n, p in BUILTIN_PROFILES.items() if n not in saved}
    both = [(p, True) for p in saved.values()] + [(p, False) for p in shipped.values()]
    return sorted(both, key=lambda item: item[0].label)


def profile_choices() -> list[tuple[str, str]]:
    """(name, label) of every mapping profile, shipped and saved, for partner files."""
    saved = {p.name: p.label for p in MappingProfileRecord.objects.all()}
    shipped = {n: p.label for n, p in BUILTIN_PROFILES.items() if n not in saved}
    return sorted({**shipped, **saved}.items(), key=lambda item: item[1])


@transaction.atomic
def mapping_profile_save(*, profile: MappingProfile, organisation=None) -> MappingProfileRecord:
    """Create or update the saved profile with this name."""
    record, _ = MappingProfileRecord.objects.update_or_create(
        name=profile.name,
        defaults={
            "label": profile.label,
            "definition": profile.to_dict(),
            "organisation": organisation,
        },
    )
    return record
