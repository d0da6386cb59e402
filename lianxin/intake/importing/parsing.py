"""Reading an uploaded ledger: .xlsx streamed (openpyxl reads the workbook, its strings and
styles; the sheet's rows are read here), .csv as UTF-8 or GBK.

A table is its header (the first of the top rows that names at least two template columns, so a
title line above the header is fine), an estimate of its data rows for the progress bar, and an
iterator of (line number in the file, {column key: raw value}) that skips blank rows.
"""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.functions import iterparse

from lianxin.core.errors import InvalidInput
from lianxin.intake.importing.columns import BY_KEY, REQUIRED, header_key

HEADER_SEARCH_ROWS = 10
XLSX, CSV = "xlsx", "csv"


@dataclass
class Table:
    headers: list[str]  # as written in the file, for the error workbook
    keys: list[str | None]  # the column each header names, None for columns we do not read
    total: int
    rows: Iterator[tuple[int, list[Any]]]

    def record(self, values: list[Any]) -> dict[str, Any]:
        return {k: v for k, v in zip(self.keys, values, strict=False) if k}


def file_kind(head: bytes, name: str) -> str:
    """XLSX or CSV from the file's first bytes and name; InvalidInput for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(_("This is an old .xls workbook: save it as .xlsx and upload it again."))
    if name.lower().endswith(".csv") and b"\x00" not in head:
        return CSV
    raise InvalidInput(_("Only .xlsx workbooks and .csv files can be imported."))


@contextmanager
def open_table(stream: BinaryIO, name: str) -> Iterator[Table]:
    head = stream.read(8)
    stream.seek(0)
    if file_kind(head, name) == XLSX:
        with _xlsx_table(stream) as table:
            yield table
    else:
        yield _csv_table(stream.read())


@contextmanager
def _xlsx_table(stream: BinaryIO) -> Iterator[Table]:
    try:
        reader = ExcelReader(stream, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.parser.wb)
        path = next(
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        )
    except Exception as error:  # openpyxl and zipfile raise many kinds for a damaged file
        raise InvalidInput(_("The file could not be read as an Excel workbook.")) from error
    try:
        with reader.archive.open(path) as head:
            last_row = _last_row(head)
        with reader.archive.open(path) as source:
            book = reader.parser.wb
            rows = _sheet_rows(
                source, reader.shared_strings, book._date_formats, book._timedelta_formats,
                book.epoch,
            )  # fmt: skip
            line, headers = _find_header(rows)
            # The sheet's stated size is an estimate (Excel counts formatted empty rows too).
            yield _table(headers, max(last_row - line, 0), _numbered(rows, line))
    finally:
        reader.archive.close()


# The first sheet is read here rather than through openpyxl's read-only worksheet: the same
# values (shared and inline strings, numbers, dates by their cell style, booleans, the cached
# result of a formula) for a third of the time, and without the pass over the whole sheet
# openpyxl makes at opening to find its size when the file does not state it.
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_NS}row", f"{_NS}c", f"{_NS}v", f"{_NS}is"
_TEXT, _RUN = f"{_NS}t", f"{_NS}r"
_DIMENSION, _DATA = f"{_NS}dimension", f"{_NS}sheetData"


def _last_row(source: BinaryIO) -> int:
    """The last row the sheet says it has (0 when it does not say): read up to its data only."""
    for _event, element in iterparse(source, events=("start",)):
        if element.tag == _DIMENSION:
            return range_boundaries(element.get("ref", "A1"))[3] or 0
        if element.tag == _DATA:
            break
    return 0


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
            values.append(_cell_value(cell, strings, dates, durations, epoch))
        element.clear()
        yield values


def _cell_value(cell: Any, strings: list, dates: set, durations: set, epoch: Any) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        if inline is None:
            return None
        parts = [inline.findtext(_TEXT) or ""]
        parts += [run.findtext(_TEXT) or "" for run in inline.iter(_RUN)]
        return "".join(parts)
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
    return value  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _csv_table(raw: bytes) -> Table:
    text = _decode(raw)
    # Two passes over the text (one to count for the progress bar) instead of a list of all rows.
    counting = csv.reader(io.StringIO(text))
    line, headers = _find_header(counting)
    total = sum(1 for r in counting if _filled(r))
    rows = csv.reader(io.StringIO(text))
    for _skipped in range(line):
        next(rows)
    return _table(headers, total, _numbered(rows, line))


def _decode(raw: bytes) -> str:
    """UTF-8 (Excel's “CSV UTF-8” adds a BOM) or, as Excel on a Chinese Windows saves it, GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("The CSV file is neither UTF-8 nor GBK text."))


def _find_header(rows: Iterator[list[Any]]) -> tuple[int, list[str]]:
    for line in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        if sum(1 for cell in row if header_key(cell)) >= 2:
            return line, ["" if c is None else str(c).strip() for c in row]
    raise InvalidInput(_("The file has no header row with the template's columns."))


def _table(headers: list[str], total: int, rows: Iterator[tuple[int, list[Any]]]) -> Table:
    keys: list[str | None] = []
    for header in headers:
        key = header_key(header)
        keys.append(None if key in keys else key)  # a repeated column: the first one counts
    missing = [BY_KEY[k].header for k in REQUIRED if k not in keys]
    if missing:
        raise InvalidInput(
            _("The file lacks the required columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    return Table(headers=headers, keys=keys, total=total, rows=rows)


def _numbered(rows: Iterator[list[Any]], header_line: int) -> Iterator[tuple[int, list[Any]]]:
    for line, row in enumerate(rows, start=header_line + 1):
        if _filled(row):
            yield line, row


def _filled(row: list[Any]) -> bool:
    return any(c is not None and str(c).strip() for c in row)
