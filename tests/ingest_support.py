"""Shared set-up for the ingestion tests: a config pointed at the loopback server, fast retries."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import stamina

from fmwatch.config import (
    ArxivConfig,
    BiorxivConfig,
    Config,
    EuropePmcConfig,
    HttpConfig,
    NatureConfig,
    SourcesConfig,
)
from fmwatch.demo import EUROPEPMC_BASE, europepmc_search
from loopback import FIXTURES, LoopbackServer, Recorded, Reply

ARXIV_PATH = "/api/query"
EPMC_BASE = EUROPEPMC_BASE
#: the path of Europe PMC's REST search (journal search and abstract look-ups alike)
EPMC_SEARCH = f"{EPMC_BASE}/search"
EPMC_TYPE = "application/json;charset=UTF-8"
WINDOW = ("2026-05-04", "2026-05-10")


def make_config(server: LoopbackServer, tmp_path: Path, **http: Any) -> Config:
    """Every source at the loopback server, no politeness delay, tiny backoffs."""
    http_cfg = HttpConfig(
        **{
            "timeout": 2.0,
            "attempts": 3,
            "backoff_initial": 0.001,
            "backoff_max": 0.01,
            "max_retry_after": 5.0,
            **http,
        }
    )
    return Config(
        contact_email="curator@example.org",
        state_dir=str(tmp_path / "state"),
        catalog="",  # (a test that wants the catalog's arXiv rows checked gives one)
        http=http_cfg,
        sources=SourcesConfig(
            arxiv=ArxivConfig(
                base_url=server.url + ARXIV_PATH,
                page_size=3,
                delay=0.0,
                categories=("cs.CV", "q-bio.*"),
            ),
            biorxiv=BiorxivConfig(base_url=server.url, delay=0.0),
            nature=NatureConfig(
                base_url=server.url,
                delay=0.0,
                feeds={"nature": "nature.rss", "nature-medicine": "nm.rss"},
            ),
            # (the journal search is off here: tests/test_europepmc_search.py turns it on)
            europepmc=EuropePmcConfig(base_url=server.url + EPMC_BASE, delay=0.0, search=False),
        ),
    )


def with_sources(config: Config, **changes: Any) -> Config:
    return dataclasses.replace(config, sources=dataclasses.replace(config.sources, **changes))


def arxiv_reply(name: str, **kwargs: Any) -> Reply:
    kwargs.setdefault("content_type", "application/atom+xml; charset=UTF-8")
    return Reply.file(f"arxiv/{name}", **kwargs)


def serve_arxiv_pages(server: LoopbackServer) -> None:
    server.add(ARXIV_PATH, arxiv_reply("page1_current.xml"), query={"start": "0"})
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})


def biorxiv_page0(server_name: str = "biorxiv") -> dict[str, Any]:
    """A full first page (100 records) built from the fixture's record shape."""
    template = json.loads((FIXTURES / "biorxiv" / "details_biorxiv_page2.json").read_text())[
        "collection"
    ][3]
    records = []
    for i in range(100):
        record = dict(template)
        record["doi"] = f"10.64898/2026.05.05.{800000 + i}"
        record["title"] = f"Generated preprint number {i} on organoid imaging"
        records.append(record)
    return {
        "messages": [
            {
                "status": "ok",
                "category": "all",
                "interval": "2026-05-04:2026-05-10",
                "funder": "all",
                "cursor": 0,
                "count": 100,
                "count_new_papers": "71",
                "total": "104",
            }
        ],
        "collection": records,
    }


def serve_biorxiv(server: LoopbackServer) -> None:
    since, until = WINDOW
    base = f"/details/biorxiv/{since}/{until}"
    server.add(f"{base}/0", Reply.json(biorxiv_page0()))
    server.add(
        f"{base}/100",
        Reply.file("biorxiv/details_biorxiv_page2.json", content_type="application/json"),
    )
    server.add(
        f"/pubs/biorxiv/{since}/{until}/0",
        Reply.file("biorxiv/pubs_biorxiv.json", content_type="application/json"),
    )


def serve_medrxiv(server: LoopbackServer) -> None:
    since, until = WINDOW
    base = f"/details/medrxiv/{since}/{until}"
    server.add(
        f"{base}/0", Reply.file("biorxiv/details_medrxiv.json", content_type="application/json")
    )
    server.add(f"{base}/2", Reply.file("biorxiv/no_posts.json", content_type="application/json"))
    server.add(
        f"/pubs/medrxiv/{since}/{until}/0",
        Reply.file("biorxiv/pubs_medrxiv.json", content_type="application/json"),
    )


def serve_nature(server: LoopbackServer) -> None:
    server.add(
        "/nature.rss",
        Reply.file(
            "nature/nature.rss",
            content_type="application/rss+xml",
            headers={"ETag": '"nature-v1"', "Last-Modified": "Wed, 06 May 2026 10:00:00 GMT"},
        ),
    )
    server.add(
        "/nm.rss",
        Reply.file(
            "nature/nm.rss", content_type="application/rss+xml", headers={"ETag": '"nm-v1"'}
        ),
    )


def europepmc_records(path: Traversable | None = None) -> list[dict[str, Any]]:
    """Europe PMC result records of a JSON file (default the fixture's look-up records)."""
    records: list[dict[str, Any]] = json.loads(
        (path or FIXTURES / "europepmc" / "records.json").read_text()
    )
    return records


def europepmc_answer(
    records: list[dict[str, Any]], indexed: list[dict[str, Any]] | None = None
) -> Callable[[Recorded], Reply]:
    """A handler answering Europe PMC's search as the service does
    (:func:`fmwatch.demo.europepmc_search`): look-ups by DOI from ``records``, the window's
    journal search from ``indexed``."""

    def search(rec: Recorded) -> Reply:
        query = urlencode({k: v[0] for k, v in rec.query.items()})
        return Reply(body=europepmc_search(records, query, indexed), content_type=EPMC_TYPE)

    return search


def serve_europepmc(
    server: LoopbackServer, records: Traversable | None = None, indexed: Traversable | None = None
) -> None:
    """Europe PMC's search: look-ups from ``records`` (default the fixture's), the window's
    journal search from ``indexed`` (default: nothing indexed)."""
    window = europepmc_records(indexed) if indexed is not None else []
    server.handle(EPMC_SEARCH, europepmc_answer(europepmc_records(records), window))


def serve_all(server: LoopbackServer) -> None:
    serve_arxiv_pages(server)
    serve_biorxiv(server)
    serve_medrxiv(server)
    serve_nature(server)
    serve_europepmc(server)


@pytest.fixture
def fast_retries() -> Iterator[None]:
    """Retries happen, but without real backoff sleeps (Retry-After waits are still recorded)."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield
