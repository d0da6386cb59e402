"""Full-text tokens for Chinese, the same on SQLite (FTS5) and PostgreSQL (tsvector, `simple`).

Chinese has no spaces, so a text is cut into runs — Han characters, digits, latin letters — and
each Han run into overlapping character bigrams (两字一词): a two-character word is always one
token, and a longer one is the phrase of its bigrams. Whole words of the workplace lexicon (three
characters or more) are added, so 加班费 is one token too, and digit runs keep their tails (a
phone number's last four digits, a case number's sequence). The tokens are space-joined: the
databases' own tokenizers (FTS5 `unicode61`, PostgreSQL's `simple`) split them on the spaces and
add nothing of their own. Trigram tokenizers are no use here: they never match a two-character word.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from lianxin.core.lexicon import LEXICON

HAN, DIGITS, LATIN = "han", "digits", "latin"
_RUNS = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<digits>[0-9]+)|(?P<latin>[a-z]+)"
)
LONG_WORDS = frozenset(w for w in LEXICON if len(w) >= 3)  # two-character words are bigrams already
# At each position the longest lexicon word starting there (a look-ahead: matches may overlap);
# the class of first characters first, so most positions are passed over at once.
_FIRSTS = "".join(sorted({w[0] for w in LONG_WORDS}))
_ALTERNATIVES = "|".join(sorted(LONG_WORDS, key=lambda w: (-len(w), w)))
_WORDS = re.compile(f"(?=[{_FIRSTS}])(?=({_ALTERNATIVES}))")
MIN_TAIL = 3  # the shortest digit tail indexed (…183 of LX-2026-000183)
MAX_DIGITS = 20  # longer digit runs keep no tails


def runs(text: str) -> list[tuple[str, str]]:
    """(kind, run) in order; full-width forms folded (１２３ → 123), latin lower-cased."""
    return [(m.lastgroup or "", m.group()) for m in _RUNS.finditer(fold(text))]


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs; a single character stands alone."""
    return list(map(str.__add__, run, run[1:])) or [run]


def lexicon_words(text: str) -> list[str]:
    """The lexicon's long words in a text (the longest at each position), each once."""
    return list(dict.fromkeys(_WORDS.findall(text)))


def digit_tails(run: str) -> list[str]:
    """The run's shorter tails (not the run itself), so a four-digit phone tail finds the number."""
    if len(run) > MAX_DIGITS:
        return []
    return [run[i:] for i in range(1, len(run) - MIN_TAIL + 1)]


def document_tokens(texts: Iterable[str], shared: Iterable[str] = ()) -> str:
    """The space-joined tokens of a document: the runs' tokens in order (so phrases match), then
    the extras (lexicon words, digit tails), which sit after every run and never join a phrase.
    `shared` texts recur in many documents (a category's names, an org's): their tokens are cached.
    """
    stream: list[str] = []
    extras: dict[str, None] = {}
    for parts in [*map(text_tokens, texts), *map(_shared_tokens, shared)]:
        stream.extend(parts[0])
        extras.update(dict.fromkeys(parts[1]))
    return " ".join([*stream, *extras])


def text_tokens(text: str) -> tuple[list[str], list[str]]:
    """One text's stream (bigrams and runs, in order) and extras (lexicon words, digit tails)."""
    folded = fold(text or "")
    stream: list[str] = []
    extras = lexicon_words(folded)  # Han words only: never across a run's end
    for match in _RUNS.finditer(folded):
        kind, run = match.lastgroup, match.group()
        if kind == HAN:
            stream.extend(bigrams(run))
            if (
                len(run) > 1
            ):  # so a one-character query (a prefix of bigrams) finds it at a run's end
                extras.append(run[-1])
        else:
            stream.append(run)
            if kind == DIGITS:
                extras.extend(digit_tails(run))
    return stream, extras


@functools.lru_cache(maxsize=4096)
def _shared_tokens(text: str) -> tuple[list[str], list[str]]:
    return text_tokens(text)


@dataclass(frozen=True)
class Term:
    """One run of a query: its tokens (a phrase when several), and whether the last is a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_terms(query: str) -> list[Term]:
    """What a query must match, run by run: a Han run as the phrase of its bigrams (a lexicon word
    as itself), one Han character or latin letters as a prefix, digits exactly."""
    terms: list[Term] = []
    for kind, run in runs(query):
        if kind == HAN and len(run) >= 3 and run in LONG_WORDS:
            terms.append(Term((run,)))
        elif kind == HAN:
            terms.append(Term(tuple(bigrams(run)), prefix=len(run) == 1))
        else:
            terms.append(Term((run,), prefix=kind == LATIN))
    return list(dict.fromkeys(terms))
