"""The catalog as data: parsing (tolerant), inserting rows (byte-faithful), escaping (hostile)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from fmwatch.catalog import (
    SECTIONS,
    escape_cell,
    find_links,
    insert_rows,
    load_catalog,
    parse_catalog,
    render_link,
    render_row,
    section_for,
    split_row,
    unescape_markdown,
)
from fmwatch.errors import CatalogError

ROOT = Path(__file__).resolve().parents[1]
SEED_LIKE = Path(__file__).parent / "fixtures" / "catalog" / "seed-like.md"


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


# -- the live catalog -----------------------------------------------------------------------------


def test_live_catalog_has_every_section_in_order_and_every_seed_entry() -> None:
    catalog = load_catalog(ROOT / "CATALOG.md")
    assert [s.title for s in catalog.sections] == list(SECTIONS)
    assert [s.number for s in catalog.sections] == [1, 2, 3, 4, 5, 6]
    assert [len(s.entries) for s in catalog.sections] == [1, 9, 5, 5, 4, 1]
    for section in catalog.sections:
        assert section.columns == ["Name", "Paper", "GitHub", "Model weight", "Note"]
        for entry in section.entries:
            assert entry.paper_url and entry.keys, entry.name
            assert entry.paper_title and entry.paper_title.lower() not in ("sciencedirect", "hf")
            assert all(cell.strip() not in ("", "—", "–") for cell in entry.cells)


def test_live_catalog_repairs_the_seed_defects() -> None:
    catalog = load_catalog(ROOT / "CATALOG.md")
    by_name = {e.name: e for e in catalog.entries() if e.name}
    assert by_name["IRENE"].code_url == "https://github.com/RL4M/IRENE"
    assert by_name["Virchow2"].code_url is None
    assert by_name["Virchow2"].weights_url == "https://huggingface.co/paige-ai/Virchow2"
    assert by_name["SToFM"].paper_url == "https://arxiv.org/pdf/2507.11588"
    assert by_name["GMAI"].keys == {"doi:10.1038/s41586-023-05881-4"}
    assert by_name["Foresight"].paper_title.startswith("Foresight—a generative pretrained")
    for entry in catalog.entries():
        for url in entry.urls:
            assert "#" not in url and "utm_" not in url and "usp=" not in url, url


# -- parsing the seed's shapes --------------------------------------------------------------------


def test_seed_like_catalog_parses_with_line_numbers() -> None:
    text = SEED_LIKE.read_text(encoding="utf-8")
    catalog = parse_catalog(text)
    assert [s.title for s in catalog.sections] == list(SECTIONS)
    assert [s.number for s in catalog.sections] == [1, 2, 3, 3, 3, 3]
    image = catalog.section("2) image data")
    assert image is not None and image.columns[3] == "Model weight"
    assert image.heading_line == line_of(text, "## 2) Image Data")
    assert image.header_line == image.heading_line + 3
    assert image.end_line == line_of(text, "Virchow 2 again")
    genomic = catalog.section("Genomic data")
    assert genomic is not None
    stofm = genomic.entries[0]
    assert stofm.line == line_of(text, "| SToFM |")
    assert stofm.name == "SToFM"
    assert stofm.paper_title == "SToFM: a Multi-scale Foundation Model for Spatial Transcriptomics"
    assert stofm.paper_url == "https://arxiv.org/pdf/2507.11588"
    assert stofm.keys == {"arxiv:2507.11588"}
    assert stofm.code_url == "https://github.com/PharMolix/SToFM/tree/main"
    assert stofm.weights_url is not None and stofm.weights_url.startswith(
        "https://drive.google.com/"
    )
    assert "https://paper.link" in stofm.urls and "https://huggingface.co/org/model" in stofm.urls


def test_missing_spaces_trailing_pipes_and_em_dashes_are_tolerated() -> None:
    catalog = parse_catalog(SEED_LIKE.read_text(encoding="utf-8"))
    multimodal = catalog.section("Multimodal data")
    assert multimodal is not None
    threads = multimodal.entries[1]
    assert threads.name == "THEADS" and threads.keys == {"arxiv:2501.16652"}
    assert threads.code_url is None and threads.weights_url is None
    foresight = catalog.entries()[0]
    assert foresight.weights_url is None and foresight.paper_title == "ScienceDirect"
    assert foresight.keys == {"pii:s2589750024000256"}
    assert all(len(e.cells) == 5 for e in catalog.entries())
    reviews = catalog.section("review paper")
    assert reviews is not None
    assert reviews.entries[-1].name == ""
    assert reviews.entries[-1].paper_title.startswith("Overcoming barriers")


@pytest.mark.parametrize(
    ("cell", "url", "urls", "problem"),
    [
        ("[t](https://a.org/x)", "https://a.org/x", ["https://a.org/x"], None),
        (
            "[HF]([https://huggingface.co/org/model](https://drive.google.com/d/1))",
            "https://drive.google.com/d/1",
            ["https://huggingface.co/org/model", "https://drive.google.com/d/1"],
            "nested",
        ),
        (
            "[Title](https://paper.link](https://arxiv.org/pdf/2507.11588)",
            "https://arxiv.org/pdf/2507.11588",
            ["https://paper.link", "https://arxiv.org/pdf/2507.11588"],
            "malformed",
        ),
        ("https://github.com/a/b", "https://github.com/a/b", ["https://github.com/a/b"], "bare"),
        ("<https://github.com/a/b>", "https://github.com/a/b", ["https://github.com/a/b"], None),
        (
            "[Lancet](https://doi.org/10.1016/S0140-6736(23)01234-5)",
            "https://doi.org/10.1016/S0140-6736(23)01234-5",
            ["https://doi.org/10.1016/S0140-6736(23)01234-5"],
            None,
        ),
    ],
)
def test_find_links_tolerates_malformed_shapes(
    cell: str, url: str, urls: list[str], problem: str | None
) -> None:
    (link,) = find_links(cell)
    assert (link.url, link.urls, link.problem) == (url, urls, problem)


def test_split_row_keeps_escaped_pipes_inside_cells() -> None:
    assert split_row("| a \\| b | c |") == ["a \\| b", "c"]
    assert split_row("|x|y|  ") == ["x", "y"]
    assert split_row("a | b") == ["a", "b"]


def test_section_lookup_is_case_and_numbering_tolerant() -> None:
    assert section_for("3) genomic DATA") == "Genomic data"
    assert section_for("Review") == "Review paper"
    assert section_for("Unknown stuff") is None
    catalog = parse_catalog(SEED_LIKE.read_text(encoding="utf-8"))
    found = catalog.section("  5)  BENCHMARK   paper ")
    assert found is not None and found.title == "Benchmark paper"
    assert catalog.section("Nonexistent") is None


@pytest.mark.parametrize(
    ("text", "sections", "orphan_tables"),
    [
        ("", [], []),
        ("no headings at all\n", [], []),
        ("## Lonely heading\n", [("Lonely heading", 0)], []),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", [], [1]),  # rows under no section: lint flags it
        ("\x00\r\r\n|", [], []),
    ],
)
def test_parse_never_fails_on_odd_files(
    text: str, sections: list[tuple[str, int]], orphan_tables: list[int]
) -> None:
    catalog = parse_catalog(text)
    assert [(s.title, len(s.entries)) for s in catalog.sections] == sections
    assert catalog.orphan_tables == orphan_tables


# -- loading --------------------------------------------------------------------------------------


def test_load_catalog_names_a_missing_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / "nope.md")
    message = str(info.value)
    assert "nope.md not found" in message and "FMWATCH_CATALOG" in message
    assert "\n" not in message


def test_load_catalog_rejects_non_utf8_and_directories(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes("## 1) Clinical Data\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError, match=r"is not UTF-8 text .*re-save it as UTF-8"):
        load_catalog(bad)
    with pytest.raises(CatalogError, match="is a directory"):
        load_catalog(tmp_path)


# -- inserting rows -------------------------------------------------------------------------------

ROW = render_row(
    ["NewFM", render_link("A new model", "https://arxiv.org/abs/2601.00001"), "-", "-", "-"]
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_insert_rows_touches_no_other_byte(newline: str) -> None:
    text = SEED_LIKE.read_text(encoding="utf-8").replace("\n", newline)
    before = text.split(newline)
    result = insert_rows(text, "Genomic data", [ROW, ROW.replace("NewFM", "OtherFM")])
    after = result.split(newline)
    end = line_of(text, "| KRONOS |")
    assert after[:end] == before[:end]
    assert after[end : end + 2] == [ROW, ROW.replace("NewFM", "OtherFM")]
    assert after[end + 2 :] == before[end:]
    assert result.count("\r\n") == (text.count("\r\n") + 2 if newline == "\r\n" else 0)
    reparsed = parse_catalog(result).section("Genomic data")
    assert reparsed is not None and [e.name for e in reparsed.entries][-2:] == ["NewFM", "OtherFM"]


def test_insert_rows_at_the_end_of_a_file_without_final_newline() -> None:
    text = (
        "## 1) Clinical Data\n\n| Name | Paper |\n|---|---|\n| A | [t](https://arxiv.org/abs/1) |"
    )
    result = insert_rows(text, "Clinical Data", ["| B | - |"])
    assert result == text + "\n| B | - |"


def test_insert_rows_into_an_empty_table_goes_after_the_separator() -> None:
    text = "## 5) Review paper\n\n| Name | Paper |\n|---|---|\n\n## 6) Benchmark paper\n"
    result = insert_rows(text, "Review paper", ["| R | - |"])
    assert (
        result
        == "## 5) Review paper\n\n| Name | Paper |\n|---|---|\n| R | - |\n\n## 6) Benchmark paper\n"
    )


def test_a_second_table_under_a_heading_keeps_its_rows_and_gets_none_of_ours() -> None:
    """Curators put a table of their own (other columns) under a section: new rows go into
    the section's first table, and the second's rows are read by its own header (not ragged)."""
    text = (
        "## 2) Image Data\n\n| Name | Paper |\n|---|---|\n| A | [t](https://arxiv.org/abs/1) |\n"
        "\n### Superseded models\n\n| Name | Paper | Why |\n|---|---|---|\n"
        "| Old | [o](https://arxiv.org/abs/2) | replaced |\n\n## 3) Genomic data\n"
    )
    section = parse_catalog(text).section("Image Data")
    assert section is not None and section.tables == 2 and section.ragged_rows == []
    assert [e.name for e in section.entries] == ["A", "Old"]
    result = insert_rows(text, "Image Data", ["| B | - |"])
    assert result == text.replace(
        "| A | [t](https://arxiv.org/abs/1) |\n",
        "| A | [t](https://arxiv.org/abs/1) |\n| B | - |\n",
    )


def test_insert_rows_refuses_unknown_sections_and_wrong_widths() -> None:
    text = SEED_LIKE.read_text(encoding="utf-8")
    with pytest.raises(CatalogError, match=r"no section 'Proteomics' .*add a '## N\) Proteomics'"):
        insert_rows(text, "Proteomics", [ROW])
    with pytest.raises(CatalogError, match="has 3 cells but its table has 5 columns"):
        insert_rows(text, "Image Data", ["| a | b | c |"])
    with pytest.raises(CatalogError, match="contains a line break"):
        insert_rows(text, "Image Data", ["| a | b | c | d |\n| e |"])
    with pytest.raises(CatalogError, match="has no table"):
        insert_rows("## 1) Clinical Data\n\ntext\n", "Clinical Data", ["| a |"])


# -- escaping hostile text ------------------------------------------------------------------------

HOSTILE = [
    "A | B | C",
    "`code` and ``more``",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "line one\nline two\r\n| new | row |",
    "<img src=x onerror=alert(1)>",
    "**bold** _em_ ~~strike~~ \\",
    "visit https://evil.example/path or www.evil.example",
    "tab\tand\x00nul\x1b[31m and \u202eoverride",
    "&lt;b&gt; &amp; entities &#124;",
    "<https://evil.example>",
    "trailing backslash \\",
]


def _links_and_html(markdown: str) -> tuple[int, int]:
    md = MarkdownIt("commonmark").enable("table")
    links = html = 0
    for token in md.parse(markdown):
        for child in token.children or []:
            links += child.type in ("link_open", "image")
            html += child.type == "html_inline"
        html += token.type == "html_block"
    return links, html


@pytest.mark.parametrize("title", HOSTILE)
def test_escaped_hostile_titles_stay_in_one_cell_and_make_no_link(title: str) -> None:
    cell = escape_cell(title)
    assert "\n" not in cell and "\r" not in cell
    assert not any(ord(ch) < 32 for ch in cell)
    text = SEED_LIKE.read_text(encoding="utf-8")
    links_before, html_before = _links_and_html(text)
    row = render_row([cell, render_link(title, "https://arxiv.org/abs/2601.00001"), "-", "-", cell])
    result = insert_rows(text, "Image Data", [row])
    catalog = parse_catalog(result)
    assert [s.title for s in catalog.sections] == [s.title for s in parse_catalog(text).sections]
    image = catalog.section("Image Data")
    assert image is not None
    added = image.entries[-1]
    assert len(added.cells) == len(image.columns)
    assert added.urls == ["https://arxiv.org/abs/2601.00001"]
    links_after, html_after = _links_and_html(result)
    assert links_after == links_before + 1  # only the paper link we rendered
    assert html_after == html_before
    assert "javascript:" not in result.replace("javascript\\:", "")


@pytest.mark.parametrize("title", HOSTILE)
def test_escaping_round_trips_to_the_visible_text(title: str) -> None:
    """What a reader sees is the title, less control characters, with whitespace collapsed."""
    visible = "".join(
        " " if ch.isspace() else "" if unicodedata.category(ch) in ("Cc", "Cf") else ch
        for ch in title
    )
    assert unescape_markdown(escape_cell(title)) == " ".join(visible.split())
    assert "|" not in escape_cell(title).replace("\\|", "")


@pytest.mark.parametrize(
    ("url", "rendered"),
    [
        ("https://arxiv.org/abs/2408.00738", "[T](https://arxiv.org/abs/2408.00738)"),
        ("http://a.org/x y(1)|z", "[T](http://a.org/x%20y%281%29%7Cz)"),
        ("javascript:alert(1)", "-"),
        ("JAVASCRIPT://alert(1)", "-"),
        ("data:text/html,<script>", "-"),
        ("ftp://a.org/x", "-"),
        ("https://a.org/\nx", "-"),
        ("//a.org/x", "-"),
        ("", "-"),
    ],
)
def test_render_link_only_links_http_urls(url: str, rendered: str) -> None:
    assert render_link("T", url) == rendered


def test_render_link_escapes_its_text() -> None:
    from markdown_it import MarkdownIt

    link = render_link("a](javascript:x)", "https://a.org")
    assert link == "[a\\](javascript\\:x)](https://a.org)"
    # the escaped bracket keeps the text from closing the link: one link, to the given URL
    html = MarkdownIt("commonmark").render(link)
    assert html.strip() == '<p><a href="https://a.org">a](javascript:x)</a></p>'


def test_entries_by_key_maps_each_work_key_to_its_first_row() -> None:
    text = (
        "## 1) Image Data\n\n| Name | Paper | GitHub | Model weight | Note |\n"
        "|---|---|---|---|---|\n"
        "| A | [t](https://arxiv.org/abs/2408.00738) | - | - | - |\n"
        "| B | [t](https://arxiv.org/pdf/2408.00738v2) | - | - | - |\n"
        "| C | [t](https://www.nature.com/articles/s41591-024-02857-3) | - | - | - |\n"
    )
    by_key = parse_catalog(text).entries_by_key()
    assert by_key["arxiv:2408.00738"].name == "A"
    assert by_key["doi:10.1038/s41591-024-02857-3"].name == "C"


@pytest.mark.parametrize(
    ("cell", "urls"),
    [
        ("[a [b] c](https://x.org/1)", ["https://x.org/1"]),
        ("[ [x](https://x.org/2)", ["https://x.org/2"]),  # an unclosed bracket before a link
        ("] [x](https://x.org/3) ]", ["https://x.org/3"]),
        ("\\[not a link\\](https://x.org/4)", ["https://x.org/4"]),  # escaped: a bare URL
        ("[t](https://doi.org/10.1/a(b)c) [u](https://x.org/5)", None),
    ],
)
def test_brackets_pair_as_markdown_nests_them(cell: str, urls: list[str] | None) -> None:
    found = find_links(cell)
    if urls is None:
        assert [link.url for link in found] == ["https://doi.org/10.1/a(b)c", "https://x.org/5"]
    else:
        assert [url for link in found for url in link.urls] == urls


def test_a_cell_of_unclosed_brackets_is_parsed_not_rescanned() -> None:
    """Brackets are paired in one pass per cell: 100,000 unclosed "[" (or "[a](") once took
    minutes, searching forward from every one of them; now they are simply no link."""
    assert find_links("[" * 100_000) == []
    assert find_links("[a](" * 25_000) == []
    row = "| Foo | " + "[" * 50_000 + " | - | - | " + "see [1 " * 20_000 + " |"
    text = (
        "## 1) Clinical Data\n\n| Name | Paper | GitHub | Model weight | Note |\n"
        f"|---|---|---|---|---|\n{row}\n"
    )
    (section,) = parse_catalog(text).sections
    assert section.entries[0].name == "Foo" and section.entries[0].urls == []


def test_escaped_brackets_in_link_text_are_not_a_nested_link() -> None:
    (link,) = find_links(r"[Fig. \[1\](a) results](https://x.org/1)")
    assert (link.url, link.problem) == ("https://x.org/1", None)


def test_many_links_and_unclosed_targets_in_one_cell_are_read_in_one_pass() -> None:
    assert len(find_links("[x](https://a.org/1) " * 20_000)) == 20_000
    (link,) = find_links("[a](" * 80_000 + " https://a.org/tail")
    assert (link.url, link.problem) == ("https://a.org/tail", "nested")


def test_links_shown_in_code_spans_are_not_links() -> None:
    """A code span shows Markdown rather than linking (as CommonMark reads it): a row that
    writes "`[code][repo]`" or "`[x](https://…)`" in a cell has no code link and no URL there;
    a code span inside a link's text is still the link's text, and an escaped backtick opens no
    code span."""
    text = (
        "## Image Data\n\n| Name | Paper | GitHub | Hugging Face | Note |\n|---|---|---|---|---|\n"
        "| UNI | [Paper][uni] | `[code][repo]` | - | write `[x](https://github.com/a/b)` |\n"
        "| CONCH | [`CONCH` paper](https://doi.org/10.1038/s41591-024-02856-4) | [code][repo] "
        "| - | `https://github.com/c/d` |\n\n"
        "[uni]: https://www.nature.com/articles/s41591-024-02857-3\n"
        "[repo]: https://github.com/mahmoodlab/UNI\n"
    )
    uni, conch = parse_catalog(text).entries()
    assert (uni.code_url, uni.urls) == (
        None,
        ["https://www.nature.com/articles/s41591-024-02857-3"],
    )
    assert (conch.paper_title, conch.code_url) == (
        "`CONCH` paper",
        "https://github.com/mahmoodlab/UNI",
    )
    assert "https://github.com/c/d" not in conch.urls
    assert [link.url for link in find_links("\\`[x](https://a.b/c)`")] == ["https://a.b/c"]
    assert find_links("\\\\`[x](https://a.b/c)`") == []  # (the backslash is the escaped one)
    assert find_links("`` a ` [x](https://a.b/c) ``") == []
