"""Europe PMC: missing abstracts of stored journal records, looked up by DOI over loopback."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from fmwatch.config import ConfigError, load_config
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper
from fmwatch.scoring import score_stored
from fmwatch.sources.europepmc import abstracts_of, doi_query, quotable
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
from loopback import LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")

ULTRASOUND = "10.1038/s41591-026-04001-7"  # has an abstract in Europe PMC
CHEMISTRY = "10.1038/s41586-026-10001-1"  # has one too
ATLAS = "10.1038/s41586-026-10002-0"  # not indexed yet
REVIEW = "10.1038/s41591-026-04003-5"  # indexed, without an abstract


def _nature_then_europepmc(server: LoopbackServer, tmp_path: Path) -> Store:
    serve_nature(server)
    serve_europepmc(server)
    config = make_config(server, tmp_path)
    store = Store(config.db_path)
    results = fetch_sources(config, store, ["nature", "europepmc"])
    assert all(s.ok for s in results), [s.failure for s in results]
    return store


def _papers(store: Store) -> dict[str, Paper]:
    return {p.source_id: p for p in store.iter_papers("source = ?", ["nature"])}


def test_abstracts_of_nature_items_are_found_by_doi(server: LoopbackServer, tmp_path: Path) -> None:
    serve_nature(server)
    serve_europepmc(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        nature, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert nature.ok and epmc.ok
        # three research items stored without an abstract; all asked for in one query
        assert (epmc.requests, epmc.looked_up, epmc.abstracts, epmc.fetched) == (1, 3, 2, 0)
        papers = _papers(store)
        ultrasound = papers[ULTRASOUND].abstract or ""
        # Europe PMC's <h4> section heads separate words; markup and entities are cleaned
        assert ultrasound.startswith("Background Point-of-care ultrasound is read by clinicians")
        assert "Methods We pretrained a vision-language foundation model" in ultrasound
        assert "SN2 substitutions across solvents & nucleophiles" in (
            papers[CHEMISTRY].abstract or ""
        )
        assert papers[ATLAS].abstract is None and papers[ATLAS].abstract_missing
        # the feed's own row is untouched: the abstract lives apart from it
        raw = store.db.execute(
            "SELECT abstract FROM papers WHERE source_id = ?", [ULTRASOUND]
        ).fetchone()
        assert raw == (None,)
    [request] = server.requests_to(EPMC_SEARCH)
    query = request.query["query"][0]
    assert sorted(query.split(" OR ")) == sorted(
        f'DOI:"{d}"' for d in (ULTRASOUND, ATLAS, CHEMISTRY)
    )
    assert {k: v[0] for k, v in request.query.items() if k != "query"} == {
        "resultType": "core",
        "format": "json",
        "pageSize": "6",
        "cursorMark": "*",
    }
    assert request.headers["user-agent"].startswith("fmwatch/")


def test_a_found_abstract_survives_the_feed_being_read_again(
    server: LoopbackServer, tmp_path: Path
) -> None:
    store = _nature_then_europepmc(server, tmp_path)
    with store:
        # the feed changed (new ETag): its items are stored again, still without an abstract
        server.add("/nature.rss", Reply.file("nature/nature.rss", headers={"ETag": '"v2"'}))
        config = make_config(server, tmp_path)
        # (a stored field that differs from the feed's makes the item be written again)
        store.db.execute(
            "UPDATE papers SET published = '1999-01-01', content_hash = 'x' WHERE source = 'nature'"
        )
        store.db.conn.commit()
        [stats] = fetch_sources(config, store, ["nature"])
        assert stats.ok and stats.updated == 3
        row = store.db.execute(
            "SELECT published, abstract FROM papers WHERE source_id = ?", [CHEMISTRY]
        )
        assert row.fetchone() == ("2026-05-06", None)
        assert (_papers(store)[CHEMISTRY].abstract or "").startswith(
            "A foundation model pretrained"
        )


def test_lookups_are_retried_weekly_and_given_up_after_max_tries(
    server: LoopbackServer, tmp_path: Path
) -> None:
    store = _nature_then_europepmc(server, tmp_path)
    config = make_config(server, tmp_path)
    with store:
        # the same day: nothing is asked again (found ones never are; the rest wait a week)
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert stats.ok and (stats.requests, stats.looked_up) == (0, 0)
        assert len(server.requests_to(EPMC_SEARCH)) == 1

        def week_later() -> None:
            store.db.execute("UPDATE abstract_lookups SET last_tried = date(last_tried, '-7 days')")
            store.db.conn.commit()

        week_later()
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert (stats.requests, stats.looked_up, stats.abstracts) == (1, 1, 0)
        assert server.requests_to(EPMC_SEARCH)[-1].query["query"] == [f'DOI:"{ATLAS}"']
        tries = dict(store.db.execute("SELECT doi, tries FROM abstract_lookups").fetchall())
        assert tries == {ULTRASOUND: 1, CHEMISTRY: 1, ATLAS: 2}
        for _ in range(2):  # max_tries is 4 by default
            week_later()
            fetch_sources(config, store, ["europepmc"])
        week_later()
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert (stats.requests, stats.looked_up) == (0, 0)
        assert store.db.execute(
            "SELECT tries FROM abstract_lookups WHERE doi = ?", [ATLAS]
        ).fetchone() == (4,)


def test_an_abstract_found_late_is_scored(server: LoopbackServer, tmp_path: Path) -> None:
    serve_nature(server)
    config = make_config(server, tmp_path)
    not_yet = tmp_path / "none.json"
    not_yet.write_text("[]")
    serve_europepmc(server, not_yet)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["nature", "europepmc"])
        score_stored(config, store)
        before = _evidence(store, ULTRASOUND)
        assert "abstract missing" in before
        # next week PubMed has indexed it (the fixture's records)
        serve_europepmc(server)
        store.db.execute("UPDATE abstract_lookups SET last_tried = date(last_tried, '-7 days')")
        store.db.conn.commit()
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert stats.abstracts == 2
        score_stored(config, store)
        after = _evidence(store, ULTRASOUND)
        assert "abstract missing" not in after
        assert "self-supervised learning" in after or "zero-shot" in after.replace(" ", "-")


def _evidence(store: Store, doi: str) -> str:
    row = store.db.execute(
        "SELECT s.evidence FROM scores s JOIN works w ON w.work_id = s.work_id WHERE w.keys LIKE ?",
        [f'%"doi:{doi}"%'],
    ).fetchone()
    assert row is not None
    return " ".join(e["phrase"] for e in json.loads(row[0]))


@pytest.mark.allow_unused_routes
def test_a_failing_lookup_keeps_earlier_batches_and_says_how_to_skip_it(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    answer = europepmc_answer(europepmc_records())
    calls: list[Recorded] = []

    def flaky(rec: Recorded) -> Reply:
        calls.append(rec)
        if len(calls) == 1:
            return answer(rec)
        return Reply(503, "busy", content_type="text/plain")

    server.handle(EPMC_SEARCH, flaky)
    config = make_config(server, tmp_path)
    config = with_sources(config, europepmc=dataclasses.replace(config.sources.europepmc, batch=1))
    with Store(config.db_path) as store:
        nature, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert nature.ok and not epmc.ok
        assert epmc.failure is not None and "\n" not in epmc.failure
        assert epmc.failure.startswith("europepmc: HTTP 503")
        assert "2 abstract lookups were not done: they are asked for again next run" in (
            epmc.failure
        )
        assert "sources.europepmc.enabled = false" in epmc.failure
        # the first batch (one DOI) was kept; the other two were never counted as tried
        rows = store.db.execute("SELECT doi, tries FROM abstract_lookups").fetchall()
        assert len(rows) == 1 and rows[0][1] == 1


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        (
            Reply(body="<!DOCTYPE html><html>maintenance</html>", content_type="text/html"),
            "not JSON (the server sent an HTML page); check sources.europepmc.base_url",
        ),
        (
            Reply(body='{"hitCount": 3, "resultList": {"res', content_type="application/json"),
            "the response is not valid JSON",
        ),
        (Reply.json({"version": "6.9", "request": {}}), "unexpected JSON (no resultList)"),
    ],
)
def test_a_response_that_is_not_the_api_s_is_one_clear_line(
    server: LoopbackServer, tmp_path: Path, reply: Reply, says: str
) -> None:
    serve_nature(server)
    server.add(EPMC_SEARCH, reply)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        nature, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert nature.ok and epmc.failure is not None
        assert says in epmc.failure and "\n" not in epmc.failure
        assert len(store.iter_papers("source = 'nature'").__next__().title) > 0
        assert store.db.execute("SELECT count(*) FROM abstract_lookups").fetchone() == (0,)


def test_results_over_several_pages_are_followed_by_cursor(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    by_doi = {r["doi"].lower(): r for r in europepmc_records()}
    pages = {
        "*": ([by_doi[REVIEW], by_doi[REVIEW]], "AoJ1"),  # the same record twice, then the rest
        "AoJ1": ([by_doi[ULTRASOUND]], "AoJ2"),  # three of three read: no third request
    }

    def paged(rec: Recorded) -> Reply:
        results, cursor = pages[rec.query["cursorMark"][0]]
        return Reply.json(
            {"hitCount": 3, "nextCursorMark": cursor, "resultList": {"result": results}}
        )

    server.handle(EPMC_SEARCH, paged)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["nature"])
        store.db.execute("DELETE FROM papers WHERE source_id != ?", [ULTRASOUND])
        store.db.conn.commit()
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert stats.ok and (stats.requests, stats.abstracts) == (2, 1)
        assert [r.query["cursorMark"][0] for r in server.requests_to(EPMC_SEARCH)] == ["*", "AoJ1"]


def test_a_look_up_page_that_stays_empty_before_the_announced_count_is_not_counted_as_tried(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """Three records announced, one served, then only empty pages: ending there would count
    every DOI of the batch as tried (and found nothing) without a word. The batch is asked
    again next run instead, and the source says why in one line."""
    serve_nature(server)
    by_doi = {r["doi"].lower(): r for r in europepmc_records()}

    def stalled(rec: Recorded) -> Reply:
        first = rec.query["cursorMark"][0] == "*"
        return Reply.json(
            {
                "hitCount": 3,
                "nextCursorMark": "AoJ1",
                "resultList": {"result": [by_doi[REVIEW]] if first else []},
            }
        )

    server.handle(EPMC_SEARCH, stalled)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        nature, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert nature.ok and not epmc.ok and epmc.failure is not None
        assert "\n" not in epmc.failure
        assert epmc.failure.startswith(
            "europepmc: the API returned an empty page after 1 of the 3 records it announced "
            "(3 attempts); Europe PMC is overloaded or mid-update, try again later; 3 abstract "
            "lookups were not done: they are asked for again next run"
        )
        assert store.db.execute("SELECT count(*) FROM abstract_lookups").fetchone() == (0,)
    assert [r.query["cursorMark"][0] for r in server.requests_to(EPMC_SEARCH)] == [
        "*",
        *["AoJ1"] * 3,
    ]


def test_only_the_dois_asked_for_are_taken() -> None:
    asked = {"10.1038/a-1": "10.1038/A-1"}
    records = [
        {"doi": "10.1038/a-1", "abstractText": "<p>Right one.</p>"},
        {"doi": "10.1038/other", "abstractText": "A record the query matched otherwise."},
        {"doi": "10.1038/a-1", "abstractText": "A second record of it: the first one wins."},
        {"doi": None, "abstractText": "no DOI"},
        "not a record",
        {"doi": "10.1038/a-1"},
    ]
    assert abstracts_of(records, asked) == {"10.1038/A-1": "Right one."}


def test_a_doi_that_cannot_be_quoted_is_not_put_in_the_query() -> None:
    assert quotable("10.1016/s0140-6736(24)00001-1")
    for bad in ('10.1000/a"b', "10.1000/a b", "10.1000/a\\b", "10.1000/a\nb", ""):
        assert not quotable(bad)
    assert doi_query(["10.1/a", "10.2/b"]) == 'DOI:"10.1/a" OR DOI:"10.2/b"'


def test_an_unquotable_doi_is_counted_as_tried_but_not_sent(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    serve_europepmc(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["nature"])
        store.db.execute("UPDATE papers SET doi = ? WHERE source_id = ?", ['10.1038/x"y', ATLAS])
        store.db.conn.commit()
        [stats] = fetch_sources(config, store, ["europepmc"])
        assert stats.ok and stats.looked_up == 3
        assert '"y' not in server.requests_to(EPMC_SEARCH)[0].query["query"][0]
        assert store.db.execute(
            "SELECT tries FROM abstract_lookups WHERE doi = ?", ['10.1038/x"y']
        ).fetchone() == (1,)


def test_nothing_to_look_up_makes_no_request(server: LoopbackServer, tmp_path: Path) -> None:
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["europepmc"])
    assert stats.ok and (stats.requests, stats.looked_up) == (0, 0)
    assert server.requests == []


def test_disabled_it_is_not_run(server: LoopbackServer, tmp_path: Path) -> None:
    from fmwatch.sources import enabled_sources

    config = make_config(server, tmp_path)
    assert enabled_sources(config)[-1] == "europepmc"
    off = with_sources(
        config, europepmc=dataclasses.replace(config.sources.europepmc, enabled=False)
    )
    assert "europepmc" not in enabled_sources(off)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("batch = 0", "sources.europepmc.batch"),
        ("batch = 101", "sources.europepmc.batch"),
        ("max_tries = 0", "sources.europepmc.max_tries"),
        ("retry_days = -1", "sources.europepmc.retry_days"),
        ('base_url = "ftp://example.org"', "sources.europepmc.base_url"),
        ("delay = -1", "sources.*.delay"),
        ("bach = 5", "sources.europepmc.bach"),
        ('query = ""', "sources.europepmc.query"),
        ('query = "a\\nb"', "sources.europepmc.query"),
        ("overlap_days = 400", "sources.europepmc.overlap_days"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "fmwatch.toml"
    path.write_text(f"[sources.europepmc]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    assert key in str(info.value)


def test_a_database_from_before_the_lookups_still_reads(tmp_path: Path) -> None:
    """A store opened read-only before migration 008 ran reads its papers as they are."""
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.upsert_papers([Paper(source="nature", source_id="10.1/x", title="T", doi="10.1/x")])
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE abstract_lookups")
    conn.execute("DELETE FROM _migrations WHERE name = '008_abstract_lookups'")
    conn.commit()
    conn.close()
    with Store(path, read_only=True) as store:
        [paper] = list(store.iter_papers())
    assert paper.title == "T" and paper.abstract is None


def test_a_week_with_nothing_to_look_up_is_not_a_silent_source(tmp_path: Path) -> None:
    from fmwatch.models import SourceStats
    from fmwatch.pipeline import _health

    with Store(tmp_path / "db.sqlite") as store:
        for _ in range(3):
            run = store.start_run("run")
            store.record_source(run, SourceStats("europepmc", requests=1, fetched=3))
        run = store.start_run("run")
        # every abstract found or waiting for its retry: no request at all
        assert _health(store, SourceStats("europepmc"), run).warning is None
        # asked, and the service answered nothing: that is worth a word
        asked = _health(store, SourceStats("europepmc", requests=1), run).warning
        assert asked is not None and asked.startswith("returned no records")


def _lookups_of(store: Store) -> dict[str, tuple[int, bool]]:
    rows = store.db.execute("SELECT doi, tries, abstract FROM abstract_lookups").fetchall()
    return {doi: (tries, abstract is not None) for doi, tries, abstract in rows}


@pytest.mark.parametrize(
    "refusal",
    [
        Reply(400, "Bad Request", content_type="text/plain"),
        Reply.json({"errCode": 400, "errMsg": "the query could not be parsed"}),
    ],
)
def test_a_doi_the_service_refuses_is_set_aside_and_the_others_are_still_asked(
    server: LoopbackServer, tmp_path: Path, refusal: Reply
) -> None:
    """One odd DOI must not block the batch it is in, run after run: the refused query is
    asked in halves, and the one DOI refused is counted as tried."""
    serve_nature(server)
    answer = europepmc_answer(europepmc_records())

    def picky(rec: Recorded) -> Reply:
        if ATLAS in rec.query["query"][0]:
            return refusal
        return answer(rec)

    server.handle(EPMC_SEARCH, picky)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        _, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert epmc.ok, epmc.failure
        assert (epmc.abstracts, epmc.skipped) == (2, 1)
        assert _lookups_of(store) == {
            ATLAS: (1, False),
            CHEMISTRY: (1, True),
            ULTRASOUND: (1, True),
        }
    # three DOIs refused; halves of one (found) and two (refused); then one by one
    sizes = [len(r.query["query"][0].split(" OR ")) for r in server.requests_to(EPMC_SEARCH)]
    assert sizes == [3, 1, 2, 1, 1]


def test_an_empty_answer_counts_a_try_and_is_no_failure(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_nature(server)
    server.add(EPMC_SEARCH, Reply.json({"version": "6.9", "hitCount": 0}))
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        _, epmc = fetch_sources(config, store, ["nature", "europepmc"])
        assert epmc.ok and (epmc.looked_up, epmc.abstracts) == (3, 0)
        assert set(_lookups_of(store).values()) == {(1, False)}


def test_a_doi_not_found_is_asked_again_after_retry_days_not_before(tmp_path: Path) -> None:
    from datetime import date

    from fmwatch.abstract_store import record_lookups, wanted_dois

    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers(
            [Paper(source="nature", source_id="10.1038/a", title="A", doi="10.1038/a")]
        )
        record_lookups(store.db, ["10.1038/a"], {}, "europepmc")
        tried = date.fromisoformat(
            store.db.execute("SELECT substr(last_tried, 1, 10) FROM abstract_lookups").fetchone()[0]
        )
        from datetime import timedelta

        def asked(days: int) -> list[str]:
            return wanted_dois(
                store.db, max_tries=4, retry_days=6, today=tried + timedelta(days=days)
            )

        assert asked(5) == [] and asked(6) == ["10.1038/a"]


def test_never_asked_dois_come_before_dois_asked_already(tmp_path: Path) -> None:
    from datetime import date

    from fmwatch.abstract_store import record_lookups, wanted_dois

    with Store(tmp_path / "db.sqlite") as store:
        old = [
            Paper(source="nature", source_id=f"10.1038/old{i}", title="O", doi=f"10.1038/old{i}")
            for i in range(2)
        ]
        store.upsert_papers(old)
        record_lookups(store.db, [p.source_id for p in old], {}, "europepmc")
        store.upsert_papers(
            [Paper(source="nature", source_id="10.1038/znew", title="N", doi="10.1038/znew")]
        )
        later = date(2099, 1, 1)
        assert wanted_dois(store.db, max_tries=4, retry_days=6, today=later) == [
            "10.1038/znew",
            "10.1038/old0",
            "10.1038/old1",
        ]


def test_a_found_abstract_is_kept_and_counted_once(tmp_path: Path) -> None:
    from fmwatch.abstract_store import record_lookups

    with Store(tmp_path / "db.sqlite") as store:
        assert record_lookups(store.db, ["10.1038/a"], {"10.1038/a": "First."}, "europepmc") == 1
        assert record_lookups(store.db, ["10.1038/a"], {"10.1038/a": "Again."}, "europepmc") == 0
        assert record_lookups(store.db, ["10.1038/a"], {}, "europepmc") == 0
        row = store.db.execute("SELECT abstract, tries, service FROM abstract_lookups").fetchone()
        assert row == ("First.", 3, "europepmc")


def test_a_record_s_own_abstract_wins_over_a_looked_up_one(tmp_path: Path) -> None:
    from fmwatch.abstract_store import record_lookups

    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers(
            [
                Paper(
                    source="nature",
                    source_id="10.1038/a",
                    title="A",
                    doi="10.1038/a",
                    abstract="Its own.",
                ),
                Paper(source="nature", source_id="10.1038/b", title="B", doi="10.1038/b"),
            ]
        )
        record_lookups(
            store.db,
            ["10.1038/a", "10.1038/b"],
            {"10.1038/a": "Other.", "10.1038/b": "Found."},
            "europepmc",
        )
        abstracts = {p.source_id: p.abstract for p in store.iter_papers()}
    assert abstracts == {"10.1038/a": "Its own.", "10.1038/b": "Found."}


def test_a_service_that_stops_finding_abstracts_gets_a_warning(tmp_path: Path) -> None:
    from fmwatch.models import SourceStats
    from fmwatch.pipeline import _health

    with Store(tmp_path / "db.sqlite") as store:
        for _ in range(3):
            run = store.start_run("run")
            store.record_source(
                run, SourceStats("europepmc", requests=1, looked_up=40, abstracts=30)
            )
        run = store.start_run("run")
        quiet = _health(store, SourceStats("europepmc", requests=1, looked_up=40), run)
        assert quiet.warning is not None
        assert quiet.warning.startswith("found none of the missing abstracts it looked up")
        found = _health(store, SourceStats("europepmc", requests=1, looked_up=40, abstracts=1), run)
        assert found.warning is None and found.note == "1 of 40 missing abstracts found"


def test_a_record_read_by_its_standfirst_still_has_its_abstract_looked_up(tmp_path: Path) -> None:
    """The standfirst stands in for the abstract in scoring; the abstract is still wanted, and
    once found it is what the record is read by."""
    from datetime import date

    from fmwatch.abstract_store import record_lookups, wanted_dois

    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers(
            [
                Paper(
                    source="nature",
                    source_id="10.1038/s",
                    title="T",
                    doi="10.1038/s",
                    summary="One sentence.",
                )
            ]
        )
        assert wanted_dois(store.db, max_tries=4, retry_days=6, today=date(2099, 1, 1)) == [
            "10.1038/s"
        ]
        [stored] = store.iter_papers()
        assert (stored.abstract, stored.summary) == (None, "One sentence.")
        record_lookups(store.db, ["10.1038/s"], {"10.1038/s": "The abstract."}, "europepmc")
        [stored] = store.iter_papers()
        assert (stored.abstract, stored.summary) == ("The abstract.", "One sentence.")
