"""bioRxiv/medRxiv source, end to end over loopback with the team's JSON fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmwatch.errors import FetchError
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper, Window
from fmwatch.sources import make_source
from fmwatch.sources.biorxiv import BiorxivSource, pad_date, parse_record
from fmwatch.store import Store
from ingest_support import (  # noqa: F401
    WINDOW,
    biorxiv_page0,
    fast_retries,
    make_config,
    serve_biorxiv,
    serve_medrxiv,
)
from loopback import FIXTURES, LoopbackServer, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")
BASE = "/details/{server}/2026-05-04/2026-05-10"


def _papers(
    server: LoopbackServer, tmp_path: Path, name: str = "biorxiv"
) -> tuple[list[Paper], BiorxivSource]:
    source = make_source(name, make_config(server, tmp_path), Store(":memory:"))
    assert isinstance(source, BiorxivSource)
    return [p for p in source.papers(Window(*WINDOW)) if isinstance(p, Paper)], source


def test_cursor_paging_reads_every_page(server: LoopbackServer, tmp_path: Path) -> None:
    serve_biorxiv(server)
    papers, source = _papers(server, tmp_path)
    assert len(papers) == 104
    assert [r.path for r in server.requests] == [
        BASE.format(server="biorxiv") + "/0",
        BASE.format(server="biorxiv") + "/100",
        "/pubs/biorxiv/2026-05-04/2026-05-10/0",  # then the window's preprint → journal links
    ]
    assert source.client.requests == 3


def test_records_are_normalised(server: LoopbackServer, tmp_path: Path) -> None:
    serve_biorxiv(server)
    papers, _ = _papers(server, tmp_path)
    by_id = {(p.source_id, p.version): p for p in papers}
    immune = by_id[("10.64898/2026.05.04.700001", 1)]
    assert immune.source == "biorxiv" and immune.doi == "10.64898/2026.05.04.700001"
    assert immune.title == "A single-cell foundation model of the human immune system"
    assert (
        immune.abstract is not None
        and "IMMUNEFM" in immune.abstract
        and "SCPLOW" not in immune.abstract
    )
    assert immune.authors == ("Nakamura, H.", "Okoye, C. N.", "van der Berg, L.")
    assert immune.categories == ("bioinformatics",)
    assert (immune.published, immune.updated, immune.article_type) == (
        "2026-05-05",
        "2026-05-05",
        "new results",
    )
    assert immune.abs_url == "https://www.biorxiv.org/content/10.64898/2026.05.04.700001v1"
    assert immune.pdf_url == "https://www.biorxiv.org/content/10.64898/2026.05.04.700001v1.full.pdf"
    v3 = by_id[("10.1101/2025.12.01.690002", 3)]
    assert v3.updated == "2026-05-06"  # "2026-5-6" padded
    assert v3.published is None  # the date of v3 is not the first posting
    assert v3.published_doi == "10.1038/s41592-026-00001-2"


def test_latest_version_per_doi_wins_in_the_store(server: LoopbackServer, tmp_path: Path) -> None:
    serve_biorxiv(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert (stats.fetched, stats.new, stats.updated) == (104, 103, 0)
        stored = store.get_paper("biorxiv", "10.1101/2025.12.01.690002")
        assert stored is not None and stored.version == 3
        assert stored.abstract == "A third version with a larger benchmark of thermostable enzymes."


def test_count_total_disagreement_stops_on_the_empty_page(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_medrxiv(server)
    papers, source = _papers(server, tmp_path, "medrxiv")
    assert [p.source for p in papers] == ["medrxiv", "medrxiv"]
    assert papers[0].article_type == "PUBLISHAHEADOFPRINT" and papers[0].journal == "medRxiv"
    assert papers[0].abs_url == "https://www.medrxiv.org/content/10.64898/2026.04.28.26350001v2"
    assert source.client.requests == 3 and source.client.errors == 0
    assert server.unused_routes() == []


def test_no_posts_found_is_an_empty_success(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        BASE.format(server="biorxiv") + "/0",
        Reply.file("biorxiv/no_posts.json", content_type="application/json"),
    )
    server.add(
        "/pubs/biorxiv/2026-05-04/2026-05-10/0",
        Reply.file("biorxiv/no_posts.json", content_type="application/json"),
    )
    papers, source = _papers(server, tmp_path)
    assert papers == [] and source.client.requests == 2


def test_empty_page_long_before_total_is_retried_then_reported(
    server: LoopbackServer, tmp_path: Path
) -> None:
    first = biorxiv_page0()
    first["messages"][0]["total"] = "950"
    server.add(BASE.format(server="biorxiv") + "/0", Reply.json(first))
    server.add(
        BASE.format(server="biorxiv") + "/100",
        Reply.json({"messages": [{"status": "ok", "total": "950", "count": 0}], "collection": []}),
    )
    with pytest.raises(FetchError) as info:
        _papers(server, tmp_path)
    assert (
        "biorxiv: the API returned an empty page at cursor 100 although it announced 950 "
        "records (3 attempts)" in str(info.value)
    )
    assert len(server.requests_to(BASE.format(server="biorxiv") + "/100")) == 3


def test_a_status_other_than_ok_mid_window_is_a_failure_not_the_end(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The API reports a failed request as a message whose status says what went wrong, with
    no records: taken for the end of the results, the rest of the window was lost for good
    (its end saved, the next run starting after it)."""
    first = biorxiv_page0()
    first["messages"][0]["total"] = "150"
    server.add(BASE.format(server="biorxiv") + "/0", Reply.json(first))
    failed = {"messages": [{"status": "Error: too many requests, try later"}]}
    server.add(
        BASE.format(server="biorxiv") + "/100",
        Reply.json(failed),
        Reply.json(failed),
        Reply.json(failed),
    )
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert stats.failure is not None
        assert "the API answered status 'Error: too many requests, try later' and no records" in (
            stats.failure
        )
        assert not store.feed_state("biorxiv").get("window_until")  # read again next run
    assert len(server.requests_to(BASE.format(server="biorxiv") + "/100")) == 3


def test_pages_of_thirty_are_read_as_the_server_sends_them(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The 2026 API pages 30 records at a time (messages.count 30): the cursor follows what
    each page held, and an empty page 40 records before the announced total is a glitch to
    retry, not the end (assuming pages of 100 took it for the end and lost 40 records)."""
    page0 = biorxiv_page0()
    records = page0["collection"]

    def page(start: int, size: int) -> dict[str, object]:
        return {
            "messages": [{"status": "ok", "cursor": start, "count": size, "total": "100"}],
            "collection": records[start : start + size],
        }

    route = BASE.format(server="biorxiv")
    server.add(route + "/0", Reply.json(page(0, 30)))
    server.add(route + "/30", Reply.json(page(30, 30)))
    empty = {"messages": [{"status": "ok", "count": 0, "total": "100"}], "collection": []}
    server.add(route + "/60", Reply.json(empty), Reply.json(page(60, 30)))
    server.add(route + "/90", Reply.json(page(90, 10)))
    server.add(
        "/pubs/biorxiv/2026-05-04/2026-05-10/0",
        Reply.file("biorxiv/no_posts.json", content_type="application/json"),
    )
    papers, source = _papers(server, tmp_path)
    assert len(papers) == 100
    assert source.client.errors == 1  # the empty page, fetched again


def test_malformed_json_is_retried_then_reported(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        BASE.format(server="biorxiv") + "/0",
        Reply(body='{"messages": [{"status": "ok"', content_type="application/json"),
    )
    with pytest.raises(FetchError) as info:
        _papers(server, tmp_path)
    assert str(info.value).startswith("biorxiv: the response is not valid JSON (")
    assert "try again later" in str(info.value)
    assert len(server.requests) == 3


def test_json_nested_too_deeply_is_a_format_error_not_a_bug(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """A hostile or broken server's arrays nested 100,000 deep: the parser's RecursionError was
    reported as "unexpected RecursionError…; please report this"."""
    server.add(
        BASE.format(server="biorxiv") + "/0",
        Reply(body="[" * 100_000 + "]" * 100_000, content_type="application/json"),
    )
    with pytest.raises(FetchError) as info:
        _papers(server, tmp_path)
    assert str(info.value).startswith(
        "biorxiv: the response is not valid JSON (nested too deeply); "
    )


def test_pad_date_and_odd_records() -> None:
    assert pad_date("2026-8-1") == "2026-08-01"
    assert pad_date("garbage") is None and pad_date(None) is None
    assert parse_record("biorxiv", {"doi": "", "title": "x"}) is None
    assert parse_record("biorxiv", "not a record") is None
    odd = parse_record(
        "medrxiv",
        {
            "doi": "10.1101/2026.01.01.1",
            "title": "T",
            "version": "x",
            "authors": 5,
            "published": "NA",
            "funder": [],
        },
    )
    assert (
        odd is not None and odd.version is None and odd.authors == () and odd.published_doi is None
    )


def test_rerun_skips_stored_records_but_keeps_a_new_published_doi(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_biorxiv(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["biorxiv"], *WINDOW)
        before = store.dump_json("papers")
        [again] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert (again.fetched, again.new, again.updated) == (104, 0, 0)
        assert store.dump_json("papers") == before
        # The first record has since been published: the only change on the re-read.
        page = json.loads((FIXTURES / "biorxiv" / "details_biorxiv_page2.json").read_text())
        page["collection"][0]["published"] = "10.1038/s41551-026-00042-7"
        server.add(BASE.format(server="biorxiv") + "/100", Reply.json(page))
        [third] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert (third.fetched, third.new, third.updated) == (104, 0, 1)
        stored = store.get_paper("biorxiv", "10.64898/2026.05.04.700001")
        assert stored is not None and stored.published_doi == "10.1038/s41551-026-00042-7"


def test_lone_surrogate_escapes_in_a_page_are_stored_not_fatal(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """JSON may escape a lone surrogate ("\\ud800"); SQLite refuses it as text, which would lose
    the page. It is stored as U+FFFD; a valid escaped pair (an emoji) is kept."""
    page = {
        "messages": [{"status": "ok", "cursor": 0, "count": 1, "total": "1"}],
        "collection": [
            dict(
                biorxiv_page0()["collection"][0],
                title="A \ud800 foundation model \U0001f9ec",
                authors="Doe, J.\udfff; Roe, K.",
                category="bioinformatics \ud800",
            )
        ],
    }
    server.add(BASE.format(server="biorxiv") + "/0", Reply.json(page))
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert (stats.fetched, stats.new) == (1, 1)
        stored = store.get_paper("biorxiv", page["collection"][0]["doi"])
        assert stored is not None
        assert stored.title == "A \ufffd foundation model \U0001f9ec"
        assert stored.authors == ("Doe, J.\ufffd", "Roe, K.")
        assert stored.categories == ("bioinformatics \ufffd",)


def test_an_html_page_instead_of_json_is_named_as_html(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.add(
        BASE.format(server="biorxiv") + "/0",
        Reply.file("nature/html_instead_of_rss.html", content_type="text/html"),
    )
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
    assert stats.failure is not None
    assert "not JSON (the server sent an HTML page); check sources.biorxiv.base_url" in (
        stats.failure
    )


@pytest.mark.parametrize(
    ("sizes", "total"),
    [((30, 30, 30, 2), 96), ((2,), 5), ((100, 7), 110)],
)
def test_an_empty_page_after_a_short_last_one_is_the_end(
    server: LoopbackServer, tmp_path: Path, sizes: tuple[int, ...], total: int
) -> None:
    """The count/total disagreement after a short last page: the end, not a glitch (a short
    page says nothing of the server's page size)."""
    records = biorxiv_page0()["collection"] + biorxiv_page0()["collection"]
    for i, record in enumerate(records):
        record["doi"] = f"10.64898/2026.05.05.{900000 + i}"
    route = BASE.format(server="biorxiv")
    cursor = 0
    for size in sizes:
        page = {
            "messages": [{"status": "ok", "cursor": cursor, "count": size, "total": str(total)}],
            "collection": records[cursor : cursor + size],
        }
        server.add(f"{route}/{cursor}", Reply.json(page))
        cursor += size
    empty = {"messages": [{"status": "ok", "count": 0, "total": str(total)}], "collection": []}
    server.add(f"{route}/{cursor}", Reply.json(empty))
    server.add(
        "/pubs/biorxiv/2026-05-04/2026-05-10/0",
        Reply.file("biorxiv/no_posts.json", content_type="application/json"),
    )
    papers, source = _papers(server, tmp_path)
    assert len(papers) == sum(sizes) and source.client.errors == 0


def test_a_byte_that_is_not_utf8_in_a_record_does_not_fail_the_window_for_good(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The server sends the same bytes on every retry and every run: failing the page kept the
    window from advancing, so one mis-encoded title stopped the source week after week. The
    byte reads as U+FFFD and the page's records are stored (a cut-off page still fails)."""
    page = json.dumps(biorxiv_page0()).encode("utf-8")
    page = page.replace(b"Generated preprint number 7 ", b"Generated preprint number 7 caf\xe9 ", 1)
    base = BASE.format(server="biorxiv")
    server.add(f"{base}/0", Reply(body=page, content_type="application/json"))
    server.add(
        f"{base}/100",
        Reply.file("biorxiv/details_biorxiv_page2.json", content_type="application/json"),
    )
    server.add(
        "/pubs/biorxiv/2026-05-04/2026-05-10/0",
        Reply.file("biorxiv/pubs_biorxiv.json", content_type="application/json"),
    )
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert stats.ok, stats.failure
        titles = {row[0] for row in store.db.execute("SELECT title FROM papers")}
    assert len(titles) == 103  # (one DOI in two versions)
    assert "Generated preprint number 7 caf\ufffd on organoid imaging" in titles
    assert len([r for r in server.requests if r.path.endswith("/0")]) == 2  # asked once each
