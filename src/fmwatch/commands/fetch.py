"""``fmwatch fetch``: read the sources into the database, with progress and a summary table.

Exit status: 0 when every source succeeded, 3 (:data:`fmwatch.cli.EXIT_SOURCE_FAILED`) when at
least one failed (the others are stored; one line per failure on standard error names the
source, the URL and the cause), 2 for bad usage.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from fmwatch.cli import EXIT_SOURCE_FAILED, Context, cli, handle_errors, pass_ctx
from fmwatch.commands import iso_date, not_in_the_future
from fmwatch.ingest import fetch_sources
from fmwatch.models import SourceStats
from fmwatch.sources import SOURCE_NAMES


def summary_table(results: list[SourceStats]) -> Table:
    table = Table(title="fetch summary")
    table.add_column("source")
    for column in ("requests", "fetched", "new", "updated", "errors", "skipped", "304"):
        table.add_column(column, justify="right")
    table.add_column("status")
    for s in results:
        table.add_row(
            s.source,
            str(s.requests),
            str(s.fetched),
            str(s.new),
            str(s.updated),
            str(s.errors),
            str(s.skipped),
            str(s.not_modified),
            "ok" if s.ok else "[red]failed[/red]",
        )
    return table


@cli.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(SOURCE_NAMES),
    help="Read only this source (repeatable). Default: every enabled source.",
)
@click.option(
    "--since",
    callback=iso_date,
    metavar="DATE",
    default=None,
    help=(
        "First day (YYYY-MM-DD) for every source. Default: each source's last success "
        "minus its overlap, or 7 days ago."
    ),
)
@click.option(
    "--until",
    callback=iso_date,
    metavar="DATE",
    default=None,
    help="Last day (YYYY-MM-DD), inclusive. Default: today (UTC).",
)
@pass_ctx
@handle_errors
def fetch(ctx: Context, sources: tuple[str, ...], since: str | None, until: str | None) -> None:
    """Fetch new papers from arXiv, bioRxiv/medRxiv, Nature journals and Europe PMC.

    Europe PMC brings the window's PubMed journal articles that match sources.europepmc.query;
    then the journal items' missing abstracts (Nature's RSS has none) are looked up there.

    Exit status 0 when every source succeeded, 3 when any failed (the others are still
    stored; the next run re-reads the missed window).
    """
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}; swap them")
    not_in_the_future("--since", since)
    # (an end after today would be saved as read: the next runs would start after it)
    not_in_the_future("--until", until)
    config = ctx.config
    console = Console(stderr=True, highlight=False)
    with (
        ctx.open_store() as store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        ) as bar,
    ):
        tasks: dict[str, TaskID] = {}

        def progress(stats: SourceStats, done: bool) -> None:
            info = (
                f"{stats.fetched} fetched, {stats.new} new, {stats.updated} updated, "
                f"{stats.requests} requests"
            )
            if done:
                info += " - ok" if stats.ok else " - failed"
            if stats.source not in tasks:
                tasks[stats.source] = bar.add_task(stats.source, total=None, info=info)
            bar.update(tasks[stats.source], info=info)
            if done:
                bar.update(tasks[stats.source], total=1, completed=1)

        results = fetch_sources(config, store, list(sources) or None, since, until, progress)
    Console(highlight=False).print(summary_table(results))
    links = {s.source: s.links for s in results if s.links}
    if links:
        where = ", ".join(f"{n} from {source}" for source, n in links.items())
        click.echo(f"preprint -> journal links new or changed: {where}")
    checked = sum(s.catalog for s in results)
    if checked:
        click.echo(f"catalog rows checked for journal versions: {checked}")
    looked_up = sum(s.looked_up for s in results)
    if looked_up:
        found = sum(s.abstracts for s in results)
        click.echo(f"missing abstracts looked up: {looked_up}, found: {found}")
    failures = [s for s in results if not s.ok]
    for s in failures:
        click.echo(f"fmwatch: {s.failure}", err=True)
    if failures:
        sys.exit(EXIT_SOURCE_FAILED)
