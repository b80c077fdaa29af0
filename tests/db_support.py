"""A database as an older fmwatch left it: every migration before a given one applied."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from fmwatch.store import MIGRATIONS


def database_before(path: Path, migration: str) -> sqlite_utils.Database:
    """The database at ``path`` with the migrations before ``migration`` applied and recorded
    (the caller adds rows, commits and closes it)."""
    names = [name for name, _ in MIGRATIONS]
    assert migration in names, f"no migration {migration!r}"
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[: names.index(migration)]:
        step(db)
        db.execute("INSERT INTO _migrations VALUES (?, '2026-11-01T00:00:00Z')", [name])
    db.conn.commit()
    return db
