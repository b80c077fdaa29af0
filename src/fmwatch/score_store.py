"""The ``works`` and ``scores`` tables: migration ``002_scores`` and the idempotent writes.

Kept apart from :mod:`fmwatch.scoring` so that :mod:`fmwatch.store` can list the migration
without importing the scorer (and without an import cycle). Column meanings are documented in
:mod:`fmwatch.scoring`, which is the only writer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from fmwatch.upsert import in_chunks

WORK_COLUMNS: dict[str, type] = {
    "work_id": str,
    "keys": str,
    "title": str,
    "source": str,
    "source_id": str,
    "records": str,
    "paper_url": str,
    "abstract": str,
    "published_doi": str,
    "row_hash": str,
    "updated_at": str,
}

SCORE_COLUMNS: dict[str, type] = {
    "work_id": str,
    "score": float,
    "decision": str,
    "section": str,
    "kind": str,
    "evidence": str,
    "model_name": str,
    "code_url": str,
    "weights_url": str,
    "enrichment": str,
    "known_as": str,
    "title": str,
    "paper_url": str,
    "row_hash": str,
    "scored_at": str,
}


def migrate_002_scores(db: sqlite_utils.Database) -> None:
    db.table("works").create(WORK_COLUMNS, pk="work_id", not_null={"work_id"}, if_not_exists=True)
    db.table("scores").create(SCORE_COLUMNS, pk="work_id", not_null={"work_id"}, if_not_exists=True)
    db.table("scores").create_index(["decision", "score"], if_not_exists=True)


def row_hash(row: dict[str, Any], skip: tuple[str, ...]) -> str:
    payload = json.dumps(
        {k: v for k, v in sorted(row.items()) if k not in skip}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def upsert_changed(
    db: sqlite_utils.Database,
    table: str,
    rows: Iterable[dict[str, Any]],
    stamp_column: str,
    stamp: str,
) -> int:
    """Write only rows whose content changed; returns how many were written.

    Re-scoring an unchanged work therefore changes nothing, not even its timestamp, which keeps
    the diffable export of the state quiet between weekly runs.
    """
    rows = list(rows)
    if not rows:
        return 0
    stored = {r[0]: r[1] for r in db.execute(f"SELECT work_id, row_hash FROM [{table}]").fetchall()}
    changed = []
    for row in rows:
        row["row_hash"] = row_hash(row, ("row_hash", stamp_column))
        if stored.get(row["work_id"]) == row["row_hash"]:
            continue
        row[stamp_column] = stamp
        changed.append(row)
    if changed:
        with db.conn:
            db.table(table).insert_all(changed, pk="work_id", replace=True, batch_size=500)
    return len(changed)


def drop_absorbed(db: sqlite_utils.Database, current: set[str]) -> int:
    """Delete the ``works`` and ``scores`` rows of work ids that no longer exist: two stored
    works became one (a journal record, or a preprint → journal link, joined them), and the
    id that lost must not be proposed a second time. Returns how many works went."""
    gone = [row[0] for row in db.execute("SELECT work_id FROM works") if row[0] not in current]
    if gone:
        with db.conn:
            for chunk, marks in in_chunks(gone):
                db.execute(f"DELETE FROM scores WHERE work_id IN ({marks})", chunk)
                db.execute(f"DELETE FROM works WHERE work_id IN ({marks})", chunk)
    return len(gone)
