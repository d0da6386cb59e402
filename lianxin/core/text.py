"""Free text as users may send it: C0 control characters (but tab and newlines) removed.

Control characters break every consumer further on — openpyxl refuses them (IllegalCharacterError),
XML 1.0 cannot carry them, PostgreSQL refuses NUL — and a person never means to type them, so every
input strips them and every writer strips them again for rows stored before this rule.
"""

import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic_core import PydanticCustomError, core_schema

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
    checked. `Annotated[str, CleanText(max_length=120)]`; `CleanStr` when no bound applies.
    Refusals keep pydantic's types (string_too_short, string_too_long) with a translated message."""

    min_length: int | None = None
    max_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        inner = core_schema.str_schema(min_length=self.min_length, max_length=self.max_length)
        return core_schema.no_info_before_validator_function(self._clean, inner)

    def _clean(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str schema refuses it in its own words
        text = strip_controls(value)
        sizes = {"limit_value": 0, "show_value": len(text)}
        if self.max_length is not None and len(text) > self.max_length:
            sizes["limit_value"] = self.max_length
            message = _("At most %(limit_value)d characters; this text has %(show_value)d.")
            raise PydanticCustomError("string_too_long", message % sizes)
        if self.min_length is not None and len(text) < self.min_length:
            sizes["limit_value"] = self.min_length
            message = _("At least %(limit_value)d characters; this text has %(show_value)d.")
            raise PydanticCustomError("string_too_short", message % sizes)
        return text


CleanStr = Annotated[str, CleanText()]


# A journal note (a reason, a result, a comment): long enough for any report, short enough that
# the append-only journal never holds a pasted book. Forms, API schemas and services all use it.
NOTE_MAX_LENGTH = 5000


NOTE_TOO_LONG = gettext_lazy(
    "A note may hold at most %(limit_value)d characters; this one has %(show_value)d."
)


def check_note(note: str) -> None:
    """A journal note holds at most NOTE_MAX_LENGTH characters: the services' last gate."""
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            str(NOTE_TOO_LONG) % {"limit_value": NOTE_MAX_LENGTH, "show_value": len(note)},
            code="note.too_long",
            limit=NOTE_MAX_LENGTH,
        )
