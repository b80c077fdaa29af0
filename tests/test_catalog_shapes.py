"""Catalogs as curators edit them by hand: shapes the seed does not have, read, linted and
written into without losing a row or a proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmwatch.catalog import parse_catalog
from fmwatch.errors import CatalogError
from fmwatch.lint import ERROR, lint_catalog
from fmwatch.proposals import Candidate, insert_candidates

HEADER = "| Name | Paper | GitHub | Model weight | Note |\n|---|---|---|---|---|\n"
UNI = (
    "| UNI | [Towards a general-purpose foundation model for computational pathology]"
    "(https://doi.org/10.1038/s41591-024-02857-3) | - | - | slides |\n"
)
CONCH = (
    "| CONCH | [A visual-language foundation model for computational pathology]"
    "(https://doi.org/10.1038/s41591-024-02856-4) | - | - | slides and captions |\n"
)


def conch(section: str = "Image Data") -> Candidate:
    return Candidate(
        work_id="w-conch",
        title="A visual-language foundation model for computational pathology",
        score=0.9,
        section=section,
        name="CONCH",
        keys=["doi:10.1038/s41591-024-02856-4"],
        paper_url="https://doi.org/10.1038/s41591-024-02856-4",
        code_url="https://github.com/mahmoodlab/CONCH",
        weights_url="https://huggingface.co/MahmoodLab/CONCH",
        note="pathology image-text model",
    )


def virchow(section: str = "Image Data") -> Candidate:
    return Candidate(
        work_id="w-virchow",
        title="A foundation model for clinical-grade computational pathology",
        score=0.9,
        section=section,
        name="Virchow",
        keys=["arxiv:2309.07778"],
        paper_url="https://arxiv.org/abs/2309.07778",
    )


def codes(text: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.code) for f in lint_catalog(text)]


def test_a_row_cut_off_from_its_table_is_still_catalogued_and_lint_says_so() -> None:
    """A blank line or an HTML comment between two rows ends the table: Markdown shows the rest
    as a line of pipes. Those rows are still the curators' (their works must not be proposed
    again, as a second row), and lint names each with the fix."""
    for between in ("\n", "<!-- | Old | [x](https://arxiv.org/abs/2401.00001) | - | - | - | -->\n"):
        text = "## 1) Image Data\n\n" + HEADER + UNI + between + CONCH
        entries = parse_catalog(text).entries()
        assert [(e.name, e.line) for e in entries] == [("UNI", 5), ("CONCH", 7)]
        assert codes(text) == [(7, ERROR, "stray-row")]
        insertion = insert_candidates(text, [conch()])
        assert insertion.inserted == []
        assert insertion.skipped == ["w-conch: already in the catalog on the branch"]


@pytest.mark.parametrize("indent", ["\t", "    ", "\n    "])
def test_a_row_indented_below_its_table_is_still_catalogued_and_lint_says_so(indent: str) -> None:
    """A tab or four spaces before a row below the table (right under it, or after a blank
    line) make it a code block: Markdown shows it as code, not as a row. Still the curators'
    row, and lint says why it does not show."""
    text = "## 1) Image Data\n\n" + HEADER + UNI + indent + CONCH
    entries = parse_catalog(text).entries()
    line = 7 if indent.startswith("\n") else 6
    assert [(e.name, e.line) for e in entries] == [("UNI", 5), ("CONCH", line)]
    findings = lint_catalog(text)
    assert [(f.line, f.severity, f.code) for f in findings] == [(line, ERROR, "stray-row")]
    assert "indented" in findings[0].message and "remove the indentation" in findings[0].fix
    assert insert_candidates(text, [conch()]).inserted == []
    # an indented block runs on over a blank line: its rows after it are rows too
    two = (
        "## 1) Image Data\n\n"
        + HEADER
        + UNI
        + indent
        + CONCH
        + "\n    "
        + CONCH.replace("CONCH", "CONCH-2").replace("02856-4", "02856-5")
    )
    assert [e.name for e in parse_catalog(two).entries()] == ["UNI", "CONCH", "CONCH-2"]
    # a code sample under the table is not a row, nor an example row after prose
    sample = "## 1) Image Data\n\n" + HEADER + UNI + "\n    pip install fmwatch | tee log\n"
    assert [e.name for e in parse_catalog(sample).entries()] == ["UNI"]
    assert codes(sample) == []
    example = (
        "## 1) Image Data\n\n" + HEADER + UNI + "\nTo add a model, write a row like this:\n\n"
        "    " + CONCH
    )
    assert [e.name for e in parse_catalog(example).entries()] == ["UNI"]
    assert insert_candidates(example, [conch()]).inserted != []


def test_a_cut_off_row_that_lost_its_first_cell_still_names_its_paper() -> None:
    """A row cut off from its table with its name cell gone: its paper link sits in the Name
    column. It is read by the link (its work is catalogued), and lint counts its cells as
    written."""
    lost_name = CONCH.removeprefix("| CONCH ")
    text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + lost_name
    entries = parse_catalog(text).entries()
    assert [(e.line, e.paper_url) for e in entries][-1] == (
        7,
        "https://doi.org/10.1038/s41591-024-02856-4",
    )
    assert codes(text) == [(7, ERROR, "column-count"), (7, ERROR, "stray-row")]
    assert insert_candidates(text, [conch()]).inserted == []
    # a legend of two cells with no paper in it stays prose
    legend = "## 1) Image Data\n\n" + HEADER + UNI + "\n| FM | foundation model |\n"
    assert [e.name for e in parse_catalog(legend).entries()] == ["UNI"]
    # a caption naming a paper is not a row that lost cells: its work is not catalogued
    medsam = "[MedSAM](https://arxiv.org/abs/2304.12306)"
    for note in (f"| *Adapted from {medsam}* |", f"| {medsam} | listed for comparison |"):
        text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + note + "\n"
        assert [e.name for e in parse_catalog(text).entries()] == ["UNI"]
    # nor is a row whose Paper cell holds a link of its own shifted under other columns
    pubmed = (
        "| [CONCH](https://doi.org/10.1038/s41591-024-02856-4) | "
        "[PubMed](https://pubmed.ncbi.nlm.nih.gov/38504017/) | "
        "[code](https://github.com/mahmoodlab/CONCH) | "
        "[w](https://huggingface.co/MahmoodLab/CONCH) |"
    )
    text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + pubmed + "\n"
    assert all(
        e.code_url != "https://pubmed.ncbi.nlm.nih.gov/38504017/"
        for e in parse_catalog(text).entries()
    )
    assert not any(f.code == "wrong-column" for f in lint_catalog(text))
    # but it is the curators' CONCH row: its Name cell links the paper, which names the work
    last = parse_catalog(text).entries()[-1]
    assert (last.line, last.name, last.keys) == (7, "CONCH", {"doi:10.1038/s41591-024-02856-4"})
    assert insert_candidates(text, [conch()]).inserted == []
    # also with the paper's year after the link, as curators write it
    dated = text.replace("4) | [PubMed]", "4) (2024) | [PubMed]")
    assert dated != text
    assert parse_catalog(dated).entries()[-1].keys == {"doi:10.1038/s41591-024-02856-4"}


def test_a_name_cell_link_names_the_work_only_when_it_is_the_row_s_paper() -> None:
    """The Name cell's link stands in for the paper only when the Paper cell links a page that
    names no work and the Name cell is that link alone: not a model the row builds on
    ("[UNI](…)-Kidney": UNI's paper is not this row's, nor a duplicate of UNI's row), not a row
    whose Paper cell is empty. Captions under a table stay prose, whatever they link."""
    uni = "https://doi.org/10.1038/s41591-024-02857-3"
    pubmed = "[A kidney model fine-tuned from UNI](https://pubmed.ncbi.nlm.nih.gov/39000001/)"
    for name, paper in (
        (f"[UNI]({uni})-Kidney", pubmed),
        (f"[UNI]({uni}) fine-tuned", pubmed),
        (f"[UNI]({uni}) (2024 fine-tune)", pubmed),
        (f"[UNI]({uni})", "-"),
    ):
        text = "## 1) Image Data\n\n" + HEADER + UNI + f"| {name} | {paper} | - | - | kidney |\n"
        assert parse_catalog(text).entries()[-1].keys == set(), name
        if paper != "-":  # (two rows both named UNI are a duplicate by name, rightly)
            assert not any(f.code == "duplicate-entry" for f in lint_catalog(text)), name
    medsam = "[MedSAM](https://arxiv.org/abs/2304.12306)"
    for caption in (
        f"| Baseline: {medsam} | see the [benchmark page](https://lab.example.edu/bench) |",
        f"| {medsam} | [PubMed](https://pubmed.ncbi.nlm.nih.gov/38253604/) |",
    ):
        text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + caption + "\n"
        assert [e.name for e in parse_catalog(text).entries()] == ["UNI"], caption
        assert lint_catalog(text) == [], caption


def test_a_cut_off_row_that_lost_its_first_cell_has_its_code_link_under_paper() -> None:
    """A row that lost its name cell has its paper link under Name and its repository under
    Paper: a code or weights link is not a page of its own, so the row is read shifted (its
    work catalogued, its repository in the code column), not left for the work to be proposed
    again."""
    full = (
        "| CONCH | [A visual-language foundation model for computational pathology]"
        "(https://doi.org/10.1038/s41591-024-02856-4) | [code](https://github.com/mahmoodlab/CONCH)"
        " | [w](https://huggingface.co/MahmoodLab/CONCH) | slides and captions |\n"
    )
    text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + full.removeprefix("| CONCH ")
    last = parse_catalog(text).entries()[-1]
    assert (last.line, last.paper_url, last.code_url, last.weights_url) == (
        7,
        "https://doi.org/10.1038/s41591-024-02856-4",
        "https://github.com/mahmoodlab/CONCH",
        "https://huggingface.co/MahmoodLab/CONCH",
    )
    assert insert_candidates(text, [conch()]).inserted == []
    assert not any(f.code == "wrong-column" for f in lint_catalog(text))
    # a template's placeholder repository under Paper is no page of the row's either
    placeholder = full.replace("mahmoodlab/CONCH)", "org/repo)", 1)
    text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + placeholder.removeprefix("| CONCH ")
    last = parse_catalog(text).entries()[-1]
    assert (last.line, last.paper_url) == (7, "https://doi.org/10.1038/s41591-024-02856-4")


def test_a_cut_off_row_that_lost_its_first_cell_with_a_pubmed_paper_is_still_a_row() -> None:
    """The same row when its paper is a PubMed page, which names no work: the repository under
    the Paper column still says the row is shifted. It is read (lint can point at it, and the
    cut-off rows after it are not lost), its PubMed page as its paper."""
    pubmed = (
        "| [Paper](https://pubmed.ncbi.nlm.nih.gov/38504017/) | "
        "[code](https://github.com/mahmoodlab/CONCH) | - | slides and captions |\n"
    )
    text = "## 1) Image Data\n\n" + HEADER + UNI + "\n" + pubmed + CONCH.removeprefix("| CONCH ")
    entries = parse_catalog(text).entries()
    assert [(e.line, e.paper_url, e.code_url) for e in entries[1:]] == [
        (7, "https://pubmed.ncbi.nlm.nih.gov/38504017/", "https://github.com/mahmoodlab/CONCH"),
        (8, "https://doi.org/10.1038/s41591-024-02856-4", None),
    ]
    assert (7, ERROR, "stray-row") in codes(text) and (8, ERROR, "stray-row") in codes(text)


@pytest.mark.parametrize("gap", ["\n", "\n    "])
def test_a_cut_off_row_without_its_leading_pipe_is_still_catalogued(gap: str) -> None:
    """GFM's leading pipe is optional: "CONCH | [paper](…) | - | - | note |" below a blank line
    (or indented) is still the curators' row."""
    text = "## 1) Image Data\n\n" + HEADER + UNI + gap + CONCH.removeprefix("| ")
    entries = parse_catalog(text).entries()
    assert [(e.name, e.paper_url) for e in entries][-1] == (
        "CONCH",
        "https://doi.org/10.1038/s41591-024-02856-4",
    )
    assert codes(text) == [(7, ERROR, "stray-row")]
    assert insert_candidates(text, [conch()]).inserted == []
    prose = (
        "## 1) Image Data\n\n" + HEADER + UNI + "\nColumns: Name | Paper | Code are required |\n"
    )
    assert [e.name for e in parse_catalog(prose).entries()] == ["UNI"]


def test_a_table_with_a_broken_separator_is_one_error() -> None:
    text = (
        "## 1) Image Data\n\n| Name | Paper | GitHub | Model weight | Note |\n|---|---|---|---|\n"
    )
    text += UNI + CONCH
    assert codes(text) == [(1, ERROR, "no-table"), (3, ERROR, "not-a-table")]


def test_rows_go_under_their_columns_in_a_table_whose_columns_were_reordered() -> None:
    header = "| Paper | Name | Note | GitHub | Model weight |\n|---|---|---|---|---|\n"
    row = "| [A whole-slide foundation model](https://arxiv.org/abs/2401.00002) | W | n | - | - |\n"
    text = "## 1) Image Data\n\n" + header + row
    new = insert_candidates(text, [conch()]).text
    entry = parse_catalog(new).entries()[-1]
    assert (entry.name, entry.paper_url) == ("CONCH", "https://doi.org/10.1038/s41591-024-02856-4")
    assert entry.code_url == "https://github.com/mahmoodlab/CONCH"
    assert entry.weights_url == "https://huggingface.co/MahmoodLab/CONCH"
    assert entry.note == "pathology image-text model"
    assert codes(new) == []
    assert new.startswith(text)  # every other byte kept


def test_an_extra_column_gets_a_dash_and_a_table_in_the_usual_order_is_written_as_before() -> None:
    header = "| Name | Paper | GitHub | Model weight | Note | Year |\n|---|---|---|---|---|---|\n"
    text = "## 2) Image Data\n\n" + header
    new = insert_candidates(text, [virchow()]).text
    assert new.splitlines()[-1] == (
        "| Virchow | [A foundation model for clinical-grade computational pathology]"
        "(https://arxiv.org/abs/2309.07778) | - | - | - | - |"
    )
    usual = insert_candidates("## 2) Image Data\n\n" + HEADER, [virchow()]).text
    assert usual.splitlines()[-1] == (
        "| Virchow | [A foundation model for clinical-grade computational pathology]"
        "(https://arxiv.org/abs/2309.07778) | - | - | - |"
    )


def test_a_section_without_a_table_holds_back_its_own_candidates_only() -> None:
    text = "## 1) Clinical Data\n\nNo table yet.\n\n## 2) Image Data\n\n" + HEADER + UNI
    insertion = insert_candidates(text, [conch("Clinical Data"), virchow("Image Data")])
    assert [c.work_id for c in insertion.inserted] == ["w-virchow"]
    assert len(insertion.unplaced) == 1
    assert insertion.unplaced[0].startswith(
        "w-conch: section 'Clinical Data' (line 1) has no table"
    )
    assert (1, ERROR, "no-table") in codes(text)


def test_other_level_two_headings_are_not_misnumbered_sections() -> None:
    text = (
        "---\ntitle: Foundation models\n---\n"
        "## Contents\n\n- the sections below\n\n"
        "## 1) Clinical Data\n\n" + HEADER + UNI + "\n## 2) Image Data\n\n" + HEADER + CONCH
        + "\n## Contributing\n\nOpen a pull request.\n"
    )  # fmt: skip
    assert codes(text) == []
    catalog = parse_catalog(text)
    assert [s.title for s in catalog.sections if s.entries] == ["Clinical Data", "Image Data"]
    # a catalog section out of place is still numbered by its position among sections
    swapped = text.replace("## 2) Image Data", "## 3) Image Data")
    assert [c for _, _, c in codes(swapped)] == ["section-numbering"]


def test_a_section_heading_of_the_wrong_level_is_an_error() -> None:
    text = "## 1) Clinical Data\n\n" + HEADER + UNI + "\n### 2) Image Data\n\n" + HEADER + CONCH
    assert (7, ERROR, "heading-level") in codes(text)
    fix = next(f.fix for f in lint_catalog(text) if f.code == "heading-level")
    assert fix == "write it as '## 2) Image Data'"


@pytest.mark.parametrize(
    "heading",
    [
        "## 2) **Image Data**",
        "## **2) Image Data**",
        "## 2) [Image Data](#image-data)",
        '## 2) <a id="image"></a>Image <em>Data</em>',
        "## 2\\) _Image Data_",
        "## 2) `Image` Data ##",
    ],
)
def test_a_section_heading_with_inline_markup_is_still_its_section(heading: str) -> None:
    """Markdown shows "2) Image Data" for each of these headings; read with its markup left in
    (the block parser does not read inline markup), the section was unknown: every proposal
    for it waited, and lint asked for a section name the heading already showed."""
    text = "## 1) Clinical Data\n\n" + HEADER + "\n" + heading + "\n\n" + HEADER + UNI
    catalog = parse_catalog(text)
    assert [(s.title, s.number) for s in catalog.sections] == [
        ("Clinical Data", 1),
        ("Image Data", 2),
    ]
    assert codes(text) == []
    inserted = insert_candidates(text, [conch()])
    assert [c.work_id for c in inserted.inserted] == ["w-conch"] and inserted.skipped == []
    assert inserted.text.startswith(text)  # every byte kept, the row added below the last
    assert inserted.text[len(text) :].startswith("| CONCH | [A visual-language foundation")


def test_a_byte_order_mark_before_the_first_section_loses_nothing() -> None:
    text = "\ufeff## 1) Image Data\n\n" + HEADER + UNI
    catalog = parse_catalog(text)
    assert [(s.title, s.heading_line) for s in catalog.sections] == [("Image Data", 1)]
    assert [e.line for e in catalog.entries()] == [5]
    assert codes(text) == []
    new = insert_candidates(text, [conch()]).text
    assert new.startswith(text) and new.count("\ufeff") == 1


def test_a_badge_linking_the_weights_is_a_link_not_a_nested_one() -> None:
    row = (
        "| UNI | [Towards a general-purpose foundation model for computational pathology]"
        "(https://doi.org/10.1038/s41591-024-02857-3) | - | [![HF](https://img.shields.io/badge/"
        "HF-UNI-yellow)](https://huggingface.co/MahmoodLab/UNI) | n |\n"
    )
    text = "## 1) Image Data\n\n" + HEADER + row
    assert codes(text) == []
    [entry] = parse_catalog(text).entries()
    assert entry.weights_url == "https://huggingface.co/MahmoodLab/UNI"


def test_a_url_in_a_link_title_is_not_where_the_link_goes() -> None:
    row = (
        "| UNI | [Towards a general-purpose foundation model](https://doi.org/10.1038/s41591-024-"
        '02857-3 "mirror at https://elsewhere.example.org/x") | - | - | n |\n'
    )
    text = "## 1) Image Data\n\n" + HEADER + row
    [entry] = parse_catalog(text).entries()
    assert entry.paper_url == "https://doi.org/10.1038/s41591-024-02857-3"
    assert entry.keys == {"doi:10.1038/s41591-024-02857-3"}
    assert codes(text) == []


def test_template_links_and_tracking_noise_people_leave_in_rows() -> None:
    def row(paper: str, code: str = "-") -> str:
        return f"| X | [A new model](https://{paper}) | {code} | - | n |\n"

    for paper, code in [
        ("arxiv.org/abs/2401.00001", "[your repo](https://github.com/your-username/your-repo)"),
        ("arxiv.org/abs/xxxx.xxxxx", "-"),
        ("doi.org/10.xxxx/xxxxx", "-"),
    ]:
        text = "## 1) Image Data\n\n" + HEADER + row(paper, code)
        assert (5, ERROR, "placeholder-url") in codes(text), paper
    for paper in [
        "www.sciencedirect.com/science/article/pii/S1361841524001270?via%3Dihub",
        "www.nature.com/articles/s41591-024-02857-3?error=cookies_not_supported",
        "scholar.archive.org/x?casa_token=abc",
    ]:
        text = "## 1) Image Data\n\n" + HEADER + row(paper)
        assert any(c == "tracking-noise" for _, _, c in codes(text)), paper


def test_a_paper_link_in_the_weights_column_is_in_the_wrong_column() -> None:
    row = (
        "| X | [A new model](https://arxiv.org/abs/2401.00001) | - | "
        "[weights](https://arxiv.org/abs/2401.00001) | n |\n"
    )
    text = "## 1) Image Data\n\n" + HEADER + row
    assert (5, ERROR, "wrong-column") in codes(text)


def test_reference_style_links_name_their_work() -> None:
    rows = (
        "| CONCH | [A visual-language foundation model for computational pathology][conch] "
        "| - | - | n |\n"
        "| UNI | [UNI paper][] | - | - | n |\n"
        "| Nope | [A paper whose link was never defined][missing] | - | - | n |\n"
    )
    text = (
        "## 1) Image Data\n\n" + HEADER + rows + "\n"
        "[Conch]: https://doi.org/10.1038/s41591-024-02856-4\n"
        '[uni  paper]: <https://doi.org/10.1038/s41591-024-02857-3> "Nature Medicine"\n'
    )
    conch_row, uni_row, nope_row = parse_catalog(text).entries()
    assert conch_row.keys == {"doi:10.1038/s41591-024-02856-4"}
    assert uni_row.keys == {"doi:10.1038/s41591-024-02857-3"}
    assert nope_row.keys == set()
    assert [(line, c) for line, _, c in codes(text)] == [(7, "missing-paper")]
    assert insert_candidates(text, [conch()]).inserted == []  # known: not proposed again


def test_a_preprint_row_and_its_journal_version_row_are_one_work_twice() -> None:
    rows = (
        "| Prov-GigaPath | [A whole-slide foundation model for digital pathology]"
        "(https://arxiv.org/abs/2408.00738) | - | - | n |\n"
        "| Prov GigaPath | [A whole-slide foundation model for digital pathology from real-world "
        "data](https://doi.org/10.1038/s41586-024-07441-w) | - | - | n |\n"
    )
    text = "## 1) Image Data\n\n" + HEADER + rows
    known = {"arxiv:2408.00738": "10.1038/s41586-024-07441-w"}
    found = [f for f in lint_catalog(text, known) if f.code == "duplicate-entry"]
    assert [f.line for f in found] == [6]
    assert "the same paper (doi:10.1038/s41586-024-07441-w)" in found[0].message
    assert "the same name" in found[0].message  # "Prov GigaPath" is "Prov-GigaPath"


def test_a_table_in_a_list_item_or_a_block_quote_takes_rows_as_its_own() -> None:
    """New rows keep the indentation or "> " markers of the row they follow: without them they
    fall outside the table (Markdown shows a line of pipes) while being counted as proposed."""
    table = (HEADER + UNI).splitlines()
    for prefix, before in (("  ", "- the table of image models:\n\n"), ("> ", "")):
        text = "## 1) Image Data\n\n" + before + "".join(f"{prefix}{line}\n" for line in table)
        assert [e.name for e in parse_catalog(text).entries()] == ["UNI"]
        new = insert_candidates(text, [conch()]).text
        assert new.startswith(text)
        assert new.splitlines()[-1].startswith(prefix + "| CONCH |")
        assert [e.name for e in parse_catalog(new).entries()] == ["UNI", "CONCH"]
        assert codes(new) == []


def test_rows_that_did_not_become_rows_of_the_table_are_never_claimed_as_proposed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The safety net behind the shapes above: should a table shape not foreseen take rows
    outside itself, the proposal stops with one line instead of claiming them."""
    import fmwatch.catalog as catalog_mod

    real = catalog_mod.insert_rows

    def beside_the_table(text: str, title: str, rows: list[str]) -> str:
        return real(text, title, rows).replace("\n| CONCH", "\n\n<!-- -->\n| CONCH")

    monkeypatch.setattr(catalog_mod, "insert_rows", beside_the_table)
    with pytest.raises(CatalogError, match="did not become rows of its table"):
        insert_candidates("## 1) Image Data\n\n" + HEADER + UNI, [conch()])


def test_other_pipe_lines_near_a_table_are_not_rows_and_stop_nothing() -> None:
    """A legend under the table, a pipe line in a list item, prose that starts with a pipe:
    not rows of the table (only lines shaped as its rows, right after it, are), so they hold
    back no proposal and lint invents no entries."""
    catalog = (Path(__file__).resolve().parent.parent / "CATALOG.md").read_text("utf-8")
    marker = "## 2) Image Data"
    extra = (
        "\n| ✅ weights public | 🔒 on request |\n\n"
        "- a note: | not | a | row | of | it |\n\n"
        "| see | the | paper | for | details |\n"
    )
    text = catalog.replace(marker, extra.lstrip("\n") + "\n" + marker, 1)
    before = [e.name for e in parse_catalog(catalog).entries()]
    assert [e.name for e in parse_catalog(text).entries()] == before
    assert [c for _, severity, c in codes(text) if severity == ERROR] == []
    assert [c.work_id for c in insert_candidates(text, [virchow()]).inserted] == ["w-virchow"]


def test_other_models_named_alike_and_subheadings_are_not_defects() -> None:
    rows = (
        "| PathChat | [A multimodal generative AI copilot for human pathology]"
        "(https://doi.org/10.1038/s41586-024-07618-3) | - | - | n |\n"
        "| PathChat+ | [A pathology copilot trained on a million more instructions]"
        "(https://arxiv.org/abs/2506.20964) | - | - | n |\n"
    )
    text = "## 1) Image Data\n\n### Image\n\n" + HEADER + rows
    assert codes(text) == []


def test_a_row_template_rewritten_to_the_table_s_order_is_taken_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Curators whose table reads Paper | Name | … may have rewritten the row template to match
    (the package's templates are theirs to edit): such a row is not laid out a second time."""
    import fmwatch.proposals as proposals_mod

    real = proposals_mod.render

    def paper_first(template: str, **values: object) -> str:
        cells = real(template, **values).strip().strip("|").split(" | ")
        return "| " + " | ".join([cells[1], cells[0], *cells[2:]]) + " |"

    monkeypatch.setattr(proposals_mod, "render", paper_first)
    header = "| Paper | Name | GitHub | Model weight | Note |\n|---|---|---|---|---|\n"
    new = insert_candidates("## 1) Image Data\n\n" + header, [conch()]).text
    [entry] = parse_catalog(new).entries()
    assert (entry.name, entry.paper_url) == ("CONCH", "https://doi.org/10.1038/s41591-024-02856-4")


def test_a_weights_column_named_with_model_is_not_the_name_column() -> None:
    header = "| Model weights | Name | Paper | GitHub | Note |\n|---|---|---|---|---|\n"
    new = insert_candidates("## 1) Image Data\n\n" + header, [conch()]).text
    [entry] = parse_catalog(new).entries()
    assert (entry.name, entry.weights_url) == ("CONCH", "https://huggingface.co/MahmoodLab/CONCH")
    assert new.splitlines()[-1].startswith("| [HF](https://huggingface.co/MahmoodLab/CONCH) |")


def test_a_cut_off_row_missing_a_cell_or_after_a_long_comment_is_still_catalogued() -> None:
    short = (
        "| CONCH | [A visual-language foundation model for computational pathology]"
        "(https://doi.org/10.1038/s41591-024-02856-4) | - | - |\n"
    )
    comment = "<!-- rows below\n     were moved here\n-->\n"
    for between, row in (("\n", short), (comment, CONCH)):
        text = "## 1) Image Data\n\n" + HEADER + UNI + between + row
        assert [e.name for e in parse_catalog(text).entries()] == ["UNI", "CONCH"]
        assert any(c == "stray-row" for _, _, c in codes(text))
        assert insert_candidates(text, [conch()]).inserted == []


def test_a_paper_and_code_column_is_the_paper_column() -> None:
    header = "| Name | Paper / code | Weights | Note |\n|---|---|---|---|\n"
    row = "| UNI | [Towards a general-purpose model](https://doi.org/10.1038/s41591-024-02857-3) | - | n |\n"  # noqa: E501
    [entry] = parse_catalog("## 1) Image Data\n\n" + header + row).entries()
    assert entry.keys == {"doi:10.1038/s41591-024-02857-3"}


def test_a_legend_row_under_one_table_holds_back_only_that_section() -> None:
    """Written right under the table (no blank line), a legend is a row of one cell: that
    section's candidates wait for the fix; the other sections' go in."""
    text = (
        "## 1) Clinical Data\n\n" + HEADER + "| ✅ = weights public |\n"
        "\n## 2) Image Data\n\n" + HEADER + UNI
    )
    insertion = insert_candidates(text, [conch("Clinical Data"), virchow("Image Data")])
    assert [c.work_id for c in insertion.inserted] == ["w-virchow"]
    assert insertion.unplaced == [
        "w-conch: the catalog's row at line 5 has 1 cells, not as many as its table's columns "
        "(section 'Clinical Data'); fix that row (`fmwatch catalog lint` lists such rows)"
    ]
