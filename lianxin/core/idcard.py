"""Resident ID numbers (公民身份号码, GB 11643-1999): 17 digits and a check character.

Pure functions: the case import checks a row with them (and stores no ID number); the members
registry validates a person's number with them before it is encrypted and hashed.
"""

import re
from datetime import date

_PATTERN = re.compile(r"^[1-9]\d{16}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

FORMAT, BIRTH_DATE, CHECKSUM = "format", "birth_date", "checksum"


def normalise_id_number(value: str) -> str:
    """Spaces dropped, a lower-case x read as X, full-width digits read as ASCII."""
    table = str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX")
    return "".join(value.split()).translate(table)


def check_digit(first17: str) -> str:
    """The 18th character: the weighted sum of the first 17 digits, mod 11, mapped to 1 0 X 9 … 2."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """None for a valid number, else which part is wrong: FORMAT, BIRTH_DATE or CHECKSUM."""
    number = normalise_id_number(value)
    if not _PATTERN.match(number):
        return FORMAT
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return BIRTH_DATE
    if not date(1900, 1, 1) <= born <= date.today():
        return BIRTH_DATE
    if number[17] != check_digit(number[:17]):
        return CHECKSUM
    return None
