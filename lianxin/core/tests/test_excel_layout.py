"""core.excel's SheetWriter: dates are date cells in the configured zone, the header is bold and
frozen and names that zone, the columns are as wide as what they hold."""

from datetime import UTC, date, datetime
from io import BytesIO

from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook

from lianxin.core.excel import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    SAMPLE_ROWS,
    local_time_header,
    xlsx_response,
)


def workbook(headers: list, rows: list[list]):
    response = xlsx_response(filename="x.xlsx", sheet="s", headers=headers, rows=rows)
    return load_workbook(BytesIO(response.content)).active


def test_an_aware_datetime_is_a_date_cell_in_beijing_time_with_a_number_format() -> None:
    # given a case registered at 16:30 UTC (00:30 the next day in Beijing) and a plain date
    registered = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    # when exported
    ws = workbook(["登记时间", "入会日期"], [[registered, date(2026, 3, 2)]])
    # then both read back as date cells, the time as Beijing's wall clock
    when, day = ws["A2"], ws["B2"]
    assert (when.data_type, when.value) == ("d", datetime(2026, 3, 2, 0, 30))
    assert when.number_format == DATETIME_FORMAT
    assert (day.data_type, day.value) == ("d", datetime(2026, 3, 2, 0, 0))
    assert day.number_format == DATE_FORMAT


@override_settings(TIME_ZONE="Europe/Berlin")
def test_another_configured_zone_is_used_for_the_cells_and_named_in_the_header() -> None:
    # given the site configured for Berlin
    with translation.override("en"):
        header = local_time_header("Registered at")
    # when a UTC noon is exported / then it is Berlin's 13:00 and the header names the zone
    ws = workbook([header], [[datetime(2026, 1, 5, 12, 0, tzinfo=UTC)]])
    assert ws["A1"].value == "Registered at (Europe/Berlin)"
    assert ws["A2"].value == datetime(2026, 1, 5, 13, 0)


def test_the_beijing_zone_is_named_in_the_header() -> None:
    # (the Chinese, 登记时间（北京时间）, comes from the catalogue once compiled)
    with translation.override("en"):
        assert local_time_header("Registered at") == "Registered at (Beijing time)"


def test_the_header_row_is_bold_and_frozen() -> None:
    ws = workbook(["编号", "标题"], [["GH-1", "加班费"]])
    assert ws.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ws[1])
    assert not ws["A2"].font.bold


def test_columns_are_as_wide_as_their_widest_cell_counting_chinese_as_double() -> None:
    # given a short header over a long Chinese text, and a long header over short numbers
    rows = [["拖欠三个月工资未发放的问题", 1], ["短", 22]]
    # when exported
    ws = workbook(["标题", "Amount claimed (yuan)"], rows)
    # then each column fits its widest cell (13 CJK characters = 26 narrow ones), padded
    assert ws.column_dimensions["A"].width == 28
    assert ws.column_dimensions["B"].width == len("Amount claimed (yuan)") + 2


def test_rows_past_the_width_sample_are_written_after_it_in_order() -> None:
    # given more rows than the writer reads to size the columns
    rows = [[n, date(2026, 1, 1)] for n in range(SAMPLE_ROWS * 2 + 7)]
    # when exported / then every row is there, in order, each date a date cell
    ws = workbook(["n", "d"], rows)
    values = list(ws.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values] == list(range(SAMPLE_ROWS * 2 + 7))
    assert {v[1] for v in values} == {datetime(2026, 1, 1)}


def test_an_export_with_no_rows_still_has_its_bold_frozen_header() -> None:
    ws = workbook(["编号"], [])
    assert [c.value for c in ws[1]] == ["编号"]
    assert ws.freeze_panes == "A2"
