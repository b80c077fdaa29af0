"""The lazily loaded command line: the static command table matches the real commands, and
running one command imports only that command's module."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import fmwatch.commands
from fmwatch.cli import LAZY_COMMANDS, cli


def _registered_commands() -> dict[str, tuple[str, str]]:
    """Import every command module, then read back what they really registered."""
    for info in pkgutil.iter_modules(fmwatch.commands.__path__, "fmwatch.commands."):
        importlib.import_module(info.name)
    table: dict[str, tuple[str, str]] = {}
    for name, command in cli.commands.items():
        assert command.callback is not None
        module = command.callback.__module__
        if module != "fmwatch.cli":  # defined in cli.py itself: not lazy
            table[name] = (module, command.get_short_help_str(limit=10**6))
    return table


def test_lazy_table_matches_the_commands_the_modules_register() -> None:
    assert _registered_commands() == LAZY_COMMANDS


def _help(*, eager: bool) -> str:
    imports = (
        "import pkgutil, importlib, fmwatch.commands\n"
        "for m in pkgutil.iter_modules(fmwatch.commands.__path__, 'fmwatch.commands.'):\n"
        "    importlib.import_module(m.name)\n"
    )
    code = (imports if eager else "") + "from fmwatch.cli import main\nmain()\n"
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-c", code, "--help"], capture_output=True, text=True, env=env, check=True
    ).stdout


def test_help_lists_every_command_exactly_as_the_eager_listing_would() -> None:
    lazy = _help(eager=False)
    assert lazy == _help(eager=True)
    for name in [*LAZY_COMMANDS, "stats"]:
        assert f"\n  {name} " in lazy


def _modules_loaded_by(*args: str) -> list[str]:
    code = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from fmwatch.cli import cli\n"
        f"result = CliRunner().invoke(cli, {list(args)!r})\n"
        "assert result.exit_code in (0, 2), result.output\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('fmwatch.commands.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return list(json.loads(out))


def test_a_command_imports_only_its_own_module() -> None:
    assert _modules_loaded_by("--help") == []
    assert _modules_loaded_by("fetch", "--help") == ["fmwatch.commands.fetch"]
    assert _modules_loaded_by("eval", "--help") == ["fmwatch.commands.scoring"]


def test_unknown_command_is_still_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["fecth"])
    assert result.exit_code == 2
    assert "No such command 'fecth'" in result.output


def test_every_lazy_command_resolves() -> None:
    ctx = click.Context(cli)
    for name, (module, _) in LAZY_COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.callback is not None
        assert command.callback.__module__ == module


def test_a_signal_while_a_command_module_loads_is_reported_like_one_during_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SIGTERM (or Ctrl-C) in the first moments, while the command's module is imported and
    before the command's own handler runs: the documented line and status, not "Aborted!"."""
    from fmwatch.cli import EXIT_TERMINATED, LazyGroup, Terminated

    for raised, status, line in (
        (Terminated, EXIT_TERMINATED, "fmwatch: stopped (SIGTERM); everything stored so far"),
        (KeyboardInterrupt, 130, "fmwatch: interrupted; everything stored so far is kept"),
    ):
        group = LazyGroup(name="fmwatch", lazy_commands={"slow": ("slow_module", "A command.")})

        def importing(name: str, raised: type[BaseException] = raised) -> None:
            raise raised

        monkeypatch.setattr("fmwatch.cli.import_module", importing)
        result = CliRunner().invoke(group, ["slow"])
        assert result.exit_code == status
        assert line in result.stderr and "Aborted" not in result.output + result.stderr


def test_classify_never_loads_the_database_library() -> None:
    """``classify`` runs without a database: sqlite-utils (and the numpy it pulls in, a third of
    a one-line run's start-up) must not be imported by it."""
    code = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from fmwatch.cli import cli\n"
        'result = CliRunner().invoke(cli, [\'classify\'], input=\'{"id": 1, "title": "A"}\\n\')\n'
        "assert result.exit_code == 0, result.output\n"
        "print(json.dumps(sorted(m for m in ('sqlite_utils', 'numpy') if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
