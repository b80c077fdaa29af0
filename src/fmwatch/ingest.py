"""One fetch over the sources: windows, streaming into the store, per-source accounting.

The promises this module keeps (the weekly pipeline relies on them):

- **Windows.** Unless ``since`` is given, each source starts where its last *successful* run
  ended, minus the source's ``overlap_days``; a source never run starts 7 days back. ``until``
  defaults to today (UTC). A source that fails keeps its old state, so the next run re-reads
  the missed window; nothing has to be remembered by hand.
- **Streaming.** Records go into :meth:`Store.upsert_papers` in batches of ``batch_size``; each
  batch is one transaction. Memory stays flat whatever the volume, and what was stored before a
  failure stays stored (whole rows only).
- **Isolation.** One failing source never stops the others. Its failure is one line
  (source, URL, cause) in :attr:`SourceStats.failure`.
- **Idempotence.** Re-reading a window adds no rows and rewrites nothing (the store compares
  content hashes). Records a source finds already stored and unchanged are not even cleaned or
  yielded (:meth:`fmwatch.sources.base.Source.changed`); they still count as fetched.
- **Accounting.** The run and each source's requests/fetched/new/updated/errors are recorded
  in the ``runs`` and ``run_sources`` tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

import httpx

from fmwatch.config import Config
from fmwatch.errors import FmwatchError, redact
from fmwatch.models import Paper, Publication, SourceStats, Window
from fmwatch.sources import SOURCE_NAMES, Checkpoint, Source, enabled_sources, make_source
from fmwatch.sources.base import CatalogRecords, FoundAbstracts
from fmwatch.store import Store
from fmwatch.windows import advanced_state, resume_since

#: days a never-run source looks back
FIRST_RUN_DAYS = 7

#: called after every stored batch and once when a source ends (``done`` True)
Progress = Callable[[SourceStats, bool], None]


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def default_window(store: Store, name: str, overlap_days: int, until: str | None = None) -> Window:
    """The window a source reads when the user gives none (see the module docstring)."""
    end = until or today()
    since = (
        resume_since(store.feed_state(name), overlap_days)
        or (date.fromisoformat(end) - timedelta(days=FIRST_RUN_DAYS)).isoformat()
    )
    return Window(since=min(since, end), until=end)


def fetch_sources(
    config: Config,
    store: Store,
    names: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    progress: Progress | None = None,
    transports: Mapping[str, httpx.BaseTransport] | None = None,
    *,
    run_id: int | None = None,
    batch_size: int = 500,
) -> list[SourceStats]:
    """Fetch ``names`` (default: every enabled source) into ``store``; one SourceStats each.

    ``since``/``until`` are ISO dates overriding every source's window. ``transports`` maps a
    source name to an httpx transport (tests, benchmarks). ``run_id`` attaches the per-source
    rows to a run the caller already started (the weekly pipeline); otherwise a ``fetch`` run
    is started and finished here. Never raises for a source failure: look at ``stats.ok``.
    """
    # (in SOURCE_NAMES order whatever order they were named in: Europe PMC looks up the
    # abstracts of what the feeds before it stored; a source named twice is read once)
    selected = (
        sorted(set(names), key=lambda n: SOURCE_NAMES.index(n) if n in SOURCE_NAMES else 99)
        if names
        else enabled_sources(config)
    )
    own_run = run_id is None
    if run_id is None:
        run_id = store.start_run("fetch", Window(since, until or today()) if since else None)
    results: list[SourceStats] = []
    try:
        for name in selected:
            transport = (transports or {}).get(name)
            stats = _fetch_one(config, store, name, since, until, progress, transport, batch_size)
            store.record_source(run_id, stats)
            results.append(stats)
    finally:
        if own_run:
            failed = sum(1 for s in results if not s.ok)
            interrupted = len(results) < len(selected)
            status = (
                "interrupted"
                if interrupted
                else "ok"
                if not failed
                else "failed"
                if failed == len(results)
                else "partial"
            )
            store.finish_run(run_id, status)
    return results


def _fetch_one(
    config: Config,
    store: Store,
    name: str,
    since: str | None,
    until: str | None,
    progress: Progress | None,
    transport: httpx.BaseTransport | None,
    batch_size: int,
) -> SourceStats:
    stats = SourceStats(source=name)
    try:
        source = make_source(name, config, store, transport)
    except FmwatchError as exc:
        stats.failure = str(exc)
        stats.errors += 1
        return stats
    window = (
        Window(since, until or today())
        if since
        else default_window(store, name, source.overlap_days, until)
    )
    try:
        _drain(source, store, window, stats, progress, batch_size)
    except FmwatchError as exc:
        stats.failure = str(exc)
    except Exception as exc:  # a bug or an unforeseen shape must not stop the other sources
        stats.failure = redact(
            f"{name}: unexpected {type(exc).__name__}: {' '.join(str(exc).split())}; "
            "please report this with the command you ran"
        )
    finally:
        stats.requests = source.client.requests
        stats.errors = source.client.errors + (
            1 if stats.failure and source.client.errors == 0 else 0
        )
        stats.skipped = source.skipped
        stats.not_modified = source.not_modified
        source.close()
    if source.uses_window():
        previous = store.feed_state(name)
        if stats.ok or source.window_read:
            store.save_feed_state(
                name, url=getattr(source, "base_url", None), **advanced_state(previous, window)
            )
        elif not previous.get("window_until"):
            # Never succeeded: remember where the missed window starts, without advancing it.
            pending = str(previous.get("window_since") or window.since)
            store.save_feed_state(name, window_since=min(pending, window.since))
    if progress:
        progress(stats, True)
    return stats


def _drain(
    source: Source,
    store: Store,
    window: Window,
    stats: SourceStats,
    progress: Progress | None,
    batch_size: int,
) -> None:
    batch: list[Paper] = []
    links: list[Publication] = []
    yielded = 0

    def flush() -> None:
        # Fetched = records yielded + records the source found stored and unchanged.
        stats.fetched = yielded + source.unchanged
        if links:
            stats.links += store.upsert_publications(links)
            links.clear()
        if batch:
            new, updated = store.upsert_papers(batch, batch_size=batch_size)
            stats.new += new
            stats.updated += updated
            batch.clear()
            stats.requests = source.client.requests
            if progress:
                progress(stats, False)

    try:
        for item in source.papers(window):
            if isinstance(item, Checkpoint):
                flush()
                if item.state:  # (an empty one only asks for what came before to be stored)
                    store.save_feed_state(item.feed, **item.state)
                continue
            if isinstance(item, Publication):
                links.append(item)
                if len(links) >= batch_size:
                    flush()
                continue
            if isinstance(item, FoundAbstracts):
                flush()
                stats.looked_up += len(item.asked)
                stats.abstracts += store.record_abstracts(item.asked, item.found, item.service)
                if progress:
                    progress(stats, False)
                continue
            if isinstance(item, CatalogRecords):
                flush()
                store.upsert_papers(item.papers, batch_size=batch_size)
                store.mark_catalog_checked(item.arxiv_ids)
                stats.catalog += len(item.arxiv_ids)
                continue
            yielded += 1
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
    finally:
        # What arrived before a failure is whole and worth keeping.
        flush()
