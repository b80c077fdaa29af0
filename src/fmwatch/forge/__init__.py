"""Forges: where proposals go. :func:`make_forge` picks one from the config and the environment.

``forge.kind = "auto"`` (the default) means GitHub when a token is set in the environment
(``GITHUB_TOKEN`` or ``FMWATCH_GITHUB_TOKEN``) *and* ``forge.repository`` names a repository,
else the local forge, so the job also runs on a machine with no GitHub access.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from fmwatch.config import Config, github_token
from fmwatch.errors import ForgeError
from fmwatch.forge.base import BOT_EMAIL, BOT_NAME, BranchInfo, Commit, Forge, PullRequest
from fmwatch.forge.github import GitHubForge
from fmwatch.forge.local import LocalForge, outbox_name


def make_forge(
    config: Config,
    repo_dir: str | Path | None = None,
    token: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Forge:
    """The forge for this run.

    ``repo_dir`` is the git repository holding the catalog (local forge); by default the
    directory of ``config.catalog``. ``token`` overrides the environment (tests only).
    """
    kind = config.forge.kind
    if token is None and (kind == "github" or (kind == "auto" and config.forge.repository)):
        # (read, and checked, only where it may be used: a token set for another tool must not
        # stop a local run)
        token = github_token()
    if kind == "github" or (kind == "auto" and token and config.forge.repository):
        if not token:
            raise ForgeError(
                'forge.kind is "github" but no token is set; export GITHUB_TOKEN (or '
                'FMWATCH_GITHUB_TOKEN), or set forge.kind = "local"'
            )
        return GitHubForge(config, token, transport=transport)
    catalog = Path(config.catalog)
    if repo_dir is None:
        repo_dir = catalog.parent
    catalog_path = config.forge.catalog_path
    if catalog.exists():
        # The catalog the run reads is the one proposals change: name it relative to its repo.
        catalog_path = str(catalog.resolve())
    return LocalForge(
        Path(repo_dir),
        config.state_path / "outbox",
        base_branch=config.forge.base_branch,
        catalog_path=catalog_path,
    )


__all__ = [
    "BOT_EMAIL",
    "BOT_NAME",
    "BranchInfo",
    "Commit",
    "Forge",
    "GitHubForge",
    "LocalForge",
    "PullRequest",
    "make_forge",
    "outbox_name",
]
