"""Every read of persons and memberships, already scoped to the user (permissions.py).

Text search is exact, on keyed hashes: a full name, a phone number, an ID number or a card number.
Names, phones and IDs are sealed, so there is no substring or pinyin search (a database that could
answer one would hold the plain text); an erased person matches nothing.
"""

import contextlib
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.core.phones import normalise_phone
from lianxin.members.crypto import id_hash, name_hash, phone_hash
from lianxin.members.models import IdNumberView, IdVariant, Membership, Person
from lianxin.members.permissions import member_orgs, visible_memberships, visible_persons
from lianxin.members.states import State
from lianxin.orgs.models import Org, subtree_q

AnyUser = User | AnonymousUser
SEARCH_PERSONS = 5_000  # persons an exact search may name (a common full name): one IN list


def org_for_code(user: AnyUser, code: str) -> Org:
    """An org whose members the user may see, by code; NotFound otherwise (like a missing one)."""
    org = member_orgs(user).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="members.org_not_found")
    return org


def text_filter(q: str, *, prefix: str = "") -> Q:
    """Exact matches on name, phone, ID number or card number (see the module's note)."""
    q = q.strip()
    if not q:
        return Q()
    found = Q(**{f"{prefix}name_hash": name_hash(q)}) | Q(**{f"{prefix}id_hash": id_hash(q)})
    with contextlib.suppress(ValueError):  # not a phone number: match by the rest
        found |= Q(**{f"{prefix}phone_hash": phone_hash(normalise_phone(q))})
    return found


def member_list(
    user: AnyUser,
    *,
    org: Org | None = None,
    state: str = "",
    employment_form: str = "",
    q: str = "",
    joined_from: date | None = None,
    joined_to: date | None = None,
) -> QuerySet[Membership]:
    """The registry: one row per membership the user may see, filtered, newest first."""
    rows = visible_memberships(user).select_related("person", "org")
    if org is not None:
        rows = rows.filter(subtree_q([org.path], field="org__path"))
    if state:
        rows = rows.filter(state=state)
    if employment_form:
        rows = rows.filter(person__employment_form=employment_form)
    if joined_from:
        rows = rows.filter(joined_on__gte=joined_from)
    if joined_to:
        rows = rows.filter(joined_on__lte=joined_to)
    if q.strip():
        rows = rows.filter(Q(person_id__in=matching_person_ids(q)) | Q(card_number=q.strip()))
    return rows.order_by("-applied_at", "-pk")


def matching_person_ids(q: str) -> list[int]:
    """The persons an exact search names, read first through each keyed hash's own index (a key
    look-up), so the registry then filters memberships by person id — not ORs of hashes through the
    join, which no index answers. A name shared by very many is cut at SEARCH_PERSONS."""
    found = Person.objects.filter(text_filter(q)).values_list("pk", flat=True)
    return list(found[:SEARCH_PERSONS])


def pending_applications(user: AnyUser, org: Org | None = None) -> QuerySet[Membership]:
    """Applications waiting for the union's decision, oldest first."""
    return member_list(user, org=org, state=State.APPLIED).order_by("applied_at", "pk")


def person_detail(user: AnyUser, person_id: int) -> Person:
    """A person the user may see (a worker: themself), or NotFound."""
    person = visible_persons(user).filter(pk=person_id).first()
    if person is None and user.is_authenticated:
        person = Person.objects.filter(pk=person_id, user=user).first()
    if person is None:
        raise NotFound(_("No such person."), code="members.not_found")
    return person


def person_memberships(user: AnyUser, person: Person) -> QuerySet[Membership]:
    """The person's memberships the user may see (their own: all), oldest first."""
    rows = Membership.objects.filter(person=person).select_related("org")
    if not (user.is_authenticated and person.user_id == user.pk):
        rows = rows.filter(pk__in=visible_memberships(user).values("pk"))
    return rows.order_by("applied_at", "pk")


def membership_detail(user: AnyUser, membership_id: int) -> Membership:
    row = visible_memberships(user).select_related("person", "org").filter(pk=membership_id).first()
    if row is None:
        raise NotFound(_("No such membership."), code="members.not_found")
    return row


def own_person(user: AnyUser) -> Person | None:
    """The signed-in worker's own person (the member's card), if linked."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, erased_at__isnull=True).first()


def own_active_membership(user: AnyUser) -> Membership | None:
    person = own_person(user)
    if person is None:
        return None
    rows = Membership.objects.filter(person=person, state=State.ACTIVE)
    return rows.select_related("org").first()


def linked_user_id(person: Person) -> int | None:
    """The account whose named cases belong to this person (Case.worker_user); an anonymous case
    has no worker_user, so nothing built on this ever reaches one."""
    return person.user_id


def person_by_id_number(user: AnyUser, number: str) -> Person | None:
    """The visible person with this ID number (a merged record answers with its survivor)."""
    found = Person.objects.filter(id_hash=id_hash(number)).first()
    while found is not None and found.merged_into_id is not None:
        found = Person.objects.filter(pk=found.merged_into_id).first()
    if found is None or not visible_persons(user).filter(pk=found.pk).exists():
        return None
    return found


def id_number_views(user: AnyUser, person: Person) -> QuerySet[IdNumberView]:
    """The access log of one visible person's full ID views, newest first."""
    visible = visible_persons(user).filter(pk=person.pk).exists()
    rows = IdNumberView.objects.filter(person=person) if visible else IdNumberView.objects.none()
    return rows.select_related("viewer").order_by("-at")


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    reason: str  # "name_phone" or "id_one_digit"


def near_duplicates(user: AnyUser, limit: int = 200) -> list[DuplicatePair]:
    """The merge list: visible pairs with the same name and phone, or IDs one digit apart.

    The groups are found in the database (GROUP BY on the keyed hashes), so only duplicates are read.
    """
    people = visible_persons(user).filter(erased_at__isnull=True)
    pairs: dict[tuple[int, int], str] = {}
    same = (
        people.exclude(phone_hash="").values("name_hash", "phone_hash")
        .annotate(n=Count("pk")).filter(n__gt=1)
    )  # fmt: skip
    for group in same[:limit]:
        found = people.filter(name_hash=group["name_hash"], phone_hash=group["phone_hash"])
        _pair_up(pairs, list(found.values_list("pk", flat=True)), "name_phone")
    variants = IdVariant.objects.filter(person__in=people)
    shared = variants.values("digest").annotate(n=Count("person")).filter(n__gt=1)
    for group in shared[:limit]:
        holders = variants.filter(digest=group["digest"]).values_list("person_id", flat=True)
        _pair_up(pairs, list(holders), "id_one_digit")
    chosen = sorted(pairs.items())[:limit]
    loaded = Person.objects.in_bulk({pk for pair, _r in chosen for pk in pair})
    return [DuplicatePair(loaded[a], loaded[b], reason) for (a, b), reason in chosen]


def _pair_up(pairs: dict[tuple[int, int], str], pks: list[int], reason: str) -> None:
    ordered = sorted(set(pks))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            pairs.setdefault((a, b), reason)
