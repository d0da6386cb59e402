"""Judging: scores by criterion, the entry's total and the standings it moves; the final's finalists."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.contests import scoring, standings
from lianxin.contests.models import (
    Contest,
    Entry,
    Score,
    Stage,
    Standing,
)
from lianxin.contests.permissions import (
    can_manage_contest,
    judging_check,
)
from lianxin.contests.services.entries import _ensure_stage_not_closed, _locked_entry
from lianxin.contests.services.setup import _locked_contest, _may
from lianxin.contests.states import (
    ENTRY_FLOW,
    POINTS_STAGES,
    Action,
    StageStatus,
)
from lianxin.core import clock
from lianxin.core.errors import PermissionDenied, require

A = Action

# ---- judging ------------------------------------------------------------------------------------


def _checked_marks(
    contest: Contest, marks: Mapping[int, object]
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """The marks as decimals, each within its criterion's range; and the criteria's weights."""
    criteria = {c.pk: c for c in contest.criteria.order_by()}
    require(set(marks) == set(criteria), _("Score every criterion."), "contest.marks_incomplete")
    checked: dict[int, Decimal] = {}
    for pk, raw in marks.items():
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = Decimal("NaN")
        c = criteria[pk]
        require(
            value.is_finite() and c.min_score <= value <= c.max_score,
            _("%(criterion)s is scored from %(low)s to %(high)s.")
            % {
                "criterion": c.name,
                "low": f"{c.min_score.normalize():f}",
                "high": f"{c.max_score.normalize():f}",
            },
            "contest.mark_out_of_range",
        )
        checked[pk] = value
    return checked, {pk: c.weight for pk, c in criteria.items()}


@transaction.atomic
def score_entry(*, entry_id: int, actor: User, marks: Mapping[int, object]) -> Score:
    """A judge of the entry's track marks every criterion within its range; never an entry from the
    judge's own enterprise, never after the stage has closed. The standings follow in the same
    transaction."""
    entry = _locked_entry(entry_id, actor)
    contest = entry.contest
    is_judge, conflict = judging_check(actor, entry)
    _may(is_judge)
    if conflict:
        raise PermissionDenied(
            _("You may not score an entry from your own enterprise."),
            code="contest.conflict_of_interest",
        )
    _ensure_stage_not_closed(entry.stage)
    before_status = entry.status
    after_status = ENTRY_FLOW.ensure_transition(before_status, A.SCORE)
    checked, weights = _checked_marks(contest, marks)
    total = scoring.judge_total(checked, weights)
    fields = {
        "values": {str(k): str(v) for k, v in checked.items()},
        "total": total,
        "scored_at": clock.now(),
    }
    score, created, others = _store_score(entry, actor, fields)
    standings.take_day_start_ranks(contest)
    entry.status = after_status
    if contest.normalise_judges:
        Entry.objects.filter(pk=entry.pk).update(status=after_status)
        _rescore_stage(contest, entry.stage)
    else:
        _rescore(contest, entry, [*others, total])
    record_event(
        target=entry,
        actor=actor,
        kind="scored" if created else "rescored",
        state_before=before_status,
        state_after=after_status,
        data={"judges": entry.judges_count},
    )
    return score


def _store_score(entry: Entry, judge: User, fields: dict) -> tuple[Score, bool, list[Decimal]]:
    """This judge's score, new or replaced, and the other judges' totals (for the mean), from one
    read of the entry's scores."""
    others: list[Decimal] = []
    mine: int | None = None
    for pk, judge_id, judge_total in entry.scores.values_list("pk", "judge_id", "total"):
        if judge_id == judge.pk:
            mine = pk
        else:
            others.append(judge_total)
    if mine is None:
        return Score.objects.create(entry=entry, judge=judge, **fields), True, others
    Score.objects.filter(pk=mine).update(**fields)
    return Score(pk=mine, entry=entry, judge=judge, **fields), False, others


def _rescore(contest: Contest, entry: Entry, totals: Sequence[Decimal]) -> None:
    before = entry.score
    entry.score = scoring.combine(totals, trim_from=contest.trim_from_judges)
    entry.judges_count = len(totals)
    Entry.objects.filter(pk=entry.pk).update(
        score=entry.score, judges_count=entry.judges_count, status=entry.status
    )
    standings.apply_score_change(contest, entry, before=before, after=entry.score)


def _rescore_stage(contest: Contest, stage: Stage) -> None:
    """With normalisation one judge's new mark moves all their scores: recompute the stage's entries."""
    by_judge: dict[int, dict[int, Decimal]] = {}
    for judge_id, entry_id, total in Score.objects.filter(entry__stage=stage).values_list(
        "judge_id", "entry_id", "total"
    ):
        by_judge.setdefault(judge_id, {})[entry_id] = total
    per_entry: dict[int, list[Decimal]] = {}
    for scores in scoring.normalised(by_judge).values():
        for entry_id, value in scores.items():
            per_entry.setdefault(entry_id, []).append(value)
    entries = Entry.objects.filter(pk__in=per_entry).select_related("stage")
    for e in entries:
        _rescore(contest, e, per_entry[e.pk])


@transaction.atomic
def select_finalists(*, contest_id: int, actor: User | None) -> list[Standing]:
    """The contest's top participants by points advance to the final, once the points are final."""
    contest = _locked_contest(contest_id, actor)
    _may(actor is None or can_manage_contest(actor, contest))
    open_stages = contest.stages.filter(kind__in=POINTS_STAGES).exclude(status=StageStatus.CLOSED)
    require(
        not open_stages.exists(),
        _("Close the seeding and points stages first."),
        "contest.stages_open",
    )
    require(
        contest.top_finalist_points is None,
        _("The finalists have been chosen already."),
        "contest.finalists_chosen",
    )
    chosen = [r for r in standings.ordered(contest.pk) if r.points > 0][: contest.finalists_count]
    require(chosen, _("No participant has points yet."), "contest.no_points")
    Standing.objects.filter(pk__in=[r.pk for r in chosen]).update(is_finalist=True)
    contest.top_finalist_points = max(r.points for r in chosen)
    contest.save(update_fields=["top_finalist_points"])
    record_event(
        target=contest,
        actor=actor,
        kind="finalists_chosen",
        visibility=Visibility.PUBLIC,
        data={"finalists": [r.participant_id for r in chosen]},
    )
    return chosen
