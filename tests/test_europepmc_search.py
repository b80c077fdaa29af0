"""Europe PMC's journal search: the window's newly indexed PubMed records, over loopback."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fmwatch.config import Config
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper
from fmwatch.scoring import score_stored
from fmwatch.sources.europepmc import MAX_SEARCH_RECORDS, search_record
from fmwatch.store import Store
from ingest_support import (  # noqa: F401
    EPMC_BASE,
    EPMC_SEARCH,
    europepmc_answer,
    europepmc_records,
    fast_retries,
    make_config,
    serve_europepmc,
    serve_nature,
    with_sources,
)
from loopback import FIXTURES, LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")

INDEXED = FIXTURES / "europepmc" / "search.json"
RETINA = "10.1016/s2589-7500(26)00101-4"
ULTRASOUND = "10.1038/s41591-026-04001-7"


def searching(server: LoopbackServer, tmp_path: Path) -> Config:
    config = make_config(server, tmp_path)
    return with_sources(
        config, europepmc=dataclasses.replace(config.sources.europepmc, search=True)
    )


def test_the_window_s_journal_articles_are_stored(server: LoopbackServer, tmp_path: Path) -> None:
    serve_europepmc(server, indexed=INDEXED)
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        assert stats.ok, stats.failure
        # six records: an editorial, a letter and one without any identifier are skipped
        assert (stats.requests, stats.fetched, stats.new, stats.skipped) == (1, 3, 3, 3)
        papers = {p.source_id: p for p in store.iter_papers("source = 'europepmc'")}
        assert store.feed_state("europepmc")["window_until"] == "2026-05-10"
    assert sorted(papers) == [RETINA, ULTRASOUND, "pmid:41900005"]
    retina = papers[RETINA]
    assert retina.title == "A foundation model for retinal photographs from twelve countries"
    assert retina.authors == ("Okafor C", "Lindqvist M", "Tanaka H")
    assert retina.journal == "The Lancet. Digital health"
    assert (retina.published, retina.updated) == ("2026-05-06", "2026-05-07")
    assert (retina.abstract or "").startswith("Background Retinal photographs are taken")
    assert retina.doi_url == f"https://doi.org/{RETINA}"
    assert retina.abs_url == "https://europepmc.org/article/MED/41900002"
    assert retina.article_type == "research-article; Journal Article"
    assert papers["pmid:41900005"].doi is None
    [request] = server.requests_to(EPMC_SEARCH)
    query = request.query["query"][0]
    assert query == f"({config.sources.europepmc.query}) AND FIRST_IDATE:[2026-05-04 TO 2026-05-10]"
    assert (request.query["pageSize"], request.query["resultType"]) == (["1000"], ["core"])


def test_a_journal_article_and_its_rss_item_are_one_work_scored_on_the_abstract(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    serve_europepmc(server, indexed=INDEXED)
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        results = fetch_sources(config, store, ["nature", "europepmc"], "2026-05-04", "2026-05-10")
        assert all(s.ok for s in results)
        # (the RSS item's abstract is in the store already: it is not looked up by DOI)
        assert results[1].looked_up == 2
        score_stored(config, store)
        rows = store.db.execute(
            "SELECT w.records, s.evidence FROM works w JOIN scores s USING (work_id) "
            "WHERE w.keys LIKE ?",
            [f'%"doi:{ULTRASOUND}"%'],
        ).fetchall()
    [(records, evidence)] = rows
    assert json.loads(records) == [["europepmc", ULTRASOUND], ["nature", ULTRASOUND]]
    phrases = " ".join(e["phrase"] for e in json.loads(evidence))
    assert "abstract missing" not in phrases and "zero shot" in phrases


@pytest.mark.allow_unused_routes
def test_a_failing_search_still_looks_up_abstracts_and_reads_the_window_again(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    answer = europepmc_answer(europepmc_records())

    def search_down(rec: Recorded) -> Reply:
        if "FIRST_IDATE" in rec.query["query"][0]:
            return Reply(503, "busy", content_type="text/plain")
        return answer(rec)

    server.handle(EPMC_SEARCH, search_down)
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        nature, epmc = fetch_sources(config, store, ["nature", "europepmc"], "2026-05-04")
        assert nature.ok and not epmc.ok and epmc.failure is not None
        assert "\n" not in epmc.failure and epmc.failure.startswith("europepmc: HTTP 503")
        assert "the journal search of 2026-05-04.." in epmc.failure
        assert "sources.europepmc.search = false" in epmc.failure
        assert "missing abstracts were still looked up" in epmc.failure
        assert epmc.abstracts == 2
        # the window did not advance: the next run reads it again
        assert not store.feed_state("europepmc").get("window_until")


def test_a_query_matching_too_much_is_refused_with_the_key_to_narrow(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.add(
        EPMC_SEARCH,
        Reply.json(
            {
                "hitCount": MAX_SEARCH_RECORDS + 1,
                "nextCursorMark": "AoJ1",
                "resultList": {"result": json.loads(INDEXED.read_text())},
            }
        ),
    )
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        assert stats.failure is not None and "narrow sources.europepmc.query" in stats.failure
        assert store.count_papers() == {}
    assert len(server.requests_to(EPMC_SEARCH)) == 1


def _paged_search(
    pages: dict[str, tuple[list[Any], str]], hits: int, empty_first: dict[str, int] | None = None
) -> Callable[[Recorded], Reply]:
    """A search answering ``pages`` by cursor, each announcing ``hits`` records;
    ``empty_first[cursor]``: how many times that page first comes back without its records."""
    glitches = dict(empty_first or {})

    def paged(rec: Recorded) -> Reply:
        mark = rec.query["cursorMark"][0]
        results, cursor = pages[mark]
        if glitches.get(mark, 0) > 0:
            glitches[mark] -= 1
            results = []
        return Reply.json(
            {"hitCount": hits, "nextCursorMark": cursor, "resultList": {"result": results}}
        )

    return paged


def test_search_pages_are_followed_by_cursor(server: LoopbackServer, tmp_path: Path) -> None:
    indexed = json.loads(INDEXED.read_text())
    pages = {"*": (indexed[:2], "AoJ1"), "AoJ1": (indexed[2:], "AoJ2"), "AoJ2": ([], "AoJ2")}
    server.handle(EPMC_SEARCH, _paged_search(pages, hits=len(indexed)))
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        assert stats.ok and (stats.requests, stats.new) == (2, 3)
        assert store.feed_state("europepmc")["window_until"] == "2026-05-10"
    # the announced count was read: no request for a third page
    assert [r.query["cursorMark"][0] for r in server.requests_to(EPMC_SEARCH)] == ["*", "AoJ1"]


def test_an_empty_search_page_before_the_announced_count_is_fetched_again(
    server: LoopbackServer, tmp_path: Path
) -> None:
    indexed = json.loads(INDEXED.read_text())
    pages = {"*": (indexed[:2], "AoJ1"), "AoJ1": (indexed[2:], "AoJ2")}
    server.handle(EPMC_SEARCH, _paged_search(pages, len(indexed), empty_first={"AoJ1": 1}))
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        assert stats.ok, stats.failure
        # (the second page's records: the retina and ultrasound papers and the PMID-only one)
        assert (stats.requests, stats.new, stats.errors) == (3, 3, 1)
        assert store.feed_state("europepmc")["window_until"] == "2026-05-10"
    assert [r.query["cursorMark"][0] for r in server.requests_to(EPMC_SEARCH)] == [
        "*",
        "AoJ1",
        "AoJ1",
    ]


def _window_cut_short(server: LoopbackServer, tmp_path: Path, last: tuple[list[Any], str]) -> str:
    """Seven records announced, six served on two pages, then ``last`` as the third page's
    (records, next cursor): the six are stored, the window does not advance, and the source
    fails in one line, which is returned."""
    indexed = json.loads(INDEXED.read_text())
    pages = {"*": (indexed[:2], "AoJ1"), "AoJ1": (indexed[2:], last[1]), last[1]: last}
    server.handle(EPMC_SEARCH, _paged_search(pages, hits=len(indexed) + 1))
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        assert not stats.ok and stats.failure is not None and "\n" not in stats.failure
        # what was read is stored; the window did not advance
        assert store.count_papers() == {"europepmc": 3}
        assert not store.feed_state("europepmc").get("window_until")
    return stats.failure


def test_a_search_page_that_stays_empty_before_the_announced_count_fails_the_window(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """Seven records announced, six served, then only empty pages: that is not the end of the
    window. The six are kept, the source fails in one line, and the window is read again."""
    failure = _window_cut_short(server, tmp_path, ([], "AoJ2"))
    assert failure.startswith(
        "europepmc: the API returned an empty page after 6 of the 7 records it announced "
        "(3 attempts); Europe PMC is overloaded or mid-update, try again later; the journal "
        "search of 2026-05-04..2026-05-10 is read again next run"
    )
    assert [r.query["cursorMark"][0] for r in server.requests_to(EPMC_SEARCH)] == [
        "*",
        "AoJ1",
        *["AoJ2"] * 3,
    ]


def test_a_cursor_that_stops_before_the_announced_count_fails_the_window(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """Seven records announced, six served, and the second page hands back its own cursor:
    the seventh cannot be reached. The six are kept, the source fails in one line, and the
    window is read again next run."""
    indexed = json.loads(INDEXED.read_text())
    failure = _window_cut_short(server, tmp_path, (indexed[2:], "AoJ1"))
    assert failure.startswith(
        "europepmc: the API stopped paging after 6 of the 7 records it announced (its "
        "cursor did not move); Europe PMC is mid-update, try again later; the journal "
        "search of 2026-05-04..2026-05-10 is read again next run"
    )
    assert len(server.requests_to(EPMC_SEARCH)) == 2


def test_the_next_window_starts_before_the_last_one_ended(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_europepmc(server, indexed=INDEXED)
    config = searching(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["europepmc"], "2026-05-04", "2026-05-10")
        fetch_sources(config, store, ["europepmc"], None, "2026-05-17")
    second = server.requests_to(EPMC_SEARCH)[-1].query["query"][0]
    # PubMed indexing lags: overlap_days (3) before the last window's end
    assert second.endswith("AND FIRST_IDATE:[2026-05-07 TO 2026-05-17]")


@pytest.mark.parametrize(
    "record",
    [
        "not a record",
        {"doi": "10.1/x", "pubTypeList": {"pubType": ["Journal Article"]}},  # no title
        {"title": "   ", "doi": "10.1/x"},
        {"title": "T", "pmid": "abc"},  # no DOI, and the PMID is not one
        {"title": "News of the week.", "doi": "10.1/x", "pubTypeList": {"pubType": ["News"]}},
    ],
)
def test_unusable_search_records_are_skipped(record: object) -> None:
    assert search_record(record) is None


def test_hostile_search_record_text_is_cleaned() -> None:
    paper = search_record(
        {
            "title": "<b>Pipes | and \u202e bidi</b> in a title...",
            "doi": "10.1234/X",
            "authorString": ["not", "a", "string"],
            "abstractText": "x" * 200_000 + "\x00",
            "journalInfo": {"journal": "not an object"},
            "pubTypeList": {"pubType": "Journal Article"},
        }
    )
    assert isinstance(paper, Paper)
    assert paper.title.startswith("Pipes | and") and paper.title.endswith("...")
    assert paper.doi == "10.1234/x" and paper.authors == () and paper.journal is None
    assert paper.abstract is not None and "\x00" not in paper.abstract


def test_search_off_reads_no_window(server: LoopbackServer, tmp_path: Path) -> None:
    config = make_config(server, tmp_path)  # (search off)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert stats.ok and stats.requests == 0
        assert store.feed_state("europepmc") == {}
