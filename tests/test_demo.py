"""``fmwatch run --demo``: offline, from any directory, twice, and ``--fresh``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmwatch.cli import cli
from fmwatch.demo import bundled_catalog

ROOT = Path(__file__).resolve().parent.parent


def demo(*args: str) -> Result:
    return CliRunner().invoke(cli, ["run", "--demo", *args])


def branches(repo: Path) -> list[str]:
    out = subprocess.run(
        ["git", "branch", "--format=%(refname:short)"],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(out.split())


def test_bundled_catalog_equals_the_repository_catalog() -> None:
    """The demo ships a copy of CATALOG.md (package data); it must not drift from the original."""
    assert bundled_catalog() == (ROOT / "CATALOG.md").read_text(encoding="utf-8")


def test_demo_twice_then_fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # a config in the current directory must not leak into the demo
    (tmp_path / "fmwatch.toml").write_text('state_dir = "elsewhere"\n', encoding="utf-8")
    first = demo()
    assert first.exit_code == 0, first.stderr
    root = tmp_path / "fmwatch-demo"
    assert "Digest:          fmwatch-demo/state/digests/2026-W22.md" in first.stderr
    assert (
        "Proposed branch: fmwatch/2026-W22 in the git repository fmwatch-demo/catalog"
        in first.stderr
    )
    assert branches(root / "catalog") == ["fmwatch/2026-W22", "main"]
    digest = (root / "state" / "digests" / "2026-W22.md").read_text(encoding="utf-8")
    assert "## New candidates (" in digest
    # the outbox is named relative to where the demo ran, as the terminal names it
    assert "pull request text in `fmwatch-demo/state/outbox/fmwatch-2026-W22.md`" in digest
    assert str(tmp_path) not in digest
    assert "Pull request:    fmwatch-demo/state/outbox/fmwatch-2026-W22.md" in first.stderr
    # a bundled paper that fine-tunes existing models for narrow tasks is a near-miss, not a row
    assert "## Near-misses (" in digest
    near = digest.split("## Near-misses (", 1)[1]
    assert "Fine-tuning protein language models boosts predictions across diverse tasks" in near
    proposed = subprocess.run(
        ["git", "show", "fmwatch/2026-W22:CATALOG.md"],
        cwd=root / "catalog",
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Fine-tuning protein language models" not in proposed
    assert (root / "state" / "outbox" / "fmwatch-2026-W22.md").is_file()
    assert not (tmp_path / "elsewhere").exists()

    second = demo("--json")
    assert second.exit_code == 0, second.stderr
    assert '"proposed": 0' in second.stdout
    again = (root / "state" / "digests" / "2026-W22-2.md").read_text(encoding="utf-8")
    assert "Nothing new this week" in again
    assert branches(root / "catalog") == ["fmwatch/2026-W22", "main"]

    third = demo("--fresh")
    assert third.exit_code == 0, third.stderr
    assert "Proposed branch: fmwatch/2026-W22" in third.stderr
    assert sorted(p.name for p in (root / "state" / "digests").iterdir()) == ["2026-W22.md"]


def test_demo_and_since_do_not_mix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = demo("--since", "2026-01-01")
    assert result.exit_code == 2
    assert "--since cannot be combined with --demo" in result.stderr


def test_a_second_demo_in_the_same_folder_does_not_delete_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmwatch.runlock import demo_lock

    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "fmwatch-demo" / "keep"
    marker.parent.mkdir()
    marker.write_text("a demo at work", encoding="utf-8")
    with demo_lock(tmp_path):  # another demo runs here
        result = CliRunner().invoke(cli, ["run", "--demo", "--fresh"])
    assert result.exit_code == 1
    assert "another fmwatch demo is running in" in result.stderr
    assert marker.exists()  # --fresh deleted nothing


def test_a_database_reached_through_a_symlink_is_the_same_lock(tmp_path: Path) -> None:
    from fmwatch.errors import FmwatchError
    from fmwatch.runlock import run_lock

    real = tmp_path / "state" / "fmwatch.db"
    real.parent.mkdir()
    real.touch()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with (
        run_lock(real),
        pytest.raises(FmwatchError, match="another fmwatch run"),
        run_lock(link),
    ):
        pass


def _closed_then_reopened(root: Path, work_id: str) -> Path:
    """A demo run; the curator closes its proposal (deletes the branch), a second run records
    the rows rejected, and one work is reopened: the next run proposes it again. Returns the
    demo's catalog repository."""
    assert demo().exit_code == 0
    catalog = root / "fmwatch-demo" / "catalog"
    subprocess.run(["git", "branch", "-q", "-D", "fmwatch/2026-W22"], cwd=catalog, check=True)
    assert demo().exit_code == 0  # the closed proposal's rows are rejected
    env = {"FMWATCH_STATE_DIR": str(root / "fmwatch-demo" / "state")}
    reopened = CliRunner().invoke(cli, ["reopen", work_id], env=env)
    assert reopened.exit_code == 0, reopened.stderr
    return catalog


def test_a_demo_whose_candidates_wait_for_a_broken_row_says_so_and_leaves_no_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The curator closes the proposal (deletes its branch), reopens one work, and commits a
    row of their own with a cell missing in its section: the next run names the row and the
    fix, the epilogue does not claim every candidate was proposed before, and no branch is left
    at the broken catalog."""
    monkeypatch.chdir(tmp_path)
    catalog = _closed_then_reopened(tmp_path, "arxiv:2605.08207")
    text = (catalog / "CATALOG.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| Virchow2 |"))
    broken = "| Short | [A row](https://arxiv.org/abs/2402.00002) | - | - |"
    (catalog / "CATALOG.md").write_text(text.replace(row, f"{row}\n{broken}"), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "a row of our own"], cwd=catalog, check=True)
    third = demo()
    assert third.exit_code == 0, third.stderr
    out = third.stdout + third.stderr
    assert "has 4 cells, not as many as its table's columns" in out
    assert "the candidates wait for the catalog's fix" in out
    assert "was proposed before" not in out
    assert branches(catalog) == ["main"]
    # the digest says it too, for readers who never see the console
    shown = next(line for line in out.splitlines() if line.startswith("Digest:"))
    digest = (tmp_path / shown.split(":", 1)[1].strip()).read_text(encoding="utf-8")
    assert "## Waiting for a curator (1)" in digest
    assert "has 4 cells, not as many as its table" in digest
    assert "Nothing new this week" not in digest


def test_a_candidate_whose_section_was_renamed_is_reported_not_silently_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The curators renamed a section heading; a candidate for it cannot be placed: the run
    says so (and `--json` lists it under warnings) instead of leaving it pending unseen."""
    monkeypatch.chdir(tmp_path)
    catalog = _closed_then_reopened(tmp_path, "arxiv:2605.18298")
    text = (catalog / "CATALOG.md").read_text(encoding="utf-8")
    assert "## 1) Clinical Data\n" in text
    renamed = text.replace("## 1) Clinical Data\n", "## 1) Clinical and EHR models\n")
    (catalog / "CATALOG.md").write_text(renamed, encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "rename"], cwd=catalog, check=True)
    third = demo("--json")
    assert third.exit_code == 0, third.stderr
    warning = (
        "not proposed: arxiv:2605.18298: the catalog has no section 'Clinical Data' (renamed? "
        "its heading must keep that name, numbered or not); the work waits for it"
    )
    assert f"propose: {warning}" in third.stderr
    assert json.loads(third.stdout)["warnings"] == [f"propose: {warning}"]
