"""Erasure (PIPL 删除权): a person is made unreadable everywhere, their memberships stay as counts.

What is destroyed: the wrapped data key (so every sealed value, in the database or any backup, is
unreadable), the sealed columns themselves, the look-up hashes (name, phone, ID and its one-digit
variants), birth year, platform or employer, the account link, and the sealed reasons on their
memberships. What stays: the person row (id, gender, employment form), the memberships (org, state,
dates, card number) so 入会率 and past figures keep counting, and the journal, which never held
personal data (events name ids and org codes), so `verify_journal` still passes.
Records merged into the person are erased with them.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound
from lianxin.members import crypto
from lianxin.members.models import IdVariant, Membership, Person
from lianxin.members.permissions import can_act_in, visible_persons
from lianxin.members.states import State

BLANK: dict[str, Any] = {
    "data_key": "", "name_sealed": "", "phone_sealed": "", "id_number_sealed": "",
    "notes_sealed": "", "name_hash": "", "phone_hash": "", "id_hash": None, "birth_year": None,
    "platform_or_employer": "", "user": None,
}  # fmt: skip


def wipe(person: Person, actor: Any, reason_code: str) -> None:
    """Destroy everything readable about `person` (and records merged into it); one event."""
    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    _delete_variants(ids)
    Person.objects.filter(pk__in=ids).update(**BLANK, erased_at=clock.now())
    Membership.objects.filter(person_id__in=ids).update(reason_sealed="")
    record_event(
        target=person, actor=actor, kind="erased", data={"records": ids, "rule": reason_code}
    )


def _delete_variants(ids: list[int]) -> None:
    """The ID variants of these persons, found through their (digest, person) key: the digests are
    recomputed from each number while its key still opens it (else, a scan by person)."""
    unreadable = []
    for person in Person.objects.filter(pk__in=ids):
        number = person.id_number if person.id_number_sealed else ""
        if number and number != crypto.ERASED:
            digests = sorted(crypto.id_variants(number))
            IdVariant.objects.filter(digest__in=digests, person_id=person.pk).delete()
        else:
            unreadable.append(person.pk)
    if unreadable:
        IdVariant.objects.filter(person_id__in=unreadable).delete()


@transaction.atomic
def erase_person(*, actor: User, person_id: int) -> None:
    """A person who has left (no active membership or open application) is erased on request."""
    person = visible_persons(actor).select_for_update(of=("self",)).filter(pk=person_id).first()
    if person is None or person.is_erased:
        raise NotFound(_("No such person."), code="members.not_found")
    held = Membership.objects.filter(person=person).select_related("org")
    if not any(can_act_in(actor, m.org) for m in held):
        raise NotFound(_("No such person."), code="members.not_found")
    if held.filter(state__in=[State.ACTIVE, State.APPLIED]).exists():
        raise InvalidInput(
            _("Only a person who has left can be erased: end their membership first."),
            code="members.erase_current_member",
        )
    wipe(person, actor, "request")
