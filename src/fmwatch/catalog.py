"""The curated catalog as data: sections of Markdown tables, one row per work.

The catalog is a file humans edit by hand, so this module is tolerant where reading and strict
where writing. Reading: markdown-it-py (CommonMark plus GFM tables) finds the headings, tables
and their line numbers; each row's cells are then read from the source line itself, so that a
malformed link (``[HF]([https://a](https://b))``, ``[t](https://paper.link](https://real))``),
a missing space or a trailing pipe still yields the row and its URLs. Writing: rows are inserted
as whole lines after a section's last row and every other byte of the file, line endings
included, is kept; untrusted text goes through :func:`escape_cell` and :func:`render_link`.

Column roles are found from the header words ("GitHub" is code, "Hugging Face" or
"Model weight" is weights…) and fall back to the seed's order: Name, Paper, GitHub, weights,
Note.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from fmwatch.errors import CatalogError
from fmwatch.identity import link_kind, work_keys_from_url
from fmwatch.models import SECTIONS

#: What the catalog writes in a cell that has nothing; the others are read as empty too.
EMPTY = "-"
EMPTY_MARKERS = frozenset({"", "-", "—", "–", "--", "n/a", "N/A"})

#: Column roles, in the seed's order (the fallback when a header word is unknown).
ROLES: tuple[str, ...] = ("name", "paper", "code", "weights", "note")
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "model"),
    "paper": ("paper", "publication", "article", "title"),
    "code": ("github", "code", "repo", "repository", "gitlab"),
    "weights": ("hugging face", "huggingface", "weight", "checkpoint", "hf", "download"),
    "note": ("note", "notes", "description", "summary", "comment"),
}
_ROLE_PRECEDENCE = ("paper", "code", "weights", "note", "name")

_NUMBERING_RE = re.compile(r"^\s*(?P<n>\d+)\s*[.)]\s*")
_URL_RE = re.compile(r"https?://[^\s<>\[\]()|\"'`]+(?:\([^\s<>\[\]()|\"'`]*\)[^\s<>\[\]()|\"'`]*)*")
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass
class Link:
    """One link found in a cell, with what was wrong with its syntax, if anything.

    ``url`` is the target a reader meant: for a nested or doubled link it is the last URL, which
    in every malformed row of the seed is the real one (the first is a placeholder or a copy).
    """

    text: str
    url: str
    urls: list[str]
    problem: str | None = None  # None | "nested" | "malformed" | "bare"


@dataclass
class CatalogEntry:
    section: str
    name: str
    paper_title: str
    paper_url: str | None
    code_url: str | None
    weights_url: str | None
    note: str
    line: int
    cells: list[str]
    urls: list[str]
    keys: set[str]
    #: links per role ("paper", "code", "weights", "name", "note"), for the linter
    links: dict[str, list[Link]] = field(default_factory=dict)


@dataclass
class Section:
    title: str
    heading: str
    heading_line: int
    header_line: int | None
    columns: list[str]
    entries: list[CatalogEntry]
    end_line: int
    number: int | None = None
    separator_line: int | None = None
    #: line numbers of rows whose cell count differs from the header's
    ragged_rows: list[tuple[int, int]] = field(default_factory=list)
    #: how many tables sit under this heading (the catalog has one each)
    tables: int = 0
    #: the last line of the first table under the heading (its last row, or its separator):
    #: where new rows go when a curator has put a second table under the heading
    first_table_end: int = 0
    #: line numbers of rows cut off from the table above by a blank line or an HTML comment:
    #: Markdown renders them as a paragraph of pipes. They are read as rows all the same (their
    #: works are catalogued), and lint reports them
    stray_rows: list[int] = field(default_factory=list)
    #: those of them indented by a tab or four spaces (Markdown shows them as code)
    indented_rows: list[int] = field(default_factory=list)
    #: the line of a header row whose separator row is broken (no table was made of them)
    broken_table: int | None = None


@dataclass
class Catalog:
    sections: list[Section]
    #: line-ending style of the file ("\n" or "\r\n"), for writers
    newline: str = "\n"
    #: first lines of tables above every level-2 heading: their rows belong to no section and
    #: are not read (lint says so)
    orphan_tables: list[int] = field(default_factory=list)
    #: (line, heading) of headings of another level than 2 that name a catalog section
    #: ("### 2) Image Data"): their tables are read as part of the section above (lint says so)
    misleveled: list[tuple[int, str]] = field(default_factory=list)

    def entries(self) -> list[CatalogEntry]:
        return [entry for section in self.sections for entry in section.entries]

    def entries_by_key(self) -> dict[str, CatalogEntry]:
        """Each work key of the catalog and the first row that carries it."""
        by_key: dict[str, CatalogEntry] = {}
        for entry in self.entries():
            for key in entry.keys:
                by_key.setdefault(key, entry)
        return by_key

    def section(self, title: str) -> Section | None:
        """The section named ``title``: canonical name, heading or either without numbering."""
        wanted = _fold(strip_numbering(title))
        for section in self.sections:
            if _fold(section.title) == wanted or _fold(strip_numbering(section.heading)) == wanted:
                return section
        return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


_SECTION_TITLES = frozenset(_fold(title) for title in SECTIONS)


def strip_numbering(heading: str) -> str:
    """``"3) Genomic data"`` -> ``"Genomic data"``."""
    return _NUMBERING_RE.sub("", heading).strip()


def heading_number(heading: str) -> int | None:
    match = _NUMBERING_RE.match(heading)
    return int(match.group("n")) if match else None


#: inline markup a heading may carry around its words: a link or image (its text kept), an HTML
#: tag (an autolink, "<https://…>", and an HTML comment are left as written)
_HEADING_LINK_RE = re.compile(r"!?\[([^\]]{0,500})\](?:\([^)]{0,2000}\)|\[[^\]]{0,500}\])")
_HEADING_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,500})?/?>")
#: emphasis and code markers: ``*``/``~`` runs and backticks anywhere, ``_`` runs at a word's edge
_HEADING_MARKS_RE = re.compile(r"(?<!\\)(?:[*~`]+|(?<![\w\\])_+|_+(?!\w))")


def heading_text(heading: str) -> str:
    """A heading's words as a reader sees them: ``"1) **Image Data**"``, ``"1) [Image
    Data](#image-data)"``, ``"1\\) <em>Image</em> Data"`` -> ``"1) Image Data"`` (the block
    parser leaves inline markup in place)."""
    text = _HEADING_LINK_RE.sub(r"\1", heading)
    text = _HEADING_TAG_RE.sub("", text)
    text = _HEADING_MARKS_RE.sub("", text)
    return " ".join(unescape_markdown(text).split())


def section_for(name: str) -> str | None:
    """The canonical section title for a heading, a section name in any case, or a role word.

    ``"3) genomic DATA"`` -> ``"Genomic data"``; ``"review"`` -> ``"Review paper"``.
    """
    wanted = _fold(strip_numbering(name))
    for title in SECTIONS:
        folded = _fold(title)
        if wanted in (folded, folded.split()[0]):
            return title
    return None


def column_roles(columns: list[str]) -> dict[str, int]:
    """Which column holds each role; unknown headers take the seed's position for that role."""
    roles: dict[str, int] = {}
    for index, column in enumerate(columns):
        folded = _fold(column)
        # (the name last: "Model weights" is the weights column, not the name's; "Paper /
        # code" is the paper's)
        for role in _ROLE_PRECEDENCE:
            words = _ROLE_WORDS[role]
            if role not in roles and any(
                folded == w or re.search(rf"\b{re.escape(w)}", folded) for w in words
            ):
                roles[role] = index
                break
    taken = set(roles.values())
    for position, role in enumerate(ROLES):
        if role not in roles and position < len(columns) and position not in taken:
            roles[role] = position
            taken.add(position)
    return roles


# -- cells and links ------------------------------------------------------------------------------


_QUOTE_MARKERS_RE = re.compile(r"^(?:>[ \t]?)+")


def split_row(line: str) -> list[str]:
    """The cells of a table row, as GFM splits them: on every pipe not escaped by a backslash
    (a table inside a block quote: after its "> " markers)."""
    text = line.strip()
    if text.startswith(">"):
        text = _QUOTE_MARKERS_RE.sub("", text)
    cells: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|") and cells:
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def unescape_markdown(text: str) -> str:
    """Text as a reader sees it: backslash escapes removed (the inverse of :func:`escape_cell`)."""
    return _MD_ESCAPE_RE.sub(r"\1", text)


def is_empty_cell(cell: str) -> bool:
    return cell.strip() in EMPTY_MARKERS


def _bracket_pairs(text: str) -> dict[int, int]:
    """For every ``[`` and ``(`` of ``text``, the index of the bracket of the same kind that
    closes it (nesting counted per kind; escaped brackets do not count); unclosed ones are
    absent. One pass with a stack per kind: a cell of 20,000 unclosed brackets is linear work,
    where searching forward from each of them was quadratic (minutes)."""
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closing = {"]": "[", ")": "("}
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in stacks:
            stacks[ch].append(i)
        elif ch in closing:
            stack = stacks[closing[ch]]
            if stack:
                pairs[stack.pop()] = i
        i += 1
    return pairs


_BACKTICKS_RE = re.compile(r"`+")
#: "](" not escaped: where a link's text itself holds a link ("[[Title](url)](url2)").
_UNESCAPED_LINK_JOIN_RE = re.compile(r"(?<!\\)\]\(")
#: An image (a badge: "[![HF](https://img.shields.io/…)](https://huggingface.co/…)"), which a
#: link's text may hold
_IMAGE_RE = re.compile(r"!\[[^\]]{0,500}\]\([^)]{0,2000}\)")


def _without_code_spans(text: str) -> str:
    """``text`` with each code span (a run of backticks up to the next run of as many, as
    CommonMark reads them) blanked to spaces of its length: "`[x](https://…)`" shows a link's
    Markdown, it is no link. Positions are kept, so slices of ``text`` still match. The runs are
    found once and paired by length (a cell of runs of every length stays linear work)."""
    if "`" not in text:
        return text
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    out = list(text)
    index = 0
    while index < len(runs):
        start, end = runs[index]
        before = start
        while before > 0 and text[before - 1] == "\\":
            before -= 1
        # (an escaped backtick is literal; the rest of its run may open a span)
        opens_at = start + (start - before) % 2
        same = by_length.get(end - opens_at, [])
        later = bisect.bisect_right(same, index)
        if opens_at == end or later == len(same):
            index += 1  # an unclosed run is literal backticks
            continue
        close = runs[same[later]][1]
        out[opens_at:close] = " " * (close - opens_at)
        index = same[later] + 1
    return "".join(out)


def find_links(cell: str) -> list[Link]:
    """Every link in a cell, tolerating the malformed shapes hand-edited catalogs contain (not
    one inside a code span, which shows Markdown rather than linking)."""
    original = cell
    cell = _without_code_spans(cell)
    links: list[Link] = []
    i = 0
    covered: list[tuple[int, int]] = []
    pairs = _bracket_pairs(cell) if "[" in cell else {}
    last_paren = cell.rfind(")")
    barren_from, barren_end = len(cell), -1
    while i < len(cell):
        if cell[i] == "\\":
            i += 2
            continue
        if cell[i] != "[":
            i += 1
            continue
        close = pairs.get(i, -1)
        if close == -1 or close + 1 >= len(cell) or cell[close + 1] != "(":
            i += 1
            continue
        text = cell[i + 1 : close]
        paren = close + 1
        end = pairs.get(paren, -1)
        balanced = end != -1
        if not balanced:
            end = last_paren if last_paren > paren else len(cell)
            if barren_end == end and paren > barren_from:
                # a tail of an unclosed target already seen to hold no URL holds none either:
                # "[a](" repeated thousands of times is not rescanned from every one
                i = close + 1
                continue
        target = cell[paren + 1 : end]
        urls = _URL_RE.findall(target)
        if not urls:
            if not balanced:
                barren_from, barren_end = paren, end
            i = close + 1
            continue
        problem: str | None = None
        stripped = target.strip()
        if stripped.startswith("<") and ">" in stripped:
            destination = stripped[1 : stripped.index(">")].strip()  # CommonMark's <…> form
        else:
            destination = stripped.split()[0]
        if (
            balanced
            and len(urls) > 1
            and destination == urls[0]
            and stripped[len(destination) :].strip()[:1] in ('"', "'", "(")
        ):
            # [text](url "title"): a URL inside the title is not where the link goes
            urls = [destination]
        if stripped.startswith("[") or _UNESCAPED_LINK_JOIN_RE.search(_IMAGE_RE.sub("", text)):
            problem = "nested"  # a link in the target, or in the link's text (not a badge)
        elif not balanced and len(urls) == 1 and "](" not in stripped:
            problem = "unclosed"
        elif not balanced or len(urls) > 1 or "](" in stripped or destination != urls[0]:
            problem = "malformed"
        shown = original[i + 1 : close] if cell is not original else text
        links.append(Link(text=shown.strip(), url=urls[-1], urls=urls, problem=problem))
        covered.append((i, end + 1))
        i = end + 1
    # Bare URLs outside any link (a row that lost its brackets) still count. (``covered`` is in
    # order and its spans do not overlap: one bisection per URL, not one scan of every link.)
    starts = [a for a, _ in covered]
    for match in _URL_RE.finditer(cell):
        k = bisect.bisect_right(starts, match.start()) - 1
        if not (k >= 0 and match.start() < covered[k][1]):
            url = match.group(0).rstrip(".,;")
            if match.start() > 0 and cell[match.start() - 1] == "<":
                links.append(Link(text=url, url=url, urls=[url]))
            else:
                links.append(Link(text=url, url=url, urls=[url], problem="bare"))
    return links


#: A link, for its text: lengths bounded so that a cell of thousands of unclosed brackets is
#: linear work (an unbounded ``[^\]]*`` rescans the rest of the cell from every bracket).
_LINK_TEXT_RE = re.compile(r"\[([^\]]{0,500})\]\([^)]{0,2000}\)\)?")


def cell_text(cell: str) -> str:
    """A cell's plain text: links reduced to their text, escapes removed, empty markers to ""."""
    if is_empty_cell(cell):
        return ""
    text = _LINK_TEXT_RE.sub(r"\1", cell)
    return unescape_markdown(text).strip()


# -- parsing ------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """Lines with their endings, split where markdown-it splits (``\\n``, ``\\r\\n``, ``\\r``)."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` as :attr:`CatalogEntry.line` numbers them (1-based), without their
    endings. Not ``str.splitlines``, which also breaks at form feeds, U+0085, U+2028 and other
    characters a pasted note can hold: every row after one would be read a line off."""
    return [line.rstrip("\r\n") for line in _lines(text)]


def detect_newline(text: str) -> str:
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"


#: A reference-style link, full ``[text][label]`` or collapsed ``[text][]``
_REFERENCE_LINK_RE = re.compile(r"(?<![\]\\!])\[([^\[\]]{1,500})\]\[([^\[\]]{0,500})\]")


def _inline_references(cell: str, references: Mapping[str, Mapping[str, Any]]) -> str:
    """``[text][label]`` and ``[text][]`` written as ``[text](url)`` when the file defines the
    label (``[label]: url`` below the table); labels match as CommonMark matches them."""

    def inline(match: re.Match[str]) -> str:
        label = " ".join((match.group(2) or match.group(1)).split()).casefold().upper()
        target = references.get(label)
        href = target.get("href") if target else None
        return f"[{match.group(1)}]({href})" if isinstance(href, str) and href else match.group(0)

    masked = _without_code_spans(cell)
    if masked is cell:
        return _REFERENCE_LINK_RE.sub(inline, cell)
    # (a reference inside a code span is literal: matches are found outside code spans only)
    parts: list[str] = []
    last = 0
    for match in _REFERENCE_LINK_RE.finditer(masked):
        parts.append(cell[last : match.start()])
        whole = _REFERENCE_LINK_RE.fullmatch(cell, match.start(), match.end())
        parts.append(inline(whole) if whole is not None else cell[match.start() : match.end()])
        last = match.end()
    parts.append(cell[last:])
    return "".join(parts)


def _entry_from_cells(
    section: str,
    cells: list[str],
    line: int,
    roles: dict[str, int],
    references: Mapping[str, Mapping[str, Any]] | None = None,
) -> CatalogEntry:
    if references:
        cells = [_inline_references(cell, references) if "][" in cell else cell for cell in cells]

    def cell(role: str) -> str:
        index = roles.get(role)
        return cells[index] if index is not None and index < len(cells) else ""

    links = {role: find_links(cell(role)) for role in ROLES}
    all_urls = [url for cell_ in cells for link in find_links(cell_) for url in link.urls]

    def first_url(role: str) -> str | None:
        return links[role][0].url if links[role] else None

    paper_links = links["paper"]
    paper_url = first_url("paper")
    if paper_links:
        paper_title = unescape_markdown(paper_links[0].text)
        if paper_links[0].problem == "bare":
            paper_title = ""
    else:
        paper_title = cell_text(cell("paper"))
    return CatalogEntry(
        section=section,
        name=cell_text(cell("name")),
        paper_title=" ".join(paper_title.split()),
        paper_url=paper_url,
        code_url=first_url("code"),
        weights_url=first_url("weights"),
        note=cell_text(cell("note")),
        line=line,
        cells=cells,
        urls=all_urls,
        keys=_row_keys(paper_links, links["name"], cell("name")),
        links=links,
    )


def _row_keys(paper_links: list[Link], name_links: list[Link], name_cell: str) -> set[str]:
    """The work keys of a row: every link of its Paper cell ("[journal title](…) · [arXiv](…)")
    names the work. When that cell links only pages that name no work (a PubMed page, a lab's
    site) and the Name cell is nothing but a paper link ("[CONCH](https://doi.org/…)", as
    curators often write), maybe with its year ("[CONCH](…) (2024)"), that link names it
    instead; not a Name cell that links another model it builds on ("[UNI](…)-Kidney"), nor a
    row whose Paper cell is empty or a repository (which says nothing of the paper)."""
    keys = _links_keys(paper_links)
    if (
        not keys
        and len(name_links) == 1
        and _only_a_link(cell_text(name_cell), unescape_markdown(name_links[0].text).strip())
        and _links_a_page(paper_links)
    ):
        keys = _links_keys(name_links)
    return keys


#: what may follow a Name cell's link and leave it the row's paper: its year, "(2024)"
_YEAR_AFTER_RE = re.compile(r"\s*\(\s*(?:19|20)\d\d[a-z]?\s*\)")


def _only_a_link(text: str, link_text: str) -> bool:
    """Whether a cell's text is its link's text alone, or followed by a year in parentheses."""
    return text == link_text or (
        text.startswith(link_text) and bool(_YEAR_AFTER_RE.fullmatch(text, len(link_text)))
    )


def _links_keys(links: list[Link]) -> set[str]:
    return set().union(*(work_keys_from_url(link.url) for link in links if link.url))


def _links_code_or_weights(entry: CatalogEntry) -> bool:
    """Whether an entry's Paper cell links code or weights only (a row shifted left by its
    missing first cells holds its GitHub or Hugging Face link there)."""
    urls = [url for link in entry.links["paper"] for url in link.urls]
    return bool(urls) and all(link_kind(url) in ("code", "weights") for url in urls)


def _links_a_page(links: list[Link]) -> bool:
    """Whether links of a cell go to a page (a paper, PubMed, a project page), not only to
    code, weights or a template's placeholder."""
    return any(link_kind(url) in ("paper", "other") for link in links for url in link.urls)


#: Block structure only (headings, tables and their line numbers): cells are split and their
#: links found by :func:`split_row` and :func:`find_links`, which tolerate the seed's malformed
#: links, so markdown-it's inline pass (three quarters of its time on a large catalog) is off.
_PARSER = MarkdownIt("commonmark").enable("table").disable("inline")


#: a line shaped as a table row: pipes at both ends, or (GFM's leading pipe being optional) a
#: first cell then pipes, ending in one
_STRAY_ROW_RE = re.compile(r" {0,3}(?:\||[^|\s][^|]*\|).*\|")
_SEPARATOR_LIKE_RE = re.compile(r"\s*\|?\s*:?-{3,}")


def _only_gap(lines: list[str], after_line: int, before_index: int) -> bool:
    """Whether only blank lines and HTML comments (of one line or several) lie between line
    ``after_line`` (1-based) and the line at index ``before_index``."""
    in_comment = False
    for line in lines[after_line:before_index]:
        text = line.strip()
        if in_comment:
            in_comment = "-->" not in text
        elif text.startswith("<!--"):
            in_comment = "-->" not in text[4:]
        elif text:
            return False
    return not in_comment


_FRONT_MATTER_RE = re.compile(
    r"---[ \t]*(?:\r\n|\r|\n)(?:.*(?:\r\n|\r|\n))*?---[ \t]*(?:\r\n|\r|\n|$)"
)


def _block_text(text: str) -> str:
    """``text`` as the block parser should see it, line for line: a byte-order mark and YAML
    front matter (which Markdown would read as a ``---`` rule and a setext heading) blanked."""
    if text.startswith("\ufeff"):
        text = text[1:]
    front = _FRONT_MATTER_RE.match(text)
    if front:
        blank = "".join(re.findall(r"\r\n|\r|\n", front.group(0)))
        text = blank + text[front.end() :]
    return text


def parse_catalog(text: str) -> Catalog:
    """Sections (level-2 headings) with the rows of the tables under them. Never raises."""
    lines = _lines(text)
    env: dict[str, Any] = {}
    tokens = _PARSER.parse(_block_text(text), env)
    references = env.get("references") or {}
    sections: list[Section] = []
    orphans: list[int] = []
    misleveled: list[tuple[int, str]] = []
    current: Section | None = None
    roles: dict[str, int] = {}
    width = 0
    table_start = -1
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            raw = tokens[i + 1].content.strip() if i + 1 < len(tokens) else ""
            heading = heading_text(raw)
            line = token.map[0] + 1
            if token.tag == "h2":
                current = Section(
                    title=section_for(heading) or strip_numbering(heading),
                    heading=heading,
                    heading_line=line,
                    header_line=None,
                    columns=[],
                    entries=[],
                    end_line=line,
                    number=heading_number(heading),
                )
                sections.append(current)
            elif _fold(strip_numbering(heading)) in _SECTION_TITLES:
                # (a catalog section's whole title: "### Image" under a section is a subheading)
                misleveled.append((line, heading))
        elif token.type == "table_open" and token.map and current is None:
            orphans.append(token.map[0] + 1)
        elif token.type == "table_open" and token.map and current is not None:
            current.tables += 1
            start = token.map[0]
            table_start = start
            header_cells = split_row(lines[start]) if start < len(lines) else []
            # (each table's rows are read by its own header: a second table under a heading,
            # which lint reports, may have other columns)
            width = len(header_cells)
            roles = column_roles(header_cells)
            if current.header_line is None:
                current.header_line = start + 1
                current.columns = header_cells
                current.separator_line = start + 2
                current.first_table_end = start + 2
            current.end_line = max(current.end_line, start + 2)
        elif token.type == "tr_open" and token.map and current is not None:
            row_index = token.map[0]
            if row_index >= table_start + 2 and row_index < len(lines):
                cells = split_row(lines[row_index])
                if len(cells) != width:
                    current.ragged_rows.append((row_index + 1, len(cells)))
                entry = _entry_from_cells(current.title, cells, row_index + 1, roles, references)
                current.entries.append(entry)
                current.end_line = row_index + 1
                if current.tables == 1:
                    current.first_table_end = row_index + 1
        elif token.type == "paragraph_open" and token.map and current is not None:
            first, last = token.map[0], min(token.map[1], len(lines))
            if current.header_line is None:
                if last - first >= 2 and _SEPARATOR_LIKE_RE.match(lines[first + 1]):
                    # a header and a separator row Markdown did not take for a table
                    current.broken_table = current.broken_table or first + 1
            elif token.level == 0 and _only_gap(lines, current.end_line, first):
                # rows a blank line or a comment cut off from the table above: not a table to
                # anyone reading it, but still the curators' rows (never propose their works
                # again). (They are read by the header of that table, the last read.)
                _stray_rows(current, lines, first, last, roles, width, references)
        elif (
            token.type == "code_block"
            and token.map
            and token.level == 0
            and current is not None
            and current.header_line is not None
            and _only_gap(lines, current.end_line, token.map[0])
        ):
            # rows indented by a tab or four spaces below the table: Markdown shows them as
            # code, but they are still the curators' rows
            first, last = token.map[0], min(token.map[1], len(lines))
            _stray_rows(current, lines, first, last, roles, width, references, indented=True)
    return Catalog(
        sections=sections,
        newline=detect_newline(text),
        orphan_tables=orphans,
        misleveled=misleveled,
    )


def _stray_rows(
    section: Section,
    lines: list[str],
    first: int,
    last: int,
    roles: dict[str, int],
    width: int,
    references: Mapping[str, Mapping[str, Any]] | None,
    *,
    indented: bool = False,
) -> None:
    """Read the lines ``first`` to ``last`` (indices) cut off below ``section``'s table as its
    rows, up to the first line that is not one: only lines shaped as the table's rows, or
    naming a paper (a legend of two cells is not a row). A row missing cells still names its
    paper: when its Paper column holds no paper link, the first cell that does is taken as the
    Paper column (a row that lost its first cells), and so is a cell linking a page of its own
    (a PubMed page) when the Paper column holds only the row's code or weights link.
    ``indented``: the lines of an indented code block, read without their indentation."""
    paper_at = roles.get("paper")
    for row_index in range(first, last):
        text = lines[row_index].lstrip(" \t") if indented else lines[row_index]
        if indented and not text.strip():
            continue  # (a code block runs on over blank lines)
        if not _STRAY_ROW_RE.match(text):
            break
        cells = split_row(text)
        entry = _entry_from_cells(section.title, cells, row_index + 1, roles, references)
        missing = width - len(cells)
        # (the Paper cell links a page of its own: a PubMed page, say, that names no work)
        links_page = _links_a_page(entry.links["paper"])
        named = bool(_links_keys(entry.links["paper"]))
        if not named and paper_at is not None and 0 < missing <= paper_at and not links_page:
            # (a row missing its first cells: its paper link sits as many cells left of the
            # Paper column as the row is short, and its code or weights link under the Paper
            # column; a caption naming a paper is not a row, nor a row whose Paper cell links
            # a page of its own)
            shifted = _entry_from_cells(
                section.title, [""] * missing + cells, row_index + 1, roles, references
            )
            # (its paper may be a page naming no work, a PubMed one, when its code or weights
            # link sits under the Paper column: the row is still a row, shifted)
            if _links_keys(shifted.links["paper"]) or (
                _links_a_page(shifted.links["paper"]) and _links_code_or_weights(entry)
            ):
                shifted.cells = cells  # (as written: lint counts them, not the padding)
                entry, named = shifted, True
        # (a row missing its note, or with a stray pipe in it, still names its paper; so does
        # one missing its note whose Paper cell links a page naming no work, by the paper link
        # of its Name cell)
        if len(cells) != width and not (named or (links_page and entry.keys and missing == 1)):
            break
        section.stray_rows.append(row_index + 1)
        if indented:
            section.indented_rows.append(row_index + 1)
        section.entries.append(entry)
        section.end_line = row_index + 1


def load_catalog(path: str | Path) -> Catalog:
    return parse_catalog(read_catalog_text(path))


def read_catalog_text(path: str | Path) -> str:
    """The catalog's text, or a one-line CatalogError saying why it cannot be read."""
    file = Path(path)
    if file.exists() and not file.is_file() and not file.is_dir():
        raise CatalogError(
            f"catalog {file} is not a regular file (a device or pipe?); give the path of the "
            "Markdown file"
        )
    try:
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError(
            f"catalog {file} not found; create it or point `catalog` in fmwatch.toml "
            "(or FMWATCH_CATALOG) at the catalog's Markdown file"
        ) from exc
    except IsADirectoryError as exc:
        raise CatalogError(
            f"catalog {file} is a directory; give the path of the Markdown file"
        ) from exc
    except OSError as exc:
        raise CatalogError(
            f"catalog {file} cannot be read ({exc.strerror}); check its permissions"
        ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"catalog {file} is not UTF-8 text (bad byte at offset {exc.start}); "
            "re-save it as UTF-8"
        ) from exc


# -- writing ------------------------------------------------------------------------------------

#: (Not parentheses: with both brackets escaped no link can open, and curators' own notes write
#: "(WSIs)" plainly; a bot row full of "\(" read unlike its neighbours.)
_ESCAPED = set("\\`*_[]<>|&~!")
_SCHEME_RE = re.compile(r"(?i)\b(https?|ftp|javascript|vbscript|data|file|mailto)(\s*):")
_WWW_RE = re.compile(r"(?i)\bwww\.")


def escape_cell(text: str) -> str:
    """Make untrusted text (a feed's title, a name) safe and inert inside one table cell.

    Why each step: a pipe would split the cell and shift every later column; a newline would end
    the row; brackets and angle brackets could build a link, an image or raw HTML
    (``](javascript:…)``, ``<script>``: with the brackets escaped, a parenthesis is only text);
    backticks, emphasis and ``&`` entities would change what
    the text says. Control and bidi-override characters are dropped so the raw file reads as it
    renders. Scheme-like words (``https:``, ``javascript:``) and ``www.`` are escaped so that no
    autolinking renderer turns the text into a link either.
    """
    kept: list[str] = []
    for ch in str(text):
        if ch in "\r\n\t\v\f\u2028\u2029\x85":
            kept.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(ch)
    plain = " ".join("".join(kept).split())
    escaped = "".join("\\" + ch if ch in _ESCAPED else ch for ch in plain)
    escaped = _SCHEME_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}\\:", escaped)
    return _WWW_RE.sub(lambda m: m.group(0)[:3] + "\\.", escaped)


_URL_UNSAFE = {
    " ": "%20",
    "(": "%28",
    ")": "%29",
    "<": "%3C",
    ">": "%3E",
    "|": "%7C",
    "[": "%5B",
    "]": "%5D",
    '"': "%22",
    "`": "%60",
    "\\": "%5C",
    "'": "%27",
}


def safe_url(url: str) -> str | None:
    """An http(s) URL made safe to sit in a Markdown link target in a table, or None."""
    url = url.strip()
    if not url or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return None
    match = re.match(r"(?i)^(https?)://([^/?#\s]+)", url)
    if not match:
        return None
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in url)


def render_link(text: str, url: str) -> str:
    """``[text](url)`` for an http(s) URL, else ``-``; the text is escaped, the URL encoded."""
    target = safe_url(url) if url else None
    if target is None:
        return EMPTY
    label = escape_cell(text) or escape_cell(target)
    return f"[{label}]({target})"


def render_row(cells: Iterable[str]) -> str:
    """One table row from already-rendered cells (empty cells become ``-``)."""
    return "| " + " | ".join(cell.strip() or EMPTY for cell in cells) + " |"


def arrange_row(cells: list[str], columns: list[str]) -> str | None:
    """The cells of a row in the catalog's own column order (one per role of :data:`ROLES`)
    laid out for a table whose columns are ``columns``: each cell under the column of its role
    (:func:`column_roles`), ``-`` under a column of no role ("Year"), a role without a column
    left out. None for a table in the usual order (the row stands as it is)."""
    roles = column_roles(columns)
    if len(columns) == len(ROLES) and all(roles.get(r) == i for i, r in enumerate(ROLES)):
        return None
    by_column = {
        roles[role]: cell for role, cell in zip(ROLES, cells, strict=True) if role in roles
    }
    return render_row(by_column.get(index, EMPTY) for index in range(len(columns)))


_CONTAINER_PREFIX_RE = re.compile(r"[ \t>]*(?=\|)")


def insert_rows(text: str, section_title: str, rows: list[str]) -> str:
    """Append rendered rows after the last row of a section's (first) table; every other byte
    is kept.

    New lines take the line ending of the row they follow (or the file's), so CRLF files stay
    CRLF. A row with the wrong number of cells would silently shift columns for every reader, so
    it is refused rather than written.
    """
    catalog = parse_catalog(text)
    section = catalog.section(section_title)
    if section is None:
        known = ", ".join(s.title for s in catalog.sections) or "none"
        raise CatalogError(
            f"the catalog has no section {section_title!r} (sections: {known}); "
            f"add a '## N) {section_title}' heading with a table, or pick an existing section"
        )
    if section.header_line is None:
        raise CatalogError(
            f"section {section.title!r} (line {section.heading_line}) has no table; "
            "add a header row and a separator row under its heading"
        )
    width = len(section.columns)
    for row in rows:
        if any(ch in row for ch in "\r\n\u2028\u2029\x85"):
            raise CatalogError(
                f"a row for section {section.title!r} contains a line break; "
                "escape its cells with escape_cell before inserting"
            )
        cells = split_row(row)
        if len(cells) != width:
            raise CatalogError(
                f"a row for section {section.title!r} has {len(cells)} cells but its table has "
                f"{width} columns ({' | '.join(section.columns)}); render one cell per column"
            )
    if not rows:
        return text
    lines = _lines(text)
    index = section.first_table_end - 1
    anchor = lines[index]
    ending_match = re.search(r"(\r\n|\r|\n)$", anchor)
    newline = ending_match.group(1) if ending_match else catalog.newline
    before = lines[: index + 1]
    after = lines[index + 1 :]
    # (a table in a list item or a block quote: new rows keep the indentation and "> " markers
    # of the row they follow, or they would fall outside the table)
    container = _CONTAINER_PREFIX_RE.match(anchor)
    prefix = container.group(0) if container else ""
    new_lines = [prefix + row + newline for row in rows]
    if not ending_match:
        # The table's last row was the file's last line, without an ending: keep it that way.
        before[-1] = anchor + newline
        new_lines[-1] = prefix + rows[-1]
    return "".join(before) + "".join(new_lines) + "".join(after)
