"""The workbook of rows that were not imported: the file's own columns, then why, then which line.

It is written row by row in openpyxl's streaming mode (a 100,000-row file may come back whole).
ID numbers (the columns `blank_keys` names) are left blank: not even this file holds them; the
importer fills them in again from their own table. The 错误原因 and 原行号 columns are ignored on re-import, so the
corrected file can be uploaded as it is. Every cell goes through core/excel.py's SheetWriter (a bold
frozen header, widths, date cells): a text stays text (never a formula, whatever it starts with)
without control characters, cut to what a cell holds.
"""

from datetime import datetime, time
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from openpyxl import Workbook

from lianxin.core.excel import SheetWriter, workbook_bytes
from lianxin.core.importing.columns import ERROR_HEADER, LINE_HEADER, Schema
from lianxin.core.importing.limits import MAX_CELL_CHARS

BLANK_KEYS = frozenset({"id_number"})


class ErrorWorkbook:
    """Created on the first row that needs it: a clean import writes no file at all."""

    def __init__(
        self, headers: list[str], *, schema: Schema, blank_keys: frozenset[str] = BLANK_KEYS
    ) -> None:
        self.headers = headers
        self.blank = {i for i, h in enumerate(headers) if schema.header_key(h) in blank_keys}
        self.book: Workbook | None = None
        self.sheet: SheetWriter | None = None
        self.count = 0

    def _open(self) -> SheetWriter:
        self.book = Workbook(write_only=True)
        headers = [_fit(h) for h in [*self.headers, ERROR_HEADER, LINE_HEADER]]
        self.sheet = SheetWriter(self.book, title="未导入的行", headers=headers)
        return self.sheet

    def add(self, values: list[Any], reason: str, line: int) -> None:
        sheet = self._open() if self.sheet is None else self.sheet
        width = len(self.headers)
        cells = [*values[:width], *[None] * (width - len(values))]
        for i in self.blank:
            cells[i] = None
        sheet.append([_fit(v) for v in [*cells, reason, line]])
        self.count += 1

    def content(self) -> ContentFile:
        if self.book is None or self.sheet is None:
            return ContentFile(b"")
        self.sheet.close()
        return ContentFile(workbook_bytes(self.book))

    def discard(self) -> None:
        """An import that stopped keeps no error file; saving is how a streaming workbook closes."""
        if self.book is not None:
            self.book.save(BytesIO())


def _fit(value: Any) -> Any:
    """A text cut to what an Excel cell holds (a reason may quote a long cell); a date read from
    the upload (openpyxl reads a date cell as midnight) goes back as a date."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS - 1] + "…"
    if isinstance(value, datetime) and value.tzinfo is None and value.time() == time():
        return value.date()
    return value
