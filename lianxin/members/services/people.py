"""Persons: the details a registration brings, the one person per ID number, and the logged full view.

A person is found by the keyed hash of their ID number; the unique index on that hash is what makes
"the same ID never makes two persons" hold under concurrent registrations: the second insert fails,
and the registration carries on with the row the first one committed.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import clock, idcard
from lianxin.core.errors import NotFound, PermissionDenied, require
from lianxin.core.phones import normalise_phone
from lianxin.members import crypto
from lianxin.members.crypto import id_hash, id_variants, name_hash, normalise_name, phone_hash
from lianxin.members.models import IdNumberView, IdVariant, Person
from lianxin.members.permissions import may_see_full_id, visible_persons
from lianxin.members.states import EmploymentForm, Gender

NAME_MAX, NOTES_MAX = 40, 2000


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
    """The details normalised and checked, or InvalidInput with a `members.*` code."""
    name = normalise_name(details.name)
    require(0 < len(name) <= NAME_MAX, _("Give the person's name."), code="members.name_missing")
    number = idcard.normalise_id_number(details.id_number or "")
    require(
        idcard.id_number_problem(number) is None,
        _("The ID number is not a valid 18-character resident ID number."),
        code="members.id_number_invalid",
    )
    phone = ""
    if details.phone.strip():
        try:
            phone = normalise_phone(details.phone)
        except ValueError:
            require(False, _("The phone number is not valid."), code="members.phone_invalid")
    require(
        details.employment_form in EmploymentForm.values,
        _("Choose an employment form."),
        code="members.employment_form_invalid",
    )
    require(
        details.gender in {"", *Gender.values}, _("Choose a gender."), code="members.gender_invalid"
    )
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
    (locked) at once, the new ones inserted in bulk with their ID variants. Must run inside the
    caller's transaction; the details are clean, one per ID number. Should a concurrent
    registration insert one of the same numbers first, the chunk falls back to `person_for` row by
    row, which resolves it as for a single registration."""
    digests = [id_hash(d.id_number) for d in many]
    found = {p.id_hash: p for p in Person.objects.select_for_update().filter(id_hash__in=digests)}
    fresh = [(d, digest) for d, digest in zip(many, digests, strict=True) if digest not in found]
    try:
        with transaction.atomic():
            created = Person.objects.bulk_create([_sealed(d, digest) for d, digest in fresh])
            if any(p.pk is None for p in created):  # a database that returns no ids
                created = list(Person.objects.filter(id_hash__in=[g for _d, g in fresh]))
            numbers = {digest: d.id_number for d, digest in fresh}
            IdVariant.objects.bulk_create([
                IdVariant(person=p, digest=v)
                for p in created for v in sorted(id_variants(numbers[p.id_hash or ""]))
            ])  # fmt: skip
    except IntegrityError:
        return [person_for(d)[0] for d in many]
    found.update({p.id_hash: p for p in created})
    return [survivor(found[digest]) for digest in digests]


def _create(details: PersonDetails, digest: str) -> Person:
    person = _sealed(details, digest)
    person.save(force_insert=True)
    IdVariant.objects.bulk_create(
        [IdVariant(person=person, digest=d) for d in sorted(id_variants(details.id_number))]
    )
    return person


def _sealed(details: PersonDetails, digest: str) -> Person:
    """A new person (not saved): every personal field sealed under a fresh data key."""
    key, wrapped = crypto.new_data_key()
    return Person(
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
