"""The ``fmwatch`` command line: a thin click layer over the library.

Every command turns :class:`~fmwatch.errors.FmwatchError` into one line on standard error and a
documented exit status:

====  =====================================================================
 0    success (for ``fetch``/``run``: every source succeeded)
 1    an operation failed (a message says what and how to fix it)
 2    bad usage or a bad configuration value
 3    the run finished, but at least one source failed (the others were stored)
====  =====================================================================
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from fmwatch import __version__
from fmwatch.config import Config, load_config
from fmwatch.errors import FmwatchError
from fmwatch.store import Store

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SOURCE_FAILED = 3

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True, highlight=False)


def handle_errors(func: F) -> F:
    """Print an FmwatchError as one line and exit with its status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FmwatchError as exc:
            click.echo(f"fmwatch: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("fmwatch: interrupted; everything stored so far is kept", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class Context:
    """What every command needs: the config, loaded once and lazily."""

    def __init__(self, config_path: str | None) -> None:
        self.config_path = config_path
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def open_store(self) -> Store:
        return Store(self.config.db_path)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fmwatch")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: $FMWATCH_CONFIG or ./fmwatch.toml if present).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """fmwatch: find new biomedical foundation-model papers and propose them for the catalog."""
    ctx.obj = Context(config_path)


@cli.command()
@pass_ctx
@handle_errors
def stats(ctx: Context) -> None:
    """Show what the database holds: papers per source and the last runs."""
    console = Console(highlight=False)
    with ctx.open_store() as store:
        counts = store.count_papers()
        table = Table(title=f"Papers in {ctx.config.db_path}")
        table.add_column("source")
        table.add_column("papers", justify="right")
        for source, count in counts.items():
            table.add_row(source, str(count))
        table.add_row("total", str(sum(counts.values())), style="bold")
        console.print(table)
        runs = store.last_runs(5)
        if runs:
            rt = Table(title="Last runs")
            for col in ("id", "command", "started", "finished", "status", "window"):
                rt.add_column(col)
            for run in runs:
                window = f"{run['window_since'] or ''}..{run['window_until'] or ''}"
                rt.add_row(str(run["id"]), run["command"] or "", run["started"] or "", run["finished"] or "", run["status"] or "", window)
            console.print(rt)


def register(module_name: str) -> None:
    """Import a module that adds commands to :data:`cli` (keeps this file thin)."""
    __import__(module_name)


# Command modules add themselves to ``cli`` on import. Each owns its own commands.
for _module in (
    "fmwatch.commands.fetch",
    "fmwatch.commands.catalog",
    "fmwatch.commands.scoring",
    "fmwatch.commands.propose",
    "fmwatch.commands.run",
):
    try:
        register(_module)
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while a module is being written
        if _exc.name != _module:
            raise


def main() -> None:
    cli(prog_name="fmwatch")


__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_SOURCE_FAILED", "EXIT_USAGE", "Context", "cli", "handle_errors", "main", "pass_ctx"]

