"""Every write of the insights app: corrections the classifier learns from, duplicate flags and their
decisions, and the month's focus. One function per action, one transaction, one journal event.
"""

import logging
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.insights import classifier, duplicates
from lianxin.insights.models import CategoryCorrection, DuplicateFlag, FlagStatus, MonthlyFocus
from lianxin.insights.permissions import can_adopt_focus, can_decide_flag
from lianxin.orgs.models import Org, subtree_q

logger = logging.getLogger(__name__)

# ---- category corrections -----------------------------------------------------------------------


@transaction.atomic
def record_correction(
    *,
    text: str,
    suggested: str,
    chosen: str,
    actor: User | None,
    case: Case | None = None,
    source: str = "api",
) -> CategoryCorrection | None:
    """Keep a category staff chose over the suggestion; the same choice as suggested is no correction.

    The integrator calls this wherever a category is set (hotline, import, `correct_case`).
    """
    if chosen not in CATEGORIES or suggested not in CATEGORIES:
        raise InvalidInput(_("Unknown category."), code="insights.unknown_category")
    if chosen == suggested or not text.strip():
        return None
    correction = CategoryCorrection.objects.create(
        text=text[:5000], suggested=suggested, chosen=chosen, case=case, source=source[:20],
        by=actor, at=clock.now(),
    )  # fmt: skip
    record_event(
        target=correction, actor=actor, kind="category_corrected",
        data={"suggested": suggested, "chosen": chosen, "source": correction.source},
    )  # fmt: skip
    return correction


def record_category_choice(
    *, case: Case, actor: User | None, source: str
) -> CategoryCorrection | None:
    """After a person set a case's category: keep it as a correction if it is not what Lianxin
    would have suggested for the case's text (call it where staff choose the category)."""
    suggested, _confidence, _alternatives = classifier.suggest(duplicates.text_of(case))
    return record_correction(
        text=duplicates.text_of(case), suggested=suggested, chosen=case.category.key,
        actor=actor, case=case, source=source,
    )  # fmt: skip


# ---- duplicates ---------------------------------------------------------------------------------


@transaction.atomic
def flag_duplicates(*, case_id: int) -> list[DuplicateFlag]:
    """Flag the earlier cases a new case may repeat (the system's act, after `register_case`)."""
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."), code="case.not_found")
    known = set(DuplicateFlag.objects.filter(case=case).values_list("candidate_id", flat=True))
    now = clock.now()
    flags = [
        DuplicateFlag.objects.create(
            case=case, candidate=c.case, score=c.score, reason=c.reason, created_at=now
        )
        for c in duplicates.find_candidates(case)
        if c.case.pk not in known
    ]
    if flags:
        record_event(
            target=case, actor=None, kind="duplicate_flagged",
            state_before=case.status, state_after=case.status,
            data={"candidates": [f.candidate.number for f in flags]},
        )  # fmt: skip
    return flags


def flag_after_commit(case_id: int) -> None:
    """For the intake services: flag once the registering transaction has committed.

    The case is registered whatever happens here: a failure is logged, never shown to the worker.
    """

    def flag() -> None:
        try:
            flag_duplicates(case_id=case_id)
        except Exception:
            logger.exception("duplicate flagging failed for case %s", case_id)

    transaction.on_commit(flag)


def _decide(*, flag_id: int, actor: User, status: str, kind: str) -> DuplicateFlag:
    flag = DuplicateFlag.objects.select_for_update().filter(pk=flag_id).first()
    case = Case.objects.select_for_update().filter(pk=flag.case_id).first() if flag else None
    if flag is None or case is None or not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotFound(_("No such duplicate flag."), code="insights.flag_not_found")
    if not can_decide_flag(actor, case):
        raise PermissionDenied(
            _("You may not do this to case %(number)s.") % {"number": case.number},
            code="insights.permission_denied",
        )
    if flag.status != FlagStatus.OPEN:
        raise TransitionNotAllowed(
            _("This flag was decided already."), code="insights.flag_decided"
        )
    flag.status, flag.decided_by, flag.decided_at = status, actor, clock.now()
    flag.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(
        target=case, actor=actor, kind=kind, state_before=case.status, state_after=case.status,
        data={"candidate": flag.candidate.number, "score": flag.score},
    )  # fmt: skip
    return flag


@transaction.atomic
def link_duplicate(*, flag_id: int, actor: User) -> DuplicateFlag:
    """The case repeats its candidate: both journals stay, the metrics count the problem once."""
    return _decide(flag_id=flag_id, actor=actor, status=FlagStatus.LINKED, kind="duplicate_linked")


@transaction.atomic
def dismiss_duplicate(*, flag_id: int, actor: User) -> DuplicateFlag:
    """The case is a problem of its own after all."""
    return _decide(
        flag_id=flag_id, actor=actor, status=FlagStatus.DISMISSED, kind="duplicate_dismissed"
    )


# ---- the month's focus (每月一题) ---------------------------------------------------------------


def month_of(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def adopt_focus(
    *,
    actor: User,
    org: Org,
    label: str,
    terms: list[str],
    case_ids: list[int],
    note: str = "",
    month: date | None = None,
) -> MonthlyFocus:
    """Adopt a topic as an org's focus for the month, with the topic's cases inside the org's subtree."""
    if not can_adopt_focus(actor, org):
        raise PermissionDenied(
            _("You may not set the focus of %(org)s.") % {"org": org.name},
            code="insights.permission_denied",
        )
    if not label.strip():
        raise InvalidInput(_("A focus needs a topic."), code="insights.invalid")
    month = month_of(month or clock.now().date())
    cases = visible_cases(actor).filter(
        subtree_q([org.path], field="origin_org__path"), pk__in=case_ids
    )
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        raise InvalidInput(_("None of the topic's cases lie in %(org)s.") % {"org": org.name})
    Org.objects.select_for_update().filter(pk=org.pk).first()  # one adoption per org at a time
    if MonthlyFocus.objects.filter(org=org, month=month).exists():
        raise InvalidInput(
            _("%(org)s has a focus for this month already.") % {"org": org.name},
            code="insights.focus_exists",
        )
    focus = MonthlyFocus.objects.create(
        org=org, month=month, label=label.strip()[:120], terms=terms[:10], note=note,
        adopted_by=actor, adopted_at=clock.now(),
    )  # fmt: skip
    focus.cases.set(ids)
    record_event(
        target=focus, actor=actor, kind="focus_adopted", note=note,
        data={"org": org.code, "month": f"{month:%Y-%m}", "label": focus.label, "cases": len(ids)},
    )  # fmt: skip
    return focus
