"""The SQLite store, through sqlite-utils.

Schema changes are named, ordered migrations, each applied once in its own transaction and
recorded in ``_migrations`` (the habit of sqlite-utils' own ``sqlite-migrate``). Add a migration by
appending a function to :data:`MIGRATIONS`; never edit one that has shipped.

Tables:

``papers``      one row per source record (pk ``source, source_id``); the latest version wins
``feeds``       per-feed state: ETag, Last-Modified, last successful window
``runs``        one row per run (start, end, status, window)
``run_sources`` per run and source: requests, fetched, new, updated, errors, failure, links
``publications`` preprint → journal links from bioRxiv/medRxiv (:mod:`fmwatch.publication_store`)
``catalog_checks`` arXiv ids of catalog rows fmwatch asked arXiv about (their journal versions)
``abstract_lookups`` abstracts of journal records found by DOI (:mod:`fmwatch.abstract_store`)

Writes are batched: each batch is one transaction, so a crash or a failing source leaves every
stored row whole and the database consistent.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import sqlite_utils

from fmwatch import identity
from fmwatch.abstract_store import (
    ABSTRACT_TABLE,
    migrate_008_abstract_lookups,
    record_lookups,
    wanted_dois,
)
from fmwatch.clock import now_iso
from fmwatch.errors import StoreError, file_in_the_way, not_a_file, strip_userinfo
from fmwatch.models import SIGNATURE_FIELDS, Paper, Publication, SourceStats, Window
from fmwatch.proposal_store import migrate_003_proposals, migrate_010_declined_links
from fmwatch.publication_store import (
    migrate_005_publications,
    publication_links,
    upsert_publications,
)
from fmwatch.score_store import migrate_002_scores
from fmwatch.upsert import in_chunks, upsert_rows
from fmwatch.views import migrate_004_views

Migration = Callable[[sqlite_utils.Database], None]


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.table("papers").create(
        {
            "source": str,
            "source_id": str,
            "title": str,
            "version": int,
            "arxiv_id": str,
            "doi": str,
            "abstract": str,
            "authors": str,
            "published": str,
            "updated": str,
            "announced": str,
            "categories": str,
            "journal": str,
            "comment": str,
            "journal_ref": str,
            "article_type": str,
            "abs_url": str,
            "pdf_url": str,
            "doi_url": str,
            "published_doi": str,
            "content_hash": str,
            "first_seen": str,
            "last_changed": str,
        },
        pk=("source", "source_id"),
        not_null={"source", "source_id", "title"},
    )
    db.table("papers").create_index(["arxiv_id"])
    db.table("papers").create_index(["doi"])
    db.table("papers").create_index(["published_doi"])
    db.table("feeds").create(
        {
            "name": str,
            "url": str,
            "etag": str,
            "last_modified": str,
            "window_since": str,
            "window_until": str,
            "last_success": str,
        },
        pk="name",
    )
    db.table("runs").create(
        {
            "id": int,
            "command": str,
            "started": str,
            "finished": str,
            "status": str,
            "window_since": str,
            "window_until": str,
        },
        pk="id",
    )
    db.table("run_sources").create(
        {
            "run_id": int,
            "source": str,
            "requests": int,
            "fetched": int,
            "new": int,
            "updated": int,
            "errors": int,
            "skipped": int,
            "not_modified": int,
            "failure": str,
        },
        pk=("run_id", "source"),
        foreign_keys=[("run_id", "runs", "id")],
    )


def _m006_catalog_checks(db: sqlite_utils.Database) -> None:
    """arXiv ids of catalog rows fmwatch asked arXiv about (see ``Store.catalog_checked``), and
    a ``catalog`` count per run and source."""
    db.table("catalog_checks").create(
        {"arxiv_id": str, "first_checked": str, "last_checked": str},
        pk="arxiv_id",
        if_not_exists=True,
    )
    if "catalog" not in db.table("run_sources").columns_dict:
        db.execute("ALTER TABLE run_sources ADD COLUMN catalog INTEGER")


def _add_digest_list(db: sqlite_utils.Database, column: str, table: str, query: str) -> None:
    """A column of the work ids each digest reported (a JSON list). Digests written before it
    knew no list; the last one reported (at most) what ``query`` finds in ``table`` now, so it
    gets that list and the first digest after the upgrade does not report them all again."""
    if column not in db.table("digests").columns_dict:
        db.execute(f"ALTER TABLE digests ADD COLUMN {column} TEXT")
        if db.table(table).exists():
            ids = [r[0] for r in db.execute(query)]
            db.execute(
                f"UPDATE digests SET {column} = ? WHERE id = (SELECT max(id) FROM digests)",
                [json.dumps(ids)],
            )


def _m007_digest_near_misses(db: sqlite_utils.Database) -> None:
    """The near-misses a digest reported, so the next one shows only new ones whatever their
    scores did since."""
    _add_digest_list(
        db, "near_misses", "scores", "SELECT work_id FROM scores WHERE decision = 'near-miss'"
    )


def _m009_paper_summaries(db: sqlite_utils.Database) -> None:
    """A journal's one-sentence summary of a record (Nature RSS standfirst), read in place of a
    missing abstract (see :class:`fmwatch.models.Paper`)."""
    if "summary" not in db.table("papers").columns_dict:
        db.execute("ALTER TABLE papers ADD COLUMN summary TEXT")


def _m011_digest_candidates(db: sqlite_utils.Database) -> None:
    """The candidates a digest reported, so that the proposals of a run whose digest reached
    nobody (its e-mail failed) are carried by the next digest."""
    _add_digest_list(
        db, "candidates", "candidates", "SELECT work_id FROM candidates WHERE status = 'proposed'"
    )


#: Ordered, append-only list of (name, function). Names are what ``_migrations`` records.
MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_initial", _m001_initial),
    ("002_scores", migrate_002_scores),
    ("003_proposals", migrate_003_proposals),
    ("004_views", migrate_004_views),
    ("005_publications", migrate_005_publications),
    ("006_catalog_checks", _m006_catalog_checks),
    ("007_digest_near_misses", _m007_digest_near_misses),
    ("008_abstract_lookups", migrate_008_abstract_lookups),
    ("009_paper_summaries", _m009_paper_summaries),
    ("010_declined_links", migrate_010_declined_links),
    ("011_digest_candidates", _m011_digest_candidates),
]


def _retry_when_busy(step: Callable[[], object], attempts: int = 5) -> None:
    """Run ``step``, waiting and trying again while another process holds the database
    ("database is locked" beyond the busy timeout, or at once when a new database is switched
    to WAL while another process opens it)."""
    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if attempt == attempts - 1 or "locked" not in str(exc):
                raise
            time.sleep(0.2 * (attempt + 1))


#: A run still marked "running" this long after it started was interrupted (see start_run).
STALE_RUN_HOURS = 12


def _refuse_newer(path: str, applied: set[str]) -> None:
    """A database with a migration this version does not know was written by a newer fmwatch:
    this one would misread it, and rebuilding it (the advice for a damaged one) would lose what
    the newer version stored."""
    unknown = sorted(applied - {name for name, _ in MIGRATIONS})
    if unknown:
        raise StoreError(
            f"the database {path} was written by a newer fmwatch (migration {unknown[0]} is "
            "unknown to this one); upgrade fmwatch to use it, and do not rebuild it"
        )


def _refuse_foreign(path: str, conn: sqlite3.Connection) -> None:
    """A database that holds tables but no fmwatch migration is another program's (FMWATCH_DB
    pointed at the wrong file): migrating it would add fmwatch's tables (and WAL mode) to it, or
    leave a ``_migrations`` table behind when one of its tables has an fmwatch table's name."""
    other = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
            "'sqlite%' AND name != '_migrations' ORDER BY name"
        )
    ]
    if other:
        raise StoreError(
            f"cannot open the database {path} (it is not an fmwatch database: it holds other "
            f"tables, such as {other[0]!r}; it was left unchanged); check the path "
            "(FMWATCH_DB / state_dir) or move a damaged file aside"
        )


def _applied(conn: sqlite3.Connection) -> set[str]:
    """The migrations a database records (none for a new or a foreign database)."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone():
        return set()
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def _nearly_full(folder: Path) -> bool:
    """Whether the file system holding ``folder`` has (almost) no room left."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


class Store:
    """The database, migrated on open. Pass ``":memory:"`` for a throwaway store."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        """``read_only``: open an existing fmwatch database without writing to it (no migration,
        no journal-mode change); anything else is refused with a one-line StoreError."""
        self.path = str(path)
        if read_only:
            self._open_read_only()
            return
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            try:  # (before anything is written, the journal mode included; the one check
                # for every writable open, migrations run after it)
                applied = _applied(conn)
                _refuse_newer(self.path, applied)
                if not applied:
                    _refuse_foreign(self.path, conn)
            except StoreError:
                conn.close()
                raise
            if self.path != ":memory:":
                _retry_when_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
                # WAL + NORMAL: a crash never corrupts the database or half-writes a batch; at
                # worst the last committed batches are lost on power failure and re-fetched.
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self.db = sqlite_utils.Database(conn)
            # (two commands started together on a new database: the second waits for the
            # first's migrations, then finds nothing left to do)
            _retry_when_busy(self.migrate)
        except sqlite3.DatabaseError as exc:
            folder = Path(self.path).parent
            if Path(self.path).is_dir():
                fix = "that is a folder; point FMWATCH_DB (or state_dir) at a database file"
            elif "unable to open" in str(exc) or "readonly" in str(exc):
                # a read-only folder (or file): SQLite needs to create its journal next to it
                fix = (
                    f"make {folder} and the file writable, or point FMWATCH_STATE_DIR / "
                    "FMWATCH_DB at a writable place"
                )
            elif "locked" in str(exc):
                fix = "another fmwatch command is using it; let that finish, then run again"
            elif "disk is full" in str(exc) or (
                "disk I/O error" in str(exc) and _nearly_full(folder)
            ):
                fix = f"the disk holding {folder} is full; free some space, then run again"
            elif "disk I/O error" in str(exc):
                fix = (
                    f"the file system under {folder} failed a read or write; check it (and its "
                    "free space), then run again"
                )
            else:
                fix = "check the path (FMWATCH_DB / state_dir) or move a damaged file aside"
            raise StoreError(f"cannot open the database {self.path} ({exc}); {fix}") from exc
        except OSError as exc:
            blocking = file_in_the_way(Path(self.path).parent)
            if blocking is not None:
                # (the fix is not a permission: a file stands where the folder must be)
                raise StoreError(
                    f"cannot create the state directory for {self.path}: {blocking} is a file, "
                    "not a folder; move it aside, or point FMWATCH_STATE_DIR (or state_dir) at "
                    "a folder"
                ) from exc
            raise StoreError(
                f"cannot create the state directory for {self.path} ({exc}); check permissions"
            ) from exc

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations -------------------------------------------------------------------------
    def _open_read_only(self) -> None:
        file = Path(self.path)
        what = not_a_file(file)
        if what:
            raise StoreError(
                f"database {self.path} {what}; give the path of an fmwatch database (FMWATCH_DB)"
            )
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            self.db = sqlite_utils.Database(conn)
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"cannot read the database {self.path} ({exc}); give an fmwatch database"
            ) from exc
        if "_migrations" not in tables:
            conn.close()
            raise StoreError(
                f"{self.path} is not an fmwatch database (no fmwatch tables); give the database "
                "fmwatch run writes (FMWATCH_DB)"
            )
        try:
            _refuse_newer(self.path, _applied(conn))
        except (StoreError, sqlite3.DatabaseError):
            conn.close()
            raise

    def migrate(self) -> list[str]:
        """Apply pending migrations in order, all in one transaction; returns the names applied.

        ``BEGIN IMMEDIATE`` makes it atomic and exclusive: Python's sqlite3 would otherwise
        commit each ``CREATE`` on its own, so a migration interrupted (or raced by a second
        process opening the same new database) could leave tables without their ``_migrations``
        row, a database no later open could migrate. A second process now waits for the lock
        (the busy timeout), then finds the migrations applied.
        """
        conn = self.db.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT "
            "NOT NULL)"
        )
        conn.commit()

        def pending() -> list[tuple[str, Migration]]:
            done = {row[0] for row in conn.execute("SELECT name FROM _migrations").fetchall()}
            return [(name, step) for name, step in MIGRATIONS if name not in done]

        if not pending():
            return []
        conn.execute("BEGIN IMMEDIATE")
        applied = []
        try:
            for name, migration in pending():  # (read again: another process may have won)
                migration(self.db)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, now_iso()]
                )
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        return applied

    # -- papers -----------------------------------------------------------------------------
    def upsert_papers(self, papers: Iterable[Paper], batch_size: int = 500) -> tuple[int, int]:
        """Store records; returns (new, updated). A record equal to the stored one is untouched.

        A lower version than the stored one never overwrites it (latest version wins).
        """
        new = updated = 0
        iterator = iter(papers)
        while batch := list(islice(iterator, batch_size)):
            n, u = self._upsert_batch(batch)
            new += n
            updated += u
        return new, updated

    def _upsert_batch(self, batch: list[Paper]) -> tuple[int, int]:
        # Within one batch the same record can come twice (several versions): keep the latest.
        latest: dict[tuple[str, str], Paper] = {}
        for paper in batch:
            key = (paper.source, paper.source_id)
            prev = latest.get(key)
            if prev is None or (paper.version or 0) >= (prev.version or 0):
                latest[key] = paper
        existing: dict[tuple[str, str], tuple[str, int | None, str]] = {}
        by_source: dict[str, list[str]] = {}
        for source, source_id in latest:
            by_source.setdefault(source, []).append(source_id)
        for source, ids in by_source.items():
            for chunk, marks in in_chunks(ids):
                for row in self.db.execute(
                    f"SELECT source_id, content_hash, version, first_seen FROM papers "
                    f"WHERE source = ? AND source_id IN ({marks})",
                    [source, *chunk],
                ).fetchall():
                    existing[(source, row[0])] = (row[1], row[2], row[3])
        stamp = now_iso()
        rows: list[dict[str, Any]] = []
        new = updated = 0
        for key, paper in latest.items():
            row = paper.to_row()
            old = existing.get(key)
            if old is not None:
                old_hash, old_version, first_seen = old
                if old_hash == row["content_hash"]:
                    continue
                if (paper.version or 0) < (old_version or 0):
                    continue
                row["first_seen"] = first_seen
                updated += 1
            else:
                row["first_seen"] = stamp
                new += 1
            row["last_changed"] = stamp
            rows.append(row)
        upsert_rows(self.db, "papers", rows, ("source", "source_id"))
        return new, updated

    def stored_signatures(self, source: str, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Stored records of ``source`` among ``ids``: source_id -> every field but the text.

        The tuple follows :data:`fmwatch.models.SIGNATURE_FIELDS`, list fields as tuples, so it
        compares equal to :meth:`fmwatch.sources.base.Draft.signature` of an unchanged record.
        Title and abstract are not read: this is the cheap pre-check that lets a re-read skip
        them.
        """
        columns = ", ".join(SIGNATURE_FIELDS)
        lists = [i for i, name in enumerate(SIGNATURE_FIELDS) if name in ("authors", "categories")]
        key = SIGNATURE_FIELDS.index("source_id")
        unique = list(dict.fromkeys(ids))
        out: dict[str, tuple[Any, ...]] = {}
        for chunk, marks in in_chunks(unique):
            for row in self.db.execute(
                f"SELECT {columns} FROM papers WHERE source = ? AND source_id IN ({marks})",
                [source, *chunk],
            ):
                values = list(row)
                for i in lists:
                    values[i] = tuple(json.loads(values[i])) if values[i] else ()
                out[values[key]] = tuple(values)
        return out

    def get_paper(self, source: str, source_id: str) -> Paper | None:
        try:
            row = self.db.table("papers").get((source, source_id))
        except sqlite_utils.db.NotFoundError:
            return None
        return Paper.from_row(row)

    def iter_papers(self, where: str | None = None, params: Iterable[Any] = ()) -> Iterator[Paper]:
        """Stored records in (source, source_id) order; a record without an abstract gets the
        one found for its DOI elsewhere (:mod:`fmwatch.abstract_store`), if any."""
        looked_up = (
            "CASE WHEN abstract IS NULL AND doi IS NOT NULL THEN "
            f"(SELECT l.abstract FROM {ABSTRACT_TABLE} l WHERE l.doi = papers.doi) END"
            if self.db.table(ABSTRACT_TABLE).exists()
            else "NULL"  # (a store opened read-only before migration 008)
        )
        cursor = self.db.execute(
            f"SELECT *, {looked_up} AS _looked_up FROM papers "
            f"{f'WHERE {where} ' if where else ''}ORDER BY source, source_id",
            list(params),
        )
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            found = row.pop("_looked_up")
            if found is not None:
                row["abstract"] = found
            yield Paper.from_row(row)

    def count_papers(self) -> dict[str, int]:
        return {
            row[0]: row[1]
            for row in self.db.execute(
                "SELECT source, count(*) FROM papers GROUP BY source ORDER BY source"
            )
        }

    def published_versions(self) -> dict[str, str]:
        """Preprint work key -> journal DOI, as the sources reported it: the servers' preprint →
        journal links first (the newer word, read every week), then a stored record's own
        ``published_doi``, then the journal DOI an arXiv record carries, then the journal DOI of a
        scored work that holds the preprint (four queries)."""
        links = [(None, preprint, published) for preprint, published in self.links().items()]
        rows = self.db.execute(
            "SELECT arxiv_id, doi, published_doi FROM papers "
            "WHERE published_doi IS NOT NULL AND published_doi != ''"
        ).fetchall()
        # an arXiv record's DOI is its journal version's (arXiv's own DOIs aside)
        arxiv = [
            (arxiv_id, None, doi)
            for arxiv_id, doi in self.db.execute(
                "SELECT arxiv_id, doi FROM papers WHERE source = 'arxiv' AND doi IS NOT NULL "
                "AND doi != ''"
            )
            if identity.is_journal_doi(str(doi))
        ]
        mapping = identity.published_versions([*links, *rows, *arxiv])
        # and a preprint's work that a journal record joined (a Nature RSS item with the DOI,
        # a journal title matching the preprint's): the scored works know it
        if self.db.table("works").exists():
            joined: list[tuple[list[str], str, list[tuple[str, str]]]] = []
            for keys, published, records in self.db.execute(
                "SELECT keys, published_doi, records FROM works "
                "WHERE published_doi IS NOT NULL AND published_doi != ''"
            ):
                preprints = [
                    str(k) for k in json.loads(keys or "[]") if identity.is_preprint_key(str(k))
                ]
                pairs = [
                    (str(r[0]), str(r[1]))
                    for r in json.loads(records or "[]")
                    if isinstance(r, list) and len(r) == 2
                ]
                if preprints and pairs and identity.is_journal_doi(str(published)):
                    joined.append((preprints, str(published), pairs))
            titles = self._dois_and_titles({pair for _, _, pairs in joined for pair in pairs})
            for preprints, published, pairs in joined:
                if _same_title_as_journal(
                    [titles[p] for p in set(pairs) if p in titles], published
                ):
                    for key in preprints:
                        mapping.setdefault(key, published)
        return mapping

    def _dois_and_titles(
        self, records: set[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[str | None, str | None]]:
        """(source, source_id) -> (doi, title) of stored records, a query per source and chunk."""
        by_source: dict[str, list[str]] = {}
        for source, source_id in records:
            by_source.setdefault(source, []).append(source_id)
        found: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        for source, ids in by_source.items():
            for chunk, marks in in_chunks(ids):
                for source_id, doi, title in self.db.execute(
                    f"SELECT source_id, doi, title FROM papers "
                    f"WHERE source = ? AND source_id IN ({marks})",
                    [source, *chunk],
                ):
                    found[(source, str(source_id))] = (doi, title)
        return found

    def arxiv_with_journal(self, arxiv_ids: Iterable[str]) -> set[str]:
        """Those of ``arxiv_ids`` whose stored arXiv record names a journal DOI."""
        ids = list(arxiv_ids)
        found: set[str] = set()
        for chunk, marks in in_chunks(ids):
            for arxiv_id, doi in self.db.execute(
                f"SELECT arxiv_id, doi FROM papers WHERE source = 'arxiv' AND arxiv_id IN ({marks})"
                " AND doi IS NOT NULL AND doi != ''",
                chunk,
            ):
                if identity.is_journal_doi(str(doi)):
                    found.add(str(arxiv_id))
        return found

    def mark_catalog_checked(self, arxiv_ids: Iterable[str]) -> None:
        stamp = now_iso()
        rows = [(i, stamp, stamp) for i in dict.fromkeys(arxiv_ids)]
        with self.db.conn:
            self.db.conn.executemany(
                "INSERT INTO catalog_checks (arxiv_id, first_checked, last_checked) "
                "VALUES (?, ?, ?) ON CONFLICT(arxiv_id) DO UPDATE SET "
                "last_checked = excluded.last_checked",
                rows,
            )

    def catalog_checked(self) -> set[str]:
        """Work keys (``arxiv:…``) of papers fmwatch read because the catalog lists them: never
        the bot's to propose, also once their row is gone (a curator removed it)."""
        if not self.db.table("catalog_checks").exists():
            return set()
        return {f"arxiv:{row[0]}" for row in self.db.execute("SELECT arxiv_id FROM catalog_checks")}

    def upsert_publications(self, links: Iterable[Publication]) -> int:
        """Store preprint → journal links; returns how many were new or changed."""
        return upsert_publications(self.db, links)

    def links(self) -> dict[str, str]:
        """Preprint DOI -> journal DOI, as the servers' ``pubs`` reported it."""
        return publication_links(self.db)

    def dois_without_abstract(self, *, max_tries: int, retry_days: int) -> list[str]:
        """DOIs of records without an abstract to look up now (see
        :func:`fmwatch.abstract_store.wanted_dois`)."""
        today = datetime.now(UTC).date()
        return wanted_dois(self.db, max_tries=max_tries, retry_days=retry_days, today=today)

    def record_abstracts(self, asked: Iterable[str], found: dict[str, str], service: str) -> int:
        """One lookup of ``asked`` DOIs and the abstracts ``found``; returns how many are new."""
        return record_lookups(self.db, asked, found, service)

    # -- feed state -------------------------------------------------------------------------
    def feed_state(self, name: str) -> dict[str, Any]:
        try:
            return dict(self.db.table("feeds").get(name))
        except sqlite_utils.db.NotFoundError:
            return {}

    def save_feed_state(self, name: str, **fields: Any) -> None:
        if isinstance(fields.get("url"), str):  # a base_url may carry user:password@
            fields["url"] = strip_userinfo(fields["url"])
        with self.db.conn:
            self.db.table("feeds").upsert({"name": name, **fields}, pk="name")

    def last_success_until(self, name: str) -> str | None:
        value = self.feed_state(name).get("window_until")
        return str(value) if value else None

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, command: str, window: Window | None = None) -> int:
        with self.db.conn:
            # a run still "running" after half a day was killed (kill -9, a cancelled job): it
            # never finished, and stats should say so rather than show it running forever
            cutoff = (datetime.now(UTC) - timedelta(hours=STALE_RUN_HOURS)).replace(microsecond=0)
            self.db.execute(
                "UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND started < ?",
                [cutoff.isoformat()],
            )
            table = self.db.table("runs").insert(
                {
                    "command": command,
                    "started": now_iso(),
                    "status": "running",
                    "window_since": window.since if window else None,
                    "window_until": window.until if window else None,
                }
            )
        return int(table.last_pk or 0)

    def record_source(self, run_id: int, stats: SourceStats) -> None:
        row = asdict(stats)
        row["run_id"] = run_id
        with self.db.conn:
            self.db.table("run_sources").upsert(row, pk=("run_id", "source"))

    def finish_run(self, run_id: int, status: str) -> None:
        with self.db.conn:
            self.db.table("runs").update(run_id, {"finished": now_iso(), "status": status})

    def last_runs(self, limit: int = 5) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.table("runs").rows_where(order_by="id desc", limit=limit)]

    def run_sources(self, run_id: int) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.table("run_sources").rows_where(
                "run_id = ?", [run_id], order_by="source"
            )
        ]

    def dump_json(self, table: str) -> str:
        return json.dumps(list(self.db.table(table).rows), indent=1, sort_keys=True)


def _same_title_as_journal(rows: list[tuple[str | None, str | None]], published: str) -> bool:
    """A work's records (doi, title): its journal record carries the same title as one of its
    preprints (up to case, punctuation, a "Name:" prefix and a study-design subtitle the
    journal added). A join by title this certain may suggest a link update; a fuzzy one
    ("mouse" for "human") may not."""
    journal = [
        identity.title_forms(t) for d, t in rows if t and str(d or "").lower() == published.lower()
    ]
    preprint = [
        identity.title_forms(t) for d, t in rows if t and str(d or "").lower() != published.lower()
    ]
    return any(
        j.full in (p.full, p.rest)
        or j.rest == p.full
        or (j.core is not None and j.core in (p.full, p.rest))
        for j in journal
        for p in preprint
    )
