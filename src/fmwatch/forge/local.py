"""The local forge: a real branch in the catalog's git repository, and a PR file in the outbox.

It lets the whole weekly job run on a machine with no GitHub access. Nothing the user has
checked out is touched: commits are made with git plumbing only (``hash-object -w`` for the new
catalog blob, ``read-tree`` + ``update-index`` into a *temporary* ``GIT_INDEX_FILE``,
``write-tree``, ``commit-tree`` and a compare-and-swap ``update-ref``), so the user's current
branch, index and working tree stay exactly as they were. Refusing to move a branch that is
checked out (``HEAD`` points at it) keeps that promise even then.

The "pull request" is ``<state_dir>/outbox/<branch, "/" replaced by "-">.md``: a small header of
``key: value`` lines (``state``, ``branch``, ``base``, ``labels``, ``title``), a ``---`` line, then
the PR body. How a local proposal's state is read back (:meth:`LocalForge.pull_state`):

- **merged** when the branch tip is an ancestor of the base branch (a merge or fast-forward);
  :mod:`fmwatch.proposals` also counts it merged when the base's catalog contains the proposed
  works (a squash, a cherry-pick or rows copied by hand);
- **closed** when the curator changes ``state: open`` to ``state: closed`` in the outbox file, or
  deletes the branch (``git branch -D fmwatch/2026-W48``);
- **open** otherwise.

Git is run with an argument list, never through a shell, so no text from a feed reaches one.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from fmwatch.errors import ForgeError
from fmwatch.forge.base import (
    BOT_EMAIL,
    BOT_NAME,
    BranchInfo,
    CatchUp,
    Commit,
    PullRequest,
    catch_up_message,
)

_HEADER_KEYS = ("state", "branch", "base", "labels", "title")
#: who the bot's commits are by (author and committer)
_BOT_ENV = {
    "GIT_AUTHOR_NAME": BOT_NAME,
    "GIT_AUTHOR_EMAIL": BOT_EMAIL,
    "GIT_COMMITTER_NAME": BOT_NAME,
    "GIT_COMMITTER_EMAIL": BOT_EMAIL,
}


def outbox_name(branch: str) -> str:
    """The outbox file name of a branch: ``fmwatch/2026-W48`` -> ``fmwatch-2026-W48.md``.

    Only ``[A-Za-z0-9._-]`` survive, so no name can leave the outbox folder (no ``/``), hide
    itself or pass for an option (no leading ``.`` or ``-``), and names stay short.
    """
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", branch).strip("-.")
    name = re.sub(r"\.{2,}", ".", name)[:120].strip("-.")
    return (name or "proposal") + ".md"


class _GitMissing(ForgeError):
    """git itself cannot be run (not installed, not on PATH)."""


class LocalForge:
    kind = "local"

    def __init__(
        self,
        repo_dir: str | Path,
        outbox_dir: str | Path,
        *,
        base_branch: str = "main",
        catalog_path: str = "CATALOG.md",
    ) -> None:
        self.repo_dir = Path(repo_dir)
        self.outbox_dir = Path(outbox_dir)
        if not self.repo_dir.is_dir() or not self._is_repo():
            raise ForgeError(
                f"local forge: {self.repo_dir} is not a git repository; run `git init` there and "
                "commit the catalog, or point FMWATCH_CATALOG at a catalog inside a repository"
            )
        self.repo_dir = Path(self._git("rev-parse", "--show-toplevel"))
        path = Path(catalog_path)
        if path.is_absolute():
            try:
                catalog_path = path.resolve().relative_to(self.repo_dir.resolve()).as_posix()
            except ValueError:
                raise ForgeError(
                    f"local forge: the catalog {path} is not inside the repository "
                    f"{self.repo_dir}; "
                    "move it there or set FMWATCH_CATALOG"
                ) from None
        # (git names "./CATALOG.md" as "CATALOG.md"; a "./" kept would match no path it lists)
        parts = catalog_path.replace(os.sep, "/").split("/")
        self.catalog_path = "/".join(part for part in parts if part not in ("", "."))
        self.base_branch = self._resolve_base(base_branch)

    # -- git --------------------------------------------------------------------------------
    def _is_repo(self) -> bool:
        try:
            self._git("rev-parse", "--git-dir")
        except _GitMissing:
            raise  # "not a git repository; run git init" would send the user the wrong way
        except ForgeError:
            return False
        return True

    def _git(
        self,
        *args: str,
        input: bytes | None = None,
        env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,),
    ) -> str:
        """git's stripped output; an exit status not in ``ok`` is a one-line ForgeError."""
        done = self._run(*args, input=input, env=env)
        if done.returncode not in ok:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ForgeError(
                f"local forge: `git {args[0]}` failed in {self.repo_dir} "
                f"({err[-1] if err else 'exit ' + str(done.returncode)}); check the repository"
            )
        return done.stdout.decode("utf-8", "replace").strip()

    def _run(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        """git run in the repository (argument list, never a shell; no prompt; C locale), its
        exit status left to the caller; git missing or not runnable is a one-line ForgeError."""
        full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.repo_dir,
                input=input,
                capture_output=True,
                env=full_env,
                check=False,
            )
        except FileNotFoundError as exc:
            if not self.repo_dir.is_dir():
                raise ForgeError(
                    f"local forge: {self.repo_dir} does not exist; point FMWATCH_CATALOG at a "
                    "catalog inside a git repository"
                ) from exc
            raise _GitMissing(
                "local forge: git is not installed; install git or use the GitHub forge"
            ) from exc
        except OSError as exc:
            raise ForgeError(
                f"local forge: cannot run git in {self.repo_dir} ({exc}); check the path"
            ) from exc

    def _resolve_base(self, base: str) -> str:
        if self.branch_sha(base) is not None:
            return base
        head = self._git("symbolic-ref", "--quiet", "--short", "HEAD", ok=(0, 1))
        if base == "main" and head and self.branch_sha(head) is not None:
            # The default base name; a repository whose first branch is "master" still works.
            return head
        raise ForgeError(
            f"local forge: base branch {base!r} not found in {self.repo_dir}; "
            "commit the catalog on it, or set forge.base_branch in fmwatch.toml"
        )

    def branch_sha(self, branch: str) -> str | None:
        out = self._git(
            "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", ok=(0, 1)
        )
        return out or None

    def read_catalog(self, ref: str | None = None) -> str:
        ref = ref or self.base_branch
        if self.branch_sha(ref) is not None:
            ref = f"refs/heads/{ref}"
        blob = self._git(
            "rev-parse", "--verify", "--quiet", f"{ref}:{self.catalog_path}", ok=(0, 1)
        )
        if not blob:
            raise ForgeError(
                f"local forge: {self.catalog_path} is not committed on {ref} in {self.repo_dir}; "
                "commit the catalog there, or set forge.catalog_path"
            )
        return self._run("cat-file", "blob", blob).stdout.decode("utf-8", "replace")

    def ensure_branch(self, branch: str) -> BranchInfo:
        sha = self.branch_sha(branch)
        if sha is not None:
            return BranchInfo(branch, sha, created=False)
        base_sha = self.branch_sha(self.base_branch)
        assert base_sha is not None
        self._git("update-ref", f"refs/heads/{branch}", base_sha, "0" * 40)
        return BranchInfo(branch, base_sha, created=True)

    def _checked_out_in(self, ref: str) -> str | None:
        """The working tree (this repository's, or a linked worktree) that has ``ref`` checked
        out, or None."""
        listing = self._git("worktree", "list", "--porcelain", ok=(0,))
        path = None
        for line in listing.splitlines():
            if line.startswith("worktree "):
                path = line[len("worktree ") :]
            elif line == f"branch {ref}":
                return path or str(self.repo_dir)
        return None

    def _refuse_checked_out(self, branch: str) -> None:
        where = self._checked_out_in(f"refs/heads/{branch}")
        if where is not None:
            raise ForgeError(
                f"local forge: {branch} is checked out in {where}; "
                "switch to another branch there "
                "(git switch -) so the bot can commit without touching your working tree"
            )

    def catch_up(self, branch: str) -> CatchUp:
        """``git merge-tree --write-tree`` (git 2.38 or later) merges without a working tree or
        index; an older git merges a branch that changed only the catalog file by file
        (:meth:`_catch_up_catalog_only`); the merge commit is the bot's, and the branch moves by
        compare-and-swap."""
        tip = self.branch_sha(branch)
        base = self.branch_sha(self.base_branch)
        if tip is None or base is None or self._is_ancestor(base, tip):
            return CatchUp("current")
        self._refuse_checked_out(branch)
        done = self._run("merge-tree", "--write-tree", "--name-only", "--no-messages", tip, base)
        lines = done.stdout.decode("utf-8", "replace").split("\n")
        if done.returncode == 1:
            return CatchUp("conflict", detail=", ".join(x for x in lines[1:] if x.strip()))
        if done.returncode == 129 or (done.returncode == 0 and not lines[0].strip()):
            # (129: the usage an older git answers --write-tree with)
            return self._catch_up_catalog_only(branch, tip, base)
        if done.returncode != 0:  # (a git that can, refusing: "unrelated histories")
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            why = err[-1] if err else f"exit {done.returncode}"
            return CatchUp(
                "unsupported", detail=f"git cannot merge them ({why}); {self._by_hand(branch)}"
            )
        return CatchUp("merged", self._append_merge(branch, lines[0].strip(), tip, base))

    def _catch_up_catalog_only(self, branch: str, tip: str, base: str) -> CatchUp:
        """The merge for a git older than 2.38, when ``branch`` changed nothing but the catalog
        since it shares history with the base (the bot's branches): the catalog's three
        versions merged by ``git merge-file`` (in every git), written over the base's tree. A
        catalog both changed at the same lines, or changed on one side and deleted on the
        other, is a conflict, as ``merge-tree`` would say. ``unsupported``, saying why, when
        this merge cannot stand for git's: other files changed on the branch, no shared
        history, more than one merge base (a criss-cross: merged from one of them, the catalog
        would get back rows the other merge dropped)."""

        def unsupported(why: str) -> CatchUp:
            return CatchUp(
                "unsupported",
                detail="this git cannot merge without a working tree (git 2.38 or later can), "
                f"and {why}; update git, or {self._by_hand(branch)}",
            )

        forks = self._git("merge-base", "--all", tip, base, ok=(0, 1)).split()
        if len(forks) != 1:
            why = "have no merge base" if not forks else f"have {len(forks)} merge bases"
            return unsupported(f"{branch} and {self.base_branch} {why}")
        fork = forks[0]
        # (-z: a path outside ASCII is quoted otherwise)
        changed = self._git("diff", "--name-only", "-z", "--no-renames", fork, tip).split("\0")
        if any(path and path != self.catalog_path for path in changed):
            return unsupported(f"{branch} changes more than {self.catalog_path}")
        ours, old, theirs = self._blob(tip), self._blob(fork), self._blob(base)
        text: bytes | None
        if ours in (old, theirs):  # (the base's catalog is the merge's)
            tree = self._git("rev-parse", f"{base}^{{tree}}")
            return CatchUp("merged", self._append_merge(branch, tree, tip, base))
        if theirs == old:
            text = ours
        elif ours is None or theirs is None:  # (changed on one side, deleted on the other)
            return CatchUp("conflict", detail=self.catalog_path)
        else:
            with tempfile.TemporaryDirectory(prefix="fmwatch-merge-") as tmp:
                paths = []
                for name, data in (("branch", ours), ("merge-base", old), ("base", theirs)):
                    path = Path(tmp) / name
                    path.write_bytes(data or b"")
                    paths.append(str(path))
                done = self._run("merge-file", "-p", *paths)
                err = done.stderr.decode("utf-8", "replace").replace(tmp + os.sep, "")
            if done.returncode < 0 or done.returncode > 127:  # (an error, not a conflict count)
                lines = err.strip().splitlines()
                why = lines[-1] if lines else f"exit {done.returncode}"
                return unsupported(f"git merge-file cannot merge {self.catalog_path} ({why})")
            if done.returncode != 0:
                return CatchUp("conflict", detail=self.catalog_path)
            text = done.stdout
        tree = self._tree_with_catalog(base, text)
        return CatchUp("merged", self._append_merge(branch, tree, tip, base))

    def _by_hand(self, branch: str) -> str:
        return f"merge {self.base_branch} into {branch} by hand"

    def _blob(self, rev: str) -> bytes | None:
        """The catalog's bytes at ``rev`` (``None`` when it has no catalog: not the same as an
        empty one)."""
        done = self._run("cat-file", "blob", f"{rev}:{self.catalog_path}")
        return done.stdout if done.returncode == 0 else None

    def _tree_with_catalog(self, commit: str, text: str | bytes | None) -> str:
        """The tree of ``commit`` with the catalog's text set to ``text`` (``None``: without
        the catalog), written through a temporary index (the user's index is never touched)."""
        with tempfile.TemporaryDirectory(prefix="fmwatch-index-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self._git("read-tree", commit, env=env)
            if text is None:
                self._git("update-index", "--force-remove", "--", self.catalog_path, env=env)
                return self._git("write-tree", env=env)
            listing = self._git("ls-tree", commit, "--", self.catalog_path)
            mode = listing.split()[0] if listing else "100644"
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            blob = self._git("hash-object", "-w", "--stdin", input=data)
            self._git(
                "update-index",
                "--add",
                "--cacheinfo",
                f"{mode},{blob},{self.catalog_path}",
                env=env,
            )
            return self._git("write-tree", env=env)

    def _append(self, branch: str, tree: str, parents: list[str], message: str) -> str:
        """A commit of ``tree`` by the bot on top of ``branch`` (whose tip is ``parents[0]``);
        the branch moves by compare-and-swap, which fails, and says so, if someone moved it."""
        args = [arg for parent in parents for arg in ("-p", parent)]
        sha = self._git(
            "commit-tree", tree, *args, "-F", "-", input=message.encode("utf-8"), env=_BOT_ENV
        )
        subject = message.split("\n", 1)[0]
        self._git("update-ref", "-m", subject, f"refs/heads/{branch}", sha, parents[0])
        return sha

    def merge_with_catalog(
        self, branch: str, text: str, message: str, *, tip: str, base: str
    ) -> str:
        self._refuse_checked_out(branch)
        return self._append_merge(branch, self._tree_with_catalog(base, text), tip, base, message)

    def _append_merge(
        self, branch: str, tree: str, tip: str, base: str, message: str | None = None
    ) -> str:
        """The bot's merge commit of ``tree`` (``base`` merged into ``branch`` at ``tip``); a
        branch someone moved meanwhile is left as they made it, and the error says so."""
        try:
            return self._append(
                branch, tree, [tip, base], message or catch_up_message(self.base_branch)
            )
        except ForgeError:
            if self.branch_sha(branch) == tip:
                raise
            # (the compare-and-swap: someone committed to the branch since ``text`` was made)
            raise ForgeError(
                f"local forge: {branch} moved while the bot was merging {self.base_branch} "
                "into it (someone committed to it), so it was left as they made it; the next "
                "run tries again"
            ) from None

    def commit_catalog(self, branch: str, text: str, message: str) -> str:
        self._refuse_checked_out(branch)
        parent = self.branch_sha(branch)
        if parent is None:
            parent = self.ensure_branch(branch).sha
        return self._append(branch, self._tree_with_catalog(parent, text), [parent], message)

    def commits_since(self, branch: str, since_sha: str | None) -> list[Commit]:
        if self.branch_sha(branch) is None:
            return []
        start = since_sha if since_sha else f"refs/heads/{self.base_branch}"
        known = self._git("cat-file", "-t", start, ok=(0, 1, 128)) if since_sha else "commit"
        if known != "commit":
            start = f"refs/heads/{self.base_branch}"
        out = self._git(
            "log", "--format=%H%x1f%an%x1f%ae%x1f%s%x1e", f"{start}..refs/heads/{branch}"
        )
        commits = []
        for record in out.split("\x1e"):
            parts = record.strip().split("\x1f")
            if len(parts) == 4:
                commits.append(Commit(parts[0], parts[1], parts[2], parts[3]))
        return commits

    # -- the outbox "pull request" -----------------------------------------------------------
    def outbox_path(self, branch: str) -> Path:
        return self.outbox_dir / outbox_name(branch)

    def _read_outbox(self, branch: str) -> dict[str, str] | None:
        path = self.outbox_path(branch)
        if not path.is_file():
            return None
        header: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() == "---":
                break
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in _HEADER_KEYS:
                header[key.strip().lower()] = value.strip()
        return header

    def record_state(self, branch: str, state: str) -> None:
        """The PR file says what sync found became of it (merged, or closed by deleting the
        branch), as a hosted pull request would; best effort: the database holds the decision
        either way."""
        header = self._read_outbox(branch)
        if not header or header.get("state", "open").lower() == state:
            return
        path = self.outbox_path(branch)
        try:
            text = path.read_text(encoding="utf-8")
            head, sep, rest = text.partition("\n---\n")
            lines = [
                f"state: {state}" if line.partition(":")[0].strip().lower() == "state" else line
                for line in head.split("\n")
            ]
            path.write_text("\n".join(lines) + sep + rest, encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass

    def find_pull(self, branch: str) -> PullRequest | None:
        header = self._read_outbox(branch)
        if header is None:
            return None
        return self.pull_state(
            PullRequest(
                branch,
                header.get("state", "open"),
                str(self.outbox_path(branch)),
                title=header.get("title", ""),
            )
        )

    def open_or_update_pull(
        self, branch: str, title: str, body: str, labels: tuple[str, ...]
    ) -> PullRequest:
        path = self.outbox_path(branch)
        header = self._read_outbox(branch) or {}
        state = header.get("state", "open")
        if state not in ("open", "closed", "merged"):
            state = "open"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lines = [
                f"state: {state}",
                f"branch: {branch}",
                f"base: {self.base_branch}",
                f"labels: {', '.join(labels)}",
                f"title: {' '.join(title.split())}",
                "---",
                "",
                body.rstrip("\n"),
                "",
            ]
            path.write_text("\n".join(lines), encoding="utf-8")
        except OSError as exc:
            raise ForgeError(
                f"local forge: cannot write the PR file {path} ({exc}); check state_dir permissions"
            ) from exc
        return PullRequest(branch, state, str(path), title=title, head_sha=self.branch_sha(branch))

    def pull_state(self, pull: PullRequest) -> PullRequest:
        header = self._read_outbox(pull.branch) or {}
        tip = self.branch_sha(pull.branch)
        base_text: str | None = None
        if tip is None:
            # the branch is gone: merged and then deleted (its last known commit is in the base),
            # or closed and deleted
            known = pull.head_sha
            merged = bool(known) and self._is_ancestor(str(known), f"refs/heads/{self.base_branch}")
            state = "merged" if merged else "closed"
            base_text = self.read_catalog() if merged else None
        elif self._is_ancestor(tip, f"refs/heads/{self.base_branch}"):
            # A proposal branch always carries the bot's commit, so "reachable from the base"
            # means a merge or a fast-forward happened.
            state = "merged"
            base_text = self.read_catalog()
        elif header.get("state", "open").lower() == "closed":
            state = "closed"
        else:
            state = "open"
        return PullRequest(
            pull.branch,
            state,
            str(self.outbox_path(pull.branch)),
            title=header.get("title", pull.title),
            head_sha=tip,
            merged_catalog=base_text,
        )

    def _is_ancestor(self, commit: str, of: str) -> bool:
        return self._run("merge-base", "--is-ancestor", commit, of).returncode == 0
