"""bioRxiv/medRxiv ``pubs``: preprint → journal links, stored, and what they change downstream.

Over loopback with the team's fixtures (tests/fixtures/biorxiv/README.md): the links are read
after the window's ``details``, kept in their own table, and make a catalog row that points at an
old preprint a proposed link update (the preprint itself never passes through ``details``).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_support import database_before
from fmwatch import catalog as catalog_mod
from fmwatch.cli import cli
from fmwatch.config import BiorxivConfig, Config
from fmwatch.ingest import fetch_sources
from fmwatch.models import Paper, Publication
from fmwatch.proposals import link_updates
from fmwatch.scoring import score_stored
from fmwatch.sources.biorxiv import publication_record
from fmwatch.store import Store
from fmwatch.works import group_works
from ingest_support import WINDOW, fast_retries, make_config, serve_biorxiv  # noqa: F401
from loopback import FIXTURES, LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")

SCGPT_PREPRINT = "10.1101/2023.04.30.538439"
SCGPT_JOURNAL = "10.1038/s41592-024-02201-0"
CATALOG = f"""# Catalog

## Genomic data

| Name | Paper | GitHub | Hugging Face / weights | Note |
|---|---|---|---|---|
| scGPT | [scGPT: Towards Building a Foundation Model for Single-Cell Multi-omics Using Generative AI](https://www.biorxiv.org/content/{SCGPT_PREPRINT}v1) | [bowang-lab/scGPT](https://github.com/bowang-lab/scGPT) | - | Generative single-cell model. |
| Unpublished | [Some preprint](https://www.biorxiv.org/content/10.1101/2024.09.09.612345v1) | - | - | Still a preprint. |
"""  # noqa: E501


def make_config_offline(tmp_path: Path) -> Config:
    return Config(state_dir=str(tmp_path / "state"), catalog="")


def _with_biorxiv(config: Config, **changes: object) -> Config:
    biorxiv = dataclasses.replace(config.sources.biorxiv, **changes)
    return dataclasses.replace(config, sources=dataclasses.replace(config.sources, biorxiv=biorxiv))


# -- parsing ----------------------------------------------------------------------------------


def test_a_pubs_record_becomes_a_link() -> None:
    link = publication_record(
        "biorxiv",
        {
            "biorxiv_doi": f" {SCGPT_PREPRINT.upper()} ",
            "published_doi": f"https://doi.org/{SCGPT_JOURNAL.upper()}",
            "published_journal": "Nature  Methods",
            "preprint_title": "scGPT:\n Towards …",
            "published_date": "2024-2-26",
        },
    )
    assert link == Publication(
        server="biorxiv",
        preprint_doi=SCGPT_PREPRINT,
        published_doi=SCGPT_JOURNAL,
        journal="Nature Methods",
        published_date="2024-02-26",
        preprint_title="scGPT: Towards …",
    )
    # the older combined endpoint's field name is read too
    older = publication_record(
        "medrxiv", {"preprint_doi": SCGPT_PREPRINT, "published_doi": "10.1016/j.cell.2021.06.001"}
    )
    assert older is not None and older.preprint_doi == SCGPT_PREPRINT


@pytest.mark.parametrize(
    "record",
    [
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": "NA"},
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": SCGPT_PREPRINT},
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": "10.64898/2026.01.01.700000"},
        {"biorxiv_doi": "", "published_doi": SCGPT_JOURNAL},
        {"biorxiv_doi": 42, "published_doi": SCGPT_JOURNAL},
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": None},
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": "not a doi"},
        # the preprint side must be a bioRxiv/medRxiv DOI: journal -> journal would merge works
        {"biorxiv_doi": "10.1016/j.cell.2025.01.001", "published_doi": SCGPT_JOURNAL},
        # arXiv's DOI is another preprint, not a journal version
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": "10.48550/arXiv.2401.01234"},
        # an escape sequence in a DOI would reach a terminal
        {"biorxiv_doi": SCGPT_PREPRINT, "published_doi": "10.1038/s41592-024-0\x1bc\x07"},
        ["not", "an", "object"],
    ],
)
def test_records_without_two_usable_dois_are_no_link(record: object) -> None:
    assert publication_record("biorxiv", record) is None


# -- the store --------------------------------------------------------------------------------


def test_links_are_stored_once_and_a_corrected_link_replaces_the_old(tmp_path: Path) -> None:
    link = Publication("biorxiv", SCGPT_PREPRINT, SCGPT_JOURNAL, "Nature Methods", "2024-02-26")
    with Store(tmp_path / "db.sqlite") as store:
        assert store.upsert_publications([link]) == 1
        assert store.upsert_publications([link]) == 0  # seen again: nothing written
        [row] = store.db.table("publications").rows
        first_seen = row["first_seen"]
        fixed = Publication("biorxiv", SCGPT_PREPRINT, "10.1038/fixed", "Nature Methods")
        assert store.upsert_publications([link, fixed]) == 1  # the last report of a DOI wins
        [row] = store.db.table("publications").rows
        assert row["published_doi"] == "10.1038/fixed" and row["first_seen"] == first_seen
        assert store.links() == {SCGPT_PREPRINT: "10.1038/fixed"}
        assert store.published_versions() == {f"doi:{SCGPT_PREPRINT}": "10.1038/fixed"}


def test_a_database_from_before_the_migration_gains_the_table_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    db = database_before(path, "005_publications")
    db.table("run_sources").insert(
        {"run_id": 1, "source": "biorxiv", "requests": 3, "fetched": 9, "new": 9}
    )
    db.conn.commit()
    db.close()
    with Store(path, read_only=True) as old:
        assert old.links() == {}  # read-only, not migrated: no table, no links, no error
    with Store(path) as store:
        assert "publications" in store.db.table_names()
        [row] = store.db.table("run_sources").rows
        assert (row["fetched"], row["links"]) == (9, None)


# -- end to end over loopback -----------------------------------------------------------------


def test_fetch_reads_the_links_and_a_catalog_row_on_the_old_preprint_gets_an_update(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_biorxiv(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert stats.ok and stats.links == 4 and stats.skipped == 2  # "NA" and a self-link
        assert store.links()[SCGPT_PREPRINT] == SCGPT_JOURNAL
        # the scGPT preprint is years old: no details record of it was stored
        assert store.db.execute(
            "SELECT count(*) FROM papers WHERE doi = ?", [SCGPT_PREPRINT]
        ).fetchone() == (0,)
        [update] = link_updates(store, catalog_mod.parse_catalog(CATALOG))
        assert (update.name, update.new_url) == ("scGPT", f"https://doi.org/{SCGPT_JOURNAL}")
        assert update.old_url == f"https://www.biorxiv.org/content/{SCGPT_PREPRINT}v1"
        # the same window again: the links are known, nothing is written
        [again] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert again.ok and again.links == 0
        [run] = store.last_runs(1)
        assert store.run_sources(run["id"])[0]["links"] == 0


def test_catalog_lint_reports_the_published_version_the_links_give(
    server: LoopbackServer, tmp_path: Path
) -> None:
    serve_biorxiv(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["biorxiv"], *WINDOW)
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["catalog", "lint", str(catalog)], env={"FMWATCH_DB": str(config.db_path)}
    )
    assert f"the preprint doi:{SCGPT_PREPRINT} has been published as doi:{SCGPT_JOURNAL}" in (
        result.output
    )
    assert "2024.09.09.612345" not in result.output.split("preprint-published")[-1]


@pytest.mark.allow_unused_routes  # the pubs route is there, and must not be asked for
def test_switched_off_no_pubs_request_is_made(server: LoopbackServer, tmp_path: Path) -> None:
    serve_biorxiv(server)
    config = _with_biorxiv(make_config(server, tmp_path), publications=False)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["biorxiv"], *WINDOW)
        assert stats.ok and stats.links == 0 and store.links() == {}
    assert not [r for r in server.requests if r.path.startswith("/pubs/")]


def test_a_failing_pubs_endpoint_keeps_the_records_and_reads_its_links_again_later(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """pubs down for a week: the records are stored and bioRxiv's window advances (the next
    run does not re-read a growing details window); the links alone are read again, from
    where they were first attempted."""
    details = json.loads((FIXTURES / "biorxiv" / "details_medrxiv.json").read_text())
    pubs_down = [True]

    def serve_details(rec: Recorded) -> Reply:
        return Reply.json(details if rec.path.endswith("/0") else {"collection": []})

    def serve_pubs(rec: Recorded) -> Reply:
        if pubs_down[0]:
            return Reply(status=503, body="down", content_type="text/plain")
        return Reply.file("biorxiv/pubs_biorxiv.json", content_type="application/json")

    server.handle("/details/biorxiv/*", serve_details)
    server.handle("/pubs/biorxiv/*", serve_pubs)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [first] = fetch_sources(config, store, ["biorxiv"], until="2026-05-10")
        assert not first.ok and first.failure is not None and "\n" not in first.failure
        assert first.failure.startswith("biorxiv: HTTP 503")
        assert "the records were stored" in first.failure
        assert "sources.biorxiv.publications = false" in first.failure
        assert store.count_papers() == {"biorxiv": 2}
        assert store.last_success_until("biorxiv") == "2026-05-10"  # the window advanced
        pubs_down[0] = False
        [second] = fetch_sources(config, store, ["biorxiv"], until="2026-05-17")
        assert second.ok and second.links == 4
        assert store.last_success_until("biorxiv-pubs") == "2026-05-17"
    paths = [r.path.split("/")[1:4] for r in server.requests if r.path.endswith("/0")]
    asked = [path for path, _ in itertools.groupby(paths)]  # (a retried request once)
    assert asked == [
        ["details", "biorxiv", "2026-05-03"],  # first run: 7 days back
        ["pubs", "biorxiv", "2026-05-03"],  # (failed)
        ["details", "biorxiv", "2026-05-08"],  # from the first run's end, minus 2 days
        ["pubs", "biorxiv", "2026-05-03"],  # the links from where they first failed
    ]


def test_a_journal_article_joins_the_preprint_the_links_name() -> None:
    # ESM-2: the journal retitled the preprint, so only the server's link can join them
    preprint = Paper(
        source="biorxiv",
        source_id="10.1101/2022.07.20.500902",
        doi="10.1101/2022.07.20.500902",
        title="Language models of protein sequences at the scale of evolution enable accurate "
        "structure prediction",
    )
    article = Paper(
        source="nature",
        source_id="10.1126/science.ade2574",
        doi="10.1126/science.ade2574",
        title="Evolutionary-scale prediction of atomic-level protein structure with a language "
        "model",
    )
    assert len(group_works([preprint, article])) == 2
    [work] = group_works(
        [preprint, article], links={"10.1101/2022.07.20.500902": "10.1126/science.ade2574"}
    )
    assert work.published_doi == "10.1126/science.ade2574"
    assert work.paper_url == "https://doi.org/10.1126/science.ade2574"
    assert work.work_id == "doi:10.1101/2022.07.20.500902"  # the preprint's id, as before


def test_a_non_fmwatch_database_is_named_and_lint_goes_on(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(CATALOG, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["catalog", "lint", str(catalog)], env={"FMWATCH_DB": str(other)}
    )
    assert "cannot read published versions from" in result.output
    assert "is not an fmwatch database" in result.output
    assert "preprint-published" not in result.output


def test_biorxiv_config_switch_defaults_on() -> None:
    assert BiorxivConfig().publications is True


def _preprint_and_article() -> tuple[Paper, Paper]:
    preprint = Paper(
        source="biorxiv",
        source_id="10.1101/2022.07.20.500902",
        doi="10.1101/2022.07.20.500902",
        title="Language models of protein sequences at the scale of evolution enable accurate "
        "structure prediction",
        abstract="Fixture text: protein language models at scale.",
    )
    article = Paper(
        source="nature",
        source_id="10.1126/science.ade2574",
        doi="10.1126/science.ade2574",
        title="Evolutionary-scale prediction of atomic-level protein structure with a language "
        "model",
    )
    return preprint, article


@pytest.mark.parametrize("listed", [None, "doi:10.1126/science.ade2574"])
def test_works_joined_by_a_link_leave_one_row_and_keep_the_listed_id(
    tmp_path: Path, listed: str | None
) -> None:
    """Two stored works that a link joins become one: the other's rows go (else the paper is
    proposed twice), and the id a pull request already lists is kept, else the preprint's."""
    config = make_config_offline(tmp_path)
    with Store(config.db_path) as store:
        store.upsert_papers(_preprint_and_article())
        first = score_stored(config, store, catalog_path="")
        assert first.works == 2 and first.merged == 0
        if listed:
            store.db.table("candidates").insert({"work_id": listed, "status": "proposed"})
        store.upsert_publications(
            [Publication("biorxiv", "10.1101/2022.07.20.500902", "10.1126/science.ade2574")]
        )
        second = score_stored(config, store, catalog_path="")
        assert second.works == 1 and second.merged == 1
        expected = listed or "doi:10.1101/2022.07.20.500902"
        assert [r["work_id"] for r in store.db.table("works").rows] == [expected]
        assert [r["work_id"] for r in store.db.table("scores").rows] == [expected]
        [work] = store.db.table("works").rows
        assert work["published_doi"] == "10.1126/science.ade2574"


def test_a_link_outranks_the_journal_doi_an_old_record_gave() -> None:
    preprint, article = _preprint_and_article()
    stale = dataclasses.replace(preprint, published_doi="10.1126/science.wrong0001")
    other = Paper(
        source="nature",
        source_id="10.1126/science.wrong0001",
        doi="10.1126/science.wrong0001",
        title="An unrelated article that happens to hold the stale DOI",
    )
    link = {"10.1101/2022.07.20.500902": "10.1126/science.ade2574"}
    works = group_works([stale, article, other], links=link)
    by_size = sorted(works, key=lambda w: len(w.papers))
    assert [len(w.papers) for w in by_size] == [1, 2]
    assert by_size[0].papers == [other]  # the stale DOI no longer joins it
    assert by_size[1].published_doi == "10.1126/science.ade2574"


def test_published_versions_prefer_the_link(tmp_path: Path) -> None:
    preprint, _ = _preprint_and_article()
    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers([dataclasses.replace(preprint, published_doi="10.1126/old0001")])
        assert store.published_versions() == {"doi:10.1101/2022.07.20.500902": "10.1126/old0001"}
        store.upsert_publications(
            [Publication("biorxiv", "10.1101/2022.07.20.500902", "10.1126/science.ade2574")]
        )
        assert store.published_versions() == {
            "doi:10.1101/2022.07.20.500902": "10.1126/science.ade2574"
        }


def _link_updates_after_scoring(
    tmp_path: Path, preprint_title: str, journal_title: str
) -> tuple[list[str], list[str]]:
    """A catalogued bioRxiv preprint and a Nature record that no source links to it, stored
    and scored: the link updates before and after scoring (their new URLs)."""
    preprint = Paper(
        source="biorxiv",
        source_id="10.1101/2026.01.05.700201",
        doi="10.1101/2026.01.05.700201",
        title=preprint_title,
        abstract="Fixture text: a model pretrained at scale on single-cell and imaging data.",
    )
    article = Paper(
        source="nature",
        source_id="10.1038/s41592-026-00201-1",
        doi="10.1038/s41592-026-00201-1",
        title=journal_title,
    )
    catalog = (
        "# Catalog\n\n## Genomic data\n\n"
        "| Name | Paper | GitHub | Hugging Face / weights | Note |\n|---|---|---|---|---|\n"
        f"| X | [{preprint_title}](https://doi.org/10.1101/2026.01.05.700201) | - | - | - |\n"
    )
    path = tmp_path / "CATALOG.md"
    path.write_text(catalog, encoding="utf-8")
    config = Config(state_dir=str(tmp_path / "state"), catalog=str(path))
    with Store(config.db_path) as store:
        store.upsert_papers([preprint, article])
        before = [u.new_url for u in link_updates(store, catalog_mod.parse_catalog(catalog))]
        score_stored(config, store)
        after = [u.new_url for u in link_updates(store, catalog_mod.parse_catalog(catalog))]
    return before, after


def test_a_journal_record_that_joined_the_preprint_s_work_gives_the_link_update(
    tmp_path: Path,
) -> None:
    """No source said "published": the Nature Methods item simply joined the preprint's work
    (same title). The run's link updates (and lint) read the scored works too."""
    title = "Nicheformer: a foundation model for single-cell and spatial omics"
    before, after = _link_updates_after_scoring(tmp_path, title, title)
    assert (before, after) == ([], ["https://doi.org/10.1038/s41592-026-00201-1"])


def test_a_journal_title_with_a_study_design_added_gives_the_link_update(
    tmp_path: Path,
) -> None:
    """The journal added its study design to the preprint's title: as certain a join as the
    same title, so the row's preprint link is offered its journal version."""
    title = "A foundation model for single-cell and spatial omics across tissues"
    before, after = _link_updates_after_scoring(
        tmp_path, title, f"{title}: a retrospective multicentre study"
    )
    assert (before, after) == ([], ["https://doi.org/10.1038/s41592-026-00201-1"])


def test_a_journal_record_joined_by_a_near_title_suggests_no_link_update(tmp_path: Path) -> None:
    """Titles one article apart join the work (fuzzy), but only a title this certain may put a
    DOI into a catalog row: no link update, and none for a design subtitle naming content."""
    title = "A foundation model for kidney pathology adapted from UNI across centres"
    near = title.replace("for kidney", "for the kidney")
    (tmp_path / "near").mkdir()
    assert _link_updates_after_scoring(tmp_path / "near", title, near) == ([], [])
    (tmp_path / "other").mkdir()
    other = f"{title}: an external validation study"
    assert _link_updates_after_scoring(tmp_path / "other", title, other) == ([], [])


def test_a_journal_record_joined_by_a_similar_title_suggests_no_link_update(
    tmp_path: Path,
) -> None:
    """Titles one word apart join (the fuzzy threshold), but "mouse" is not "human": such a
    join may not put another article's DOI into a catalog row."""
    before, after = _link_updates_after_scoring(
        tmp_path,
        "A foundation model of the developing mouse visual cortex",
        "A foundation model of the developing human visual cortex",
    )
    assert (before, after) == ([], [])
