"""Excel writing: every export streams its rows through one `SheetWriter`.

Every text goes in as text: a description typed as `=HYPERLINK(...)` or `#N/A` would otherwise
become a live formula or an error cell (openpyxl infers both from the string), and control
characters, which openpyxl refuses and old rows may still hold, are dropped. Dates and date-times
go in as real date cells with a number format (sortable, and read back as dates by LibreOffice and
pandas); an aware date-time is shown in the configured TIME_ZONE, which its column's header names
(`local_time_header`). The header row is bold and frozen, and the column widths follow the header
and the first rows, so a workbook opens readable without holding all its rows in memory.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from lianxin.core.text import strip_controls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Rows read before the column widths are fixed (a streaming sheet writes them before any row).
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
# Zones whose clock is Beijing time (the name a reader expects in a header).
BEIJING_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"})

REQUIRED_COLOUR = "FDE2E1"  # the header of a column an import cannot do without

# The first characters from which openpyxl would infer a formula (=) or an error value (#N/A).
_INFERRED = ("=", "#")


def xlsx_response(
    *, filename: str, sheet: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A one-sheet workbook written by the shared `SheetWriter`, as a download."""
    book = Workbook(write_only=True)
    writer = SheetWriter(book, title=sheet, headers=headers)
    for row in rows:
        writer.append(row)
    writer.close()
    return download(workbook_bytes(book), filename=filename)


def download(content: bytes, *, filename: str) -> HttpResponse:
    """An .xlsx attachment under a (possibly Chinese) file name."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def workbook_bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zone_name() -> str:
    """The name of the zone date-times are written in: 北京时间 for Shanghai, else the zone's id."""
    zone = str(settings.TIME_ZONE)
    return _("Beijing time") if zone in BEIJING_ZONES else zone


def local_time_header(label: Any) -> str:
    """The header of a column of date-times, naming their time zone: 登记时间（北京时间）."""
    return _("%(label)s (%(zone)s)") % {"label": label, "zone": zone_name()}


class SheetWriter:
    """One streaming sheet: a bold frozen header, widths from the first rows, typed cells."""

    def __init__(self, book: Workbook, *, title: Any, headers: Sequence[Any]) -> None:
        self.ws: WriteOnlyWorksheet = book.create_sheet(strip_controls(str(title))[:31])
        self.headers = [strip_controls(str(h)) for h in headers]
        self.pending: list[list[Any]] | None = []

    def append(self, values: Iterable[Any]) -> None:
        row = [plain_value(v) for v in values]
        if self.pending is None:
            self.ws.append(safe_row(self.ws, row))
            return
        self.pending.append(row)
        if len(self.pending) >= SAMPLE_ROWS:
            self._start()

    def close(self) -> None:
        """Writes what is still held (a sheet of fewer rows than the sample, or none at all)."""
        if self.pending is not None:
            self._start()

    def _start(self) -> None:
        rows, self.pending = self.pending or [], None
        for index, width in enumerate(column_widths(self.headers, rows), start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        self.ws.append([text_cell(self.ws, h, font=bold) for h in self.headers])
        for row in rows:
            self.ws.append(safe_row(self.ws, row))


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column as wide as its widest cell among the header and `rows` (CJK counts double)."""
    count = max([len(headers), *(len(r) for r in rows)])
    widths = [0] * count
    for row in [headers, *rows]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def display_width(value: Any) -> int:
    """How many narrow characters the value takes on screen (its longest line)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("2026-01-31 23:59")
    if isinstance(value, date):
        return len("2026-01-31")
    lines = str(value).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s) for s in lines)


def plain_value(value: Any) -> Any:
    """A lazy text as text; an aware date-time as the naive local time Excel holds."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        zone = timezone.get_default_timezone()
        return timezone.localtime(value, zone).replace(tzinfo=None)
    return value


def safe_row(ws: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """The row ready to append: texts without control characters, never read as a formula."""
    return [safe_value(ws, v) for v in values]


def safe_value(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """A text kept exactly as typed (but control characters), a date as a date cell."""
    value = plain_value(value)
    if isinstance(value, date):
        return date_cell(ws, value)
    if not isinstance(value, str):
        return value
    text = strip_controls(value)
    # Only a text openpyxl would infer as a formula or an error needs a cell of its own.
    return text_cell(ws, text) if text.startswith(_INFERRED) else text


def date_cell(ws: WriteOnlyWorksheet, value: date) -> WriteOnlyCell:
    """A date or a naive local date-time as a date cell, shown as 2026-01-31 (23:59)."""
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
    return cell


def text_cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell that holds `value` as a string (an inline string), whatever it starts with."""
    cell = WriteOnlyCell(ws, value=strip_controls(str(value)))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


class TemplateColumn(Protocol):
    """What a template needs of an importer's column (core.importing.columns.Column has it)."""

    @property
    def header(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def width(self) -> int: ...
    @property
    def as_text(self) -> bool: ...


def import_template(
    *,
    title: str,
    columns: Sequence[TemplateColumn],
    text_rows: int,
    explain: Callable[[Worksheet], None],
) -> bytes:
    """An importer's template: the sheet to fill in (bold frozen header, required columns shaded,
    each column's width, ID and phone columns formatted as text) and a sheet `explain` fills."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append([c.header for c in columns])
    bold, required = Font(bold=True), PatternFill("solid", fgColor=REQUIRED_COLOUR)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if column.required:
            cell.fill = required
        sheet.column_dimensions[cell.column_letter].width = column.width
        if column.as_text:
            for row in range(2, text_rows + 1):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    explain(book.create_sheet("填写说明"))
    return workbook_bytes(book)


def _quote(name: str) -> str:
    return quote(strip_controls(name))
