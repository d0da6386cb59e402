"""Every write of the 学分银行: a credit line for an achievement, a certificate, a rule's change.

`credit_achievement` is the receiver the app registers with `lianxin.members.hooks` (apps.py): it runs
inside the reporting app's transaction, applies the rule in force for the achievement's kind and writes
one credit line with one journal event, or nothing when the source was credited already, when no rule
fits, or when the person is erased. A certificate is credited through the same hook (kind
`certificate`), so every credit takes one path.
"""

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound, PermissionDenied, require
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.members.models import Person
from lianxin.members.services.people import survivor
from lianxin.skills.models import Certificate, CreditLine, CreditRule
from lianxin.skills.permissions import may_record_for, may_see_account
from lianxin.skills.selectors import quote
from lianxin.skills.states import AchievementKind, CertificateLevel

SOURCE_MAX = 120


def _description(a: Achievement) -> str:
    """What earned the credit, in the reporter's words (a title, a trade): never a person's name."""
    for key in ("course", "contest", "title", "trade"):
        value = a.detail.get(key)
        if value:
            return str(value)[:200]
    return ""


def _plain(detail: Mapping[str, object]) -> dict[str, object]:
    """The detail as the JSON the line keeps (decimals as text)."""
    plain = (int, str, bool, type(None))
    return {str(k): v if isinstance(v, plain) else str(v) for k, v in detail.items()}


@transaction.atomic
def credit_achievement(achievement: Achievement) -> CreditLine | None:
    """Credit one achievement once: the rule in force now, one line, one journal event."""
    a = achievement
    require(
        0 < len(a.source) <= SOURCE_MAX,
        _("An achievement needs a source."),
        "skills.source_invalid",
    )
    person = Person.objects.select_for_update().filter(pk=a.person_id).first()
    if person is None:
        raise NotFound(_("No such person."), code="skills.person_not_found")
    person = survivor(person)
    if person.is_erased or CreditLine.objects.filter(person=person, source=a.source).exists():
        return None
    found = quote(a.kind, a.detail)
    if found is None:
        return None
    try:
        with transaction.atomic():  # a concurrent report of the same source: the constraint decides
            line = CreditLine.objects.create(
                person=person, kind=a.kind, source=a.source, credits=found.credits, on=a.on,
                description=_description(a), detail=_plain(a.detail), rule=found.rule,
                recorded_by_id=a.actor_id, created_at=clock.now(),
            )  # fmt: skip
    except IntegrityError:
        return None
    record_event(
        target=line, actor=User.objects.filter(pk=a.actor_id).first() if a.actor_id else None,
        kind="credited",
        data={"person": person.pk, "kind": a.kind, "source": a.source,
              "credits": str(line.credits), "rule": found.rule.pk},
    )  # fmt: skip
    return line


def receive_achievement(achievement: Achievement) -> None:
    """The hook's receiver (members.hooks.register_achievement_receiver)."""
    credit_achievement(achievement)


@transaction.atomic
def record_certificate(
    *,
    actor: User,
    person_id: int,
    trade: str,
    level: str,
    issuer: str,
    issued_on: date,
    number: str,
) -> Certificate:
    """A union records a certificate its member holds; the 学分银行 credits it (kind certificate)."""
    person = Person.objects.select_for_update().filter(pk=person_id, merged_into__isnull=True)
    found = person.first()
    if found is None or found.is_erased or not may_see_account(actor, found):
        raise NotFound(_("No such person."), code="skills.person_not_found")
    if not may_record_for(actor, found):
        raise PermissionDenied(
            _("You may not record certificates for this person."), code="skills.permission_denied"
        )
    trade, issuer, number = trade.strip()[:40], issuer.strip()[:120], number.strip()[:60]
    require(trade and issuer and number, _("Give the trade, the issuer and the certificate number."),
            "skills.certificate_incomplete")  # fmt: skip
    require(level in CertificateLevel.values, _("Choose a level."), "skills.level_unknown")
    require(issued_on <= clock.now().date(), _("The issue date lies in the future."),
            "skills.issued_in_future")  # fmt: skip
    if Certificate.objects.filter(issuer=issuer, number=number).exists():
        raise DomainError(
            _("This certificate has been recorded already."), code="skills.certificate_exists"
        )
    certificate = Certificate.objects.create(
        person=found, trade=trade, level=level, issuer=issuer, issued_on=issued_on, number=number,
        recorded_by=actor, recorded_at=clock.now(),
    )  # fmt: skip
    record_event(
        target=certificate, actor=actor, kind="certificate_recorded",
        data={"person": found.pk, "level": level},
    )  # fmt: skip
    report_achievement(
        Achievement(
            person_id=found.pk, kind=AchievementKind.CERTIFICATE,
            source=f"skills.certificate:{certificate.pk}", on=issued_on,
            detail={"level": level, "trade": trade}, actor_id=actor.pk,
        )
    )  # fmt: skip
    return certificate


@transaction.atomic
def save_credit_rule(*, actor: User, rule: CreditRule, changed: list[str]) -> CreditRule:
    """A rule set or changed in the admin: it applies to credits written from now on."""
    created = rule.pk is None
    rule.full_clean()
    rule.save()
    record_event(
        target=rule, actor=actor, kind="rule_created" if created else "rule_changed",
        data={"kind": rule.kind, "level": rule.level, "rank_from": rule.rank_from,
              "rank_to": rule.rank_to, "credits": str(rule.credits),
              "active": rule.is_active, "fields": sorted(changed)},
    )  # fmt: skip
    return rule
