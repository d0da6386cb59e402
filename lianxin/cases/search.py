"""Full-text search of the ledger: one index, one `matching()` for every list that searches cases.

The searchable text of a case — number, title, description, result, address, its category's names
and synonyms, the names of the orgs it arose in and is owned by — is cut into tokens
(`core.fulltext`) and kept in `CaseText` by the services that write it, in their transaction. The
worker's name and phone are left out: a search must not reveal what the ledger masks.
SQLite searches the FTS5 table `cases_case_fts` over `CaseText` (kept in step by its triggers);
PostgreSQL the GIN index over `to_tsvector('simple', tokens)`. Search only narrows a queryset it is
given — the scope stays the caller's — and ranks the cases holding the query as a phrase first.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.db.models import IntegerField, QuerySet, Value, When
from django.db.models.expressions import Case as Choose
from django.db.models.expressions import RawSQL

from lianxin.cases.models import Case
from lianxin.cases.taxonomy import SYNONYMS
from lianxin.core.fulltext import Term, document_tokens, query_terms

FTS_TABLE = "cases_case_fts"
TEXT_TABLE = "cases_casetext"  # CaseText: what the full-text index reads
# PostgreSQL: the tokens' tsvector, stored (a generated column), so a row is matched without parsing
PG_VECTOR = "vector"
BATCH = 2000
RANK = "search_rank"


# ---- the index ----------------------------------------------------------------------------------


# What a case is found by of its own (never the worker's name or phone) …
OWN_TEXT = ("number", "title", "description", "result", "address")
# … and what it shares with other cases: its category's names, its orgs' names (read joined).
SHARED_TEXT = (
    "category__key", "category__name", "category__name_en", "origin_org_id", "origin_org__name",
    "origin_org__short_name", "owner_org_id", "owner_org__name",
)  # fmt: skip


def case_tokens(own: Sequence[str], shared: Sequence[str]) -> str:
    """The tokens of a case's own texts (read in one pass: runs never cross a line) and shared ones."""
    return document_tokens(["\n".join(own)], shared)


def index_case(case: Case) -> None:
    """Index a case whose category and orgs are in hand (registration: no query but the write)."""
    category, origin, owner = case.category, case.origin_org, case.owner_org
    elsewhere = owner.name if owner.pk != origin.pk else ""
    names = (category.name, category.name_en, origin.name, origin.short_name, elsewhere)
    _write(
        [
            (
                case.pk,
                case_tokens(
                    [getattr(case, f) for f in OWN_TEXT], shared_texts(category.key, *names)
                ),
            )
        ]
    )


def index_cases(ids: Iterable[int]) -> int:
    """Index the cases again from their rows (after a move or correction changed their text):
    plain tuples, joined, in batches — the rebuild of a million cases runs through here."""
    ids = list(ids)
    written = 0
    for start in range(0, len(ids), BATCH):
        chosen = Case.objects.filter(pk__in=ids[start : start + BATCH])
        rows = chosen.values_list("pk", *OWN_TEXT, *SHARED_TEXT)
        written += _write([_tokens_of_row(row) for row in rows])
    return written


def shared_texts(key: str, *names: str) -> list[str]:
    """A category's key, then its names, the origin org's and (owned elsewhere) the owner's."""
    return [SYNONYMS.get(key, ""), *names]


def _tokens_of_row(row: tuple) -> tuple[int, str]:
    own, shared = row[1 : len(OWN_TEXT) + 1], row[len(OWN_TEXT) + 1 :]
    key, name, name_en, origin_id, origin_name, origin_short, owner_id, owner_name = shared
    elsewhere = owner_name if owner_id != origin_id else ""
    names = (name, name_en, origin_name, origin_short, elsewhere)
    return row[0], case_tokens(own, shared_texts(key, *names))


_UPSERT = (
    "INSERT INTO cases_casetext (case_id, tokens) VALUES (%s, %s) "
    "ON CONFLICT (case_id) DO UPDATE SET tokens = excluded.tokens"
)


def _write(rows: list[tuple[int, str]]) -> int:
    """Insert or replace, one prepared statement over the rows (on SQLite the triggers follow)."""
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT, rows)
    return len(rows)


def rebuild_index(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Index every case again, in batches by id (the command `rebuild_search_index`).

    On SQLite the FTS5 triggers are set aside while the rows are written and the FTS table is
    rebuilt from them at once at the end (merged: what was deleted leaves the file too); cases
    registered meanwhile are in `CaseText`, so the rebuild takes them in.
    """
    ensure_index()
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        _execute(SQLITE_UNTRIGGER)
    try:
        return _index_all(batch, progress)
    finally:
        if sqlite:  # even when interrupted: the triggers back, the FTS table as CaseText holds
            with transaction.atomic():
                _execute([*SQLITE_REBUILD, *SQLITE_TRIGGERS])


def _index_all(batch: int, progress: Callable[[int], None] | None) -> int:
    """Every case, `batch` rows at a time in order of id (a range on the primary key each)."""
    done, last = 0, 0
    rows = Case.objects.order_by("pk").values_list("pk", *OWN_TEXT, *SHARED_TEXT)
    while chosen := list(rows.filter(pk__gt=last)[:batch]):
        done += _write([_tokens_of_row(row) for row in chosen])
        last = chosen[-1][0]
        if progress is not None:
            progress(done)
    return done


def ensure_index() -> None:
    """The full-text structures over `CaseText` (migration 0011 makes them; a database made from
    the models without migrations, as the bench's, gets them here)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone() is None:
                # pending foreign-key checks of this transaction would refuse the ALTER TABLE
                _execute(["SET CONSTRAINTS ALL IMMEDIATE", *POSTGRES_INDEX])
    elif connection.vendor == "sqlite" and FTS_TABLE not in connection.introspection.table_names():
        with transaction.atomic():
            _execute([SQLITE_TABLE, *SQLITE_REBUILD, *SQLITE_TRIGGERS])


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# As migration 0011 creates them (IF NOT EXISTS: safe to run again).
SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(tokens, "
    "content='cases_casetext', content_rowid='case_id', tokenize='unicode61')"
)
SQLITE_REBUILD = [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
_DELETE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.case_id, old.tokens);"
_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.case_id, new.tokens);"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS cases_casetext_ai AFTER INSERT ON cases_casetext BEGIN {_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS cases_casetext_ad AFTER DELETE ON cases_casetext BEGIN {_DELETE} END",
    f"CREATE TRIGGER IF NOT EXISTS cases_casetext_au AFTER UPDATE ON cases_casetext BEGIN {_DELETE} {_INSERT} END",
]
SQLITE_UNTRIGGER = [f"DROP TRIGGER IF EXISTS cases_casetext_{t}" for t in ("ai", "ad", "au")]
PG_INDEX = "cases_casetext_fts"
POSTGRES_INDEX = [
    f"ALTER TABLE {TEXT_TABLE} ADD COLUMN IF NOT EXISTS {PG_VECTOR} tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, tokens)) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TEXT_TABLE} USING gin ({PG_VECTOR})",
]


# ---- the search ---------------------------------------------------------------------------------


def matching(qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """The cases of `qs` holding every run of the query (a Han run as its bigrams, in any order);
    none when the query holds nothing searchable (only punctuation)."""
    terms = query_terms(q)
    if not terms:
        return qs.none()
    return qs.filter(pk__in=_found(terms, phrase=False))


def ranked(qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """`qs` annotated `search_rank`: 1 for the cases holding each run of the query as a phrase."""
    terms = query_terms(q)
    if all(len(term.tokens) == 1 for term in terms):  # every match is a phrase match
        return qs.annotate(**{RANK: Value(1, output_field=IntegerField())})
    phrase = When(pk__in=_found(terms, phrase=True), then=1)
    return qs.annotate(**{RANK: Choose(phrase, default=0, output_field=IntegerField())})


def _found(terms: list[Term], *, phrase: bool) -> RawSQL:
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT case_id FROM {TEXT_TABLE} "
            f"WHERE {PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
        )
        return RawSQL(sql, [_tsquery(terms, phrase=phrase)])
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return RawSQL(sql, [_fts5_query(terms, phrase=phrase)])


def _fts5_query(terms: list[Term], *, phrase: bool) -> str:
    """FTS5: `"ab" + "bc"` is a phrase, `"x"*` a prefix, terms side by side must all match."""
    parts = []
    for term in terms:
        quoted = [f'"{token}"' for token in term.tokens]
        part = " + ".join(quoted) if phrase else " ".join(quoted)
        parts.append(part + ("*" if term.prefix else ""))
    return " ".join(parts)


def _tsquery(terms: list[Term], *, phrase: bool) -> str:
    """PostgreSQL: `ab <-> bc` is a phrase, `x:*` a prefix, `&` joins what must all match."""
    parts = []
    for term in terms:
        tokens = [f"'{token}'" for token in term.tokens]
        if term.prefix:
            tokens[-1] += ":*"
        parts.append("(" + (" <-> " if phrase else " & ").join(tokens) + ")")
    return " & ".join(parts)
