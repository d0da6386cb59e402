"""Plain rows into a table at the databases' bulk speed, for the few writers that need it."""

from collections.abc import Sequence
from typing import Any

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY on PostgreSQL, one prepared INSERT over all rows on SQLite. Values go in as the
    database takes them (no model, no signals); a constraint broken raises IntegrityError."""
    qn = connection.ops.quote_name
    into = f"{qn(table)} ({', '.join(qn(c) for c in columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {into} VALUES ({marks})", rows)
