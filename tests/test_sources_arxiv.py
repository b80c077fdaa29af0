"""arXiv source, end to end over a loopback HTTP server serving the team's Atom fixtures."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from fmwatch.errors import FetchError
from fmwatch.http import PoliteClient
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper, Window
from fmwatch.sources import make_source
from fmwatch.sources.arxiv import ArxivSource, build_search, expand_categories, parse_page
from fmwatch.store import Store
from fmwatch.text import clean_text
from ingest_support import (  # noqa: F401
    ARXIV_PATH,
    WINDOW,
    arxiv_reply,
    fast_retries,
    make_config,
    serve_arxiv_pages,
)
from loopback import FIXTURES, LoopbackServer, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")


def _papers(
    server: LoopbackServer, tmp_path: Path, window: tuple[str, str] = WINDOW
) -> tuple[list[Paper], ArxivSource]:
    config = make_config(server, tmp_path)
    store = Store(tmp_path / "db.sqlite")
    source = make_source("arxiv", config, store)
    assert isinstance(source, ArxivSource)
    papers = [p for p in source.papers(Window(*window)) if isinstance(p, Paper)]
    return papers, source


def test_pages_are_read_until_the_window_is_passed(server: LoopbackServer, tmp_path: Path) -> None:
    serve_arxiv_pages(server)
    papers, source = _papers(server, tmp_path)
    ids = [p.source_id for p in papers]
    # 2605.09999 is newer than the window (skipped), 2605.00001 older (paging stops there).
    assert ids == ["2605.04321", "2604.11111", "q-bio/0601001", "2605.02222"]
    assert source.skipped == 1
    assert source.client.requests == 2
    assert source.client.requests <= math.ceil(len(papers) / 3) + 1
    assert server.unused_routes() == []


def test_query_is_sorted_by_last_update_and_expands_q_bio(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_arxiv_pages(server)
    _papers(server, tmp_path)
    first = server.requests_to(ARXIV_PATH)[0]
    assert first.query["sortBy"] == ["lastUpdatedDate"]
    assert first.query["sortOrder"] == ["descending"]
    assert first.query["max_results"] == ["3"]
    assert first.query["search_query"][0].startswith("cat:cs.CV OR cat:q-bio.BM OR ")
    assert "cat:q-bio.GN" in first.query["search_query"][0]
    assert "mailto:curator@example.org" in first.headers["user-agent"]


def test_entry_fields_are_normalised(server: LoopbackServer, tmp_path: Path) -> None:
    serve_arxiv_pages(server)
    papers, _ = _papers(server, tmp_path)
    by_id = {p.source_id: p for p in papers}
    patho = by_id["2605.04321"]
    assert (
        patho.title
        == "PathoFM: A Foundation Model for Computational Pathology Trained on 10^6 Slides"
    )
    assert patho.abstract is not None and "vision transformer" in patho.abstract
    assert (
        "p<0.05" in patho.abstract and "\\emph" not in patho.abstract and "\n" not in patho.abstract
    )
    assert patho.authors == ("Zoë Ramírez", "Kenji Sato")
    assert patho.categories == ("cs.CV", "eess.IV", "q-bio.QM")  # primary first
    assert (
        patho.comment
        == "18 pages, 6 figures. Code and weights: https://github.com/example-lab/PathoFM"
    )
    assert (patho.version, patho.arxiv_id) == (1, "2605.04321")
    assert patho.abs_url == "https://arxiv.org/abs/2605.04321"
    assert patho.pdf_url == "https://arxiv.org/pdf/2605.04321"
    assert patho.doi is None and patho.doi_url is None
    ehr = by_id["2604.11111"]
    assert ehr.version == 2
    assert ehr.doi == "10.1038/s41591-026-01234-5"
    assert ehr.doi_url == "https://doi.org/10.1038/s41591-026-01234-5"
    assert ehr.journal_ref == "Nat. Med. 32, 100-110 (2026)"
    assert (ehr.published, ehr.updated) == ("2026-04-20T12:00:00Z", "2026-05-08T09:30:00Z")
    old = by_id["q-bio/0601001"]
    assert (old.arxiv_id, old.version, old.categories) == ("q-bio/0601001", 3, ("q-bio.GN",))
    assert by_id["2605.02222"].title == "Schrödinger Bridges for Single-Cell Trajectories"
    assert "transport & learn" in (by_id["2605.02222"].abstract or "")


def test_legacy_format_parses_by_namespace(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, arxiv_reply("legacy_format.xml"))
    papers, source = _papers(server, tmp_path)
    assert len(papers) == 1
    paper = papers[0]
    assert paper.title == "A Genomic Language Model for Variant Effect Prediction"
    assert paper.abstract == (
        "We train a DNA language model on 800 genomes and predict the effect of non-coding "
        "variants without supervision."
    )
    assert (paper.doi, paper.journal_ref, paper.comment) == (
        "10.1101/2026.05.01.123456",
        "Genome Res. 36 (2026)",
        "12 pages",
    )
    assert paper.categories == ("q-bio.GN", "cs.LG")
    assert source.client.requests == 1  # totalResults 1 reached: no second request


def test_api_error_entry_is_a_failure_not_a_paper(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, arxiv_reply("error_400.xml", status=400))
    with pytest.raises(FetchError) as info:
        _papers(server, tmp_path)
    assert str(info.value).startswith(
        "arxiv: the arXiv API rejected the query: max_results must be less than 30000; "
        "check sources.arxiv.categories ("
    )
    assert len(server.requests) == 1  # a 400 is not retried


def test_error_entry_with_http_200_is_still_a_failure() -> None:
    body = (Path(__file__).parent / "fixtures" / "arxiv" / "error_400.xml").read_bytes()
    with pytest.raises(FetchError, match="rejected the query"):
        parse_page(body, "http://127.0.0.1/api/query")


def test_empty_page_mid_paging_is_retried_then_reported(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.add(ARXIV_PATH, arxiv_reply("page1_current.xml"), query={"start": "0"})
    server.add(ARXIV_PATH, arxiv_reply("empty_page_mid.xml"), query={"start": "3"})
    with pytest.raises(FetchError) as info:
        _papers(server, tmp_path)
    assert (
        "the API returned an empty page at start=3 although it announced 48213 results (3 attempts)"
        in str(info.value)
    )
    assert len([r for r in server.requests if r.query["start"] == ["3"]]) == 3


def test_empty_page_then_real_page_recovers(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, arxiv_reply("page1_current.xml"), query={"start": "0"})
    server.add(
        ARXIV_PATH,
        arxiv_reply("empty_page_mid.xml"),
        arxiv_reply("page2_current.xml"),
        query={"start": "3"},
    )
    papers, source = _papers(server, tmp_path)
    assert len(papers) == 4
    assert source.empty_pages == 1
    assert source.client.errors == 1


def test_no_results_is_an_empty_success(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(ARXIV_PATH, arxiv_reply("no_results.xml"))
    papers, source = _papers(server, tmp_path)
    assert papers == [] and source.client.requests == 1


def test_html_instead_of_atom_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        ARXIV_PATH,
        Reply(body="<html><body>Service unavailable</body></html>", content_type="text/html"),
    )
    with pytest.raises(FetchError, match=r"not an Atom feed \(the server sent an HTML page\)"):
        _papers(server, tmp_path)


def test_an_html_page_that_is_not_even_xml_is_named_as_html(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.add(ARXIV_PATH, Reply.file("nature/html_instead_of_rss.html", content_type="text/html"))
    with pytest.raises(FetchError, match=r"the server sent an HTML page\); check sources.arxiv"):
        _papers(server, tmp_path)


def test_politeness_delay_between_requests(server: LoopbackServer, tmp_path: Path) -> None:
    serve_arxiv_pages(server)
    config = make_config(server, tmp_path)
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client = PoliteClient(
        config, "arxiv", delay=3.0, max_connections=1, sleep=sleep, clock=lambda: now[0]
    )
    source = ArxivSource(config, Store(":memory:"), client)
    list(source.papers(Window(*WINDOW)))
    assert sleeps == [3.0]  # two requests, one polite pause of 3 s between their starts


def test_build_search_uses_the_arxiv_package_description() -> None:
    search = build_search(("cs.LG", "q-bio.*", "cs.LG"))
    assert search.sort_by.value == "lastUpdatedDate" and search.sort_order.value == "descending"
    assert search.query.split(" OR ")[:2] == ["cat:cs.LG", "cat:q-bio.BM"]
    assert len(expand_categories(("q-bio.*",))) == 10


def test_reading_stops_at_the_first_entry_older_than_the_window(
    server: LoopbackServer, tmp_path: Path
) -> None:
    # Page 2 broken *after* the first entry older than the window: never parsed, so no error.
    page2 = (FIXTURES / "arxiv" / "page2_current.xml").read_bytes()
    boundary = page2.index(b"</entry>", page2.index(b"Before The Window")) + len(b"</entry>")
    server.add(ARXIV_PATH, arxiv_reply("page1_current.xml"), query={"start": "0"})
    server.add(
        ARXIV_PATH,
        Reply(body=page2[:boundary] + b"\n  <entry><id>garbage &broken;", content_type="text/xml"),
        query={"start": "3"},
    )
    papers, source = _papers(server, tmp_path)
    assert [p.source_id for p in papers] == [
        "2605.04321",
        "2604.11111",
        "q-bio/0601001",
        "2605.02222",
    ]
    assert (source.client.requests, source.client.errors) == (2, 0)


def _count_cleaning(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every text the sources clean (the costly step of a record)."""
    cleaned: list[str] = []

    def counting(text: str | None) -> str:
        cleaned.append(text or "")
        return clean_text(text)

    monkeypatch.setattr("fmwatch.sources.base.clean_text", counting)
    return cleaned


def test_rerun_of_stored_entries_cleans_and_writes_nothing(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_arxiv_pages(server)
    config = make_config(server, tmp_path)
    cleaned = _count_cleaning(monkeypatch)
    with Store(config.db_path) as store:
        [first] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert (first.fetched, first.new) == (4, 4)
        assert len(cleaned) == 8  # title and abstract of the four entries in the window
        before = store.dump_json("papers")
        [again] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert (again.fetched, again.new, again.updated, again.skipped) == (4, 0, 0, 1)
        assert len(cleaned) == 8  # every entry was recognised as stored before being cleaned
        assert store.dump_json("papers") == before


def test_metadata_change_at_the_same_version_is_still_stored(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_arxiv_pages(server)
    config = make_config(server, tmp_path)
    cleaned = _count_cleaning(monkeypatch)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["arxiv"], *WINDOW)
        cleaned.clear()
        # Same version and update date; the authors added a journal reference.
        page1 = (FIXTURES / "arxiv" / "page1_current.xml").read_text(encoding="utf-8")
        entry = page1.index("<id>http://arxiv.org/abs/2605.04321v1</id>")
        close = page1.index("</entry>", entry)
        journal_ref = "<arxiv:journal_ref>Med. Image Anal. 99 (2026)</arxiv:journal_ref>"
        changed = page1[:close] + journal_ref + "\n  " + page1[close:]
        server.add(
            ARXIV_PATH,
            Reply(body=changed.encode(), content_type="application/atom+xml"),
            query={"start": "0"},
        )
        [again] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert (again.fetched, again.new, again.updated) == (4, 0, 1)
        assert len(cleaned) == 2  # the title and abstract of the changed entry only
        stored = store.get_paper("arxiv", "2605.04321")
        assert stored is not None and stored.journal_ref == "Med. Image Anal. 99 (2026)"
        assert stored.abstract is not None and "vision transformer" in stored.abstract


@pytest.mark.parametrize("bad", ["09-05-2026T17:59:59Z", "", "yesterday"])
def test_an_entry_with_an_unreadable_date_is_skipped_not_the_end_of_reading(
    server: LoopbackServer, tmp_path: Path, bad: str
) -> None:
    """An "updated" date that is not ISO once compared as older than the window and stopped the
    reading: every later entry (and page) was silently lost. It is skipped and counted."""
    page1 = (FIXTURES / "arxiv" / "page1_current.xml").read_bytes()
    page1 = page1.replace(
        b"<updated>2026-05-09T17:59:59Z</updated>", f"<updated>{bad}</updated>".encode()
    )
    server.add(ARXIV_PATH, Reply(body=page1, content_type="text/xml"), query={"start": "0"})
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    papers, source = _papers(server, tmp_path)
    assert [p.source_id for p in papers] == ["2604.11111", "q-bio/0601001", "2605.02222"]
    assert source.skipped >= 2  # the newer-than-window entry, and this one


def test_a_byte_that_is_not_utf8_in_an_entry_does_not_fail_the_window_for_good(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """arXiv would send the same bytes on every retry and every run: failing the page held the
    window back for good, and with it every later week's arXiv papers. The byte reads as
    U+FFFD; a page cut short still fails (the next test)."""
    page1 = (FIXTURES / "arxiv" / "page1_current.xml").read_bytes()
    bad = page1.replace(b"Clinical Language Models Meet", b"Clinical Language Mod\xe8les Meet", 1)
    assert bad != page1
    server.add(
        ARXIV_PATH, Reply(body=bad, content_type="application/atom+xml"), query={"start": "0"}
    )
    server.add(ARXIV_PATH, arxiv_reply("page2_current.xml"), query={"start": "3"})
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert stats.ok, stats.failure
        titles = [row[0] for row in store.db.execute("SELECT title FROM papers ORDER BY 1")]
    assert "Clinical Language Mod\ufffdles Meet Electronic Health Records" in titles
    assert len(titles) == 4
    assert len(server.requests) == 2  # each page once: nothing to retry


def test_a_page_cut_short_with_a_bad_byte_still_fails(
    server: LoopbackServer, tmp_path: Path
) -> None:
    page1 = (FIXTURES / "arxiv" / "page1_current.xml").read_bytes()
    cut = page1.replace(b"Clinical Language Models", b"Clinical \xe8 Models", 1)[: len(page1) // 2]
    server.add(
        ARXIV_PATH, Reply(body=cut, content_type="application/atom+xml"), query={"start": "0"}
    )
    with pytest.raises(FetchError, match=r"not well-formed XML .*it may be truncated"):
        _papers(server, tmp_path)
