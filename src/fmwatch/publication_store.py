"""The ``publications`` table: preprint → journal links the preprint servers report.

bioRxiv and medRxiv say, through their ``pubs`` endpoint, which preprints appeared in a journal
in a date window, whenever the preprint was posted. That is the only way to learn that a catalog
row's preprint from two years ago now has a journal version: the ``details`` records fmwatch
reads are those *posted* in the window. The links are kept here, apart from ``papers``, because
the preprint itself is usually not stored; :meth:`fmwatch.store.Store.published_versions` and
work grouping (:func:`fmwatch.works.group_works`) read both.

Migration ``005_publications`` also gives ``run_sources`` a ``links`` column (how many links a
source's run added or changed).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from fmwatch.clock import now_iso
from fmwatch.models import Publication
from fmwatch.text import without_surrogates
from fmwatch.upsert import in_chunks, upsert_rows

PUBLICATION_COLUMNS: dict[str, type] = {
    "preprint_doi": str,
    "server": str,
    "published_doi": str,
    "journal": str,
    "published_date": str,
    "preprint_title": str,
    "first_seen": str,
    "last_changed": str,
}
#: What a re-read compares to tell a changed link from the same one seen again.
_COMPARED = ("server", "published_doi", "journal", "published_date", "preprint_title")


def migrate_005_publications(db: sqlite_utils.Database) -> None:
    db.table("publications").create(
        PUBLICATION_COLUMNS,
        pk="preprint_doi",
        not_null={"preprint_doi", "published_doi"},
        if_not_exists=True,
    )
    db.table("publications").create_index(["published_doi"], if_not_exists=True)
    if "links" not in db.table("run_sources").columns_dict:
        db.execute("ALTER TABLE run_sources ADD COLUMN links INTEGER")


def _row(link: Publication) -> dict[str, str | None]:
    return {
        "preprint_doi": link.preprint_doi,
        "server": link.server,
        "published_doi": link.published_doi,
        "journal": without_surrogates(link.journal) if link.journal else None,
        "published_date": link.published_date,
        "preprint_title": without_surrogates(link.preprint_title) if link.preprint_title else None,
    }


def upsert_publications(db: sqlite_utils.Database, links: Iterable[Publication]) -> int:
    """Store links in one transaction; returns how many were new or changed.

    The same preprint reported twice keeps the last report (a corrected journal DOI wins).
    """
    latest = {link.preprint_doi: _row(link) for link in links}
    if not latest:
        return 0
    stored: dict[str, tuple[object, ...]] = {}
    ids = list(latest)
    for chunk, marks in in_chunks(ids):
        for row in db.execute(
            f"SELECT preprint_doi, {', '.join(_COMPARED)} FROM publications "
            f"WHERE preprint_doi IN ({marks})",
            chunk,
        ).fetchall():
            stored[row[0]] = tuple(row[1:])
    stamp = now_iso()
    rows = []
    for doi, row in latest.items():
        old = stored.get(doi)
        if old == tuple(row[c] for c in _COMPARED):
            continue
        rows.append({**row, "first_seen": stamp, "last_changed": stamp})
    upsert_rows(db, "publications", rows, ("preprint_doi",), keep=("first_seen",))
    return len(rows)


def publication_links(db: sqlite_utils.Database) -> dict[str, str]:
    """Preprint DOI -> journal DOI, every link stored (one query); {} in a database opened
    read-only before migration ``005_publications`` ran."""
    if not db.table("publications").exists():
        return {}
    return {
        str(preprint): str(published)
        for preprint, published in db.execute(
            "SELECT preprint_doi, published_doi FROM publications"
        ).fetchall()
    }
