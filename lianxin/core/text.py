"""Free text as users may send it: C0 control characters (but tab and newlines) removed.

Control characters break every consumer further on — openpyxl refuses them (IllegalCharacterError),
XML 1.0 cannot carry them, PostgreSQL refuses NUL — and a person never means to type them, so every
input strips them and every writer strips them again for rows stored before this rule.
"""

import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic_core import core_schema

from lianxin.core.errors import InvalidInput

# C0 controls and DEL, except \t (0x09), \n (0x0a) and \r (0x0d).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: str) -> str:
    """The text with every C0 control character but tab, newline and carriage return removed."""
    return _CONTROLS.sub("", value)


def has_controls(value: str) -> bool:
    """Whether the text holds a control character `strip_controls` would remove."""
    return _CONTROLS.search(value) is not None


@dataclass(frozen=True)
class CleanText:
    """Pydantic (API input): a string whose control characters are removed before its length is
    checked. `Annotated[str, CleanText(max_length=120)]`; `CleanStr` when no bound applies."""

    min_length: int | None = None
    max_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        inner = core_schema.str_schema(min_length=self.min_length, max_length=self.max_length)
        return core_schema.no_info_before_validator_function(_strip_text, inner)


def _strip_text(value: Any) -> Any:
    return strip_controls(value) if isinstance(value, str) else value


CleanStr = Annotated[str, CleanText()]


# A journal note (a reason, a result, a comment): long enough for any report, short enough that
# the append-only journal never holds a pasted book. Forms, API schemas and services all use it.
NOTE_MAX_LENGTH = 5000


def check_note(note: str) -> None:
    """A journal note holds at most NOTE_MAX_LENGTH characters: the services' last gate."""
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("A note may hold at most %(limit)s characters; this one has %(length)s.")
            % {"limit": NOTE_MAX_LENGTH, "length": len(note)},
            code="note.too_long",
            limit=NOTE_MAX_LENGTH,
        )
