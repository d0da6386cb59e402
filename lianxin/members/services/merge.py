"""Merging two records of one real person (the merge list: selectors.near_duplicates).

The survivor takes the duplicate's memberships (so both histories read on one person); the duplicate
stays as a record pointing at the survivor (`merged_into`), so an ID number registered on it still
finds the survivor. One event, on the survivor, names both by id.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core.errors import InvalidInput, NotFound, require
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import can_act_in, visible_persons
from lianxin.members.states import State


def _locked_pair(actor: User, survivor_id: int, duplicate_id: int) -> tuple[Person, Person]:
    require(
        survivor_id != duplicate_id, _("Choose two different records."), code="members.merge_same"
    )
    rows = {
        p.pk: p
        for p in visible_persons(actor)
        .select_for_update(of=("self",))
        .filter(pk__in=[survivor_id, duplicate_id], erased_at__isnull=True)
    }
    if len(rows) != 2:
        raise NotFound(_("No such person."), code="members.not_found")
    return rows[survivor_id], rows[duplicate_id]


def _ensure_may_merge(actor: User, *people: Person) -> None:
    for person in people:
        orgs = Membership.objects.filter(person=person).select_related("org")
        if not any(can_act_in(actor, m.org) for m in orgs):
            raise NotFound(_("No such person."), code="members.not_found")


@transaction.atomic
def merge_persons(*, actor: User, survivor_id: int, duplicate_id: int) -> Person:
    """Fold `duplicate` into `survivor`: memberships move, the duplicate points at the survivor."""
    survivor, duplicate = _locked_pair(actor, survivor_id, duplicate_id)
    _ensure_may_merge(actor, survivor, duplicate)
    moved = list(Membership.objects.filter(person=duplicate).values_list("pk", flat=True))
    both_active = (
        Membership.objects.filter(person__in=[survivor, duplicate], state=State.ACTIVE).count() > 1
    )
    if both_active:
        raise InvalidInput(
            _("Both records are active members; end one membership first."),
            code="members.merge_both_active",
        )
    Membership.objects.filter(pk__in=moved).update(person=survivor)
    if survivor.user_id is None and duplicate.user_id is not None:
        survivor.user_id, duplicate.user_id = duplicate.user_id, None
        duplicate.save(update_fields=["user"])
        survivor.save(update_fields=["user"])
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into"])
    record_event(
        target=survivor, actor=actor, kind="merged_in",
        data={"merged": duplicate.pk, "memberships": sorted(moved)},
    )  # fmt: skip
    return survivor
