"""Importing residents, units and ownership from a roster file (.xlsx or .csv): the life of an import batch.

upload_roster → check_batch (at once for small files, in a background task for large ones) → the preview with
its row-by-row report → commit_batch → run_import, which checks the rows again against the roster as it is now
and writes them in one transaction: all of them or none. The uploaded file is kept encrypted until the batch is
imported or discarded, then wiped (PIPL Art. 19: no longer than the purpose needs).
"""

import logging
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotFound, NotPermitted
from yishi.audit.models import Channel
from yishi.people import crypto
from yishi.people.acting import acting_role
from yishi.people.domain.roles import Capability
from yishi.people.domain.roster import RosterFileError, map_headers
from yishi.people.models import ImportBatch, ImportMode, ImportStatus
from yishi.people.permissions import require
from yishi.people.roster_check import Checked, check_rows, current_language
from yishi.people.roster_writer import write_outcome
from yishi.people.spreadsheets import read_table
from yishi.places.models import Place, PlaceKind

logger = logging.getLogger(__name__)

# Files up to this many rows are checked and imported while the page waits; larger ones go to the task worker.
INLINE_ROWS = 500
MAX_STORED_ERRORS = 5000
IMPORT_PLACE_KINDS = {PlaceKind.DISTRICT, PlaceKind.STREET, PlaceKind.COMMUNITY}


def _notice(template: str | Promise, **params: str | Promise) -> dict[str, str]:
    """A message kept on the batch in both languages, its parameters translated too."""
    notice: dict[str, str] = {}
    for key, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            notice[key] = str(template) % {name: str(value) for name, value in params.items()}
    return notice


def _file_error(error: RosterFileError) -> ActionError:
    return ActionError(error.message(current_language()), code=error.code, field="file")


@transaction.atomic
def _create_batch(
    *, actor: Actor, place: Place, file_name: str, content: bytes, file_format: str, rows: int, ignored: Sequence[str]
) -> ImportBatch:
    batch = ImportBatch.objects.create(
        place=place,
        created_by=actor.user,  # type: ignore[misc]
        file_name=file_name[:200],
        file_format=file_format,
        file_size=len(content),
        content_ciphertext=crypto.encrypt_bytes(content),
        status=ImportStatus.CHECKING,
        total_rows=rows,
        progress_total=rows,
        ignored_columns=list(ignored),
    )
    record_audit(
        actor=actor,
        verb="roster.upload",
        target=batch,
        place=place,
        changes={"file_name": [None, batch.file_name], "rows": [None, rows]},
    )
    if rows > INLINE_ROWS:
        from yishi.people.tasks import check_import

        transaction.on_commit(lambda: check_import.enqueue(batch.pk))
    return batch


def upload_roster(*, actor: Actor, place: Place, file_name: str, content: bytes) -> ImportBatch:
    """Receive a roster file for `place`: refuse what is no roster, keep it encrypted, and check its rows
    (at once when small, else in the background)."""
    require(actor.user, Capability.IMPORT_ROSTER, place)  # type: ignore[arg-type]
    if place.kind not in IMPORT_PLACE_KINDS:
        raise ActionError(
            _("Import into a community, a street or a district."), code="import_place_kind", field="place"
        )
    try:
        table = read_table(content)
        headers = map_headers(table.headers)
        if not table.rows:
            raise RosterFileError("no_rows")
    except RosterFileError as error:
        raise _file_error(error) from error
    batch = _create_batch(
        actor=actor,
        place=place,
        file_name=file_name,
        content=content,
        file_format=table.file_format,
        rows=len(table.rows),
        ignored=headers.ignored,
    )
    if batch.total_rows <= INLINE_ROWS:
        check_batch(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def _store_check(batch: ImportBatch, checked: Checked) -> None:
    batch.total_rows = checked.total
    bad = checked.bad_rows
    batch.error_rows = len(bad)
    batch.valid_rows = checked.total - len(bad)
    batch.error_count = len(checked.problems)
    batch.errors = [problem.as_json(checked.headers) for problem in checked.problems[:MAX_STORED_ERRORS]]
    batch.summary = checked.importable.summary()
    batch.progress_done = batch.progress_total = checked.total


def _content(batch: ImportBatch) -> bytes:
    return crypto.decrypt_bytes(batch.content_ciphertext)


def check_batch(*, batch_id: int) -> None:
    """Check the rows of an uploaded file and store the report. Idempotent: only a batch being checked is checked."""
    batch = ImportBatch.objects.select_related("place", "created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportStatus.CHECKING:
        return
    try:
        checked = check_rows(content=_content(batch), place=batch.place, user=batch.created_by, batch_id=batch.pk)
    except RosterFileError as error:
        _fail(batch, {"zh": error.message("zh"), "en": error.message("en")})
        return
    except Exception:
        logger.exception("Checking roster import %s failed", batch_id)
        _fail(batch, _notice(_("The file could not be checked because of an error on our side.")))
        return
    _store_check(batch, checked)
    batch.status = ImportStatus.CHECKED
    batch.save()


def _fail(batch: ImportBatch, notice: dict[str, str]) -> None:
    batch.status = ImportStatus.FAILED
    batch.notice = notice
    batch.content_ciphertext = ""
    batch.save()


def commit_batch(*, actor: Actor, batch: ImportBatch, mode: str, expected_rows: int) -> ImportBatch:
    """Confirm the import: every row (only when all are valid), or explicitly only the valid ones."""
    require(actor.user, Capability.IMPORT_ROSTER, batch.place)  # type: ignore[arg-type]
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("place", "created_by").get(pk=batch.pk)
        if batch.status != ImportStatus.CHECKED:
            raise ActionError(_("This import is not waiting for confirmation."), code="import_state")
        if mode == ImportMode.ALL and batch.error_rows:
            raise ActionError(
                _("Some rows have errors: fix the file, or choose to import only the valid rows."),
                code="import_has_errors",
                field="mode",
            )
        if mode == ImportMode.VALID_ONLY and (batch.valid_rows == 0 or expected_rows != batch.valid_rows):
            raise ActionError(
                _("The number of valid rows has changed; look at the report again."), code="import_count", field="mode"
            )
        if mode not in ImportMode.values:
            raise ActionError(_("Choose what to import."), code="import_mode", field="mode")
        batch.status = ImportStatus.IMPORTING
        batch.mode = mode
        batch.notice = {}
        batch.progress_done = 0
        batch.save()
        if batch.total_rows > INLINE_ROWS:
            from yishi.people.tasks import run_import_task

            batch_id = batch.pk
            transaction.on_commit(lambda: run_import_task.enqueue(batch_id))
    if batch.total_rows <= INLINE_ROWS:
        run_import(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def run_import(*, batch_id: int) -> None:
    """Check the rows again against the roster as it is now, then write them in one transaction.
    Idempotent: only a batch marked for import is imported, and it is marked done in the same transaction."""
    batch = ImportBatch.objects.select_related("place", "created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportStatus.IMPORTING:
        return
    try:
        checked = check_rows(content=_content(batch), place=batch.place, user=batch.created_by, batch_id=batch.pk)
    except RosterFileError as error:
        _fail(batch, {"zh": error.message("zh"), "en": error.message("en")})
        return
    changed = (batch.mode == ImportMode.ALL and checked.problems) or (
        batch.mode == ImportMode.VALID_ONLY and checked.total - len(checked.bad_rows) != batch.valid_rows
    )
    if changed:
        _store_check(batch, checked)
        batch.status = ImportStatus.CHECKED
        batch.notice = _notice(_("The roster changed since the check; nothing was written. Look at the report again."))
        batch.save()
        return
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportStatus.IMPORTING:
                return
            actor = Actor(
                user=batch.created_by,
                acting_role=acting_role(batch.created_by, Capability.IMPORT_ROSTER, batch.place),
                channel=Channel.IMPORT,
            )
            counts = write_outcome(actor=actor, batch=batch, outcome=checked.importable)
            record_audit(
                actor=actor,
                verb="roster.import",
                target=batch,
                place=batch.place,
                changes={key: [None, value] for key, value in counts.items()},
                note=batch.file_name,
            )
            locked.status = ImportStatus.IMPORTED
            locked.summary = counts
            locked.imported_at = timezone.now()
            locked.content_ciphertext = ""
            locked.progress_done = locked.progress_total
            locked.notice = {}
            locked.save()
    except (ActionError, IntegrityError) as error:
        reason = error.message if isinstance(error, ActionError) else _("Someone changed the roster at the same time.")
        batch.refresh_from_db()
        batch.status = ImportStatus.CHECKED
        batch.notice = _notice(_("Nothing was written: %(reason)s"), reason=reason)
        batch.save()
    except Exception:
        logger.exception("Roster import %s failed", batch_id)
        batch.refresh_from_db()
        _fail(batch, _notice(_("The import failed because of an error on our side; nothing was written.")))


def discard_batch(*, actor: Actor, batch: ImportBatch) -> ImportBatch:
    """Drop an import that was not wanted; the file is wiped."""
    require(actor.user, Capability.IMPORT_ROSTER, batch.place)  # type: ignore[arg-type]
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in {ImportStatus.CHECKED, ImportStatus.FAILED}:
            raise ActionError(_("Only a checked or failed import can be discarded."), code="import_state")
        batch.status = ImportStatus.DISCARDED
        batch.content_ciphertext = ""
        batch.save()
        record_audit(actor=actor, verb="roster.discard", target=batch, place=batch.place)
    return batch


def get_batch(*, user: Any, batch_id: int) -> ImportBatch:
    """A batch its uploader (or an administrator) may see, while they may still import at its place."""
    batch = ImportBatch.objects.select_related("place", "created_by").filter(pk=batch_id).first()
    if batch is None:
        raise NotFound()
    if not user.is_superuser and batch.created_by_id != user.pk:
        raise NotPermitted()
    require(user, Capability.IMPORT_ROSTER, batch.place)
    return batch
