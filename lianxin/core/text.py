"""Free text as users may send it: C0 control characters (but tab and newlines) removed.

Control characters break every consumer further on — openpyxl refuses them (IllegalCharacterError),
XML 1.0 cannot carry them, PostgreSQL refuses NUL — and a person never means to type them, so every
input strips them and every writer strips them again for rows stored before this rule.
"""

import re

# C0 controls and DEL, except \t (0x09), \n (0x0a) and \r (0x0d).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: str) -> str:
    """The text with every C0 control character but tab, newline and carriage return removed."""
    return _CONTROLS.sub("", value)


def has_controls(value: str) -> bool:
    """Whether the text holds a control character `strip_controls` would remove."""
    return _CONTROLS.search(value) is not None
