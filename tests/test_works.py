"""Identity across sources, known works from the catalog and decisions, and curator feedback."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

import fmwatch.identity as identity
from fmwatch.catalog import parse_catalog
from fmwatch.models import Paper
from fmwatch.works import Feedback, KnownWorks, group_works, make_work_id

TITLE = "Towards a general-purpose foundation model for computational pathology"


def arxiv(n: str, title: str = TITLE, **kw: Any) -> Paper:
    return Paper(source="arxiv", source_id=n, arxiv_id=n, title=title, abstract="a", **kw)


def test_versions_of_one_arxiv_id_are_one_work() -> None:
    works = group_works(
        [
            arxiv("2308.15474"),
            Paper(
                source="arxiv",
                source_id="2308.15474v2",
                title="other words",
                abs_url="https://arxiv.org/abs/2308.15474v2",
            ),
        ]
    )
    assert len(works) == 1
    assert works[0].work_id == "arxiv:2308.15474"


def test_preprint_and_journal_version_join_through_the_published_doi() -> None:
    preprint = Paper(
        source="biorxiv",
        source_id="10.1101/2023.01.01.123456",
        doi="10.1101/2023.01.01.123456",
        title="Some single-cell title words here",
        published_doi="10.1038/s41592-024-02305-7",
    )
    journal = Paper(
        source="nature",
        source_id="s41592-024-02305-7",
        doi="10.1038/s41592-024-02305-7",
        title="Completely different journal title",
    )
    works = group_works([preprint, journal])
    assert len(works) == 1
    work = works[0]
    assert work.published_doi == "10.1038/s41592-024-02305-7"
    assert work.paper_url == "https://doi.org/10.1038/s41592-024-02305-7"
    assert work.best.source == "nature" or work.best.abstract is not None


def test_arxiv_record_with_a_journal_doi_joins_the_journal_record() -> None:
    works = group_works(
        [
            arxiv("2308.15474", doi="10.1038/s41591-024-02857-3"),
            Paper(
                source="nature",
                source_id="s41591-024-02857-3",
                doi="10.1038/s41591-024-02857-3",
                title="UNI",
            ),
        ]
    )
    assert len(works) == 1


def test_near_identical_distinctive_titles_join() -> None:
    a = arxiv(
        "2401.00001",
        title="Virchow2: Scaling Self-Supervised Mixed-Magnification Models in Pathology",
    )
    b = Paper(
        source="nature",
        source_id="s41591-000",
        doi="10.1038/s41591-000",
        title="Virchow2: scaling self-supervised mixed magnification models in pathology.",
    )
    assert len(group_works([a, b])) == 1


def test_short_or_generic_titles_never_join_by_title() -> None:
    a = arxiv("2401.00001", title="Foundation models in medicine")
    b = Paper(
        source="nature",
        source_id="s41591-001",
        doi="10.1038/s41591-001",
        title="Foundation models in medicine",
    )
    assert len(group_works([a, b])) == 2


SPATIAL = "A foundation model for spatial proteomics"


def _journal(title: str, authors: tuple[str, ...]) -> Paper:
    return Paper(
        source="nature",
        source_id="s41592-026-00001-1",
        doi="10.1038/s41592-026-00001-1",
        title=title,
        authors=authors,
    )


def test_a_named_title_and_an_unnamed_one_by_two_groups_stay_two_works() -> None:
    """The journal's "A foundation model for X" and another group's "NAME: a foundation model
    for X" on arXiv: alike titles, no shared author, two papers."""
    named = arxiv("2601.00001", title="SPARC: " + SPATIAL, authors=("Ana Ortiz", "Bo Lindqvist"))
    journal = _journal(SPATIAL, ("Muhammad Shaban", "Faisal Mahmood"))
    assert len(group_works([named, journal])) == 2
    # one author in common, each service spelling names its own way: one paper
    same_group = _journal(SPATIAL, ("Ortiz, A.", "Kowalski, J."))
    assert len(group_works([named, same_group])) == 1
    # an author list missing on either side says nothing: the titles decide, as before
    assert len(group_works([named, _journal(SPATIAL, ())])) == 1


def test_the_same_title_in_two_journals_by_two_groups_is_two_works() -> None:
    """Journals drop a model's name from titles: two groups' papers can carry the very same
    title under two DOIs. Other authors make them two works; one author in common, one."""
    kronos = _journal(SPATIAL, ("Muhammad Shaban", "Faisal Mahmood"))
    sparc = Paper(
        source="nature",
        source_id="s41592-026-00002-2",
        doi="10.1038/s41592-026-00002-2",
        title=SPATIAL,
        authors=("Ana Ortiz", "Bo Lindqvist"),
    )
    assert len(group_works([kronos, sparc])) == 2
    shared = dataclasses.replace(sparc, authors=("Ana Ortiz", "Faisal Mahmood"))
    assert len(group_works([kronos, shared])) == 1


def test_one_paper_listed_three_ways_is_one_work_in_any_order() -> None:
    """A consortium on bioRxiv, two people on arXiv, all of them in the journal: the journal's
    list shares words with each, so the three are one work whichever record comes first."""
    import itertools

    title = "CellAtlasFM: a foundation model of human cells across tissues and organs"
    records = [
        Paper(
            source="biorxiv",
            source_id="10.1101/2026.01.01.000001",
            doi="10.1101/2026.01.01.000001",
            title=title,
            authors=("The Human Cell Atlas Consortium",),
        ),
        arxiv(
            "2601.00002", title=title.replace(" of ", " for "), authors=("S. Teichmann", "A. Regev")
        ),
        _journal(title + ".", ("Sarah Teichmann", "Aviv Regev", "Human Cell Atlas Consortium")),
    ]
    for order in itertools.permutations(records):
        assert len(group_works(order)) == 1


def test_names_written_in_ascii_by_one_service_are_the_same_authors() -> None:
    def disjoint(a: list[str], b: list[str]) -> bool:
        return identity.words_disjoint(identity.author_words(a), identity.author_words(b))

    assert not disjoint(
        ["Jorgensen, L.", "Wlodarczyk, A.", "Strauss, K."],
        ["Lars Jørgensen", "Anna Włodarczyk", "Karl Strauß"],
    )
    assert disjoint(["Lars Jørgensen"], ["Anna Włodarczyk"])


def test_a_work_keeps_its_stored_id_when_a_journal_record_joins() -> None:
    journal = Paper(
        source="nature", source_id="s1", doi="10.1038/s1", title="x", published_doi=None
    )
    works = group_works([journal], existing_ids={"doi:10.1038/s1": "arxiv:2401.00009"})
    assert works[0].work_id == "arxiv:2401.00009"


def test_work_id_prefers_the_preprint_key() -> None:
    assert make_work_id({"doi:10.1038/x", "arxiv:2401.1"}, "t") == "arxiv:2401.1"
    assert make_work_id(set(), "A title").startswith("title:")


CATALOG = (
    "# Catalog\n\n## 2) Image Data\n\n"
    "| Name | Paper | GitHub | Model weight | Note |\n"
    "|------|-------|--------|:------------:|------|\n"
    "| UNI | [Towards a general-purpose foundation model for computational pathology]"
    "(https://www.nature.com/articles/s41591-024-02857-3) "
    "| [mahmoodlab/UNI](https://github.com/mahmoodlab/UNI) | - | ViT |\n"
    "| Virchow2 | [Virchow2: Scaling self-supervised mixed magnification models in pathology]"
    "(https://arxiv.org/pdf/2408.00738) | - | - | - |\n"
)


@pytest.fixture
def known() -> KnownWorks:
    return KnownWorks.from_catalog(parse_catalog(CATALOG))


def test_catalogued_work_is_found_by_key(known: KnownWorks) -> None:
    match = known.match({"doi:10.1038/s41591-024-02857-3"}, None)
    assert match is not None and match.label == "catalogued: UNI"
    assert known.match({"arxiv:2408.00738"}, "") is not None


def test_catalogued_work_is_found_by_title_under_another_id(known: KnownWorks) -> None:
    match = known.match(
        {"arxiv:2408.99999"},
        "VIRCHOW2: SCALING SELF-SUPERVISED MIXED MAGNIFICATION MODELS IN PATHOLOGY",
    )
    assert match is not None and match.name == "Virchow2"


def test_unrelated_work_is_not_known(known: KnownWorks) -> None:
    assert (
        known.match(
            {"arxiv:2501.00001"}, "A foundation model for cardiac ultrasound video analysis"
        )
        is None
    )


@pytest.mark.parametrize(
    ("name_cell", "title", "known_as_row"),
    [
        ("KRONOS", "SPARC: " + SPATIAL, False),  # another model, the same words after its name
        ("KRONOS", "KRONOS: " + SPATIAL, True),
        ("KRONOS", SPATIAL.upper(), True),  # no name in the title: the words decide
        ("Prov-GigaPath", "GigaPath: " + SPATIAL, True),  # a name that grew a prefix
        ("CONCH (2024)", "CONCH: " + SPATIAL, True),  # a year in the cell
        ("Virchow / Virchow2", "Virchow2: " + SPATIAL, True),  # two names in one cell
        ("AI", "SPARC: " + SPATIAL, True),  # a cell too short to tell
    ],
)
def test_a_row_is_not_taken_for_a_paper_whose_title_names_another_model(
    name_cell: str, title: str, known_as_row: bool
) -> None:
    """A catalog row whose link text lacks the model's name (journal titles often do) is known
    by title; a paper whose "Name:" prefix names another model than the row's Name cell is
    another paper however alike the rest, and must not be set aside as catalogued."""
    catalog = (
        "## Genomic data\n\n| Name | Paper | GitHub | Hugging Face | Note |\n"
        "|---|---|---|---|---|\n"
        f"| {name_cell} | [{SPATIAL}](https://arxiv.org/abs/2506.03373) | - | - | - |\n"
    )
    known = KnownWorks.from_catalog(parse_catalog(catalog))
    match = known.match({"doi:10.1038/s41592-026-00001-1"}, title)
    assert (match is not None) is known_as_row


def _rows(*rows: tuple[str, str, str]) -> KnownWorks:
    text = "## Data\n\n| Name | Paper | GitHub | Hugging Face | Note |\n|---|---|---|---|---|\n"
    for name, title, url in rows:
        text += f"| {name} | [{title}]({url}) | - | - | - |\n"
    return KnownWorks.from_catalog(parse_catalog(text))


def test_a_row_named_otherwise_than_its_paper_still_knows_its_paper() -> None:
    """The Name cell may call a row by another name than its paper's title does ("QuiltNet",
    "Quilt-1M: …"; "UCE", "Universal Cell Embeddings: …"): the paper, under another link and
    retitled a little, is still that row."""
    quilt = "Quilt-1M: One Million Image-Text Pairs for Histopathology"
    known = _rows(("QuiltNet", quilt, "https://arxiv.org/abs/2306.11207"))
    for title in (quilt, quilt.replace("Image-Text Pairs", "image text pairs") + " at scale"):
        assert known.match({"doi:10.9999/x"}, title) is not None, title
    uce = "A foundation model of cells across species and tissues"
    known = _rows(("UCE", uce, "https://www.biorxiv.org/content/10.1101/2023.11.28.568918"))
    assert known.match({"doi:10.9999/x"}, "Universal Cell Embeddings: " + uce) is not None
    assert known.match({"doi:10.9999/x"}, "CellSpan: " + uce) is None
    # initials of a name spelled the British way ("Tumour Cell Atlas" is "TCA")
    known = _rows(("TCA", uce, "https://www.biorxiv.org/content/10.1101/2023.11.28.568918"))
    assert known.match({"doi:10.9999/x"}, "Tumour Cell Atlas: " + uce) is not None


def test_a_title_vetoed_for_one_row_still_finds_its_own() -> None:
    """Two rows with alike titles: KRONOS (its link text without the name) and SPARC. The
    journal version of "SPARC: …" is alike to both, more to KRONOS's; that row names another
    model, so the next one, SPARC's, is the match."""
    known = _rows(
        ("KRONOS", SPATIAL, "https://arxiv.org/abs/2506.03373"),
        ("SPARC", "SPARC: foundation model for spatial proteomics", "https://arxiv.org/abs/2601.1"),
    )
    match = known.match({"doi:10.1038/s41592-026-00002-2"}, "SPARC: " + SPATIAL)
    assert match is not None and match.name == "SPARC"


def test_rejected_decision_is_known(known: KnownWorks) -> None:
    known.add_decision(
        {"arxiv:2502.00002"},
        "Deep reprogramming distillation for medical foundation models",
        "rejected",
    )
    match = known.match(
        {"doi:10.9999/x"}, "Deep Reprogramming Distillation for Medical Foundation Models"
    )
    assert match is not None and match.status == "rejected"
    with pytest.raises(ValueError, match="accepted or rejected"):
        known.add_decision(set(), "t", "maybe")


def test_catalog_row_on_a_preprint_gets_a_link_update_when_the_journal_version_is_known(
    known: KnownWorks,
) -> None:
    preprint = arxiv(
        "2408.00738",
        title="Virchow2: Scaling self-supervised mixed magnification models in pathology",
        doi="10.1038/s41467-099-00001-x",
    )
    updates = known.link_updates(group_works([preprint]))
    assert [(u.name, u.new_url, u.line) for u in updates] == [
        ("Virchow2", "https://doi.org/10.1038/s41467-099-00001-x", 8)
    ]
    # a row that already links the journal version needs no update
    uni = arxiv("2308.15474", doi="10.1038/s41591-024-02857-3")
    assert known.link_updates(group_works([uni])) == []


def test_matching_many_titles_against_a_large_catalog_is_not_quadratic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    words = [
        f"{a}{b}"
        for a in (
            "neuro",
            "cardio",
            "hepato",
            "osteo",
            "derma",
            "onco",
            "immuno",
            "gastro",
            "nephro",
            "pulmo",
            "hemato",
            "myo",
        )
        for b in (
            "net",
            "former",
            "scope",
            "graph",
            "vision",
            "atlas",
            "path",
            "gen",
            "seq",
            "cell",
            "map",
            "fold",
            "lens",
            "bank",
            "flow",
            "mix",
        )
    ]
    titles = [" ".join(rng.sample(words, 6)) for _ in range(1500)]
    known = KnownWorks()
    for i, title in enumerate(titles[:1000]):
        known.add_decision({f"doi:10.1/{i}"}, title, "accepted")
    calls = 0
    real_ratio = identity.fuzz.ratio

    def counting_ratio(*args: Any, **kwargs: Any) -> float:
        nonlocal calls
        calls += 1
        return float(real_ratio(*args, **kwargs))

    monkeypatch.setattr(identity.fuzz, "ratio", counting_ratio)
    found = [known.match(set(), title + "s") for title in titles[:1000:10]]
    assert all(entry is not None for entry in found)
    assert [entry.title for entry in found if entry] == titles[:1000:10]
    for title in titles[1000:]:
        known.match(set(), title)
    queries = 100 + 500
    assert calls < queries * 1000 / 10  # a query meets a few candidates, not the whole catalog


def test_feedback_moves_scores_towards_past_decisions() -> None:
    feedback = Feedback()
    feedback.add(
        "rejected",
        "LoRA fine-tuning of SAM for polyp segmentation in colonoscopy",
        "adapter polyp colonoscopy segmentation",
    )
    feedback.add(
        "accepted",
        "A foundation model for single-cell transcriptomics",
        "cells genes pretraining atlas",
    )
    down, evidence = feedback.adjust(
        "Adapter fine-tuning of SAM for polyp segmentation",
        "polyp colonoscopy segmentation adapter",
    )
    up, _ = feedback.adjust(
        "A foundation model for single-cell transcriptomics at scale", "cells genes pretraining"
    )
    none, nothing = feedback.adjust("Quantum error correction codes", "qubits")
    assert down < 0 < up
    assert evidence[0].kind == "feedback" and "rejected" in evidence[0].phrase
    assert (none, nothing) == (0.0, [])
