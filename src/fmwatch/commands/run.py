"""``fmwatch run``: the weekly job in one command, and its offline demo (``--demo``).

Output contract: progress and the summary go to standard error, so that with ``--json`` standard
output is exactly one JSON object (see :meth:`fmwatch.pipeline.RunReport.as_json`). Exit status:
0 when everything succeeded, 3 when the run completed but a source failed, 1 when proposing or
sending the digest failed (the digest file is still written), 2 for bad usage.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fmwatch import demo as demo_mod
from fmwatch.cli import Context, cli, handle_errors, pass_ctx
from fmwatch.commands import iso_date, not_in_the_future
from fmwatch.commands import state as _state  # noqa: F401  (registers `fmwatch state`)
from fmwatch.config import Config, github_token, validate
from fmwatch.digest import plain, shown_path
from fmwatch.ingest import Progress
from fmwatch.models import SourceStats
from fmwatch.pipeline import Reporter, RunOptions, RunReport, run
from fmwatch.proposal_store import ProposalStore
from fmwatch.runlock import demo_lock, run_lock
from fmwatch.store import Store


def with_actions_repository(config: Config, env: dict[str, str]) -> Config:
    """In GitHub Actions the repository to propose to defaults to the one running the job."""
    repository = env.get("GITHUB_REPOSITORY", "")
    if config.forge.kind == "local" or config.forge.repository or not repository:
        return config
    if not github_token():
        return config
    return config.replace(forge=dataclasses.replace(config.forge, repository=repository))


def _shown(path: Path | str | None) -> str:
    """A path relative to the current directory when it is inside it (shorter, copy-pastable),
    ready for the console."""
    return _t(shown_path(path) or "-")


def _t(value: object) -> str:
    """Text from outside (a server's error, a path, a branch) made safe for the console: one
    line, no control characters or escape sequences, and no rich markup (``[/red]`` in an error
    message would otherwise be interpreted, or make rich raise)."""
    return escape(plain(value))


def _arg(value: object) -> str:
    """A shell word the user can paste (paths with spaces, odd branch names)."""
    return _t(shlex.quote(plain(value)))


def summary_table(report: RunReport, proposed_by_source: dict[str, int]) -> Table:
    table = Table(title=f"fmwatch run {report.week}" + (" (dry run)" if report.dry_run else ""))
    table.add_column("source")
    for column in ("requests", "fetched", "new", "proposed"):
        table.add_column(column, justify="right")
    table.add_column("status")
    for s in report.sources:
        table.add_row(
            _t(s.source),
            str(s.requests),
            str(s.fetched),
            str(s.new),
            str(proposed_by_source.get(s.source, 0)),
            "ok" if s.ok else f"[red]failed[/red]: {_t(s.failure)}",
        )
    return table


def proposed_sources(store: Store, branch: str | None, report: RunReport) -> dict[str, int]:
    """Which source each of this run's proposed works came from (the work's best record)."""
    if not report.proposed or not store.db["works"].exists():
        return {}
    rows = store.db.execute(
        "SELECT w.source, count(*) FROM candidates c JOIN works w ON w.work_id = c.work_id "
        "WHERE c.pr_branch = ? AND c.proposed_at = "
        "(SELECT max(proposed_at) FROM candidates WHERE pr_branch = ?) GROUP BY w.source",
        [branch, branch],
    ).fetchall()
    return {str(source): int(n) for source, n in rows}


def _print_fetch_progress(console: Console) -> Progress:
    def progress(stats: SourceStats, done: bool) -> None:
        if done:
            state = "done" if stats.ok else "failed"
            links = f", {stats.links} journal link{_s(stats.links)}" if stats.links else ""
            if stats.catalog:
                links += f", {stats.catalog} catalog row{_s(stats.catalog)} checked"
            if stats.looked_up:
                links += f", {stats.abstracts} of {stats.looked_up} abstracts found"
            console.print(
                f"  {_t(stats.source)}: {stats.fetched} record{_s(stats.fetched)} "
                f"({stats.new} new{links}) in {stats.requests} request{_s(stats.requests)}, "
                f"{state}"
            )

    return progress


@cli.command("run")
@click.option(
    "--since",
    callback=iso_date,
    default=None,
    metavar="DATE",
    help="Fetch from this day (YYYY-MM-DD). Default: since each source's last success.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Do everything except writing to the forge (branch, PR) and sending e-mail.",
)
@click.option(
    "--email/--no-email",
    default=None,
    help="Send the digest by e-mail. Default: digest.email in the config.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object on standard output (progress stays on standard error).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Run offline on bundled sample feeds, keeping state in ./fmwatch-demo/.",
)
@click.option("--fresh", is_flag=True, help="With --demo: delete ./fmwatch-demo/ first.")
@pass_ctx
@handle_errors
def run_command(
    ctx: Context,
    since: str | None,
    dry_run: bool,
    email: bool | None,
    as_json: bool,
    demo: bool,
    fresh: bool,
) -> None:
    """Sync curator decisions, fetch, score, propose and write the digest: the weekly job."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if fresh and not demo:
        raise click.UsageError("--fresh only applies to --demo (it deletes ./fmwatch-demo/)")
    if demo and since:
        raise click.UsageError(
            "--since cannot be combined with --demo: the demo's feeds cover a fixed window"
        )
    not_in_the_future("--since", since)

    def say(step: str, message: str) -> None:
        console.print(f"[bold]{_t(step)}[/bold]: {_t(message)}")

    if demo:
        with (
            demo_lock(Path.cwd()),  # (before --fresh deletes a folder another demo is using)
            demo_mod.demo_environment(Path.cwd(), fresh=fresh) as (config, paths),
        ):
            console.print(
                f"[bold]demo[/bold]: sample feeds served on loopback; state in {_shown(paths.root)}"
            )
            options = RunOptions(
                since=demo_mod.DEMO_SINCE,
                until=demo_mod.DEMO_UNTIL,
                now=demo_mod.DEMO_NOW,
                dry_run=dry_run,
                email=False,
                repo_dir=paths.repo,
                demo=True,
            )
            report, by_source, earlier = _execute(config, options, console, say)
    else:
        config = with_actions_repository(ctx.config, dict(os.environ))
        if email and not config.digest.email:
            # `--email` turns on what `digest.email = true` would: checked as the file's key is,
            # now, not when the digest is sent after the whole run
            validate(config.replace(digest=dataclasses.replace(config.digest, email=True)))
        options = RunOptions(since=since, dry_run=dry_run, email=email)
        report, by_source, earlier = _execute(config, options, console, say)

    console.print(summary_table(report, by_source))
    for error in report.errors:
        console.print(f"[red]error[/red]: {_t(error)}", soft_wrap=True)
    if as_json:
        click.echo(json.dumps(report.as_json(), sort_keys=True))
    elif demo:
        _demo_epilogue(console, report, paths, earlier)
    else:
        _epilogue(console, report)
    if report.exit_status:
        sys.exit(report.exit_status)


def _execute(
    config: Config, options: RunOptions, console: Console, say: Reporter
) -> tuple[RunReport, dict[str, int], str | None]:
    with run_lock(config.db_path), Store(config.db_path) as store:
        report = run(
            config,
            store,
            options,
            reporter=say,
            fetch_progress=_print_fetch_progress(console),
        )
        by_source = proposed_sources(store, report.branch, report)
        proposals = ProposalStore(store.db).proposals() if store.db["proposals"].exists() else []
        earlier = str(proposals[-1]["branch"]) if proposals else None
    return report, by_source, earlier


def _epilogue(console: Console, report: RunReport) -> None:
    console.print(f"digest: {_shown(report.digest)}")
    if report.dry_run and report.branch:
        console.print(
            f"dry run: branch {_t(report.branch)} would be proposed; no branch, pull request "
            "or e-mail was made"
        )
    elif report.pr_url and report.forge != "local":
        console.print(f"pull request: {_t(report.pr_url)}")
    elif report.branch:
        console.print(
            f"proposed branch: {_t(report.branch)}; pull request text: {_shown(report.outbox)}"
        )


def _demo_epilogue(
    console: Console, report: RunReport, paths: demo_mod.DemoPaths, earlier: str | None
) -> None:
    repo = _shown(paths.repo)
    console.print()
    console.print(f"Digest:          {_shown(report.digest)}")
    if report.dry_run and report.proposed and report.branch:
        console.print(
            f"Dry run:         branch {_t(report.branch)} would be proposed in {repo}; no "
            "branch or pull request was made"
        )
        console.print("Run it for real with: fmwatch run --demo")
    elif report.proposed and report.branch:
        console.print(f"Proposed branch: {_t(report.branch)} in the git repository {repo}")
        console.print(
            f"                 see it with: git -C {_arg(shown_path(paths.repo))} diff main "
            f"{_arg(report.branch)}"
        )
        console.print(f"Pull request:    {_shown(report.outbox)}")
        console.print(
            "Run the demo again: it continues from this state and proposes nothing twice."
        )
    elif any(e.startswith(("propose:", "forge:")) for e in report.errors):
        console.print("Nothing was proposed: the proposal step failed (the error is above).")
    elif report.held_back:
        console.print(
            "Nothing was proposed: the candidates wait for the catalog's fix (the warnings "
            "above say which row or section)."
        )
    else:
        where = f" (branch {_t(earlier)} in {repo})" if earlier else ""
        console.print(f"Nothing new was proposed: every demo candidate was proposed before{where}.")
        console.print("Start over with: fmwatch run --demo --fresh")


def _s(count: int) -> str:
    """The plural ending for ``count`` things ("1 record", "2 records")."""
    return "" if count == 1 else "s"
