"""Hostile files: refused quickly and with the reason, before they cost the worker its memory or
its time — whatever the file says about itself — and control characters never come through."""

import io
import time
import tracemalloc

import pytest
from openpyxl import load_workbook

from lianxin.core.errors import InvalidInput
from lianxin.core.importing import limits, parsing
from lianxin.intake.importing.columns import template_workbook
from lianxin.intake.importing.parsing import open_table
from lianxin.intake.tests.fixtures.ledger_files import (
    HEADERS,
    crafted_xlsx,
    csv_upload,
    header_row_xml,
    row,
    shared_strings,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read_all(upload) -> list:
    upload.seek(0)
    with open_table(upload, upload.name) as table:
        return list(table.rows)


def refused(upload) -> tuple[str, float, int]:
    """The reason the file is refused, the seconds that took, and the peak memory traced."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InvalidInput) as refusal:
            read_all(upload)
        return refusal.value.message, time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_zip_bomb_of_shared_strings_is_refused_before_it_is_unpacked():
    # given a workbook of ~160 KB whose shared strings unpack to ~157 MB
    piece = b"<si><t>a</t></si>" * 61_680  # ~1 MB
    bomb = [f'<sst xmlns="{MAIN}">'.encode(), *[piece] * 150, b"</sst>"]
    upload = crafted_xlsx(header_row_xml(), strings=bomb)
    assert upload.size < 400_000
    # when it is read, then it is refused at once, having unpacked nothing, with the reason
    message, seconds, peak = refused(upload)
    assert message.startswith("这个工作簿解压后的数据量远超一本台账应有的大小，未予导入。")
    assert seconds < 2
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("limit", "value"),
    [("MAX_PART_BYTES", 1000), ("MAX_ARCHIVE_BYTES", 5000), ("MAX_PARTS", 5)],
    ids=["one part", "all parts", "number of parts"],
)
def test_a_workbook_unpacking_beyond_a_limit_is_refused(monkeypatch, limit, value):
    monkeypatch.setattr(limits, limit, value)
    rows = header_row_xml() + f'<row r="2">{inline("A2", "EA1" * 400)}</row>'
    message, _seconds, _peak = refused(crafted_xlsx(rows))
    assert message.startswith("这个工作簿解压后的数据量远超")


def test_a_part_read_whole_gets_a_smaller_bound_than_a_sheet_read_as_a_stream(monkeypatch):
    # given parts read whole may hold 12,000 bytes, and a sheet of ~30,000 bytes
    monkeypatch.setattr(limits, "MAX_XML_PART_BYTES", 12_000)
    rows = header_row_xml() + "".join(
        f'<row r="{n}">{inline(f"A{n}", "EA1")}</row>' for n in range(2, 502)
    )
    upload = crafted_xlsx(rows)
    # then the sheet is read (the largest part read whole, the theme, has ~10,000 bytes)
    assert len(read_all(upload)) == 500
    # but not once a part read whole is larger than the bound
    monkeypatch.setattr(limits, "MAX_XML_PART_BYTES", 8_000)
    message, _seconds, _peak = refused(upload)
    assert message.startswith("这个工作簿解压后的数据量远超")


def test_a_row_numbered_300_million_is_refused_at_once():
    # given a small file whose one row is numbered 300,000,000 (and no <dimension> at all)
    rows = header_row_xml() + f'<row r="300000000">{inline("A300000000", "EA1")}</row>'
    upload = crafted_xlsx(rows)
    assert upload.size < 10_000
    # when it is read, then it is refused in well under a second, naming the row
    message, seconds, _peak = refused(upload)
    assert message == (
        "工作表中有第 300000000 行，超出了 Excel 工作表的最大行数（1048576 行）；文件已损坏，未予导入。"
    )
    assert seconds < 1


def test_a_row_number_beyond_the_sheet_is_refused_while_streaming_too(monkeypatch):
    # given the pass that counts the rows is fooled (as the file's <dimension> used to be)
    monkeypatch.setattr(parsing, "_count_filled_rows", lambda source, budget: 1)
    rows = header_row_xml() + f'<row r="300000000">{inline("A300000000", "EA1")}</row>'
    # when the rows are read, then the row number itself stops the reading at once
    message, seconds, _peak = refused(crafted_xlsx(rows))
    assert "300000000" in message
    assert seconds < 1


def test_an_empty_row_numbered_beyond_the_sheet_is_refused():
    rows = header_row_xml() + '<row r="2">' + inline("A2", "EA1") + '</row><row r="2000000"/>'
    message, _seconds, _peak = refused(crafted_xlsx(rows))
    assert "2000000" in message


def test_more_rows_with_data_than_an_import_takes_are_refused_before_any_is_read(monkeypatch):
    monkeypatch.setattr(limits, "MAX_IMPORT_ROWS", 3)
    rows = header_row_xml() + "".join(
        f'<row r="{n}">{inline(f"A{n}", "EA1")}</row>' for n in range(2, 20)
    )
    message, _seconds, _peak = refused(crafted_xlsx(rows))
    assert message == "文件超过 3 行，请拆分成较小的文件。"


def test_a_row_of_more_cells_than_a_sheet_has_columns_is_refused():
    rows = header_row_xml() + '<row r="2">' + "<c><v>1</v></c>" * 20_000 + "</row>"
    message, seconds, _peak = refused(crafted_xlsx(rows))
    assert message == "第 2 行超过 16384 个单元格；文件已损坏，未予导入。"
    assert seconds < 2


def test_a_cell_longer_than_excel_holds_is_refused_with_its_row():
    rows = header_row_xml() + f'<row r="2">{inline("A2", "长" * 40_000)}</row>'
    message, _seconds, _peak = refused(crafted_xlsx(rows))
    assert message == (
        "第 2 行有单元格超过 32767 个字符，超出了 Excel 单元格的容量；文件未予导入。"
    )


def test_a_shared_string_longer_than_excel_holds_is_refused():
    rows = header_row_xml() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    upload = crafted_xlsx(rows, strings=shared_strings(["长" * 40_000]))
    message, _seconds, _peak = refused(upload)
    assert message.startswith("工作簿中有一段文字超过 32767 个字符")


def test_more_shared_strings_than_a_ledger_has_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 10)
    rows = header_row_xml() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    upload = crafted_xlsx(rows, strings=shared_strings([f"第{i}条" for i in range(11)]))
    message, _seconds, _peak = refused(upload)
    assert message.startswith("这个工作簿解压后的数据量远超")


def test_shared_strings_are_read_as_openpyxl_reads_them_without_control_characters():
    # given cells holding shared strings: plain, in runs, and one with DEL (legal in XML 1.0)
    texts = ["EA1", "<r><t>宿舍</t></r><r><t>热水器坏了。</t></r>", "夜班\x7f没有热饭。"]
    items = "".join(f"<si>{t if t.startswith('<r>') else f'<t>{t}</t>'}</si>" for t in texts)
    strings = [f'<sst xmlns="{MAIN}">{items}</sst>'.encode()]
    cells = "".join(f'<c r="{c}2" t="s"><v>{i}</v></c>' for i, c in enumerate("ABC"))
    upload = crafted_xlsx(header_row_xml() + f'<row r="2">{cells}</row>', strings=strings)
    # when read, then the values are openpyxl's, but for the control character
    expected = list(next(load_workbook(io.BytesIO(upload.read())).worksheets[0].iter_rows(
        min_row=2, values_only=True
    )))  # fmt: skip
    [(line, values)] = read_all(upload)
    assert line == 2
    assert values == [expected[0], expected[1], "夜班没有热饭。"]
    assert expected[2] == "夜班\x7f没有热饭。"


def test_a_csv_row_with_control_characters_reads_without_them():
    upload = csv_upload(
        [row(org="EA1", date="2025-10-09", description="车间\x01噪声大\x00。\t第二句\n第三句")]
    )
    [(_line, values)] = read_all(upload)
    assert values[HEADERS.index("诉求内容")] == "车间噪声大。\t第二句\n第三句"


def test_a_csv_cell_longer_than_excel_holds_is_refused_with_its_line():
    upload = csv_upload([row(org="EA1", date="2025-10-09", description="长" * 40_000)])
    message, _seconds, _peak = refused(upload)
    assert message.startswith("第 2 行有单元格超过 32767 个字符")


def test_a_csv_with_more_rows_than_an_import_takes_is_refused_before_any_is_read(monkeypatch):
    monkeypatch.setattr(limits, "MAX_IMPORT_ROWS", 3)
    upload = csv_upload([row(org="EA1", date="2025-10-09", description=f"{i}") for i in range(4)])
    message, _seconds, _peak = refused(upload)
    assert message == "文件超过 3 行，请拆分成较小的文件。"


def test_reading_stops_when_the_time_is_up():
    upload = crafted_xlsx(header_row_xml() + f'<row r="2">{inline("A2", "EA1")}</row>')
    budget = limits.Budget(seconds=-1)
    with pytest.raises(InvalidInput) as refusal, open_table(upload, upload.name, budget) as table:
        list(table.rows)
    assert refusal.value.message.startswith("导入超过 1 分钟仍未完成，已停止。")


@pytest.mark.parametrize("prefix", ["", "x:"], ids=["default namespace", "prefixed"])
def test_rows_are_counted_and_read_whatever_the_namespace_prefix(prefix):
    # given a sheet written with or without a namespace prefix (some writers use "x:"), with a
    # row of values, a row of empty styled cells, and another row of values
    x = prefix
    value = f'<{x}c r="A{{n}}" t="inlineStr"><{x}is><{x}t>EA1</{x}t></{x}is></{x}c>'
    rows = (
        header_row_xml(prefix)
        + f'<{x}row r="2">{value.format(n=2)}</{x}row>'
        + f'<{x}row r="3"><{x}c r="A3" s="1"/></{x}row>'
        + f'<{x}row r="4">{value.format(n=4)}</{x}row>'
    )
    upload = crafted_xlsx(rows, prefix=prefix)
    # when opened, then the two rows with values are counted and read
    with open_table(upload, upload.name) as table:
        assert table.total == 2
        assert [line for line, _values in table.rows] == [2, 4]


@pytest.mark.parametrize("prefix", ["", "x:"], ids=["default namespace", "prefixed"])
def test_a_row_beyond_the_sheet_is_refused_whatever_the_prefix(prefix):
    x = prefix
    rows = (
        header_row_xml(prefix)
        + f'<{x}row r="300000000"><{x}c r="A300000000"><{x}v>1</{x}v></{x}c></{x}row>'
    )
    message, seconds, _peak = refused(crafted_xlsx(rows, prefix=prefix))
    assert "300000000" in message
    assert seconds < 1


def test_the_templates_formatted_empty_rows_are_not_counted():
    # given the template (its sheet states ~2,000 formatted rows) with ten rows filled in
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book.worksheets[0]
    for n in range(10):
        for i, value in enumerate(row(org="EA1", date="2025-10-09", description=f"第{n}条。")):
            sheet.cell(row=n + 2, column=i + 1, value=value)
    assert sheet.max_row > 1000
    buffer = io.BytesIO()
    book.save(buffer)
    # when it is opened, then the total is the ten rows with data
    with open_table(io.BytesIO(buffer.getvalue()), "模板.xlsx") as table:
        assert table.total == 10
        assert len(list(table.rows)) == 10
