"""Reading an uploaded table (a ledger, a roster): .xlsx streamed (openpyxl reads the workbook and its styles; the
shared strings and the sheet's rows are read here), .csv as UTF-8 or GBK.

A table is its header (the first of the top rows that names at least two template columns, so a
title line above the header is fine), the number of its rows with data for the progress bar, and
an iterator of (line number in the file, {column key: raw value}) that skips blank rows.

Nothing the file states about itself is trusted (limits.py): its zip parts are measured before
openpyxl opens it, and rows, row numbers, cells and time are bounded as they are met. Every text
is read without C0 control characters (but tab and newlines): no row can carry one to the
database or to the error workbook.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse

from lianxin.core.errors import InvalidInput
from lianxin.core.importing import limits
from lianxin.core.importing.columns import Schema
from lianxin.core.importing.limits import Budget
from lianxin.core.text import strip_controls

HEADER_SEARCH_ROWS = 10
XLSX, CSV = "xlsx", "csv"


@dataclass
class Table:
    headers: list[str]  # as written in the file, for the error workbook
    keys: list[str | None]  # the column each header names, None for columns we do not read
    total: int  # rows with data below the header (counted, not as the file states)
    rows: Iterator[tuple[int, list[Any]]]

    def record(self, values: list[Any]) -> dict[str, Any]:
        return {k: v for k, v in zip(self.keys, values, strict=False) if k}


def file_kind(head: bytes, name: str) -> str:
    """XLSX or CSV from the file's first bytes and name; InvalidInput for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(
            _("This is an old .xls workbook: save it as .xlsx and upload it again."),
            code="import.file_type_not_allowed",
        )
    if name.lower().endswith(".csv") and b"\x00" not in head:
        return CSV
    raise InvalidInput(
        _("Only .xlsx workbooks and .csv files can be imported."),
        code="import.file_type_not_allowed",
    )


@contextmanager
def open_table(
    stream: BinaryIO, name: str, budget: Budget | None = None, *, schema: Schema
) -> Iterator[Table]:
    """The file as a table of `schema`'s columns; its rows are read as they are iterated, within
    `budget`'s time."""
    budget = budget or Budget()
    head = stream.read(8)
    stream.seek(0)
    if file_kind(head, name) == XLSX:
        limits.check_archive(stream)
        with _xlsx_table(stream, budget, schema) as table:
            yield table
    else:
        yield _csv_table(stream.read(), budget, schema)


@contextmanager
def _xlsx_table(stream: BinaryIO, budget: Budget, schema: Schema) -> Iterator[Table]:
    reader = _open_workbook(stream)
    try:
        with _damaged_as_unreadable():
            path = next(
                (rel.target for _sheet, rel in reader.parser.find_sheets()
                 if rel.target in reader.valid_files and "chartsheet" not in rel.Type),
                None,
            )  # fmt: skip
            if path is None:
                raise limits.unreadable()
            with reader.archive.open(path) as head:
                filled = _count_filled_rows(head, budget)
        with reader.archive.open(path) as source:
            book = reader.parser.wb
            rows = _sheet_rows(
                source, reader.shared_strings, book._date_formats, book._timedelta_formats,
                book.epoch,
            )  # fmt: skip
            with _damaged_as_unreadable():
                line, headers, above = _find_header(rows, schema)
                table = _table(
                    headers, max(filled - above, 0), _numbered(rows, line, budget), schema
                )
            yield table
    finally:
        reader.archive.close()


_DAMAGED = (KeyError, ParseError, zipfile.BadZipFile, zlib.error, EOFError)


@contextmanager
def _damaged_as_unreadable() -> Iterator[None]:
    """A part missing, malformed XML, or a part that does not unpack as the archive says."""
    try:
        yield
    except _DAMAGED as error:
        raise limits.unreadable() from error


def _open_workbook(stream: BinaryIO) -> ExcelReader:
    """openpyxl's reader with the workbook, its styles and (read here, bounded) its strings."""
    try:
        reader = ExcelReader(stream, read_only=True, data_only=True, keep_links=False)
        reader.read_manifest()
        reader.shared_strings = _shared_strings(reader)
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.parser.wb)
    except InvalidInput:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds for a damaged file
        raise limits.unreadable() from error
    return reader


# The first sheet is read here rather than through openpyxl's read-only worksheet: the same
# values (shared and inline strings, numbers, dates by their cell style, booleans, the cached
# result of a formula) for a third of the time, and without the pass over the whole sheet
# openpyxl makes at opening to find its size when the file does not state it.
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_NS}row", f"{_NS}c", f"{_NS}v", f"{_NS}is"
_TEXT, _RUN, _STRING = f"{_NS}t", f"{_NS}r", f"{_NS}si"


class _TooLong(Exception):
    """A cell's text longer than an Excel cell can hold (the row's number is added by the caller)."""


def _shared_strings(reader: ExcelReader) -> list[str]:
    """The workbook's shared strings as openpyxl reads them, but bounded in number and length,
    without control characters, and without keeping an element per string while reading."""
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings: list[str] = []
    root = None
    with reader.archive.open(part.PartName[1:]) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if root is None:
                root = element
            if event != "end" or element.tag != _STRING:
                continue
            if len(strings) >= limits.MAX_SHARED_STRINGS:
                raise limits.too_large()
            try:
                strings.append(_text(element).replace("x005F_", ""))
            except _TooLong:
                raise limits.cell_too_long(None) from None
            root.clear()  # the strings read so far: their elements are no longer needed
    return strings


def _text(element: Any) -> str:
    """The text of a string item (<si> or <is>): its own text, then its runs' texts."""
    parts = [element.findtext(_TEXT) or ""]
    parts += [run.findtext(_TEXT) or "" for run in element.iter(_RUN)]
    return _clean("".join(parts))


_MAX_CELL = limits.MAX_CELL_CHARS


def _clean(text: str) -> str:
    if len(text) > _MAX_CELL:
        raise _TooLong
    return text if text.isprintable() else strip_controls(text)


# A pass over the sheet's XML as bytes, before its rows are read: it counts the rows that hold a
# value (the progress bar's total: Excel's and the template's stated size counts formatted empty
# rows) and refuses row numbers no sheet can have, in a tenth of the time of parsing the XML. The
# row tag's namespace prefix (none, or e.g. "x:") is read from the first row, so that the searches
# start with a literal, which the regex engine finds fastest.
_FIRST_ROW = re.compile(rb"<([\w.-]+:)?row[\s>/]")
_HAS_VALUE = re.compile(rb"<(?:[\w.-]+:)?[vt]\b[^>/]*>\s*[^<\s]")
_SCAN_BLOCK = 4 * 1024 * 1024


def _count_filled_rows(source: BinaryIO, budget: Budget) -> int:
    filled = 0
    tail = b""
    row_end, numbers = None, None
    while block := source.read(_SCAN_BLOCK):
        budget.check()
        data = tail + block
        if row_end is None:
            first = _FIRST_ROW.search(data)
            if first is None:
                tail = data[-64:]  # a row tag may begin at the end of this block
                continue
            row_end, numbers = _row_patterns(first.group(1) or b"")
        _check_row_numbers(numbers, data)
        pieces = data.split(row_end)
        tail = pieces.pop()  # the row not closed yet
        if len(tail) > limits.MAX_ROW_BYTES:
            raise limits.too_large()
        # Each piece ends where a row ends; only that row's cells can hold a value in it.
        search = _HAS_VALUE.search
        filled += sum(1 for piece in pieces if search(piece))
        if filled > limits.MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS:
            raise limits.too_many_rows()
    return filled


def _row_patterns(prefix: bytes) -> tuple[bytes, re.Pattern[bytes]]:
    """The end tag of a row, and the row numbers of the start tags, with the sheet's prefix."""
    start = re.escape(b"<" + prefix + b"row")
    return b"</" + prefix + b"row>", re.compile(start + rb"""\s[^>]*?\br=["'](\d+)""")


def _check_row_numbers(numbers: Any, data: bytes) -> None:
    found = numbers.findall(data)
    highest = max(map(int, found)) if found else 0
    if highest > limits.MAX_SHEET_ROW:
        raise limits.row_out_of_range(highest)


def _sheet_rows(
    source: BinaryIO, strings: list, dates: set, durations: set, epoch: Any
) -> Iterator[list[Any]]:
    """Each row's values from column A on, an empty list for a row the file leaves out."""
    columns: dict[str, int] = {}
    number = 0
    for _event, element in iterparse(source):
        if element.tag != _ROW:
            continue
        at = element.get("r")
        line = int(float(at)) if at else number + 1
        if line > limits.MAX_SHEET_ROW:
            raise limits.row_out_of_range(line)
        while number + 1 < line:  # rows the file does not write are empty rows
            number += 1
            yield []
        number = line
        values: list[Any] = []
        for cell in element:
            if cell.tag != _CELL:
                continue
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                index = columns.get(letters)
                if index is None:
                    index = columns[letters] = column_index_from_string(letters) - 1
                if index > len(values):
                    values.extend([None] * (index - len(values)))
            if len(values) >= limits.MAX_CELLS_PER_ROW:
                raise limits.row_too_wide(line)
            try:
                values.append(_cell_value(cell, strings, dates, durations, epoch))
            except _TooLong:
                raise limits.cell_too_long(line) from None
        element.clear()
        yield values


def _cell_value(cell: Any, strings: list, dates: set, durations: set, epoch: Any) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":  # _text(inline), written out: this is the hot path of a large file
        inline = cell.find(_INLINE)
        if inline is None:
            return None
        text = inline.findtext(_TEXT) or ""
        for run in inline.iter(_RUN):
            text += run.findtext(_TEXT) or ""
        return text if text.isprintable() and len(text) <= _MAX_CELL else _clean(text)
    value = cell.findtext(_VALUE) or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        style = int(cell.get("s", 0))
        if style and style in dates:
            try:
                return from_excel(number, epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl reads a date serial out of range
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return _clean(value)  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _csv_table(raw: bytes, budget: Budget, schema: Schema) -> Table:
    # Control characters go from the whole text at once (NUL would also stop the csv module).
    text = strip_controls(_decode(raw))
    try:
        # Two passes over the text (one to count and measure) instead of a list of all rows.
        counting = csv.reader(io.StringIO(text))
        line, headers, _above = _find_header(counting, schema)
        total = _count_csv_rows(counting, line)
    except csv.Error as error:
        raise _csv_unreadable(counting.line_num) from error
    rows = csv.reader(io.StringIO(text))
    for _skipped in range(line):
        next(rows)
    return _table(headers, total, _csv_rows(_numbered(rows, line, budget)), schema)


def _count_csv_rows(rows: Any, header_line: int) -> int:
    total = 0
    for line, row in enumerate(rows, start=header_line + 1):
        if not _filled(row):
            continue
        if max(map(len, row)) > limits.MAX_CELL_CHARS:
            raise limits.cell_too_long(line)
        total += 1
        if total > limits.MAX_IMPORT_ROWS:
            raise limits.too_many_rows()
    return total


def _csv_rows(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from rows
    except csv.Error as error:  # the counting pass read the same text: not expected here
        raise _csv_unreadable(None) from error


def _csv_unreadable(line: int | None) -> InvalidInput:
    return InvalidInput(
        _("Line %(line)s of the CSV file could not be read; save it again from Excel as CSV.")
        % {"line": line or "?"},
        code="import.file_unreadable",
    )


def _decode(raw: bytes) -> str:
    """UTF-8 (Excel's “CSV UTF-8” adds a BOM) or, as Excel on a Chinese Windows saves it, GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(
        _("The CSV file is neither UTF-8 nor GBK text."), code="import.encoding_unknown"
    )


def _find_header(rows: Iterator[list[Any]], schema: Schema) -> tuple[int, list[str], int]:
    """The header's line, its cells, and how many rows read down to it (it too) hold data."""
    filled = 0
    for line in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        filled += _filled(row)
        if sum(1 for cell in row if schema.header_key(cell)) >= 2:
            return line, ["" if c is None else str(c).strip() for c in row], filled
    raise InvalidInput(
        _("The file has no header row with the template's columns."), code="import.header_missing"
    )


def _table(
    headers: list[str], total: int, rows: Iterator[tuple[int, list[Any]]], schema: Schema
) -> Table:
    keys: list[str | None] = []
    for header in headers:
        key = schema.header_key(header)
        keys.append(None if key in keys else key)  # a repeated column: the first one counts
    by_key = schema.by_key
    missing = [by_key[k].header for k in schema.required if k not in keys]
    if missing:
        raise InvalidInput(
            _("The file lacks the required columns: %(columns)s.")
            % {"columns": "、".join(missing)},
            code="import.columns_missing",
        )
    return Table(headers=headers, keys=keys, total=total, rows=rows)


def _numbered(
    rows: Iterator[list[Any]], header_line: int, budget: Budget
) -> Iterator[tuple[int, list[Any]]]:
    """The rows with data and their line numbers; never more of them, nor for longer, than the
    limits allow, whatever the file said of its size."""
    filled = 0
    with _damaged_as_unreadable():
        for line, row in enumerate(rows, start=header_line + 1):
            if _filled(row):
                filled += 1
                if filled > limits.MAX_IMPORT_ROWS:
                    raise limits.too_many_rows()
                budget.check()
                yield line, row


def _filled(row: list[Any]) -> bool:
    return any(c is not None and str(c).strip() for c in row)
