"""A chair imports the filled-in template and reads a progress count of the rows with data; a stalled
import shows why and is queued again with one button, and ends without a row imported twice."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case
from lianxin.intake.importing.columns import template_workbook
from lianxin.intake.models import ImportBatch
from lianxin.intake.services import imports
from lianxin.intake.services.imports import create_import, run_import_batch
from lianxin.intake.tests.fixtures.ledger_files import row, xlsx_upload
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ENTERPRISE = "JZ-SY-YH-01"


def filled_template(n: int) -> bytes:
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book.worksheets[0]
    for r in range(n):
        values = row(org=ENTERPRISE, date="2025-10-09", description=f"模板第{r}条诉求。")
        for i, value in enumerate(values):
            sheet.cell(row=r + 2, column=i + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_with_ten_rows_counts_ten_not_its_formatted_empty_rows(
    live_server, page: Page, demo_orgs, tmp_path
):
    # given the template, with ~2,000 formatted rows, ten of them filled in
    path = tmp_path / "问题台账导入模板.xlsx"
    path.write_bytes(filled_template(10))
    # when the chair uploads it on the import page
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/intake/imports/")
    page.get_by_label("导入到").select_option(label="焦作市天香面业有限公司工会")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_test_id("import-form").get_by_role("button", name="导入").click()
    # then the batch page counts ten of ten rows
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-processed")).to_have_text("已处理 10 / 10 行")
    expect(page.get_by_test_id("count-imported")).to_have_text("10")


def test_a_stalled_import_is_queued_again_from_its_page_and_ends_without_duplicates(
    live_server, page: Page, demo_orgs, settings, monkeypatch
):
    # given an import whose worker died after two of its five rows, silent for eleven minutes
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    chair, org = User.objects.get(username="chair"), Org.objects.get(code=ENTERPRISE)
    rows = [row(org=ENTERPRISE, date="2025-10-09", description=f"第{i}条诉求。") for i in range(5)]
    batch = create_import(actor=chair, org=org, upload=xlsx_upload(rows))
    with monkeypatch.context() as m:
        m.setattr(imports, "CHUNK_ROWS", 2)
        real, calls = imports._import_rows, []

        def dying(*args):
            calls.append(1)
            if len(calls) == 2:
                raise SystemExit  # as kill -9: nothing of ours runs after it
            real(*args)

        m.setattr(imports, "_import_rows", dying)
        m.setattr(imports, "_finish_interrupted", lambda batch: None)
        m.setattr(imports, "_forget_upload", lambda batch: None)
        with pytest.raises(SystemExit):
            run_import_batch(batch_id=batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=11)
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # when the chair opens it
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/intake/imports/{batch.pk}/")
    # then the page says it stalled, and the button queues it again
    expect(page.get_by_test_id("import-stalled")).to_contain_text("超过十分钟没有进展")
    expect(page.get_by_test_id("import-processed")).to_have_text("已处理 2 / 5 行")
    page.get_by_test_id("requeue-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-processed")).to_have_text("已处理 5 / 5 行")
    expect(page.get_by_test_id("count-imported")).to_have_text("5")
    expect(page.get_by_test_id("count-duplicates")).to_have_text("0")
    assert Case.objects.filter(description__startswith="第").count() == 5
