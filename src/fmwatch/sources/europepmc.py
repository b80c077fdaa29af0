"""Abstracts of stored journal records, looked up by DOI in Europe PMC.

Why: Nature-family RSS items have no abstract, and scored on its title alone a foundation-model
paper is usually missed (of the labelled positives, about half are still proposed from their
title alone, and on the blind sets a quarter to a half). Europe PMC's REST search indexes PubMed
(every Nature-family, Cell Press, Lancet and NEJM journal) with abstracts, needs no key, and
answers many DOIs in one query.

``GET {base_url}/search?query=DOI:"a" OR DOI:"b" …&resultType=core&format=json&pageSize=…
&cursorMark=*`` answers ``{"hitCount", "nextCursorMark", "resultList": {"result": [record …]}}``;
a record has ``doi`` (lower or mixed case) and, when PubMed has one, ``abstractText`` in HTML
(``<i>``, ``<sup>``, ``<h4>`` section heads), cleaned by :mod:`fmwatch.text`. Records whose DOI
is not one asked for are ignored (a query term can match more than the DOI field suggests).

Which DOIs, and when: every stored record with a DOI and no abstract (in practice Nature's),
asked again on later runs while not found (PubMed indexes an article days after it appears),
at most ``max_tries`` times and not twice within ``retry_days`` days
(:func:`fmwatch.abstract_store.wanted_dois`). This source reads no date window: it runs after
the feeds, over what the store holds. Each batch's answer is stored before the next is asked,
so a failure keeps what was found and the rest is asked again next run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fmwatch.config import Config
from fmwatch.errors import EmptyPage, FeedFormatError, FetchError
from fmwatch.http import PoliteClient
from fmwatch.identity import normalize_doi
from fmwatch.models import Paper, Window
from fmwatch.sources.base import Checkpoint, FoundAbstracts, Source, json_page
from fmwatch.store import Store
from fmwatch.text import clean_text

SERVICE = "europepmc"
#: pages read for one batch at most (a batch of 50 DOIs fits one page of 100 results)
MAX_PAGES = 5
#: records one search window may match before the source refuses it (a query gone too broad)
MAX_SEARCH_RECORDS = 20_000
SEARCH_PAGE_SIZE = 1000  # the service's largest page
#: publication types that are not research, reviews or resources: skipped like Nature's news
_NOT_RESEARCH = frozenset(
    {
        "editorial", "comment", "news", "published erratum", "retraction of publication",
        "retracted publication", "expression of concern", "interview", "biography",
        "portrait", "congress", "lecture", "letter",
    }
)  # fmt: skip
#: characters a DOI may not contain to be put in a quoted query term
_UNQUOTABLE = frozenset('"\\')


def doi_query(dois: list[str]) -> str:
    """``DOI:"a" OR DOI:"b"``; the caller leaves out DOIs :func:`quotable` refuses."""
    return " OR ".join(f'DOI:"{doi}"' for doi in dois)


def quotable(doi: str) -> bool:
    """A DOI that can stand in a quoted query term: printable, one word, no quote or backslash."""
    return bool(doi) and doi.isprintable() and not any(c in _UNQUOTABLE or c.isspace() for c in doi)


def read_page(body: bytes, url: str) -> tuple[list[Any], int | None, str | None]:
    """The records, the announced hit count and the next cursor of one search page."""
    data = json_page(SERVICE, body, url, "sources.europepmc.base_url", "try again later")
    if not isinstance(data, dict):
        raise FeedFormatError(SERVICE, url, "unexpected JSON (not an object)")
    result_list = data.get("resultList")
    if result_list is None and "hitCount" in data:
        result_list = {"result": []}
    if not isinstance(result_list, dict) or not isinstance(result_list.get("result", []), list):
        raise FeedFormatError(
            SERVICE,
            url,
            "unexpected JSON (no resultList); check sources.europepmc.base_url (it ends in "
            "/webservices/rest)",
        )
    hits = data.get("hitCount")
    cursor = data.get("nextCursorMark")
    return (
        list(result_list.get("result") or []),
        hits if isinstance(hits, int) and not isinstance(hits, bool) else None,
        cursor if isinstance(cursor, str) and cursor else None,
    )


def abstracts_of(records: list[Any], asked: dict[str, str]) -> dict[str, str]:
    """DOI (as asked) → cleaned abstract, for the records whose DOI was asked for."""
    found: dict[str, str] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        doi = record.get("doi")
        text = record.get("abstractText")
        if not isinstance(doi, str) or not isinstance(text, str):
            continue
        key = asked.get(doi.strip().lower())
        if key is None or key in found:
            continue
        abstract = clean_text(text)
        if abstract:
            found[key] = abstract
    return found


class _Refused(Exception):
    """The service refused a look-up query (HTTP 400, or an error object in place of results)."""


def _error_object(body: bytes) -> bool:
    """A JSON error object (``{"errCode": …, "errMsg": …}``) where search results belong."""
    if b"errCode" not in body[:200] and b"errMsg" not in body[:200]:
        return False
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and "resultList" not in data and "errMsg" in data


def search_record(record: Any) -> Paper | None:
    """One search result (a PubMed record) as a Paper; None without a title, or when its
    publication types say it is not a research article, review or resource (news, editorials,
    comments, errata, retractions, letters)."""
    if not isinstance(record, dict):
        return None
    title = clean_text(_text(record.get("title")))
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # (PubMed closes every title with a full stop)
    if not title:
        return None
    kinds = record.get("pubTypeList")
    kinds = kinds.get("pubType") if isinstance(kinds, dict) else None
    kinds = [k for k in kinds if isinstance(k, str)] if isinstance(kinds, list) else []
    if kinds and all(k.strip().lower() in _NOT_RESEARCH for k in kinds):
        return None
    doi = normalize_doi(_text(record.get("doi"))) or None
    pmid = _text(record.get("pmid")).strip()
    pmid = pmid if pmid.isdigit() else ""
    source_id = doi or (f"pmid:{pmid}" if pmid else None)
    if source_id is None:
        return None
    abstract = clean_text(_text(record.get("abstractText"))) or None
    info = record.get("journalInfo")
    journal = info.get("journal") if isinstance(info, dict) else None
    journal_title = clean_text(_text(journal.get("title"))) if isinstance(journal, dict) else ""
    authors = tuple(
        a.strip().rstrip(".")
        for a in clean_text(_text(record.get("authorString"))).split(", ")
        if a.strip().rstrip(".")
    )
    published = _text(record.get("firstPublicationDate"))[:10] or None
    return Paper(
        source=SERVICE,
        source_id=source_id,
        title=title,
        doi=doi,
        abstract=abstract,
        authors=authors,
        published=published,
        updated=_text(record.get("firstIndexDate"))[:10] or None,
        journal=journal_title or None,
        article_type="; ".join(kinds) or None,
        abs_url=f"https://europepmc.org/article/MED/{pmid}" if pmid else None,
        doi_url=f"https://doi.org/{doi}" if doi else None,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class EuropePmcSource(Source):
    """Missing abstracts of stored records, by DOI (see the module docstring)."""

    name = SERVICE

    def __init__(self, config: Config, store: Store, client: PoliteClient) -> None:
        super().__init__(config, store, client)
        cfg = config.sources.europepmc
        self.base_url = cfg.base_url.rstrip("/")
        self.search_url = f"{self.base_url}/search"
        self.batch = cfg.batch
        self.max_tries = cfg.max_tries
        self.retry_days = cfg.retry_days
        self.search = cfg.search
        self.query = cfg.query
        self.overlap_days = cfg.overlap_days

    def uses_window(self) -> bool:
        return self.search  # (the look-ups alone read no window)

    def papers(self, window: Window) -> Iterator[Paper | Checkpoint | FoundAbstracts]:
        """The window's search results, then the look-ups; a failed search still lets the
        look-ups run, then fails the source (its window is read again next run)."""
        failed: FetchError | None = None
        if self.search:
            try:
                yield from self._search(window)
                self.window_read = True
            except FetchError as exc:
                failed = exc
            # (the records found are stored before the look-ups ask which DOIs lack an abstract)
            yield Checkpoint(SERVICE, {})
        yield from self._lookups()
        if failed is not None:
            raise FetchError(
                SERVICE,
                self.search_url,
                f"{failed.cause}; the journal search of {window.since}..{window.until} is read "
                "again next run (sources.europepmc.search = false turns it off); missing "
                "abstracts were still looked up",
            )

    def search_query(self, window: Window) -> str:
        return f"({self.query}) AND FIRST_IDATE:[{window.since} TO {window.until}]"

    def _search(self, window: Window) -> Iterator[Paper]:
        pages = self._pages(self.search_query(window), SEARCH_PAGE_SIZE)
        for records, hits in pages:
            if hits is not None and hits > MAX_SEARCH_RECORDS:
                raise FetchError(
                    SERVICE,
                    self.search_url,
                    f"the journal search matched {hits} records in {window.since}..{window.until}"
                    f", more than {MAX_SEARCH_RECORDS}; narrow sources.europepmc.query",
                )
            for record in records:
                paper = search_record(record)
                if paper is None:
                    self.skipped += 1
                else:
                    yield paper

    def _lookups(self) -> Iterator[FoundAbstracts]:
        wanted = self.store.dois_without_abstract(
            max_tries=self.max_tries, retry_days=self.retry_days
        )
        for start in range(0, len(wanted), self.batch):
            batch = wanted[start : start + self.batch]
            try:
                yield from self._ask(batch)
            except FetchError as exc:
                raise FetchError(
                    SERVICE,
                    self.search_url,
                    f"{exc.cause}; {len(wanted) - start} abstract lookups were not done: they "
                    "are asked for again next run (or set sources.europepmc.enabled = false)",
                ) from None

    def _ask(self, batch: list[str]) -> Iterator[FoundAbstracts]:
        """One batch's look-up. A query the service refuses (HTTP 400, or an error object in
        place of results) is asked again in halves, down to the one DOI it refuses, which is
        counted as tried: one odd DOI must not hold back every other, week after week."""
        try:
            found = self._lookup(batch)
        except _Refused:
            if len(batch) == 1:
                self.skipped += 1
                yield FoundAbstracts(tuple(batch), {}, SERVICE)
                return
            half = len(batch) // 2
            yield from self._ask(batch[:half])
            yield from self._ask(batch[half:])
            return
        yield FoundAbstracts(tuple(batch), found, SERVICE)

    def _lookup(self, batch: list[str]) -> dict[str, str]:
        asked = {doi.lower(): doi for doi in batch if quotable(doi)}
        if not asked:
            return {}
        found: dict[str, str] = {}
        query = doi_query(list(asked.values()))
        pages = self._pages(query, min(1000, 2 * len(asked)), MAX_PAGES, refusable=True)
        for records, _ in pages:
            for doi, text in abstracts_of(records, asked).items():
                found.setdefault(doi, text)
        return found

    def _pages(
        self, query: str, page_size: int, max_pages: int | None = None, *, refusable: bool = False
    ) -> Iterator[tuple[list[Any], int | None]]:
        """Each page of a search (records, announced hit count), following the cursor until an
        empty page, a cursor that stays put, the announced count, or ``max_pages``. An empty page
        before the announced count is fetched again, then fails the search (:meth:`_page`); a
        cursor that stays put before it fails the search at once."""
        params = {
            "query": query,
            "resultType": "core",
            "format": "json",
            "pageSize": str(page_size),
            "cursorMark": "*",
        }
        read = pages = 0
        while max_pages is None or pages < max_pages:
            records, hits, cursor = self._page(params, read, refusable=refusable)
            pages += 1
            yield records, hits
            read += len(records)
            if not records:
                return
            if cursor is None or cursor == params["cursorMark"]:
                if hits is not None and read < hits:
                    # (fetching again would get the same cursor: the rest cannot be reached)
                    raise FetchError(
                        SERVICE,
                        self.search_url,
                        f"the API stopped paging after {read} of the {hits} records it "
                        "announced (its cursor did not move); Europe PMC is mid-update, try "
                        "again later",
                    )
                return
            if hits is not None and read >= hits:
                return
            params = {**params, "cursorMark": cursor}

    def _page(
        self, params: dict[str, str], read: int = 0, *, refusable: bool = False
    ) -> tuple[list[Any], int | None, str | None]:
        """One search page, ``read`` records into the search. ``refusable``: a 400 or an error
        object raises :class:`_Refused` (the caller splits its query) instead of failing the
        source.

        A page without records although its ``hitCount`` says more exist is the service's
        glitch, not the end: it is fetched again (:meth:`Source.retried`), and if it stays empty
        the search fails (:class:`EmptyPage`). Ending there would leave the rest unread without
        a word: the window would advance past it, or the look-ups would count every DOI of the
        batch as tried."""

        def fetch(attempts: int) -> tuple[list[Any], int | None, str | None]:
            response = self.client.get(
                self.search_url, params=params, accept=(400,) if refusable else ()
            )
            if refusable and (response.status_code == 400 or _error_object(response.content)):
                raise _Refused
            url = str(response.url)
            records, hits, cursor = read_page(response.content, url)
            if records or hits is None or read >= hits:
                return records, hits, cursor
            raise EmptyPage(
                SERVICE,
                url,
                f"the API returned an empty page after {read} of the {hits} records it "
                f"announced ({attempts} attempts); Europe PMC is overloaded or mid-update, try "
                "again later",
            )

        return self.retried(fetch)
