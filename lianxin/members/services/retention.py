"""Retention: how long each kind of record about a person is kept (`settings.LIANXIN_MEMBERS_RETENTION`).

- `person_left` (days): a person with no active membership or open application, whose last
  membership ended (left, transferred out without a new one, rejected) that long ago, is erased
  (erasure.wipe), unless linked to an account (their own login still needs the record). A person
  with no membership at all counts from their registration.
- `id_number_views` (days): entries of the full-ID access log older than this are deleted.

Run daily by the task worker (tasks.apply_retention); each erasure is its own transaction and event.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q

from lianxin.core import clock
from lianxin.members.models import IdNumberView, Membership, Person
from lianxin.members.services.erasure import wipe
from lianxin.members.services.people import today
from lianxin.members.states import State

SYSTEM = "@retention"


def _rule(name: str) -> int:
    return int(settings.LIANXIN_MEMBERS_RETENTION[name])


def due_for_erasure() -> list[int]:
    """Persons the `person_left` rule erases today."""
    cutoff = today() - timedelta(days=_rule("person_left"))
    current = Membership.objects.filter(
        person=OuterRef("pk"), state__in=[State.ACTIVE, State.APPLIED]
    )
    people = Person.objects.filter(
        ~Exists(current), erased_at__isnull=True, merged_into__isnull=True, user__isnull=True
    ).annotate(last_end=Max("memberships__ended_on"))
    due = people.filter(
        Q(last_end__lt=cutoff) | Q(last_end__isnull=True, created_at__date__lt=cutoff)
    )
    return list(due.values_list("pk", flat=True))


def apply_retention() -> dict[str, int]:
    """Erase the persons past their retention and prune the access log; what was done, by rule."""
    erased = 0
    for person_id in due_for_erasure():
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=person_id)
            if person.erased_at is None:
                wipe(person, SYSTEM, "retention")
                erased += 1
    cutoff = clock.now() - timedelta(days=_rule("id_number_views"))
    pruned, _by_model = IdNumberView.objects.filter(at__lt=cutoff).delete()
    return {"person_left": erased, "id_number_views": pruned}
