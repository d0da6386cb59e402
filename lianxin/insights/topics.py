"""High-frequency topics (高频诉求、共性问题): recent cases grouped by what they are about, across
enterprises, so a problem raised in ten enterprises is seen as one problem.

Texts become character 2–3-gram TF-IDF vectors (fitted on the cases themselves, so words every
appeal uses weigh little) with the case's category appended, so two topics of different categories
do not merge. Up to a few thousand cases are grouped directly by average-linkage clustering on the
cosine distance; beyond that MiniBatchKMeans (in a 96-dimensional LSA space) first cuts them into a
few hundred micro-clusters, and their centroids are grouped the same way. Each topic is labelled in Chinese by its heaviest n-grams.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from lianxin.insights.lexicon import LEXICON, PLACES

DIRECT_LIMIT = 2500  # up to this many cases, cluster the cases themselves
DISTANCE = 0.72  # average cosine distance under which cases (or micro-clusters) form one topic
CATEGORY_WEIGHT = 0.3
MIN_SIZE = 3
NOT_CONTENT = re.compile(r"[^\u4e00-\u9fffA-Za-z]+|[了的吗呢吧啊呀嘞]")
# Words and common misspellings that mean the same, so one problem told two ways stays one topic.
SYNONYMS = {"噪音": "噪声", "工钱": "工资", "薪水": "工资", "薪资": "工资", "宿社": "宿舍",
            "食糖": "食堂", "加斑": "加班", "社宝": "社保"}  # fmt: skip
LABEL_SAMPLE = 300
LEXICON_GRAMS = tuple(sorted({len(w) for w in LEXICON}))
# N-grams that say nothing about the problem: they never make a label.
FILLER = set(
    "我们你们他们希望工会公司厂里反映问题一下能不能帮忙谢谢麻烦领导现在已经一直这个那个什么没有好几"
)


@dataclass(frozen=True)
class Row:
    """What clustering needs of one case."""

    case_id: int
    text: str
    category: str
    org_id: int
    registered_at: datetime


@dataclass
class Topic:
    label: str
    terms: list[str]
    category: str
    case_ids: list[int]
    org_ids: list[int]
    months: dict[str, int] = field(default_factory=dict)  # "2026-05" → cases registered that month

    @property
    def count(self) -> int:
        return len(self.case_ids)

    @property
    def key(self) -> str:
        return "-".join(self.terms)


def clean(text: str) -> str:
    """Punctuation, digits and particles split the text: no n-gram spans them."""
    for variant, word in SYNONYMS.items():
        text = text.replace(variant, word)
    return NOT_CONTENT.sub(" ", text)


def vectorise(rows: list[Row]) -> tuple[sparse.csr_matrix, TfidfVectorizer]:
    texts = [clean(r.text) for r in rows]
    options = {"analyzer": "char_wb", "ngram_range": (1, 3), "dtype": np.float32}
    vectorizer = TfidfVectorizer(
        **options, min_df=2, max_df=0.5 if len(rows) >= 50 else 1.0, sublinear_tf=True,
        max_features=60000,
    )  # fmt: skip
    try:
        text = vectorizer.fit_transform(texts)
    except ValueError:  # too few cases for any n-gram to occur twice
        vectorizer = TfidfVectorizer(**options)
        text = vectorizer.fit_transform(texts)
    categories = sorted({r.category for r in rows})
    index = {c: i for i, c in enumerate(categories)}
    onehot = sparse.csr_matrix(
        (
            np.full(len(rows), CATEGORY_WEIGHT, dtype=np.float32),
            ([*range(len(rows))], [index[r.category] for r in rows]),
        ),
        shape=(len(rows), len(categories)),
    )
    return normalize(sparse.hstack([text, onehot]).tocsr()), vectorizer


def group(vectors: sparse.csr_matrix) -> np.ndarray:
    """A topic number for each row."""
    n = vectors.shape[0]
    if n <= DIRECT_LIMIT:
        return _agglomerate(vectors)
    # Beyond a few thousand rows: micro-clusters found in a 96-dimensional LSA space (fast), then
    # grouped by their centroids in the full n-gram space, under the same distance as small sets.
    reduced = normalize(TruncatedSVD(96, n_iter=3, random_state=0).fit_transform(vectors))
    k = min(400, max(2, n // 40))
    micro = MiniBatchKMeans(
        n_clusters=k, random_state=0, batch_size=4096, n_init=1, max_no_improvement=5
    ).fit_predict(reduced)
    members = sparse.csr_matrix((np.ones(n, dtype=np.float32), (micro, np.arange(n))), shape=(k, n))
    centroids = normalize(sparse.csr_matrix(members @ vectors))
    return _agglomerate(centroids)[micro]


def _agglomerate(points: sparse.csr_matrix) -> np.ndarray:
    if points.shape[0] == 1:
        return np.zeros(1, dtype=int)
    distance = np.clip(1.0 - (points @ points.T).toarray(), 0.0, 2.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE
    )
    return model.fit_predict(distance)


def label_terms(texts: list[str], vectorizer: TfidfVectorizer, count: int = 3) -> list[str]:
    """The topic's words: those most of its cases use and few other cases do.

    Words of the workplace lexicon come first (coverage in the topic × idf over all cases, longer
    words preferred when they cover as much, so 饮水机 wins over 水机); only where none occurs do
    two-character strings stand in. The chosen words share no character.
    """
    sample = [clean(t) for t in texts[:LABEL_SAMPLE]]
    terms = _pick(_scored(sample, vectorizer, LEXICON_GRAMS), [], count)
    if not terms:
        terms = _pick(_scored(sample, vectorizer, (2,)), terms, count)
    return terms


def _scored(sample: list[str], vectorizer: TfidfVectorizer, sizes) -> list[tuple[float, str]]:
    present: Counter[str] = Counter()
    for text in sample:
        grams = {w[i : i + n] for w in text.split() for n in sizes for i in range(len(w) - n + 1)}
        present.update(grams)
    idf, vocabulary = vectorizer.idf_, vectorizer.vocabulary_
    scored = []
    for gram, docs in present.items():
        lexical = gram in LEXICON
        if sizes != (2,) and not lexical:
            continue
        if not lexical and (docs < 2 or all(ch in FILLER for ch in gram)):
            continue
        parts = [gram] if gram in vocabulary else [gram[i : i + 3] for i in range(len(gram) - 2)]
        weights = [idf[vocabulary[p]] for p in parts if p in vocabulary]
        if not weights:
            continue  # too common across all cases to tell this topic from the others
        score = docs / len(sample) * min(weights) * (1 + 0.1 * (len(gram) - 2))
        scored.append((score * (0.4 if gram in PLACES else 1.0), gram))
    return sorted(scored, reverse=True)


def _pick(scored: list[tuple[float, str]], terms: list[str], count: int) -> list[str]:
    terms = list(terms)
    for _score, gram in scored:
        if len(terms) == count:
            break
        if gram in PLACES and any(t in PLACES for t in terms):
            continue  # one place is enough
        if not any(set(gram) & set(t) for t in terms):
            terms.append(gram)
    return terms


def find_topics(rows: list[Row], *, min_size: int = MIN_SIZE) -> list[Topic]:
    """The topics among `rows`, largest first; groups smaller than `min_size` are not topics."""
    if len(rows) < min_size:
        return []
    vectors, vectorizer = vectorise(rows)
    labels = group(vectors)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[int(label)].append(i)
    topics = []
    for indices in members.values():
        if len(indices) < min_size:
            continue
        chosen = [rows[i] for i in indices]
        terms = label_terms([r.text for r in chosen], vectorizer)
        topics.append(
            Topic(
                label="、".join(terms),
                terms=terms,
                category=Counter(r.category for r in chosen).most_common(1)[0][0],
                case_ids=[
                    r.case_id for r in sorted(chosen, key=lambda r: r.registered_at, reverse=True)
                ],
                org_ids=sorted({r.org_id for r in chosen}),
                months=dict(sorted(Counter(f"{r.registered_at:%Y-%m}" for r in chosen).items())),
            )
        )
    return sorted(topics, key=lambda t: (-t.count, -len(t.org_ids), t.label))
