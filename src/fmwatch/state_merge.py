"""Carry curators' decisions from another state export into this database.

The weekly Action saves its state on top of the commit it restored. When a curator pushed
decisions to the state branch while the run worked (``fmwatch reject`` … then ``state export``),
that push is refused and, before this module, both states were kept and reconciled by hand.
:func:`replay` does the reconciling that needs no judgement: it repeats, in this database, the
curators' decisions the other export holds and this one lacks (``accept``, ``reject``,
``reopen``, ``reject-link``, ``reopen-link``), each with the time it was made, so the run's own
work (papers fetched, the pull request opened) and theirs are both kept.

Given the export both states started from (``base``), it first checks that the other side
changed nothing but curators' decisions: any other difference (another run's papers, a hand
edit) is refused with a message, and the states are kept apart as before. Without a base it
replays the decisions only and adds the declined links it lacks (it cannot tell a link a curator
reopened from one never declined).

A decision older than this database's last decision on the same work is not replayed: the later
one stands (the run's sync may have seen the pull request merged after the curator's "reject").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmwatch import proposals
from fmwatch.errors import StoreError
from fmwatch.proposal_store import ProposalStore
from fmwatch.state_io import MANIFEST, ExportFolder
from fmwatch.store import Store

#: The decisions a curator makes from a terminal (``fmwatch accept / reject / reopen``); those a
#: run makes (``pr-merged``, ``pr-closed``) come from the pull request, which the run reads too.
CURATOR_SOURCES = frozenset({"curator-cli", "curator-reopen"})
#: Tables whose changes :func:`replay` carries or derives; any other change on the other side
#: since the base is not a curator's decision.
_CARRIED = frozenset({"decisions", "candidates", "declined_links"})
#: Tables whose contents a run rewrites as it pleases and a curator never touches through the
#: CLI: no difference there is carried, and none is a reason to refuse (the run's own are kept).
_IGNORED = frozenset({"_migrations"})
#: How :func:`other_changes` names files beside the tables (not a table name: it has a space)
OTHER_FILES = "files beside the tables"


@dataclass
class Replayed:
    """What :func:`replay` did."""

    applied: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0
    superseded: list[dict[str, Any]] = field(default_factory=list)
    links_declined: int = 0
    links_reopened: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.applied)} curator decision(s) replayed"]
        if self.already:
            parts.append(f"{self.already} already here")
        if self.superseded:
            ids = ", ".join(sorted({str(d["work_id"]) for d in self.superseded}))
            parts.append(f"{len(self.superseded)} older than this state's own decision ({ids})")
        if self.links_declined or self.links_reopened:
            parts.append(
                f"link updates: {self.links_declined} declined, {self.links_reopened} reopened"
            )
        return "; ".join(parts)


def _export(export_dir: Path, what: str) -> ExportFolder:
    """The export in ``export_dir``, read once; a StoreError when there is none or it is
    incomplete."""
    if not export_dir.is_dir() or not any(export_dir.glob("*.jsonl")):
        raise StoreError(
            f"no state export found in {export_dir} ({what}; expected <table>.jsonl files); "
            "give the folder `fmwatch state export` wrote, e.g. state/export of that branch"
        )
    export = ExportFolder(export_dir)
    # (a table its manifest lists without its file would read as emptied: every link decline
    # "reopened", every candidate gone; `state import` refuses such an export too)
    missing = export.missing()
    if missing:
        raise StoreError(
            f"the state export in {export_dir} ({what}) is incomplete ({', '.join(missing)} "
            "missing); restore the folder from git"
        )
    return export


def _row_set(rows: list[dict[str, Any]]) -> set[str]:
    return {json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows}


def _decision_key(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        str(row.get("work_id")),
        str(row.get("status")),
        str(row.get("source")),
        str(row.get("at")),
    )


def _curator_decisions(theirs: ExportFolder, base: ExportFolder | None) -> list[dict[str, Any]]:
    """The curators' decisions ``theirs`` holds (those made since ``base``, when given)."""
    rows = [r for r in theirs.rows("decisions") if r.get("source") in CURATOR_SOURCES]
    if base is None:
        return rows
    before = {_decision_key(r) for r in base.rows("decisions")}
    return [r for r in rows if _decision_key(r) not in before]


def other_changes(base: ExportFolder, theirs: ExportFolder) -> dict[str, int]:
    """Table -> rows the other export added, changed or removed since the base, in tables a
    curator's decisions do not explain (decisions from other sources than the curator's too)."""
    changed: dict[str, int] = {}
    # the works curators decided on since the base: their candidates' rows change with them
    decided = {str(r.get("work_id")) for r in _curator_decisions(theirs, base)}
    for name in sorted((base.tables | theirs.tables) - _IGNORED):
        if name not in theirs.tables:
            count = len(base.rows(name))  # (a table gone is not a curator's doing)
        elif base.raw(name) == theirs.raw(name):
            continue  # (unchanged: most tables, the papers among them, are not parsed)
        elif name == "decisions":
            before, after = _row_set(base.rows(name)), _row_set(theirs.rows(name))
            added = [json.loads(r) for r in after - before]
            count = len(before - after) + sum(r.get("source") not in CURATOR_SOURCES for r in added)
        elif name == "candidates":
            # (a row changed with no curator's decision on its work: a hand edit, not carried)
            moved = _row_set(base.rows(name)) ^ _row_set(theirs.rows(name))
            count = len({str(json.loads(r).get("work_id")) for r in moved} - decided)
        elif name in _CARRIED:
            continue
        else:
            count = len(_row_set(base.rows(name)) ^ _row_set(theirs.rows(name)))
        if count:
            changed[name] = count
    # (files an export does not write, a curator's notes beside the tables: kept only if
    # nobody changed them, since the run's save writes its own export in their place)
    others = _other_files(base.path) ^ _other_files(theirs.path)
    if others:
        changed[OTHER_FILES] = len({name for name, _ in others})
    return changed


def _other_files(export_dir: Path) -> set[tuple[str, bytes]]:
    return {
        (path.name, path.read_bytes())
        for path in export_dir.iterdir()
        if path.is_file() and path.suffix != ".jsonl" and path.name != MANIFEST
    }


def replay(store: Store, theirs_dir: Path, base_dir: Path | None = None) -> Replayed:
    """Repeat in ``store`` the curators' decisions of the export ``theirs_dir`` it lacks (those
    made since ``base_dir``, the export both started from, when given). Raises
    :class:`StoreError`, changing nothing, when the other side changed more than decisions."""
    theirs = _export(theirs_dir, "the other state")
    base = None if base_dir is None else _export(base_dir, "the state both started from")
    if base is not None:
        changed = other_changes(base, theirs)
        if changed:
            listed = ", ".join(
                f"{name}: {count} {'file' if name == OTHER_FILES else 'row'}(s)"
                for name, count in changed.items()
            )
            raise StoreError(
                f"the state in {theirs_dir} changed more than curators' decisions since "
                f"{base_dir} ({listed}), so it cannot be replayed here; keep both and "
                "reconcile by hand (README, 'Deciding from a terminal')"
            )
    done = Replayed()
    pstore = ProposalStore(store.db)
    ours = pstore.decisions()
    have = {_decision_key(r) for r in ours}
    last: dict[str, str] = {}
    for row in ours:
        work = str(row["work_id"])
        last[work] = max(last.get(work, ""), str(row.get("at") or ""))
    decisions = _curator_decisions(theirs, base)
    for row in sorted(decisions, key=lambda r: (str(r.get("at") or ""), int(r.get("id") or 0))):
        work, at = str(row.get("work_id") or ""), str(row.get("at") or "")
        if not work or row.get("status") not in ("accepted", "rejected", "pending"):
            continue
        if _decision_key(row) in have:
            done.already += 1
            continue
        if last.get(work, "") > at:
            done.superseded.append(row)
            continue
        proposals.curator_decide(store, work, str(row["status"]), row.get("reason"), at=at)
        last[work] = at
        done.applied.append(row)
    _replay_links(store, theirs, base, done)
    return done


def _link_key(row: dict[str, Any]) -> tuple[str, str]:
    return (str(row.get("preprint_key")), str(row.get("journal_doi")))


def _replay_links(
    store: Store, their_export: ExportFolder, base_export: ExportFolder | None, done: Replayed
) -> None:
    """Declines of link updates the other side added (and, with a base, those it removed)."""
    theirs = {_link_key(r): r for r in their_export.rows("declined_links")}
    base = (
        {} if base_export is None else {_link_key(r): r for r in base_export.rows("declined_links")}
    )
    ours = {_link_key(r): r for r in store.db.table("declined_links").rows}
    with store.db.conn:
        for key, row in sorted(theirs.items()):
            new = key not in base and key not in ours
            # (declined again since the base, with another reason: the curator's later word)
            again = key in base and base[key] != row and ours.get(key) != row
            if new or again:
                store.db.table("declined_links").upsert(row, pk=("preprint_key", "journal_doi"))
                done.links_declined += 1
        for key in sorted(set(base) - set(theirs)):
            if key in ours:
                store.db.execute(
                    "DELETE FROM declined_links WHERE preprint_key = ? AND journal_doi = ?", key
                )
                done.links_reopened += 1
