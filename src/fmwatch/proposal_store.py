"""The proposal tables: what was proposed, where, and what curators decided.

Kept out of ``store.py`` (which owns the database and its migration runner) so that the curator
loop's schema lives next to the only code that writes it. ``store.MIGRATIONS`` lists
:func:`migrate_003_proposals` as ``003_proposals``.

Tables:

``candidates``  one row per work ever selected: ``status`` pending | proposed | accepted | rejected,
                its score, section, title, the exact row Markdown proposed, where (branch, PR
                number, URL), when proposed and decided, the reason, and the curator's edit (the
                merged row when it differs from the proposed one)
``proposals``   one row per proposal branch: forge, PR number, URL, state, ISO week, head sha
``decisions``   an append-only log: who decided what about which work, when, and from where
                (``curator-cli``, ``pr-merged``, ``pr-closed``), with details as JSON
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from fmwatch.clock import now_iso
from fmwatch.upsert import in_chunks

STATUSES = ("pending", "proposed", "accepted", "rejected")
DECISION_SOURCES = ("curator-cli", "pr-merged", "pr-closed", "curator-reopen")


def migrate_003_proposals(db: sqlite_utils.Database) -> None:
    db.table("candidates").create(
        {
            "work_id": str,
            "status": str,
            "score": float,
            "section": str,
            "title": str,
            "row": str,
            "pr_branch": str,
            "pr_number": int,
            "pr_url": str,
            "proposed_at": str,
            "decided_at": str,
            "reason": str,
            "curator_edit": str,
            # what the PR body lists again on update, and what sync matches merged rows by
            "keys": str,
            "name": str,
            "paper_url": str,
            "evidence": str,
            "links": str,
        },
        pk="work_id",
        not_null={"work_id", "status"},
        if_not_exists=True,
    )
    db.table("candidates").create_index(["status"], if_not_exists=True)
    db.table("candidates").create_index(["pr_branch"], if_not_exists=True)
    db.table("proposals").create(
        {
            "branch": str,
            "forge": str,
            "number": int,
            "url": str,
            "state": str,
            "week": str,
            "head_sha": str,
            "created": str,
            "updated": str,
        },
        pk="branch",
        if_not_exists=True,
    )
    db.table("decisions").create(
        {
            "id": int,
            "work_id": str,
            "status": str,
            "reason": str,
            "source": str,
            "at": str,
            "details": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("decisions").create_index(["work_id"], if_not_exists=True)


def migrate_010_declined_links(db: sqlite_utils.Database) -> None:
    """Link updates a curator declined (``fmwatch reject-link``): the preprint (its work key,
    e.g. ``arxiv:2305.12345``) and the journal DOI it was offered, never offered again (another
    journal DOI would be); ``link`` is what the curator gave, for the record."""
    db.table("declined_links").create(
        {
            "preprint_key": str,
            "journal_doi": str,
            "link": str,
            "declined_at": str,
            "reason": str,
        },
        pk=("preprint_key", "journal_doi"),
        not_null={"preprint_key", "journal_doi"},
        if_not_exists=True,
    )


class ProposalStore:
    """Reads and writes of the three tables, on an open sqlite-utils database.

    Every write method is one transaction, so a crash mid-run never leaves a candidate marked
    proposed without its proposal row.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def declined_links(self) -> set[tuple[str, str]]:
        """(preprint key, journal DOI) pairs curators declined."""
        if not self.db.table("declined_links").exists():  # (read-only, before migration 010)
            return set()
        return {
            (str(r[0]), str(r[1]))
            for r in self.db.execute("SELECT preprint_key, journal_doi FROM declined_links")
        }

    def decline_link(
        self, preprint_key: str, journal_doi: str, link: str, reason: str | None
    ) -> None:
        with self.db.conn:
            self.db.table("declined_links").upsert(
                {
                    "preprint_key": preprint_key,
                    "journal_doi": journal_doi,
                    "link": link,
                    "declined_at": now_iso(),
                    "reason": reason,
                },
                pk=("preprint_key", "journal_doi"),
            )

    def reopen_link(self, preprint_keys: set[str]) -> int:
        """Forget the declines of a preprint (any of its keys); returns how many there were."""
        if not preprint_keys:
            return 0
        marks = ", ".join("?" for _ in preprint_keys)
        with self.db.conn:
            cursor = self.db.execute(
                f"DELETE FROM declined_links WHERE preprint_key IN ({marks})",
                sorted(preprint_keys),
            )
        return cursor.rowcount

    # -- candidates -------------------------------------------------------------------------
    def candidate(self, work_id: str) -> dict[str, Any] | None:
        rows = list(self.db.table("candidates").rows_where("work_id = ?", [work_id]))
        return dict(rows[0]) if rows else None

    def candidates(self, status: str | None = None) -> list[dict[str, Any]]:
        where, params = ("status = ?", [status]) if status else (None, [])
        return [
            dict(r)
            for r in self.db.table("candidates").rows_where(
                where, params, order_by="score desc, work_id"
            )
        ]

    def candidates_on(self, branch: str) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.table("candidates").rows_where(
                "pr_branch = ?", [branch], order_by="work_id"
            )
        ]

    def decide(
        self,
        work_id: str,
        status: str,
        *,
        source: str,
        reason: str | None = None,
        curator_edit: str | None = None,
        details: dict[str, Any] | None = None,
        defaults: dict[str, Any] | None = None,
        at: str | None = None,
    ) -> None:
        """Record a decision: the candidate's status and one line in the decisions log (made
        now, or at ``at``: a decision replayed from another state keeps its time)."""
        at = at or now_iso()
        with self.db.conn:
            existing = self.candidate(work_id)
            row: dict[str, Any] = {"work_id": work_id, "status": status, "decided_at": at}
            if reason is not None or status == "pending":
                # (a reopened work no longer shows why it was rejected; the log keeps that)
                row["reason"] = reason
            if curator_edit is not None:
                row["curator_edit"] = curator_edit
            if existing is None:
                row = {**(defaults or {}), **row}
            self.db.table("candidates").upsert(row, pk="work_id")
            self.db.table("decisions").insert(
                {
                    "work_id": work_id,
                    "status": status,
                    "reason": reason,
                    "source": source,
                    "at": at,
                    "details": json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
                }
            )

    def last_sources(self, work_ids: Iterable[str]) -> dict[str, str]:
        """Work id -> the source of its last decision (``pr-closed``, ``curator-cli``…)."""
        out: dict[str, str] = {}
        for chunk, marks in in_chunks(list(work_ids)):
            for work_id, source in self.db.execute(
                "SELECT work_id, source FROM decisions WHERE id IN (SELECT MAX(id) FROM "
                f"decisions WHERE work_id IN ({marks}) GROUP BY work_id)",
                chunk,
            ):
                out[str(work_id)] = str(source)
        return out

    def decisions(self, limit: int | None = None) -> list[dict[str, Any]]:
        return [
            dict(r) for r in self.db.table("decisions").rows_where(order_by="id desc", limit=limit)
        ]

    # -- proposals --------------------------------------------------------------------------
    def proposal(self, branch: str) -> dict[str, Any] | None:
        rows = list(self.db.table("proposals").rows_where("branch = ?", [branch]))
        return dict(rows[0]) if rows else None

    def proposals(self, state: str | None = None) -> list[dict[str, Any]]:
        where, params = ("state = ?", [state]) if state else (None, [])
        return [
            dict(r)
            for r in self.db.table("proposals").rows_where(where, params, order_by="created")
        ]

    def save_proposal(self, row: dict[str, Any]) -> None:
        with self.db.conn:
            self._upsert_proposal(row)

    def record_proposal(
        self, candidates: Iterable[dict[str, Any]], proposal: dict[str, Any]
    ) -> None:
        """Mark candidates proposed and save their proposal row, in one transaction."""
        with self.db.conn:
            for row in candidates:
                self.db.table("candidates").upsert({**row, "status": "proposed"}, pk="work_id")
            self._upsert_proposal(proposal)

    def _upsert_proposal(self, row: dict[str, Any]) -> None:
        now = now_iso()
        existing = self.proposal(row["branch"])
        full = {**row, "updated": now}
        if existing is None:
            full["created"] = now
        self.db.table("proposals").upsert(full, pk="branch")
