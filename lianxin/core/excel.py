"""Excel helpers: stream rows into an .xlsx response without holding a workbook in memory.

Every text goes in as text: a description typed as `=HYPERLINK(...)` or `#N/A` would otherwise
become a live formula or an error cell (openpyxl infers both from the string), and control
characters, which openpyxl refuses and old rows may still hold, are dropped. Every workbook
writer builds its rows with `safe_row` and its header cells with `text_cell`.
"""

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from lianxin.core.text import strip_controls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The first characters from which openpyxl would infer a formula (=) or an error value (#N/A).
_INFERRED = ("=", "#")


def xlsx_response(
    *, filename: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A one-sheet workbook with a bold header row, written in openpyxl's streaming mode."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(strip_controls(str(sheet))[:31])
    bold = Font(bold=True)
    ws.append([text_cell(ws, h, font=bold) for h in headers])
    for row in rows:
        ws.append(safe_row(ws, row))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def safe_row(ws: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """The row ready to append: texts without control characters, never read as a formula."""
    return [safe_value(ws, v) for v in values]


def safe_value(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """A text kept exactly as typed (but control characters); any other value as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    text = strip_controls(value)
    # Only a text openpyxl would infer as a formula or an error needs a cell of its own.
    return text_cell(ws, text) if text.startswith(_INFERRED) else text


def text_cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell that holds `value` as a string (an inline string), whatever it starts with."""
    cell = WriteOnlyCell(ws, value=strip_controls(str(value)))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _quote(name: str) -> str:
    return quote(strip_controls(name))
