"""``fmwatch run`` end to end: loopback feed server, a real git catalog, a real SMTP server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmwatch.cli import cli
from fmwatch.store import Store
from ingest_support import EPMC_BASE, serve_europepmc
from loopback import LoopbackServer, Recorded, Reply
from smtp_server import SmtpServer

FEEDS = resources.files("fmwatch") / "demo" / "feeds"
NATURE_FEEDS = {"nature": "nature.rss", "nature-medicine": "nm.rss", "nature-methods": "nmeth.rss"}
SINCE = "2026-05-11"
#: clear foundation-model papers in the sample feeds, one or more per source, whatever the tuning
STRONG = (
    "DARE-EEG: A Foundation Model for Mining Dual-Aligned Representation of EEG",
    "Nicheformer: a foundation model for single-cell and spatial omics",
    "scGPT: toward building a foundation model for single-cell multi-omics using generative AI",
)
GOLDEN = Path(__file__).parent / "golden" / "run_digest.md"
FIXTURES_ARXIV = Path(__file__).parent / "fixtures" / "arxiv"
NO_POSTS = Reply.json({"messages": [{"status": "no posts found"}], "collection": []})


def serve_feeds(server: LoopbackServer, *, broken: str | None = None) -> None:
    """The team-written sample feeds (shipped for the demo) on the loopback server.

    ``broken`` names a source that answers HTTP 503 instead.
    """

    def arxiv(rec: Recorded) -> Reply:
        # the week's query, or the catalog rows' ids, answered here with no entries (these
        # tests are not about them; tests/test_catalog_arxiv.py is)
        name = "no_results.xml" if rec.query.get("id_list") else "query.xml"
        folder = FIXTURES_ARXIV if name == "no_results.xml" else FEEDS / "arxiv"
        return Reply(body=(folder / name).read_bytes())

    server.handle("/api/query", arxiv)

    def rxiv(file_prefix: str) -> Callable[[Recorded], Reply]:
        """bioRxiv/medRxiv pages: ``details`` (file_prefix "") or ``pubs`` ("pubs_")."""

        def answer(rec: Recorded) -> Reply:
            server_name, cursor = rec.path.split("/")[2], rec.path.rsplit("/", 1)[1]
            if broken == server_name:
                return Reply(503, "unavailable", content_type="text/plain")
            if cursor != "0":
                return NO_POSTS
            body = (FEEDS / "biorxiv" / f"{file_prefix}{server_name}.json").read_bytes()
            return Reply(body=body, content_type="application/json")

        return answer

    server.handle("/details/*", rxiv(""))
    server.handle("/pubs/*", rxiv("pubs_"))
    serve_europepmc(
        server, FEEDS / "europepmc" / "records.json", FEEDS / "europepmc" / "search.json"
    )
    for path in NATURE_FEEDS.values():
        if broken == "nature":
            server.add(f"/{path}", Reply(503, "unavailable", content_type="text/plain"))
        else:
            server.add(f"/{path}", Reply(body=(FEEDS / "nature" / path).read_bytes()))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def catalog_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "catalog"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    (repo / "CATALOG.md").write_text(
        (resources.files("fmwatch") / "demo" / "CATALOG.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    git(repo, "add", "CATALOG.md")
    git(repo, "commit", "--quiet", "-m", "catalog")
    return repo


@pytest.fixture
def config_file(
    tmp_path: Path, server: LoopbackServer, catalog_repo: Path, smtp: SmtpServer
) -> Path:
    feeds = "\n".join(f'{name} = "{path}"' for name, path in NATURE_FEEDS.items())
    text = f"""
contact_email = "tests@example.org"
state_dir = "{tmp_path / "state"}"
catalog = "{catalog_repo / "CATALOG.md"}"

[http]
timeout = 5.0
attempts = 1
backoff_initial = 0.0
backoff_max = 0.0

[sources.arxiv]
base_url = "{server.url}/api/query"
delay = 0.0

[sources.biorxiv]
base_url = "{server.url}"
delay = 0.0

[sources.nature]
base_url = "{server.url}"
delay = 0.0
[sources.nature.feeds]
{feeds}

[sources.europepmc]
base_url = "{server.url}{EPMC_BASE}"
delay = 0.0

[forge]
kind = "local"

[digest]
email = true
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
smtp_security = "none"
sender = "fmwatch@example.org"
recipients = ["curators@example.org"]
"""
    path = tmp_path / "fmwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fmwatch(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config_file), "run", *args])


def as_json(result: Result) -> dict[str, object]:
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_first_run_proposes_writes_digest_and_sends_one_email(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    catalog_repo: Path,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serve_feeds(server)
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    assert data["exit_status"] == 0
    assert isinstance(data["proposed"], int) and data["proposed"] >= len(STRONG)
    sources = data["sources"]
    assert isinstance(sources, dict)
    # (two requests: the week's query, and the catalog's arXiv rows asked about by id)
    assert sources["arxiv"] == {"requests": 2, "fetched": 10, "new": 10, "failed": None}
    assert set(sources) == {"arxiv", "biorxiv", "medrxiv", "nature", "europepmc"}
    # Europe PMC: the window's journal search (one record, the catalogued Foresight), then the
    # Nature items' missing abstracts, looked up by DOI
    assert sources["europepmc"] == {"requests": 2, "fetched": 1, "new": 1, "failed": None}
    assert (
        "europepmc: 1 record (1 new, 3 of 8 abstracts found) in 2 requests, done" in result.stderr
    )
    # the bioRxiv/medRxiv preprint -> journal links read after their records
    assert "biorxiv: 6 records (6 new, 4 journal links) in 2 requests, done" in result.stderr
    assert "medrxiv: 2 records (2 new, 1 journal link) in 2 requests, done" in result.stderr
    branch = str(data["branch"])
    assert branch.startswith("fmwatch/")
    # the proposal is a real branch whose catalog has the new rows; main is untouched
    proposed = git(catalog_repo, "show", f"{branch}:CATALOG.md")
    assert "Nicheformer" in proposed and "DARE-EEG" in proposed
    assert "Nicheformer" not in git(catalog_repo, "show", "main:CATALOG.md")
    assert Path(str(data["outbox"])).is_file()
    # the digest file and the job summary agree; the digest lists what was proposed
    markdown = Path(str(data["digest"])).read_text(encoding="utf-8")
    assert summary.read_text(encoding="utf-8") == markdown
    assert f"## New candidates ({data['proposed']})" in markdown
    for title in STRONG:
        assert title in markdown
    assert f"Proposed on local branch `{branch}`" in markdown
    assert "| arxiv | 2 | 10 | 10 | ok |" in markdown
    # one multipart message with a text and an HTML part
    assert len(smtp.messages) == 1
    msg = smtp.messages[0].message
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert f"{data['proposed']} candidates" in str(msg["Subject"])
    text_part, html_part = (p.get_content() for p in msg.iter_parts())
    # what the Europe PMC step found is said in every form of the digest
    assert "* europepmc: 2 requests, 1 record, 1 new, 3 of 8 missing abstracts found" in text_part
    assert "<td>ok (3 of 8 missing abstracts found)</td>" in html_part
    assert "| europepmc | 2 | 1 | 1 | ok (3 of 8 missing abstracts found) |" in markdown
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.last_runs(1)[0]["status"] == "ok"
        assert store.last_runs(1)[0]["command"] == "run"


def test_second_run_on_the_same_window_proposes_nothing(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    serve_feeds(server)
    first = fmwatch(config_file, "--since", SINCE, "--json")
    assert first.exit_code == 0, first.stderr
    second = fmwatch(config_file, "--since", SINCE, "--json")
    assert second.exit_code == 0, second.stderr
    data = as_json(second)
    assert data["proposed"] == 0
    assert data["branch"] is None
    assert Path(str(data["digest"])) != Path(str(as_json(first)["digest"]))
    digest = Path(str(data["digest"])).read_text(encoding="utf-8")
    assert "Nothing new this week" in digest
    assert len(smtp.messages) == 2
    assert "nothing new" in str(smtp.messages[1].message["Subject"])
    # … but the first run's proposals still wait for a curator: a quiet week says so
    proposed = int(str(as_json(first)["proposed"]))
    branch = str(as_json(first)["branch"])
    assert proposed > 0
    assert (
        f"Still awaiting review: {proposed} candidates proposed earlier, on branch `{branch}`."
    ) in digest


def test_a_near_miss_is_reported_once_even_when_its_score_moves(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """Curators' decisions nudge scores a little every week: a near-miss already reported is
    not news again."""
    serve_feeds(server)
    first = fmwatch(config_file, "--since", SINCE, "--json")
    assert "## Near-misses" in Path(str(as_json(first)["digest"])).read_text(encoding="utf-8")
    with Store(tmp_path / "state" / "fmwatch.db") as store, store.db.conn:
        # what a moved score looks like to the run: a stored verdict that differs from now
        store.db.execute("UPDATE scores SET row_hash = 'moved' WHERE decision = 'near-miss'")
    second = fmwatch(config_file, "--since", SINCE, "--json")
    markdown = Path(str(as_json(second)["digest"])).read_text(encoding="utf-8")
    assert "## Near-misses" not in markdown and "Nothing new this week" in markdown


def test_a_dry_run_does_not_use_up_the_week_s_news(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """`run --dry-run` to look first, then the real run: the real digest (the one e-mailed)
    still reports the near-misses the dry run saw."""
    serve_feeds(server)
    dry = fmwatch(config_file, "--since", SINCE, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    real = fmwatch(config_file, "--since", SINCE, "--json")
    assert real.exit_code == 0, real.stderr
    markdown = Path(str(as_json(real)["digest"])).read_text(encoding="utf-8")
    assert "## Near-misses" in markdown
    [message] = smtp.messages
    assert "near-miss" in message.message.get_body(("plain",)).get_content().lower()


def test_a_digest_whose_e_mail_failed_is_reported_again(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """The relay was down: nobody got the week's news, so the next digest carries it."""
    serve_feeds(server)
    working = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        working.replace(f"smtp_port = {smtp.port}", "smtp_port = 9"), encoding="utf-8"
    )  # (the discard port: nothing listens there)
    failed = fmwatch(config_file, "--since", SINCE, "--json")
    assert failed.exit_code == 1 and smtp.messages == []
    config_file.write_text(working, encoding="utf-8")
    again = fmwatch(config_file, "--since", SINCE, "--json")
    assert again.exit_code == 0, again.stderr
    markdown = Path(str(as_json(again)["digest"])).read_text(encoding="utf-8")
    assert "## Near-misses" in markdown
    assert len(smtp.messages) == 1


def test_the_proposals_of_a_run_whose_e_mail_failed_are_listed_by_the_next_digest(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """The run that proposed the week's candidates could not send its digest: the next digest
    (the first anyone reads) lists them, with the branch they wait on, and the one after does
    not list them again."""
    serve_feeds(server)
    working = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        working.replace(f"smtp_port = {smtp.port}", "smtp_port = 9"), encoding="utf-8"
    )
    failed = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    assert failed["exit_status"] == 1 and int(str(failed["proposed"])) >= len(STRONG)
    config_file.write_text(working, encoding="utf-8")
    again = fmwatch(config_file, "--since", SINCE, "--json")
    assert again.exit_code == 0, again.stderr
    assert as_json(again)["proposed"] == 0
    markdown = Path(str(as_json(again)["digest"])).read_text(encoding="utf-8")
    assert f"## Proposed by an earlier run, not reported until now ({failed['proposed']})" in (
        markdown
    )
    assert f"on branch `{failed['branch']}`" in markdown
    [message] = smtp.messages
    assert f"{failed['proposed']} proposed earlier" in str(message.message["Subject"])
    text = message.message.get_body(("plain",)).get_content()
    html = message.message.get_body(("html",)).get_content()
    for title in STRONG:
        assert title in markdown and title in text and title in html
    third = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    assert "Nothing new this week" in Path(str(third["digest"])).read_text(encoding="utf-8")


def test_a_digest_that_reached_some_recipients_is_reported_and_the_refusal_is_an_error(
    tmp_path: Path, server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """A stale address among the recipients: the others read the digest, so its news is not
    sent to them again; the run still fails with the address and the server's reason."""
    serve_feeds(server)
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            'recipients = ["curators@example.org"]',
            'recipients = ["curators@example.org", "gone@example.org"]',
        ),
        encoding="utf-8",
    )
    smtp.handler.refuse["gone@example.org"] = "550 5.1.1 no such user"
    first = fmwatch(config_file, "--since", SINCE, "--json")
    assert first.exit_code == 1
    data = as_json(first)
    assert data["emailed_to"] == ["curators@example.org"]
    assert data["errors"] == [
        f"digest: SMTP server 127.0.0.1:{smtp.port} delivered the digest to "
        "curators@example.org but refused gone@example.org (550 5.1.1 no such user); correct "
        "or remove them in digest.recipients"
    ]
    second = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    markdown = Path(str(second["digest"])).read_text(encoding="utf-8")
    assert "Nothing new this week" in markdown
    assert len(smtp.messages) == 2


def test_a_failing_source_does_not_stop_the_others(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    catalog_repo: Path,
    smtp: SmtpServer,
) -> None:
    serve_feeds(server, broken="nature")
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 3, result.stderr
    data = as_json(result)
    assert data["exit_status"] == 3
    sources = data["sources"]
    assert isinstance(sources, dict)
    failure = sources["nature"]["failed"]
    assert isinstance(failure, str) and "503" in failure
    assert sources["arxiv"]["failed"] is None
    assert isinstance(data["proposed"], int) and data["proposed"] > 0
    proposed = git(catalog_repo, "show", f"{data['branch']}:CATALOG.md")
    assert "DARE-EEG" in proposed and "Nicheformer" in proposed  # from arXiv and bioRxiv
    assert "scGPT" not in proposed  # only Nature carries it, and Nature failed
    markdown = Path(str(data["digest"])).read_text(encoding="utf-8")
    assert "1 source(s) failed this run" in markdown
    assert "| nature | 3 | 0 | 0 | **FAILED**: " in markdown
    assert "nature failed: " in result.stderr
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.last_runs(1)[0]["status"] == "partial"


def test_silent_source_gets_a_warning(
    server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    serve_feeds(server)
    assert fmwatch(config_file, "--since", SINCE).exit_code == 0
    server.handle("/details/medrxiv/*", lambda rec: NO_POSTS)
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 0, result.stderr
    markdown = Path(str(as_json(result)["digest"])).read_text(encoding="utf-8")
    assert (
        "| medrxiv | 2 | 0 | 0 | **WARNING**: returned no records, "
        "but it returned some in 1 of the last 1 runs" in markdown
    )


def test_a_feed_answering_not_modified_is_not_a_silent_source(
    server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    """Every Nature feed answering 304 Not Modified is a quiet week, not a broken source."""
    serve_feeds(server)
    assert fmwatch(config_file, "--since", SINCE).exit_code == 0
    for path in NATURE_FEEDS.values():
        server.add(f"/{path}", Reply(304, ""))
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 0, result.stderr
    markdown = Path(str(as_json(result)["digest"])).read_text(encoding="utf-8")
    [row] = [line for line in markdown.splitlines() if line.startswith("| nature |")]
    assert row.endswith("| ok |") and "WARNING" not in row


def test_one_feed_answering_not_modified_does_not_hide_the_others_silence(
    server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    serve_feeds(server)
    assert fmwatch(config_file, "--since", SINCE).exit_code == 0
    empty = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://www.nature.com/x.rss">'
        "<title>x</title><link>https://www.nature.com</link><description>x</description>"
        "<items><rdf:Seq/></items></channel></rdf:RDF>\n"
    )
    paths = list(NATURE_FEEDS.values())
    for path in paths[:-1]:
        server.add(f"/{path}", Reply(body=empty, content_type="application/rss+xml"))
    server.add(f"/{paths[-1]}", Reply(304, ""))
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 0, result.stderr
    markdown = Path(str(as_json(result)["digest"])).read_text(encoding="utf-8")
    [row] = [line for line in markdown.splitlines() if line.startswith("| nature |")]
    assert "**WARNING**: returned no records" in row


def test_dry_run_writes_no_branch_and_sends_no_email(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    catalog_repo: Path,
    smtp: SmtpServer,
) -> None:
    serve_feeds(server)
    result = fmwatch(config_file, "--since", SINCE, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    assert data["dry_run"] is True and data["proposed"] >= len(STRONG)
    assert git(catalog_repo, "branch", "--list").split() == ["*", "main"]
    assert not (tmp_path / "state" / "outbox").exists() or not any(
        (tmp_path / "state" / "outbox").iterdir()
    )
    assert smtp.messages == []
    assert "Dry run: nothing was written" in Path(str(data["digest"])).read_text(encoding="utf-8")
    # a later real run still proposes them
    real = fmwatch(config_file, "--since", SINCE, "--json")
    assert as_json(real)["proposed"] == data["proposed"]


def test_json_stdout_is_one_object_and_progress_goes_to_stderr(
    server: LoopbackServer, config_file: Path
) -> None:
    serve_feeds(server)
    result = fmwatch(config_file, "--since", SINCE, "--json", "--no-email")
    assert result.stdout.count("\n") == 1
    assert set(as_json(result)) == {
        "run_id", "week", "window", "dry_run", "sources", "scored", "proposed",
        "proposal_status", "forge", "pr_url", "branch", "outbox", "digest", "emailed_to",
        "errors", "warnings", "exit_status",
    }  # fmt: skip
    assert "fetch:" in result.stderr


def test_smtp_failure_is_one_line_and_exit_1_but_digest_is_written(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serve_feeds(server)
    smtp.stop()  # nothing listens on the configured port any more
    monkeypatch.setenv("FMWATCH_SMTP_USER", "bot")
    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "pa55-word-secret")
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 1
    data = as_json(result)
    errors = data["errors"]
    assert isinstance(errors, list) and len(errors) == 1
    assert errors[0].startswith(f"digest: cannot connect to SMTP server 127.0.0.1:{smtp.port} (")
    assert "pa55-word-secret" not in result.stdout + result.stderr
    assert Path(str(data["digest"])).is_file()


def test_bad_since_is_a_usage_error(config_file: Path) -> None:
    result = fmwatch(config_file, "--since", "last week")
    assert result.exit_code == 2
    assert "'last week' is not a date; use YYYY-MM-DD" in result.stderr


def test_fresh_without_demo_is_refused(config_file: Path) -> None:
    result = fmwatch(config_file, "--fresh")
    assert result.exit_code == 2
    assert "--fresh only applies to --demo" in result.stderr


def test_help_says_what_run_does() -> None:
    result = CliRunner().invoke(cli, ["run", "--help"])
    assert result.exit_code == 0
    assert "the weekly job" in " ".join(result.stdout.split())
    for option in ("--since", "--dry-run", "--email", "--json", "--demo", "--fresh"):
        assert option in result.stdout


def test_curator_decisions_since_the_last_digest_are_reported_once(
    server: LoopbackServer, config_file: Path, smtp: SmtpServer
) -> None:
    serve_feeds(server)
    first = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    outbox = Path(str(first["outbox"]))
    # the curator closes the local "pull request" without merging: every row is rejected
    outbox.write_text(
        outbox.read_text(encoding="utf-8").replace("state: open", "state: closed", 1),
        encoding="utf-8",
    )
    second = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    markdown = Path(str(second["digest"])).read_text(encoding="utf-8")
    assert f"## Curator decisions since the last digest ({first['proposed']})" in markdown
    assert "- rejected: [DARE-EEG: A Foundation Model" in markdown
    assert second["proposed"] == 0  # a rejected work is not proposed again
    third = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    assert "Curator decisions" not in Path(str(third["digest"])).read_text(encoding="utf-8")


def test_actions_repository_is_the_default_forge_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fmwatch.commands.run import with_actions_repository
    from fmwatch.config import Config

    env = {"GITHUB_REPOSITORY": "example-org/fm-catalog"}
    assert with_actions_repository(Config(), env).forge.repository == ""  # no token: local forge
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_" + "x" * 36)
    assert with_actions_repository(Config(), env).forge.repository == "example-org/fm-catalog"


def test_terminal_summary_shows_outside_text_literally() -> None:
    # A server's error text with rich markup and an escape sequence: shown as text, never
    # interpreted (an unmatched "[/red]" used to make rich raise in the middle of the summary).
    from rich.console import Console

    from fmwatch.commands.run import _t, summary_table
    from fmwatch.models import SourceStats
    from fmwatch.pipeline import RunReport

    failure = "HTTP 500 [/red][bold]boom[/bold] \x1b[2J\u202eevil\r\nnext"
    report = RunReport(run_id=1, week="2026-W22", since=None, until="2026-05-24", dry_run=False)
    report.sources = [SourceStats(source="arxiv", requests=1, failure=failure)]
    console = Console(record=True, width=300, color_system=None)
    console.print(summary_table(report, {}))
    console.print(f"[red]error[/red]: {_t(failure)}")
    out = console.export_text()
    assert "HTTP 500 [/red][bold]boom[/bold] [2Jevil next" in out
    assert "\x1b" not in out and "\u202e" not in out


def normalised(markdown: str, *, tmp_path: Path) -> str:
    """The digest with what differs from run to run replaced by placeholders: the ISO week and
    today's date (the window's end) of the run's clock, and the temporary folder."""
    now = datetime.now(UTC)
    year, week, _ = now.isocalendar()
    return (
        markdown.replace(str(tmp_path), "<TMP>")
        .replace(f"{year}-W{week:02d}", "<WEEK>")
        .replace(now.date().isoformat(), "<TODAY>")
    )


def test_markdown_digest_matches_the_golden_file(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole run's Markdown digest, byte for byte (after normalising run-specific values).

    It depends on the scorer's verdicts on the sample feeds (scores, sections, near-misses):
    when scoring is tuned on purpose, regenerate it with
    ``FMWATCH_UPDATE_GOLDEN=1 python -m pytest tests/test_run.py -k golden`` and review the diff.
    """
    serve_feeds(server)
    monkeypatch.chdir(tmp_path)  # the outbox path is then shown relative: state/outbox/…
    result = fmwatch(config_file, "--since", SINCE, "--json")
    assert result.exit_code == 0, result.stderr
    markdown = Path(str(as_json(result)["digest"])).read_text(encoding="utf-8")
    text = normalised(markdown, tmp_path=tmp_path)
    if os.environ.get("FMWATCH_UPDATE_GOLDEN") and text != GOLDEN.read_text(encoding="utf-8"):
        GOLDEN.write_text(text, encoding="utf-8")  # never a silent pass: compared to itself
        pytest.fail("tests/golden/run_digest.md rewritten: review its diff, then run without it")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the digest differs from tests/golden/run_digest.md; if the change is intended "
        "(e.g. scorer tuning), regenerate it with FMWATCH_UPDATE_GOLDEN=1 and review the diff"
    )
    assert "<TMP>" not in text  # every path in the digest is relative to where the run started


def test_ctrl_c_keeps_what_was_stored_and_closes_the_run(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    catalog_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Interrupted after arXiv was stored: one line, exit 130, arXiv's records kept, the run
    recorded as failed (not left "running"), no proposal, and the next run proposes normally."""
    from fmwatch.commands import run as run_module
    from fmwatch.models import SourceStats

    serve_feeds(server)

    def interrupt_after_first_source(console: object) -> object:
        def progress(stats: SourceStats, done: bool) -> None:
            if done:
                raise KeyboardInterrupt

        return progress

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "_print_fetch_progress", interrupt_after_first_source)
        result = fmwatch(config_file, "--since", SINCE)
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (
        "fmwatch: interrupted; everything stored so far is kept"
    )
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.count_papers() == {"arxiv": 10}
        assert [r["status"] for r in store.last_runs()] == ["failed"]
    assert git(catalog_repo, "branch", "--list").split() == ["*", "main"]
    again = as_json(fmwatch(config_file, "--since", SINCE, "--json"))
    assert again["exit_status"] == 0 and isinstance(again["proposed"], int)
    assert again["proposed"] >= len(STRONG)


@pytest.mark.allow_unused_routes  # the held feed shadows the sample one
@pytest.mark.parametrize("signals", [1, 2])
def test_sigterm_keeps_what_was_stored_and_closes_the_run(
    tmp_path: Path, server: LoopbackServer, config_file: Path, signals: int
) -> None:
    """SIGTERM (a cancelled or timed-out Action, systemd) while a feed is being read: one line,
    exit 143, the sources read so far kept, and the run recorded as failed, not "running" —
    also when the supervisor sends it twice at once."""
    serve_feeds(server)
    release = threading.Event()

    def held(rec: Recorded) -> Reply:
        release.wait(30)
        return Reply(503, "gone", content_type="text/plain")

    server.handle("/nature.rss", held)
    env = {**os.environ, "PYTHONUTF8": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "fmwatch", "--config", str(config_file), "run", "--since", SINCE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for _ in range(600):  # until the run is inside the Nature request
            if server.requests_to("/nature.rss") or process.poll() is not None:
                break
            time.sleep(0.05)
        assert server.requests_to("/nature.rss"), "the run never reached the Nature feed"
        for _ in range(signals):
            process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, stderr
    assert stderr.splitlines()[-1] == "fmwatch: stopped (SIGTERM); everything stored so far is kept"
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.count_papers()["arxiv"] == 10
        assert [r["status"] for r in store.last_runs()] == ["failed"]


def test_a_dry_run_says_what_would_be_proposed_not_that_it_was(
    server: LoopbackServer, config_file: Path, catalog_repo: Path
) -> None:
    serve_feeds(server)
    result = fmwatch(config_file, "--since", SINCE, "--dry-run")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # (the report goes to standard error, wrapped)
    assert "would be proposed; no branch, pull request or e-mail was made" in said
    assert "proposed branch:" not in said
    assert git(catalog_repo, "branch", "--list").split() == ["*", "main"]


def test_a_second_run_on_the_same_database_waits_its_turn_with_one_line(
    server: LoopbackServer, config_file: Path, catalog_repo: Path
) -> None:
    from fmwatch.config import load_config
    from fmwatch.runlock import run_lock

    serve_feeds(server)
    db = load_config(config_file, env={}).db_path
    with run_lock(db):  # another run holds it
        busy = fmwatch(config_file, "--since", SINCE)
    assert busy.exit_code == 1
    said = " ".join(busy.stderr.split())
    assert "another fmwatch run (or propose / sync) is using" in said and "let it finish" in said
    for command in (["propose"], ["sync"]):  # by hand, while the run holds it
        with run_lock(db):
            by_hand = CliRunner().invoke(cli, ["--config", str(config_file), *command])
        assert by_hand.exit_code == 1 and "another fmwatch run" in by_hand.stderr
    assert git(catalog_repo, "branch", "--list").split() == ["*", "main"]
    # released when that run ends (however it ends): the next run goes ahead
    assert fmwatch(config_file, "--since", SINCE).exit_code == 0


def test_email_asked_for_without_an_address_is_refused_before_the_run(
    config_file: Path, server: LoopbackServer, smtp: SmtpServer, tmp_path: Path
) -> None:
    """`digest.email = true` without sender or recipients stops at load with one line naming
    the key; `--email` turns the same setting on, and must not find out only when the digest is
    sent, after every source was read and the pull request opened."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace("email = true", "email = false").replace(
        'recipients = ["curators@example.org"]', "recipients = []"
    )
    config_file.write_text(text, encoding="utf-8")
    result = fmwatch(config_file, "--since", SINCE, "--email")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        "fmwatch: config error: digest.sender: e-mail is enabled but sender or recipients are "
        "empty; set digest.sender and digest.recipients, or digest.email = false"
    )
    assert server.requests == [] and smtp.messages == []
    assert not (tmp_path / "state" / "digests").exists()


def test_a_work_decided_twice_is_listed_once_as_it_ended(
    server: LoopbackServer, config_file: Path, tmp_path: Path
) -> None:
    """The digest's curator decisions are what a reader acts on: a work accepted twice is one
    line; one rejected by mistake and then accepted is listed as accepted only; one rejected
    and then reopened was not decided in the end, and is not listed as rejected."""
    serve_feeds(server)
    first = as_json(fmwatch(config_file, "--since", SINCE, "--json", "--no-email"))
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        rows = store.db.execute(
            "SELECT work_id, title FROM candidates WHERE status = 'proposed' ORDER BY work_id"
        ).fetchall()
    assert len(rows) >= 3 and first["proposed"] == len(rows)
    (twice, twice_title), (changed, changed_title), (undone, undone_title) = rows[:3]

    def decide(*args: str) -> None:
        out = CliRunner().invoke(cli, ["--config", str(config_file), *args])
        assert out.exit_code == 0, out.output

    decide("accept", twice)
    decide("accept", twice)
    decide("reject", changed, "--reason", "a slip")
    decide("accept", changed)
    decide("reject", undone)
    decide("reopen", undone)
    second = as_json(fmwatch(config_file, "--since", SINCE, "--json", "--no-email"))
    lines = Path(str(second["digest"])).read_text(encoding="utf-8").splitlines()
    assert "## Curator decisions since the last digest (2)" in lines
    decided = [line for line in lines if line.startswith(("- accepted: ", "- rejected: "))]
    assert len(decided) == 2
    assert [line.split(":", 1)[0] for line in decided] == ["- accepted", "- accepted"]
    assert sum(twice_title[:30] in line for line in decided) == 1
    assert sum(changed_title[:30] in line for line in decided) == 1
    assert not any(undone_title[:30] in line for line in decided)


@pytest.mark.parametrize("curator_pushed", [False, True])
def test_a_row_added_by_hand_where_the_open_proposal_added_one(
    tmp_path: Path,
    server: LoopbackServer,
    config_file: Path,
    catalog_repo: Path,
    curator_pushed: bool,
) -> None:
    """A curator adds a row by hand on main right where the open proposal added its first
    row, so git cannot merge main into the branch. A branch only the bot wrote is resolved by
    the bot (main's rows, then the proposal's) and merges cleanly; one a curator also pushed to
    is left as it is, and the terminal, ``--json``'s warnings and the digest's "Waiting for a
    curator" say how to settle it. Either way the week's new row goes on the branch."""
    from proposal_helpers import add_work, curator_commit

    serve_feeds(server)
    first = fmwatch(config_file, "--since", SINCE, "--json", "--no-email")
    assert first.exit_code == 0, first.stderr
    branch = str(as_json(first)["branch"])
    main = git(catalog_repo, "show", "main:CATALOG.md").splitlines(keepends=True)
    proposed = git(catalog_repo, "show", f"{branch}:CATALOG.md").splitlines(keepends=True)
    at = next(i for i, (a, b) in enumerate(zip(main, proposed, strict=False)) if a != b)
    by_hand = "| Hand | [A model added by hand](https://arxiv.org/abs/2401.00009) | - | - | - |\n"
    (catalog_repo / "CATALOG.md").write_text("".join([*main[:at], by_hand, *main[at:]]))
    git(catalog_repo, "commit", "-q", "-am", "a row added by hand")
    if curator_pushed:
        curator_commit(
            catalog_repo,
            branch,
            lambda text: text.replace(
                proposed[at], proposed[at].replace(" | ", " | (checked) ", 1)
            ),
            "a note on the proposal",
        )
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        add_work(
            store,
            "2605.99001",
            "PathoNova: a whole-slide foundation model for computational pathology",
            abstract="We pretrain PathoNova, a vision transformer with 300 million parameters, "
            "on 120,000 whole-slide images from 25 organs with self-supervised learning, and "
            "release the weights. It transfers to 14 downstream tasks.",
            score=0.9,
        )
    second = fmwatch(config_file, "--since", SINCE, "--json", "--no-email")
    assert second.exit_code == 0, second.stderr
    data = as_json(second)
    assert data["proposed"] == 1
    assert "PathoNova" in git(catalog_repo, "show", f"{branch}:CATALOG.md")
    digest = Path(str(data["digest"])).read_text(encoding="utf-8")
    line = (
        f"the pull request's branch {branch} conflicts with main (CATALOG.md), so it was not "
        f"brought up to date: merge main into {branch} and keep both sides' rows in CATALOG.md"
    )
    if curator_pushed:
        assert data["warnings"] == [f"propose: {line}"]
        assert line in second.stderr
        assert "## Waiting for a curator (1)" in digest and line in digest
        return
    assert data["warnings"] == [] and "Waiting for a curator" not in digest
    git(catalog_repo, "merge", "-q", "--no-edit", branch)  # (no conflict left to resolve)
    merged = git(catalog_repo, "show", "main:CATALOG.md")
    assert by_hand in merged and "PathoNova" in merged
    assert merged.index(by_hand) < merged.index(proposed[at])


def test_a_configured_github_repository_without_a_token_is_said_not_silently_local(
    server: LoopbackServer, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`forge.kind = "auto"` with a repository and no token proposes to a local branch, as
    documented; a cron job whose token variable was lost must not do that silently week after
    week: the run, its --json warnings and the digest say so, and how to fix or mean it."""
    for name in ("GITHUB_TOKEN", "FMWATCH_GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace('kind = "local"', 'kind = "auto"\nrepository = "example-org/fm-catalog"'),
        encoding="utf-8",
    )
    serve_feeds(server)
    result = fmwatch(config_file, "--since", SINCE, "--json", "--no-email")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    line = (
        "forge.repository is example-org/fm-catalog but no GitHub token is set, so the "
        "proposal went to a local branch and the outbox; export GITHUB_TOKEN (or "
        'FMWATCH_GITHUB_TOKEN), or set forge.kind = "local" to mean it'
    )
    assert data["forge"] == "local" and data["warnings"] == [f"forge: {line}"]
    assert line in result.stderr
    digest = Path(str(data["digest"])).read_text(encoding="utf-8")
    assert "example-org/fm-catalog but no GitHub token is set" in digest
    # meant: no word of it
    config_file.write_text(text, encoding="utf-8")
    again = as_json(fmwatch(config_file, "--since", SINCE, "--json", "--no-email"))
    assert again["warnings"] == []
