"""The database as sorted JSON Lines, so weekly state can live in git and diff meaningfully.

Why: the weekly GitHub Action must keep its state for months, and Actions caches are evicted
after 7 days unused. Committing ``state/`` back to a dedicated branch is durable, and a sorted,
one-row-per-line export (the "git scraping" habit) makes each week's commit a readable diff:
new papers, new runs, changed decisions. The database file is committed next to it for
convenience (Datasette), but the export alone is enough to rebuild it (:func:`import_state`).

Rows are written with sorted keys and ordered by primary key, so an unchanged table exports to
identical bytes and git sees no change. A table too large for one file (GitHub refuses files over
100 MB, and the papers table grows by tens of megabytes a month) is written as several parts,
``<table>.jsonl``, ``<table>.1.jsonl``…: each row goes to the part its primary key hashes to, so a
new row changes one part and the weekly diff stays a diff; the number of parts only ever doubles.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import sqlite_utils

from fmwatch.errors import StoreError
from fmwatch.store import MIGRATIONS, Store

EXPORT_DIR_NAME = "export"
#: What an export wrote: {"format": MANIFEST_FORMAT, "tables": {table: rows}} (checked on
#: import, read on the next export). Named for fmwatch: a folder may hold others' manifests.
MANIFEST = "fmwatch-export.json"
MANIFEST_FORMAT = "fmwatch-export/1"
_TABLE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KNOWN_MIGRATIONS = frozenset(name for name, _ in MIGRATIONS)
#: The most one export file may hold (bytes); a table that would exceed it is split in parts.
PART_BYTES = 40 * 1024 * 1024
#: Parts are doubled no further (a single row past PART_BYTES cannot be split: written as is)
MAX_PARTS = 1024
#: A part of a split table: ``papers.3.jsonl``
_PART_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\.([1-9][0-9]*))?")


def exportable_tables(db: sqlite_utils.Database) -> list[str]:
    """Every real table: not SQLite's own, not full-text-search shadow tables, not views."""
    return sorted(
        name for name in db.table_names() if not name.startswith("sqlite_") and "_fts" not in name
    )


def _order_by(table: sqlite_utils.db.Table) -> str:
    pks = table.pks
    return ", ".join(f"[{pk}]" for pk in pks)


def export_state(store: Store, out_dir: Path) -> dict[str, int]:
    """Write ``<out_dir>/<table>.jsonl`` for every table and a :data:`MANIFEST` of what was
    written (tables and their row counts); returns rows per table.

    Files of tables that no longer exist are removed, so the export mirrors the database, but
    only files an earlier export listed in its manifest: other ``.jsonl`` files in the folder
    are someone's, and stay.
    """
    db = store.db
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        previous, previous_parts = _read_manifest(out_dir / MANIFEST)
        counts: dict[str, int] = {}
        tables = exportable_tables(db)
        parts: dict[str, int] = {}
        for name in tables:
            counts[name], parts[name] = _export_table(
                db.table(name), out_dir, previous_parts.get(name, 1)
            )
        for name in previous:
            if name not in tables:
                _remove_parts(out_dir, name, 0)
        manifest = out_dir / MANIFEST
        tmp = manifest.with_suffix(".json.tmp")
        doc: dict[str, Any] = {"format": MANIFEST_FORMAT, "tables": counts}
        split = {name: n for name, n in parts.items() if n > 1}
        if split:
            doc["parts"] = split
        tmp.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(manifest)
    except OSError as exc:
        raise StoreError(
            f"cannot write the state export to {out_dir} ({exc}); check the path and permissions"
        ) from exc
    checkpoint(store)
    return counts


def part_path(out_dir: Path, name: str, part: int) -> Path:
    """Where part ``part`` (0 first) of table ``name`` is written."""
    return out_dir / (f"{name}.jsonl" if part == 0 else f"{name}.{part}.jsonl")


def _export_table(table: sqlite_utils.db.Table, out_dir: Path, parts: int) -> tuple[int, int]:
    """Write one table in ``parts`` parts (doubled until no part exceeds :data:`PART_BYTES`);
    returns (rows, parts). Written aside and renamed, then parts beyond the count removed."""
    while True:
        tmps = [part_path(out_dir, table.name, i).with_suffix(".jsonl.tmp") for i in range(parts)]
        handles = [tmp.open("w", encoding="utf-8", newline="\n") for tmp in tmps]
        sizes = [0] * parts
        rows = 0
        too_big = False
        try:
            pks = table.pks
            for row in table.rows_where(order_by=_order_by(table)):
                line = json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n"
                values = [row.get(pk) for pk in pks]
                # (a table without its key in the rows, "rowid", is split by the row's text)
                key = line if None in values else json.dumps(values, default=str)
                part = zlib.crc32(key.encode()) % parts if parts > 1 else 0
                handles[part].write(line)
                sizes[part] += len(line.encode())
                rows += 1
                if sizes[part] > PART_BYTES and parts < MAX_PARTS:
                    too_big = True
                    break
        finally:
            for handle in handles:
                handle.close()
        if too_big:
            for tmp in tmps:
                tmp.unlink(missing_ok=True)
            parts *= 2
            continue
        for i, tmp in enumerate(tmps):
            tmp.replace(part_path(out_dir, table.name, i))
        _remove_parts(out_dir, table.name, parts)
        return rows, parts


def _remove_parts(out_dir: Path, name: str, keep: int) -> None:
    """Delete the export files of table ``name`` from part ``keep`` on (all with ``keep=0``)."""
    if keep == 0:
        part_path(out_dir, name, 0).unlink(missing_ok=True)
    for path in out_dir.glob(f"{name}.*.jsonl"):
        match = _PART_RE.fullmatch(path.name[: -len(".jsonl")])
        if match and match.group(1) == name and match.group(2) and int(match.group(2)) >= keep:
            path.unlink(missing_ok=True)


def _read_manifest(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """An export's manifest: (table -> row count, table -> parts of the tables written in
    several); ({}, {}) when there is none (older exports)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, {}
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"{path} is not a readable export manifest ({exc}); restore it from git"
        ) from exc
    tables = data.get("tables") if isinstance(data, dict) else None
    parts = data.get("parts", {}) if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("format") != MANIFEST_FORMAT
        or not _table_counts(tables)
        or not _table_counts(parts, least=1)
    ):
        raise StoreError(f"{path} is not an fmwatch export manifest; restore it from git")
    return tables, parts  # type: ignore[return-value]


def _table_counts(value: object, least: int | None = None) -> bool:
    """Whether ``value`` maps table names to integers (of at least ``least``). (A table name is
    a plain identifier: "../notes" would point outside the folder.)"""
    return isinstance(value, dict) and all(
        isinstance(k, str)
        and _TABLE_NAME_RE.fullmatch(k)
        and isinstance(v, int)
        and (least is None or v >= least)
        for k, v in value.items()
    )


class ExportFolder:
    """One export as another program reads it (:mod:`fmwatch.state_merge`): its manifest read
    once, each table's rows parsed once and only when asked for. An older export, without a
    manifest, holds the tables its files name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: table -> rows, and table -> parts of the tables written in several ({} when older)
        self.counts, self.parts = _read_manifest(path / MANIFEST)
        self.tables = set(self.counts) or {p.name.split(".", 1)[0] for p in path.glob("*.jsonl")}
        self._rows: dict[str, list[dict[str, Any]]] = {}

    def part_files(self, name: str) -> list[Path]:
        """Where table ``name``'s parts are (whether there or not); none for a table the
        manifest does not list."""
        if self.counts and name not in self.counts:
            return []
        return [part_path(self.path, name, part) for part in range(self.parts.get(name, 1))]

    def missing(self) -> list[str]:
        """The files of the tables the manifest lists that are not there."""
        return sorted(
            path.name
            for name in self.counts
            for path in self.part_files(name)
            if not path.is_file()
        )

    def raw(self, name: str) -> list[bytes]:
        """Table ``name``'s files as they are: an export writes a table's rows in one order and
        one form, so equal bytes are equal rows."""
        return [path.read_bytes() for path in self.part_files(name) if path.is_file()]

    def rows(self, name: str) -> list[dict[str, Any]]:
        """Every row of table ``name`` (all its parts); [] when the export has none."""
        if name not in self._rows:
            self._rows[name] = [
                row for path in self.part_files(name) if path.is_file() for row in _read_rows(path)
            ]
        return self._rows[name]


def checkpoint(store: Store) -> None:
    """Fold the write-ahead log into the database file, so copying that one file is enough."""
    if store.path != ":memory:":
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def import_state(db_path: Path, in_dir: Path, *, replace: bool = False) -> dict[str, int]:
    """Rebuild the database at ``db_path`` from an export; returns rows per table.

    Refuses to touch an existing database unless ``replace`` is true, because an export is
    usually older than the database it came from. The new database is built in a temporary file
    next to it and moved into place only when every table imported, so a broken export never
    costs the database it was meant to replace, nor leaves a half-built one behind.
    """
    files = sorted(in_dir.glob("*.jsonl")) if in_dir.is_dir() else []
    if not files:
        raise StoreError(
            f"no state export found in {in_dir} (expected <table>.jsonl files); "
            "run `fmwatch state export` first or give the right --dir"
        )
    export = ExportFolder(in_dir)
    expected = export.counts
    if expected:
        # an export lists its tables and their parts: a missing file is an incomplete export,
        # and other .jsonl files in the folder (another program's, a part left from an older
        # export) are not part of it
        missing = export.missing()
        if missing:
            raise StoreError(
                f"the state export in {in_dir} is incomplete ({', '.join(missing)} missing); "
                "restore the folder from git"
            )
        files = [path for name in sorted(expected) for path in export.part_files(name)]
    if db_path.exists() and not replace:
        raise StoreError(
            f"the database {db_path} already exists; pass --replace to rebuild it from "
            f"{in_dir}, or move it aside"
        )
    building = db_path.with_name(f".{db_path.name}.importing")
    _remove_database(building)
    try:
        counts = _import_into(building, files)
        short = sorted(n for n, rows in expected.items() if counts.get(n, 0) != rows)
        if short:
            raise StoreError(
                f"the state export in {in_dir} does not match its manifest ({', '.join(short)}: "
                "other row counts than were exported); restore the folder from git"
            )
        _remove_database(db_path, keep_main=True)
        building.replace(db_path)
    except OSError as exc:
        raise StoreError(
            f"cannot write the database {db_path} ({exc}); check the path and permissions"
        ) from exc
    finally:
        _remove_database(building)
    return counts


def _remove_database(path: Path, *, keep_main: bool = False) -> None:
    """Delete a database file and its WAL companions (only the companions with ``keep_main``,
    whose file is then replaced atomically)."""
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _table_of(path: Path) -> str | None:
    """The table an export file holds (``papers`` for ``papers.3.jsonl``), or None."""
    match = _PART_RE.fullmatch(path.name[: -len(".jsonl")])
    return match.group(1) if match else None


def _import_into(db_path: Path, files: list[Path]) -> dict[str, int]:
    counts: dict[str, int] = {}
    by_table: dict[str, list[Path]] = {}
    for path in files:
        name = _table_of(path)
        if name is not None:
            by_table.setdefault(name, []).append(path)
    with Store(db_path) as store:
        db = store.db
        # tables arrive in name order, not dependency order; the export was consistent as a whole
        db.execute("PRAGMA foreign_keys=OFF")
        for name, paths in sorted(by_table.items()):
            path = paths[0]
            rows = [row for part in paths for row in _read_rows(part)]
            if name == "_migrations":
                unknown = sorted(
                    str(r.get("name")) for r in rows if r.get("name") not in KNOWN_MIGRATIONS
                )
                if unknown:
                    raise StoreError(
                        f"the state export in {path.parent} comes from a newer fmwatch (schema "
                        f"{', '.join(unknown)}); upgrade fmwatch to import it"
                    )
            try:
                with db.conn:
                    table = db.table(name)
                    if table.exists():
                        table.insert_all(rows, replace=True, alter=True, batch_size=500)
                    elif rows:
                        table.insert_all(rows, batch_size=500)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"cannot import {path} into table {name} ({exc}); "
                    "the export may come from a newer fmwatch, upgrade it"
                ) from exc
            counts[name] = len(rows)
        db.execute("PRAGMA foreign_keys=ON")
        checkpoint(store)
    return counts


def _read_rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line.rstrip("\r\n"))
                except json.JSONDecodeError as exc:
                    raise StoreError(
                        f"{path} line {number} is not JSON ({exc.msg}, column {exc.colno}); "
                        "restore the file from git"
                    ) from exc
                if not isinstance(row, dict) or not row:
                    raise StoreError(
                        f"{path} line {number} is not a row (a JSON object with columns); "
                        "restore the file from git"
                    )
                rows.append(row)
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "restore the file from git"
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot read {path} ({exc}); check the path and permissions") from exc
    return rows
