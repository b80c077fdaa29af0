"""What the triage commands print about feed text a curator reads in a terminal: one 100 KB
title (a feed's glitch, a hostile record) must not flood `candidates` or `propose` with
thousands of lines; `--json` keeps every value whole for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from fmwatch.cli import cli
from fmwatch.store import Store
from proposal_helpers import add_work, make_catalog_repo

HUGE = "A foundation model for pathology " + "word " * 20_000  # about 100 KB


def _invoke(tmp_path: Path, repo: Path, *args: str) -> Result:
    env = {
        "FMWATCH_STATE_DIR": str(tmp_path / "state"),
        "FMWATCH_CATALOG": str(repo / "CATALOG.md"),
        "FMWATCH_CONFIG": "",
        "GITHUB_TOKEN": "",
        "FMWATCH_GITHUB_TOKEN": "",
        "COLUMNS": "160",
    }
    return CliRunner().invoke(cli, list(args), env=env, terminal_width=100)


def test_a_huge_title_is_clipped_in_the_terminal_and_whole_in_json(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path)
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        add_work(store, "2605.00001", HUGE, score=0.9)
        add_work(store, "2605.00002", "Short title", score=0.8)

    proposed = _invoke(tmp_path, repo, "propose")
    assert proposed.exit_code == 0, proposed.output
    assert "arxiv:2605.00001" in proposed.output and "Short title" in proposed.output
    assert len(proposed.output) < 3_000

    listed = _invoke(tmp_path, repo, "candidates")
    assert listed.exit_code == 0, listed.output
    assert "arxiv:2605.00001" in listed.output and "foundation" in listed.output
    assert len(listed.output) < 10_000 and listed.output.count("\n") < 30

    rejected = _invoke(
        tmp_path, repo, "reject", "arxiv:2605.00002", "--reason", "x" * 50_000 + "\nsecond line"
    )
    assert rejected.exit_code == 0, rejected.output
    assert rejected.output.startswith("arxiv:2605.00002: rejected (xxx")
    assert len(rejected.output.splitlines()[0]) < 400 and "second line" not in rejected.output

    whole = _invoke(tmp_path, repo, "candidates", "--json")
    titles = {c["work_id"]: c["title"] for c in json.loads(whole.output)}
    assert titles["arxiv:2605.00001"] == " ".join(HUGE.split())
