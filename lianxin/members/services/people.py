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
    (locked) at once, the new ones written as plain rows with their ID variants (one statement
    each). Must run inside the caller's transaction; the details are clean, one per ID number.

    New persons are inserted in the order of their hash, so two imports that share numbers wait
    for each other on the unique index instead of deadlocking; the one that waited then fails on
    it and falls back to `person_for` row by row, which carries on with the committed person."""
    digests = [id_hash(d.id_number) for d in many]
    found = {p.id_hash: p for p in Person.objects.select_for_update().filter(id_hash__in=digests)}
    fresh = sorted(
        {g: d for d, g in zip(many, digests, strict=True) if g not in found}.items()
    )  # fmt: skip
    try:
        with transaction.atomic():
            found.update(_insert_persons(fresh))
    except IntegrityError:
        return [person_for(d)[0] for d in many]
    return [survivor(found[digest]) for digest in digests]


def _insert_persons(fresh: list[tuple[str, PersonDetails]]) -> dict[str, Person]:
    """New persons (hash, details) sealed and written with their ID variants; by hash."""
    if not fresh:
        return {}
    now = timezone.now()
    sealed = [_sealed(details, digest, created_at=now) for digest, details in fresh]
    insert_plain(sealed)
    ids = dict(
        Person.objects.filter(id_hash__in=[g for g, _d in fresh]).values_list("id_hash", "pk")
    )  # fmt: skip
    variants: list[tuple[int, str]] = []
    for person, (digest, details) in zip(sealed, fresh, strict=True):
        person.pk, person._state.adding, person._state.db = ids[digest], False, "default"
        variants.extend((person.pk, v) for v in id_variants(details.id_number))
    variants.sort(key=lambda row: row[1])  # into the digest index in its order: fewer pages touched
    insert_rows(IdVariant._meta.db_table, ["person_id", "digest"], variants)
    return {p.id_hash or "": p for p in sealed}


def insert_plain(objects: Sequence[models.Model]) -> None:
    """Unsaved instances of one model as plain rows in one statement (`core.bulk.insert_rows`:
    COPY / one prepared INSERT): no ids come back, no defaults or auto fields are filled in."""
    model = type(objects[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
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
    insert_rows(model._meta.db_table, [f.column for f in fields], rows)


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
