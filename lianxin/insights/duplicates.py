"""Duplicate detection: is a new case the same problem as an open or recent case of the same worker
or the same enterprise?

The similarity of two texts mixes their character n-gram cosine (the classifier's TF-IDF, whose idf
down-weights the words every appeal uses) with how much their suggested categories agree, so the
same complaint told in other words still scores high. The bar is lower for the same worker (who
writes twice about one thing) than for two people of one enterprise (who must be near-identical).
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db.models import Q, QuerySet

from lianxin.cases.models import Case
from lianxin.cases.states import OPEN_STATES
from lianxin.insights.classifier import get_model
from lianxin.insights.models import DuplicateFlag, FlagStatus

RECENT = timedelta(days=30)
SAME_WORKER_BAR = 0.42
SAME_ENTERPRISE_BAR = 0.75
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Candidate:
    case: Case
    score: float
    reason: str  # "worker" or "enterprise"


def text_of(case: Case) -> str:
    return f"{case.title}\n{case.description}"


def similarities(text: str, others: list[str]) -> np.ndarray:
    """One score in [0, 1] per other text: 0.6 × n-gram cosine + 0.4 × category agreement."""
    if not others:
        return np.zeros(0)
    pipeline = get_model().pipeline
    vectors = pipeline.named_steps["tfidf"].transform([text, *others])
    cosine = (vectors[1:] @ vectors[0].T).toarray().ravel()
    probabilities = pipeline.named_steps["clf"].predict_proba(vectors)
    agreement = np.minimum(probabilities[1:], probabilities[0]).sum(axis=1)
    return 0.6 * cosine + 0.4 * agreement


def same_worker_q(case: Case) -> Q | None:
    if case.is_anonymous:
        return None
    q = Q()
    if case.worker_phone:
        q |= Q(worker_phone=case.worker_phone)
    if case.worker_user_id:
        q |= Q(worker_user_id=case.worker_user_id)
    return q or None


def candidate_cases(case: Case) -> QuerySet[Case]:
    """Earlier cases, open or from the last 30 days, of the same worker or the same enterprise."""
    alive = Q(status__in=OPEN_STATES) | Q(registered_at__gte=case.registered_at - RECENT)
    who = Q(origin_org_id=case.origin_org_id)
    worker = same_worker_q(case)
    if worker is not None:
        who |= worker
    return (
        Case.objects.filter(alive & who, registered_at__lte=case.registered_at)
        .exclude(pk=case.pk)
        .order_by("-registered_at")[:MAX_CANDIDATES]
    )


def find_candidates(case: Case) -> list[Candidate]:
    """The earlier cases `case` may repeat, best first."""
    others = list(candidate_cases(case))
    scores = similarities(text_of(case), [text_of(o) for o in others])
    found = []
    for other, score in zip(others, scores, strict=True):
        same_worker = _same_worker(case, other)
        bar = SAME_WORKER_BAR if same_worker else SAME_ENTERPRISE_BAR
        if score >= bar:
            found.append(
                Candidate(other, round(float(score), 3), "worker" if same_worker else "enterprise")
            )
    return sorted(found, key=lambda c: -c.score)


def _same_worker(a: Case, b: Case) -> bool:
    if a.is_anonymous or b.is_anonymous:
        return False
    return bool(
        (a.worker_phone and a.worker_phone == b.worker_phone)
        or (a.worker_user_id and a.worker_user_id == b.worker_user_id)
    )


def duplicate_case_ids() -> "QuerySet[DuplicateFlag, int]":
    """The ids of cases linked as a duplicate of another: the metrics leave them out, so a problem
    raised twice counts once (`Case.objects.exclude(pk__in=duplicate_case_ids())`)."""
    return DuplicateFlag.objects.filter(status=FlagStatus.LINKED).values_list("case_id", flat=True)
