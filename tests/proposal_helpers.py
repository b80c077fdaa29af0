"""Builders shared by the proposal and forge tests: a catalog in a real git repository, and
scored works written straight into the scorer's tables (so these tests do not depend on the
scorer's judgement, only on its table shapes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fmwatch.config import Config, ForgeConfig, HttpConfig
from fmwatch.models import Paper
from fmwatch.store import Store

#: A small catalog in the live catalog's shape; the fixture file says what it shows.
CATALOG = (Path(__file__).parent / "fixtures" / "proposals" / "catalog.md").read_text(
    encoding="utf-8"
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def make_catalog_repo(root: Path, text: str = CATALOG) -> Path:
    repo = root / "catalog-repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Curator")
    git(repo, "config", "user.email", "curator@example.org")
    (repo / "CATALOG.md").write_text(text, encoding="utf-8", newline="")
    git(repo, "add", "CATALOG.md")
    git(repo, "commit", "-q", "-m", "catalog")
    return repo


def curator_commit(repo: Path, branch: str, edit: Callable[[str], str], message: str) -> str:
    """A curator's commit on ``branch``, made in a linked worktree as a person would: the
    catalog's text passed through ``edit``. Returns the commit's id."""
    wt = Path(tempfile.mkdtemp(prefix="wt", dir=repo.parent))
    git(repo, "worktree", "add", "-q", str(wt), branch)
    catalog = wt / "CATALOG.md"
    catalog.write_text(edit(catalog.read_text(encoding="utf-8")), encoding="utf-8")
    git(wt, "commit", "-q", "-am", message)
    sha = git(wt, "rev-parse", "HEAD")
    git(repo, "worktree", "remove", str(wt))
    return sha


def without_lines(text: str, marker: str) -> str:
    """``text`` without the lines containing ``marker`` (a row the curator deleted)."""
    return "".join(ln for ln in text.splitlines(keepends=True) if marker not in ln)


def make_config(tmp_path: Path, repo: Path | None = None, **forge: Any) -> Config:
    return Config(
        state_dir=str(tmp_path / "state"),
        catalog=str((repo or tmp_path) / "CATALOG.md"),
        http=HttpConfig(
            timeout=5.0, attempts=3, backoff_initial=0.001, backoff_max=0.002, max_retry_after=5.0
        ),
        forge=ForgeConfig(**forge),
    )


def add_work(
    store: Store,
    arxiv_id: str,
    title: str,
    *,
    abstract: str = "",
    score: float = 0.8,
    decision: str = "propose",
    section: str = "Image Data",
    model_name: str | None = None,
    code_url: str | None = None,
    weights_url: str | None = None,
    published_doi: str | None = None,
) -> str:
    """One arXiv paper, its work and its score; returns the work id."""
    work_id = f"arxiv:{arxiv_id}"
    store.upsert_papers(
        [
            Paper(
                source="arxiv",
                source_id=arxiv_id,
                title=title,
                arxiv_id=arxiv_id,
                abstract=abstract,
                abs_url=f"https://arxiv.org/abs/{arxiv_id}",
                published_doi=published_doi,
            )
        ]
    )
    with store.db.conn:
        store.db.table("works").upsert(
            {
                "work_id": work_id,
                "keys": json.dumps([work_id]),
                "title": title,
                "abstract": abstract,
            },
            pk="work_id",
        )
        store.db.table("scores").upsert(
            {
                "work_id": work_id,
                "score": score,
                "decision": decision,
                "section": section,
                "kind": "model",
                "evidence": json.dumps(
                    [
                        {
                            "kind": "foundation",
                            "phrase": "foundation model",
                            "where": "title",
                            "weight": 0.4,
                        }
                    ]
                ),
                "model_name": model_name,
                "code_url": code_url,
                "weights_url": weights_url,
                "known_as": None,
                "title": title,
                "paper_url": f"https://arxiv.org/abs/{arxiv_id}",
            },
            pk="work_id",
        )
    return work_id


def use_git_before_2_38(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git before 2.38 on the PATH: ``merge-tree --write-tree`` answers with its usage (129),
    every other command is the real git's."""
    real = shutil.which("git")
    assert real is not None
    bin_dir = tmp_path / "old-git"
    bin_dir.mkdir()
    wrapper = bin_dir / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do [ "$a" = --write-tree ] && '
        "{ echo 'usage: git merge-tree [--trivial-merge] <base> <b1> <b2>' >&2; exit 129; }; done\n"
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
