"""Checks a catalog file for the defects hand-edited catalogs collect, each with a suggested fix.

Errors are defects that make the catalog say something wrong or unreadable to a program
(a broken or placeholder link, a link in the wrong column, the same work twice, two sections
claiming the same number, a row with the wrong number of cells); ``fmwatch catalog lint`` exits
non-zero on them. Warnings are untidiness a curator should fix when passing by (tracking noise
in a URL, a paper link whose text is not the title, an empty cell written as "—", a preprint
link whose journal version is known).

Published versions come only from the caller (``known_published``, built from the store): a
preprint is linted as superseded only on evidence the sources gave, never from a list in code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from fmwatch.catalog import (
    EMPTY,
    CatalogEntry,
    Link,
    Section,
    cell_text,
    column_roles,
    is_empty_cell,
    parse_catalog,
)
from fmwatch.identity import (
    arxiv_id_from_url,
    github_repo,
    is_placeholder_url,
    is_preprint_key,
    is_valid_arxiv_id,
    link_kind,
    name_key,
    normalize_doi,
    normalize_title,
    strip_tracking,
    tracking_noise,
    work_keys_from_url,
)
from fmwatch.models import SECTIONS
from fmwatch.text import clip

ERROR = "error"
WARNING = "warning"

#: Link texts that name a site or a format rather than the paper.
_NON_TITLES = {
    "sciencedirect",
    "arxiv",
    "biorxiv",
    "medrxiv",
    "nature",
    "pdf",
    "link",
    "paper",
    "here",
    "doi",
    "journal",
    "article",
    "full text",
    "preprint",
    "pubmed",
    "springer",
    "cell",
}
_REPO_TEXT_RE = re.compile(r"^[A-Za-z0-9][\w.\-]*/[\w.\-]+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Finding:
    line: int
    severity: str  # "error" | "warning"
    code: str
    message: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self, path: str) -> str:
        """``PATH:LINE: severity: message (fix: …)``: one line, whatever the file contained,
        and of a readable length: a message or fix quoting a 100 KB cell is cut (``--json``
        keeps it whole)."""
        message, fix = (clip(part, _SHOWN) for part in (self.message, self.fix))
        text = f"{path}:{self.line}: {self.severity}: {message} (fix: {fix})"
        return _CONTROL_RE.sub(" ", text)


#: how much of a finding's message (and of its fix) a terminal line shows
_SHOWN = 400


#: a row below its table that Markdown does not show as a row: (message, fix), by whether it
#: is indented (code) or cut off by a blank line or a comment (a line of pipes)
_STRAY = {
    False: (
        "this row is cut off from the table above it (a blank line or a comment between them), "
        "so Markdown shows a line of pipes",
        "move it up into the table: rows of one table follow each other without blank lines",
    ),
    True: (
        "this row is indented (a tab or four spaces), so Markdown shows it as code below the "
        "table, not as a row",
        "remove the indentation and move it up into the table",
    ),
}


def lint_catalog(text: str, known_published: Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding in a catalog's text, ordered by line.

    ``known_published`` maps a preprint's work key (``arxiv:2408.00738``,
    ``doi:10.1101/2023.10.03.560734``, or the bare id/DOI) to the DOI of its published version.
    """
    catalog = parse_catalog(text)
    findings: list[Finding] = []
    findings += _lint_sections(catalog.sections)
    findings += [
        Finding(
            line,
            ERROR,
            "table-outside-section",
            "this table is not under a '## ' section heading, so its rows are not read (their "
            "works are not recognised as catalogued)",
            "move it under a '## N) Section' heading, or make its heading level 2",
        )
        for line in catalog.orphan_tables
    ]
    findings += [
        Finding(
            line,
            ERROR,
            "heading-level",
            f"heading {heading!r} names a catalog section but is not a level-2 heading, so "
            "its rows are read as rows of the section above it",
            f"write it as '## {heading.lstrip('#').strip()}'",
        )
        for line, heading in catalog.misleveled
    ]
    for section in catalog.sections:
        if section.broken_table is not None:
            findings.append(
                Finding(
                    section.broken_table,
                    ERROR,
                    "not-a-table",
                    "these rows are not a table (Markdown shows lines of pipes): the separator "
                    "row under the header is malformed or has another number of cells",
                    "put a separator row with one '---' per column right under the header",
                )
            )
        findings += [
            Finding(line, ERROR, "stray-row", *_STRAY[line in section.indented_rows])
            for line in section.stray_rows
        ]
    if not catalog.sections and not catalog.orphan_tables:
        findings.append(
            Finding(
                1,
                ERROR,
                "no-catalog",
                "no catalog section found (no '## ' heading with a table under it)",
                "check the path: a catalog has a '## N) Section' heading per section and a "
                "table of Name | Paper | GitHub | weights | Note rows under each",
            )
        )
    for section in catalog.sections:
        for entry in section.entries:
            findings += _lint_row(section, entry)
    findings += _lint_duplicates(catalog.entries(), known_published or {})
    if known_published:
        findings += _lint_published(catalog.entries(), known_published)
    return sorted(findings, key=lambda f: (f.line, f.severity != ERROR, f.code))


# -- sections ---------------------------------------------------------------------------------


def _lint_sections(sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    seen_titles: dict[str, Section] = {}
    seen_numbers: dict[int, Section] = {}
    position = 0
    for section in sections:
        line = section.heading_line
        if section.title not in SECTIONS and section.number is None and not section.tables:
            continue  # another part of the page ("## Contents", "## Contributing"), not a section
        position += 1
        expected = f"## {position}) {section.title}"
        earlier = seen_titles.get(section.title.casefold())
        if earlier is not None:
            findings.append(
                Finding(
                    line,
                    ERROR,
                    "duplicate-section",
                    f"section {section.title!r} already started at line {earlier.heading_line}",
                    "merge the two tables under one heading",
                )
            )
        else:
            seen_titles[section.title.casefold()] = section
        if section.title not in SECTIONS:
            findings.append(
                Finding(
                    line,
                    WARNING,
                    "unknown-section",
                    f"section {section.heading!r} is not one of the catalog's sections",
                    f"use one of: {', '.join(SECTIONS)}",
                )
            )
        if section.number is None:
            findings.append(
                Finding(
                    line,
                    ERROR,
                    "section-numbering",
                    f"section heading {section.heading!r} has no number",
                    f"write it as '{expected}'",
                )
            )
        elif section.number in seen_numbers:
            other = seen_numbers[section.number]
            findings.append(
                Finding(
                    line,
                    ERROR,
                    "section-numbering",
                    f"section number {section.number}) is also used by {other.title!r} "
                    f"(line {other.heading_line})",
                    f"number sections in order: write '{expected}'",
                )
            )
        elif section.number != position:
            findings.append(
                Finding(
                    line,
                    ERROR,
                    "section-numbering",
                    f"section {section.title!r} is numbered {section.number}) but is section "
                    f"{position}",
                    f"write '{expected}'",
                )
            )
        if section.number is not None:
            seen_numbers.setdefault(section.number, section)
        if section.header_line is None:
            findings.append(
                Finding(
                    line,
                    # (a catalog section without a table cannot take the rows proposed for it)
                    ERROR if section.title in SECTIONS else WARNING,
                    "no-table",
                    f"section {section.title!r} has no table",
                    "add the header row and separator row the other sections use",
                )
            )
        if section.tables > 1:
            findings.append(
                Finding(
                    line,
                    WARNING,
                    "several-tables",
                    f"section {section.title!r} holds {section.tables} tables",
                    "keep one table per section so new rows have one place to go",
                )
            )
    with_tables = [s for s in sections if s.header_line is not None]
    if with_tables:
        shapes = Counter(tuple(c.casefold() for c in s.columns) for s in with_tables)
        common = shapes.most_common(1)[0][0]
        reference = next(s for s in with_tables if tuple(c.casefold() for c in s.columns) == common)
        for section in with_tables:
            if tuple(c.casefold() for c in section.columns) != common:
                findings.append(
                    Finding(
                        section.header_line or section.heading_line,
                        WARNING,
                        "inconsistent-columns",
                        f"columns '{' | '.join(section.columns)}' differ from the other sections' "
                        f"'{' | '.join(reference.columns)}'",
                        "use the same header row in every section",
                    )
                )
    return findings


# -- rows -------------------------------------------------------------------------------------


def _column_names(section: Section) -> dict[str, str]:
    roles = column_roles(section.columns)
    return {
        role: section.columns[index] if index < len(section.columns) else role
        for role, index in roles.items()
    }


def _lint_row(section: Section, entry: CatalogEntry) -> list[Finding]:
    findings: list[Finding] = []
    line = entry.line
    names = _column_names(section)
    if len(entry.cells) != len(section.columns):
        findings.append(
            Finding(
                line,
                ERROR,
                "column-count",
                f"row has {len(entry.cells)} cells but the table has "
                f"{len(section.columns)} columns",
                "give the row one cell per column (escape a pipe inside a cell as \\|)",
            )
        )
    for index, cell in enumerate(entry.cells):
        stripped = cell.strip()
        if is_empty_cell(stripped) and stripped != EMPTY:
            shown = stripped or "nothing"
            findings.append(
                Finding(
                    line,
                    WARNING,
                    "empty-cell",
                    f"empty cell {index + 1} written as {shown!r}",
                    f"write {EMPTY!r} for an empty cell",
                )
            )
    for role, links in entry.links.items():
        column = names.get(role, role)
        for link in links:
            findings += _lint_link(line, role, column, link, names)
    if not entry.paper_url:
        findings.append(
            Finding(
                line,
                ERROR,
                "missing-paper",
                f"row {entry.name or '(unnamed)'!r} has no paper link",
                "link the paper: [title](https://doi.org/...) or the arXiv abstract page",
            )
        )
    else:
        findings += _lint_paper_text(line, entry)
    return findings


def _lint_link(
    line: int, role: str, column: str, link: Link, names: dict[str, str]
) -> list[Finding]:
    findings: list[Finding] = []
    if link.problem in ("nested", "malformed", "unclosed"):
        target = strip_tracking(link.url) if not is_placeholder_url(link.url) else "the real URL"
        text = link.text
        if link.problem == "unclosed":
            what = f"link without its closing ')' in the {column} column"
        else:
            shape = "nested link" if link.problem == "nested" else "malformed link"
            if len(link.urls) > 1:
                why = f"{len(link.urls)} URLs in one link"
            elif link.problem == "nested":
                why = "a link inside the link's text"
                text = cell_text(link.text)
            else:
                why = "text after the URL in the link target"
            what = f"{shape} in the {column} column ({why})"
        findings.append(
            Finding(line, ERROR, "malformed-link", what, f"write one link: [{text}]({target})")
        )
    elif link.problem == "bare":
        findings.append(
            Finding(
                line,
                WARNING,
                "bare-url",
                f"URL without link syntax in the {column} column",
                f"write it as [text]({link.url})",
            )
        )
    for url in link.urls:
        if is_placeholder_url(url):
            suggestion = "replace it with the real link, or '-' when there is none"
            if role == "code" and _REPO_TEXT_RE.match(link.text):
                suggestion = f"link https://github.com/{link.text} (from the link text)"
            findings.append(
                Finding(
                    line,
                    ERROR,
                    "placeholder-url",
                    f"placeholder URL {url} in the {column} column",
                    suggestion,
                )
            )
    url = link.url
    if is_placeholder_url(url):
        return findings
    arxiv_id = arxiv_id_from_url(url)
    if arxiv_id and not is_valid_arxiv_id(arxiv_id):
        findings.append(
            Finding(
                line,
                ERROR,
                "bad-arxiv-id",
                f"arXiv id {arxiv_id} cannot exist (since 2015 ids have five digits after the "
                "dot, before that four; the month is 01-12)",
                "copy the id from the paper's arXiv page",
            )
        )
    kind = link_kind(url)
    weights_col = names.get("weights", "weights")
    code_col = names.get("code", "code")
    if role == "code" and kind in ("weights", "paper"):
        what = "Hugging Face" if "huggingface" in url else kind
        findings.append(
            Finding(
                line,
                ERROR,
                "wrong-column",
                f"a {what} link in the {column} column",
                f"move it to the "
                f"{weights_col if kind == 'weights' else names.get('paper', 'Paper')} "
                f"column and put the repository (or '-') in {column}",
            )
        )
    elif role == "weights" and kind in ("code", "paper"):
        home = code_col if kind == "code" else names.get("paper", "Paper")
        findings.append(
            Finding(
                line,
                ERROR,
                "wrong-column",
                f"a {'code repository' if kind == 'code' else 'paper'} link in the {column} column",
                f"move it to the {home} column; {column} takes model weights",
            )
        )
    elif role == "paper" and kind in ("code", "weights"):
        findings.append(
            Finding(
                line,
                ERROR,
                "wrong-column",
                f"a {kind} link in the {column} column, not a paper",
                "link the paper (DOI, arXiv or journal page) and move this link to its column",
            )
        )
    elif role == "paper" and kind == "other":
        findings.append(
            Finding(
                line,
                WARNING,
                "paper-identifier",
                f"paper link {url} gives no DOI or arXiv id",
                "link the DOI (https://doi.org/...) or the arXiv abstract page",
            )
        )
    if role == "code" and kind == "code" and _REPO_TEXT_RE.match(link.text):
        repo = github_repo(url)
        if repo and repo.casefold() != link.text.casefold():
            findings.append(
                Finding(
                    line,
                    WARNING,
                    "link-text-mismatch",
                    f"link text {link.text!r} does not match the repository {repo!r} it links",
                    f"write [{repo}]({url}) or fix the URL",
                )
            )
    noise = tracking_noise(url)
    if noise:
        findings.append(
            Finding(
                line,
                WARNING,
                "tracking-noise",
                f"tracking noise {' '.join(noise)} in the {column} link",
                f"link {strip_tracking(url)}",
            )
        )
    return findings


def _lint_paper_text(line: int, entry: CatalogEntry) -> list[Finding]:
    title = entry.paper_title
    if not title or title.casefold() in _NON_TITLES:
        return [
            Finding(
                line,
                WARNING,
                "paper-link-text",
                f"paper link text {title or '(empty)'!r} is not the paper's title",
                "use the paper's title as the link text",
            )
        ]
    letters = [ch for ch in title if ch.isalpha()]
    if len(title.split()) >= 3 and letters and all(ch.isupper() for ch in letters):
        return [
            Finding(
                line,
                WARNING,
                "paper-link-text",
                "paper title is written in capitals",
                "write the title as the paper does",
            )
        ]
    return []


# -- across rows ------------------------------------------------------------------------------


def _lint_duplicates(
    entries: list[CatalogEntry], known_published: Mapping[str, str]
) -> list[Finding]:
    findings: list[Finding] = []
    by_key: dict[str, CatalogEntry] = {}
    by_title: dict[str, CatalogEntry] = {}
    by_name: dict[str, CatalogEntry] = {}
    for entry in entries:
        reasons: list[tuple[str, CatalogEntry]] = []
        keys = set(entry.keys)
        published = published_version(keys, known_published)
        if published:
            # a preprint's row and its journal version's row: one work
            keys.add(f"doi:{published[1]}")
        for key in sorted(keys):
            first = by_key.get(key)
            if first is not None and first is not entry:
                reasons.append((f"the same paper ({key})", first))
                break
        title = normalize_title(entry.paper_title)
        if len(title) >= 10 and title in by_title:
            reasons.append(("the same title", by_title[title]))
        # (one name in its spellings, as identity compares titles' names: "Prov GigaPath" and
        # "Prov-GigaPath", "Tumour Atlas" and "Tumor Atlas"; "PathChat+" is another model)
        name = name_key(entry.name)
        if name and name in by_name:
            reasons.append(("the same name", by_name[name]))
        if reasons:
            what = ", ".join(r for r, _ in reasons)
            first = reasons[0][1]
            findings.append(
                Finding(
                    entry.line,
                    ERROR,
                    "duplicate-entry",
                    f"row {entry.name or entry.paper_title[:40]!r} has {what} as line {first.line} "
                    f"({first.name or first.paper_title[:40]!r})",
                    "keep one row per work (merge the two)",
                )
            )
        for key in keys:
            by_key.setdefault(key, entry)
        if len(title) >= 10:
            by_title.setdefault(title, entry)
        if name:
            by_name.setdefault(name, entry)
    # A paper cell that also carries another row's paper link (a leftover of copy and paste).
    for entry in entries:
        for link in entry.links.get("paper", []):
            for url in link.urls:
                if url == link.url:
                    continue
                for key in work_keys_from_url(url):
                    other = by_key.get(key)
                    if other is not None and other is not entry:
                        findings.append(
                            Finding(
                                entry.line,
                                WARNING,
                                "duplicate-link",
                                f"the paper cell also links the paper of line {other.line} "
                                f"({other.name or other.paper_title[:40]!r})",
                                f"drop {url} from this row",
                            )
                        )
    return findings


def published_version(keys: set[str], known: Mapping[str, str]) -> tuple[str, str] | None:
    """(preprint key, journal DOI) when a row's preprint has a known journal version the row
    does not link yet; the rule behind the linter's finding and the proposals' link updates."""
    for key in sorted(keys):
        if not is_preprint_key(key):
            continue
        bare = key.split(":", 1)[1]
        value = known.get(key) or known.get(bare)
        if value:
            doi = normalize_doi(value)
            if doi and f"doi:{doi}" not in keys:
                return key, doi
    return None


def _lint_published(entries: list[CatalogEntry], known: Mapping[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    for entry in entries:
        found = published_version(entry.keys, known)
        if found:
            key, doi = found
            findings.append(
                Finding(
                    entry.line,
                    WARNING,
                    "preprint-published",
                    f"the preprint {key} has been published as doi:{doi}",
                    f"link https://doi.org/{doi} instead of the preprint",
                )
            )
    return findings


def summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
