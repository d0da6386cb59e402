"""Duplicate detection: is a new case the same problem as an open or recent case of the same worker
or the same enterprise?

The similarity of two texts mixes their character n-gram cosine (the classifier's TF-IDF, whose idf
down-weights the words every appeal uses) with how much their suggested categories agree, so the
same complaint told in other words still scores high. The bar is lower for the same worker (who
writes twice about one thing) than for two people of one enterprise (who must be near-identical).

What may be compared is bounded, so that a flag never shows a case to someone who may not see it
and never turns a phone number into a look-up across the city:

- only cases inside the subtree of the new case's owner org (the union that handles it and whoever
  oversees it see both sides; a chair of another enterprise sees neither);
- never an anonymous case with a named one, either way (a named twin would name the anonymous
  worker);
- only earlier cases (an equal time: the lower id), so two cases never flag each other.

Cases are compared in batches (an import's chunk in one pass): one query for the candidates of
all of them, one vectorisation of all the texts.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Q, QuerySet

from lianxin.cases.models import Case
from lianxin.cases.permissions import cases_in_subtrees_q
from lianxin.cases.states import OPEN_STATES
from lianxin.insights.classifier import get_model
from lianxin.orgs.permissions import outermost

RECENT = timedelta(days=30)
SAME_WORKER_BAR = 0.42
SAME_ENTERPRISE_BAR = 0.75
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Seen:
    """What comparing needs of a case, read as plain values (no model instance per row)."""

    pk: int
    text: str
    registered_at: datetime
    is_open: bool
    is_anonymous: bool
    phone: str
    user_id: int | None
    origin_id: int
    origin_path: str
    owner_path: str

    def in_subtree(self, path: str) -> bool:
        """Arose in or owned by an org of the subtree at `path` (paths are fixed-width segments)."""
        return self.origin_path.startswith(path) or self.owner_path.startswith(path)

    def before(self, other: "Seen") -> bool:
        return (self.registered_at, self.pk) < (other.registered_at, other.pk)


@dataclass(frozen=True)
class Candidate:
    case_id: int
    score: float
    reason: str  # "worker" or "enterprise"


_FIELDS = (
    "pk", "title", "description", "registered_at", "status", "is_anonymous", "worker_phone",
    "worker_user_id", "origin_org_id", "origin_org__path", "owner_org__path",
)  # fmt: skip


def text_of(case: Case) -> str:
    return f"{case.title}\n{case.description}"


def _seen(qs: QuerySet[Case]) -> list[Seen]:
    return [
        Seen(pk, f"{title}\n{description}", at, status in OPEN_STATES, anonymous, phone,
             user_id, origin_id, origin_path, owner_path)
        for pk, title, description, at, status, anonymous, phone, user_id, origin_id, origin_path,
        owner_path in qs.values_list(*_FIELDS)
    ]  # fmt: skip


def similarities(text: str, others: list[str]) -> np.ndarray:
    """One score in [0, 1] per other text: 0.6 × n-gram cosine + 0.4 × category agreement."""
    if not others:
        return np.zeros(0)
    return _Scorer([text, *others]).scores(0, list(range(1, len(others) + 1)))


class _Scorer:
    """The texts of one batch vectorised once; scores between any of them on demand."""

    def __init__(self, texts: list[str]) -> None:
        self.vectors, self.probabilities = get_model().vectors_and_probabilities(texts)

    def scores(self, one: int, others: list[int]) -> np.ndarray:
        cosine = (self.vectors[others] @ self.vectors[one].T).toarray().ravel()
        agreement = np.minimum(self.probabilities[others], self.probabilities[one]).sum(axis=1)
        return 0.6 * cosine + 0.4 * agreement


def same_worker(a: Seen, b: Seen) -> bool:
    if a.is_anonymous or b.is_anonymous:
        return False
    return bool((a.phone and a.phone == b.phone) or (a.user_id and a.user_id == b.user_id))


def comparable(new: Seen, other: Seen) -> bool:
    """May `other` be offered as what `new` repeats (the rules in the module's docstring)?"""
    return (
        other.pk != new.pk
        and other.before(new)
        and other.is_anonymous == new.is_anonymous
        and other.in_subtree(new.owner_path)
        and (other.is_open or other.registered_at >= new.registered_at - RECENT)
        and (other.origin_id == new.origin_id or same_worker(new, other))
    )


def _pool(cases: list[Seen]) -> list[Seen]:
    """Every case any of `cases` may be compared with (and some more), newest first, one query."""
    scopes = outermost({c.owner_path for c in cases})
    earliest = min(c.registered_at for c in cases) - RECENT
    who = Q(origin_org_id__in={c.origin_id for c in cases})
    if phones := {c.phone for c in cases if c.phone and not c.is_anonymous}:
        who |= Q(worker_phone__in=phones)
    if users := {c.user_id for c in cases if c.user_id and not c.is_anonymous}:
        who |= Q(worker_user_id__in=users)
    qs = Case.objects.filter(
        cases_in_subtrees_q(scopes),
        who,
        Q(status__in=OPEN_STATES) | Q(registered_at__gte=earliest),
        registered_at__lte=max(c.registered_at for c in cases),
        is_anonymous__in={c.is_anonymous for c in cases},
    ).order_by("-registered_at", "-pk")
    return _seen(qs)


def _candidates_of(new: Seen, index: "_Index") -> list[Seen]:
    found = {o.pk: o for o in index.by_origin.get(new.origin_id, ())}
    if not new.is_anonymous:
        for o in [*index.by_phone.get(new.phone, ()), *index.by_user.get(new.user_id, ())]:
            found.setdefault(o.pk, o)
    others = [o for o in found.values() if comparable(new, o)]
    others.sort(key=lambda o: (o.registered_at, o.pk), reverse=True)
    return others[:MAX_CANDIDATES]


@dataclass
class _Index:
    by_origin: dict[int, list[Seen]]
    by_phone: dict[str, list[Seen]]
    by_user: dict[int | None, list[Seen]]

    @classmethod
    def of(cls, pool: list[Seen]) -> "_Index":
        index = cls(defaultdict(list), defaultdict(list), defaultdict(list))
        for o in pool:
            index.by_origin[o.origin_id].append(o)
            if o.phone:
                index.by_phone[o.phone].append(o)
            if o.user_id:
                index.by_user[o.user_id].append(o)
        return index


def find_candidates_many(case_ids: Iterable[int]) -> dict[int, list[Candidate]]:
    """For each case, the earlier cases it may repeat, best first (one pass over the batch)."""
    cases = _seen(Case.objects.filter(pk__in=list(case_ids)))
    if not cases:
        return {}
    index = _Index.of(_pool(cases))
    others = {c.pk: _candidates_of(c, index) for c in cases}
    texts = {s.pk: s.text for s in [*cases, *(o for os in others.values() for o in os)]}
    row = {pk: i for i, pk in enumerate(texts)}
    scorer = _Scorer(list(texts.values())) if len(texts) > 1 else None
    return {c.pk: _scored(c, others[c.pk], scorer, row) for c in cases}


def _scored(new: Seen, others: list[Seen], scorer: "_Scorer | None", row: dict[int, int]):
    if not others or scorer is None:
        return []
    scores = scorer.scores(row[new.pk], [row[o.pk] for o in others])
    found = []
    for other, score in zip(others, scores, strict=True):
        worker = same_worker(new, other)
        if score >= (SAME_WORKER_BAR if worker else SAME_ENTERPRISE_BAR):
            found.append(Candidate(other.pk, round(float(score), 3), _reason(worker)))
    return sorted(found, key=lambda c: -c.score)


def _reason(worker: bool) -> str:
    return "worker" if worker else "enterprise"


def find_candidates(case: Case) -> list[Candidate]:
    """The earlier cases `case` may repeat, best first."""
    return find_candidates_many([case.pk]).get(case.pk, [])
