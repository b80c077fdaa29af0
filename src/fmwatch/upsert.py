"""SQL shapes fmwatch writes more than once: one UPSERT for the tables written in bulk (papers,
publications), and ``IN (…)`` lists cut to SQLite's variable limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlite_utils


def upsert_rows(
    db: sqlite_utils.Database,
    table: str,
    rows: list[dict[str, Any]],
    key: tuple[str, ...],
    keep: tuple[str, ...] = (),
) -> None:
    """Insert ``rows`` (same columns each), updating the stored row of an existing ``key`` but
    for the ``keep`` columns, in one transaction. A plain UPSERT: much faster than sqlite-utils'
    insert_all at ingest volumes, and unlike INSERT OR REPLACE it keeps columns that later
    migrations add to the table."""
    if not rows:
        return
    columns = list(rows[0])
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key + keep)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates}"
    )
    with db.conn:
        db.conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])


#: Ids per ``IN (…)`` list: well under SQLite's oldest limit of 999 variables a statement.
IN_CHUNK = 400


def in_chunks(ids: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``ids`` in slices of :data:`IN_CHUNK`, each with its ``?,?,…`` placeholders."""
    for start in range(0, len(ids), IN_CHUNK):
        chunk = list(ids[start : start + IN_CHUNK])
        yield chunk, ",".join("?" * len(chunk))
