"""Full-text search of the ledger: one index, one `matching()` for every list that searches cases.

The searchable text of a case — number, title, description, result, address, its category's names
and synonyms, the names of the orgs it arose in and is owned by — is cut into tokens
(`core.fulltext`) and kept in `CaseText` by the services that write it, in their transaction. The
worker's name and phone are left out: a search must not reveal what the ledger masks.
SQLite searches the FTS5 table `cases_case_fts` over `CaseText` (kept in step by its triggers);
PostgreSQL the GIN index over `to_tsvector('simple', tokens)`. Search only narrows a queryset it is
given — the scope stays the caller's — and ranks the cases holding the query as a phrase first.
"""

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import IntegerField, QuerySet, Value, When
from django.db.models.expressions import Case as Choose
from django.db.models.expressions import RawSQL

from lianxin.cases.models import Case, CaseText, Category
from lianxin.cases.taxonomy import SYNONYMS
from lianxin.core.fulltext import Term, document_tokens, query_terms
from lianxin.orgs.models import Org

FTS_TABLE = "cases_case_fts"
PG_VECTOR = "to_tsvector('simple'::regconfig, tokens)"  # as the GIN index is built: keep them equal
BATCH = 2000
RANK = "search_rank"


# ---- the index ----------------------------------------------------------------------------------


def searchable_texts(case: Case, category: Category, origin: Org, owner: Org) -> list[str]:
    """What a case is found by (never the worker's name or phone)."""
    return [
        case.number, case.title, case.description, case.result, case.address,
        category.name, category.name_en, SYNONYMS.get(category.key, ""),
        origin.name, origin.short_name, owner.name if owner.pk != origin.pk else "",
    ]  # fmt: skip


def index_case(case: Case) -> None:
    """Index a case whose category and orgs are in hand (registration: no query but the write)."""
    tokens = document_tokens(searchable_texts(case, case.category, case.origin_org, case.owner_org))
    _write([CaseText(case_id=case.pk, tokens=tokens)])


def index_cases(ids: Iterable[int]) -> int:
    """Index the cases again from their rows (after a move or correction changed their text)."""
    ids = list(ids)
    written = 0
    for start in range(0, len(ids), BATCH):
        rows = (
            Case.objects.filter(pk__in=ids[start : start + BATCH])
            .select_related("category", "origin_org", "owner_org")
            .only(*_INDEXED)
        )
        written += _write([_text_of(case) for case in rows])
    return written


_INDEXED = (
    "number", "title", "description", "result", "address", "category__key", "category__name",
    "category__name_en", "origin_org__name", "origin_org__short_name", "owner_org__name",
)  # fmt: skip


def _text_of(case: Case) -> CaseText:
    texts = searchable_texts(case, case.category, case.origin_org, case.owner_org)
    return CaseText(case_id=case.pk, tokens=document_tokens(texts))


def _write(rows: list[CaseText]) -> int:
    """Insert or replace (one statement; on SQLite the FTS5 triggers follow the rows)."""
    CaseText.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["tokens"],
    )
    return len(rows)


def rebuild_index(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Index every case again, in batches by id (the command `rebuild_search_index`)."""
    done, last = 0, 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        done += index_cases(ids)
        last = ids[-1]
        if progress is not None:
            progress(done)
    if connection.vendor == "sqlite":  # merge the segments: deleted tokens leave the file
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return done


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
            f"SELECT case_id FROM {CaseText._meta.db_table} "
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
