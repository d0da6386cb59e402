"""Every read of the 学分银行: the rules that apply, a person's account, a union's totals, certificates.

Balances and totals are sums in the database. Reads of persons are scoped (permissions.py): outside
one's scope an account answers like a missing person.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import visible_memberships
from lianxin.members.selectors import person_by_id_number
from lianxin.orgs.models import Org, subtree_q
from lianxin.skills.models import Certificate, CreditLine, CreditRule
from lianxin.skills.permissions import account_holders, may_see_account
from lianxin.skills.states import AchievementKind

AnyUser = User | AnonymousUser
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


# ---- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    rule: CreditRule
    credits: Decimal


def _number(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def quote(kind: str, detail: Mapping[str, object]) -> Quote | None:
    """The credits an achievement earns under the rules in force now; None when no rule fits."""
    rules = CreditRule.objects.filter(kind=kind, is_active=True).order_by(
        "level", "rank_from", "pk"
    )
    if kind == AchievementKind.COURSE_COMPLETED:
        hours = _number(detail.get("credit_hours"))
        rule = rules.first()
        if rule is None or hours is None:
            return None
        return Quote(rule, (rule.credits * hours).quantize(CENT))
    if kind == AchievementKind.CERTIFICATE:
        rule = rules.filter(level=str(detail.get("level", ""))).first()
    elif kind == AchievementKind.CONTEST_RESULT:
        rank = _number(detail.get("rank"))
        if rank is None:
            return None
        band = Q(rank_from__lte=rank) & (Q(rank_to__isnull=True) | Q(rank_to__gte=rank))
        rule = rules.filter(band).first()
    else:
        rule = rules.first()
    return Quote(rule, rule.credits.quantize(CENT)) if rule is not None else None


# ---- accounts -----------------------------------------------------------------------------------


def balance_of(person_id: int) -> Decimal:
    """The sum of the person's credit lines, in the database."""
    total = CreditLine.objects.filter(person_id=person_id).aggregate(total=Sum("credits"))["total"]
    return (total or ZERO).quantize(CENT)


@dataclass(frozen=True)
class Account:
    person: Person
    balance: Decimal
    lines: QuerySet[CreditLine]


def account_of(person: Person) -> Account:
    lines = CreditLine.objects.filter(person=person).order_by("-on", "-pk")
    return Account(person=person, balance=balance_of(person.pk), lines=lines)


def account(user: AnyUser, person_id: int) -> Account:
    """The person's account, for themself or a union that may see them; NotFound otherwise."""
    person = Person.objects.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None or not may_see_account(user, person):
        raise NotFound(_("No such person."), code="skills.person_not_found")
    return account_of(person)


def person_certificates(person: Person) -> QuerySet[Certificate]:
    return Certificate.objects.filter(person=person).order_by("-issued_on", "-pk")


# ---- a union's view -----------------------------------------------------------------------------

_MONEY: DecimalField = DecimalField(max_digits=12, decimal_places=2)


def credit_lines(user: AnyUser, org: Org | None = None) -> QuerySet[CreditLine]:
    """The credit lines of the persons the user may see (members of `org`'s subtree when given)."""
    holders = account_holders(user)
    if org is not None:
        held = Membership.objects.filter(subtree_q([org.path], field="org__path"))
        holders = holders.filter(pk__in=held.values("person_id"))
    return CreditLine.objects.filter(person__in=holders)


def member_totals(user: AnyUser, org: Org | None = None) -> QuerySet:
    """Per person the user may see (in `org`'s subtree when given): total credits and line count,
    highest total first. Rows are dicts {person, total, lines}."""
    return (
        credit_lines(user, org)
        .values("person")
        .annotate(
            total=Coalesce(Sum("credits"), Value(ZERO), output_field=_MONEY), lines=Count("pk")
        )
        .order_by("-total", "person")
    )


def certificate_list(user: AnyUser) -> QuerySet[Certificate]:
    """The certificates of the persons the user may see, newest first."""
    return (
        Certificate.objects.filter(person__in=account_holders(user))
        .select_related("person")
        .order_by("-issued_on", "-pk")
    )


def unions_of(person_ids: list[int], user: AnyUser) -> dict[int, str]:
    """Each person's union as the user may see it (their latest visible membership)."""
    rows = (
        visible_memberships(user)
        .filter(person_id__in=person_ids)
        .order_by("person_id", "-applied_at")
        .values_list("person_id", "org__name")
    )
    found: dict[int, str] = {}
    for person_id, name in rows:
        found.setdefault(person_id, name)
    return found


def person_for_reference(user: AnyUser, reference: str) -> Person | None:
    """A visible person by membership card number or ID number (what a chair has at hand)."""
    reference = reference.strip()
    if not reference:
        return None
    card = visible_memberships(user).filter(card_number=reference).select_related("person").first()
    if card is not None:
        return card.person
    try:
        return person_by_id_number(user, reference)
    except ValueError:
        return None
