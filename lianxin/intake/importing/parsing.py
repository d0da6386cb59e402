"""Reading an uploaded ledger: .xlsx through openpyxl's streaming reader, .csv as UTF-8 or GBK.

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
from openpyxl import load_workbook

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
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(_("The file could not be read as an Excel workbook.")) from error
    try:
        sheet = book.worksheets[0]
        rows = (list(r) for r in sheet.iter_rows(values_only=True))
        line, headers = _find_header(rows)
        # The sheet's stated size is an estimate (Excel counts formatted empty rows too).
        total = max((sheet.max_row or 0) - line, 0)
        yield _table(headers, total, _numbered(rows, line))
    finally:
        book.close()


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
