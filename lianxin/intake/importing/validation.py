"""Checking one row of an imported ledger: every reason it cannot be imported, or a clean row.

Rows are checked against the importer's scope (only orgs they may register cases for, inside the
org the import is for), the taxonomy, and the formats of dates, phones and ID numbers. The ID
number is checked and used to spot a repeated row inside the file, then forgotten: it is never kept.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import get_close_matches
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Category, Channel, Urgency
from lianxin.cases.states import Status
from lianxin.core import idcard
from lianxin.core.importing import dates
from lianxin.core.phones import normalise_phone
from lianxin.intake.importing.columns import (
    BY_KEY,
    CHANNEL_WORDS,
    NO,
    STATUS_WORDS,
    URGENCY_WORDS,
    YES,
    vocabulary,
)
from lianxin.orgs.models import Org

REGISTERED_AT = time(9, 0)  # a ledger has dates only: a case counts as registered at 09:00
RESOLVED_AT = time(17, 0)
TITLE_LIMIT, NAME_LIMIT, AUTO_TITLE = 120, 60, 30
TEXT_LIMIT = 5000  # a description or a result, as the API takes them
NEEDS_RESULT = {Status.RESOLVED, Status.CLOSED, Status.REJECTED}
_SPACES = re.compile(r"\s+")


@dataclass
class CleanRow:
    org: Org
    registered_at: datetime
    channel: str
    category: Category
    urgency: str
    title: str
    description: str
    worker_name: str
    worker_phone: str
    is_anonymous: bool
    status: str
    result: str
    resolved_at: datetime | None
    fingerprint: str
    person_key: str  # same org, day, category and ID number: one person's one concern ("" if no ID)


@dataclass
class CheckedRow:
    line: int
    values: list[Any]
    row: CleanRow | None = None
    errors: list[str] = field(default_factory=list)
    duplicate: bool = False
    resumed: bool = False

    @property
    def reason(self) -> str:
        return sentences(self.errors)

    def repeat(self, reason: str) -> None:
        """A good row that repeats another: reported, counted as a duplicate, not imported."""
        self.errors.append(reason)
        self.duplicate, self.row = True, None

    def resume(self) -> None:
        """A row the same batch imported before its worker stopped: counted, not imported again."""
        self.resumed, self.row = True, None


def sentences(parts: list[str]) -> str:
    """Reasons one after another: Chinese sentences need no space between them, English ones do."""
    return ("" if (get_language() or "").startswith("zh") else " ").join(parts)


def text(value: Any) -> str:
    """A cell as text: 13812345678.0 (how Excel hands back a number) reads as 13812345678."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalised_description(description: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", description)).strip()


def fingerprint(org_id: int, day: date, description: str, phone: str) -> str:
    """What makes two rows the same concern: org, day, the words (spacing aside) and the phone."""
    raw = f"{org_id}|{day.isoformat()}|{normalised_description(description)}|{phone}"
    return hashlib.sha256(raw.encode()).hexdigest()


def header(key: str) -> str:
    return BY_KEY[key].header


class RowChecker:
    """Checks rows for one importer and one org subtree; the lookups are read once per import."""

    def __init__(self, *, orgs: list[Org], categories: list[Category], today: date) -> None:
        self.orgs = OrgIndex(orgs)
        self.categories = CategoryIndex(categories)
        self.today = today
        self.channels = vocabulary(CHANNEL_WORDS, Channel)
        self.urgencies = vocabulary(URGENCY_WORDS, Urgency)
        self.statuses = vocabulary(STATUS_WORDS, Status)

    def check(self, line: int, values: list[Any], record: dict[str, Any]) -> CheckedRow:
        checked = CheckedRow(line=line, values=values)
        errors = checked.errors
        for key in ("org", "date", "description"):
            if not text(record.get(key)):
                errors.append(_("Required: %(column)s.") % {"column": header(key)})
        org = self._org(record, errors)
        day_at = self._date(record.get("date"), "date", REGISTERED_AT, errors)
        category = self._category(record, errors)
        urgency = self._choice(record, "urgency", self.urgencies, Urgency.ORDINARY, errors)
        status = self._choice(record, "status", self.statuses, Status.REGISTERED, errors)
        anonymous = self._anonymous(record, errors)
        name, phone = self._worker(record, anonymous, errors)
        title, description = self._texts(record, errors)
        id_number = self._id_number(record.get("id_number"), errors)
        result, resolved_at = self._outcome(record, status, day_at, errors)
        if errors or org is None or day_at is None or category is None:
            return checked
        day = day_at.date()
        checked.row = CleanRow(
            org=org, registered_at=day_at, channel=self._channel(record), category=category,
            urgency=urgency, title=title, description=description, worker_name=name,
            worker_phone=phone, is_anonymous=anonymous, status=status, result=result,
            resolved_at=resolved_at, fingerprint=fingerprint(org.pk, day, description, phone),
            person_key=_person_key(org.pk, day, category.key, id_number),
        )  # fmt: skip
        return checked

    def _org(self, record: dict[str, Any], errors: list[str]) -> Org | None:
        value = text(record.get("org"))
        if not value:
            return None
        org, problem = self.orgs.find(value)
        if problem:
            errors.append(problem)
        return org

    def _date(self, value: Any, key: str, at: time, errors: list[str]) -> datetime | None:
        if value is None or text(value) == "":
            return None
        try:
            day, moment = dates.parse_date(value)
        except ValueError:
            errors.append(
                _("%(column)s: “%(value)s” is not a date; write it like 2025-03-18.")
                % {"column": header(key), "value": text(value)}
            )
            return None
        if day > self.today:
            errors.append(_("%(column)s: the date lies in the future.") % {"column": header(key)})
        elif day < dates.EARLIEST:
            errors.append(
                _("%(column)s: dates before %(year)s are not accepted.")
                % {"column": header(key), "year": dates.EARLIEST.year}
            )
        return datetime.combine(day, moment or at, tzinfo=BEIJING)

    def _category(self, record: dict[str, Any], errors: list[str]) -> Category | None:
        category, problem = self.categories.find(text(record.get("category")))
        if problem:
            errors.append(problem)
        return category

    def _choice(
        self, record: dict[str, Any], key: str, table: dict[str, str], default: str, errors: list
    ) -> str:
        value = text(record.get(key))
        if not value:
            return default
        found = table.get(value.lower())
        if found is None:
            words = {"urgency": URGENCY_WORDS, "status": STATUS_WORDS}[key]
            errors.append(
                _("%(column)s: “%(value)s” is not one of %(choices)s.")
                % {"column": header(key), "value": value,
                   "choices": "、".join(w[0] for w in words.values())}
            )  # fmt: skip
            return default
        return found

    def _channel(self, record: dict[str, Any]) -> str:
        """A channel the ledger names, or “import” (the brief: unknown channels are not an error)."""
        return self.channels.get(text(record.get("channel")).lower(), Channel.IMPORT)

    def _anonymous(self, record: dict[str, Any], errors: list[str]) -> bool:
        value = text(record.get("anonymous")).lower()
        if value in YES or value in NO or not value:
            return value in YES
        errors.append(
            _("%(column)s: “%(value)s” is neither yes nor no.")
            % {"column": header("anonymous"), "value": value}
        )
        return False

    def _worker(self, record: dict[str, Any], anonymous: bool, errors: list) -> tuple[str, str]:
        name, raw_phone = text(record.get("worker_name")), text(record.get("phone"))
        if anonymous and (name or raw_phone):
            # Anonymity cannot be half kept: the row must say which it is.
            errors.append(_("The row is marked anonymous but gives a name or phone number."))
            return "", ""
        if len(name) > NAME_LIMIT:
            errors.append(_too_long("worker_name", NAME_LIMIT))
        if not raw_phone:
            return name, ""
        try:
            return name, normalise_phone(raw_phone)
        except ValueError:
            errors.append(
                _(
                    "%(column)s: “%(value)s” is neither a mobile number (11 digits starting 13–19) "
                    "nor a landline with its area code."
                )
                % {"column": header("phone"), "value": raw_phone}
            )
            return name, ""

    def _texts(self, record: dict[str, Any], errors: list[str]) -> tuple[str, str]:
        description = text(record.get("description"))
        title = text(record.get("title")) or _title_from(description)
        if len(title) > TITLE_LIMIT:
            errors.append(_too_long("title", TITLE_LIMIT))
        if len(description) > TEXT_LIMIT:
            errors.append(_too_long("description", TEXT_LIMIT))
        return title, description

    def _id_number(self, value: Any, errors: list[str]) -> str:
        if isinstance(value, int | float):
            errors.append(
                _(
                    "%(column)s: Excel stored it as a number and lost digits; format the column "
                    "as text and enter it again."
                )
                % {"column": header("id_number")}
            )
            return ""
        number = idcard.normalise_id_number(text(value))
        if not number:
            return ""
        problem = idcard.id_number_problem(number)
        if problem:
            errors.append(_ID_PROBLEMS[problem]() % {"column": header("id_number")})
            return ""
        return number

    def _outcome(
        self, record: dict[str, Any], status: str, registered: datetime | None, errors: list
    ) -> tuple[str, datetime | None]:
        result = text(record.get("result"))
        if len(result) > TEXT_LIMIT:
            errors.append(_too_long("result", TEXT_LIMIT))
        if status in NEEDS_RESULT and not result:
            errors.append(
                _("%(column)s is required when a case is resolved, closed or not accepted.")
                % {"column": header("result")}
            )
        if status == Status.REGISTERED and result:
            errors.append(
                _("%(column)s is given but %(status)s says the case is not handled yet.")
                % {"column": header("result"), "status": header("status")}
            )
        resolved = self._date(record.get("resolved_date"), "resolved_date", RESOLVED_AT, errors)
        if resolved and status not in (Status.RESOLVED, Status.CLOSED):
            errors.append(
                _("%(column)s is given but the case is not resolved.")
                % {"column": header("resolved_date")}
            )
        if registered is None or status not in (Status.RESOLVED, Status.CLOSED):
            return result, None
        if resolved and resolved.date() < registered.date():
            errors.append(
                _("%(column)s lies before the registration date.")
                % {"column": header("resolved_date")}
            )
        return result, max(resolved or registered, registered)


_ID_PROBLEMS = {
    idcard.FORMAT: lambda: _("%(column)s: it must be 18 characters, 17 digits and a digit or X."),
    idcard.BIRTH_DATE: lambda: _("%(column)s: the date of birth in it is not a real date."),
    idcard.CHECKSUM: lambda: _(
        "%(column)s: the check digit is wrong; compare the number with the ID card."
    ),
}


def _too_long(key: str, limit: int) -> str:
    return _("%(column)s is longer than %(limit)s characters.") % {
        "column": header(key),
        "limit": limit,
    }


def _title_from(description: str) -> str:
    """A ledger without titles: the first sentence of the content, cut to 30 characters."""
    first = re.split(r"[。！？!?；;\n]", description, maxsplit=1)[0].strip()
    return first if len(first) <= AUTO_TITLE else first[: AUTO_TITLE - 1] + "…"


def _person_key(org_id: int, day: date, category: str, id_number: str) -> str:
    if not id_number:
        return ""
    return hashlib.sha256(f"{org_id}|{day}|{category}|{id_number}".encode()).hexdigest()


class OrgIndex:
    """Orgs by code, name (with or without “工会”) and short name; close names for a typo."""

    def __init__(self, orgs: list[Org]) -> None:
        self.keys: dict[str, list[Org]] = {}
        for org in orgs:
            names = {org.code.lower(), org.name, org.name.removesuffix("工会"), org.short_name}
            for key in names - {""}:
                self.keys.setdefault(key, []).append(org)
        self.names = sorted({o.name for o in orgs} | {o.short_name for o in orgs} - {""})
        self._hints: dict[str, str] = {}

    def find(self, value: str) -> tuple[Org | None, str]:
        """(org, "") or (None, the reason in words)."""
        found = self.keys.get(value) or self.keys.get(value.lower()) or []
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            codes = "、".join(o.code for o in found)
            return None, _(
                "“%(name)s” matches several organisations; write its code (%(codes)s)."
            ) % {
                "name": value,
                "codes": codes,
            }
        return None, self._unknown(value)

    def _unknown(self, value: str) -> str:
        """One answer for unknown and out-of-scope orgs, so the reason tells nothing of other scopes."""
        if value not in self._hints:
            hint = _("“%(name)s” is not an organisation you may register cases for here.") % {
                "name": value
            }
            close = get_close_matches(value, self.names, n=3, cutoff=0.5)
            if close:
                hint = sentences(
                    [hint, _("Did you mean: %(names)s?") % {"names": "、".join(close)}]
                )
            self._hints[value] = hint
        return self._hints[value]


class CategoryIndex:
    """Categories by key, Chinese name or English name; a blank cell is “other” (uncategorised)."""

    def __init__(self, categories: list[Category]) -> None:
        self.keys = {}
        for c in categories:
            for key in (c.key, c.name, c.name_en.lower()):
                self.keys[key] = c
        self.names = [c.name for c in categories]

    def find(self, value: str) -> tuple[Category | None, str]:
        found = self.keys.get(value or "other") or self.keys.get(value.lower())
        if found:
            return found, ""
        hint = _("%(column)s: “%(value)s” is not a category.") % {
            "column": header("category"),
            "value": value,
        }
        close = get_close_matches(value, self.names, n=3, cutoff=0.3)
        if close:
            more = _("Did you mean: %(names)s?") % {"names": "、".join(close)}
        else:  # the taxonomy is short: name it all
            more = _("Write one of: %(names)s.") % {"names": "、".join(self.names)}
        return None, sentences([hint, more])
