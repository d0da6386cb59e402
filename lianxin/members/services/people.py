"""Persons: the details a registration brings, the one person per ID number, and the logged full view.

A person is found by the keyed hash of their ID number; the unique index on that hash is what makes
"the same ID never makes two persons" hold under concurrent registrations: the second insert fails,
and the registration carries on with the row the first one committed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import clock, idcard
from lianxin.core.bulk import insert_rows
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, require
from lianxin.core.phones import normalise_phone
from lianxin.members import crypto
from lianxin.members.crypto import id_hash, id_variants, name_hash, normalise_name, phone_hash
from lianxin.members.models import IdNumberView, IdVariant, Person
from lianxin.members.permissions import may_see_full_id, visible_persons
from lianxin.members.states import EmploymentForm, Gender

NAME_MAX, NOTES_MAX = 40, 2000
_FORMS, _GENDERS = frozenset(EmploymentForm.values), frozenset({"", *Gender.values})


@dataclass(frozen=True)
class SelfActor:
    """A worker acting on their own membership: journalled as “the member”, never by name."""

    user: User
    journal_label: str = "@member"


@dataclass(frozen=True)
class PersonDetails:
    """What a registration, an application or a roster row says about a person."""

    name: str
    id_number: str
    phone: str = ""
    gender: str = ""
    birth_year: int | None = None
    employment_form: str = EmploymentForm.EMPLOYEE
    platform_or_employer: str = ""
    notes: str = ""


def today() -> date:
    """Today in Beijing (the service clock's date)."""
    return timezone.localdate(clock.now())


def clean_details(details: PersonDetails) -> PersonDetails:
    """The details normalised and checked, or InvalidInput with a `members.*` code.

    A roster checks thousands of rows: a message is translated only when the check fails."""
    name = normalise_name(details.name)
    if not 0 < len(name) <= NAME_MAX:
        raise InvalidInput(_("Give the person's name."), code="members.name_missing")
    number = idcard.normalise_id_number(details.id_number or "")
    if idcard.id_number_problem(number) is not None:
        raise InvalidInput(
            _("The ID number is not a valid 18-character resident ID number."),
            code="members.id_number_invalid",
        )
    phone = ""
    if details.phone.strip():
        try:
            phone = normalise_phone(details.phone)
        except ValueError:
            raise InvalidInput(
                _("The phone number is not valid."), code="members.phone_invalid"
            ) from None
    if details.employment_form not in _FORMS:
        raise InvalidInput(_("Choose an employment form."), code="members.employment_form_invalid")
    if details.gender not in _GENDERS:
        raise InvalidInput(_("Choose a gender."), code="members.gender_invalid")
    return PersonDetails(
        name=name, id_number=number, phone=phone, gender=details.gender,
        birth_year=details.birth_year or int(number[6:10]),
        employment_form=details.employment_form,
        platform_or_employer=details.platform_or_employer.strip()[:120],
        notes=details.notes.strip()[:NOTES_MAX],
    )  # fmt: skip


def survivor(person: Person) -> Person:
    """The record a merged person lives on in (itself when never merged)."""
    while person.merged_into_id is not None:
        person = Person.objects.select_for_update().get(pk=person.merged_into_id)
    return person


def person_for(details: PersonDetails) -> tuple[Person, bool]:
    """The one person with this ID number, locked (created from `details` when new): (person, created).

    Must run inside the caller's transaction; `details` are already clean.
    """
    digest = id_hash(details.id_number)
    found = Person.objects.select_for_update().filter(id_hash=digest).first()
    if found is not None:
        return survivor(found), False
    try:
        with transaction.atomic():
            return _create(details, digest), True
    except IntegrityError:
        # A concurrent registration of the same number committed first: carry on with its person.
        found = Person.objects.select_for_update().get(id_hash=digest)
        return survivor(found), False


def persons_for(many: list[PersonDetails]) -> list[Person]:
    """`person_for` for a roster's chunk, in a few queries: the persons already registered are read
    (locked) at once, the new ones written with their ID variants in a few statements. Must run
    inside the caller's transaction; the details are clean, one per ID number.

    Under concurrent imports of the same numbers, the new persons are inserted in the order of
    their hash with ON CONFLICT DO NOTHING: an insert meeting a number another import is writing
    waits for it and leaves its row (no deadlock: every import takes the numbers in one order),
    and the persons so skipped are read (locked) after it committed."""
    digests = [id_hash(d.id_number) for d in many]
    found = {p.id_hash: p for p in Person.objects.select_for_update().filter(id_hash__in=digests)}
    fresh = sorted({g: d for d, g in zip(many, digests, strict=True) if g not in found}.items())
    found.update(_insert_persons(fresh))
    if missing := [g for g in digests if g not in found]:  # registered meanwhile, elsewhere
        found.update(
            (p.id_hash, p) for p in Person.objects.select_for_update().filter(id_hash__in=missing)
        )
    return [survivor(found[digest]) for digest in digests]


def _insert_persons(fresh: list[tuple[str, PersonDetails]]) -> dict[str, Person]:
    """New persons (hash, details) sealed and written with their ID variants: those written here,
    by hash (a number another registration wrote meanwhile is left out)."""
    if not fresh:
        return {}
    now = timezone.now()
    sealed = [_sealed(details, digest, created_at=now) for digest, details in fresh]
    ids = _insert_new(sealed)
    written, variants = {}, []  # type: dict[str, Person], list[tuple[int, int]]
    for person, (digest, details) in zip(sealed, fresh, strict=True):
        if digest in ids:
            person.pk, person._state.adding, person._state.db = ids[digest], False, "default"
            written[digest] = person
            variants.extend((person.pk, v) for v in id_variants(details.id_number))
    variants.sort(key=lambda row: row[1])  # into the digest index in its order: fewer pages touched
    insert_rows(IdVariant._meta.db_table, ["person_id", "digest"], variants)
    return written


_PERSONS_A_STATEMENT = 1_000  # 16 values a row: within SQLite's 32,766 parameters


def _insert_new(persons: list[Person]) -> dict[str, int]:
    """INSERT … ON CONFLICT (id_hash) DO NOTHING RETURNING: {id hash: id} of the rows written."""
    columns, rows = plain_rows(persons)
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(Person._meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "
    tail = f" ON CONFLICT ({qn('id_hash')}) DO NOTHING RETURNING {qn('id_hash')}, {qn('id')}"
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    written: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _PERSONS_A_STATEMENT):
            batch = rows[start : start + _PERSONS_A_STATEMENT]
            cursor.execute(
                head + ", ".join([one] * len(batch)) + tail, [v for r in batch for v in r]
            )
            written.update(cursor.fetchall())
    return written


def insert_plain(objects: Sequence[models.Model]) -> None:
    """Unsaved instances of one model as plain rows in one statement (`core.bulk.insert_rows`:
    COPY / one prepared INSERT): no ids come back, no defaults or auto fields are filled in."""
    columns, rows = plain_rows(objects)
    insert_rows(type(objects[0])._meta.db_table, columns, rows)


def plain_rows(objects: Sequence[models.Model]) -> tuple[list[str], list[list[Any]]]:
    """The columns (all but the id) and the rows of unsaved instances, as the database takes them."""
    fields = [f for f in type(objects[0])._meta.concrete_fields if not f.primary_key]
    ops, seen = connection.ops, {}  # type: Any, dict[Any, Any]
    adapters = {
        "DateTimeField": ops.adapt_datetimefield_value, "DateField": ops.adapt_datefield_value
    }  # fmt: skip
    adapt = [adapters.get(f.get_internal_type()) for f in fields]
    rows = []
    for obj in objects:
        row = [getattr(obj, f.attname) for f in fields]
        for i, to_db in enumerate(adapt):
            if to_db is not None and row[i] is not None:
                key = (i, row[i])
                row[i] = seen[key] if key in seen else seen.setdefault(key, to_db(row[i]))
        rows.append(row)
    return [f.column for f in fields], rows


def _create(details: PersonDetails, digest: str) -> Person:
    person = _sealed(details, digest)
    person.save(force_insert=True)
    IdVariant.objects.bulk_create(
        [IdVariant(person=person, digest=d) for d in sorted(id_variants(details.id_number))]
    )
    return person


def _sealed(details: PersonDetails, digest: str, **fields: Any) -> Person:
    """A new person (not saved): every personal field sealed under a fresh data key."""
    key, wrapped = crypto.new_data_key()
    return Person(
        **fields,
        data_key=wrapped,
        name_sealed=crypto.seal(key, details.name),
        phone_sealed=crypto.seal(key, details.phone),
        id_number_sealed=crypto.seal(key, details.id_number),
        notes_sealed=crypto.seal(key, details.notes),
        name_hash=name_hash(details.name),
        phone_hash=phone_hash(details.phone),
        id_hash=digest,
        gender=details.gender,
        birth_year=details.birth_year,
        employment_form=details.employment_form,
        platform_or_employer=details.platform_or_employer,
    )


def seal_for(person: Person, text: str) -> str:
    """`text` sealed under the person's key ("" once erased: nothing about them is kept)."""
    key = crypto.data_key(person.data_key)
    return crypto.seal(key, text) if key is not None else ""


@transaction.atomic
def reveal_id_number(*, actor: User, person_id: int, purpose: str, where: str = "") -> str:
    """The full ID number, for a role that needs it; the view is written to the access log."""
    person = visible_persons(actor).filter(pk=person_id).first()
    if person is None and actor.is_authenticated:
        person = Person.objects.filter(pk=person_id, user=actor).first()
    if person is None:
        raise NotFound(_("No such person."), code="members.not_found")
    if not may_see_full_id(actor, person):
        raise PermissionDenied(
            _("Your role does not show full ID numbers."), code="members.full_id_not_allowed"
        )
    require(
        purpose.strip(), _("Say why the full number is needed."), code="members.purpose_missing"
    )
    IdNumberView.objects.create(
        person=person, viewer=actor, at=clock.now(), purpose=purpose.strip()[:120],
        where=where[:200],
    )  # fmt: skip
    return person.id_number
