"""One weekly run: sync → fetch → score → propose → report, recorded as one row of ``runs``.

Why this order: curators' decisions on last week's proposal are read first, so a work they just
rejected is never proposed again this run; fetching precedes scoring (normalisation happens in
the sources and the scorer's grouping into works), and the digest comes last so it can say what
every other step did.

What may fail, and what then happens:

- a **source** failing is recorded in its :class:`~fmwatch.models.SourceStats`; the others are
  fetched, scored and proposed, the digest lists the failure, and the exit status is 3;
- **sync** failing (the forge is unreachable) is reported and the run goes on, because fetching
  and scoring are still worth doing; proposing then usually fails too;
- **propose** or **e-mail** failing is reported in the digest and the summary, the digest file
  is still written, and the exit status is 1;
- anything else (the database, the catalog) stops the run with its own one-line error.

Everything the modules below report is translated here into the digest's plain dataclasses, so
the digest never needs to know the scorer's or the forge's tables.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fmwatch import ingest, proposals, scoring
from fmwatch.clock import now_iso
from fmwatch.config import Config
from fmwatch.digest import (
    Decision,
    Delivered,
    DigestData,
    DigestItem,
    LinkUpdate,
    Proposal,
    SourceHealth,
    deliver,
    iso_week,
    shown_path,
)
from fmwatch.errors import DigestError, FmwatchError
from fmwatch.explain import explain
from fmwatch.forge import Forge, make_forge
from fmwatch.models import NEAR_MISSES_SHOWN, SourceStats, Window
from fmwatch.store import Store
from fmwatch.templating import safe_url

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SOURCE_FAILED = 3

#: evidence phrases shown per work in the digest (the PR body has them all)
EVIDENCE_SHOWN = 4
#: how many earlier runs decide whether a silent source is unusual
HEALTH_LOOKBACK = 4

#: ``step`` is sync | fetch | score | propose | digest; ``message`` one line for the user
Reporter = Callable[[str, str], None]


@dataclass(slots=True)
class RunOptions:
    since: str | None = None
    until: str | None = None
    dry_run: bool = False
    #: None follows ``config.digest.email``
    email: bool | None = None
    #: the run's clock (ISO week of the branch and digest); tests and the demo fix it
    now: datetime | None = None
    #: the catalog's git repository (local forge); default: the catalog's folder
    repo_dir: Path | None = None
    demo: bool = False


@dataclass(slots=True)
class RunReport:
    """What one run did; ``as_json`` is the contract of ``fmwatch run --json``."""

    run_id: int
    week: str
    since: str | None
    until: str
    dry_run: bool
    sources: list[SourceStats] = field(default_factory=list)
    proposed: int = 0
    proposal_status: str = ""
    forge: str = ""
    pr_url: str | None = None
    branch: str | None = None
    outbox: str | None = None
    digest: Path | None = None
    step_summary: Path | None = None
    emailed_to: tuple[str, ...] = ()
    email_skipped: str | None = None
    errors: list[str] = field(default_factory=list)
    #: accepted works the catalog lacks, one line each with its fix (:meth:`SyncSummary.warnings`)
    unsettled: list[str] = field(default_factory=list)
    #: candidates the catalog held back (a broken row, a missing section or table): why, each
    held_back: list[str] = field(default_factory=list)
    #: the open proposal's branch conflicts with the base (:attr:`ProposalResult.behind`)
    behind: list[str] = field(default_factory=list)
    #: the forge is not the one configured (a GitHub repository, no token: a local branch)
    forge_notes: list[str] = field(default_factory=list)
    near_misses: int = 0
    decisions: int = 0
    last_decision: int = 0
    scored: dict[str, int] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[SourceStats]:
        return [s for s in self.sources if not s.ok]

    @property
    def exit_status(self) -> int:
        if self.errors:
            return EXIT_FAILED
        if self.failed_sources:
            return EXIT_SOURCE_FAILED
        return EXIT_OK

    @property
    def waiting(self) -> list[str]:
        """What a curator should settle though the run succeeded (the digest lists it)."""
        return self.unsettled + self.held_back + self.behind + self.forge_notes

    @property
    def warnings(self) -> list[str]:
        """:attr:`waiting`, each line named by its step (``run --json``'s "warnings")."""
        return (
            [f"sync: {line}" for line in self.unsettled]
            + [f"propose: not proposed: {reason}" for reason in self.held_back]
            + [f"propose: {line}" for line in self.behind]
            + [f"forge: {line}" for line in self.forge_notes]
        )

    @property
    def status(self) -> str:
        if self.errors:
            return "failed"
        return "partial" if self.failed_sources else "ok"

    def as_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "week": self.week,
            "window": {"since": self.since, "until": self.until},
            "dry_run": self.dry_run,
            "sources": {
                s.source: {
                    "requests": s.requests,
                    "fetched": s.fetched,
                    "new": s.new,
                    "failed": s.failure,
                }
                for s in self.sources
            },
            "scored": dict(self.scored),
            "proposed": self.proposed,
            "proposal_status": self.proposal_status,
            "forge": self.forge,
            "pr_url": self.pr_url if self.forge != "local" else None,
            "branch": self.branch,
            "outbox": self.outbox,
            "digest": str(self.digest) if self.digest else None,
            "emailed_to": list(self.emailed_to),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "exit_status": self.exit_status,
        }


def _quiet(step: str, message: str) -> None:
    pass


def run(
    config: Config,
    store: Store,
    options: RunOptions | None = None,
    *,
    forge: Forge | None = None,
    reporter: Reporter | None = None,
    fetch_progress: ingest.Progress | None = None,
    env: dict[str, str] | None = None,
) -> RunReport:
    """Do one whole run; see the module docstring for how failures are handled."""
    options = options or RunOptions()
    say = reporter or _quiet
    now = options.now or datetime.now(UTC)
    until = options.until or ingest.today()
    window = Window(options.since, until) if options.since else None
    previous_decision = _last_reported_decision(store)
    run_id = store.start_run("run --dry-run" if options.dry_run else "run", window)
    report = RunReport(
        run_id=run_id,
        week=iso_week(now.date()),
        since=options.since,
        until=until,
        dry_run=options.dry_run,
    )
    try:
        outcome = _steps(config, store, options, report, forge, say, fetch_progress, now)
        data = build_digest(store, report, outcome, previous_decision)
        data.demo = options.demo
        say("digest", "writing the digest")
        delivered = _deliver(data, config, options, report, env)
        if delivered is not None:
            report.digest = delivered.path
            report.step_summary = delivered.step_summary
            report.emailed_to = delivered.emailed_to
            report.email_skipped = delivered.skipped_email
            if delivered.email_error:
                report.errors.append(f"digest: {delivered.email_error}")
        if report.digest is not None and delivered is not None and not options.dry_run:
            # (a dry run, or a digest whose e-mail failed, has not told anyone: the next
            # digest reports the same decisions and near-misses again, and lists the proposals)
            _record_digest(store, report, outcome.near_miss_ids, outcome.candidate_ids)
    except BaseException:
        store.finish_run(run_id, "failed")
        raise
    store.finish_run(run_id, report.status)
    return report


@dataclass(slots=True)
class _Outcome:
    """What the steps hand to the digest besides the report."""

    result: proposals.ProposalResult | None = None
    #: the id of the newest decision the digest reports (the next digest starts after it)
    last_decision: int = 0
    #: work ids of the near-misses this digest reports (recorded with it)
    near_miss_ids: list[str] = field(default_factory=list)
    #: work ids of the proposed candidates this digest reports, this run's and carried ones
    candidate_ids: list[str] = field(default_factory=list)


def _steps(
    config: Config,
    store: Store,
    options: RunOptions,
    report: RunReport,
    forge: Forge | None,
    say: Reporter,
    fetch_progress: ingest.Progress | None,
    now: datetime,
) -> _Outcome:
    outcome = _Outcome()
    try:
        forge = forge or make_forge(config, options.repo_dir)
        report.forge = forge.kind
        if forge.kind == "local" and config.forge.kind == "auto" and config.forge.repository:
            # (a cron job whose token variable was lost would otherwise propose to a local
            # branch week after week, and nobody would see a pull request)
            report.forge_notes.append(
                f"forge.repository is {config.forge.repository} but no GitHub token is set, so "
                "the proposal went to a local branch and the outbox; export GITHUB_TOKEN (or "
                'FMWATCH_GITHUB_TOKEN), or set forge.kind = "local" to mean it'
            )
            say("forge", report.forge_notes[-1])
    except FmwatchError as exc:
        report.errors.append(f"forge: {exc}")
        forge = None

    sync_ok = False
    if forge is not None:
        say("sync", "reading curator decisions on earlier proposals")
        try:
            synced = proposals.sync(config, store, forge)
            sync_ok = True
            if synced.accepted or synced.rejected:
                say(
                    "sync",
                    f"{len(synced.accepted)} accepted, {len(synced.rejected)} rejected",
                )
            report.unsettled = synced.warnings()
            for warning in report.unsettled:
                say("sync", warning)
        except FmwatchError as exc:
            report.errors.append(f"sync: {exc}")
            say("sync", f"failed: {exc}")

    since = f"since {options.since}" if options.since else "since the last run"
    say("fetch", f"fetching {since}")
    report.sources = ingest.fetch_sources(
        config,
        store,
        since=options.since,
        until=options.until,
        progress=fetch_progress,
        run_id=report.run_id,
    )
    for stats in report.sources:
        if stats.failure:
            say("fetch", f"{stats.source} failed: {stats.failure}")

    say("score", "scoring stored works against the catalog")
    summary = scoring.score_stored(config, store, with_link_updates=False)
    report.scored = dict(summary.counts)
    if summary.catalog_note:  # e.g. no catalog: nothing is recognised as already catalogued
        say("score", summary.catalog_note)

    if forge is None:
        return outcome
    say("propose", "dry run: computing the proposal" if options.dry_run else "proposing")
    try:
        result = proposals.propose(
            config, store, forge, dry_run=options.dry_run, now=now, synced=sync_ok
        )
    except FmwatchError as exc:
        report.errors.append(f"propose: {exc}")
        say("propose", f"failed: {exc}")
        return outcome
    report.proposal_status = result.status
    report.proposed = result.count
    report.held_back = list(result.unplaced)
    for reason in report.held_back:
        say("propose", f"not proposed: {reason}")
    if result.behind:
        report.behind.append(result.behind)
        say("propose", result.behind)
    report.branch = result.branch if result.count or result.status != "nothing-new" else None
    report.pr_url = result.pr_url
    report.outbox = result.outbox_file
    outcome.result = result
    return outcome


def _deliver(
    data: DigestData,
    config: Config,
    options: RunOptions,
    report: RunReport,
    env: dict[str, str] | None,
) -> Delivered | None:
    try:
        return deliver(data, config, email=options.email, dry_run=options.dry_run, env=env)
    except DigestError as exc:
        report.errors.append(f"digest: {exc}")
        # the e-mail failed after the file was written: find it so the summary can name it
        folder = config.state_path / "digests"
        written = sorted(folder.glob(f"{data.week}*.md"), key=lambda p: p.stat().st_mtime)
        if written:
            report.digest = written[-1]
        return None


# -- the digest's facts --------------------------------------------------------------------------


def build_digest(
    store: Store,
    report: RunReport,
    outcome: _Outcome,
    previous_decision: int,
) -> DigestData:
    result = outcome.result
    data = DigestData(
        week=report.week,
        since=report.since or "the last successful run",
        until=report.until,
        demo=False,
        waiting=report.waiting,
    )
    if result is not None:
        outcome.candidate_ids = [cand.work_id for cand in result.candidates]
        for cand in result.candidates:
            data.candidates.append(
                DigestItem(
                    title=cand.title,
                    url=cand.paper_url,
                    section=cand.section,
                    score=cand.score,
                    evidence=explain(cand.evidence, EVIDENCE_SHOWN),
                    model_name=_shown_name(cand.name),
                    code_url=cand.code_url,
                    weights_url=cand.weights_url,
                )
            )
        data.near_misses, outcome.near_miss_ids = _new_near_misses(store, result.near_miss_pool)
        data.link_updates = [
            LinkUpdate(name=u.name, preprint_url=u.old_url, published_url=u.new_url)
            for u in result.link_updates
        ]
    data.proposal = Proposal(
        pr_url=report.pr_url if report.forge != "local" else None,
        branch=report.branch,
        outbox=shown_path(report.outbox),
        dry_run=report.dry_run,
        count=report.proposed,
    )
    data.carried, carried_ids, data.pending = _waiting_proposals(store, set(outcome.candidate_ids))
    outcome.candidate_ids += carried_ids
    data.decisions, outcome.last_decision = _decisions_since(store, previous_decision)
    data.sources = [_health(store, s, report.run_id) for s in report.sources]
    report.last_decision = outcome.last_decision
    report.near_misses = len(data.near_misses)
    report.decisions = len(data.decisions)
    return data


def _reported(store: Store, column: str) -> set[str]:
    """The work ids earlier digests reported in ``column`` (``near_misses``, ``candidates``:
    a JSON list each; a digest written before the column existed has none)."""
    reported: set[str] = set()
    for (value,) in store.db.execute(
        f"SELECT {column} FROM digests WHERE {column} IS NOT NULL"
    ).fetchall():
        with contextlib.suppress(ValueError, TypeError):
            ids = json.loads(value)
            reported.update(str(i) for i in ids if isinstance(i, str))
    return reported


def _shown_name(name: str | None) -> str | None:
    """A candidate's model name as a digest shows it: none for the catalog's placeholders."""
    return name if name not in (None, "", "-", "—") else None


def _new_near_misses(
    store: Store, candidates: list[proposals.NearMiss]
) -> tuple[list[DigestItem], list[str]]:
    """The best near-misses no earlier digest reported (a score that moved a little since is
    the same near-miss), at most NEAR_MISSES_SHOWN, and their work ids. ``candidates``: every
    near-miss, best first (the proposal step's pool)."""
    if not store.db["scores"].exists():
        return [], []
    reported = _reported(store, "near_misses")
    fresh = [n for n in candidates if n.work_id not in reported][:NEAR_MISSES_SHOWN]
    if not fresh:
        return [], []
    marks = ",".join("?" * len(fresh))
    rows = {
        row[0]: row
        for row in store.db.execute(
            f"SELECT work_id, paper_url, evidence FROM scores WHERE work_id IN ({marks})",
            [n.work_id for n in fresh],
        ).fetchall()
    }
    items, ids = [], []
    for near in fresh:
        row = rows.get(near.work_id)
        if row is None:
            continue
        ids.append(near.work_id)
        items.append(
            DigestItem(
                title=near.title,
                url=row[1],
                section=near.section,
                score=near.score,
                evidence=explain(row[2], EVIDENCE_SHOWN, omit=near.reason),
                reason=near.reason,
                likeness=near.likeness,
                resembles=list(near.resembles),
            )
        )
    return items, ids


def _waiting_proposals(
    store: Store, this_run: set[str]
) -> tuple[list[DigestItem], list[str], list[tuple[str, int]]]:
    """What waits in proposals besides this run's: the works no digest listed (the run that
    proposed them wrote a digest whose e-mail failed, or stopped before its digest), best first,
    with their ids; and how many works earlier digests did list still await a curator, by the
    pull request (its URL) or branch they wait in. The digest that proposed a work is where
    curators learn of it: missing that, the next digest must say so, or a pull request waits
    unseen; and a quiet week must not read as all clear while one waits."""
    if not store.db["candidates"].exists():
        return [], [], []
    reported = _reported(store, "candidates")
    items, ids = [], []
    pending: dict[str, int] = {}
    for work_id, title, url, section, score, evidence, name, pr_url, branch in store.db.execute(
        "SELECT work_id, title, paper_url, section, score, evidence, name, pr_url, pr_branch "
        "FROM candidates WHERE status = 'proposed' ORDER BY score DESC, work_id"
    ).fetchall():
        if work_id in this_run:
            continue
        waits_in = str(pr_url) if safe_url(pr_url) else str(branch or "")
        if work_id in reported:
            if waits_in:
                pending[waits_in] = pending.get(waits_in, 0) + 1
            continue
        ids.append(str(work_id))
        items.append(
            DigestItem(
                title=str(title or work_id),
                url=url,
                section=str(section or ""),
                score=float(score or 0.0),
                evidence=explain(evidence, EVIDENCE_SHOWN),
                model_name=_shown_name(name),
                proposed_in=waits_in,
            )
        )
    return items, ids, sorted(pending.items())


def _decisions_since(store: Store, after: int) -> tuple[list[Decision], int]:
    """Accept/reject decisions with an id above ``after``, and the newest id seen.

    One line per work, its last decision: a work accepted twice, or rejected and then accepted,
    is listed once as it stands; one rejected and then reopened (``fmwatch reopen``) is not
    listed, since nothing was decided about it in the end. Rejections come first, each kind in
    the order it was made: a merge records a dozen acceptances, and the one row a curator
    removed is the news."""
    out = []
    newest = after
    # (each decision with its work's candidate row, in one query: not one query a decision)
    rows = store.db.execute(
        "SELECT d.id, d.work_id, d.status, d.at, c.title, c.paper_url FROM decisions d "
        "LEFT JOIN candidates c ON c.work_id = d.work_id WHERE d.id > ? ORDER BY d.id",
        [after],
    ).fetchall()
    last = {row[1]: row[0] for row in rows}
    for decision_id, work_id, status, at, title, paper_url in rows:
        newest = max(newest, int(decision_id))
        if status not in ("accepted", "rejected") or last[work_id] != decision_id:
            continue
        out.append(
            Decision(
                title=str(title or work_id),
                decision=str(status),
                url=paper_url,
                when=str(at or "")[:10],
            )
        )
    out.sort(key=lambda d: d.decision != "rejected")  # (stable: each kind keeps its order)
    return out, newest


def _last_reported_decision(store: Store) -> int:
    row = store.db.execute("SELECT max(last_decision_id) FROM digests").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _record_digest(
    store: Store, report: RunReport, near_miss_ids: list[str], candidate_ids: list[str]
) -> None:
    with store.db.conn:
        store.db.table("digests").insert(
            {
                "run_id": report.run_id,
                "week": report.week,
                "path": str(report.digest),
                "last_decision_id": report.last_decision,
                "written": now_iso(),
                "near_misses": json.dumps(near_miss_ids),
                "candidates": json.dumps(candidate_ids),
            }
        )


def _usually_some(store: Store, source: str, run_id: int, column: str, among: str = "") -> str:
    """ "some in K of the last N runs" when most of the source's last successful runs (those
    matching the SQL condition ``among``) had a non-zero ``column``, else ""."""
    earlier = store.db.execute(
        f"SELECT rs.{column} FROM run_sources rs JOIN runs r ON r.id = rs.run_id "
        f"WHERE rs.source = ? AND rs.run_id < ? AND rs.failure IS NULL {among} "
        "ORDER BY rs.run_id DESC LIMIT ?",
        [source, run_id, HEALTH_LOOKBACK],
    ).fetchall()
    some = sum(1 for (n,) in earlier if n)
    return f"some in {some} of the last {len(earlier)} runs" if some > len(earlier) / 2 else ""


def _health(store: Store, stats: SourceStats, run_id: int) -> SourceHealth:
    """A source that fetched nothing although it usually returns records gets a warning."""
    health = SourceHealth(
        source=stats.source,
        requests=stats.requests,
        fetched=stats.fetched,
        new=stats.new,
        failure=stats.failure,
        note=f"{stats.abstracts} of {stats.looked_up} missing abstracts found"
        if stats.looked_up
        else None,
    )
    if stats.looked_up and not stats.abstracts and not stats.failure:
        # (a service answering empty results would otherwise let every DOI use up its tries
        # unseen)
        usually = _usually_some(store, stats.source, run_id, "abstracts", "AND looked_up > 0")
        if usually:
            health.warning = (
                f"found none of the missing abstracts it looked up, but found {usually}; "
                "check its base_url and the service's status"
            )
    if (
        stats.failure
        or stats.fetched
        or not stats.requests
        or (stats.not_modified and stats.not_modified >= stats.requests)
    ):
        # (feeds that all answered 304 Not Modified are healthy and quiet: nothing to read; one
        # that answered 200 with nothing still counts as silent. A source that asked nothing,
        # such as Europe PMC when every abstract is found or waiting for its retry, is quiet.)
        return health
    usually = _usually_some(store, stats.source, run_id, "fetched")
    if usually:
        health.warning = (
            f"returned no records, but it returned {usually}; check its base_url and the "
            "service's status"
        )
    return health
