"""Importing incident files into the store: all-or-nothing per batch, idempotent, replaceable.

A batch goes QUEUED → RUNNING → one of: STORED, REJECTED (row errors, nothing stored),
DUPLICATE (every file already imported), NEEDS_CONFIRMATION (a newer police.uk download of a
force-month already held: the difference is shown and nothing changes until the user
confirms), FAILED (an unexpected fault: nothing stored). Files are read by the pure
``clearhold.ingest`` readers; rows are written by ``store.incidents_bulk_insert`` inside one
transaction together with the batch's own record, so the store never holds half a batch.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.incidents.models import (
    ImportBatch,
    ImportFile,
    ImportStatus,
    Incident,
)
from clearhold.incidents.permissions import INCIDENTS_BATCH_CONFIRM
from clearhold.incidents.profiles import profile_choices, profile_for
from clearhold.incidents.queue import batch_claim, importer_refusal
from clearhold.incidents.replacement import (
    large_removals,
    removal_sentence,
    replacement_refusal,
    replacement_stop,
)
from clearhold.incidents.store import incidents_bulk_insert, incidents_lock_for_replacement
from clearhold.ingest import (
    IncidentTable,
    ReadResult,
    problems_found,
    read_mapped,
    read_policeuk,
    row_keys,
)

log = logging.getLogger(__name__)

POLICEUK = "policeuk"
ERRORS_KEPT = 10_000
Progress = Callable[[int, str], None]


class ImportRefused(ValueError):
    """The import cannot start (e.g. an unknown profile); the message says why."""


@dataclass(frozen=True)
class IncomingFile:
    """A file to import: a path on disk, and the name the user knows it by."""

    path: Path
    name: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sources_available() -> list[tuple[str, str]]:
    """(name, label) of every source a user can import: police.uk and each mapping profile,
    each once (police.uk is also a shipped profile, read by its own reader, not listed again)."""
    return [
        (POLICEUK, "police.uk street-level crime and ASB (CSV)"),
        *((name, label) for name, label in profile_choices() if name != POLICEUK),
    ]


@transaction.atomic
def import_batch_create(
    *,
    user: Any,
    source: str,
    files: Iterable[IncomingFile],
    keep_valid_rows: bool = False,
    replace_force_months: bool = False,
    copy_to: Path | None = None,
) -> ImportBatch:
    """Record a batch and its files (copied under ``copy_to``/<batch id> when given). Files
    copied there are kept by name, so two of one name are refused: the second would overwrite
    the first, which would then be recorded as imported but never read."""
    files = list(files)
    if not files:
        raise ImportRefused("Choose at least one file to import.")
    if copy_to is not None:
        _refuse_repeated_names(files)
    if source != POLICEUK and source not in dict(profile_choices()):
        raise ImportRefused(f"There is no mapping profile called “{source}”.")
    importer = user if getattr(user, "is_authenticated", False) else None
    batch = ImportBatch.objects.create(
        source=source,
        created_by=importer,
        organisation=importer.organisation if importer else None,
        keep_valid_rows=keep_valid_rows,
        replace_force_months=replace_force_months,
        progress_message="Waiting to start",
    )
    for incoming in files:
        path = incoming.path
        if copy_to is not None:
            folder = copy_to / str(batch.pk)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / Path(incoming.name).name
            shutil.copyfile(incoming.path, path)
        ImportFile.objects.create(
            batch=batch,
            name=incoming.name,
            path=str(path),
            sha256=_sha256(path),
            size=path.stat().st_size,
        )
    return batch


def _refuse_repeated_names(files: list[IncomingFile]) -> None:
    names = Counter(Path(f.name).name for f in files)
    repeated = sorted(name for name, count in names.items() if count > 1)
    if repeated:
        raise ImportRefused(
            f"More than one of the files is called “{repeated[0]}”. Nothing was imported: "
            "rename one, or import them one at a time."
        )


def _progress_writer(batch: ImportBatch, extra: Progress | None) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        percent = int(80 * done / total) if total else 80
        message = f"Reading files: {done / 1e6:.1f} of {total / 1e6:.1f} MB"
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:
            last[0] = now
            ImportBatch.objects.filter(pk=batch.pk).update(
                progress_percent=percent, progress_message=message
            )
        if extra is not None:
            extra(percent, message)  # nosec B610 # a callback, not .extra()

    return report


def _finish(batch: ImportBatch, status: str, message: str, **fields: Any) -> ImportBatch:
    batch.status = status
    batch.message = message
    batch.finished_at = timezone.now()
    batch.progress_percent = 100
    batch.progress_message = batch.get_status_display()
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save()
    return batch


def _error_report(result: ReadResult) -> list[dict[str, Any]]:
    return [
        {"file": e.file, "row": e.row, "column": e.column, "value": e.value, "reason": e.reason}
        for e in result.errors[:ERRORS_KEPT]
    ]


def _read(batch: ImportBatch, paths: list[str], progress: Callable[[int, int], None]) -> ReadResult:
    if batch.source == POLICEUK:
        return read_policeuk(paths, progress=progress)
    return read_mapped(paths, profile_for(batch.source), progress=progress)


def _replacement_plan(
    table: IncidentTable, batch: ImportBatch, keys: np.ndarray
) -> list[dict[str, Any]]:
    """For each police.uk force-month in ``table`` that the store already holds from another
    batch, the difference between the stored rows and the new download (as multisets);
    ``keys`` are the table's row keys."""
    if batch.source != POLICEUK or len(table) == 0:
        return []
    data = table.table
    pairs = data.select(["falls_within", "month"]).group_by(["falls_within", "month"]).aggregate([])
    months = np.asarray(data["month"].to_numpy(zero_copy_only=False), dtype="datetime64[D]")
    forces = np.asarray(data["falls_within"].fill_null("").to_numpy(zero_copy_only=False))
    plan = []
    distinct = zip(
        pairs["falls_within"].fill_null("").to_pylist(), pairs["month"].to_pylist(), strict=True
    )
    for force, month in sorted(distinct):
        held = Incident.objects.filter(source=POLICEUK, force=force, month=month).exclude(
            batch=batch
        )
        stored = Counter(held.values_list("row_key", flat=True))
        if not stored:
            continue
        mask = (forces == force) & (months == np.datetime64(month, "D"))
        new = Counter(keys[mask].tolist())
        plan.append(
            {
                "force": force,
                "month": month.strftime("%Y-%m"),
                "stored_rows": sum(stored.values()),
                "new_rows": int(mask.sum()),
                "added": sum((new - stored).values()),
                "removed": sum((stored - new).values()),
                "batches": sorted(set(held.values_list("batch_id", flat=True))),
            }
        )
    return plan


def already_stored(files: list[ImportFile]) -> dict[str, int]:
    """sha256 → batch id, for each of ``files`` whose content the store already holds."""
    stored = ImportFile.objects.filter(stored=True, sha256__in=[f.sha256 for f in files])
    return dict(stored.values_list("sha256", "batch_id"))


def import_batch_run(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Read the batch's files and store them, or say exactly why not. Never raises for bad
    input; an unexpected fault marks the batch FAILED and leaves the store as it was. Runs only
    a batch still queued, for an importer who may still import (:mod:`incidents.queue`)."""
    if not batch_claim(batch):
        return batch
    refusal = importer_refusal(batch)
    if refusal:
        return _finish(batch, ImportStatus.FAILED, refusal)
    try:
        return _run(batch, progress)
    except Exception:
        log.exception("Import batch %s failed", batch.pk)
        batch.refresh_from_db()
        return _finish(
            batch,
            ImportStatus.FAILED,
            "The import stopped because of a fault in ClearHold. Nothing was stored. "
            "The fault has been logged for the administrators.",
        )


def _run(batch: ImportBatch, progress: Progress | None) -> ImportBatch:
    new_files, skipped = _files_to_read(batch)
    if not new_files:
        return _finish(batch, ImportStatus.DUPLICATE, "Nothing new: " + "; ".join(skipped) + ".")
    result = _read(batch, [f.path for f in new_files], _progress_writer(batch, progress))
    batch.rows_read = result.rows_read
    batch.rows_rejected = result.rejected_rows
    batch.errors_total = len(result.errors)
    batch.error_report = _error_report(result)
    if result.errors and not batch.keep_valid_rows:
        return _finish(
            batch,
            ImportStatus.REJECTED,
            f"{problems_found(result.errors)}. Nothing was stored. Correct the files, "
            "or import again choosing to keep the valid rows and a report of the rest.",
        )
    keys = row_keys(result.table).view(np.int64)
    plan = _replacement_plan(result.table, batch, keys)
    batch.replacement_plan = plan
    stop = replacement_stop(batch, plan)
    if stop is not None:
        return _finish(batch, *stop)
    message = f"Storing {len(result.table):,} incidents"
    ImportBatch.objects.filter(pk=batch.pk).update(progress_percent=85, progress_message=message)
    if progress is not None:
        progress(85, message)
    try:
        _store(batch, result, keys, plan, new_files, skipped)
    except IntegrityError:
        batch.refresh_from_db()
        return _finish(
            batch,
            ImportStatus.DUPLICATE,
            "Another import of the same file finished first. Nothing was stored twice.",
        )
    return batch


def _files_to_read(batch: ImportBatch) -> tuple[list[ImportFile], list[str]]:
    """The batch's files whose content the store does not hold yet, and a sentence for each
    file skipped because it does."""
    files = list(batch.files.order_by("id"))
    held = already_stored(files)
    new_files = [f for f in files if f.sha256 not in held]
    skipped = [
        f"{f.name} was already imported in batch {held[f.sha256]}"
        for f in files
        if f.sha256 in held
    ]
    return new_files, skipped


@transaction.atomic
def _store(
    batch: ImportBatch,
    result: ReadResult,
    keys: np.ndarray,
    plan: list[dict[str, Any]],
    new_files: list[ImportFile],
    skipped: list[str],
) -> None:
    """In one transaction: remove the force-months ``plan`` replaces, insert the rows, mark
    the files stored and finish the batch STORED. An IntegrityError (another import of the
    same file committed first) rolls all of it back."""
    replaced, large = _remove_replaced(batch, plan, len(result.table))
    stored = incidents_bulk_insert(result.table, batch_id=batch.pk, keys=keys, large=large)
    _mark_files_stored(result.table, new_files)
    message = f"Stored {stored:,} incidents."
    if replaced:
        message += f" Replaced {replaced:,} incidents from an earlier download."
    if result.errors:
        message += f" {problems_found(result.errors)}: see the report."
    if skipped:
        message += " Skipped: " + "; ".join(skipped) + "."
    _finish(batch, ImportStatus.STORED, message, rows_stored=stored, rows_replaced=replaced)


def _remove_replaced(
    batch: ImportBatch, plan: list[dict[str, Any]], rows: int
) -> tuple[int, bool | None]:
    """Remove the stored rows of each force-month in ``plan`` (other batches'); the number
    removed, and whether the load of ``rows`` drops and rebuilds the indexes (None: decided
    by the load itself). Every lock on the table is taken before the removals raise the
    change count."""
    replaced, large = 0, None
    if plan:
        removing = sum(entry["stored_rows"] for entry in plan)
        large = incidents_lock_for_replacement(rows, removing)
    for entry in plan:
        replaced += (
            Incident.objects.filter(
                source=POLICEUK, force=entry["force"], month=f"{entry['month']}-01"
            )
            .exclude(batch=batch)
            .delete()[0]
        )
    return replaced, large


def _mark_files_stored(table: IncidentTable, new_files: list[ImportFile]) -> None:
    """Record on each file what was read from it (rows, force, months) and that it is stored."""
    by_path = {str(Path(f.path).resolve()): f for f in table.files}
    for record in new_files:
        read = by_path.get(str(Path(record.path).resolve()))
        record.rows_read = read.rows_read if read else 0
        record.force = (read.force or "") if read else ""
        record.months = list(read.months) if read else []
        record.stored = True
        record.save()


@transaction.atomic
def import_batch_confirm_replacement(
    *, user: Any, batch: ImportBatch, understood: bool = False
) -> ImportBatch:
    """The user has seen the difference and confirms: run again, replacing the force-months.

    Only the importing organisation (or an administrator) confirms; ``user`` None is the
    command line's operator. A replacement removing more than half of a force-month needs
    ``understood``: the confirmer ticked the sentence naming the counts."""
    if user is not None:
        require(user, INCIDENTS_BATCH_CONFIRM, batch)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.NEEDS_CONFIRMATION:
        raise ImportRefused("This import is not waiting for a confirmation.")
    refusal = replacement_refusal(batch, batch.replacement_plan)
    if refusal:
        raise ImportRefused(refusal)
    large = large_removals(batch.replacement_plan)
    if large and not understood:
        raise ImportRefused(
            f"{removal_sentence(large)}: tick the box that says so to confirm this replacement. "
            "Nothing has changed."
        )
    batch.replace_force_months = True
    batch.removals_understood = large
    batch.status = ImportStatus.QUEUED
    batch.progress_percent = 0
    batch.progress_message = "Waiting to start"
    batch.save()
    return batch


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"
