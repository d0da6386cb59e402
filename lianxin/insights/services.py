"""Every write of the insights app: corrections the classifier learns from, duplicate flags and their
decisions, and the month's focus. One function per action, one transaction, one journal event.
"""

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.cases.models import Case, Channel
from lianxin.cases.permissions import visible_cases
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.insights import classifier, duplicates, selectors
from lianxin.insights.models import CategoryCorrection, DuplicateFlag, MonthlyFocus, TopicSnapshot
from lianxin.insights.permissions import (
    AnyUser,
    can_adopt_focus,
    can_decide_flag,
    can_teach_classifier,
)
from lianxin.insights.states import FLAG_WORKFLOW, FlagAction, FlagStatus
from lianxin.orgs.models import Org, subtree_q

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


def submit_correction(
    *, actor: AnyUser, text: str, suggested: str, chosen: str
) -> CategoryCorrection | None:
    """A correction sent through the API: it becomes training data, so only someone who handles
    cases somewhere may send one."""
    if not isinstance(actor, User) or not can_teach_classifier(actor):
        raise PermissionDenied(
            _("Only staff who handle cases may correct the category suggestions."),
            code="insights.permission_denied",
        )
    return record_correction(text=text, suggested=suggested, chosen=chosen, actor=actor)


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


def record_hotline_choices(*, case_ids: Iterable[int]) -> int:
    """The categories 12351 operators chose as they took calls (they see the suggestion while they
    type): each one that differs from what Lianxin suggests is kept for `manage.py retrain`."""
    cases = Case.objects.filter(
        pk__in=list(case_ids), channel=Channel.HOTLINE, registered_by__isnull=False
    ).select_related("category", "registered_by")
    kept = [record_category_choice(case=c, actor=c.registered_by, source="hotline") for c in cases]
    return sum(k is not None for k in kept)


def keep_hotline_choices(case_ids: list[int]) -> None:
    """The ledger's case-registered hook: queue the keeping of hotline choices (it runs the model)."""
    from lianxin.insights.tasks import keep_category_choices

    keep_category_choices.enqueue(case_ids=list(case_ids))


# ---- duplicates ---------------------------------------------------------------------------------


@transaction.atomic
def flag_duplicates_of(*, case_ids: Iterable[int]) -> list[DuplicateFlag]:
    """Flag the earlier cases each new case may repeat (the system's act after a registration):
    a whole batch (an import's chunk) in one pass, one `duplicate_flagged` event per flagged case.

    The event names the flags only (their ids), never the other case: whoever reads the journal
    reaches the other case through the scoped flag list, or not at all.
    """
    ids = sorted(set(case_ids))
    cases = Case.objects.select_for_update().only("pk", "status").filter(pk__in=ids).order_by("pk")
    locked = {c.pk: c for c in cases}
    found = duplicates.find_candidates_many(locked)
    known = set(
        DuplicateFlag.objects.filter(case_id__in=locked).values_list("case_id", "candidate_id")
    )
    now = clock.now()
    flags = DuplicateFlag.objects.bulk_create(
        DuplicateFlag(case_id=pk, candidate_id=c.case_id, score=c.score, reason=c.reason,
                      created_at=now)
        for pk, candidates in found.items()
        for c in candidates
        if (pk, c.case_id) not in known
    )  # fmt: skip
    by_case: dict[int, list[int]] = {}
    for flag in flags:
        by_case.setdefault(flag.case_id, []).append(flag.pk)
    for pk, flag_ids in by_case.items():
        case = locked[pk]
        record_event(
            target=case, actor=None, kind="duplicate_flagged",
            state_before=case.status, state_after=case.status, data={"flags": flag_ids},
        )  # fmt: skip
    return flags


def flag_duplicates(*, case_id: int) -> list[DuplicateFlag]:
    """Flag the earlier cases one case may repeat."""
    if not Case.objects.filter(pk=case_id).exists():
        raise NotFound(_("No such case."), code="case.not_found")
    return flag_duplicates_of(case_ids=[case_id])


def flag_registered_cases(case_ids: list[int]) -> None:
    """The ledger's case-registered hook (every channel: pages, API, intake, import chunks): queue
    the flagging as one task, so that a registration or an import never waits for the model."""
    from lianxin.insights.tasks import flag_cases

    flag_cases.enqueue(case_ids=list(case_ids))


def _decide(*, flag_id: int, actor: User, action: FlagAction, kind: str) -> DuplicateFlag:
    flag = DuplicateFlag.objects.select_for_update().filter(pk=flag_id).first()
    case = Case.objects.select_for_update().filter(pk=flag.case_id).first() if flag else None
    # Both sides in the actor's scope, or the flag does not exist for them.
    seen = visible_cases(actor).filter(pk__in=[flag.case_id, flag.candidate_id]) if flag else None
    if flag is None or case is None or seen is None or seen.count() != 2:
        raise NotFound(_("No such duplicate flag."), code="insights.flag_not_found")
    if not can_decide_flag(actor, case):
        raise PermissionDenied(
            _("You may not do this to case %(number)s.") % {"number": case.number},
            code="insights.permission_denied",
        )
    status = FLAG_WORKFLOW.ensure_transition(flag.status, action)
    flag.status, flag.decided_by, flag.decided_at = status, actor, clock.now()
    flag.save(update_fields=["status", "decided_by", "decided_at"])
    if status == FlagStatus.LINKED:  # the ledger's own column: its metrics count the problem once
        case.duplicate_of_id = flag.candidate_id
        case.save(update_fields=["duplicate_of"])
    record_event(
        target=case, actor=actor, kind=kind, state_before=case.status, state_after=case.status,
        data={"flag": flag.pk, "score": flag.score},  # the other case: through the scoped list
    )  # fmt: skip
    return flag


@transaction.atomic
def link_duplicate(*, flag_id: int, actor: User) -> DuplicateFlag:
    """The case repeats its candidate: both journals stay, the metrics count the problem once."""
    return _decide(flag_id=flag_id, actor=actor, action=FlagAction.LINK, kind="duplicate_linked")


@transaction.atomic
def dismiss_duplicate(*, flag_id: int, actor: User) -> DuplicateFlag:
    """The case is a problem of its own after all."""
    return _decide(
        flag_id=flag_id, actor=actor, action=FlagAction.DISMISS, kind="duplicate_dismissed"
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
        raise InvalidInput(
            _("None of the topic's cases lie in %(org)s.") % {"org": org.name},
            code="insights.topic_outside_org",
        )
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


# ---- topic snapshots ----------------------------------------------------------------------------
# Derived data, rebuilt from the ledger at any time: written without a journal event.

TOPICS_MAX_AGE_SECONDS = 3600
TOPICS_USERS_SINCE_DAYS = 30


def topics_max_age() -> timedelta:
    """How old a snapshot may grow before a scheduled run recomputes it (LIANXIN_TOPICS_MAX_AGE)."""
    seconds = int(getattr(settings, "LIANXIN_TOPICS_MAX_AGE", TOPICS_MAX_AGE_SECONDS))
    return timedelta(seconds=seconds)


def refresh_topic_snapshot(scope: selectors.TopicScope) -> TopicSnapshot:
    """Cluster the scope's recent cases now and keep the result for the pages."""
    topics, clustered = selectors.compute_topics(scope)
    snapshot, _created = TopicSnapshot.objects.update_or_create(
        scope=scope.key,
        defaults={
            "paths": list(scope.paths),
            "months": selectors.TOPIC_MONTHS,
            "topics": [asdict(t) for t in topics],
            "case_count": clustered,
            "computed_at": clock.now(),
        },
    )
    return snapshot


def stale_topic_scopes(now: datetime) -> list[selectors.TopicScope]:
    """The scopes of recently signed-in users whose snapshot is missing or older than allowed."""
    return topic_scopes_due(now, everything=False)


def topic_scopes_due(now: datetime, *, everything: bool) -> list[selectors.TopicScope]:
    """The scopes of the users who signed in lately; with everything=False only the stale ones."""
    scopes = selectors.topic_scopes_in_use(now - timedelta(days=TOPICS_USERS_SINCE_DAYS))
    fresh: set[str] = set()
    if not everything:
        fresh = set(
            TopicSnapshot.objects.filter(computed_at__gte=now - topics_max_age()).values_list(
                "scope", flat=True
            )
        )
    return sorted((s for s in scopes if s.key not in fresh), key=lambda s: s.key)
