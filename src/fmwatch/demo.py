"""``fmwatch run --demo``: the whole weekly job on a machine with no network.

Why a real HTTP server and not a fake source: the demo must exercise exactly the code a weekly
run uses (HTTP client, parsers, paging, store, scorer, git forge), so a newcomer who sees it work
has seen the product work. The bundled feeds (``fmwatch/demo/feeds/``, package data) are written
by the team in the services' real formats; :class:`DemoServer` serves them from 127.0.0.1 in a
thread, and :func:`demo_config` points every source's ``base_url`` there with no politeness delay.

Everything the demo writes lives under ``./fmwatch-demo/`` in the current directory: ``state/``
(database, digests, the local forge's outbox) and ``catalog/``, a git repository whose first commit
is the bundled copy of the catalog. A second run continues from that state, so it shows that
nothing is proposed twice; ``--fresh`` deletes the folder first.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fmwatch.config import (
    ArxivConfig,
    BiorxivConfig,
    Config,
    DigestConfig,
    EuropePmcConfig,
    ForgeConfig,
    HttpConfig,
    NatureConfig,
    SourcesConfig,
)
from fmwatch.errors import FmwatchError

DEMO_DIR = "fmwatch-demo"
#: the window the bundled arXiv feed covers; fixed so the demo gives the same result any day
DEMO_SINCE = "2026-05-11"
DEMO_UNTIL = "2026-05-24"
#: the demo's "now": the Monday after the window, so the branch is named for that week
DEMO_NOW = datetime(2026, 5, 25, 6, 0, tzinfo=UTC)
DEMO_FEEDS = {
    "nature": "nature.rss",
    "nature-medicine": "nm.rss",
    "nature-methods": "nmeth.rss",
}
_EMPTY_DETAILS = b'{"messages": [{"status": "no posts found"}], "collection": []}\n'


class DemoError(FmwatchError):
    """The demo could not set itself up."""


def package_data() -> Traversable:
    return resources.files("fmwatch") / "demo"


def bundled_catalog() -> str:
    return (package_data() / "CATALOG.md").read_text(encoding="utf-8")


#: arXiv's answer to an id query it has nothing for: an Atom feed without entries
_ARXIV_BY_ID = (
    b"<?xml version='1.0' encoding='UTF-8'?>\n"
    b'<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    b'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    b"  <id>https://arxiv.org/api/demo</id>\n  <title>arXiv Query: id_list (demo)</title>\n"
    b"  <updated>2026-05-25T06:00:00Z</updated>\n"
    b"  <opensearch:itemsPerPage>0</opensearch:itemsPerPage>\n"
    b"  <opensearch:totalResults>0</opensearch:totalResults>\n"
    b"  <opensearch:startIndex>0</opensearch:startIndex>\n</feed>\n",
    "application/atom+xml; charset=UTF-8",
)


#: where the demo serves Europe PMC's REST API (``sources.europepmc.base_url``)
EUROPEPMC_BASE = "/europepmc/webservices/rest"
_DOI_TERM_RE = re.compile(r'DOI:"([^"]+)"', re.IGNORECASE)


def europepmc_search(
    records: list[dict[str, Any]], query: str, indexed: list[dict[str, Any]] | None = None
) -> bytes:
    """Europe PMC's ``search`` answer (format=json, resultType=core), the demo's and the tests'
    stand-in for the service: a query of ``DOI:"…" OR …`` terms gets the ``records`` whose DOI
    was asked for; any other query (the window's journal search) gets ``indexed``, as if those
    were the records it matched. Paged by ``pageSize`` and ``cursorMark`` as the service pages."""
    params = parse_qs(query, keep_blank_values=True)
    asked = {d.lower() for d in _DOI_TERM_RE.findall(params.get("query", [""])[0])}
    size = int(params.get("pageSize", ["25"])[0])
    cursor = params.get("cursorMark", ["*"])[0]
    start = 0 if cursor == "*" else int(cursor.removeprefix("demo"))
    if asked:
        hits = [r for r in records if str(r.get("doi", "")).lower() in asked]
    else:
        hits = list(indexed or [])
    page = hits[start : start + size]
    body = {
        "version": "6.9",
        "hitCount": len(hits),
        # (at the end the service hands back the cursor it was given)
        "nextCursorMark": f"demo{start + len(page)}" if page else cursor,
        "request": {"resultType": "core", "cursorMark": cursor, "pageSize": size},
        "resultList": {"result": page},
    }
    return json.dumps(body).encode("utf-8")


@functools.cache
def _europepmc_data() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundled Europe PMC records: (look-ups by DOI, the window's journal search)."""
    folder = package_data() / "feeds" / "europepmc"
    return (
        json.loads((folder / "records.json").read_text(encoding="utf-8")),
        json.loads((folder / "search.json").read_text(encoding="utf-8")),
    )


def _route(path: str) -> tuple[bytes, str] | None:
    """The bundled file for a request path, with its content type; ``None`` for a 404.

    The bioRxiv pages (``details`` and ``pubs``) are served whatever the requested interval is:
    the bundled records are a fixed sample, and the source trusts the server's interval. A
    cursor past the first page gets the API's "no posts found" answer.
    """
    feeds = package_data() / "feeds"
    parts = [p for p in path.split("/") if p]
    if parts == ["api", "query"]:
        return (feeds / "arxiv" / "query.xml").read_bytes(), "application/atom+xml; charset=UTF-8"
    if len(parts) == 5 and parts[0] == "details" and parts[1] in ("biorxiv", "medrxiv"):
        if parts[4] != "0":
            return _EMPTY_DETAILS, "application/json"
        return (feeds / "biorxiv" / f"{parts[1]}.json").read_bytes(), "application/json"
    if len(parts) == 5 and parts[0] == "pubs" and parts[1] in ("biorxiv", "medrxiv"):
        if parts[4] != "0":
            return _EMPTY_DETAILS, "application/json"
        return (feeds / "biorxiv" / f"pubs_{parts[1]}.json").read_bytes(), "application/json"
    if len(parts) == 1 and parts[0] in DEMO_FEEDS.values():
        return (feeds / "nature" / parts[0]).read_bytes(), "application/rss+xml"
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the run shows progress
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        found = _route(url.path) if "id_list=" not in url.query else _ARXIV_BY_ID
        if url.path == f"{EUROPEPMC_BASE}/search":
            records, indexed = _europepmc_data()
            answer = europepmc_search(records, url.query, indexed)
            found = answer, "application/json;charset=UTF-8"
        # (the catalog's arXiv rows asked about by id: the demo holds no records of them)
        body, ctype, status = (b"not in the demo\n", "text/plain", 404)
        if found is not None:
            body, ctype = found
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class DemoServer:
    """The bundled feeds on ``http://127.0.0.1:<free port>``, served from a daemon thread."""

    def __init__(self) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@dataclasses.dataclass(frozen=True)
class DemoPaths:
    root: Path

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def repo(self) -> Path:
        return self.root / "catalog"

    @property
    def catalog(self) -> Path:
        return self.repo / "CATALOG.md"


def _git(repo: Path, *args: str) -> None:
    env_args = ["-c", "user.name=fmwatch demo", "-c", "user.email=demo@fmwatch.invalid"]
    try:
        subprocess.run(
            ["git", *env_args, *args], cwd=repo, check=True, capture_output=True, text=True
        )
    except FileNotFoundError as exc:
        raise DemoError("the demo needs git, which is not installed; install git, retry") from exc
    except subprocess.CalledProcessError as exc:
        cause = " ".join((exc.stderr or exc.stdout or "").split()) or f"status {exc.returncode}"
        raise DemoError(
            f"git {args[0]} failed in {repo} ({cause}); delete {repo} or use --fresh"
        ) from exc


def prepare(cwd: Path, *, fresh: bool = False) -> DemoPaths:
    """Create (or reuse) ``<cwd>/fmwatch-demo`` with its catalog repository."""
    paths = DemoPaths(cwd / DEMO_DIR)
    try:
        if fresh and paths.root.exists():
            shutil.rmtree(paths.root)
        paths.state.mkdir(parents=True, exist_ok=True)
        if not (paths.repo / ".git").exists():
            paths.repo.mkdir(parents=True, exist_ok=True)
            _git(paths.repo, "init", "--quiet", "--initial-branch=main")
            paths.catalog.write_text(bundled_catalog(), encoding="utf-8")
            _git(paths.repo, "add", "CATALOG.md")
            _git(paths.repo, "commit", "--quiet", "-m", "The catalog, as bundled with fmwatch")
    except OSError as exc:
        raise DemoError(
            f"cannot create the demo folder {paths.root} ({exc}); run the demo from a writable "
            "directory"
        ) from exc
    return paths


def demo_config(paths: DemoPaths, server_url: str, base: Config | None = None) -> Config:
    """``base`` (the user's config, if any) with every network and path setting made local."""
    base = base or Config()
    sources = SourcesConfig(
        arxiv=dataclasses.replace(
            base.sources.arxiv if base.sources.arxiv.enabled else ArxivConfig(),
            enabled=True,
            base_url=f"{server_url}/api/query",
            delay=0.0,
        ),
        biorxiv=dataclasses.replace(
            BiorxivConfig(), base_url=server_url, delay=0.0, servers=("biorxiv", "medrxiv")
        ),
        nature=NatureConfig(enabled=True, base_url=server_url, feeds=dict(DEMO_FEEDS), delay=0.0),
        europepmc=EuropePmcConfig(base_url=server_url + EUROPEPMC_BASE, delay=0.0),
    )
    return dataclasses.replace(
        base,
        contact_email=base.contact_email or "demo@fmwatch.invalid",
        state_dir=str(paths.state),
        database="",
        catalog=str(paths.catalog),
        http=HttpConfig(timeout=10.0, attempts=1, backoff_initial=0.0, backoff_max=0.0),
        sources=sources,
        forge=ForgeConfig(kind="local", base_branch="main", catalog_path="CATALOG.md"),
        digest=DigestConfig(email=False),
    )


@contextmanager
def demo_environment(
    cwd: Path, *, fresh: bool = False, base: Config | None = None
) -> Iterator[tuple[Config, DemoPaths]]:
    """Serve the bundled feeds for the duration of the ``with`` block."""
    paths = prepare(cwd, fresh=fresh)
    with DemoServer() as server:
        yield demo_config(paths, server.url, base), paths
