"""Reading an uploaded ledger: the shared reader (lianxin.core.importing.parsing, with its limits
on hostile files) with the ledger template's columns."""

from contextlib import AbstractContextManager
from typing import BinaryIO

from lianxin.core.importing import parsing
from lianxin.core.importing.limits import Budget
from lianxin.core.importing.parsing import Table, file_kind
from lianxin.intake.importing.columns import LEDGER

__all__ = ["Table", "file_kind", "open_table"]


def open_table(
    stream: BinaryIO, name: str, budget: Budget | None = None
) -> AbstractContextManager[Table]:
    """The ledger file as a table; its rows are read as they are iterated, within `budget`."""
    return parsing.open_table(stream, name, budget, schema=LEDGER)
