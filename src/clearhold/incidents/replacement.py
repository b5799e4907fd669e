"""Who may replace a police.uk force-month the store already holds, and when a replacement
needs a second confirmation.

police.uk data is shared: every partnership's hotspots and evaluations read the same
force-months. So a newer download replaces a force-month only when it is imported by the
organisation that imported the rows held, or by an administrator, or from the command line run
without a user (the server's operator). A replacement that removes more than half of a
force-month's rows also needs a second, explicit confirmation naming the counts, so that a
one-row file cannot silently stand in for 749 incidents.
"""

from __future__ import annotations

from typing import Any

from clearhold.accounts.models import Organisation
from clearhold.incidents.models import ImportBatch, ImportStatus

PlanEntry = dict[str, Any]


def acts_for_everyone(batch: ImportBatch) -> bool:
    """Whether the batch's importer may replace any force-month: an administrator, or the
    command line run without a user."""
    user = batch.created_by
    return user is None or user.is_administrator


def replacement_refusal(batch: ImportBatch, plan: list[PlanEntry]) -> str | None:
    """A sentence naming the force-months in ``plan`` that ``batch``'s organisation did not
    import and so may not replace, or None when it may replace them all."""
    if not plan or acts_for_everyone(batch):
        return None
    held = {pk for entry in plan for pk in entry["batches"]}
    owners = dict(ImportBatch.objects.filter(pk__in=held).values_list("pk", "organisation_id"))
    mine = batch.organisation_id
    refused = [
        entry
        for entry in plan
        if mine is None or any(owners.get(pk) != mine for pk in entry["batches"])
    ]
    if not refused:
        return None
    holders = {owners.get(pk) for entry in refused for pk in entry["batches"]} - {mine}
    names = sorted(Organisation.objects.filter(pk__in=holders).values_list("name", flat=True))
    if None in holders:
        names.append("the command line")
    months = ", ".join(f"{entry['force']} {entry['month']}" for entry in refused)
    return (
        f"The store already holds {months}, imported by {' and '.join(names)}. Only the "
        "organisation that imported a force-month, or an administrator, can replace it. "
        "Nothing was stored. Remove those months from the file, or ask them to import it."
    )


def large_removals(plan: list[PlanEntry]) -> list[PlanEntry]:
    """The force-months of ``plan`` whose replacement removes more than half the rows held."""
    return [
        {key: entry[key] for key in ("force", "month", "removed", "stored_rows")}
        for entry in plan
        if 2 * entry["removed"] > entry["stored_rows"]
    ]


def removal_counts(large: list[PlanEntry]) -> str:
    """The large removals in words: "748 of 749 incidents for Cambridgeshire … 2024-01"."""
    return "; and ".join(
        f"{entry['removed']:,} of {entry['stored_rows']:,} incidents for {entry['force']} "
        f"{entry['month']}"
        for entry in large
    )


def removal_sentence(large: list[PlanEntry]) -> str:
    """What the confirmer ticks: "I understand this removes 748 of 749 incidents for …"."""
    return f"I understand this removes {removal_counts(large)}"


def removals_understood(batch: ImportBatch, plan: list[PlanEntry]) -> bool:
    """Whether the confirmer said they understood exactly this plan's large removals."""
    large = large_removals(plan)
    return not large or batch.removals_understood == large


def replacement_stop(batch: ImportBatch, plan: list[PlanEntry]) -> tuple[str, str] | None:
    """The status and message a batch finishes with, nothing stored, when its replacement
    ``plan`` is refused or still needs the user's confirmation; None when it may be stored."""
    refusal = replacement_refusal(batch, plan)
    if refusal:
        return ImportStatus.REJECTED, refusal
    if plan and not batch.replace_force_months:
        months = ", ".join(f"{p['force']} {p['month']}" for p in plan)
        return (
            ImportStatus.NEEDS_CONFIRMATION,
            f"The store already holds an earlier download of {months}. Check the difference "
            "and confirm to replace it. Nothing has changed yet.",
        )
    if not removals_understood(batch, plan):
        return (
            ImportStatus.NEEDS_CONFIRMATION,
            f"This replacement removes more than half of what the store holds: "
            f"{removal_counts(large_removals(plan))}. Nothing has changed yet; confirm it on "
            "the import’s page, saying you understand.",
        )
    return None
