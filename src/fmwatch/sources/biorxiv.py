"""bioRxiv and medRxiv through the public ``details`` API (one class, two servers).

``GET {base_url}/details/{server}/{since}/{until}/{cursor}`` answers JSON:
``{"messages": [{"status", "cursor", "count", "total", ...}], "collection": [record, ...]}``
with a page of records (100 in older captures, 30 in those of 2026: the size is read from the
pages, never assumed). What the real service does that a parser must survive:

- ``count`` and ``cursor`` are numbers but ``total`` (and ``count_new_papers``) are strings, and
  near the end of a range ``count`` and ``total`` can disagree. Paging therefore stops on an
  empty collection *or* once the cursor reaches ``total``, whichever comes first. An empty
  collection well before ``total`` (more than a page short, a page being as long as the last
  one the server sent) is a glitch: retried, then the source fails for this run.
- Every version is its own record (``version`` is a string). The store keeps the latest
  version per DOI (``source_id`` is the DOI), so a v1 seen after a v2 never wins.
- DOIs use ``10.1101/`` and, for newer preprints, ``10.64898/``; both are kept as given
  (lower-cased). Dates are padded if they come without zeros (``2026-8-1``; the recorded
  samples are all padded: this is defensive).
- ``published`` is ``"NA"`` or the DOI of the journal version: it becomes
  :attr:`~fmwatch.models.Paper.published_doi` so a later step can link preprint and article.
- ``funder`` is ``"NA"`` or a list of objects; we do not use it.
- When nothing was posted, ``messages[0].status`` is ``"no posts found"`` and the collection is
  empty or missing: a normal, empty result. Any other status but ``"ok"`` with no records is
  the API reporting a failure: retried, then the source fails (its window is read again).

The window is by the version's posting date, with ``sources.biorxiv.overlap_days`` of overlap
with the previous successful run (the API's index lags posting by a day or so). Re-read records
the store already holds unchanged are not cleaned again
(:meth:`~fmwatch.sources.base.Source.changed`); a record whose ``published`` DOI appeared since
is not unchanged, so the journal link is still picked up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fmwatch.config import Config
from fmwatch.errors import EmptyPage, FeedFormatError, FetchError
from fmwatch.http import PoliteClient
from fmwatch.identity import is_journal_doi, is_rxiv_doi, normalize_doi
from fmwatch.models import Paper, Publication, Window
from fmwatch.sources.base import Checkpoint, Draft, Source, json_page
from fmwatch.store import Store
from fmwatch.text import without_surrogates
from fmwatch.windows import advanced_state, resume_since

#: the page size assumed until the server has sent a page (the API's documented 100)
PAGE_SIZE = 100
#: the smallest page the API is known to send (30, in 2026): an empty page within this many
#: records of the announced total is taken for the end (the count/total disagreement)
MIN_PAGE_SIZE = 30
_T = TypeVar("_T")
#: What a page reader returns: (items, announced total, collection size, unusable records).
_Page = tuple[list[_T], int | None, int, int]
#: A JSON escape of a surrogate code point (paired ones are valid, lone ones are not).
_SURROGATE_ESCAPE_RE = re.compile(rb"\\u[dD][89a-fA-F]")
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_LABELS = {"biorxiv": "bioRxiv", "medrxiv": "medRxiv"}


def pad_date(value: Any) -> str | None:
    """``2026-8-1`` → ``2026-08-01``; anything unparsable → None."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_record(server: str, record: Any) -> Paper | None:
    """One ``collection`` item to a Paper; ``None`` when it has no usable DOI or title."""
    draft = record_draft(server, record)
    return draft.finish() if draft is not None else None


def record_draft(server: str, record: Any) -> Draft | None:
    """One ``collection`` item to a Draft (text not cleaned); ``None`` without DOI or title."""
    if not isinstance(record, dict):
        return None
    doi = normalize_doi(str(record.get("doi") or ""))
    title = record.get("title")
    if not doi or not isinstance(title, str) or not title.strip():
        return None
    version = _int(record.get("version"))
    date = pad_date(record.get("date"))
    raw_authors = record.get("authors")
    authors = (
        tuple(a.strip() for a in raw_authors.split(";") if a.strip())
        if isinstance(raw_authors, str)
        else ()
    )
    published = record.get("published")
    published_doi = (
        normalize_doi(published)
        if isinstance(published, str) and published.strip().upper() != "NA"
        else None
    )
    category = record.get("category")
    kind = record.get("type")
    abstract = record.get("abstract")
    suffix = f"v{version}" if version else ""
    fields: dict[str, Any] = {
        "source": server,
        "source_id": doi,
        "version": version,
        "arxiv_id": None,
        "doi": doi,
        "authors": authors,
        "published": date if version == 1 else None,
        "updated": date,
        "announced": date,
        "categories": (" ".join(category.split()).lower(),)
        if isinstance(category, str) and category.strip()
        else (),
        "journal": _LABELS.get(server),
        "comment": None,
        "journal_ref": None,
        "article_type": " ".join(kind.split()) if isinstance(kind, str) and kind.strip() else None,
        "abs_url": f"https://www.{server}.org/content/{doi}{suffix}",
        "pdf_url": f"https://www.{server}.org/content/{doi}{suffix}.full.pdf",
        "doi_url": f"https://doi.org/{doi}",
        "published_doi": published_doi,
    }
    return Draft(
        fields, raw_title=title, raw_abstract=abstract if isinstance(abstract, str) else None
    )


def parse_page(server: str, body: bytes, url: str) -> tuple[list[Paper], int | None, int, int]:
    """(papers, total, collection size, unusable records) of one page; FeedFormatError if not
    JSON."""
    drafts, total, size, bad = read_page(server, body, url)
    papers: list[Paper] = []
    for draft in drafts:
        paper = draft.finish()
        if paper is None:
            bad += 1
        else:
            papers.append(paper)
    return papers, total, size, bad


def read_page(server: str, body: bytes, url: str) -> tuple[list[Draft], int | None, int, int]:
    """(drafts, total, collection size, unusable records) of one page, text not yet cleaned."""
    collection, total = _envelope(server, body, url)
    drafts: list[Draft] = []
    bad = 0
    for record in collection:
        draft = record_draft(server, record)
        if draft is None:
            bad += 1
        else:
            drafts.append(draft)
    return drafts, total, len(collection), bad


def publication_record(server: str, record: Any) -> Publication | None:
    """One ``pubs`` item to a preprint → journal link; ``None`` without two usable DOIs.

    The preprint side must be a bioRxiv/medRxiv DOI; a link to itself, to another preprint or
    to an arXiv DOI is no journal version.
    """
    if not isinstance(record, dict):
        return None
    # "biorxiv_doi" on both servers today; the older combined endpoint said "preprint_doi"
    raw = record.get("biorxiv_doi") or record.get("preprint_doi")
    preprint = normalize_doi(raw) if isinstance(raw, str) else None
    raw = record.get("published_doi")
    published = normalize_doi(raw) if isinstance(raw, str) and raw.strip().upper() != "NA" else None
    if not preprint or not published or not is_rxiv_doi(preprint):
        return None
    if not is_journal_doi(published):  # itself, another preprint, an arXiv DOI
        return None
    journal = record.get("published_journal")
    title = record.get("preprint_title")
    return Publication(
        server=server,
        preprint_doi=preprint,
        published_doi=published,
        journal=(" ".join(journal.split())[:300] or None) if isinstance(journal, str) else None,
        published_date=pad_date(record.get("published_date")),
        preprint_title=(" ".join(title.split())[:1000] or None) if isinstance(title, str) else None,
    )


def read_publications_page(
    server: str, body: bytes, url: str
) -> tuple[list[Publication], int | None, int, int]:
    """(links, total, collection size, unusable records) of one ``pubs`` page."""
    collection, total = _envelope(server, body, url)
    links: list[Publication] = []
    for record in collection:
        link = publication_record(server, record)
        if link is not None:
            links.append(link)
    return links, total, len(collection), len(collection) - len(links)


def _envelope(server: str, body: bytes, url: str) -> tuple[list[Any], int | None]:
    """The ``collection`` and announced ``total`` of one API page; FeedFormatError if the page
    is not the API's JSON."""
    data = json_page(
        server, body, url, "sources.biorxiv.base_url", "it may be truncated, try again later"
    )
    if _SURROGATE_ESCAPE_RE.search(body):
        data = without_surrogates(data)  # (a "\ud800" escape: the page, not only the record)
    if not isinstance(data, dict) or not isinstance(data.get("messages", []), list):
        raise FeedFormatError(
            server, url, "unexpected JSON (no messages/collection); check sources.biorxiv.base_url"
        )
    messages = data.get("messages") or [{}]
    message = messages[0] if isinstance(messages[0], dict) else {}
    collection = data.get("collection")
    status = str(message.get("status", "")).strip()
    if not collection and status and status.lower() != "ok" and "no posts" not in status.lower():
        # the API's way of saying a request failed ("messages": [{"status": "<what went
        # wrong>"}], no records): read as the end of the window, the rest of the window's
        # records would be lost for good once its end is saved
        raise FeedFormatError(
            server,
            url,
            f"the API answered status {status[:200]!r} and no records; try again later",
        )
    if collection is None:
        if "no posts" in status.lower() or message:
            collection = []
        else:
            raise FeedFormatError(
                server, url, "unexpected JSON (no collection); check sources.biorxiv.base_url"
            )
    if not isinstance(collection, list):
        raise FeedFormatError(server, url, "unexpected JSON (collection is not a list)")
    return collection, _int(message.get("total"))


class BiorxivSource(Source):
    """One server (``biorxiv`` or ``medrxiv``) of the Cold Spring Harbor preprint API."""

    def __init__(self, config: Config, store: Store, client: PoliteClient, server: str) -> None:
        super().__init__(config, store, client)
        self.name = server
        self.server = server
        cfg = config.sources.biorxiv
        self.overlap_days = cfg.overlap_days
        self.base_url = cfg.base_url.rstrip("/")
        self.publications = cfg.publications

    def page_url(self, window: Window, cursor: int, endpoint: str = "details") -> str:
        return f"{self.base_url}/{endpoint}/{self.server}/{window.since}/{window.until}/{cursor}"

    def papers(self, window: Window) -> Iterator[Paper | Publication | Checkpoint]:
        """The window's records (``details``), then, when ``sources.biorxiv.publications`` is on,
        the preprint → journal links the server reported (``pubs``).

        The links keep their own window (feed ``<server>-pubs``): if ``pubs`` fails, the records
        are stored and the source's window still advances, while the links are read again from
        where they last succeeded.
        """
        for drafts in self._pages(window, "details", read_page):
            yield from self.changed(drafts)
        self.window_read = True
        if not self.publications:
            return
        state = self.store.feed_state(self.links_feed)
        resume = resume_since(state, self.overlap_days)
        links_window = Window(min(window.since, resume or window.since), window.until)
        if not state.get("window_until"):  # never read yet: remember where, should this fail
            yield Checkpoint(self.links_feed, {"window_since": links_window.since})
        try:
            for links in self._pages(links_window, "pubs", read_publications_page):
                yield from links
        except FetchError as exc:
            raise FetchError(
                self.server,
                exc.url,
                f"{exc.cause}; the records were stored, but the preprint -> journal links "
                "(pubs) were not read: they are read again next run (or set "
                "sources.biorxiv.publications = false to skip them)",
            ) from None
        yield Checkpoint(self.links_feed, advanced_state(state, links_window))

    def _pages(
        self, window: Window, endpoint: str, reader: Callable[..., _Page[_T]]
    ) -> Iterator[list[_T]]:
        """Every page of ``endpoint`` over ``window``, by cursor, until the announced total or
        an empty page."""
        # the server's page size as far as its pages show it: the largest seen (a short last
        # page says nothing of it), never below the smallest the API sends; the documented size
        # until a page has come
        cursor, largest = 0, MIN_PAGE_SIZE
        while True:
            page = largest if cursor else PAGE_SIZE
            items, total, size = self._page(window, cursor, endpoint, reader, page)
            yield items
            cursor += size
            if size == 0 or total is None or cursor >= total:
                return
            largest = max(largest, size)

    @property
    def links_feed(self) -> str:
        return f"{self.name}-pubs"

    def _page(
        self,
        window: Window,
        cursor: int,
        endpoint: str,
        reader: Callable[..., _Page[_T]],
        page: int = PAGE_SIZE,
    ) -> tuple[list[_T], int | None, int]:
        """One page; ``page``: how many records a full page holds (for telling the end of the
        results from a glitch)."""
        url = self.page_url(window, cursor, endpoint)

        def fetch(attempts: int) -> tuple[list[_T], int | None, int]:
            response = self.client.get(url)
            items, total, size, bad = reader(self.server, response.content, url)
            self.skipped += bad
            # An empty page near the end is the API's count/total disagreement: the end.
            # An empty page far before the announced total is a glitch worth retrying.
            if size or total is None or cursor + page >= total:
                return items, total, size
            raise EmptyPage(
                self.server,
                url,
                f"the API returned an empty page at cursor {cursor} although it announced "
                f"{total} records ({attempts} attempts); try again later",
            )

        return self.retried(fetch)
