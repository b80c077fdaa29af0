"""arXiv through the export API (``/api/query``), newest-updated first, paged in large pages.

Why the export API and not OAI-PMH
    OAI-PMH (``verb=ListRecords&from=…``) is arXiv's recommended incremental harvest, and its
    datestamps follow announcement, so it needs no overlap. But its only filter is the *set*
    (a whole archive such as ``cs``), so a weekly harvest of cs.CV/cs.LG/cs.AI/cs.CL means
    downloading every computer-science record (tens of thousands a week, in pages of at most
    1,000 with mandatory flow-control pauses) and throwing most away. The export API filters by
    category server-side, cross-lists included (``cat:`` matches any listed category), gives
    2,000 entries per page, and returns the fields we need (DOI, journal_ref, comment, all
    categories) in one Atom document.

How nothing announced in the week is lost
    The query asks for every record in the configured categories sorted by
    ``lastUpdatedDate``, descending, and pages until it meets an entry updated before the
    window. The window starts at the previous successful run's end *minus*
    ``sources.arxiv.overlap_days`` (3 by default), because a new paper's ``updated`` date is
    its submission time and a submission held in moderation is announced days later, with an
    old date. The overlap re-reads those days; the store's content hash makes the re-read free
    of changes (same rows, nothing rewritten). A replaced paper (new version) moves to the top
    of the list and replaces the stored row (latest version wins). Entries updated after the
    window's end are skipped (the next run takes them). Paging stops at the first page that
    reaches past the window, so N records cost at most ceil(N / page_size) + 1 requests. The
    API's result cap (about 30,000 per query) is far above a week of these categories.

What a re-read costs
    A page is parsed as a stream (``XMLPullParser``) and parsing stops at the first entry older
    than the window: the rest of that page is never parsed. Entries the store already holds
    at the same version and update date (with the same DOI, journal_ref, comment, categories
    and authors) are counted as unchanged without cleaning their text
    (:meth:`~fmwatch.sources.base.Source.changed`), so an immediate rerun costs little more
    than the download of the overlap days.

Use of the ``arxiv`` package
    :func:`build_search` describes the query with ``arxiv.Search`` and its ``SortCriterion`` /
    ``SortOrder`` enums, so the parameter names and values are the package's, not ours.
    ``arxiv.Client`` is not used to execute it: it does its own HTTP through ``requests`` (no
    injectable transport, no configurable base URL for tests, its own retry and delay policy)
    where every fmwatch request must go through :class:`~fmwatch.http.PoliteClient`; and it
    parses a whole page into ``arxiv.Result`` objects (in the 2.x releases pyproject allows,
    with feedparser: about ten times slower on 2,000-entry pages and lenient by design, a
    truncated document becoming a "bozo" feed with fewer entries, i.e. silent data loss; in
    4.x with lxml, which fmwatch does not otherwise depend on). We need
    less and sooner: the standard library's expat-based ElementTree, read as a stream
    (:func:`read_page`), is strict (malformed or truncated XML is an error, retried, then the
    source fails), fast, stops at the window's end, and compares namespace URIs, not prefixes,
    so both the legacy format (per-element ``xmlns`` declarations) and the current one parse
    the same way. Expat >= 2.4 refuses entity-expansion bombs. (feedparser is used where it
    fits, for the small Nature RSS feeds: :mod:`fmwatch.sources.nature`.)

Faults
    HTTP 400 comes back as Atom with one entry titled ``Error``; that entry is turned into a
    :class:`~fmwatch.errors.FetchError`, never a paper. An empty page in the middle of paging
    (arXiv does this under load) is retried, then reported.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from fmwatch.config import Config
from fmwatch.errors import EmptyPage, FeedFormatError, FetchError, FmwatchError
from fmwatch.http import PoliteClient
from fmwatch.identity import (
    is_journal_key,
    is_valid_arxiv_id,
    normalize_doi,
    split_arxiv_version,
)
from fmwatch.models import Paper, Window
from fmwatch.sources.base import CatalogRecords, Checkpoint, Draft, Source, looks_like_html
from fmwatch.store import Store

if TYPE_CHECKING:
    import arxiv

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_ENTRY = ATOM + "entry"
_ID = ATOM + "id"
_TITLE = ATOM + "title"
_SUMMARY = ATOM + "summary"
_UPDATED = ATOM + "updated"
_ISO_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PUBLISHED = ATOM + "published"
_AUTHOR = ATOM + "author"
_NAME = ATOM + "name"
_CATEGORY = ATOM + "category"
_PRIMARY = ARXIV + "primary_category"
_DOI = ARXIV + "doi"
_COMMENT = ARXIV + "comment"
_JOURNAL_REF = ARXIV + "journal_ref"
_TOTAL = OPENSEARCH + "totalResults"

#: bytes fed to the XML parser at a time; parsing can stop between two feeds
_CHUNK = 1 << 16

#: q-bio has no wildcard in ``cat:``; ``q-bio.*`` in the config expands to these.
Q_BIO = (
    "q-bio.BM",
    "q-bio.CB",
    "q-bio.GN",
    "q-bio.MN",
    "q-bio.NC",
    "q-bio.OT",
    "q-bio.PE",
    "q-bio.QM",
    "q-bio.SC",
    "q-bio.TO",
)
_WILDCARDS = {"q-bio.*": Q_BIO, "q-bio": Q_BIO}


def expand_categories(categories: tuple[str, ...]) -> list[str]:
    """Configured categories with ``q-bio.*`` expanded, duplicates removed, order kept."""
    out: dict[str, None] = {}
    for cat in categories:
        for item in _WILDCARDS.get(cat, (cat,)):
            out.setdefault(item, None)
    return list(out)


def build_search(categories: tuple[str, ...]) -> arxiv.Search:
    """The pure description of the weekly query (no I/O)."""
    import arxiv  # imported here: it pulls in requests and feedparser, which fetch never uses

    query = " OR ".join(f"cat:{cat}" for cat in expand_categories(categories))
    return arxiv.Search(
        query=query,
        sort_by=arxiv.SortCriterion.LastUpdatedDate,
        sort_order=arxiv.SortOrder.Descending,
    )


def query_params(search: arxiv.Search, start: int, page_size: int) -> dict[str, str]:
    return {
        "search_query": search.query,
        "sortBy": search.sort_by.value,
        "sortOrder": search.sort_order.value,
        "start": str(start),
        "max_results": str(page_size),
    }


@dataclass
class Page:
    """One parsed API page (every entry, text cleaned)."""

    total: int
    entries: list[Paper] = field(default_factory=list)
    #: entries whose id is not an arXiv id (counted as skipped)
    unparsable: int = 0


@dataclass
class DraftPage:
    """One API page read up to the end of the window: drafts, text not yet cleaned."""

    total: int = 0
    #: entries read (all of the page, unless reading stopped at one older than the window)
    seen: int = 0
    #: entries inside the window
    drafts: list[Draft] = field(default_factory=list)
    #: entries whose id is not an arXiv id
    unparsable: int = 0
    #: entries updated after the window's end (the next run takes them)
    newer: int = 0
    #: an entry older than the window was met, and reading stopped there
    passed_window: bool = False


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text


def _one_line(value: str | None) -> str | None:
    if value is None:
        return None
    line = " ".join(value.split())
    return line or None


def read_page(body: bytes, url: str, window: Window | None = None) -> DraftPage:
    """Read one Atom page as a stream, stopping at the first entry older than ``window``.

    Raises FeedFormatError for anything that is not an Atom feed or is not well-formed up to
    where reading stopped, FetchError for the API's "Error" entry. Only "end" events are
    asked for (half the events of start+end): the root, whose end comes last, is checked when
    the whole document was read; reading stops early only after an Atom entry was seen.
    """
    page = DraftPage()
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    element: ET.Element | None = None
    try:
        for offset in range(0, max(len(body), 1), _CHUNK):
            parser.feed(body[offset : offset + _CHUNK])
            for _, element in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):
                tag = element.tag
                if tag == _ENTRY:
                    page.seen += 1
                    draft = entry_draft(element, url)
                    element.clear()  # keeps memory flat on 2,000-entry pages
                    if draft is None:
                        page.unparsable += 1
                        continue
                    if window is not None:
                        day = str(draft.fields["updated"] or "")[:10]
                        if not _ISO_DAY_RE.fullmatch(day):
                            # no usable date: neither newer nor older than the window, so it
                            # must not stop the reading (every later entry would be lost)
                            page.unparsable += 1
                            continue
                        if day > window.until:
                            page.newer += 1
                            continue
                        if day < window.since:
                            page.passed_window = True
                            return page
                    page.drafts.append(draft)
                elif tag == _TOTAL:
                    page.total = _total(element.text, url)
        parser.close()  # raises for a truncated document; every end event was read above
    except ET.ParseError as exc:
        if looks_like_html(body):
            raise _html_page(url) from None
        mended = _as_utf8(body)
        if mended is not None:
            # a byte that is not UTF-8 in an entry (a mis-encoded title) comes back on every
            # retry and every run: failing the page would hold the window back for good. Read
            # again with U+FFFD for it; a page cut short still fails, as it is
            return read_page(mended, url, window)
        raise FeedFormatError(
            "arxiv",
            url,
            f"the response is not well-formed XML ({exc}); it may be truncated, try again later",
        ) from None
    if element is None or element.tag != ATOM + "feed":
        root = element.tag if element is not None else None
        if looks_like_html(body):
            raise _html_page(url)
        raise FeedFormatError(
            "arxiv",
            url,
            f"not an Atom feed (root element {root!r}); check sources.arxiv.base_url",
        )
    return page


def _as_utf8(body: bytes) -> bytes | None:
    """``body`` with each byte that is not UTF-8 made U+FFFD; None when it is UTF-8 already."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", errors="replace").encode("utf-8")
    return None


def _html_page(url: str) -> FeedFormatError:
    return FeedFormatError(
        "arxiv",
        url,
        "not an Atom feed (the server sent an HTML page); check sources.arxiv.base_url, or try "
        "again later if arXiv is down for maintenance",
    )


def _total(value: str | None, url: str) -> int:
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        raise FeedFormatError("arxiv", url, f"totalResults is not a number ({value!r})") from None


def parse_page(body: bytes, url: str) -> Page:
    """Parse one whole Atom page; raise FeedFormatError / FetchError for anything not data."""
    read = read_page(body, url)
    page = Page(total=read.total, unparsable=read.unparsable)
    for draft in read.drafts:
        paper = draft.finish()
        if paper is not None:  # pragma: no branch - an arXiv draft always has a title fallback
            page.entries.append(paper)
    return page


def entry_draft(entry: ET.Element, url: str) -> Draft | None:
    """One Atom entry to a Draft (text not cleaned); ``None`` for one without an arXiv id."""
    raw_id = title = summary = updated = published = primary = doi = comment = journal_ref = None
    authors: list[str] = []
    categories: list[str] = []
    for child in entry:
        tag = child.tag
        if tag == _ID:
            raw_id = child.text
        elif tag == _TITLE:
            title = child.text
        elif tag == _SUMMARY:
            summary = child.text
        elif tag == _UPDATED:
            updated = child.text
        elif tag == _PUBLISHED:
            published = child.text
        elif tag == _AUTHOR:
            name = _text(child.find(_NAME))
            if name and name.strip():
                authors.append(" ".join(name.split()))
        elif tag == _CATEGORY:
            term = child.get("term")
            if term and term not in categories:
                categories.append(term)
        elif tag == _PRIMARY:
            primary = child.get("term")
        elif tag == _DOI:
            doi = child.text
        elif tag == _COMMENT:
            comment = child.text
        elif tag == _JOURNAL_REF:
            journal_ref = child.text
    raw_id = (raw_id or "").strip()
    if "/api/errors" in raw_id or ((title or "").strip() == "Error" and "/abs/" not in raw_id):
        message = _one_line(summary) or raw_id
        raise FetchError(
            "arxiv",
            url,
            f"the arXiv API rejected the query: {message}; check sources.arxiv.categories",
        )
    if "/abs/" not in raw_id:
        return None
    try:
        arxiv_id, version = split_arxiv_version(raw_id.split("/abs/", 1)[1])
    except ValueError:
        return None
    if primary:
        if primary in categories:
            categories.remove(primary)
        categories.insert(0, primary)
    norm_doi = normalize_doi(doi.split()[0]) if doi and doi.split() else None
    fields: dict[str, Any] = {
        "source": "arxiv",
        "source_id": arxiv_id,
        "version": version,
        "arxiv_id": arxiv_id,
        "doi": norm_doi,
        "authors": tuple(authors),
        "published": (published or "").strip() or None,
        "updated": (updated or "").strip() or None,
        "announced": None,
        "categories": tuple(categories),
        "journal": None,
        "comment": _one_line(comment),
        "journal_ref": _one_line(journal_ref),
        "article_type": None,
        "abs_url": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}",
        "doi_url": f"https://doi.org/{norm_doi}" if norm_doi else None,
        "published_doi": None,
    }
    return Draft(fields, raw_title=title, raw_abstract=summary or "", title_fallback=arxiv_id)


#: arXiv ids per ``id_list`` request (one short URL; arXiv answers them in one page)
ID_BATCH = 100


def catalog_ids_without_journal(catalog_path: str, store: Store) -> list[str]:
    """The versionless arXiv ids the catalog's rows link, less those whose stored arXiv
    record already names a journal DOI. None without a readable catalog: the catalog is
    reported where it is used (scoring, lint), not here."""
    from fmwatch.catalog import load_catalog  # (only this step needs it)

    if not catalog_path:
        return []
    try:
        catalog = load_catalog(catalog_path)
    except FmwatchError:
        return []
    wanted = sorted(
        {
            key.split(":", 1)[1]
            for entry in catalog.entries()
            # (a row that also links its journal version needs no asking)
            if not any(is_journal_key(k) for k in entry.keys)
            for key in entry.keys
            if key.startswith("arxiv:")
        }
    )
    done = store.arxiv_with_journal(wanted)
    return [arxiv_id for arxiv_id in wanted if arxiv_id not in done]


class ArxivSource(Source):
    name = "arxiv"

    def __init__(self, config: Config, store: Store, client: PoliteClient) -> None:
        super().__init__(config, store, client)
        cfg = self.config.sources.arxiv
        self.overlap_days = cfg.overlap_days
        self.page_size = cfg.page_size
        self.base_url = cfg.base_url
        self.search = build_search(cfg.categories)
        #: pages that came back empty although more results were announced
        self.empty_pages = 0

    def papers(self, window: Window) -> Iterator[Paper | Checkpoint | CatalogRecords]:
        """The window's records, then (``sources.arxiv.catalog_links``) the records of the
        catalog's arXiv rows that have no journal DOI yet: arXiv adds a paper's journal DOI to
        its record when the authors report it, long after the preprint left every window."""
        start = 0
        while True:
            page = self._page(start, window)
            self.skipped += page.unparsable + page.newer
            yield from self.changed(page.drafts)
            start += page.seen
            if page.passed_window or not page.seen or start >= page.total:
                break
        self.window_read = True
        if self.config.sources.arxiv.catalog_links:
            yield from self._catalog_records()

    def _catalog_records(self) -> Iterator[CatalogRecords]:
        ids = catalog_ids_without_journal(self.config.catalog, self.store)
        valid = [i for i in ids if is_valid_arxiv_id(i)]
        self.skipped += len(ids) - len(valid)  # (a typo arXiv would refuse the whole query for)
        for at in range(0, len(valid), ID_BATCH):
            batch = valid[at : at + ID_BATCH]
            try:
                papers = self._by_id(batch)
            except FetchError as exc:
                raise FetchError(
                    "arxiv",
                    f"{self.base_url}?id_list=… ({len(batch)} ids)",
                    f"{exc.cause}; the window's records were stored, but the catalog's arXiv "
                    "rows were not checked for journal versions: they are checked again next "
                    "run (or set sources.arxiv.catalog_links = false)",
                ) from None
            yield CatalogRecords(tuple(papers), tuple(batch))

    def _by_id(self, ids: list[str]) -> list[Paper]:
        """The records of ``ids`` (one ``id_list`` query). arXiv refuses a whole query for one
        id it calls malformed (HTTP 400): the two halves are then asked apart, down to the id
        itself, which is skipped."""
        params = {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}
        response = self.client.get(self.base_url, params=params, accept=(400,))
        if response.status_code == 400:
            if len(ids) == 1:
                self.skipped += 1
                return []
            half = len(ids) // 2
            return self._by_id(ids[:half]) + self._by_id(ids[half:])
        page = read_page(response.content, str(response.request.url))
        self.skipped += page.unparsable
        return [paper for draft in page.drafts if (paper := draft.finish()) is not None]

    def _page(self, start: int, window: Window) -> DraftPage:
        """Fetch and read one page; a malformed page, or an empty one before the announced end,
        is fetched again (:meth:`Source.retried`)."""
        params = query_params(self.search, start, self.page_size)

        def fetch(attempts: int) -> DraftPage:
            response = self.client.get(self.base_url, params=params, accept=(400,))
            url = str(response.request.url)
            if response.status_code == 400:
                # The API explains a 400 in an Atom "Error" entry, which parse_page raises.
                with contextlib.suppress(FeedFormatError):  # garbled body: report the status
                    parse_page(response.content, url)
                raise FetchError(
                    "arxiv",
                    url,
                    "HTTP 400 Bad Request; check sources.arxiv.categories and page_size",
                )
            page = read_page(response.content, url, window)
            if page.seen or start >= page.total:
                return page
            self.empty_pages += 1
            raise EmptyPage(
                "arxiv",
                url,
                f"the API returned an empty page at start={start} although it announced "
                f"{page.total} results ({attempts} attempts); arXiv is overloaded, try "
                f"again later",
            )

        return self.retried(fetch)
