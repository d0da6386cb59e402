"""What an uploaded ledger may cost the worker that imports it, checked as it is read.

A 158 KB workbook can unpack to 157 MB of shared strings, and one row numbered 300,000,000 in a
5 KB file made the reader walk 300 million empty rows: nothing the file says about itself (its
stated size, its `<dimension>`) is trusted. Before the workbook is opened its zip parts are
measured (each part, all of them together, and how far each is compressed); while it is read the
rows actually met are counted, their numbers bounded, each cell's length bounded, and the time
the import has taken is checked on every row. A refusal is an InvalidInput with its reason in
the user's language, shown on the batch page.
"""

import re
import resource
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.utils.translation import gettext as _

from lianxin.core.errors import InvalidInput

MAX_IMPORT_ROWS = 200_000  # rows with data
MAX_SHEET_ROW = 1_048_576  # Excel's own last row: a higher row number is not a real workbook
MAX_CELLS_PER_ROW = 16_384  # Excel's own last column (XFD)
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
MAX_PART_BYTES = 256 * 1024 * 1024  # one zip part, unpacked
MAX_XML_PART_BYTES = 16 * 1024 * 1024  # one part parsed whole (workbook, styles, relationships)
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024  # all parts together, unpacked
MAX_PARTS = 10_000
MAX_RATIO = 100  # a real sheet unpacks to ~10 times its packed size
RATIO_FLOOR = 1024 * 1024  # small parts (styles, an empty template) may compress very well
MAX_SHARED_STRINGS = 3_000_000  # 200,000 rows of 15 columns, every text different
MAX_ROW_BYTES = 8 * 1024 * 1024  # one row of the sheet's XML (16,384 cells of text)
MAX_IMPORT_SECONDS = 15 * 60


# The parts read as a stream, with their own bounds: the sheets and the shared strings. Every other
# XML part that is read at all is parsed whole by openpyxl, so it gets the smaller bound.
_STREAMED = re.compile(r"xl/(worksheets/[^/]+|sharedStrings)\.xml")


def check_archive(stream: BinaryIO) -> None:
    """Refuse a workbook whose zip parts would unpack to more than the import may hold."""
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise unreadable() from error
    finally:
        stream.seek(0)
    if len(parts) > MAX_PARTS:
        raise too_large()
    total = 0
    for part in parts:
        size = part.file_size
        total += size
        packed = max(part.compress_size, 1)
        if size > _part_limit(part.filename) or total > MAX_ARCHIVE_BYTES:
            raise too_large()
        if size > RATIO_FLOOR and size / packed > MAX_RATIO:
            raise too_large()


def _part_limit(name: str) -> int:
    parsed_whole = name.endswith((".xml", ".rels")) and not _STREAMED.fullmatch(name)
    return MAX_XML_PART_BYTES if parsed_whole else MAX_PART_BYTES


def unreadable() -> InvalidInput:
    return InvalidInput(
        _("The file could not be read as an Excel workbook."), code="import.file_unreadable"
    )


def too_large() -> InvalidInput:
    return InvalidInput(
        _(
            "The workbook unpacks to far more data than a ledger holds, so it was not imported. "
            "Open it in Excel, save it again as .xlsx, or split it into smaller files."
        ),
        code="import.file_too_large",
    )


def row_out_of_range(line: int) -> InvalidInput:
    return InvalidInput(
        _(
            "The sheet has a row numbered %(line)s, beyond the last row an Excel sheet can have "
            "(%(limit)s); the file is damaged and was not imported."
        )
        % {"line": line, "limit": MAX_SHEET_ROW},
        code="import.file_damaged",
    )


def too_many_rows() -> InvalidInput:
    return InvalidInput(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": MAX_IMPORT_ROWS},
        code="import.too_many_rows",
    )


def row_too_wide(line: int) -> InvalidInput:
    return InvalidInput(
        _("Row %(line)s has more than %(limit)s cells; the file is damaged and was not imported.")
        % {"line": line, "limit": MAX_CELLS_PER_ROW},
        code="import.file_damaged",
    )


def cell_too_long(line: int | None) -> InvalidInput:
    if line is None:
        return InvalidInput(
            _(
                "The workbook holds a text longer than %(limit)s characters, more than an Excel "
                "cell can hold; the file is damaged and was not imported."
            )
            % {"limit": MAX_CELL_CHARS},
            code="import.cell_too_long",
        )
    return InvalidInput(
        _(
            "Row %(line)s has a cell longer than %(limit)s characters, more than an Excel cell "
            "can hold; the file was not imported."
        )
        % {"line": line, "limit": MAX_CELL_CHARS},
        code="import.cell_too_long",
    )


class Budget:
    """The time an import may take, from when its file is opened; checked on every row read."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = MAX_IMPORT_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise InvalidInput(
                _(
                    "The import took longer than %(minutes)s minutes and was stopped. Rows "
                    "imported so far are kept; split the file and import the rest."
                )
                % {"minutes": max(round(self.seconds / 60), 1)},
                code="import.time_limit",
            )


# How much more memory (address space) an import may take than the worker already had: the bounds
# above keep a real ledger far below it; this catches whatever they do not foresee.
MAX_IMPORT_MEMORY_MB = 1536


@contextmanager
def memory_limit(extra_mb: int = MAX_IMPORT_MEMORY_MB) -> Iterator[None]:
    """Let the process grow by `extra_mb` at most while the block runs (a larger allocation raises
    MemoryError), then give back the limit it had. Where the system sets no such limit, nothing."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/status", encoding="ascii") as status:
            size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (OSError, ValueError, StopIteration, AttributeError):
        yield
        return
    wanted = size_kb * 1024 + extra_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def out_of_memory() -> InvalidInput:
    return InvalidInput(
        _(
            "The import needed more memory than a worker may take, so it was stopped. Rows "
            "imported so far are kept; split the file and import the rest."
        ),
        code="import.memory_limit",
    )
