"""The ``abstract_lookups`` table: abstracts of journal records, looked up by DOI elsewhere.

Nature-family RSS items carry no abstract, so they were scored on their title alone, and most
foundation-model papers do not say so in their title ("A multimodal generative AI copilot for
human pathology"). :mod:`fmwatch.sources.europepmc` asks Europe PMC (which indexes PubMed, so
every Nature-family, Cell and Lancet journal) for the abstracts of stored records that have a
DOI and no abstract; what it finds is kept here, apart from ``papers``, because the next read of
the feed stores the item again without an abstract and must not erase it.
:meth:`fmwatch.store.Store.iter_papers` fills a record's missing abstract from this table, so
scoring, grouping and the digest see it.

One row per DOI asked: ``tries`` and ``last_tried`` say when to ask again (PubMed indexes an
article some days after it appears online, so an abstract not found this week may be there next
week), up to ``sources.europepmc.max_tries`` times; a found abstract is never asked for again.

Migration ``008_abstract_lookups`` also gives ``run_sources`` ``looked_up`` and ``abstracts``
columns (how many DOIs a run looked up, and how many abstracts it found).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import sqlite_utils

from fmwatch.clock import now_iso
from fmwatch.text import without_surrogates
from fmwatch.upsert import in_chunks

ABSTRACT_TABLE = "abstract_lookups"


def migrate_008_abstract_lookups(db: sqlite_utils.Database) -> None:
    db.table(ABSTRACT_TABLE).create(
        {
            "doi": str,
            "abstract": str,
            "service": str,
            "tries": int,
            "first_tried": str,
            "last_tried": str,
            "found_at": str,
        },
        pk="doi",
        not_null={"doi"},
        if_not_exists=True,
    )
    columns = db.table("run_sources").columns_dict
    for column in ("looked_up", "abstracts"):
        if column not in columns:
            db.execute(f"ALTER TABLE run_sources ADD COLUMN {column} INTEGER")


def wanted_dois(
    db: sqlite_utils.Database, *, max_tries: int, retry_days: int, today: date
) -> list[str]:
    """DOIs of stored records without an abstract that are worth asking about now: no other
    record of the DOI has one (Europe PMC's own search record, say), and never asked, or asked
    fewer than ``max_tries`` times and not within ``retry_days``; never asked first, then the
    oldest first seen, so a backlog is worked through in order and DOIs asked before cannot
    keep new ones waiting."""
    before = (today - timedelta(days=retry_days)).isoformat()
    rows = db.execute(
        f"""
        SELECT p.doi, min(p.first_seen) AS seen FROM papers p
        LEFT JOIN {ABSTRACT_TABLE} l ON l.doi = p.doi
        WHERE p.abstract IS NULL AND p.doi IS NOT NULL AND p.doi != ''
          AND NOT EXISTS (SELECT 1 FROM papers q WHERE q.doi = p.doi AND q.abstract IS NOT NULL)
          AND (l.doi IS NULL
               OR (l.abstract IS NULL AND l.tries < ? AND substr(l.last_tried, 1, 10) <= ?))
        GROUP BY p.doi ORDER BY coalesce(max(l.tries), 0), seen, p.doi
        """,
        [max_tries, before],
    ).fetchall()
    return [str(row[0]) for row in rows]


def record_lookups(
    db: sqlite_utils.Database, asked: Iterable[str], found: Mapping[str, str], service: str
) -> int:
    """Count one try for every DOI ``asked`` and keep the abstracts ``found`` (DOI → text), in
    one transaction; returns how many abstracts are new."""
    asked = list(dict.fromkeys(asked))
    if not asked:
        return 0
    stamp = now_iso()
    known: dict[str, bool] = {}
    for chunk, marks in in_chunks(asked):
        for doi, abstract in db.execute(
            f"SELECT doi, abstract FROM {ABSTRACT_TABLE} WHERE doi IN ({marks})", chunk
        ).fetchall():
            known[str(doi)] = abstract is not None
    new = 0
    with db.conn:
        for doi in asked:
            text = found.get(doi)
            text = without_surrogates(text) if text else None
            if text and not known.get(doi):
                new += 1
            db.conn.execute(
                f"""
                INSERT INTO {ABSTRACT_TABLE}
                    (doi, abstract, service, tries, first_tried, last_tried, found_at)
                VALUES (?, ?, ?, 1, ?, ?, ?)
                ON CONFLICT(doi) DO UPDATE SET
                    tries = tries + 1,
                    last_tried = excluded.last_tried,
                    abstract = coalesce(abstract, excluded.abstract),
                    service = CASE WHEN abstract IS NULL THEN excluded.service ELSE service END,
                    found_at = coalesce(found_at, excluded.found_at)
                """,
                [doi, text, service if text else None, stamp, stamp, stamp if text else None],
            )
    return new
