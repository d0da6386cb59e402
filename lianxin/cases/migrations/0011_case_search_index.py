"""The ledger's full-text index (cases.search): CaseText, and over it an FTS5 table with its
triggers on SQLite or a GIN index over its `simple` tsvector on PostgreSQL; existing cases indexed."""

import django.db.models.deletion
from django.db import migrations, models

FTS = "cases_case_fts"
SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(tokens, content='cases_casetext', "
    "content_rowid='case_id', tokenize='unicode61')",
    "CREATE TRIGGER cases_casetext_ai AFTER INSERT ON cases_casetext BEGIN "
    f"INSERT INTO {FTS}(rowid, tokens) VALUES (new.case_id, new.tokens); END",
    "CREATE TRIGGER cases_casetext_ad AFTER DELETE ON cases_casetext BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.case_id, old.tokens); END",
    "CREATE TRIGGER cases_casetext_au AFTER UPDATE ON cases_casetext BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.case_id, old.tokens); "
    f"INSERT INTO {FTS}(rowid, tokens) VALUES (new.case_id, new.tokens); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS cases_casetext_ai",
    "DROP TRIGGER IF EXISTS cases_casetext_ad",
    "DROP TRIGGER IF EXISTS cases_casetext_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
# PostgreSQL: the tsvector stored beside the tokens (no parsing when a row is matched), GIN-indexed.
POSTGRES = [
    "ALTER TABLE cases_casetext ADD COLUMN vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX cases_casetext_fts ON cases_casetext USING gin (vector)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS cases_casetext_fts",
    "ALTER TABLE cases_casetext DROP COLUMN IF EXISTS vector",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(
        schema_editor, SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []
    )
    _index_existing(apps)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_UNDO if vendor == "sqlite" else POSTGRES_UNDO)


def _index_existing(apps):
    """Cases already in the ledger, indexed as cases.search indexes them."""
    from lianxin.cases.taxonomy import SYNONYMS
    from lianxin.core.fulltext import document_tokens

    case_model, text_model = apps.get_model("cases", "Case"), apps.get_model("cases", "CaseText")
    rows = case_model.objects.select_related("category", "origin_org", "owner_org").order_by("pk")
    batch = []
    for c in rows.iterator(chunk_size=2000):
        o, w, k = c.origin_org, c.owner_org, c.category
        texts = [
            c.number,
            c.title,
            c.description,
            c.result,
            c.address,
            k.name,
            k.name_en,
            SYNONYMS.get(k.key, ""),
            o.name,
            o.short_name,
            w.name if w.pk != o.pk else "",
        ]
        batch.append(text_model(case_id=c.pk, tokens=document_tokens(texts)))
        if len(batch) == 2000:
            text_model.objects.bulk_create(batch)
            batch = []
    text_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_referral_outcome"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseText",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("tokens", models.TextField()),
            ],
            options={
                "verbose_name": "search text",
                "verbose_name_plural": "search texts",
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
