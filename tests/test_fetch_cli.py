"""``fmwatch fetch`` through click: summary table, exit statuses, one line per failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch.cli import EXIT_SOURCE_FAILED, cli
from fmwatch.store import Store
from ingest_support import ARXIV_PATH, EPMC_BASE, WINDOW, fast_retries, serve_all  # noqa: F401
from loopback import LoopbackServer, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")


def _config(server: LoopbackServer, tmp_path: Path) -> Path:
    path = tmp_path / "fmwatch.toml"
    path.write_text(
        f"""
contact_email = "curator@example.org"
state_dir = "{tmp_path / "state"}"
catalog = ""
[http]
timeout = 2
attempts = 2
backoff_initial = 0.001
backoff_max = 0.01
[sources.arxiv]
base_url = "{server.url}{ARXIV_PATH}"
page_size = 3
delay = 0
categories = ["cs.CV", "q-bio.*"]
[sources.biorxiv]
base_url = "{server.url}"
delay = 0
[sources.nature]
base_url = "{server.url}"
delay = 0
[sources.nature.feeds]
nature = "nature.rss"
nature-medicine = "nm.rss"
[sources.europepmc]
base_url = "{server.url}{EPMC_BASE}"
delay = 0
""",
        encoding="utf-8",
    )
    return path


def _fetch(config: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["--config", str(config), "fetch", *args])


def test_fetch_all_sources_prints_summary_and_exits_0(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_all(server)
    config = _config(server, tmp_path)
    result = _fetch(config, "--since", WINDOW[0], "--until", WINDOW[1])
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "fetch summary" in out
    rows = {
        cells[0]: cells[1:]
        for cells in ([c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines())
        if cells
    }
    # requests, fetched, new, updated, errors, skipped, 304, status
    assert rows["arxiv"] == ["2", "4", "4", "0", "0", "1", "0", "ok"]
    # bioRxiv: two details pages and one pubs page, whose two unusable links are skipped
    assert rows["biorxiv"] == ["3", "104", "103", "0", "0", "2", "0", "ok"]
    assert rows["medrxiv"] == ["3", "2", "2", "0", "0", "0", "0", "ok"]
    assert rows["nature"] == ["2", "3", "3", "0", "0", "6", "0", "ok"]
    assert "preprint -> journal links new or changed: 4 from biorxiv, 1 from medrxiv" in out
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.count_papers() == {"arxiv": 4, "biorxiv": 103, "medrxiv": 2, "nature": 3}


@pytest.mark.allow_unused_routes  # a failing reply shadows the fixture on purpose
def test_a_failed_source_exits_3_with_one_line(server: LoopbackServer, tmp_path: Path) -> None:
    serve_all(server)
    server.add("/nm.rss", Reply.file("nature/html_instead_of_rss.html", content_type="text/html"))
    config = _config(server, tmp_path)
    result = _fetch(
        config,
        "--source",
        "nature",
        "--source",
        "arxiv",
        "--since",
        WINDOW[0],
        "--until",
        WINDOW[1],
    )
    assert result.exit_code == EXIT_SOURCE_FAILED == 3  # type: ignore[attr-defined]
    assert result.stderr.strip().splitlines() == [  # type: ignore[attr-defined]
        "fmwatch: nature: not an RSS feed (the server sent an HTML page); check "
        "sources.nature.base_url "
        f"and the feed path ({server.url}/nm.rss)"
    ]
    assert [r.path for r in server.requests if "details" in r.path] == []  # only the named sources


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "2026-13-01"],
            "Invalid value for '--since': '2026-13-01' is not a date; use YYYY-MM-DD, e.g. "
            "2026-05-04",
        ),
        (
            ["--until", "last week"],
            "Invalid value for '--until': 'last week' is not a date; use YYYY-MM-DD",
        ),
        (
            ["--since", "2026-05-10", "--until", "2026-05-01"],
            "--since 2026-05-10 is after --until 2026-05-01; swap them",
        ),
        (
            ["--source", "pubmed"],
            "Invalid value for '--source': 'pubmed' is not one of 'arxiv', 'biorxiv', "
            "'medrxiv', 'nature'",
        ),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    server: LoopbackServer, tmp_path: Path, args: list[str], message: str
) -> None:
    result = _fetch(_config(server, tmp_path), *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert server.requests == []


def test_bad_config_value_is_one_line(server: LoopbackServer, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[sources.arxiv]\npage_size = 0\n", encoding="utf-8")
    result = _fetch(config)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.strip() == (  # type: ignore[attr-defined]
        "fmwatch: config error: sources.arxiv.page_size: 0 is out of range; use a number from "
        "1 to 2000 (the arXiv API's limit)"
    )


def test_fetch_has_help() -> None:
    result = CliRunner().invoke(cli, ["fetch", "--help"])
    assert result.exit_code == 0
    # every source it reads: the Europe PMC journal search was left out (`--source europepmc`)
    assert (
        "Fetch new papers from arXiv, bioRxiv/medRxiv, Nature journals and Europe PMC"
        in result.output
    )
    assert "PubMed journal articles that match sources.europepmc.query" in " ".join(
        result.output.split()
    )
    assert "--since DATE" in result.output and "--until DATE" in result.output
    assert (
        "--since" in result.output
        and "Exit status 0 when every source succeeded, 3 when any" in result.output
    )


def test_an_end_day_in_the_future_is_refused_before_any_window_is_saved(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """`--until` a year ahead (a typo of the year) would be saved as every source's window
    end, and each later run would start there: weeks of papers never read, without a word."""
    config = _config(server, tmp_path)
    result = _fetch(config, "--since", WINDOW[0], "--until", "2099-01-01")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "--until 2099-01-01 is in the future" in result.stderr  # type: ignore[attr-defined]
    assert server.requests == []
    database = tmp_path / "state" / "fmwatch.db"
    if database.exists():
        with Store(str(database)) as store:
            assert not store.feed_state("arxiv").get("window_until")


@pytest.mark.allow_unused_routes  # only arXiv is read
def test_a_source_named_twice_is_read_once(server: LoopbackServer, tmp_path: Path) -> None:
    serve_all(server)
    config = _config(server, tmp_path)
    result = _fetch(
        config, "--source", "arxiv", "--source", "arxiv", "--since", WINDOW[0], "--until", WINDOW[1]
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    # two pages of the window, not four: arXiv asks for one request every 3 seconds
    assert len([r for r in server.requests if ARXIV_PATH in r.path]) == 2
    rows = [line for line in result.stdout.splitlines() if "│ arxiv" in line]  # type: ignore[attr-defined]
    assert len(rows) == 1
