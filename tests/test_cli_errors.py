"""Faults a user meets outside any one module (a database damaged inside, a folder where a file
should be, credentials in a URL): each ends in one line naming the cause and the fix. And
every command says what it does in its --help."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmwatch.cli import cli
from fmwatch.config import ArxivConfig, Config, HttpConfig, NatureConfig, SourcesConfig
from fmwatch.errors import StoreError, redact, unexpected_io_error
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper
from fmwatch.store import Store

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_a_database_damaged_inside_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "fmwatch.db"
    with Store(db) as store:
        store.upsert_papers([Paper("arxiv", "2605.00001", "A foundation model")])
    # what a bad sector or a half-copied file looks like to a query: text that is not UTF-8
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE papers SET source = CAST(x'ff' AS TEXT)")
    conn.close()
    result = invoke("stats", env={"FMWATCH_DB": str(db)})
    assert result.exit_code == 1
    assert result.stderr == (
        f"fmwatch: the database {db} failed (Could not decode to UTF-8 column 'source' with "
        "text '\ufffd'); it may be damaged: rebuild it from the state export with "
        "`fmwatch state import --replace`, or move it aside and run again\n"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("exc", "fix"),
    [
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            "make it and its folder writable, or set FMWATCH_STATE_DIR to a writable folder",
        ),
        (
            sqlite3.OperationalError("database is locked"),
            "another fmwatch is using it; let that finish, then run again",
        ),
        (
            sqlite3.OperationalError("database or disk is full"),
            "free some disk space, then run again",
        ),
    ],
)
def test_database_failures_name_their_fix(exc: sqlite3.DatabaseError, fix: str) -> None:
    error = unexpected_io_error(exc, "state/fmwatch.db")
    assert isinstance(error, StoreError)
    assert str(error) == f"the database state/fmwatch.db failed ({exc}); {fix}"


def test_file_system_failures_name_the_path() -> None:
    error = unexpected_io_error(PermissionError(13, "Permission denied", "state/digests/x.md"))
    assert str(error) == (
        "cannot use state/digests/x.md (Permission denied); check that the path exists, is "
        "writable and the disk is not full"
    )
    assert unexpected_io_error(ValueError("a bug")) is None  # a bug keeps its traceback


def test_database_path_that_is_a_folder(tmp_path: Path) -> None:
    result = invoke("stats", env={"FMWATCH_DB": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr == (
        f"fmwatch: cannot open the database {tmp_path} (unable to open database file); that is "
        "a folder; point FMWATCH_DB (or state_dir) at a database file\n"
    )


@pytest.mark.parametrize("command", [["run", "--dry-run"], ["fetch"], ["state", "import"]])
def test_a_state_folder_that_is_a_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """FMWATCH_STATE_DIR naming a file: "File exists" or "check permissions" named neither the
    cause nor the fix."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fmwatch.toml").write_text(
        "".join(f"[sources.{name}]\nenabled = false\n" for name in SOURCES), encoding="utf-8"
    )
    (tmp_path / "state").write_text("not a folder\n", encoding="utf-8")
    result = invoke(*command, env={"FMWATCH_STATE_DIR": "state"})
    assert result.exit_code == 1, result.output
    assert "state is a file" in result.stderr and "FMWATCH_STATE_DIR" in result.stderr
    assert "File exists" not in result.stderr and "permissions" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert (tmp_path / "state").read_text(encoding="utf-8") == "not a folder\n"


SOURCES = ("arxiv", "biorxiv", "nature", "europepmc")


@pytest.mark.parametrize("folders", [("runs[", "]x"), ("runs[red]x",)])
def test_stats_shows_a_database_path_with_brackets_as_it_is(
    tmp_path: Path, folders: tuple[str, ...]
) -> None:
    """`fmwatch stats` titles its table with the database path: a path with brackets is not
    rich markup ("runs[/]x" made rich raise a traceback; "[red]" vanished from the path)."""
    db = tmp_path.joinpath(*folders, "fmwatch.db")
    db.parent.mkdir(parents=True)
    with Store(db) as store:
        store.upsert_papers([Paper("arxiv", "2605.00001", "A foundation model")])
    result = CliRunner().invoke(cli, ["stats"], env={"FMWATCH_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Papers in {db}"  # (whole, on its own line)
    assert "arxiv" in result.stdout and "total" in result.stdout


def test_stats_shows_each_run_whole_in_80_columns(tmp_path: Path) -> None:
    """A finished run, one still running and one from an older version's odd timestamp: each
    start to the minute, how long it took, and the whole window, in a terminal of 80 columns
    (the full timestamps were cut to "2026-11-27T19:…")."""
    db = tmp_path / "fmwatch.db"
    with Store(db) as store:
        store.upsert_papers([Paper("arxiv", "2605.00001", "A foundation model")])
        with store.db.conn:
            store.db.table("runs").insert_all(
                [
                    {"command": "run", "started": "2026-11-27T19:52:33+00:00",
                     "finished": "2026-11-27T19:54:14+00:00", "status": "partial",
                     "window_since": "2026-11-16", "window_until": "2026-11-27"},
                    {"command": "fetch", "started": "2026-11-27T21:52:33+01:00",
                     "finished": None, "status": "running",
                     "window_since": None, "window_until": None},
                    {"command": "score", "started": "yesterday", "finished": "today",
                     "status": "ok", "window_since": None, "window_until": None},
                ]
            )  # fmt: skip
    result = CliRunner().invoke(cli, ["stats"], env={"FMWATCH_DB": str(db), "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Papers in {db}"  # (the path whole, however long, on its own line)
    assert max(len(line) for line in lines[1:]) <= 80
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ ")][-3:]
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in rows]
    assert cells == [
        ["3", "score", "yesterday", "-", "ok", "-"],
        ["2", "fetch", "2026-11-27 20:52", "-", "running", "-"],
        ["1", "run", "2026-11-27 19:52", "101 s", "partial", "2026-11-16..2026-11-27"],
    ]


def test_credentials_in_a_base_url_are_never_shown_or_stored(tmp_path: Path) -> None:
    secret = "pa55-in-url"
    config = Config(
        state_dir=str(tmp_path / "state"),
        http=HttpConfig(timeout=2.0, attempts=1),
        sources=SourcesConfig(
            arxiv=ArxivConfig(base_url=f"http://mirror:{secret}@127.0.0.1:9/api/query", delay=0),
            nature=NatureConfig(enabled=False),
        ),
    )
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], "2026-05-04", "2026-05-10")
        assert stats.failure is not None
        assert stats.failure.startswith(
            "arxiv: could not connect; check the network and the source's base_url "
            "(http://***@127.0.0.1:9/api/query?search_query="
        )
        store.save_feed_state("arxiv", url=config.sources.arxiv.base_url)
        assert store.feed_state("arxiv")["url"] == "http://***@127.0.0.1:9/api/query"
    assert secret.encode() not in config.db_path.read_bytes()
    wal = Path(f"{config.db_path}-wal")
    assert not wal.exists() or secret.encode() not in wal.read_bytes()
    assert redact("see https://u:p@host/x and mailto:a@b.org") == (
        "see https://***@host/x and mailto:a@b.org"
    )


def test_run_without_a_catalog_says_nothing_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring without the catalog would take every catalogued work for a new one: say so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fmwatch.toml").write_text(
        "[sources.arxiv]\nenabled = false\n[sources.biorxiv]\nenabled = false\n"
        "[sources.nature]\nenabled = false\n",
        encoding="utf-8",
    )
    result = invoke("run", "--dry-run")
    assert (
        "score: catalog CATALOG.md not found: scored without known works (set catalog in "
        "fmwatch.toml)" in result.stderr
    )
    # and, outside a git repository, the local forge says how to fix that, in one line
    assert (
        "error: forge: local forge: . is not a git repository; run `git init` there and commit "
        "the catalog, or point FMWATCH_CATALOG at a catalog inside a repository"
    ) in result.stderr
    assert result.exit_code == 1


def _all_commands() -> list[list[str]]:
    """Every command and subcommand, found by walking the real click tree."""
    import click

    found: list[list[str]] = []

    def walk(group: click.Group, path: list[str]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found.append([*path, name])
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(cli, [])
    return found


def test_every_command_and_subcommand_has_help_text() -> None:
    commands = _all_commands()
    assert ["state", "import"] in commands and ["catalog", "lint"] in commands
    assert len(commands) >= 17
    for path in commands:
        result = invoke(*path, "--help")
        assert result.exit_code == 0, path
        # the paragraph after the usage line says what the command does
        description = result.stdout.split("\n\n")[1].strip()
        assert len(description) > 20, (path, description)


def test_a_state_folder_sqlite_cannot_write_in_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What SQLite says for a read-only folder or file (as root, permissions cannot be made to
    # refuse, so the refusal is SQLite's own message, raised where SQLite raises it).
    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    db = tmp_path / "state" / "fmwatch.db"
    result = invoke("run", "--dry-run", env={"FMWATCH_DB": str(db)})
    assert result.exit_code == 1
    assert result.stderr == (
        f"fmwatch: cannot open the database {db} (unable to open database file); make "
        f"{db.parent} and the file writable, or point FMWATCH_STATE_DIR / FMWATCH_DB at a "
        "writable place\n"
    )


def test_an_argument_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    """The shell passes bytes that are not UTF-8 through as surrogate escapes ("\\udcff"): they
    cannot be stored or printed as text; one line says so instead of a traceback."""
    import os
    import subprocess
    import sys

    from fmwatch.store import Store

    Store(str(tmp_path / "x.db")).close()  # (reject needs a database to decide in)
    env = {**os.environ, "FMWATCH_DB": str(tmp_path / "x.db")}
    done = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"fmwatch", b"reject", b"arxiv:\xff"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert b"is not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["fetch", "run"])
def test_a_start_day_in_the_future_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, [command, "--since", "2099-01-01"], env={"FMWATCH_DB": str(tmp_path / "x.db")}
    )
    assert result.exit_code == 2
    assert "--since 2099-01-01 is in the future" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["state", "export", "--dir", "exp"],
        ["candidates"],
        ["reject", "arxiv:2401.00001"],
        ["accept", "arxiv:2401.00001"],
        ["reopen", "arxiv:2401.00001"],
        ["reject-link", "https://arxiv.org/abs/2401.00001"],
        ["reopen-link", "https://arxiv.org/abs/2401.00001"],
    ],
)
def test_a_command_that_reads_the_database_never_creates_an_empty_one(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped FMWATCH_DB must not make an empty database (and `state export` must not
    write an empty export over a good one): one line says there is none and what to do."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exp").mkdir()
    (tmp_path / "exp" / "papers.jsonl").write_text('{"kept": true}\n', encoding="utf-8")
    missing = tmp_path / "nowhere" / "fmwacth.db"
    result = CliRunner().invoke(cli, args, env={"FMWATCH_DB": str(missing)})
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"fmwatch: no database at {missing}; run `fmwatch fetch` (or `fmwatch run`) first, or "
        "point FMWATCH_DB / state_dir at the existing database (the weekly GitHub Action keeps "
        "it on the fmwatch-state branch: README, 'Deciding from a terminal')"
    ]
    assert not missing.exists() and not missing.parent.exists()
    assert (tmp_path / "exp" / "papers.jsonl").read_text(encoding="utf-8") == '{"kept": true}\n'


def test_a_checkout_of_the_state_branch_is_told_to_rebuild_the_database_from_its_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A curator deciding from a terminal in a checkout of the weekly Action's state branch
    (which holds the export, not the database) is told the one command that rebuilds it."""
    monkeypatch.chdir(tmp_path)
    export = tmp_path / "state" / "export"
    export.mkdir(parents=True)
    (export / "fmwatch-export.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["candidates"], env={"FMWATCH_STATE_DIR": "state"})
    assert result.exit_code == 1
    db = Path("state") / "fmwatch.db"
    assert result.stderr.strip().splitlines() == [
        f"fmwatch: no database at {db}, but {db.parent / 'export'} holds an export of one; "
        f"rebuild it with `fmwatch state import --dir {db.parent / 'export'}`"
    ]
    assert not (tmp_path / db).exists()
