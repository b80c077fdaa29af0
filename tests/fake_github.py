"""A small, stateful fake of the GitHub REST API on the loopback server, for the GitHub forge.

It keeps a repository's commits, branches and pull requests in memory and implements only the
operations :mod:`fmwatch.forge.github` uses. Each request is checked against GitHub's published
REST API description for that operation, and every mismatch is recorded in ``violations`` (and
answered with 422, as GitHub does), so a test fails when the client sends something GitHub would
refuse. The checked fields were derived from the REST API reference documentation (the
operations "Create a reference", "Get a reference", "Get repository content", "Create or update
file contents", "List pull requests", "Create a pull request", "Update a pull request", "Get a pull
request", "Add labels to an issue", "List commits", "Compare two commits", "Merge a branch", "Get a
commit object", "Get a tree", "Create a tree", "Create a commit", "Update a reference";
request-body schemas as
GitHub's OpenAPI description states them, looked up through its generated model docs) and from the
real recorded exchanges in the team's shared ``feeds/github-api`` samples (octokit and PyGithub
recordings): header names, the ``{"ref", "sha"}`` body of POST git/refs, the PR object's fields,
the 422 "A pull request already exists" error shape. Checked:

- headers: ``Authorization: Bearer <token>`` (else 401 "Bad credentials"),
  ``Accept: application/vnd.github+json``, ``X-GitHub-Api-Version``;
- ``POST /git/refs``: body exactly ``ref`` (string, ``refs/…``) and ``sha`` (40 hex), both required;
- ``PUT /contents/{path}``: ``message`` and ``content`` (Base64) required; ``sha`` required when
  the file exists and must be the current blob sha (else 409); optional ``branch``,
  ``committer``/``author`` objects each requiring ``name`` and ``email``; no other keys;
- ``POST /pulls``: ``head`` and ``base`` required, ``title`` required (no ``issue`` used);
  optional ``body``, ``draft`` (boolean), ``maintainer_can_modify``, ``head_repo``; 422 when an
  open PR for the same head exists;
- ``PATCH /pulls/{n}``: only ``title``, ``body``, ``state`` (open|closed), ``base``,
  ``maintainer_can_modify``;
- ``POST /issues/{n}/labels``: ``labels``, a non-empty array of strings;
- ``POST /git/trees``, ``POST /git/commits``, ``PATCH /git/refs/heads/{branch}`` (a merge the
  client resolved): entries with ``path``/``mode``/``type``/``content``; commits with ``message``,
  ``tree``, ``parents``; a ref moves only by fast-forward unless ``force``;
- ``GET /git/trees/{sha}``: only ``recursive`` as a query; the files and folders with their
  ``mode`` (a file's mode is kept by every commit made from its tree, as git does);
- ``POST /merges``: ``base`` and ``head`` required, optional ``commit_message``; 201 with the
  merge commit, 204 when there is nothing to merge, 409 "Merge conflict";
- list endpoints: ``per_page`` ≤ 100, pagination by ``page`` with a ``Link`` header.

Faults: :meth:`FakeGitHub.fail` answers a request in place of carrying it out (GitHub failed);
:meth:`FakeGitHub.answer_after` carries it out and then answers otherwise (GitHub did it, but
the answer was a 502 or a dropped connection).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

from loopback import LoopbackServer, Recorded, Reply

PREFIX = "/api/v3"  # serve under a path, as GitHub Enterprise Server does
_SHA = re.compile(r"^[0-9a-f]{40}$")


def three_way(base: bytes, ours: bytes, theirs: bytes) -> bytes | None:
    """``git merge-file``'s merge of one file's three versions; ``None`` when they conflict."""
    with tempfile.TemporaryDirectory(prefix="fake-merge-") as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FakeCommit:
    sha: str
    files: dict[str, bytes]
    parents: list[str]
    author: dict[str, str]
    message: str
    #: the files whose mode is not 100644 (an executable one: 100755)
    modes: dict[str, str] = field(default_factory=dict)


@dataclass
class FakePull:
    number: int
    head: str
    base: str
    title: str
    body: str
    draft: bool
    state: str = "open"
    merged: bool = False
    merge_commit_sha: str | None = None
    labels: list[str] = field(default_factory=list)


class FakeGitHub:
    def __init__(
        self,
        server: LoopbackServer,
        *,
        token: str,
        owner: str = "example-org",
        repo: str = "fm-catalog",
    ) -> None:
        self.server = server
        self.token = token
        self.owner, self.repo = owner, repo
        self.commits: dict[str, FakeCommit] = {}
        self.refs: dict[str, str] = {}
        self.trees: dict[str, dict[str, bytes]] = {}
        self.tree_modes: dict[str, dict[str, str]] = {}
        self.pulls: list[FakePull] = []
        self.violations: list[str] = []
        self.failures: list[tuple[str, str, Reply]] = []
        self.lost_answers: list[tuple[str, str, Reply]] = []
        self.page_size_cap = 100
        self._n = 0
        for method in ("GET", "POST", "PUT", "PATCH"):
            server.handle(f"{PREFIX}/*", self._handle, method=method)

    @property
    def api_url(self) -> str:
        return self.server.url + PREFIX

    # -- test helpers -------------------------------------------------------------------------
    def _commit(
        self,
        files: dict[str, bytes],
        parents: list[str],
        author: dict[str, str],
        message: str,
        modes: dict[str, str] | None = None,
    ) -> str:
        """A commit of ``files``; their ``modes`` those of the first parent unless given."""
        if modes is None:
            modes = dict(self.commits[parents[0]].modes) if parents else {}
        self._n += 1
        sha = hashlib.sha1(f"{self._n}:{message}:{parents}".encode()).hexdigest()
        self.commits[sha] = FakeCommit(sha, dict(files), parents, author, message, dict(modes))
        return sha

    def set_mode(self, branch: str, path: str, mode: str) -> str:
        """A curator's commit on ``branch`` that changes only ``path``'s mode (``chmod +x``)."""
        tip = self.commits[self.refs[branch]]
        modes = {**tip.modes, path: mode}
        sha = self._commit(tip.files, [tip.sha], tip.author, "chmod", modes)
        self.refs[branch] = sha
        return sha

    def seed(self, path: str, text: str, branch: str = "main") -> str:
        sha = self._commit(
            {path: text.encode()},
            [],
            {"name": "Curator", "email": "curator@example.org"},
            "catalog",
        )
        self.refs[branch] = sha
        return sha

    def file(self, ref: str, path: str) -> str:
        sha = self.refs.get(ref, ref)
        return self.commits[sha].files[path].decode()

    def push(
        self,
        branch: str,
        path: str,
        text: str,
        *,
        name: str = "Curator",
        email: str = "curator@example.org",
    ) -> str:
        tip = self.refs[branch]
        files = {**self.commits[tip].files, path: text.encode()}
        sha = self._commit(files, [tip], {"name": name, "email": email}, "curator edit")
        self.refs[branch] = sha
        return sha

    def merge(self, number: int, path: str, text: str | None = None) -> str:
        """Merge PR ``number`` into its base; ``text`` is the catalog as the curator merged it."""
        pull = self.pulls[number - 1]
        head = self.commits[self.refs[pull.head]]
        files = dict(head.files)
        if text is not None:
            files[path] = text.encode()
        sha = self._commit(
            files,
            [self.refs[pull.base], head.sha],
            {"name": "Curator", "email": "curator@example.org"},
            "merge",
        )
        self.refs[pull.base] = sha
        pull.state, pull.merged, pull.merge_commit_sha = "closed", True, sha
        return sha

    def close(self, number: int) -> None:
        self.pulls[number - 1].state = "closed"

    def fail(self, method: str, path_suffix: str, *replies: Reply) -> None:
        """Answer the next requests matching ``method`` and ``path_suffix`` with ``replies``."""
        for reply in replies:
            self.failures.append((method, path_suffix, reply))

    def answer_after(self, method: str, path_suffix: str, *replies: Reply) -> None:
        """Carry out the next requests matching ``method`` and ``path_suffix`` as usual, but
        answer each with one of ``replies`` instead (GitHub's "it worked, but 502 Bad Gateway")."""
        for reply in replies:
            self.lost_answers.append((method, path_suffix, reply))

    def requests(self, method: str | None = None) -> list[Recorded]:
        return [r for r in self.server.requests if method is None or r.method == method]

    # -- dispatch -------------------------------------------------------------------------------
    def _violation(self, rec: Recorded, problem: str) -> Reply:
        self.violations.append(f"{rec.method} {rec.path}: {problem}")
        return Reply.json(
            {"message": "Validation Failed", "errors": [{"message": problem}]}, status=422
        )

    def _handle(self, rec: Recorded) -> Reply:
        for i, (method, suffix, reply) in enumerate(self.failures):
            if method == rec.method and rec.path.endswith(suffix):
                del self.failures[i]
                return reply
        answer = self._dispatch(rec)
        for i, (method, suffix, reply) in enumerate(self.lost_answers):
            if method == rec.method and rec.path.endswith(suffix):
                del self.lost_answers[i]
                return reply
        return answer

    def _dispatch(self, rec: Recorded) -> Reply:
        if rec.headers.get("authorization") != f"Bearer {self.token}":
            return Reply.json(
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
                status=401,
            )
        if rec.headers.get("accept") != "application/vnd.github+json":
            self.violations.append(
                f"{rec.method} {rec.path}: Accept header {rec.headers.get('accept')!r}"
            )
        if not rec.headers.get("x-github-api-version"):
            self.violations.append(f"{rec.method} {rec.path}: no X-GitHub-Api-Version header")
        path = unquote(rec.path[len(PREFIX) :])
        base = f"/repos/{self.owner}/{self.repo}"
        if not path.startswith(base):
            return Reply.json({"message": "Not Found"}, status=404)
        rest = path[len(base) :]
        body: Any = None
        if rec.method in ("POST", "PUT", "PATCH"):
            try:
                body = json.loads(rec.body or b"null")
            except ValueError:
                return self._violation(rec, "body is not JSON")
            if not isinstance(body, dict):
                return self._violation(rec, "body is not a JSON object")
        route = (
            rec.method,
            re.sub(r"/\d+", "/{n}", rest) if rest.startswith(("/pulls/", "/issues/")) else rest,
        )
        if route == ("GET", ""):
            return Reply.json(
                {
                    "full_name": f"{self.owner}/{self.repo}",
                    "default_branch": "main",
                    "permissions": {"push": True},
                }
            )
        if rec.method == "GET" and rest.startswith("/git/ref/heads/"):
            return self._get_ref(rest[len("/git/ref/heads/") :])
        if route == ("POST", "/git/refs"):
            return self._create_ref(rec, body)
        if rest.startswith("/contents/"):
            if rec.method == "GET":
                return self._get_contents(rec, rest[len("/contents/") :])
            if rec.method == "PUT":
                return self._put_contents(rec, rest[len("/contents/") :], body)
        if route == ("GET", "/pulls"):
            return self._list_pulls(rec)
        if route == ("POST", "/pulls"):
            return self._create_pull(rec, body)
        if route == ("PATCH", "/pulls/{n}"):
            return self._update_pull(rec, int(rest.split("/")[2]), body)
        if route == ("GET", "/pulls/{n}"):
            number = int(rest.split("/")[2])
            if not 0 < number <= len(self.pulls):
                return Reply.json({"message": "Not Found"}, status=404)
            return Reply.json(self._pull_json(self.pulls[number - 1]))
        if route == ("POST", "/issues/{n}/labels"):
            return self._labels(rec, int(rest.split("/")[2]), body)
        if route == ("GET", "/commits"):
            return self._list_commits(rec)
        if rec.method == "GET" and rest.startswith("/git/commits/"):
            return self._get_commit(rest[len("/git/commits/") :])
        if rec.method == "GET" and rest.startswith("/git/trees/"):
            return self._get_tree(rec, rest[len("/git/trees/") :])
        if route == ("POST", "/git/trees"):
            return self._create_tree(rec, body)
        if route == ("POST", "/git/commits"):
            return self._create_commit(rec, body)
        if rec.method == "PATCH" and rest.startswith("/git/refs/heads/"):
            return self._update_ref(rec, rest[len("/git/refs/heads/") :], body)
        if route == ("POST", "/merges"):
            return self._merge_branch(rec, body)
        if rec.method == "GET" and rest.startswith("/compare/"):
            return self._compare(rest[len("/compare/") :])
        return self._violation(rec, "not an operation this fake knows")

    # -- operations -----------------------------------------------------------------------------
    def _ref_json(self, branch: str) -> dict[str, Any]:
        return {
            "ref": f"refs/heads/{branch}",
            "object": {"sha": self.refs[branch], "type": "commit"},
        }

    def _get_ref(self, branch: str) -> Reply:
        if branch not in self.refs:
            return Reply.json({"message": "Not Found"}, status=404)
        return Reply.json(self._ref_json(branch))

    def _create_ref(self, rec: Recorded, body: dict[str, Any]) -> Reply:
        if set(body) != {"ref", "sha"}:
            return self._violation(rec, f"body keys {sorted(body)} != ['ref', 'sha']")
        ref, sha = body["ref"], body["sha"]
        if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2:
            return self._violation(rec, f"ref {ref!r} is not fully qualified")
        if not isinstance(sha, str) or not _SHA.match(sha) or sha not in self.commits:
            return self._violation(rec, f"sha {sha!r} is not a known commit")
        branch = ref[len("refs/heads/") :]
        if branch in self.refs:
            return Reply.json({"message": "Reference already exists"}, status=422)
        self.refs[branch] = sha
        return Reply.json(self._ref_json(branch), status=201)

    def _resolve(self, ref: str) -> str | None:
        if ref in self.refs:
            return self.refs[ref]
        return ref if ref in self.commits else None

    def _get_contents(self, rec: Recorded, path: str) -> Reply:
        ref = rec.query.get("ref", ["main"])[0]
        sha = self._resolve(ref)
        if sha is None or path not in self.commits[sha].files:
            return Reply.json({"message": "Not Found"}, status=404)
        data = self.commits[sha].files[path]
        encoded = base64.b64encode(data).decode()
        wrapped = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
        return Reply.json(
            {
                "type": "file",
                "encoding": "base64",
                "path": path,
                "name": path.rsplit("/", 1)[-1],
                "size": len(data),
                "sha": blob_sha(data),
                "content": wrapped,
            }
        )

    def _put_contents(self, rec: Recorded, path: str, body: dict[str, Any]) -> Reply:
        allowed = {"message", "content", "sha", "branch", "committer", "author"}
        if set(body) - allowed:
            return self._violation(rec, f"unknown keys {sorted(set(body) - allowed)}")
        for key in ("message", "content"):
            if not isinstance(body.get(key), str):
                return self._violation(rec, f"{key} is required and must be a string")
        for person in ("committer", "author"):
            if person in body and (
                not isinstance(body[person], dict) or not {"name", "email"} <= set(body[person])
            ):
                return self._violation(rec, f"{person} requires name and email")
        try:
            data = base64.b64decode(body["content"], validate=True)
        except ValueError:
            return self._violation(rec, "content is not Base64")
        branch = body.get("branch", "main")
        if branch not in self.refs:
            return Reply.json({"message": f"Branch {branch} not found"}, status=404)
        tip = self.commits[self.refs[branch]]
        if path in tip.files:
            if "sha" not in body:
                return self._violation(rec, 'Invalid request. "sha" wasn\'t supplied.')
            if body["sha"] != blob_sha(tip.files[path]):
                return Reply.json({"message": f"{path} does not match {body['sha']}"}, status=409)
        author = (
            body.get("author")
            or body.get("committer")
            or {"name": "token-user", "email": "token-user@example.org"}
        )
        sha = self._commit({**tip.files, path: data}, [tip.sha], author, body["message"])
        self.refs[branch] = sha
        return Reply.json(
            {
                "content": {"path": path, "sha": blob_sha(data)},
                "commit": {"sha": sha, "author": author, "message": body["message"]},
            }
        )

    def _pull_json(self, pull: FakePull) -> dict[str, Any]:
        html = f"https://github.example/{self.owner}/{self.repo}/pull/{pull.number}"
        return {
            "number": pull.number,
            "html_url": html,
            "state": pull.state,
            "title": pull.title,
            "body": pull.body,
            "draft": pull.draft,
            "merged": pull.merged,
            "merged_at": "2026-11-30T12:00:00Z" if pull.merged else None,
            "merge_commit_sha": pull.merge_commit_sha,
            "labels": [{"name": name} for name in pull.labels],
            "head": {
                "ref": pull.head,
                "sha": self.refs.get(pull.head),
                "label": f"{self.owner}:{pull.head}",
            },
            "base": {"ref": pull.base, "sha": self.refs.get(pull.base)},
        }

    def _page(self, rec: Recorded, items: list[Any]) -> Reply:
        per_page = int(rec.query.get("per_page", ["30"])[0])
        if per_page > 100:
            self.violations.append(f"{rec.method} {rec.path}: per_page {per_page} > 100")
        per_page = min(per_page, self.page_size_cap)
        page = int(rec.query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            query = {k: v[0] for k, v in rec.query.items()}
            query["page"] = str(page + 1)
            headers["Link"] = f'<{self.server.url}{rec.path}?{urlencode(query)}>; rel="next"'
        return Reply.json(chunk, headers=headers)

    def _list_pulls(self, rec: Recorded) -> Reply:
        state = rec.query.get("state", ["open"])[0]
        if state not in ("open", "closed", "all"):
            return self._violation(rec, f"state {state!r}")
        head = rec.query.get("head", [None])[0]
        if head is not None and ":" not in head:
            return self._violation(rec, "head must be user:ref-name")
        found = [
            self._pull_json(p)
            for p in reversed(self.pulls)
            if (state == "all" or p.state == state)
            and (head is None or head == f"{self.owner}:{p.head}")
        ]
        return self._page(rec, found)

    def _create_pull(self, rec: Recorded, body: dict[str, Any]) -> Reply:
        allowed = {
            "title",
            "head",
            "head_repo",
            "base",
            "body",
            "maintainer_can_modify",
            "draft",
            "issue",
        }
        if set(body) - allowed:
            return self._violation(rec, f"unknown keys {sorted(set(body) - allowed)}")
        for key in ("head", "base", "title"):
            if not isinstance(body.get(key), str) or not body[key]:
                return self._violation(rec, f"{key} is required")
        if "draft" in body and not isinstance(body["draft"], bool):
            return self._violation(rec, "draft must be a boolean")
        if body["head"] not in self.refs or body["base"] not in self.refs:
            return Reply.json(
                {"message": "Validation Failed", "errors": [{"field": "head", "code": "invalid"}]},
                status=422,
            )
        if any(p.head == body["head"] and p.state == "open" for p in self.pulls):
            return Reply.json(
                {
                    "message": "Validation Failed",
                    "errors": [
                        {
                            "message": "A pull request already exists for "
                            f"{self.owner}:{body['head']}."
                        }
                    ],
                },
                status=422,
            )
        pull = FakePull(
            len(self.pulls) + 1,
            body["head"],
            body["base"],
            body["title"],
            body.get("body") or "",
            bool(body.get("draft")),
        )
        self.pulls.append(pull)
        return Reply.json(self._pull_json(pull), status=201)

    def _update_pull(self, rec: Recorded, number: int, body: dict[str, Any]) -> Reply:
        allowed = {"title", "body", "state", "base", "maintainer_can_modify"}
        if set(body) - allowed:
            return self._violation(rec, f"unknown keys {sorted(set(body) - allowed)}")
        if "state" in body and body["state"] not in ("open", "closed"):
            return self._violation(rec, "state must be open or closed")
        if not 0 < number <= len(self.pulls):
            return Reply.json({"message": "Not Found"}, status=404)
        pull = self.pulls[number - 1]
        pull.title = body.get("title", pull.title)
        pull.body = body.get("body", pull.body)
        pull.state = body.get("state", pull.state)
        return Reply.json(self._pull_json(pull))

    def _labels(self, rec: Recorded, number: int, body: dict[str, Any]) -> Reply:
        labels = body.get("labels")
        if (
            set(body) != {"labels"}
            or not isinstance(labels, list)
            or not labels
            or not all(isinstance(x, str) for x in labels)
        ):
            return self._violation(rec, "labels must be a non-empty array of strings")
        if not 0 < number <= len(self.pulls):
            return Reply.json({"message": "Not Found"}, status=404)
        pull = self.pulls[number - 1]
        pull.labels = list(dict.fromkeys([*pull.labels, *labels]))
        return Reply.json([{"name": name} for name in pull.labels])

    def _commit_json(self, sha: str) -> dict[str, Any]:
        commit = self.commits[sha]
        return {
            "sha": sha,
            "commit": {
                "author": commit.author,
                "committer": commit.author,
                "message": commit.message,
            },
            "parents": [{"sha": p} for p in commit.parents],
        }

    def _ancestors(self, start: str) -> list[str]:
        """``start`` and everything reachable from it, nearest first."""
        out, seen, queue = [], set(), [start]
        while queue:
            sha = queue.pop(0)
            if sha not in seen:
                seen.add(sha)
                out.append(sha)
                queue.extend(self.commits[sha].parents)
        return out

    def _compare(self, basehead: str) -> Reply:
        """ "Compare two commits": ``BASE...HEAD``; the commits reachable from HEAD and not from
        BASE, oldest first (as GitHub lists them), with ahead_by/behind_by."""
        if "..." not in basehead:
            return Reply.json({"message": "Not Found"}, status=404)
        base_ref, head_ref = basehead.split("...", 1)
        base, head = self._resolve(base_ref), self._resolve(head_ref)
        if base is None or head is None:
            return Reply.json({"message": "Not Found"}, status=404)
        on_base, on_head = self._ancestors(base), self._ancestors(head)
        ahead = [sha for sha in on_head if sha not in set(on_base)]
        behind = [sha for sha in on_base if sha not in set(on_head)]
        merge_base = next((sha for sha in on_head if sha in set(on_base)), None)
        status = (
            "identical"
            if not ahead and not behind
            else "ahead"
            if not behind
            else ("behind" if not ahead else "diverged")
        )
        return Reply.json(
            {
                "status": status,
                "ahead_by": len(ahead),
                "behind_by": len(behind),
                "total_commits": len(ahead),
                "merge_base_commit": self._commit_json(merge_base) if merge_base else None,
                "commits": [self._commit_json(sha) for sha in reversed(ahead)],
            }
        )

    def _tree_of(self, files: dict[str, bytes], modes: dict[str, str]) -> str:
        sha = hashlib.sha1(repr((sorted(files.items()), sorted(modes.items()))).encode())
        self.trees[sha.hexdigest()] = dict(files)
        self.tree_modes[sha.hexdigest()] = dict(modes)
        return sha.hexdigest()

    def _get_tree(self, rec: Recorded, sha: str) -> Reply:
        """ "Get a tree": the files (and, with ``recursive``, the folders) of a tree."""
        if set(rec.query) - {"recursive"}:
            return self._violation(rec, f"unknown query {sorted(rec.query)}")
        if sha not in self.trees:
            return Reply.json({"message": "Not Found"}, status=404)
        modes = self.tree_modes[sha]
        entries: dict[str, dict[str, Any]] = {}
        recursive = "recursive" in rec.query
        for path, data in sorted(self.trees[sha].items()):
            parts = path.split("/")
            # (its folders; without ``recursive`` only the top one, and not the file itself)
            for depth in range(1, len(parts) if recursive else min(len(parts), 2)):
                folder = "/".join(parts[:depth])
                entries[folder] = {"path": folder, "mode": "040000", "type": "tree"}
            if recursive or len(parts) == 1:
                mode = modes.get(path, "100644")
                entries[path] = {"path": path, "mode": mode, "type": "blob", "sha": blob_sha(data)}
        return Reply.json({"sha": sha, "tree": list(entries.values()), "truncated": False})

    def _get_commit(self, sha: str) -> Reply:
        """ "Get a commit object" (the Git Data API's: ``tree`` and ``parents``)."""
        if sha not in self.commits:
            return Reply.json({"message": "Not Found"}, status=404)
        commit = self.commits[sha]
        return Reply.json(
            {
                "sha": sha,
                "tree": {"sha": self._tree_of(commit.files, commit.modes)},
                "parents": [{"sha": p} for p in commit.parents],
                "message": commit.message,
                "author": commit.author,
            }
        )

    def _create_tree(self, rec: Recorded, body: dict[str, Any]) -> Reply:
        """ "Create a tree": ``tree`` (required) entries of ``path``, ``mode``, ``type`` and
        ``content`` or ``sha``; optional ``base_tree``, whose files the new tree keeps."""
        if set(body) - {"tree", "base_tree"} or not isinstance(body.get("tree"), list):
            return self._violation(rec, "tree is required; only tree and base_tree are allowed")
        files: dict[str, bytes] = {}
        modes: dict[str, str] = {}
        if "base_tree" in body:
            if body["base_tree"] not in self.trees:
                return Reply.json({"message": "base_tree is not a tree"}, status=422)
            files.update(self.trees[body["base_tree"]])
            modes.update(self.tree_modes[body["base_tree"]])
        for entry in body["tree"]:
            if (
                not isinstance(entry, dict)
                or set(entry) - {"path", "mode", "type", "content", "sha"}
                or entry.get("mode") not in ("100644", "100755", "040000", "160000", "120000")
                or entry.get("type") not in ("blob", "tree", "commit")
                or not isinstance(entry.get("path"), str)
                or not isinstance(entry.get("content"), str)
            ):
                return self._violation(rec, f"tree entry {entry!r}")
            files[entry["path"]] = entry["content"].encode("utf-8")
            modes.pop(entry["path"], None)
            if entry["mode"] != "100644":
                modes[entry["path"]] = entry["mode"]
        return Reply.json({"sha": self._tree_of(files, modes)}, status=201)

    def _create_commit(self, rec: Recorded, body: dict[str, Any]) -> Reply:
        """ "Create a commit": ``message`` and ``tree`` required; ``parents`` (shas),
        ``author`` and ``committer`` (each with ``name`` and ``email``) optional. No ref moves."""
        if set(body) - {"message", "tree", "parents", "author", "committer", "signature"}:
            return self._violation(rec, f"unknown keys {sorted(body)}")
        if not isinstance(body.get("message"), str) or body.get("tree") not in self.trees:
            return self._violation(rec, "message and a known tree are required")
        parents = body.get("parents", [])
        if not isinstance(parents, list) or any(p not in self.commits for p in parents):
            return Reply.json({"message": "parents are not commits"}, status=422)
        for person in ("author", "committer"):
            if person in body and not {"name", "email"} <= set(body[person]):
                return self._violation(rec, f"{person} requires name and email")
        author = body.get("author") or {"name": "token-user", "email": "token-user@example.org"}
        tree = body["tree"]
        sha = self._commit(
            self.trees[tree], parents, author, body["message"], self.tree_modes[tree]
        )
        return Reply.json(self._commit_json(sha), status=201)

    def _update_ref(self, rec: Recorded, branch: str, body: dict[str, Any]) -> Reply:
        """ "Update a reference": ``sha`` required, ``force`` optional; 422 "Update is not a
        fast forward" unless the new commit descends from the branch's tip."""
        if set(body) - {"sha", "force"} or body.get("sha") not in self.commits:
            return self._violation(rec, "sha (a known commit) is required; force is optional")
        if branch not in self.refs:
            return Reply.json({"message": "Reference does not exist"}, status=422)
        if not body.get("force") and self.refs[branch] not in self._ancestors(body["sha"]):
            return Reply.json({"message": "Update is not a fast forward"}, status=422)
        self.refs[branch] = body["sha"]
        return Reply.json(self._ref_json(branch))

    def _merge_branch(self, rec: Recorded, body: dict[str, Any]) -> Reply:
        """ "Merge a branch": ``head`` into the branch ``base``, file by file with git's own
        three-way merge; 201 with the merge commit, 204 when ``base`` has ``head`` already,
        409 "Merge conflict" when a file conflicts."""
        allowed = {"base", "head", "commit_message"}
        if set(body) - allowed:
            return self._violation(rec, f"unknown keys {sorted(set(body) - allowed)}")
        for key in ("base", "head"):
            if not isinstance(body.get(key), str) or not body[key]:
                return self._violation(rec, f"{key} is required")
        if body["base"] not in self.refs:
            return Reply.json({"message": "Base does not exist"}, status=404)
        ours, theirs = self.refs[body["base"]], self._resolve(body["head"])
        if theirs is None:
            return Reply.json({"message": "Head does not exist"}, status=404)
        on_ours = self._ancestors(ours)
        if theirs in on_ours:
            return Reply(status=204, body=b"")
        on_theirs = set(self._ancestors(theirs))
        merge_base = next(sha for sha in on_ours if sha in on_theirs)
        files: dict[str, bytes] = {}
        base_files = self.commits[merge_base].files
        for path in {*self.commits[ours].files, *self.commits[theirs].files}:
            sides = [c.files.get(path, b"") for c in (self.commits[ours], self.commits[theirs])]
            merged = three_way(base_files.get(path, b""), *sides)
            if merged is None:
                return Reply.json({"message": "Merge conflict"}, status=409)
            files[path] = merged
        author = {"name": "token-user", "email": "token-user@example.org"}
        message = body.get("commit_message") or f"Merge {body['head']} into {body['base']}"
        sha = self._commit(files, [ours, theirs], author, message)
        self.refs[body["base"]] = sha
        return Reply.json(self._commit_json(sha), status=201)

    def _list_commits(self, rec: Recorded) -> Reply:
        start = self._resolve(rec.query.get("sha", ["main"])[0])
        if start is None:
            return Reply.json({"message": "Not Found"}, status=404)
        out = [self._commit_json(sha) for sha in self._ancestors(start)]
        return self._page(rec, out)
