"""Reading a workbook: the rows the importer reads are the values openpyxl reads, whatever kind
of cell holds them, and blank rows and cells keep their places (line numbers in the error file)."""

import io
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook

from lianxin.core.errors import InvalidInput
from lianxin.intake.importing.parsing import open_table


def _trimmed(values) -> list:
    values = list(values)
    while values and values[-1] is None:
        values.pop()
    return values


def _openpyxl_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    return [_trimmed(r) for r in sheet.iter_rows(values_only=True)]


def _workbook(write_only: bool) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("台账") if write_only else book.active
    sheet.append(["发生单位", "登记日期", "诉求内容", "联系电话", "是否匿名"])
    sheet.append(["A企业1工会", datetime(2025, 3, 18, 10, 30), "加班费未发。", 13912340001, True])
    sheet.append(["EA2", date(2025, 6, 1), "宿舍热水器坏了。", "0391-2345678", False])
    sheet.append([])  # a blank line: the lines after it keep their numbers
    sheet.append(["EA1", 45000, "数字的日期。", 1.5, None])
    sheet.append(["EA1", "2025/6/2", None, None, "是"])  # a cell left out in the middle
    sheet.append(["EA1", "2025-06-03", "=1+1", time(9, 0), "否"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_the_rows_read_are_the_values_openpyxl_reads(write_only):
    content = _workbook(write_only)
    expected = _openpyxl_rows(content)
    with open_table(io.BytesIO(content), "台账.xlsx") as table:
        rows = [(line, _trimmed(values)) for line, values in table.rows]
    assert table.headers == ["发生单位", "登记日期", "诉求内容", "联系电话", "是否匿名"]
    assert rows == [(i + 1, r) for i, r in enumerate(expected) if r and i > 0]
    assert [line for line, _values in rows] == [2, 3, 5, 6, 7]
    assert rows[0][1][1] == datetime(2025, 3, 18, 10, 30)
    assert rows[0][1][3:] == [13912340001, True]
    assert rows[3][1] == ["EA1", "2025/6/2", None, None, "是"]


@pytest.mark.parametrize("write_only", [False, True], ids=["states its size", "does not"])
def test_the_total_is_the_rows_with_data_under_the_header_not_the_stated_size(write_only):
    # given a sheet of a header, five rows with data and a blank row (a normal workbook states
    # its size as six rows below the header, a streamed one does not state it)
    content = _workbook(write_only=write_only)
    # when it is opened, then the total is the five rows with data
    with open_table(io.BytesIO(content), "台账.xlsx") as table:
        assert table.total == 5
        assert table.total == len(list(table.rows))


def test_a_damaged_workbook_is_refused_with_the_reason():
    with pytest.raises(InvalidInput), open_table(io.BytesIO(b"PK\x03\x04broken"), "x.xlsx"):
        pass
