"""The import service: a mixed file in, good rows become cases, bad rows come back with reasons,
and importing the same file again adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext

from lianxin.audit.models import Event
from lianxin.audit.selectors import verify_chains
from lianxin.cases.models import Case
from lianxin.cases.states import TRANSITIONS
from lianxin.cases.tests.factories import make_case
from lianxin.core.idcard import check_digit
from lianxin.intake.models import ImportBatch, ImportedRow
from lianxin.intake.services import imports
from lianxin.intake.services.imports import create_import
from lianxin.intake.tests.fixtures.ledger_files import csv_upload, error_rows, row, xlsx_upload

BJ = ZoneInfo("Asia/Shanghai")
ID_OK = "41080219900101123" + check_digit("41080219900101123")
ID_BAD = "41080219900101123" + ("0" if check_digit("41080219900101123") != "0" else "1")


def mixed_rows() -> list[list]:
    """Good rows, one row of every kind of problem, and two kinds of duplicates (lines 2–14)."""
    good = {"org": "A企业1工会", "date": "2025-11-03", "category": "劳动报酬与欠薪"}
    return [
        row(**good, description="包装班组加班费三个月未结清。", worker_name="刘红梅",
            phone="13912340001", status="已办结", result="企业已补发加班费。",
            resolved_date="2025-11-20", channel="陪伴日"),  # 2: good, resolved
        row(org="EA2", date="2025/6/1", category="canteen_dorm", description="宿舍热水器坏了。",
            anonymous="是"),  # 3: good, anonymous, org by code
        row(org="A企业1生产班", date="2025年7月8日", description="班组休息室没有空调。",
            urgency="紧急", id_number=ID_OK, phone="0391-2345678"),  # 4: good, team, landline
        row(org="A企业1工会", date="2025-11-04"),  # 5: no description
        row(**{**good, "date": "2025-13-40"}, description="日期写错的一行。"),  # 6
        row(**good, description="电话写错的一行。", phone="12345"),  # 7
        row(**good, description="身份证号写错的一行。", id_number=ID_BAD),  # 8
        row(**{**good, "org": "A企业1公会"}, description="单位名称打错的一行。"),  # 9
        row(**{**good, "org": "B企业1工会"}, description="别的区的单位。"),  # 10
        row(**{**good, "category": "工资问题"}, description="类别不认识的一行。"),  # 11
        row(**good, description="包装班组加班费三个月未结清。", worker_name="刘红梅",
            phone="139 1234 0001", status="已办结", result="企业已补发加班费。",
            resolved_date="2025-11-20"),  # 12: repeats line 2
        row(org="A企业2工会", date="2025-06-02", description="食堂饭菜不卫生，多名职工腹泻。",
            phone="139-0000-1111"),  # 13: the case already in the ledger
        row(org="A企业2工会", date="2025-06-03", description="夜班没有热饭。", status="办理中",
            result="已与食堂协商。"),  # 14: good, in progress
    ]  # fmt: skip


@pytest.fixture
def on_file(world):
    return make_case(
        actor=world.staff, org=world.ent_a2, at=datetime(2025, 6, 2, 15, tzinfo=BJ),
        description="食堂饭菜不卫生，多名职工腹泻。", worker_phone="13900001111",
    )  # fmt: skip


def imported(world, upload):
    batch = create_import(actor=world.staff, org=world.district_a, upload=upload)
    batch.refresh_from_db()
    return batch


def test_mixed_file_imports_good_rows_returns_bad_rows_with_reasons_and_a_second_import_adds_nothing(
    world,
    on_file,
):
    # given a ledger already holding one case, and a file mixing good rows, bad rows and repeats
    cases_before = Case.objects.count()
    # when it is imported
    batch = imported(world, xlsx_upload(mixed_rows()))
    # then the good rows are cases, the bad rows come back with their reasons
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.imported, batch.duplicates, batch.failed) == (4, 2, 7)
    assert batch.total_rows == batch.processed_rows == 13
    assert Case.objects.count() == cases_before + 4
    reasons = {line: r["错误原因"] for line, r in error_rows(batch).items()}
    assert sorted(reasons) == [5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert "必填项为空：诉求内容" in reasons[5]
    assert reasons[6] == "登记日期：“2025-13-40”不是有效日期，请按 2025-03-18 的格式填写。"
    assert reasons[7].startswith("联系电话：“12345”既不是手机号")
    assert reasons[8] == "身份证号：校验位不正确，请与身份证核对。"
    assert reasons[9].startswith("“A企业1公会”不是您可以登记诉求的单位。您是不是要找：A企业1工会")
    assert reasons[10].startswith("“B企业1工会”不是您可以登记诉求的单位。")
    assert reasons[11].startswith("类别：没有“工资问题”这个类别。可填：劳动报酬与欠薪、")
    assert reasons[12] == "与本文件第 2 行重复。"
    assert reasons[13] == f"与台账中已有的诉求 {on_file.number} 重复。"
    # and a second import of the same file adds nothing
    again = imported(world, xlsx_upload(mixed_rows()))
    assert (again.imported, again.duplicates, again.failed) == (0, 6, 7)
    assert Case.objects.count() == cases_before + 4
    assert "已导入，诉求编号" in error_rows(again)[2]["错误原因"]


def test_imported_rows_keep_their_date_deadlines_status_and_worker(world, on_file):
    batch = imported(world, xlsx_upload(mixed_rows()))
    rows = ImportedRow.objects.filter(batch=batch).select_related("case")
    by_text = {r.case.description: r.case for r in rows}
    resolved = by_text["包装班组加班费三个月未结清。"]
    assert resolved.status == "resolved"
    assert resolved.result == "企业已补发加班费。"
    assert resolved.registered_at == datetime(2025, 11, 3, 9, tzinfo=BJ)
    assert resolved.resolved_at == datetime(2025, 11, 20, 17, tzinfo=BJ)
    assert resolved.number.startswith("JZ-2025-")
    assert (resolved.channel, resolved.worker_phone) == ("visit", "13912340001")
    assert resolved.response_due.date() == datetime(2025, 11, 4).date()
    anonymous = by_text["宿舍热水器坏了。"]
    assert (anonymous.is_anonymous, anonymous.worker_name, anonymous.channel) == (
        True,
        "",
        "import",
    )
    assert (anonymous.category.key, anonymous.status) == ("canteen_dorm", "registered")
    team = by_text["班组休息室没有空调。"]
    assert (team.owner_org, team.urgency) == (world.ent_a1, "urgent")
    assert (team.worker_phone, team.category.key) == ("0391-2345678", "other")
    assert team.title == "班组休息室没有空调"
    assert by_text["夜班没有热饭。"].status == "in_progress"
    kinds = list(
        Event.objects.filter(target_type="cases.case", target_id=resolved.pk).values_list(
            "kind", "at"
        )
    )
    assert [k for k, _at in kinds] == ["registered", "accepted", "started", "resolved"]
    assert kinds[0][1] == datetime(2025, 11, 3, 9, tzinfo=BJ)


def test_id_numbers_are_never_stored_and_the_upload_is_deleted(world, on_file):
    batch = imported(world, xlsx_upload(mixed_rows()))
    assert not batch.file
    assert all(r["身份证号"] is None for r in error_rows(batch).values())
    events = Event.objects.filter(target_type="intake.importbatch", target_id=batch.pk)
    assert [e.kind for e in events] == ["import_uploaded", "import_finished"]
    stored = [str(v) for c in Case.objects.values() for v in c.values()]
    stored += [str(e.data) + e.note for e in Event.objects.all()]
    assert not [s for s in stored if ID_OK in s or ID_BAD in s]


def test_gbk_csv_imports_like_a_workbook(world):
    rows = [
        row(org="A企业1工会", date="2025-10-09", description="车间噪声大。", phone="13812345678"),
        row(org="A企业2工会", date="2025-10-10", description="更衣室柜子不够。", category="其他"),
    ]
    batch = imported(world, csv_upload(rows, encoding="gbk"))
    assert (batch.status, batch.imported, batch.failed) == ("done", 2, 0)
    assert not batch.error_file
    assert set(Case.objects.values_list("description", flat=True)) == {
        "车间噪声大。",
        "更衣室柜子不够。",
    }


def test_utf8_csv_without_bom_imports(world):
    upload = csv_upload(
        [row(org="EA1", date="2025-10-09", description="饮水机坏了。")], encoding="utf-8"
    )
    assert imported(world, upload).imported == 1


def test_a_file_without_the_required_columns_fails_with_the_reason_and_creates_nothing(world):
    upload = xlsx_upload([["A企业1工会", "2025-10-09"]], headers=["发生单位", "渠道"])
    batch = imported(world, upload)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == "文件缺少必填列：登记日期、诉求内容。"
    assert Case.objects.count() == 0
    assert not batch.file


def test_progress_is_committed_chunk_by_chunk(world, monkeypatch):
    # given chunks of two rows, and a spy that reads the batch's progress as each chunk is imported
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    seen = []
    real = imports._import_rows

    def spy(batch, actor, rows):
        seen.append(ImportBatch.objects.get(pk=batch.pk).processed_rows)
        real(batch, actor, rows)

    monkeypatch.setattr(imports, "_import_rows", spy)
    rows = [row(org="EA1", date="2025-10-09", description=f"第{i}条诉求。") for i in range(5)]
    # when imported
    batch = imported(world, xlsx_upload(rows))
    # then the page could have shown 0, 2 and 4 of 5 rows done along the way
    assert seen == [0, 2, 4]
    assert (batch.total_rows, batch.processed_rows, batch.imported) == (5, 5, 5)


def test_a_row_imported_by_another_upload_meanwhile_is_set_aside_and_the_rest_imported(
    world, monkeypatch
):
    # given: while this file is checked, another upload imports its second row
    real = imports._mark_repeats

    def race(checked, seen, batch_id):
        real(checked, seen, batch_id)
        other = make_case(actor=world.staff, org=world.ent_a1, description="别处先导入的。")
        ImportedRow.objects.create(
            fingerprint=checked[1].row.fingerprint, batch=ImportBatch.objects.get(), case=other
        )

    monkeypatch.setattr(imports, "_mark_repeats", race)
    rows = [row(org="EA1", date="2025-10-09", description=f"第{i}条诉求。") for i in range(3)]
    # when
    batch = imported(world, xlsx_upload(rows))
    # then: rows 2 and 4 are in, row 3 comes back as already imported
    assert (batch.imported, batch.duplicates, batch.failed) == (2, 1, 0)
    assert error_rows(batch)[3]["错误原因"] == gettext("Already imported.")
    assert set(Case.objects.values_list("description", flat=True)) == {
        "第0条诉求。",
        "第2条诉求。",
        "别处先导入的。",
    }


def test_imported_journals_are_the_chains_the_single_moves_would_write(world, on_file):
    # given a mixed file imported in bulk
    imported(world, xlsx_upload(mixed_rows()))
    # then every chain verifies, and each event is a move the transition table allows
    assert list(verify_chains()) == []
    moves = Event.objects.filter(target_type="cases.case").exclude(kind="registered")
    assert moves.count() >= 5
    for event in moves:
        assert event.state_after in TRANSITIONS[event.state_before].values(), event.kind


def test_a_large_file_goes_in_row_by_row_with_verifiable_journals(world, monkeypatch):
    # given a file large enough for the bulk path (rows written as plain rows, not models), in
    # chunks of 40 rows, with every state an import reaches
    monkeypatch.setattr(imports, "CHUNK_ROWS", 40)
    states = [("待受理", ""), ("已受理", "已受理。"), ("办理中", "办理中。"), ("不予受理", "不归工会管。"),
              ("已办结", "已解决。"), ("已销账", "已销账。")]  # fmt: skip
    rows = [
        row(org="EA1" if i % 2 else "A企业1生产班", date=f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            description=f"第{i}条诉求。", phone=f"139{i:08d}", status=states[i % 6][0],
            result=states[i % 6][1])
        for i in range(120)
    ]  # fmt: skip
    # when imported
    batch = imported(world, xlsx_upload(rows))
    # then every row is a case, in its recorded state, and every journal verifies
    assert (batch.status, batch.imported, batch.failed, batch.duplicates) == ("done", 120, 0, 0)
    cases = Case.objects.filter(description__startswith="第")
    assert cases.count() == 120
    assert sorted(set(cases.values_list("status", flat=True))) == sorted(
        ["registered", "accepted", "in_progress", "rejected", "resolved", "closed"]
    )
    assert Event.objects.filter(target_type="cases.case").count() == 120 / 6 * (
        1 + 2 + 3 + 2 + 4 + 5
    )
    assert list(verify_chains()) == []
    closed = cases.get(description="第5条诉求。")
    assert (closed.handler, closed.registered_by, closed.owner_org) == (
        world.staff,
        world.staff,
        world.ent_a1,
    )
    # no 办结日期: resolved (and closed) on the day it was registered
    assert closed.closed_at == closed.resolved_at == datetime(2025, 6, 6, 9, tzinfo=BJ)
    assert closed.number.startswith("JZ-2025-")
    # and the same file again adds nothing
    again = imported(world, xlsx_upload(rows))
    assert (again.imported, again.duplicates) == (0, 120)
