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

Feeds carry no abstract: ``abstract`` is ``None`` (missing: Europe PMC is asked for it by DOI).
The ``content:encoded`` standfirst — after a first paragraph "<journal>, Published online:
<date>; doi:…" — is the editors' one-sentence summary of the paper (67 of the 79 research items
of the recorded feeds), or the title again: kept as ``summary`` when it says more than the
title, and read by the scorer until the abstract is found. Titles hold HTML in
CDATA (``S<sub>N</sub>2``), cleaned by :mod:`fmwatch.text`. The DOI is read from ``prism:doi``,
else ``dc:identifier`` (``doi:`` prefix), else the article URL.

Why feedparser here, and ElementTree for arXiv
    These feeds are small (tens of items) and come in the RSS dialects feedparser exists for:
    RSS 1.0/RDF and 2.0 alike, ``dc:`` fields mapped by namespace URI (``dc_identifier``,
    ``dc_type``, ``dc:creator`` into ``authors``, ``dc:date`` into ``updated``), encodings
    sniffed from the BOM and XML declaration, and HTML in titles sanitised. Its speed does not
    matter at this size. Its leniency does, so it is fenced in: a *bozo* result whose cause is
    a real XML error (malformed or truncated XML, an undefined entity, an unbound prefix) or
    that is not an RSS feed at all (an HTML page, an empty body, an Atom or unknown document)
    is a :class:`~fmwatch.errors.FeedFormatError`, never the partial result feedparser's loose
    fallback parser salvages. Harmless bozo causes (a declared and an actual encoding that
    disagree) are accepted. PRISM's namespace (``basic/2.0/`` at Nature) is unknown to
    feedparser, which then keys its fields by the document's prefix; the prefixes bound to the
    PRISM namespace URIs are looked up in the result's ``namespaces``, so fields are still
    found by URI (``<prefix>_doi``, ``_publicationname``, ``_publicationdate``, ``_section``,
    ``_url``). The body is handed to feedparser as a stream, never as bytes: given bytes or a
    string it first tries to open them as a URL or a local file name, which untrusted content
    must never trigger.

    arXiv's export API is the opposite case (see :mod:`fmwatch.sources.arxiv`): pages of 2,000
    entries, where feedparser is about ten times slower than expat and builds every entry
    before the window can be checked, while the streaming ElementTree reader stops at the
    first entry older than the window.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Iterator, Mapping
from typing import Any

from fmwatch.clock import now_iso
from fmwatch.config import Config
from fmwatch.errors import FeedFormatError, FetchError
from fmwatch.http import PoliteClient
from fmwatch.identity import doi_from_url, normalize_doi
from fmwatch.models import Paper, Window
from fmwatch.sources.base import Checkpoint, Source, looks_like_html
from fmwatch.store import Store
from fmwatch.text import clean_html, clean_text

#: PRISM namespace URIs seen in publishers' feeds (Nature: ``basic/2.0/``); feedparser itself
#: knows only ``1.2/basic/``, under the prefix ``prism``.
PRISM_NAMESPACES = (
    "http://prismstandard.org/namespaces/basic/2.0/",
    "http://prismstandard.org/namespaces/basic/2.1/",
    "http://prismstandard.org/namespaces/2.0/basic/",
    "http://prismstandard.org/namespaces/1.2/basic/",
    "http://purl.org/rss/1.0/modules/prism/",
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


def _validator(value: object) -> str | None:
    """An ETag or Last-Modified value fit to send back, or None. A server may send non-ASCII
    bytes there; such a value cannot go into a request header, and sending it back would fail
    every later run of the feed, so it is not kept (the feed is then simply read in full)."""
    if not isinstance(value, str) or not value or len(value) > 1024:
        return None
    return value if value.isascii() and value.isprintable() else None


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


def _xml_error(parsed: Mapping[str, Any]) -> Exception | None:
    """The bozo exception that means the document is not well-formed XML, else None."""
    if not parsed.get("bozo"):
        return None
    import feedparser

    exc = parsed.get("bozo_exception")
    real = (
        xml.sax.SAXException,
        feedparser.UndeclaredNamespace,
        feedparser.CharacterEncodingUnknown,
    )
    return exc if isinstance(exc, real) else None


#: The dateline Nature puts before the standfirst, in any wrapping: "<p>Nature, Published online:
#: 18 July 2024; <a …>doi:10.1038/…</a></p>", the same without tags, or a first paragraph that
#: is only a DOI. Anchored and bounded: one attempt, linear in the item's size.
_DATELINES = (
    re.compile(
        r"^\s*(?:<(?:p|div)\b[^<>]{0,200}>\s*)?[^<,]{0,120},\s*published online:?\s*"
        r"\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4};?"
        r"(?:\s*(?:<a\b[^<>]{0,1000}>)?\s*doi:\s*[^\s<]{1,200}\s*(?:</a>)?)?\s*"
        r"(?:</(?:p|div)>)?",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\s*<p\b[^<>]{0,200}>\s*(?:<a\b[^<>]{0,1000}>)?\s*doi:\s*[^\s<]{1,200}\s*(?:</a>)?\s*</p>",
        re.IGNORECASE,
    ),
)
_WORDS = re.compile(r"[^\W_]+")
#: Longer is not a standfirst (a feed that puts the full text there).
MAX_SUMMARY_CHARS = 2000


def standfirst(entry: Mapping[str, Any], title: str) -> str | None:
    """The editors' one-sentence summary of an item, or None when it is missing, only the
    dateline, too long to be one, or the title again (see the module docstring)."""
    content = entry.get("content")
    raw = None
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        raw = content[0].get("value")
    if not isinstance(raw, str) or not raw.strip():
        raw = entry.get("summary")
    if not isinstance(raw, str) or len(raw) > 8 * MAX_SUMMARY_CHARS:
        return None
    for dateline in _DATELINES:
        raw = dateline.sub("", raw, count=1)
    text = clean_html(raw)
    if not text or len(text) > MAX_SUMMARY_CHARS:
        return None
    words, title_words = _WORDS.findall(text.lower()), _WORDS.findall(title.lower())
    if words == title_words:
        return None  # the title again
    if (
        len(title_words) >= 4
        and len(words) - len(title_words) <= 2
        and (words[: len(title_words)] == title_words or words[-len(title_words) :] == title_words)
    ):
        return None  # the title again, give or take a word ("Research article: …")
    return text


def _first(mapping: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def parse_feed(body: bytes, url: str, journal: str) -> tuple[list[Paper], int]:
    """(research papers, skipped items) of one feed body."""
    if looks_like_html(body):
        raise FeedFormatError(
            "nature",
            url,
            "not an RSS feed (the server sent an HTML page); check sources.nature.base_url "
            "and the feed path",
        )
    import feedparser  # here, not at the top: runs without Nature feeds never pay its import

    # A stream, so never opened as a URL or a file. No sanitising or URI resolution: the text
    # is cleaned by fmwatch.text and escaped wherever it is rendered.
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    error = _xml_error(parsed)
    if error is not None:
        message = error.getMessage() if isinstance(error, xml.sax.SAXParseException) else error
        raise FeedFormatError(
            "nature",
            url,
            f"not an RSS feed (malformed XML: {message}); it may be truncated, try again later",
        )
    version = str(parsed.get("version") or "")
    if not version.startswith("rss"):
        found = f"the document is {version}, not RSS" if version else "no RSS channel found"
        raise FeedFormatError("nature", url, f"not an RSS feed ({found}); check the feed path")
    namespaces = parsed.get("namespaces") or {}
    prism = ["prism", *(p for p, uri in namespaces.items() if uri in PRISM_NAMESPACES and p)]
    prism = list(dict.fromkeys(prism))
    channel_name = _first(parsed.feed, *(f"{p}_publicationname" for p in prism), "title")
    papers: list[Paper] = []
    skipped = 0
    for entry in parsed.entries:
        paper = parse_item(entry, prism, channel_name or journal)
        if paper is None:
            skipped += 1
        else:
            papers.append(paper)
    return papers, skipped


def parse_item(entry: Mapping[str, Any], prism: list[str], journal: str) -> Paper | None:
    """One feedparser entry to a Paper, or None for non-research items and items without a DOI.

    ``prism`` lists the keys' prefixes under which this feed's PRISM fields appear.
    """
    link = _first(entry, "link", *(f"{p}_url" for p in prism), "id")
    raw_doi = _first(entry, *(f"{p}_doi" for p in prism), "dc_identifier")
    doi = normalize_doi(raw_doi) if raw_doi else None
    if not doi and link:
        doi = doi_from_url(link)
    title = clean_text(_first(entry, "title"))
    if not doi or not title:
        return None
    kind = _first(entry, "dc_type", *(f"{p}_section" for p in prism))
    if not is_research(doi, title, kind):
        return None
    authors = tuple(
        " ".join(author["name"].split())
        for author in entry.get("authors") or ()
        if isinstance(author, Mapping)
        and isinstance(author.get("name"), str)
        and author["name"].strip()
    )
    # feedparser files dc:date under "updated" (the raw text is kept, only sliced here)
    date = _first(entry, "updated", *(f"{p}_publicationdate" for p in prism))
    name = _first(entry, *(f"{p}_publicationname" for p in prism)) or journal
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
        summary=standfirst(entry, title),
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
            for header, field in (
                ("If-None-Match", "etag"),
                ("If-Modified-Since", "last_modified"),
            ):
                value = _validator(state.get(field))
                if value:
                    headers[header] = value
        response = self.client.get(url, headers=headers)
        stamp = now_iso()
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
                "etag": _validator(response.headers.get("ETag")),
                "last_modified": _validator(response.headers.get("Last-Modified")),
                "last_success": stamp,
            },
        )
