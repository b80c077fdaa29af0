"""Faults end to end over real sockets: each is retried where that makes sense, then reported as
one line (source, URL, cause) while the other sources finish and are committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmwatch.ingest import default_window, fetch_sources
from fmwatch.models import Window
from fmwatch.sources import make_source
from fmwatch.store import Store
from ingest_support import (  # noqa: F401
    ARXIV_PATH,
    WINDOW,
    arxiv_reply,
    fast_retries,
    make_config,
    serve_all,
    serve_arxiv_pages,
    serve_biorxiv,
)
from loopback import FIXTURES, LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")


def _run_arxiv(server: LoopbackServer, tmp_path: Path, **http: float) -> tuple[object, Store]:
    config = make_config(server, tmp_path, **http)
    store = Store(config.db_path)
    [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
    return stats, store


def test_timeout_then_success(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, Reply(delay=0.6), arxiv_reply("page1_current.xml"), query={"start": "0"})
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    stats, _ = _run_arxiv(server, tmp_path, timeout=0.2)
    assert stats.ok and stats.new == 4  # type: ignore[attr-defined]
    assert (stats.requests, stats.errors) == (3, 1)  # type: ignore[attr-defined]


def test_timeout_every_time_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, Reply(delay=0.4))
    stats, _ = _run_arxiv(server, tmp_path, timeout=0.1, attempts=2)
    failure = stats.failure  # type: ignore[attr-defined]
    assert failure.startswith(
        "arxiv: timed out; the server is slow or unreachable, try again later or raise "
        "http.timeout ("
    )
    assert f"{server.url}{ARXIV_PATH}?search_query=" in failure
    assert stats.requests == 2  # type: ignore[attr-defined]


def test_connection_reset_then_success(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        ARXIV_PATH, Reply(reset=True), arxiv_reply("page1_current.xml"), query={"start": "0"}
    )
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.ok and stats.new == 4 and stats.errors == 1  # type: ignore[attr-defined]


def test_server_error_then_success(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        ARXIV_PATH,
        Reply(status=502, body="bad gateway"),
        Reply(status=500),
        arxiv_reply("page1_current.xml"),
        query={"start": "0"},
    )
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.ok and (stats.requests, stats.errors, stats.new) == (4, 2, 4)  # type: ignore[attr-defined]


def test_server_error_every_time_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, Reply(status=503, body="down"))
    stats, store = _run_arxiv(server, tmp_path)
    assert (
        "arxiv: HTTP 503 Service Unavailable after 3 attempts; the service is failing or "
        "throttling, try again later (" in stats.failure
    )  # type: ignore[attr-defined]
    assert store.count_papers() == {}


def test_retry_after_is_honoured_and_recorded(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        ARXIV_PATH,
        Reply(status=429, headers={"Retry-After": "2"}),
        arxiv_reply("page1_current.xml"),
        query={"start": "0"},
    )
    server.add(
        ARXIV_PATH,
        Reply(status=503, headers={"Retry-After": "4"}),
        arxiv_reply("page2_current.xml"),
        query={"start": "3"},
    )
    config = make_config(server, tmp_path)
    source = make_source("arxiv", config, Store(":memory:"))
    papers = list(source.papers(Window(*WINDOW)))
    assert len(papers) == 4
    assert source.client.waits == [2.0, 4.0]


def test_retry_after_beyond_the_bound_fails_clearly(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, Reply(status=503, headers={"Retry-After": "600"}))
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.failure.startswith(  # type: ignore[attr-defined]
        "arxiv: the server asked to wait 600s (more than http.max_retry_after = 5s); try "
        "again later ("
    )
    assert stats.requests == 1  # type: ignore[attr-defined]


def test_redirect_is_followed(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        "/old/api/query",
        Reply(
            status=301,
            headers={
                "Location": ARXIV_PATH
                + "?start=0&max_results=3&sortBy=lastUpdatedDate&sortOrder=descending"
                + "&search_query=cat%3Acs.CV"
            },
        ),
    )
    server.add(ARXIV_PATH, arxiv_reply("legacy_format.xml"))
    config = make_config(server, tmp_path)
    config = config.replace(
        sources=config.sources.__class__(
            arxiv=config.sources.arxiv.__class__(
                base_url=server.url + "/old/api/query", page_size=3, delay=0.0
            ),
            biorxiv=config.sources.biorxiv,
            nature=config.sources.nature,
        )
    )
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert stats.ok and store.count_papers() == {"arxiv": 1}


def test_a_redirect_away_from_http_names_the_redirect(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """A redirect to ftp:// (a misconfigured mirror): "network error (UnsupportedProtocol);
    check the network" blamed the network."""
    server.add(ARXIV_PATH, Reply(status=302, headers={"Location": "ftp://mirror.example/x"}))
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.failure.startswith(  # type: ignore[attr-defined]
        "arxiv: the server redirected to a URL that is not http(s); check the source's base_url ("
    )


def test_malformed_xml_is_retried_then_reported(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        ARXIV_PATH,
        Reply(body="<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><id>"),
    )
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.failure.startswith(
        "arxiv: the response is not well-formed XML (no element found: line 1"
    )  # type: ignore[attr-defined]
    assert "it may be truncated, try again later" in stats.failure  # type: ignore[attr-defined]
    assert stats.requests == 3  # type: ignore[attr-defined]


def test_truncated_body_is_retried_then_succeeds(server: LoopbackServer, tmp_path: Path) -> None:
    body = (FIXTURES / "arxiv" / "page1_current.xml").read_bytes()
    server.add(
        ARXIV_PATH,
        Reply(body=body, truncate_at=len(body) // 2),
        arxiv_reply("page1_current.xml"),
        query={"start": "0"},
    )
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.ok and stats.errors == 1  # type: ignore[attr-defined]


def test_truncated_body_every_time_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    body = (FIXTURES / "arxiv" / "page1_current.xml").read_bytes()
    server.add(ARXIV_PATH, Reply(body=body, truncate_at=200))
    stats, _ = _run_arxiv(server, tmp_path)
    assert stats.failure.startswith(
        "arxiv: the connection was closed mid-response; try again later ("
    )  # type: ignore[attr-defined]


@pytest.mark.allow_unused_routes  # a failing reply shadows the fixture on purpose
def test_failing_source_does_not_stop_the_others(server: LoopbackServer, tmp_path: Path) -> None:
    serve_all(server)
    server.add(ARXIV_PATH, Reply(status=500))  # every arXiv request fails
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        results = fetch_sources(config, store, None, *WINDOW)
        by_name = {s.source: s for s in results}
        assert [s.source for s in results] == [
            "arxiv",
            "biorxiv",
            "medrxiv",
            "nature",
            "europepmc",
        ]
        assert not by_name["arxiv"].ok and all(
            by_name[n].ok for n in ("biorxiv", "medrxiv", "nature", "europepmc")
        )
        assert store.count_papers() == {"biorxiv": 103, "medrxiv": 2, "nature": 3}
        assert store.last_success_until("arxiv") is None
        assert store.last_success_until("biorxiv") == "2026-05-10"
        [run] = store.last_runs(1)
        assert (run["command"], run["status"]) == ("fetch", "partial")
        rows = {r["source"]: r for r in store.run_sources(run["id"])}
        assert rows["arxiv"]["failure"].startswith(
            "arxiv: HTTP 500 Internal Server Error after 3 attempts"
        )
        assert (
            rows["biorxiv"]["fetched"],
            rows["biorxiv"]["new"],
            rows["biorxiv"]["requests"],
            rows["biorxiv"]["links"],
        ) == (104, 103, 3, 4)


def _any_window_biorxiv(server: LoopbackServer, server_name: str, fail: list[bool]) -> None:
    page = json.loads((FIXTURES / "biorxiv" / "details_medrxiv.json").read_text())

    def handler(request: Recorded) -> Reply:
        if fail[0]:
            return Reply(status=500, body="boom", content_type="text/plain")
        if request.path.endswith("/0"):
            return Reply.json(page)
        return Reply.file("biorxiv/no_posts.json", content_type="application/json")

    server.handle(f"/details/{server_name}/*", handler)
    server.handle(
        f"/pubs/{server_name}/*",
        lambda request: Reply.file("biorxiv/no_posts.json", content_type="application/json"),
    )


def test_next_run_picks_up_the_missed_window(server: LoopbackServer, tmp_path: Path) -> None:
    bio_fails, med_fails = [False], [True]
    _any_window_biorxiv(server, "biorxiv", bio_fails)
    _any_window_biorxiv(server, "medrxiv", med_fails)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        first = fetch_sources(config, store, ["biorxiv", "medrxiv"], until="2026-05-10")
        assert [s.ok for s in first] == [True, False]
        assert store.count_papers() == {"biorxiv": 2}
        # second run: medRxiv is back, bioRxiv fails this time
        bio_fails[0], med_fails[0] = True, False
        second = fetch_sources(config, store, ["biorxiv", "medrxiv"], until="2026-05-17")
        assert [s.ok for s in second] == [False, True]
        # third run: both work; bioRxiv re-reads from its last success (minus 2 days overlap)
        bio_fails[0] = False
        fetch_sources(config, store, ["biorxiv", "medrxiv"], until="2026-05-24")
    parts = [
        r.path.split("/")
        for r in server.requests
        if r.path.endswith("/0") and r.path.startswith("/details/")
    ]
    starts = [[p[3], p[4], p[2]] for p in parts]
    assert ["2026-05-03", "2026-05-10", "biorxiv"] in starts  # first run: 7 days back
    assert ["2026-05-03", "2026-05-17", "medrxiv"] in starts  # missed first window picked up
    assert ["2026-05-08", "2026-05-17", "biorxiv"] in starts  # failed in run 2 ...
    assert ["2026-05-08", "2026-05-24", "biorxiv"] in starts  # ... so run 3 starts from run 1's end
    assert ["2026-05-15", "2026-05-24", "medrxiv"] in starts


def test_same_window_twice_changes_nothing(server: LoopbackServer, tmp_path: Path) -> None:
    serve_all(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, None, *WINDOW)
        papers_before = store.dump_json("papers")
        counts_before = store.count_papers()
        again = fetch_sources(config, store, None, *WINDOW)
        assert all(s.ok and s.new == 0 and s.updated == 0 for s in again)
        assert sum(s.fetched for s in again) == 4 + 104 + 2 + 3
        assert store.dump_json("papers") == papers_before
        assert (
            store.count_papers()
            == counts_before
            == {"arxiv": 4, "biorxiv": 103, "medrxiv": 2, "nature": 3}
        )


def test_default_window(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        assert default_window(store, "arxiv", 3, "2026-05-10") == Window("2026-05-03", "2026-05-10")
        store.save_feed_state("arxiv", window_since="2026-05-01", window_until="2026-05-10")
        assert default_window(store, "arxiv", 3, "2026-05-17") == Window("2026-05-07", "2026-05-17")


def test_unknown_source_is_reported_not_raised(server: LoopbackServer, tmp_path: Path) -> None:
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["pubmed"], *WINDOW)
    assert (
        stats.failure
        == "config error: --source: unknown source 'pubmed'; use one of: arxiv, biorxiv, "
        "medrxiv, nature, europepmc"
    )


@pytest.mark.allow_unused_routes  # a failing reply shadows the fixture on purpose
def test_batches_are_committed_before_a_later_failure(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_biorxiv(server)
    server.add("/details/biorxiv/2026-05-04/2026-05-10/100", Reply(status=500))
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW, batch_size=50)
        assert not stats.ok and stats.new == 100
        assert store.count_papers() == {"biorxiv": 100}
        assert store.last_success_until("biorxiv") is None
