"""The catalog's arXiv rows: asked about by id, so a row whose paper reached a journal gets a
link update (arXiv adds the journal DOI to the record long after the preprint left every window).

Over loopback: the window's pages, then one ``id_list`` query for the catalog's arXiv ids that
have no journal DOI yet (fixture ``arxiv/id_list_catalog.xml``: UNI and CONCH with their Nature
Medicine DOIs, Virchow2 without one).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch import catalog as catalog_mod
from fmwatch.cli import cli
from fmwatch.config import Config
from fmwatch.ingest import fetch_sources
from fmwatch.proposals import link_updates
from fmwatch.store import Store
from ingest_support import (  # noqa: F401
    ARXIV_PATH,
    WINDOW,
    arxiv_reply,
    fast_retries,
    make_config,
)
from loopback import LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")

CATALOG = """# Catalog

## Image Data

| Name | Paper | GitHub | Hugging Face / weights | Note |
|---|---|---|---|---|
| UNI | [Towards a general-purpose foundation model for computational pathology](https://arxiv.org/abs/2308.15474) | - | - | ViT-L. |
| CONCH | [A visual-language foundation model for computational pathology](https://arxiv.org/pdf/2307.12914v2) | - | - | Image-caption pretraining. |
| Virchow2 | [Virchow2: Scaling Self-Supervised Mixed Magnification Models in Pathology](https://arxiv.org/pdf/2408.00738) | - | - | Mixed magnification. |
| Prov-GigaPath | [A whole-slide foundation model for digital pathology from real-world data](https://www.nature.com/articles/s41586-024-07441-w) | - | - | Journal link already. |
| Virchow | [A foundation model for clinical-grade computational pathology and rare cancers detection](https://www.nature.com/articles/s41591-024-03141-0) · [arXiv](https://arxiv.org/abs/2309.07778) | - | - | Both links: nothing to ask. |
"""  # noqa: E501
UNI_DOI = "10.1038/s41591-024-02857-3"
CONCH_DOI = "10.1038/s41591-024-02856-4"


def _serve(server: LoopbackServer, id_list: Reply | None = None) -> list[Recorded]:
    """The window (no results) and the id_list answer; returns the id_list requests."""
    asked: list[Recorded] = []

    def answer(rec: Recorded) -> Reply:
        if rec.query.get("id_list"):
            asked.append(rec)
            return id_list or arxiv_reply("id_list_catalog.xml")
        return arxiv_reply("no_results.xml")

    server.handle(ARXIV_PATH, answer)
    return asked


def _config(server: LoopbackServer, tmp_path: Path, **arxiv: object) -> Config:
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(CATALOG, encoding="utf-8")
    config = dataclasses.replace(make_config(server, tmp_path), catalog=str(catalog))
    if arxiv:
        sources = config.sources
        changed = dataclasses.replace(sources.arxiv, **arxiv)
        config = dataclasses.replace(config, sources=dataclasses.replace(sources, arxiv=changed))
    return config


def test_catalog_rows_on_arxiv_get_their_journal_versions(
    server: LoopbackServer, tmp_path: Path
) -> None:
    asked = _serve(server)
    config = _config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        # the catalog's papers are stored, but they are not the week's news
        assert stats.ok and (stats.fetched, stats.new, stats.catalog) == (0, 0, 3)
        assert store.count_papers() == {"arxiv": 3}
        # one request for the three arXiv rows (the rows that link a journal need none)
        [request] = asked
        assert request.query["id_list"] == ["2307.12914,2308.15474,2408.00738"]
        assert request.query["max_results"] == ["3"]
        updates = {
            u.name: u.new_url for u in link_updates(store, catalog_mod.parse_catalog(CATALOG))
        }
        assert updates == {
            "UNI": f"https://doi.org/{UNI_DOI}",
            "CONCH": f"https://doi.org/{CONCH_DOI}",
        }
        # next run: only the row still without a journal version is asked about
        [again] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert again.ok and (again.new, again.catalog) == (0, 1)
        assert asked[-1].query["id_list"] == ["2408.00738"]
    # and the linter says so too
    result = CliRunner().invoke(
        cli,
        ["catalog", "lint", config.catalog],
        env={"FMWATCH_DB": str(config.db_path)},
    )
    assert f"the preprint arxiv:2308.15474 has been published as doi:{UNI_DOI}" in result.output


def test_switched_off_the_catalog_is_not_asked_about(
    server: LoopbackServer, tmp_path: Path
) -> None:
    asked = _serve(server)
    config = _config(server, tmp_path, catalog_links=False)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
    assert stats.ok and asked == []


def test_without_a_catalog_nothing_is_asked(server: LoopbackServer, tmp_path: Path) -> None:
    asked = _serve(server)
    config = dataclasses.replace(make_config(server, tmp_path), catalog=str(tmp_path / "no.md"))
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
    assert stats.ok and asked == []


def test_a_failing_id_query_keeps_the_window_and_names_the_switch(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """arXiv refuses the id query: the window's records are stored and its window advances;
    the catalog rows are asked about again next run."""
    _serve(server, Reply(503, "overloaded", content_type="text/plain"))
    config = _config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert not stats.ok and stats.failure is not None and "\n" not in stats.failure
        assert stats.failure.startswith("arxiv: HTTP 503")
        assert "catalog's arXiv rows were not checked" in stats.failure
        assert "sources.arxiv.catalog_links = false" in stats.failure
        assert store.last_success_until("arxiv") == WINDOW[1]


def test_a_repository_doi_on_an_arxiv_record_is_no_journal_version(tmp_path: Path) -> None:
    """Authors sometimes give arXiv the DOI of their code or data (Zenodo, Mendeley Data):
    that is not where the paper was published."""
    from fmwatch.models import Paper

    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id="2408.00738",
                    arxiv_id="2408.00738",
                    title="Virchow2",
                    doi="10.5281/zenodo.1234567",
                ),
                Paper(
                    source="arxiv",
                    source_id="2308.15474",
                    arxiv_id="2308.15474",
                    title="UNI",
                    doi=UNI_DOI,
                ),
            ]
        )
        assert store.published_versions() == {"arxiv:2308.15474": UNI_DOI}
        assert store.arxiv_with_journal(["2408.00738", "2308.15474"]) == {"2308.15474"}


def test_a_malformed_id_is_skipped_and_one_arxiv_refuses_costs_only_itself(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """A typo no arXiv id can have is never asked; an id arXiv refuses anyway (HTTP 400 for
    the whole query) is found by asking the halves apart, and only it is lost."""
    bad = "2101.99999"  # well formed, refused here like a malformed one
    answered: list[str] = []

    def answer(rec: Recorded) -> Reply:
        ids = rec.query.get("id_list", [""])[0]
        if not ids:
            return arxiv_reply("no_results.xml")
        answered.append(ids)
        if bad in ids.split(","):
            return arxiv_reply("error_400.xml", status=400)
        return arxiv_reply("id_list_catalog.xml")

    server.handle(ARXIV_PATH, answer)
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(
        CATALOG.replace("2408.00738", bad)
        + "| Typo | [A typo](https://arxiv.org/abs/2101.1234) | - | - | - |\n",
        encoding="utf-8",
    )
    config = dataclasses.replace(make_config(server, tmp_path), catalog=str(catalog))
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["arxiv"], *WINDOW)
        assert stats.ok and stats.skipped == 2  # the typo and the refused id
        assert store.arxiv_with_journal(["2307.12914", "2308.15474"]) == {
            "2307.12914",
            "2308.15474",
        }
    assert "2101.1234" not in ",".join(answered)
    assert answered[0] == f"{bad},2307.12914,2308.15474"


def test_a_row_curators_removed_is_not_proposed_back(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The catalog's papers are read for their journal versions; when curators delete a row,
    its paper (still in the store) must not come back as a proposal."""
    from fmwatch.proposals import select_candidates
    from fmwatch.scoring import score_stored

    _serve(server)
    config = _config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["arxiv"], *WINDOW)
        Path(config.catalog).write_text(
            "\n".join(line for line in CATALOG.splitlines() if not line.startswith("| UNI")),
            encoding="utf-8",
        )
        score_stored(config, store)
        assert store.catalog_checked() >= {"arxiv:2308.15474"}
        assert [c.work_id for c in select_candidates(config, store)] == []
