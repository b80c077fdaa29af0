"""The GitHub forge: the REST API over httpx.

Endpoints used (``{o}/{r}`` is ``forge.repository``; the API root is ``forge.api_url``, so GitHub
Enterprise Server works with ``https://HOST/api/v3``):

=========================================================  =======================================
``GET  /repos/{o}/{r}``                                     check access once, with a clear error
``GET  /repos/{o}/{r}/git/ref/heads/{branch}``              a branch's tip (404: no such branch)
``POST /repos/{o}/{r}/git/refs``                            create the proposal branch from the base
``GET  /repos/{o}/{r}/contents/{path}?ref=…``               read the catalog (and its blob sha)
``PUT  /repos/{o}/{r}/contents/{path}``                     one new commit on the branch
``POST /repos/{o}/{r}/merges``                              merge the base into an open proposal
``GET  /repos/{o}/{r}/git/commits/{sha}``                   the base's tree (for a resolved merge)
``POST /repos/{o}/{r}/git/trees``, ``…/git/commits``        a merge whose catalog the bot resolved
``PATCH /repos/{o}/{r}/git/refs/heads/{branch}``            move the branch to it (fast-forward)
``GET  /repos/{o}/{r}/pulls?head=owner:branch&state=all``   find the branch's PR, whatever its state
``POST /repos/{o}/{r}/pulls``                               open it as a draft
``PATCH /repos/{o}/{r}/pulls/{n}``                          update title and body
``POST /repos/{o}/{r}/issues/{n}/labels``                   add the labels
``GET  /repos/{o}/{r}/pulls/{n}``                           read back state and merge commit
``GET  /repos/{o}/{r}/commits?sha=branch``                  commits on the branch (human pushes)
=========================================================  =======================================

Failures, and why each is handled where it is: 5xx, 429 and a 403 that says the rate limit is
spent (``x-ratelimit-remaining: 0``, or a ``Retry-After`` for secondary limits) are retried with
backoff, waiting as long as the server asks up to ``http.max_retry_after``; everything else
ends in one :class:`~fmwatch.errors.ForgeError` line naming the operation, the status, GitHub's
own message and the fix.

A request that creates something (the branch, the commit, the pull request) can succeed while
GitHub answers 5xx, or while the connection drops; its retry is then refused because what it
creates exists (422 "Reference already exists", 422 "A pull request already exists", 409 for a
file whose blob moved on). After such a failure that refusal is not taken at its word: the
object is looked up and, when it is there as asked, the run carries on as if the first attempt
had answered; when it cannot be read back, one line says GitHub may have made it and the next
run picks it up. The token is read from the environment only
(:func:`fmwatch.config.github_token`), sent only in the ``Authorization`` header and scrubbed
from every message with :func:`fmwatch.errors.redact`, including GitHub's echoed text.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx

from fmwatch.config import Config
from fmwatch.errors import ForgeError, redact
from fmwatch.forge.base import (
    BOT_EMAIL,
    BOT_NAME,
    BranchInfo,
    CatchUp,
    Commit,
    PullRequest,
    catch_up_message,
)
from fmwatch.http import describe_exception, parse_retry_after, retry_attempts

API_VERSION = "2022-11-28"
#: who the bot's commits are by (author and committer)
_BOT = {"name": BOT_NAME, "email": BOT_EMAIL}
_MAX_PAGES = 10

_FIXES = {
    401: "the token is invalid or expired; set a valid GITHUB_TOKEN (or FMWATCH_GITHUB_TOKEN)",
    403: "the token lacks permission; it needs contents: write and pull-requests: write",
    404: "not found; check forge.repository and forge.base_branch, and the token's access",
    409: "the branch moved or the repository is empty; run again",
    422: "GitHub rejected the request; check forge.base_branch and the labels",
}


class _Retry(Exception):
    def __init__(self, response: httpx.Response, wait: float | None) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.wait = wait


class _MaybeDone(Exception):
    """A retry refused as "it exists already" after an earlier attempt of the same request
    failed in a way that can hide its success (``earlier``: "HTTP 502", "the connection failed
    before GitHub answered"): the caller looks the object up before believing either answer."""

    def __init__(self, response: httpx.Response, earlier: str) -> None:
        super().__init__(f"HTTP {response.status_code} after {earlier}")
        self.response = response
        self.earlier = earlier


def _already_exists(response: httpx.Response) -> bool:
    """GitHub's 422 for creating what exists ("Reference already exists", "A pull request
    already exists for owner:branch")."""
    return response.status_code == 422 and "already exists" in response.text.lower()


def _blob_moved(response: httpx.Response) -> bool:
    """GitHub's 409 for a file update whose ``sha`` is no longer the file's."""
    return response.status_code == 409


class GitHubForge:
    kind = "github"

    def __init__(
        self,
        config: Config,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        forge = config.forge
        if forge.repository.count("/") != 1 or not all(forge.repository.split("/")):
            raise ForgeError(
                f"github forge: forge.repository is {forge.repository!r}; "
                'set it to "owner/name" in fmwatch.toml (e.g. "example-org/fm-catalog")'
            )
        if not token:
            raise ForgeError(
                "github forge: no token; set GITHUB_TOKEN or FMWATCH_GITHUB_TOKEN, "
                'or use forge.kind = "local"'
            )
        self.owner, self.repo = forge.repository.split("/")
        self.base_branch = forge.base_branch
        self.catalog_path = forge.catalog_path.lstrip("/")
        self._token = token
        self._http = config.http
        self._clock = clock
        self._checked = False
        self._client = httpx.Client(
            base_url=forge.api_url.rstrip("/") + "/",
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": config.user_agent,
            },
            timeout=httpx.Timeout(config.http.timeout),
            transport=transport,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GitHubForge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------
    @property
    def _repo_path(self) -> str:
        return f"repos/{quote(self.owner)}/{quote(self.repo)}"

    def _safe(self, text: str) -> str:
        return redact(text, (self._token,))

    def _wait_for(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying ``response``; ``None`` when it is not worth retrying."""
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        limited = response.headers.get("x-ratelimit-remaining") == "0"
        if (
            status == 403
            and retry_after is None
            and not limited
            and "secondary rate limit" in self._message(response).lower()
        ):
            # a secondary rate limit comes without either header; GitHub asks for at least a
            # minute's wait
            return 60.0
        if status in (403, 429) and (limited or retry_after is not None):
            if retry_after is not None:
                return retry_after
            reset = response.headers.get("x-ratelimit-reset", "")
            return max(0.0, float(reset) - self._clock()) if reset.isdigit() else 60.0
        if status == 429 or status >= 500:
            return retry_after if retry_after is not None else -1.0
        return None

    def _request(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: dict[str, Any] | None = None,
        json: Any = None,
        accept: tuple[int, ...] = (),
        done: Callable[[httpx.Response], bool] | None = None,
    ) -> httpx.Response:
        """``method`` with retries. ``done``: for a request that creates something, whether a
        refusal means it exists; such a refusal after an attempt that may have succeeded unseen
        (a 5xx, a connection lost after sending) raises :class:`_MaybeDone`."""
        url = path if path.startswith(("http://", "https://")) else path.lstrip("/")
        earlier: str | None = None  # how an earlier attempt failed that may have done it

        def hook(exc: Exception) -> bool | float:
            if isinstance(exc, _Retry):
                return exc.wait if exc.wait is not None and exc.wait >= 0 else True
            return isinstance(exc, httpx.TransportError)

        try:
            for attempt in retry_attempts(self._http, hook):
                with attempt:
                    try:
                        response = self._client.request(method, url, params=params, json=json)
                    except (httpx.ConnectError, httpx.ConnectTimeout):
                        raise  # (never sent)
                    except httpx.TransportError:
                        earlier = earlier or "the connection failed before GitHub answered"
                        raise
                    if response.is_success or response.status_code in accept:
                        return response
                    if done is not None and earlier is not None and done(response):
                        raise _MaybeDone(response, earlier)
                    if response.status_code >= 500:
                        earlier = f"HTTP {response.status_code}"
                    wait = self._wait_for(response)
                    if wait is None:
                        raise self._error(what, response)
                    if wait > self._http.max_retry_after:
                        raise ForgeError(
                            f"GitHub: {what}: HTTP {response.status_code}, rate limit exhausted; "
                            "GitHub asks "
                            f"to wait {wait:.0f}s (more than http.max_retry_after); run again later"
                        )
                    raise _Retry(response, wait)
        except _Retry as exc:
            raise ForgeError(
                f"GitHub: {what}: HTTP {exc.response.status_code} "
                f"after {self._http.attempts} attempts "
                f"({self._message(exc.response)}); GitHub is failing or throttling, run again later"
            ) from None
        except httpx.HTTPError as exc:
            cause = describe_exception(exc, "forge.api_url")
            raise ForgeError(self._safe(f"GitHub: {what}: {cause}")) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _maybe_created(self, what: str, exc: _MaybeDone) -> ForgeError:
        """The line for a create that GitHub may have done but that cannot be read back."""
        return ForgeError(
            self._safe(
                f"GitHub: {what}: {exc.earlier}, then HTTP {exc.response.status_code} on the "
                f"retry ({self._message(exc.response)}); GitHub may have done it before failing "
                "but does not show it yet: nothing is lost, the next run picks it up (run again "
                "later)"
            )
        )

    def _message(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except (ValueError, RecursionError):
            return self._safe(response.reason_phrase or "no message")[:200]
        message = str(data.get("message", "")) if isinstance(data, dict) else ""
        errors = data.get("errors") if isinstance(data, dict) else None
        if isinstance(errors, list):
            details = [
                str(e.get("message") or e.get("code") or "") if isinstance(e, dict) else str(e)
                for e in errors
            ]
            message = "; ".join(x for x in [message, *details] if x)
        return self._safe(message or response.reason_phrase or "no message")[:300]

    def _json(self, response: httpx.Response, what: str, *path: str) -> Any:
        """The JSON of a successful answer, dug into along ``path``.

        An ``api_url`` that points at a web page, a proxy's login page or a different service
        answers 200 with something else; that is a one-line error naming the setting, not a
        traceback.
        """
        try:
            data = response.json()
            for key in path:
                data = data[key]
        except (ValueError, KeyError, TypeError, IndexError, RecursionError):
            ctype = response.headers.get("content-type") or "no content type"
            raise ForgeError(
                self._safe(
                    f"GitHub: {what}: unexpected answer (HTTP {response.status_code}, {ctype}); "
                    "check forge.api_url (for GitHub Enterprise: https://HOST/api/v3)"
                )
            ) from None
        return data

    def _error(self, what: str, response: httpx.Response) -> ForgeError:
        status = response.status_code
        message = self._message(response)
        fix = _FIXES.get(status, "check forge.api_url and forge.repository")
        if status == 403 and "not permitted to create or approve pull requests" in message:
            # the repository setting that new repositories start with; no token scope fixes it
            fix = (
                "allow it in the repository's Settings > Actions > General > Workflow "
                'permissions: "Allow GitHub Actions to create and approve pull requests"'
            )
        return ForgeError(self._safe(f"GitHub: {what}: HTTP {status} ({message}); {fix}"))

    def _paginate(self, path: str, params: dict[str, Any], *, what: str) -> Iterator[Any]:
        url: str | None = path
        query: dict[str, Any] | None = {**params, "per_page": 100}
        for _ in range(_MAX_PAGES):
            if url is None:
                return
            response = self._request("GET", url, params=query, what=what)
            data = self._json(response, what)
            if not isinstance(data, list):
                raise ForgeError(
                    f"GitHub: {what}: expected a list, got {type(data).__name__}; "
                    "check forge.api_url"
                )
            yield from data
            nxt = response.links.get("next", {}).get("url")
            if nxt and not self._same_origin(nxt):
                # the token goes with every request of this client: never to another host
                raise ForgeError(
                    f"GitHub: {what}: the next page is on another host "
                    f"({httpx.URL(nxt).host or '?'}); not sending the token there; "
                    "check forge.api_url"
                )
            url, query = (nxt, None) if nxt else (None, None)

    def _same_origin(self, url: str) -> bool:
        """Whether ``url`` is relative or on forge.api_url's scheme, host and port."""
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL:
            return False
        if not target.is_absolute_url:
            return True
        base = self._client.base_url
        return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)

    def _check_repo(self) -> None:
        if not self._checked:
            self._request("GET", self._repo_path, what=f"read repository {self.owner}/{self.repo}")
            self._checked = True

    # -- Forge protocol ---------------------------------------------------------------------
    def branch_sha(self, branch: str) -> str | None:
        self._check_repo()
        response = self._request(
            "GET",
            f"{self._repo_path}/git/ref/heads/{quote(branch)}",
            what=f"read branch {branch}",
            accept=(404,),
        )
        if response.status_code == 404:
            return None
        return str(self._json(response, f"read branch {branch}", "object", "sha"))

    def _contents(self, ref: str) -> dict[str, Any]:
        response = self._request(
            "GET",
            f"{self._repo_path}/contents/{quote(self.catalog_path)}",
            params={"ref": ref},
            what=f"read {self.catalog_path} on {ref}",
            accept=(404,),
        )
        if response.status_code == 404:
            raise ForgeError(
                f"GitHub: {self.catalog_path} not found on {ref} in {self.owner}/{self.repo}; "
                "set forge.catalog_path to the catalog's path in the repository (or "
                "forge.base_branch to the branch that holds it)"
            )
        data = self._json(response, f"read {self.catalog_path} on {ref}")
        if not isinstance(data, dict) or data.get("type") != "file":
            raise ForgeError(
                f"GitHub: {self.catalog_path} on {ref} is not a file; "
                "set forge.catalog_path to the catalog"
            )
        return data

    def read_catalog(self, ref: str | None = None) -> str:
        data = self._contents(ref or self.base_branch)
        if data.get("encoding") != "base64":
            raise ForgeError(
                f"GitHub: {self.catalog_path} is too large for the contents API (over 1 MB); "
                "split the catalog"
            )
        return base64.b64decode(str(data.get("content", ""))).decode("utf-8", "replace")

    def ensure_branch(self, branch: str) -> BranchInfo:
        sha = self.branch_sha(branch)
        if sha is not None:
            return BranchInfo(branch, sha, created=False)
        base_sha = self.branch_sha(self.base_branch)
        if base_sha is None:
            raise ForgeError(
                f"GitHub: base branch {self.base_branch!r} not found in {self.owner}/{self.repo}; "
                "set forge.base_branch"
            )
        what = f"create branch {branch}"
        try:
            self._request(
                "POST",
                f"{self._repo_path}/git/refs",
                json={"ref": f"refs/heads/{branch}", "sha": base_sha},
                what=what,
                done=_already_exists,
            )
        except _MaybeDone as exc:
            # the first attempt made it (or it appeared meanwhile): carry on from its tip
            sha = self.branch_sha(branch)
            if sha is None:
                raise self._maybe_created(what, exc) from None
            return BranchInfo(branch, sha, created=sha == base_sha)
        return BranchInfo(branch, base_sha, created=True)

    def catch_up(self, branch: str) -> CatchUp:
        """ "Merge a branch": 201 with the merge commit, 204 when the branch has the base
        already, 409 when they conflict (the branch is left as it was)."""
        what = f"merge {self.base_branch} into {branch}"
        response = self._request(
            "POST",
            f"{self._repo_path}/merges",
            json={
                "base": branch,
                "head": self.base_branch,
                "commit_message": catch_up_message(self.base_branch),
            },
            what=what,
            accept=(409,),
        )
        if response.status_code == 409:
            return CatchUp("conflict", detail=self._message(response))
        if response.status_code == 204:
            return CatchUp("current")
        return CatchUp("merged", str(self._json(response, what, "sha")))

    def merge_with_catalog(
        self, branch: str, text: str, message: str, *, tip: str, base: str
    ) -> str:
        """The Git Data API: the tree of ``base`` with the catalog replaced, a commit of it
        whose parents are ``tip`` and ``base``, and the branch moved to it (never forced: a
        branch someone moved on from ``tip`` meanwhile is refused, and said so; the tree and
        the commit made before are then unreachable, seen by no one)."""
        what = f"merge {self.base_branch} into {branch}"
        response = self._request("GET", f"{self._repo_path}/git/commits/{base}", what=what)
        base_tree = str(self._json(response, what, "tree", "sha"))
        mode = self._file_mode(base_tree, what)
        entry = {"path": self.catalog_path, "mode": mode, "type": "blob", "content": text}
        response = self._request(
            "POST",
            f"{self._repo_path}/git/trees",
            json={"base_tree": base_tree, "tree": [entry]},
            what=what,
        )
        tree = str(self._json(response, what, "sha"))
        response = self._request(
            "POST",
            f"{self._repo_path}/git/commits",
            json={
                "message": message,
                "tree": tree,
                "parents": [tip, base],
                "author": _BOT,
                "committer": _BOT,
            },
            what=what,
        )
        sha = str(self._json(response, what, "sha"))
        response = self._request(
            "PATCH",
            f"{self._repo_path}/git/refs/heads/{quote(branch)}",
            json={"sha": sha, "force": False},
            what=what,
            accept=(422,),
        )
        if response.status_code == 422:
            # "Update is not a fast forward": someone pushed to the branch after its text was
            # read ("Reference does not exist": it was deleted)
            raise ForgeError(
                self._safe(
                    f"GitHub: {what}: HTTP 422 ({self._message(response)}); {branch} moved or "
                    "was deleted while the bot was merging (someone pushed to it), so it was "
                    "left as they made it; the next run tries again"
                )
            )
        return sha

    def _file_mode(self, tree: str, what: str) -> str:
        """The catalog's mode in ``tree``: an executable one stays executable (as the contents
        API keeps it when the bot commits); 100644 when the tree does not list it as a file
        (a listing GitHub cut short, a symbolic link: the file the bot writes is a plain one)."""
        response = self._request(
            "GET", f"{self._repo_path}/git/trees/{tree}", params={"recursive": "1"}, what=what
        )
        entries = self._json(response, what, "tree")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("path") == self.catalog_path:
                mode = entry.get("mode")
                return mode if mode in ("100644", "100755") else "100644"
        return "100644"

    def commit_catalog(self, branch: str, text: str, message: str) -> str:
        current = self._contents(branch)
        what = f"commit {self.catalog_path} on {branch}"
        try:
            response = self._request(
                "PUT",
                f"{self._repo_path}/contents/{quote(self.catalog_path)}",
                json={
                    "message": message,
                    "content": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                    "sha": current["sha"],
                    "branch": branch,
                    "committer": _BOT,
                    "author": _BOT,
                },
                what=what,
                done=_blob_moved,
            )
        except _MaybeDone as exc:
            # the first attempt's commit is the branch's tip when the tip holds this very text;
            # otherwise the branch really moved, and that is the error
            tip = self.branch_sha(branch)
            if tip is None or self.read_catalog(tip) != text:
                raise self._error(what, exc.response) from None
            return tip
        return str(self._json(response, what, "commit", "sha"))

    def commits_since(self, branch: str, since_sha: str | None) -> list[Commit]:
        """The branch's own commits (on it and not on the base), newest first, down to
        ``since_sha``: GitHub's compare, so a base that moved on, or a branch a curator updated
        from the base, never counts the base's history as the branch's."""
        what = f"list commits on {branch}"
        response = self._request(
            "GET",
            f"{self._repo_path}/compare/{quote(self.base_branch)}...{quote(branch)}",
            what=what,
        )
        items = self._json(response, what, "commits")
        if not isinstance(items, list):
            raise ForgeError(f"GitHub: {what}: no list of commits; check forge.api_url")
        commits: list[Commit] = []
        for item in reversed(items):  # (GitHub lists them oldest first)
            if not isinstance(item, dict):
                continue
            if since_sha and item.get("sha") == since_sha:
                break
            author = (item.get("commit") or {}).get("author") or {}
            message = str((item.get("commit") or {}).get("message", "")).split("\n", 1)[0]
            commits.append(
                Commit(
                    str(item.get("sha")),
                    str(author.get("name", "")),
                    str(author.get("email", "")),
                    message,
                )
            )
        return commits

    def _pull(self, data: Any) -> PullRequest:
        if not isinstance(data, dict) or not isinstance(data.get("number"), int):
            raise ForgeError(
                "GitHub: a pull request in the answer has no number; check forge.api_url "
                "(for GitHub Enterprise: https://HOST/api/v3)"
            )
        state = (
            "merged"
            if data.get("merged_at") or data.get("merged")
            else str(data.get("state", "open"))
        )
        return PullRequest(
            branch=str((data.get("head") or {}).get("ref", "")),
            state=state,
            url=str(data.get("html_url", "")),
            number=int(data["number"]),
            title=str(data.get("title", "")),
            head_sha=(data.get("head") or {}).get("sha"),
        )

    def find_pull(self, branch: str) -> PullRequest | None:
        self._check_repo()
        pulls = [
            p
            for p in self._paginate(
                f"{self._repo_path}/pulls",
                {"head": f"{self.owner}:{branch}", "state": "all"},
                what=f"find the pull request for {branch}",
            )
            if (p.get("head") or {}).get("ref") == branch
        ]
        if not pulls:
            return None
        # An open one wins; otherwise the newest.
        pulls.sort(key=lambda p: (p.get("state") == "open", int(p.get("number", 0))), reverse=True)
        return self._pull(pulls[0])

    def open_or_update_pull(
        self, branch: str, title: str, body: str, labels: tuple[str, ...]
    ) -> PullRequest:
        existing = self.find_pull(branch)
        if existing is not None and existing.state != "open":
            # a second pull request for the branch of a closed or merged one would list rows
            # curators already decided on
            raise ForgeError(
                f"github forge: the pull request for {branch} is already {existing.state}; run "
                "`fmwatch sync` to record the curators' decision, then propose again"
            )
        if existing is not None and existing.number is not None:
            response = self._request(
                "PATCH",
                f"{self._repo_path}/pulls/{existing.number}",
                json={"title": title, "body": body},
                what=f"update pull request #{existing.number}",
            )
            pull = self._pull(self._json(response, f"update the pull request for {branch}"))
        else:
            what = f"open a pull request for {branch}"
            try:
                response = self._request(
                    "POST",
                    f"{self._repo_path}/pulls",
                    json={
                        "title": title,
                        "head": branch,
                        "base": self.base_branch,
                        "body": body,
                        "draft": True,
                    },
                    what=what,
                    done=_already_exists,
                )
                pull = self._pull(self._json(response, what))
            except _MaybeDone as exc:
                # the first attempt opened it, with this title and body: carry on with it
                found = self.find_pull(branch)
                if found is None or found.state != "open" or found.number is None:
                    raise self._maybe_created(what, exc) from None
                pull = found
        if labels and pull.number is not None:
            self._request(
                "POST",
                f"{self._repo_path}/issues/{pull.number}/labels",
                json={"labels": list(labels)},
                what=f"label pull request #{pull.number}",
            )
        return pull

    def record_state(self, branch: str, state: str) -> None:
        """GitHub shows a pull request's state itself."""

    def pull_state(self, pull: PullRequest) -> PullRequest:
        if pull.number is None:
            found = self.find_pull(pull.branch)
            if found is None:
                return PullRequest(pull.branch, "closed", pull.url)
            pull = found
        response = self._request(
            "GET",
            f"{self._repo_path}/pulls/{pull.number}",
            what=f"read pull request #{pull.number}",
        )
        data = self._json(response, f"read pull request #{pull.number}")
        fresh = self._pull(data)
        if fresh.state != "merged":
            return fresh
        merge_sha = data.get("merge_commit_sha") or self.base_branch
        return PullRequest(
            fresh.branch,
            "merged",
            fresh.url,
            number=fresh.number,
            title=fresh.title,
            head_sha=fresh.head_sha,
            merged_catalog=self.read_catalog(str(merge_sha)),
        )
