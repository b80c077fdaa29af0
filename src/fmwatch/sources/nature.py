"""Nature-family journals through their RSS feeds (RSS 1.0 / RDF with ``dc:`` and ``prism:``).

One feed per journal, at ``sources.nature.base_url + "/" + path`` (see
:data:`fmwatch.config.NATURE_DEFAULT_FEEDS`). Feeds only ever hold the latest items, so there is
no date window: each run reads every feed, and a conditional GET (``If-None-Match`` /
``If-Modified-Since`` from the ETag and Last-Modified remembered in the ``feeds`` table as
``nature:<journal>``) makes an unchanged feed cost one 304 and nothing else. The validators are
saved only after that feed's records are stored (a :class:`~fmwatch.sources.base.Checkpoint`),
so a crash can never mark a feed as read whose papers were not kept. One broken feed does not
stop the others: the rest are read and stored, then the source reports the failure.

What is a research article (everything else is counted as skipped):

1. a DOI of the ``10.1038/d…`` family (``d41586-…``: news, comment, careers, briefings; the
   magazine side of nature.com) is not;
2. an item whose ``dc:type`` or ``prism:section`` (present in some feeds) names news, editorial,
   comment, correspondence, correction, erratum, retraction, addendum, matters arising, reply,
   obituary, book review, outlook, research highlight and the like is not;
3. a title starting with "Author Correction:", "Publisher Correction:", "Correction:",
   "Retraction Note:", "Addendum:", "Editorial Expression of Concern:", "Reply to:"… is not;
4. everything else (articles, letters, reviews, perspectives, analyses, resources) is kept:
   the catalog has a Review section, so reviews are wanted.

Feeds carry no abstract: ``abstract`` is ``None`` (missing, for a later enrichment step), not
the ``content:encoded`` standfirst, which is often just the title again. Titles hold HTML in
CDATA (``S<sub>N</sub>2``), cleaned by :mod:`fmwatch.text`. The DOI is read from ``prism:doi``,
else ``dc:identifier`` (``doi:`` prefix), else the article URL. Parsing uses ElementTree and
compares namespace URIs; both Nature's PRISM namespace (``basic/2.0/``) and the RSS module one
are accepted. A server answering an HTML page instead of a feed is reported as "not an RSS feed".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

from fmwatch.config import Config
from fmwatch.errors import FeedFormatError, FetchError
from fmwatch.http import PoliteClient
from fmwatch.identity import doi_from_url, normalize_doi
from fmwatch.models import Paper, Window
from fmwatch.sources.base import Checkpoint, Source
from fmwatch.store import Store
from fmwatch.text import clean_text

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
PRISM_NAMESPACES = (
    "{http://prismstandard.org/namespaces/basic/2.0/}",
    "{http://prismstandard.org/namespaces/basic/2.1/}",
    "{http://prismstandard.org/namespaces/2.0/basic/}",
    "{http://purl.org/rss/1.0/modules/prism/}",
)

_MAGAZINE_DOI = re.compile(r"^10\.1038/d\d{5}-")
_NOT_RESEARCH_TYPES = re.compile(
    r"news|editorial|comment|correspondence|correction|erratum|corrigendum|retraction|addendum|"
    r"matters arising|reply|obituar|book|outlook|world view|research highlight|career|briefing|"
    r"interview|q&a|podcast|expression of concern|spotlight|snapshot|announcement",
    re.IGNORECASE,
)
_NOT_RESEARCH_TITLES = re.compile(
    r"^\s*(?:author correction|publisher correction|correction|retraction note|retraction|"
    r"addendum|erratum|corrigendum|editorial expression of concern|expression of concern|"
    r"reply to|matters arising|daily briefing)\s*:",
    re.IGNORECASE,
)


def feed_key(journal: str) -> str:
    """The ``feeds`` table name of one journal's feed."""
    return f"nature:{journal}"


def is_research(doi: str, title: str, kind: str | None) -> bool:
    """The research-article rule of the module docstring."""
    if _MAGAZINE_DOI.match(doi):
        return False
    if kind and _NOT_RESEARCH_TYPES.search(kind):
        return False
    return not _NOT_RESEARCH_TITLES.match(title)


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _first(item: ET.Element, *tags: str) -> str | None:
    for tag in tags:
        element = item.find(tag)
        if element is not None and element.text and element.text.strip():
            return element.text.strip()
    return None


def parse_feed(body: bytes, url: str, journal: str) -> tuple[list[Paper], int]:
    """(research papers, skipped items) of one feed body."""
    if _looks_like_html(body):
        raise FeedFormatError(
            "nature",
            url,
            "not an RSS feed (the server sent an HTML page); check sources.nature.base_url "
            "and the feed path",
        )
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedFormatError(
            "nature",
            url,
            f"not an RSS feed (malformed XML: {exc}); it may be truncated, try again later",
        ) from None
    if root.tag == RDF + "RDF":
        items = root.findall(RSS1 + "item")
        channel = root.find(RSS1 + "channel")
        item_ns = RSS1
    elif root.tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        item_ns = ""
    else:
        raise FeedFormatError(
            "nature", url, f"not an RSS feed (root element {root.tag!r}); check the feed path"
        )
    channel_name = None
    if channel is not None:
        channel_name = _first(
            channel, *(ns + "publicationName" for ns in PRISM_NAMESPACES), item_ns + "title"
        )
    papers: list[Paper] = []
    skipped = 0
    for item in items:
        paper = parse_item(item, item_ns, channel_name or journal)
        if paper is None:
            skipped += 1
        else:
            papers.append(paper)
    return papers, skipped


def parse_item(item: ET.Element, item_ns: str, journal: str) -> Paper | None:
    """One feed item to a Paper, or None for non-research items and items without a DOI."""
    link = _first(item, item_ns + "link", *(ns + "url" for ns in PRISM_NAMESPACES)) or item.get(
        RDF + "about"
    )
    raw_doi = _first(item, *(ns + "doi" for ns in PRISM_NAMESPACES), DC + "identifier")
    doi = normalize_doi(raw_doi) if raw_doi else None
    if not doi and link:
        doi = doi_from_url(link)
    title_raw = _first(item, item_ns + "title", DC + "title")
    title = clean_text(title_raw)
    if not doi or not title:
        return None
    kind = _first(item, DC + "type", *(ns + "section" for ns in PRISM_NAMESPACES))
    if not is_research(doi, title, kind):
        return None
    authors = tuple(
        " ".join(el.text.split())
        for el in item.findall(DC + "creator")
        if el.text and el.text.strip()
    )
    date = _first(item, DC + "date", *(ns + "publicationDate" for ns in PRISM_NAMESPACES))
    name = _first(item, *(ns + "publicationName" for ns in PRISM_NAMESPACES)) or journal
    return Paper(
        source="nature",
        source_id=doi,
        title=title,
        doi=doi,
        abstract=None,
        authors=authors,
        published=date[:10] if date else None,
        journal=" ".join(name.split()),
        article_type=kind,
        abs_url=link,
        doi_url=f"https://doi.org/{doi}",
    )


class NatureSource(Source):
    name = "nature"

    def __init__(self, config: Config, store: Store, client: PoliteClient) -> None:
        super().__init__(config, store, client)
        cfg = config.sources.nature
        self.base_url = cfg.base_url.rstrip("/")
        self.feeds = dict(cfg.feeds)

    def uses_window(self) -> bool:
        return False

    def feed_url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def papers(self, window: Window) -> Iterator[Paper | Checkpoint]:
        failures: list[FetchError] = []
        for journal, path in self.feeds.items():
            try:
                yield from self._feed(journal, path)
            except FetchError as exc:
                failures.append(exc)
        if failures:
            first = failures[0]
            more = f" (and {len(failures) - 1} more feeds failed)" if len(failures) > 1 else ""
            raise FetchError("nature", first.url, f"{first.cause}{more}")

    def _feed(self, journal: str, path: str) -> Iterator[Paper | Checkpoint]:
        url = self.feed_url(path)
        key = feed_key(journal)
        state = self.store.feed_state(key)
        headers: dict[str, str] = {}
        if state.get("url") == url:  # validators belong to the URL they came from
            if state.get("etag"):
                headers["If-None-Match"] = str(state["etag"])
            if state.get("last_modified"):
                headers["If-Modified-Since"] = str(state["last_modified"])
        response = self.client.get(url, headers=headers)
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        if response.status_code == 304:
            self.not_modified += 1
            yield Checkpoint(key, {"url": url, "last_success": stamp})
            return
        papers, skipped = parse_feed(response.content, str(response.url), journal)
        self.skipped += skipped
        yield from papers
        yield Checkpoint(
            key,
            {
                "url": url,
                "etag": response.headers.get("ETag"),
                "last_modified": response.headers.get("Last-Modified"),
                "last_success": stamp,
            },
        )
