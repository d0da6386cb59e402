"""What an import of rows did, the same for every import that registers rows through services
(the member roster, the mutual-aid enrolment roster): rows read, added, already there, refused."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lianxin.core.errors import InvalidInput
from lianxin.core.importing.errors_file import ErrorWorkbook
from lianxin.core.importing.parsing import Table


@dataclass
class ImportResult:
    total: int = 0
    added: int = 0
    already: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    error_file: bytes = b""

    @property
    def bad_count(self) -> int:
        return len(self.bad)

    def refuse(self, errors: ErrorWorkbook, values: list[Any], why: str, line: int) -> None:
        """Row `line` is not imported, for `why`: listed here and in the errors workbook."""
        self.bad.append((line, why))
        errors.add(values, why, line)

    def finish(self, errors: ErrorWorkbook) -> "ImportResult":
        self.error_file = errors.content().read() if errors.count else b""
        return self


def ensure_rows_at_most(table: Table, limit: int) -> None:
    """A roster is registered row by row through services: one file holds at most `limit` rows."""
    if table.total > limit:
        raise InvalidInput(
            _("The roster has more than %(limit)s rows; split it into smaller files.")
            % {"limit": limit},
            code="import.roster_too_long",
        )
