"""Score every stored work and record the verdicts: the library behind ``fmwatch score``.

The weekly pipeline calls :func:`score_stored`; the proposal step then reads candidates from two
tables this module writes (migration ``002_scores`` in :mod:`fmwatch.score_store`):

``works`` (one row per work, pk ``work_id``)
    ``work_id``        stable id: the preprint key (``arxiv:2408.00738``) when there is one, else a
                       DOI key (``doi:10.1038/…``); kept when a new record joins the work
    ``keys``           JSON list of every work key of its records (arXiv id, DOIs, PII)
    ``title``          title of the record that speaks for the work (journal > preprint)
    ``source``, ``source_id``  that record's primary key in ``papers``
    ``records``        JSON list of ``[source, source_id]`` of all its records
    ``paper_url``      canonical link for a catalog row (journal DOI when known, else preprint)
    ``abstract``       the best abstract any record has (NULL when none does)
    ``published_doi``  journal DOI when known
    ``updated_at``     when this row last changed

``scores`` (one row per work, pk ``work_id``)
    ``score``          0..1
    ``decision``       ``propose`` | ``near-miss`` | ``drop`` | ``known``
    ``section``        catalog section (``Image Data``, ``Review paper``…)
    ``kind``           ``model`` | ``review`` | ``benchmark``
    ``evidence``       JSON list of ``{kind, phrase, where, weight}``, strongest first
    ``model_name``, ``code_url``, ``weights_url``  enrichment (NULL when not found)
    ``enrichment``     JSON ``{model_name, code_url, weights_url}``: where each came from
    ``known_as``       for ``known``: ``catalogued: UNI`` / ``rejected: <title>``
    ``title``, ``paper_url``  copied from ``works`` so one table answers the proposal query
    ``scored_at``      when this verdict last changed

Re-scoring unchanged works writes nothing (rows are compared by content hash).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmwatch.config import Config
from fmwatch.errors import CatalogError, not_a_file
from fmwatch.feedback import Feedback
from fmwatch.score import Scorer, result_dict
from fmwatch.works import KnownWorks, LinkUpdate, group_works

if TYPE_CHECKING:  # the store (sqlite-utils) loads only for commands that use it
    from fmwatch.store import Store


@dataclass(slots=True)
class ScoreSummary:
    """What one scoring pass did; the pipeline prints it and the digest reports it."""

    works: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"propose": 0, "near-miss": 0, "drop": 0, "known": 0}
    )
    written: int = 0
    link_updates: list[LinkUpdate] = field(default_factory=list)
    catalog: str | None = None
    catalog_note: str | None = None
    #: curator decisions used as feedback (0 when feedback is off or nothing was decided yet)
    feedback: int = 0
    #: stored works that joined another (their rows were dropped; see ``drop_absorbed``)
    merged: int = 0
    #: works recorded as catalogued whose verdict was kept as it was, the catalog not being
    #: there to say otherwise
    kept_known: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "works": self.works,
            "counts": dict(self.counts),
            "written": self.written,
            "link_updates": [u.as_dict() for u in self.link_updates],
            "catalog": self.catalog,
            "catalog_note": self.catalog_note,
            "feedback": self.feedback,
            "merged": self.merged,
            "kept_known": self.kept_known,
        }


def load_known(catalog_path: str | Path | None) -> tuple[KnownWorks, str | None]:
    """Known works from the catalog file; a missing file is not an error, just a note."""
    known = KnownWorks()
    if not catalog_path:
        return known, "no catalog configured: scored without known works"
    path = Path(catalog_path)
    what = not_a_file(path)
    if what:
        return (
            known,
            f"catalog {path} {what}: scored without known works (set catalog in fmwatch.toml)",
        )
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CatalogError(
            f"cannot read the catalog {path} ({exc}); check the path and permissions"
        ) from exc
    return KnownWorks.from_catalog_text(text), None


def add_store_decisions(known: KnownWorks, store: Store) -> int:
    """Curator decisions recorded by the proposal step (``candidates`` table), if it exists."""
    if "candidates" not in store.db.table_names():
        return 0
    keys_of: dict[str, list[str]] = {}
    if "works" in store.db.table_names():
        for row in store.db.execute("SELECT work_id, keys FROM works").fetchall():
            keys_of[row[0]] = json.loads(row[1] or "[]")
    count = 0
    for work_id, title, status in store.db.execute(
        "SELECT work_id, title, status FROM candidates WHERE status IN ('accepted', 'rejected')"
    ).fetchall():
        keys = set(keys_of.get(work_id, [])) | ({work_id} if ":" in work_id else set())
        known.add_decision(keys, title or "", status)
        count += 1
    return count


def decided_works(store: Store) -> Iterator[tuple[str, str, str, set[str]]]:
    """Curators' decisions as (status, title, abstract, identity keys), status ``accepted`` or
    ``rejected``, in work id order.

    Decisions come from the proposal step's ``candidates`` table (a merged PR, a closed one,
    ``fmwatch accept`` / ``reject``); the abstract and keys from the ``works`` table when the
    work is still stored, else the candidate row's own title and keys (and no abstract).
    """
    tables = set(store.db.table_names())
    if "candidates" not in tables:
        return
    columns = {c.name for c in store.db.table("candidates").columns}
    cand_keys = "c.keys" if "keys" in columns else "NULL"
    sql = (
        f"SELECT c.work_id, c.status, coalesce(w.title, c.title), w.abstract, w.keys, {cand_keys} "
        "FROM candidates c LEFT JOIN works w ON w.work_id = c.work_id "
        "WHERE c.status IN ('accepted', 'rejected') ORDER BY c.work_id"
        if "works" in tables
        else f"SELECT c.work_id, c.status, c.title, NULL, NULL, {cand_keys} FROM candidates c "
        "WHERE c.status IN ('accepted', 'rejected') ORDER BY c.work_id"
    )
    for work_id, status, title, abstract, work_keys, row_keys in store.db.execute(sql).fetchall():
        keys = set(_json_list(work_keys)) | set(_json_list(row_keys))
        if ":" in work_id:
            keys.add(work_id)
        yield status, title or "", abstract or "", keys


def feedback_from_store(store: Store, feedback: Feedback | None = None) -> Feedback:
    """Accepted/rejected works (title, abstract, identity keys, :func:`decided_works`) as
    :class:`Feedback`."""
    feedback = feedback if feedback is not None else Feedback()
    for status, title, abstract, keys in decided_works(store):
        feedback.add(status, title, abstract, keys)
    return feedback


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def score_stored(
    config: Config,
    store: Store,
    catalog_path: str | None = None,
    *,
    use_feedback: bool | None = None,
    with_link_updates: bool = True,
) -> ScoreSummary:
    """Group stored records into works, score each against the catalog, record the verdicts.

    ``use_feedback`` (default: ``scoring.feedback`` of the config) lets curators' accepted and
    rejected works nudge the scores of similar works (:mod:`fmwatch.feedback`).
    ``with_link_updates=False`` leaves out the link updates ``fmwatch score`` prints (the weekly
    run's proposal step works them out from the catalog on the branch it proposes to).
    """
    path = catalog_path if catalog_path is not None else config.catalog
    known, note = load_known(path)
    # no catalog to read (not configured, or not where it is said to be): a work recorded as
    # catalogued stays so, since nothing here says otherwise; rescoring it without the catalog
    # turned every such work into a "new" proposal in the store
    was_known: set[str] = set()
    if note is not None and "scores" in store.db.table_names():
        was_known = {
            row[0]
            for row in store.db.execute("SELECT work_id FROM scores WHERE decision = 'known'")
        }
    add_store_decisions(known, store)
    if use_feedback is None:
        use_feedback = config.scoring.feedback
    feedback = feedback_from_store(store) if use_feedback else None
    scorer = Scorer(config.scoring, known=known, feedback=feedback if feedback else None)
    existing: dict[str, str] = {}
    for work_id, keys in store.db.execute("SELECT work_id, keys FROM works").fetchall():
        for key in json.loads(keys or "[]"):
            existing.setdefault(key, work_id)
    listed: set[str] = set()
    if "candidates" in store.db.table_names():
        listed = {row[0] for row in store.db.execute("SELECT work_id FROM candidates")}
    works = group_works(store.iter_papers(), existing, store.links(), keep=listed)
    summary = ScoreSummary(works=len(works), catalog=str(path) if path else None, catalog_note=note)
    summary.feedback = len(feedback) if feedback else 0
    work_rows: list[dict[str, Any]] = []
    score_rows: list[dict[str, Any]] = []
    for work in works:
        merged = work.merged()
        best = work.best
        work_rows.append(
            {
                "work_id": work.work_id,
                "keys": json.dumps(sorted(work.keys)),
                "title": best.title,
                "source": best.source,
                "source_id": best.source_id,
                "records": json.dumps(sorted([p.source, p.source_id] for p in work.papers)),
                "paper_url": work.paper_url,
                "abstract": merged["abstract"],
                "published_doi": work.published_doi,
            }
        )
        others = sorted({p.title for p in work.papers if p.title and p.title != best.title})
        verdict = result_dict(
            scorer.score({**merged, "work_keys": sorted(work.keys), "other_titles": others})
        )
        if work.work_id in was_known and verdict["decision"] != "known":
            summary.kept_known += 1
            summary.counts["known"] = summary.counts.get("known", 0) + 1
            continue
        summary.counts[verdict["decision"]] = summary.counts.get(verdict["decision"], 0) + 1
        score_rows.append(
            {
                "work_id": work.work_id,
                "score": verdict["score"],
                "decision": verdict["decision"],
                "section": verdict["section"],
                "kind": verdict["kind"],
                "evidence": json.dumps(verdict["evidence"], ensure_ascii=False),
                "model_name": verdict["model_name"],
                "code_url": verdict["code_url"],
                "weights_url": verdict["weights_url"],
                "enrichment": json.dumps(verdict["enrichment"], sort_keys=True),
                "known_as": verdict["known_as"],
                "title": best.title,
                "paper_url": work.paper_url,
            }
        )
    if summary.kept_known and summary.catalog_note:
        summary.catalog_note += (
            f"; the {summary.kept_known} work(s) recorded as catalogued stay so until it is read"
        )
    from fmwatch.clock import now_iso
    from fmwatch.proposal_store import ProposalStore
    from fmwatch.score_store import drop_absorbed, upsert_changed

    stamp = now_iso()
    summary.written = upsert_changed(store.db, "works", work_rows, "updated_at", stamp)
    summary.written += upsert_changed(store.db, "scores", score_rows, "scored_at", stamp)
    summary.merged = drop_absorbed(store.db, {work.work_id for work in works})
    if with_link_updates:
        declined = ProposalStore(store.db).declined_links()
        summary.link_updates = known.link_updates(works, declined)
    return summary


def candidates(
    store: Store, decision: str = "propose", limit: int | None = None
) -> list[dict[str, Any]]:
    """Scored works with one decision, best first, joined with their abstract."""
    sql = (
        "SELECT s.*, w.abstract, w.keys FROM scores s JOIN works w ON w.work_id = s.work_id "
        "WHERE s.decision = ? ORDER BY s.score DESC, s.work_id"
    )
    params: list[Any] = [decision]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    cursor = store.db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
