"""``fmwatch state export|import|replay``: the database as sorted JSON Lines and back, and
curators' decisions carried from another such export.

The weekly GitHub Action commits ``state/`` to a dedicated branch after each run and restores it
before the next (see ``.github/workflows/fmwatch.yml``); these three commands are its only tools.
"""

from __future__ import annotations

from pathlib import Path

import click

from fmwatch.cli import Context, cli, handle_errors, pass_ctx
from fmwatch.runlock import run_lock
from fmwatch.state_io import EXPORT_DIR_NAME, export_state, import_state


@cli.group()
def state() -> None:
    """Export the database as sorted JSON Lines (for git), rebuild it from such an export, or
    replay curators' decisions from another."""


def _default_dir(ctx: Context, value: str | None) -> Path:
    return Path(value) if value else ctx.config.state_path / EXPORT_DIR_NAME


@state.command("export")
@click.option(
    "--dir", "directory", default=None, help="Output folder (default: <state_dir>/export)."
)
@pass_ctx
@handle_errors
def export_command(ctx: Context, directory: str | None) -> None:
    """Write one sorted <table>.jsonl per table, so a git diff shows what a run changed."""
    out = _default_dir(ctx, directory)
    # (never from an empty database created where a mistyped FMWATCH_DB points: that export
    # would replace a good one)
    with ctx.open_store(existing=True) as store:
        counts = export_state(store, out)
    total = sum(counts.values())
    click.echo(f"exported {total} rows from {len(counts)} tables to {out}", err=True)


@state.command("import")
@click.option(
    "--dir", "directory", default=None, help="Export folder (default: <state_dir>/export)."
)
@click.option("--replace", is_flag=True, help="Rebuild even if the database already exists.")
@pass_ctx
@handle_errors
def import_command(ctx: Context, directory: str | None, replace: bool) -> None:
    """Rebuild the database from an export (refuses to overwrite one without --replace)."""
    source = _default_dir(ctx, directory)
    with run_lock(ctx.config.db_path):  # a running job's writes must not be swept away
        counts = import_state(ctx.config.db_path, source, replace=replace)
    click.echo(
        f"imported {sum(counts.values())} rows into {ctx.config.db_path} from {source}", err=True
    )


@state.command("replay")
@click.option(
    "--from",
    "theirs",
    required=True,
    metavar="DIR",
    help="The other state's export folder (e.g. state/export of the fmwatch-state branch).",
)
@click.option(
    "--base",
    default=None,
    metavar="DIR",
    help="The export both states started from: then anything but curators' decisions changed "
    "on the other side is refused.",
)
@pass_ctx
@handle_errors
def replay_command(ctx: Context, theirs: str, base: str | None) -> None:
    """Repeat here the curators' decisions another state export holds and this database lacks
    (accept, reject, reopen and link declines, each at the time it was made)."""
    from fmwatch.state_merge import replay

    with run_lock(ctx.config.db_path), ctx.open_store(existing=True) as store:
        done = replay(store, Path(theirs), Path(base) if base else None)
    click.echo(done.summary(), err=True)
