"""The ``fmwatch`` command line: a thin click layer over the library.

Every command turns :class:`~fmwatch.errors.FmwatchError` into one line on standard error and a
documented exit status:

====  =====================================================================
 0    success (for ``fetch``/``run``: every source succeeded)
 1    an operation failed (a message says what and how to fix it)
 2    bad usage or a bad configuration value
 3    the run finished, but at least one source failed (the others were stored)
====  =====================================================================

Start-up is kept cheap: :data:`cli` is a :class:`LazyGroup` that knows every command's name,
module and one-line help (:data:`LAZY_COMMANDS`) and imports only the module of the command
being run. ``fmwatch fetch`` therefore never loads the scoring, catalog or forge code, and
``fmwatch --help`` loads none of them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from fmwatch import __version__
from fmwatch.config import Config, load_config
from fmwatch.errors import FmwatchError, unexpected_io_error

if TYPE_CHECKING:
    from fmwatch.store import Store

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SOURCE_FAILED = 3

EXIT_TERMINATED = 128 + 15

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled or timed-out Action, systemd, ``kill``), raised where the process is,
    so it unwinds like Ctrl-C: the current batch stays whole and the run is marked failed."""


def _terminate(signum: int, frame: object) -> None:
    # a second SIGTERM (a supervisor repeating itself) must not interrupt the clean-up the
    # first one started: the run's record being closed, the batch being committed
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


def _interrupted(exc: KeyboardInterrupt) -> NoReturn:
    """Say that fmwatch stopped on a signal, and exit with the shell's status for it."""
    if isinstance(exc, Terminated):
        click.echo("fmwatch: stopped (SIGTERM); everything stored so far is kept", err=True)
        sys.exit(EXIT_TERMINATED)
    click.echo("fmwatch: interrupted; everything stored so far is kept", err=True)
    sys.exit(130)


def handle_errors(func: F) -> F:
    """Print an FmwatchError as one line and exit with its status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FmwatchError as exc:
            click.echo(f"fmwatch: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `fmwatch candidates | head`: the reader has gone, say nothing
            # (and keep the interpreter's final flush of stdout from complaining about it)
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_FAILED)
        except (OSError, sqlite3.DatabaseError) as exc:
            error = unexpected_io_error(exc, _db_path(args))
            if error is None:  # pragma: no cover (unexpected_io_error knows both types)
                raise
            click.echo(f"fmwatch: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as exc:  # (Ctrl-C, or SIGTERM as Terminated)
            _interrupted(exc)
        except UnicodeEncodeError as exc:
            if "surrogates not allowed" not in str(exc):
                raise
            # an argument with bytes that are not UTF-8 (the shell passed them through): it
            # cannot be stored or printed as text
            click.echo(
                "fmwatch: some text given to fmwatch is not valid UTF-8 (an argument such as a "
                "reason or an id?); give it as UTF-8 text",
                err=True,
            )
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def _db_path(args: tuple[Any, ...]) -> object:
    """The database a command was using, for an error message (None when not known)."""
    for arg in args:
        if isinstance(arg, Context) and arg._config is not None:
            return arg._config.db_path
    return None


def _short_help(text: str, limit: int) -> str:
    """Click's own short-help rule, through its public API (no module import needed)."""
    return click.Command("_", help=text).get_short_help_str(limit)


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

    def open_store(self, *, existing: bool = False) -> Store:
        """The configured database; ``existing``: it must already be there (a command that
        only reads what earlier runs stored must not create an empty one where a mistyped
        FMWATCH_DB points)."""
        from fmwatch.store import Store

        db_path = self.config.db_path
        if existing and str(db_path) != ":memory:" and not os.path.exists(db_path):
            from fmwatch.state_io import EXPORT_DIR_NAME, MANIFEST

            # (where `fmwatch state import` reads by default)
            export = self.config.state_path / EXPORT_DIR_NAME
            if (export / MANIFEST).is_file():
                # (a checkout of the weekly Action's state branch holds the export only)
                raise FmwatchError(
                    f"no database at {db_path}, but {export} holds an export of one; rebuild "
                    f"it with `fmwatch state import --dir {export}`"
                )
            raise FmwatchError(
                f"no database at {db_path}; run `fmwatch fetch` (or `fmwatch run`) first, or "
                "point FMWATCH_DB / state_dir at the existing database (the weekly GitHub "
                "Action keeps it on the fmwatch-state branch: README, 'Deciding from a terminal')"
            )
        return Store(db_path)


pass_ctx = click.make_pass_decorator(Context)

#: Every command a module adds to :data:`cli`: name -> (module, one-line help). The help is what
#: ``fmwatch --help`` shows without importing the module; tests/test_cli_lazy.py checks that this
#: table matches the commands the modules really register, so it cannot drift.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "accept": (
        "fmwatch.commands.propose",
        "Mark a work accepted: it belongs in the catalog and counts as a positive for scoring.",
    ),
    "candidates": (
        "fmwatch.commands.propose",
        "List works fmwatch selected, with their status (pending, proposed, accepted, rejected).",
    ),
    "catalog": ("fmwatch.commands.catalog", "Read and check the curated catalog (CATALOG.md)."),
    "classify": (
        "fmwatch.commands.scoring",
        "Score papers given as JSON Lines on stdin; one JSON line per paper on stdout.",
    ),
    "eval": (
        "fmwatch.commands.scoring",
        "Measure precision/recall of `propose`, section accuracy and a confusion table.",
    ),
    "fetch": (
        "fmwatch.commands.fetch",
        "Fetch new papers from arXiv, bioRxiv/medRxiv, Nature journals and Europe PMC.",
    ),
    "propose": (
        "fmwatch.commands.propose",
        "Open (or update) this week's draft pull request with the best new candidates.",
    ),
    "reject": (
        "fmwatch.commands.propose",
        "Mark a work rejected: fmwatch will never propose it again (unless reopened).",
    ),
    "reject-link": (
        "fmwatch.commands.propose",
        "Decline a proposed preprint -> journal link update: it is not offered again.",
    ),
    "reopen": (
        "fmwatch.commands.propose",
        "Undo a decision: the work is pending again and may be proposed by the next run.",
    ),
    "reopen-link": (
        "fmwatch.commands.propose",
        "Undo `reject-link`: the link update is offered again by the next run.",
    ),
    "run": (
        "fmwatch.commands.run",
        "Sync curator decisions, fetch, score, propose and write the digest: the weekly job.",
    ),
    "score": (
        "fmwatch.commands.scoring",
        "Group stored papers into works, score them and record the verdicts (idempotent).",
    ),
    "state": (
        "fmwatch.commands.state",
        "Export the database as sorted JSON Lines (for git), rebuild it from such an export, "
        "or replay curators' decisions from another.",
    ),
    "sync": (
        "fmwatch.commands.propose",
        "Read back earlier proposals and record what curators merged, edited or closed.",
    ),
    "train-ranker": (
        "fmwatch.commands.scoring",
        "Train the word models that order near-misses, help decide and choose sections.",
    ),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is looked up.

    Command modules register themselves with ``@cli.command()`` on import, as before; this
    group only decides *when* they are imported. Help listings use the static one-line help of
    :data:`LAZY_COMMANDS` instead of importing every module.
    """

    def __init__(
        self, *args: Any, lazy_commands: dict[str, tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands
        #: set by :func:`main` only (never in a long-lived process such as a test run): after
        #: the command's module is imported, hand every object that exists then to
        #: ``gc.freeze()``. Modules, classes and functions live as long as the process, and the
        #: cyclic collector would otherwise walk those hundreds of thousands of objects again
        #: in every full collection while the ingest allocates millions of short-lived ones.
        self.freeze_after_import = False

    def invoke(self, ctx: click.Context) -> Any:
        # a signal while the command's module is imported (before handle_errors is in place)
        # gets the same line and status as one during the command, not click's "Aborted!"
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            _interrupted(exc)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import_module(self.lazy_commands[cmd_name][0])
            if self.freeze_after_import:
                gc.freeze()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: list[tuple[str, str]] = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, _short_help(self.lazy_commands[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    from rich.console import Console
    from rich.table import Table

    from fmwatch.text import printable_line

    # markup off: a path such as "runs[/]/fmwatch.db" is not rich markup (it made rich raise),
    # and every value shown is one printable line (no escape sequences from a restored export)
    console = Console(highlight=False, markup=False)
    with ctx.open_store(existing=True) as store:
        counts = store.count_papers()
        # (the path on a line of its own: as the table's title it was wrapped to the table's
        # width, mid-word)
        console.print(f"Papers in {printable_line(ctx.config.db_path)}", soft_wrap=True)
        table = Table()
        table.add_column("source")
        table.add_column("papers", justify="right")
        for source, count in counts.items():
            table.add_row(printable_line(source), str(count))
        table.add_row("total", str(sum(counts.values())), style="bold")
        console.print(table)
        runs = store.last_runs(5)
        if runs:
            # (in UTC to the minute, and how long it took: the full timestamps made the table
            # wider than a terminal's 80 columns, which cut them to "2026-11-27T19:…")
            rt = Table(title="Last runs (times in UTC)")
            for col in ("id", "command", "started", "took", "status", "window"):
                rt.add_column(col, no_wrap=col in ("started", "window"))
            for run in runs:
                window = f"{run['window_since'] or ''}..{run['window_until'] or ''}"
                cells = (
                    run["id"],
                    run["command"],
                    _minute(run["started"]),
                    _took(run["started"], run["finished"]),
                    run["status"],
                    window if window != ".." else "-",
                )
                rt.add_row(*(printable_line(cell) for cell in cells))
            console.print(rt)


def _instant(stamp: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when


def _minute(stamp: object) -> str:
    """A stored timestamp as ``2026-11-27 19:52`` (UTC); one that does not parse as it is."""
    when = _instant(stamp)
    return when.strftime("%Y-%m-%d %H:%M") if when else str(stamp or "-")


def _took(started: object, finished: object) -> str:
    """How long a run took (``41 s``, ``12 min``, ``3.2 h``); ``-`` when it never finished."""
    start, end = _instant(started), _instant(finished)
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
        return "-"
    seconds = max(0.0, (end - start).total_seconds())
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


# Command modules add themselves to ``cli`` on import, which LazyGroup.get_command triggers for
# the one command being run. A new command module: add its commands to LAZY_COMMANDS.


def reconfigure_stream(stream: object, **options: str) -> None:
    """``stream.reconfigure(**options)`` when it is a text stream that can be (a test runner's
    capture, a closed or replaced stream may not be: then it is left as it is)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(**options)


def main() -> None:
    # Text from feeds and input lines may hold lone surrogates ("\ud800" escapes in JSON): written
    # as the escape itself rather than crashing the command, which for JSON output is the same
    # string again in valid JSON
    for stream in (sys.stdout, sys.stderr):
        reconfigure_stream(stream, errors="backslashreplace")
    cli.freeze_after_import = True
    with contextlib.suppress(ValueError):  # (only the main thread may set a handler)
        signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="fmwatch")


__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_SOURCE_FAILED",
    "EXIT_USAGE",
    "LAZY_COMMANDS",
    "Context",
    "LazyGroup",
    "cli",
    "handle_errors",
    "main",
    "pass_ctx",
    "reconfigure_stream",
]
