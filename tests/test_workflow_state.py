"""The weekly workflow's state steps, executed: restore from and save to the state branch.

The `run:` scripts of "Restore state from the state branch" and "Save state to the state branch"
are taken from `.github/workflows/fmwatch.yml` as written and run with bash in a real git clone
whose `origin` is a bare repository on disk, with the installed `fmwatch` on PATH: the first run
finds no branch, a save creates it, the next restore brings the state back, an unchanged state
makes no commit, and a state branch holding only the export rebuilds the database.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fmwatch.models import Paper
from fmwatch.store import Store
from git_http import basic_header, git_http_server

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "fmwatch.yml"
BRANCH = "fmwatch-state"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)


def step_script(name: str) -> str:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["run"]["steps"]
    script = next(step["run"] for step in steps if step.get("name") == name)
    assert isinstance(script, str)
    return script


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


#: the state branch's commit each checkout's last successful restore read (the restore step's
#: `sha` output, which the workflow hands to the save step as RESTORED_SHA)
_RESTORED: dict[Path, str] = {}


def run_step(name: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    outputs = cwd.parent / f"github-output-{len(_RESTORED)}-{os.getpid()}"
    outputs.unlink(missing_ok=True)
    step_env = {**env, "GITHUB_OUTPUT": str(outputs)}
    if name.startswith("Save"):
        step_env["RESTORED_SHA"] = _RESTORED.get(cwd, "")
    # Actions runs `run:` scripts with `bash -e {0}`
    done = subprocess.run(
        ["bash", "-e", "-c", step_script(name)],
        cwd=cwd,
        env=step_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if name.startswith("Restore") and done.returncode == 0:
        lines = outputs.read_text(encoding="utf-8").splitlines() if outputs.exists() else []
        _RESTORED[cwd] = dict(line.split("=", 1) for line in lines if "=" in line).get("sha", "")
    return done


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A bare `origin` with one commit on main, a clone of it, and the environment of a step."""
    origin = tmp_path / "origin.git"
    seed = tmp_path / "seed"
    env = {
        **os.environ,
        # the installed console script, next to this interpreter, comes first
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "STATE_BRANCH": BRANCH,
        "GITHUB_RUN_ID": "4242",
        "TMPDIR": str(tmp_path),  # the save step's `mktemp -d` worktree lands here, and goes
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        # what the runner sets: the state steps authenticate git to the server with the token
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_TOKEN": "test-token",
    }
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    subprocess.run(["git", "init", "--bare", "-q", str(origin)], check=True, env=env)
    subprocess.run(["git", "init", "-q", str(seed)], check=True, env=env)
    (seed / "README.md").write_text("catalog repository\n", encoding="utf-8")
    for args in (["add", "README.md"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=seed, check=True, env=env)
    subprocess.run(["git", "push", "-q", str(origin), "main"], cwd=seed, check=True, env=env)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, env=env)
    return origin, work, env


def add_paper(db: Path, source_id: str) -> None:
    with Store(db) as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id=source_id,
                    title=f"A pathology foundation model {source_id}",
                    abstract="We pretrain on slides.",
                    published="2026-05-01",
                    updated="2026-05-01",
                )
            ]
        )


def propose_a_work(db: Path) -> None:
    """What a run leaves when it proposed one work: its paper and its candidate row."""
    Store(db).close()
    add_paper(db, "2605.00007")
    with Store(db) as store:
        store.db.table("candidates").insert(
            {"work_id": "arxiv:2605.00007", "status": "proposed", "title": "x", "keys": "[]"}
        )


def test_the_state_steps_restore_save_and_rebuild_through_a_real_branch(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    origin, work, env = checkout

    first = run_step("Restore state from the state branch", work, env)
    assert first.returncode == 0, first.stderr
    assert f"No {BRANCH} branch yet: this is the first run." in first.stdout
    assert not (work / "state").exists()

    # what `fmwatch run` leaves behind: a database with a paper, and a digest
    Store(work / "state" / "fmwatch.db").close()
    add_paper(work / "state" / "fmwatch.db", "2605.00001")
    (work / "state" / "digests").mkdir()
    (work / "state" / "digests" / "2026-W22.md").write_text("# digest\n", encoding="utf-8")

    saved = run_step("Save state to the state branch", work, env)
    assert saved.returncode == 0, saved.stderr
    files = set(git(origin, "ls-tree", "-r", "--name-only", BRANCH).split())
    assert {"state/export/papers.jsonl", "state/digests/2026-W22.md"} <= files
    # not the database file: binary and tens of megabytes, it would grow the branch's history
    # by its whole size every week; the restore rebuilds it from the export
    assert "state/fmwatch.db" not in files
    assert "README.md" not in files  # an orphan branch: only the state
    assert "2605.00001" in git(origin, "show", f"{BRANCH}:state/export/papers.jsonl")
    assert "run 4242" in git(origin, "log", "-1", "--format=%s", BRANCH)
    # the user's checkout is untouched: still on main, nothing staged, no worktree left behind
    assert git(work, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(work, "status", "--porcelain", "--untracked-files=no") == ""

    # next week, on a fresh runner: the state comes back from the branch
    shutil.rmtree(work / "state")
    restored = run_step("Restore state from the state branch", work, env)
    assert restored.returncode == 0, restored.stderr
    with Store(work / "state" / "fmwatch.db") as store:
        assert store.get_paper("arxiv", "2605.00001") is not None
    assert (work / "state" / "digests" / "2026-W22.md").is_file()

    # nothing changed: no new commit
    head = git(origin, "rev-parse", BRANCH)
    unchanged = run_step("Save state to the state branch", work, env)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "State unchanged." in unchanged.stdout
    assert git(origin, "rev-parse", BRANCH) == head

    # a new paper: one more commit, on top of the previous state
    add_paper(work / "state" / "fmwatch.db", "2605.00002")
    again = run_step("Save state to the state branch", work, env)
    assert again.returncode == 0, again.stderr
    assert git(origin, "rev-parse", f"{BRANCH}~1") == head
    assert "2605.00002" in git(origin, "show", f"{BRANCH}:state/export/papers.jsonl")


def test_a_state_branch_of_an_older_workflow_with_the_database_file_is_read_and_tidied(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """Branches saved by the older workflow also hold state/fmwatch.db: it is used as it is,
    and the next save keeps only the export."""
    origin, work, env = checkout
    Store(work / "state" / "fmwatch.db").close()
    add_paper(work / "state" / "fmwatch.db", "2605.00003")
    assert run_step("Save state to the state branch", work, env).returncode == 0
    other = work.parent / "other"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(other)], check=True, env=env
    )
    shutil.copy(work / "state" / "fmwatch.db", other / "state" / "fmwatch.db")
    subprocess.run(["git", "add", "-f", "state/fmwatch.db"], cwd=other, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "old style"], cwd=other, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=other, check=True, env=env)

    shutil.rmtree(work / "state")
    restored = run_step("Restore state from the state branch", work, env)
    assert restored.returncode == 0, restored.stderr
    with Store(work / "state" / "fmwatch.db") as store:
        assert store.get_paper("arxiv", "2605.00003") is not None
    add_paper(work / "state" / "fmwatch.db", "2605.00005")
    assert run_step("Save state to the state branch", work, env).returncode == 0
    files = set(git(origin, "ls-tree", "-r", "--name-only", BRANCH).split())
    assert "state/fmwatch.db" not in files and "state/export/papers.jsonl" in files


def test_a_state_branch_with_neither_database_nor_export_stops_the_job(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """A branch whose state/ lost both (a bad manual edit): running on an empty database and
    saving it over the branch would lose every decision, so the restore fails instead."""
    origin, work, env = checkout
    Store(work / "state" / "fmwatch.db").close()
    assert run_step("Save state to the state branch", work, env).returncode == 0
    other = work.parent / "other"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(other)], check=True, env=env
    )
    subprocess.run(["git", "rm", "-r", "-q", "state/export"], cwd=other, check=True, env=env)
    (other / "state" / "digests").mkdir(parents=True, exist_ok=True)
    (other / "state" / "digests" / "W1.md").write_text("# digest\n", encoding="utf-8")
    subprocess.run(["git", "add", "-f", "state"], cwd=other, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "lost"], cwd=other, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=other, check=True, env=env)
    shutil.rmtree(work / "state")
    restored = run_step("Restore state from the state branch", work, env)
    assert restored.returncode != 0
    assert "holds neither state/fmwatch.db nor an export" in restored.stdout


def test_an_unreachable_origin_stops_the_job_instead_of_starting_from_nothing(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """A network blip while looking for the state branch is not "the first run": starting from
    an empty database and saving it over the branch would lose every curator decision."""
    origin, work, env = checkout
    Store(work / "state" / "fmwatch.db").close()
    add_paper(work / "state" / "fmwatch.db", "2605.00004")
    assert run_step("Save state to the state branch", work, env).returncode == 0
    head = git(origin, "rev-parse", BRANCH)

    git(work, "remote", "set-url", "origin", str(work.parent / "gone.git"))  # unreachable
    shutil.rmtree(work / "state")
    restored = run_step("Restore state from the state branch", work, env)
    assert restored.returncode != 0
    assert f"cannot reach origin to look for the {BRANCH} branch" in restored.stdout
    assert "first run" not in restored.stdout
    # and a save attempted anyway (a step run by hand) refuses rather than start an orphan
    Store(work / "state" / "fmwatch.db").close()
    saved = run_step("Save state to the state branch", work, env)
    assert saved.returncode != 0 and "cannot reach origin to save the state" in saved.stdout
    assert git(origin, "rev-parse", BRANCH) == head


def test_the_state_steps_authenticate_git_themselves_over_http(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """The checkout keeps no token in .git/config (``persist-credentials: false``), so each
    state step gives git the job's token for itself: here origin is served over HTTP on
    loopback by ``git http-backend``, refusing any request without that token, as github.com
    does for a private repository. The token is never printed."""
    origin, _, env = checkout
    token = "s3cret-test-token"
    with git_http_server(origin.parent, token) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        work = origin.parent / "http-work"
        # a clone as actions/checkout leaves it with persist-credentials: false
        subprocess.run(
            ["git", "-c", f"http.extraheader=Authorization: {basic_header(token)}", "clone",
             "-q", f"{url}/origin.git", str(work)],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        assert token not in (work / ".git" / "config").read_text(encoding="utf-8")
        step_env = {**env, "GITHUB_SERVER_URL": url, "GITHUB_TOKEN": token}

        first = run_step("Restore state from the state branch", work, step_env)
        assert first.returncode == 0, first.stderr
        assert "first run" in first.stdout
        Store(work / "state" / "fmwatch.db").close()
        add_paper(work / "state" / "fmwatch.db", "2605.00006")
        saved = run_step("Save state to the state branch", work, step_env)
        assert saved.returncode == 0, saved.stderr
        assert "2605.00006" in git(origin, "show", f"{BRANCH}:state/export/papers.jsonl")
        shutil.rmtree(work / "state")
        restored = run_step("Restore state from the state branch", work, step_env)
        assert restored.returncode == 0, restored.stderr
        assert (work / "state" / "fmwatch.db").is_file()
        for done in (first, saved, restored):
            assert token not in done.stdout + done.stderr

        # a wrong token: the server refuses, and the job stops rather than start from nothing
        refused_before = server.refused
        wrong = run_step(
            "Restore state from the state branch", work, {**step_env, "GITHUB_TOKEN": "wrong"}
        )
        assert wrong.returncode != 0 and server.refused > refused_before
        assert "cannot reach origin" in wrong.stdout
        assert "first run" not in wrong.stdout


def test_a_push_to_the_state_branch_during_the_run_is_never_overwritten(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """Someone pushes to the state branch while a run works from the state it restored, and not
    only curators' decisions (a file of their own beside the export, which the replay cannot
    carry): the save builds on the commit it restored, so its push is refused instead of
    replacing their state; the run's state goes to a branch of its own and the job fails
    saying so. Neither state is lost."""
    origin, work, env = checkout
    assert run_step("Restore state from the state branch", work, env).returncode == 0
    Store(work / "state" / "fmwatch.db").close()
    add_paper(work / "state" / "fmwatch.db", "2605.00007")
    assert run_step("Save state to the state branch", work, env).returncode == 0
    shutil.rmtree(work / "state")
    assert run_step("Restore state from the state branch", work, env).returncode == 0
    restored = git(origin, "rev-parse", BRANCH).strip()

    other = work.parent / "curator"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(other)], check=True, env=env
    )
    (other / "state" / "export" / "decisions-by-hand.txt").write_text("x\n", encoding="utf-8")
    subprocess.run(["git", "add", "-f", "state"], cwd=other, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "curator"], cwd=other, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=other, check=True, env=env)
    theirs = git(origin, "rev-parse", BRANCH).strip()

    add_paper(work / "state" / "fmwatch.db", "2605.00008")
    saved = run_step("Save state to the state branch", work, env)
    assert saved.returncode != 0
    assert f"the {BRANCH} branch moved while this run ran" in saved.stdout
    assert f"it is on the branch {BRANCH}-run-4242" in saved.stdout
    assert git(origin, "rev-parse", BRANCH).strip() == theirs  # theirs kept
    aside = f"{BRANCH}-run-4242"
    assert git(origin, "rev-parse", f"{aside}~1").strip() == restored  # the run's, on its own
    assert "2605.00008" in git(origin, "show", f"{aside}:state/export/papers.jsonl")

    # the job re-run (same run id, next attempt): its state goes to a branch of its own too,
    # not refused by the first attempt's
    add_paper(work / "state" / "fmwatch.db", "2605.00009")
    again = run_step("Save state to the state branch", work, {**env, "GITHUB_RUN_ATTEMPT": "2"})
    assert again.returncode != 0
    assert f"it is on the branch {BRANCH}-run-4242-2" in again.stdout
    assert "2605.00009" in git(origin, "show", f"{aside}-2:state/export/papers.jsonl")
    assert git(origin, "rev-parse", BRANCH).strip() == theirs


def test_a_curators_decisions_pushed_during_the_run_are_replayed_and_saved_on_top(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """A curator rejects a proposed work from a terminal and pushes the state while a run works:
    the run's refused save replays that decision into its own state and saves on top of the
    curator's commit, so the branch holds both the decision and the run's new paper."""
    origin, work, env = checkout
    assert run_step("Restore state from the state branch", work, env).returncode == 0
    db = work / "state" / "fmwatch.db"
    propose_a_work(db)
    assert run_step("Save state to the state branch", work, env).returncode == 0
    shutil.rmtree(work / "state")
    assert run_step("Restore state from the state branch", work, env).returncode == 0

    other = work.parent / "curator"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(other)], check=True, env=env
    )
    for args in (
        ["state", "import", "--dir", "state/export"],
        ["reject", "arxiv:2605.00007", "--reason", "a fine-tune for one organ"],
        ["state", "export", "--dir", "state/export"],
    ):
        subprocess.run(["fmwatch", *args], cwd=other, check=True, env=env, capture_output=True)
    subprocess.run(["git", "add", "-f", "state/export"], cwd=other, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "curator"], cwd=other, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=other, check=True, env=env)
    theirs = git(origin, "rev-parse", BRANCH).strip()

    add_paper(db, "2605.00008")
    saved = run_step("Save state to the state branch", work, env)
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert "decisions pushed meanwhile were replayed" in saved.stdout
    assert "1 curator decision(s) replayed" in saved.stderr
    assert git(origin, "rev-parse", f"{BRANCH}~1").strip() == theirs  # on top of theirs
    assert "2605.00008" in git(origin, "show", f"{BRANCH}:state/export/papers.jsonl")
    candidates = git(origin, "show", f"{BRANCH}:state/export/candidates.jsonl")
    assert json.loads(candidates.splitlines()[0])["status"] == "rejected"
    decisions = git(origin, "show", f"{BRANCH}:state/export/decisions.jsonl")
    assert "a fine-tune for one organ" in decisions
    assert git(origin, "branch", "--list", f"{BRANCH}-run-4242").strip() == ""


def test_a_change_beside_the_export_pushed_during_the_run_is_not_saved_over(
    checkout: tuple[Path, Path, dict[str, str]],
) -> None:
    """A state branch of the older workflow keeps state/fmwatch.db, and the restore runs on it;
    a curator rejects a work in that database and pushes it without an export. The replay reads
    the export only, so saving on top of theirs would delete their database, and their decision
    with it: the run's state goes to a branch of its own instead and the job fails."""
    origin, work, env = checkout
    db = work / "state" / "fmwatch.db"
    propose_a_work(db)
    assert run_step("Save state to the state branch", work, env).returncode == 0
    old_style = work.parent / "old-style"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(old_style)],
        check=True, env=env,
    )  # fmt: skip
    shutil.copy(db, old_style / "state" / "fmwatch.db")
    for args in (["add", "-f", "state/fmwatch.db"], ["commit", "-q", "-m", "old style"]):
        subprocess.run(["git", *args], cwd=old_style, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=old_style, check=True, env=env)
    shutil.rmtree(work / "state")
    assert run_step("Restore state from the state branch", work, env).returncode == 0

    curator = work.parent / "curator"
    subprocess.run(
        ["git", "clone", "-q", "--branch", BRANCH, str(origin), str(curator)], check=True, env=env
    )
    subprocess.run(
        ["fmwatch", "reject", "arxiv:2605.00007"], cwd=curator, check=True, env=env,
        capture_output=True,
    )  # fmt: skip
    subprocess.run(["git", "commit", "-q", "-a", "-m", "curator"], cwd=curator, check=True, env=env)
    subprocess.run(["git", "push", "-q", "origin", BRANCH], cwd=curator, check=True, env=env)
    theirs = git(origin, "rev-parse", BRANCH).strip()

    add_paper(db, "2605.00008")
    saved = run_step("Save state to the state branch", work, env)
    assert saved.returncode != 0, saved.stdout + saved.stderr
    assert "beside state/export" in saved.stderr
    assert f"it is on the branch {BRANCH}-run-4242" in saved.stdout
    assert git(origin, "rev-parse", BRANCH).strip() == theirs
    assert "2605.00008" in git(origin, "show", f"{BRANCH}-run-4242:state/export/papers.jsonl")
