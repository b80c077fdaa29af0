"""Curator commands: ``candidates``, ``accept``, ``reject``, ``reopen``, ``reject-link``,
``reopen-link``, ``propose``, ``sync``.

Thin on purpose: each command opens the store, calls :mod:`fmwatch.proposals`, and prints. The
forge is built by :func:`fmwatch.forge.make_forge` from the config and the environment, so the
same commands work against GitHub (token set) or the local git repository of the catalog.
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fmwatch import proposals
from fmwatch.cli import Context, cli, handle_errors, pass_ctx
from fmwatch.digest import TEXT_LIMIT, plain
from fmwatch.errors import UnknownWorkError
from fmwatch.forge import make_forge
from fmwatch.proposal_store import STATUSES, ProposalStore
from fmwatch.runlock import run_lock


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


@cli.command()
@click.option(
    "--status", type=click.Choice(STATUSES), default=None, help="Only candidates in this state."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one array) instead of a table.")
@pass_ctx
@handle_errors
def candidates(ctx: Context, status: str | None, as_json: bool) -> None:
    """List works fmwatch selected, with their status (pending, proposed, accepted, rejected)."""
    with ctx.open_store(existing=True) as store:
        rows = ProposalStore(store.db).candidates(status)
    if as_json:
        keep = (
            "work_id",
            "status",
            "score",
            "section",
            "title",
            "pr_branch",
            "pr_number",
            "pr_url",
            "proposed_at",
            "decided_at",
            "reason",
            "curator_edit",
        )
        click.echo(
            json.dumps([{k: r.get(k) for k in keep} for r in rows], indent=1, ensure_ascii=False)
        )
        return
    if not rows:
        click.echo("no candidates" + (f" with status {status}" if status else ""))
        return
    table = Table(title="Candidates")
    # what accept / reject take (the id) over its title, its proposal and why it was rejected
    # (`reject --reason`, or what sync read), in one column: at 80 columns, beside the long
    # ids, a title column of its own was squeezed to five letters a line
    table.add_column("id / title / proposal / reason", overflow="fold", min_width=30)
    for column in ("status", "score", "section"):
        table.add_column(column, no_wrap=column != "section")
    for r in rows:
        # Text(), not str: titles come from feeds and must not be read as rich markup; and no
        # escape sequences either; clipped as in the digest: one 100 KB title made a table of
        # thousands of lines (`--json` gives every value whole)
        work = Text(plain(r["work_id"], TEXT_LIMIT))
        # (the pull request by number, a local proposal by its branch; --json has the URL)
        number = r.get("pr_number")
        where = f"#{number}" if number else str(r.get("pr_branch") or "")
        for label, value, style in (
            ("", r.get("title"), "dim"),
            ("proposal: ", where, ""),
            ("reason: ", r.get("reason"), ""),
        ):
            if value:
                work.append(f"\n{label}{plain(value, TEXT_LIMIT)}", style=style)
        score = f"{r['score']:.2f}" if isinstance(r.get("score"), float) else ""
        # a section by its first word (each is told apart by it): "Image", "Genomic"…
        section = str(r.get("section") or "").split(" ", 1)[0]
        table.add_row(work, r["status"], score, section)
    _console().print(table)


def _decide(ctx: Context, work_id: str, status: str, reason: str | None) -> None:
    with ctx.open_store(existing=True) as store:
        pstore = ProposalStore(store.db)
        before = pstore.candidate(work_id)
        scored = "scores" in store.db.table_names() and bool(
            store.db.execute("SELECT 1 FROM scores WHERE work_id = ?", [work_id]).fetchone()
        )
        if before is None and not scored:
            raise UnknownWorkError(
                f"no work with id {work_id!r}; run `fmwatch candidates` to see the ids "
                "(they look like arxiv:2408.00738 or doi:10.1038/…)"
            )
        # a row on a pull request still open: merging it accepts the work whatever was decided
        # here (the merged catalog is what curators published), so say where the row is
        branch = before["pr_branch"] if before and before["status"] == "proposed" else None
        pending = pstore.proposal(branch) if branch else None
        row = proposals.curator_decide(store, work_id, status, reason)
    shown = f" ({plain(reason, TEXT_LIMIT)})" if reason else ""
    click.echo(f"{plain(row['work_id'])}: {row['status']}{shown}")
    if status == "rejected" and pending is not None and pending["state"] == "open":
        where = plain(pending["url"] or branch)
        click.echo(
            f"  its row is still on the open proposal {plain(branch)} ({where}): delete it "
            "there before merging, or the merge accepts the work"
        )


@cli.command()
@click.argument("work_id")
@pass_ctx
@handle_errors
def accept(ctx: Context, work_id: str) -> None:
    """Mark a work accepted: it belongs in the catalog and counts as a positive for scoring."""
    _decide(ctx, work_id, "accepted", None)


@cli.command()
@click.argument("work_id")
@click.option("--reason", default=None, help="Why, for the record (shown in `fmwatch candidates`).")
@pass_ctx
@handle_errors
def reject(ctx: Context, work_id: str, reason: str | None) -> None:
    """Mark a work rejected: fmwatch will never propose it again (unless reopened)."""
    _decide(ctx, work_id, "rejected", reason)


@cli.command()
@click.argument("work_id")
@pass_ctx
@handle_errors
def reopen(ctx: Context, work_id: str) -> None:
    """Undo a decision: the work is pending again and may be proposed by the next run."""
    _decide(ctx, work_id, "pending", None)


@cli.command("reject-link")
@click.argument("catalog_url")
@click.option("--reason", default=None, help="Why, for the record.")
@pass_ctx
@handle_errors
def reject_link(ctx: Context, catalog_url: str, reason: str | None) -> None:
    """Decline a proposed preprint -> journal link update: it is not offered again.

    CATALOG_URL is the catalog row's link, left of the arrow in the pull request's "Proposed
    link updates". A different journal version found later is offered again.
    """
    from fmwatch.scoring import load_known  # (only this command needs the scorer's modules)

    known, _ = load_known(ctx.config.catalog)  # (no catalog file: nothing to check against)
    with ctx.open_store(existing=True) as store:
        new_url = proposals.decline_link(store, catalog_url, reason, known if len(known) else None)
    shown = catalog_url.strip().strip("<>")
    click.echo(f"declined: {shown} -> {new_url}" + (f" ({reason})" if reason else ""))


@cli.command("reopen-link")
@click.argument("catalog_url")
@pass_ctx
@handle_errors
def reopen_link(ctx: Context, catalog_url: str) -> None:
    """Undo `reject-link`: the link update is offered again by the next run.

    CATALOG_URL is the catalog row's link, as given to `reject-link`.
    """
    with ctx.open_store(existing=True) as store:
        count = proposals.reopen_link(store, catalog_url)
    shown = catalog_url.strip().strip("<>")
    if not count:
        raise UnknownWorkError(
            f"no declined link update for {shown!r}; give the catalog row's link, or its arXiv "
            "id or DOI, as given to reject-link"
        )
    click.echo(f"reopened: {shown}")


@cli.command("propose")
@click.option("--dry-run", is_flag=True, help="Show what would be proposed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_ctx
@handle_errors
def propose_command(ctx: Context, dry_run: bool, as_json: bool) -> None:
    """Open (or update) this week's draft pull request with the best new candidates."""
    config = ctx.config
    # (the run lock: a proposal written by hand while the weekly run proposes would race it)
    with run_lock(config.db_path), ctx.open_store() as store:
        forge = make_forge(config)
        result = proposals.propose(config, store, forge, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False, default=str))
        return
    if result.status == "nothing-new":
        click.echo("nothing new to propose")
        for reason in result.skipped:  # (candidates waiting for a catalog fix say why)
            click.echo(f"  skipped {reason}")
        _warn_behind(result)  # (the branch was caught up, or failed to be, all the same)
        return
    where = result.pr_url or result.outbox_file or result.branch
    verb = {"dry-run": "would propose", "updated": "updated", "proposed": "proposed"}[result.status]
    click.echo(f"{verb} {result.count} candidate(s) on {result.branch} ({where})")
    for cand in result.candidates:
        click.echo(
            f"  {cand.score:.2f}  {plain(cand.section)}  {plain(cand.work_id)}  "
            f"{plain(cand.title, TEXT_LIMIT)}"
        )
    for reason in result.skipped:
        click.echo(f"  skipped {reason}")
    if result.human_commits:
        click.echo("  the branch has commits by others; fmwatch added a new commit on top of them")
    _warn_behind(result)
    if dry_run:
        click.echo("")
        click.echo(result.body)


def _warn_behind(result: proposals.ProposalResult) -> None:
    """Why the open proposal's branch could not be brought up to date, if it could not."""
    if result.behind:
        click.echo(f"  warning: {plain(result.behind)}")


@cli.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_ctx
@handle_errors
def sync_command(ctx: Context, as_json: bool) -> None:
    """Read back earlier proposals and record what curators merged, edited or closed."""
    config = ctx.config
    with run_lock(config.db_path), ctx.open_store() as store:
        summary = proposals.sync(config, store, make_forge(config))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=1))
        return
    click.echo(
        f"checked {summary.checked} proposal(s): {summary.open} open, {summary.merged} merged, "
        f"{summary.closed} closed; {len(summary.accepted)} accepted "
        f"({len(summary.edited)} edited by curators), {len(summary.rejected)} rejected"
    )
    for warning in summary.warnings():
        click.echo(f"  {warning}")
