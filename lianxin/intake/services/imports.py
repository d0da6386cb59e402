"""Importing an existing ledger (Excel or CSV): every good row becomes a case through the case
services, every other row comes back in an error workbook with its reason, and nothing repeats.

How an import runs:

1. `create_import` (the upload page) checks the importer's right to register cases for the org and
   the file (format, size), keeps it on an ImportBatch and enqueues `lianxin.intake.tasks.run_import`.
   In production `manage.py db_worker` runs queued imports (settings.TASKS uses django_tasks_db's
   database backend, so the task is queued in the same transaction as the batch); the tests use
   the ImmediateBackend, where enqueueing runs the import at once.
2. `run_import_batch` (the task) reads the file in chunks of 2,000 rows. Each row is checked
   (importing/validation.py); the good rows of a chunk are registered together by
   `cases.services.register_imported_cases`, each on its own date (its number, registration time,
   deadlines and journal agree with the original ledger) and moved on (accept, start, resolve,
   close, reject) as its 办理状态 says, their journals written in the same go. Each chunk commits on
   its own: the page shows progress and a crash loses one chunk at most. Should the chunk be
   refused (a row imported by another upload at the same moment), its rows are tried one by one,
   each in a savepoint, so that only the row at fault is set aside.
3. Repeats: a row's fingerprint (org, day, content, phone) is kept in ImportedRow, so importing the
   same file again, or the same row in another file, creates nothing; a row repeating an earlier
   row of the file, or a case already in the ledger, is reported and not imported.

4. Faults: the file is bounded as it is read (core/importing/limits.py: unpacked size, rows, cells,
   time), and a refusal fails the batch with its reason. A row that raises while it is checked or
   registered is set aside with a reason; the rest go on. Each committed chunk writes the batch's
   heartbeat; a batch whose worker died (no heartbeat for minutes) is re-queued or failed by
   services/import_recovery.py. A re-run starts from the top: rows this batch already imported are
   recognised by their fingerprints and counted, not imported again. A worker stopped mid-import
   (SystemExit, KeyboardInterrupt) fails the batch before it goes.

Personal data: ID numbers are checked (GB 11643 check digit) and used to spot repeats inside the
file, and never stored — not on the case, not in the error workbook. The uploaded file itself is
deleted once the import ends, however it ends; the batch keeps its name and counts.
"""

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.cases import services as cases
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, Category
from lianxin.cases.permissions import can_register_in
from lianxin.core import clock
from lianxin.core.bulk import insert_rows
from lianxin.core.errors import DomainError, InvalidInput, PermissionDenied
from lianxin.core.importing.errors_file import ErrorWorkbook
from lianxin.core.importing.limits import (
    MAX_IMPORT_ROWS,
    memory_limit,
    out_of_memory,
    too_many_rows,
)
from lianxin.core.phones import normalise_phone
from lianxin.intake.importing.columns import LEDGER
from lianxin.intake.importing.parsing import Table, file_kind, open_table
from lianxin.intake.importing.validation import CheckedRow, CleanRow, RowChecker, fingerprint
from lianxin.intake.models import ImportBatch, ImportedRow
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import actionable_orgs

logger = logging.getLogger("lianxin.imports")

MAX_IMPORT_BYTES = 30 * 1024 * 1024
CHUNK_ROWS = 2000


@transaction.atomic
def create_import(*, actor: User, org: Org, upload: UploadedFile) -> ImportBatch:
    """Keep an uploaded ledger and queue its import; only for an org the actor may register cases for."""
    if org.kind == OrgKind.PARTNER or not can_register_in(actor, org):
        raise PermissionDenied(
            _("You may not import cases for %(org)s.") % {"org": org.name},
            code="import.permission_denied",
        )
    check_import_file(upload)
    name = PurePath(upload.name or "import").name[:200]
    batch = ImportBatch.objects.create(org=org, uploaded_by=actor, file=upload, file_name=name)
    record_event(
        target=batch, actor=actor, kind="import_uploaded",
        data={"file": name, "org": org.code, "bytes": upload.size},
    )  # fmt: skip
    from lianxin.intake.tasks import run_import  # the task module imports this one

    run_import.enqueue(batch.pk)
    return batch


def check_import_file(upload: UploadedFile) -> None:
    """An .xlsx or .csv file of at most 30 MB; InvalidInput with the reason otherwise."""
    if not upload.size:
        raise InvalidInput(_("The file is empty."), code="import.file_empty")
    if upload.size > MAX_IMPORT_BYTES:
        raise InvalidInput(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)},
            code="import.file_too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    file_kind(head, upload.name or "")


def importable_orgs(actor: User, org: Org) -> list[Org]:
    """Where rows of an import for `org` may arise: its subtree, where the actor may register cases."""
    return list(actionable_orgs(actor).subtree_of(org).exclude(kind=OrgKind.PARTNER))


def run_import_batch(*, batch_id: int) -> ImportBatch:
    """Import a queued batch (a batch already started or finished is left alone: a task run twice
    does nothing). Deliberately not one transaction: each chunk of rows commits on its own.
    However it ends, the batch is finished (done or failed) and the uploaded file deleted."""
    batch = _claim(batch_id)
    if batch is None:
        return ImportBatch.objects.get(pk=batch_id)
    try:
        with (
            memory_limit(settings.LIANXIN_IMPORT_MEMORY_MB),
            _fewer_collections(),
            batch.file.open("rb") as stream,
            open_table(stream, batch.file_name) as table,
        ):
            errors = _import_table(batch, table)
    except InvalidInput as refused:
        _finish(batch, errors=None, message=refused.message)
    except MemoryError:
        logger.warning("import %s stopped at its memory limit", batch.pk)
        _finish(batch, errors=None, message=out_of_memory().message)
    except Exception:
        logger.exception("import %s stopped", batch.pk)
        _finish(batch, errors=None, message=_stopped_message())
    except BaseException:  # SystemExit (a worker told twice to stop), KeyboardInterrupt
        logger.warning("import %s interrupted", batch.pk)
        _finish_interrupted(batch)
        raise
    else:
        _finish(batch, errors=errors, message="")
    finally:
        _forget_upload(batch)
    return batch


def _finish_interrupted(batch: ImportBatch) -> None:
    """Failed, not left "importing" for ever: the worker goes on stopping whatever happens here."""
    message = _(
        "The import was interrupted: the worker running it was stopped. Rows imported so far are "
        "kept; upload the same file again and only the rest is imported."
    )
    try:
        _finish(batch, errors=None, message=message)
    except Exception:
        logger.exception("import %s could not be marked failed", batch.pk)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector less often while rows are read and written: an import allocates
    millions of short-lived values (cells, rows, parameters) and no cycles, and with the default
    threshold the collector would walk the young objects every 700 allocations."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _stopped_message() -> str:
    return _(
        "The import stopped on an unexpected error. Rows imported so far are kept; importing the "
        "same file again adds only the rest."
    )


@transaction.atomic
def _claim(batch_id: int) -> ImportBatch | None:
    batch = ImportBatch.objects.select_for_update().select_related("org", "uploaded_by")
    claimed = batch.get(pk=batch_id)
    if claimed.status != ImportBatch.Status.QUEUED:
        return None
    claimed.status = ImportBatch.Status.RUNNING
    claimed.heartbeat_at = clock.now()
    # A re-queued batch starts from the top again: its earlier rows are recognised, not re-imported.
    for counter in _COUNTERS:
        setattr(claimed, counter, 0)
    claimed.save(update_fields=["status", "heartbeat_at", *_COUNTERS])
    return claimed


@dataclass
class _Seen:
    """What earlier rows of the file were, to report a repeat on the later row."""

    fingerprints: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)


def _import_table(batch: ImportBatch, table: Table) -> ErrorWorkbook:
    if table.total > MAX_IMPORT_ROWS:
        raise too_many_rows()
    batch.total_rows = table.total
    batch.save(update_fields=["total_rows"])
    actor = batch.uploaded_by
    checker = RowChecker(
        orgs=importable_orgs(actor, batch.org),
        categories=list(Category.objects.filter(is_active=True)),
        today=clock.now().astimezone(BEIJING).date(),
    )
    errors, seen = ErrorWorkbook(table.headers, schema=LEDGER), _Seen()
    try:
        for chunk in _chunks(table.rows, CHUNK_ROWS):
            _import_chunk(batch, actor, checker, table, chunk, seen, errors)
    except BaseException:
        errors.discard()
        raise
    return errors


def _import_chunk(
    batch: ImportBatch,
    actor: User,
    checker: RowChecker,
    table: Table,
    chunk: list[tuple[int, list[Any]]],
    seen: "_Seen",
    errors: ErrorWorkbook,
) -> None:
    """Check a chunk, mark its repeats, and import it in one transaction with its progress.

    The good rows go in together; should that be refused (a row imported by another upload at
    the same moment), they are tried one by one so that only the row at fault is set aside."""
    checked = [_check(checker, table, line, values) for line, values in chunk]
    _mark_repeats(checked, seen, batch.pk)
    good = [c for c in checked if c.row is not None]
    with transaction.atomic():
        for c in checked:
            if c.resumed:  # imported by this batch before its worker stopped
                batch.imported += 1
            elif c.row is None:
                _set_aside(batch, c, errors, duplicate=c.duplicate, reason=c.reason)
        try:
            with transaction.atomic():
                _import_rows(batch, actor, good)
        except MemoryError:  # the import as a whole is over its limit: stop it
            raise
        except Exception:  # one row at fault (raced, refused, or raising): find it, keep the rest
            for c in good:
                _import_one(batch, actor, c, errors)
        else:
            batch.imported += len(good)
        batch.processed_rows += len(checked)
        batch.total_rows = max(batch.total_rows, batch.processed_rows)
        batch.heartbeat_at = clock.now()
        batch.save(update_fields=[*_COUNTERS, "heartbeat_at"])


_COUNTERS = ["processed_rows", "total_rows", "imported", "duplicates", "failed"]


def _check(checker: RowChecker, table: Table, line: int, values: list[Any]) -> CheckedRow:
    """The row checked; a row the checks themselves stumble on is set aside, not the import."""
    try:
        return checker.check(line, values, table.record(values))
    except MemoryError:  # the import as a whole is over its limit: stop it
        raise
    except Exception:
        logger.exception("import row %s could not be checked", line)
        return CheckedRow(line=line, values=values, errors=[_row_error()])


def _row_error() -> str:
    return _("This row could not be imported (an unexpected error, logged for the administrator).")


def _chunks(rows: Iterator[tuple[int, list[Any]]], size: int) -> Iterator[list]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _set_aside(
    batch: ImportBatch, c: CheckedRow, errors: ErrorWorkbook, *, duplicate: bool, reason: str
) -> None:
    if duplicate:
        batch.duplicates += 1
    else:
        batch.failed += 1
    errors.add(c.values, reason, c.line)


def _import_one(batch: ImportBatch, actor: User, c: CheckedRow, errors: ErrorWorkbook) -> None:
    try:
        with transaction.atomic():
            _import_rows(batch, actor, [c])
    except IntegrityError:  # the same row imported by another upload at the same moment
        _set_aside(batch, c, errors, duplicate=True, reason=_("Already imported."))
    except DomainError as refused:
        _set_aside(batch, c, errors, duplicate=False, reason=refused.message)
    except MemoryError:  # the import as a whole is over its limit: stop it
        raise
    except Exception:
        logger.exception("import %s: row %s could not be registered", batch.pk, c.line)
        _set_aside(batch, c, errors, duplicate=False, reason=_row_error())
    else:
        batch.imported += 1


def _import_rows(batch: ImportBatch, actor: User, rows: list[CheckedRow]) -> None:
    """The cases as the ledger had them (registered on their day, moved as far as their status
    says), and their fingerprints, so that the same rows never come in twice."""
    entries = [_entry(c.row) for c in rows if c.row is not None]
    if len(_DEADLINES) > 100_000:
        _DEADLINES.clear()
    created = cases.register_imported_cases(actor=actor, entries=entries, deadlines=_DEADLINES)
    fingerprints = [c.row.fingerprint for c in rows if c.row is not None]
    _write_fingerprints(
        [(f, batch.pk, case) for f, case in zip(fingerprints, created, strict=True)]
    )


# Deadlines already worked out (by time, urgency and the category's settings), for the next chunk.
_DEADLINES: dict[tuple, tuple[datetime, datetime]] = {}


def _write_fingerprints(rows: list[tuple[str, int, int]]) -> None:
    """(fingerprint, batch id, case id) rows as plain rows: COPY on PostgreSQL, one prepared
    INSERT on SQLite. A fingerprint already taken raises IntegrityError, as bulk_create would."""
    insert_rows(ImportedRow._meta.db_table, ("fingerprint", "batch_id", "case_id"), rows)


def _entry(row: CleanRow) -> cases.LedgerEntry:
    return cases.LedgerEntry(
        origin_org=row.org, category=row.category, channel=row.channel, urgency=row.urgency,
        title=row.title, description=row.description, worker_name=row.worker_name,
        worker_phone=row.worker_phone, is_anonymous=row.is_anonymous,
        registered_at=row.registered_at, status=row.status, result=row.result,
        resolved_at=row.resolved_at,
    )  # fmt: skip


def _mark_repeats(checked: list[CheckedRow], seen: _Seen, batch_id: int) -> None:
    """Report a repeat on the later row: of an earlier row, an earlier import, or a case on file.
    A row this batch itself imported (before its worker stopped) is marked resumed."""
    fresh = []
    for c in checked:
        row = c.row
        if row is None:
            continue
        earlier = seen.fingerprints.get(row.fingerprint) or seen.people.get(row.person_key)
        if earlier:
            c.repeat(_("Repeats row %(line)s of this file.") % {"line": earlier})
            continue
        seen.fingerprints[row.fingerprint] = c.line
        if row.person_key:
            seen.people[row.person_key] = c.line
        fresh.append(c)
    imported = {
        fp: (number, batch)
        for fp, number, batch in ImportedRow.objects.filter(
            fingerprint__in=[c.row.fingerprint for c in fresh if c.row]
        ).values_list("fingerprint", "case__number", "batch_id")
    }
    on_file = _ledger_twins([c.row for c in fresh if c.row])
    for c in fresh:
        fp = c.row.fingerprint if c.row else ""
        if fp in imported and imported[fp][1] == batch_id:
            c.resume()
        elif fp in imported:
            c.repeat(_("Already imported as case %(number)s.") % {"number": imported[fp][0]})
        elif fp in on_file:
            c.repeat(_("Same as case %(number)s already in the ledger.") % {"number": on_file[fp]})


def _ledger_twins(rows: list[CleanRow]) -> dict[str, str]:
    """Cases already in the ledger with the fingerprint of a row. Looked up by org and day (the
    (origin org, registered at) index: a few rows read per row of the file, however large the
    ledger), with the rows' descriptions, a few hundred (org, day) pairs per query. The SQL is
    written here: the ORM would spend longer compiling the pairs than the database answering.
    PostgreSQL gets the pairs as two arrays joined to the cases (one query per chunk)."""
    if not rows:
        return {}
    by_day: dict[tuple[int, date], set[str]] = {}
    for r in rows:
        by_day.setdefault((r.org.pk, r.registered_at.astimezone(BEIJING).date()), set()).add(
            r.description
        )
    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        for query, params in _twin_queries(by_day):
            cursor.execute(query, params)
            for org_id, registered, text, phone, number in cursor.fetchall():
                if isinstance(registered, str):  # a raw SQLite cursor: the stored text
                    registered = datetime.fromisoformat(registered)
                if registered.tzinfo is None:  # stored in UTC (USE_TZ), handed back naive
                    registered = registered.replace(tzinfo=UTC)
                day = registered.astimezone(BEIJING).date()
                found[fingerprint(org_id, day, text, _stored_phone(phone))] = number
    return found


def _twin_queries(by_day: dict[tuple[int, date], set[str]]) -> list[tuple[str, list[Any]]]:
    """The queries (SQL, parameters) reading the cases of the (org, day) pairs of `by_day` whose
    description is one of theirs, as (origin org, registered at, description, worker phone,
    number): on PostgreSQL one query, the pairs as arrays (one index probe each); elsewhere one
    query per `_TWIN_PAIRS` pairs, an OR of their (org, day range) terms."""
    days = sorted(by_day)
    qn, stored = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    org, at = qn("origin_org_id"), qn("registered_at")
    select = ", ".join(qn(c) for c in ("origin_org_id", "registered_at", "description", "worker_phone", "number"))  # fmt: skip
    params: list[Any]
    if connection.vendor == "postgresql":  # the pairs as arrays: one query, one index probe each
        begins = [datetime.combine(day, time.min, tzinfo=BEIJING) for _org, day in days]
        query = (
            f"SELECT {', '.join('c.' + c for c in select.split(', '))} "
            f"FROM {qn(Case._meta.db_table)} c JOIN unnest(%s::bigint[], %s::timestamptz[]) "
            f"AS p(org, day) ON c.{org} = p.org AND c.{at} >= p.day "
            f"AND c.{at} < p.day + interval '1 day' WHERE c.{qn('description')} = ANY(%s)"
        )
        params = [[o for o, _day in days], begins, sorted(set().union(*by_day.values()))]
        return [(query, params)]
    batches: list[tuple[str, list[Any]]] = []
    for start in range(0, len(days), _TWIN_PAIRS):
        pairs = days[start : start + _TWIN_PAIRS]
        params = []
        texts = sorted({text for pair in pairs for text in by_day[pair]})
        for org_id, day in pairs:
            begins_at = datetime.combine(day, time.min, tzinfo=BEIJING)
            params += [org_id, stored(begins_at), stored(begins_at + timedelta(days=1))]
        terms = " OR ".join([f"({org} = %s AND {at} >= %s AND {at} < %s)"] * len(pairs))
        marks = ", ".join(["%s"] * len(texts))
        query = (
            f"SELECT {select} FROM {qn(Case._meta.db_table)} "
            f"WHERE ({terms}) AND {qn('description')} IN ({marks})"
        )
        batches.append((query, [*params, *texts]))
    return batches


_TWIN_PAIRS = 200  # SQLite parses an OR of N terms N deep: far below its limit of 1,000


def _stored_phone(phone: str) -> str:
    try:
        return normalise_phone(phone) if phone else ""
    except ValueError:
        return phone


@transaction.atomic
def _finish(batch: ImportBatch, *, errors: ErrorWorkbook | None, message: str) -> None:
    failed = errors is None
    if failed:  # the chunk that stopped was rolled back: count only what was committed
        batch.refresh_from_db(fields=_COUNTERS)
    if errors is not None and errors.count:
        stem = PurePath(batch.file_name).stem or "import"
        batch.error_file.save(f"{stem}-未导入.xlsx", errors.content(), save=False)
    batch.status = ImportBatch.Status.FAILED if failed else ImportBatch.Status.DONE
    if not failed:  # every row has been met: the count is no longer an estimate
        batch.total_rows = batch.processed_rows
    batch.message = message
    batch.save(update_fields=[*_COUNTERS, "status", "message", "error_file"])
    record_event(
        target=batch,
        actor=batch.uploaded_by,
        kind="import_failed" if failed else "import_finished",
        note=message,
        data={k: getattr(batch, k) for k in _COUNTERS},
    )


def _forget_upload(batch: ImportBatch) -> None:
    """The uploaded file holds phone and ID numbers: once read, it is deleted (first the file,
    which needs no database; should the database be gone, recovery clears the name later)."""
    try:
        if batch.file:
            batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
    except Exception:
        logger.exception("import %s: the upload could not be forgotten", batch.pk)
