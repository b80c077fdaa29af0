"""What every source is: a date window in, a stream of :class:`~fmwatch.models.Paper` out.

A source never writes to the database itself. It yields Papers, and where it has per-feed state
that must only be saved once that feed's records are safely stored (Nature's ETag and
Last-Modified), it yields a :class:`Checkpoint` right after them; :mod:`fmwatch.ingest` flushes
the pending batch, then saves the checkpoint's state. So a crash between the two can at worst
re-fetch a feed, never skip one.

A source signals failure by raising :class:`~fmwatch.errors.FetchError` (after the retries that
make sense); whatever it yielded before that is kept.

Re-reading is cheap. Every run re-reads some days (the overlap that catches late announcements),
and cleaning titles and abstracts is most of the cost of a record. So the arXiv and bioRxiv
sources first build a :class:`Draft` (every field but the cleaned text) and ask
:meth:`Source.changed` which drafts the store does not already hold: a record whose every other
field (version and date included) equals the stored row is counted in :attr:`Source.unchanged`
and never cleaned, hashed or written. Titles and abstracts cannot change without a new version or
date, so nothing is missed; a metadata-only change (a journal reference or DOI added to the same
arXiv version, a bioRxiv preprint's ``published`` DOI) still differs and is stored. The price: a
change to the cleaning rules in :mod:`fmwatch.text` reaches stored rows only when their record
changes, not by re-reading them.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from fmwatch.config import Config
from fmwatch.errors import EmptyPage, FeedFormatError
from fmwatch.http import PoliteClient
from fmwatch.models import SIGNATURE_FIELDS, Paper, Publication, Window
from fmwatch.store import Store
from fmwatch.text import clean_text


def looks_like_html(body: bytes) -> bool:
    """An HTML page where a feed was expected (a login wall, an error or a maintenance page
    served with status 200): worth saying so, rather than "not well-formed" or "not JSON"."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def json_page(source: str, body: bytes, url: str, setting: str, when_invalid: str) -> Any:
    """The JSON value of an API page, or :class:`FeedFormatError` naming the cause: an HTML page
    (check ``setting``, the source's base URL, or wait out maintenance), else invalid JSON
    (``when_invalid`` says what to do)."""
    try:
        try:
            return json.loads(body)
        except UnicodeDecodeError:
            # a byte that is not UTF-8 inside a record's text (a server's mojibake) comes back
            # on every retry, and failing the page would fail the source's window every run
            # for good: the byte reads as U+FFFD, and the JSON must still be whole to be read
            return json.loads(body.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, RecursionError):
            # (arrays or objects nested thousands deep: no API sends that, and the parser's
            # RecursionError was reported as a bug, "unexpected RecursionError… please report")
            exc = ValueError("nested too deeply")
        if looks_like_html(body):
            raise FeedFormatError(
                source,
                url,
                f"not JSON (the server sent an HTML page); check {setting}, or try again later "
                "if the service is down for maintenance",
            ) from None
        raise FeedFormatError(
            source, url, f"the response is not valid JSON ({exc}); {when_invalid}"
        ) from None


@dataclass(frozen=True)
class Checkpoint:
    """Save ``state`` for feed ``feed`` once every Paper yielded before this is stored (an
    empty ``state`` only has them stored: what comes next reads the store)."""

    feed: str
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogRecords:
    """Records of papers the catalog already lists, read to learn their journal versions (not
    news): stored like any record, but never counted as the week's papers nor proposed again,
    even after their row leaves the catalog (:meth:`fmwatch.store.Store.catalog_checked`)."""

    papers: tuple[Paper, ...]
    arxiv_ids: tuple[str, ...]


@dataclass(frozen=True)
class FoundAbstracts:
    """One lookup of stored records' missing abstracts: every DOI ``asked`` counts a try, and
    ``found`` (DOI → cleaned abstract) is kept (:mod:`fmwatch.abstract_store`)."""

    asked: tuple[str, ...]
    found: dict[str, str]
    service: str


@dataclass(slots=True)
class Draft:
    """A parsed record before its costly step: every Paper field but the cleaned title/abstract.

    ``fields`` are the Paper's keyword arguments except ``title`` and ``abstract`` (give every
    one, None included: :meth:`signature` is then one C-level lookup);
    ``raw_title``/``raw_abstract`` are the source's text (``raw_abstract`` None: the source has
    none, so the Paper's abstract is missing); ``title_fallback`` stands in for a title that
    cleans to nothing (arXiv: the id), else such a record is unusable.
    """

    fields: dict[str, Any]
    raw_title: str | None
    raw_abstract: str | None
    title_fallback: str | None = None

    @property
    def source_id(self) -> str:
        return str(self.fields["source_id"])

    def signature(self) -> tuple[Any, ...]:
        """Compared with :meth:`fmwatch.store.Store.stored_signatures` (same field order)."""
        try:
            return _signature_of(self.fields)  # type: ignore[no-any-return]
        except KeyError:
            return tuple(self.fields.get(name) for name in SIGNATURE_FIELDS)

    def finish(self) -> Paper | None:
        """The Paper, text cleaned; None when the title cleans to nothing and has no fallback."""
        title = clean_text(self.raw_title) or self.title_fallback
        if not title:
            return None
        abstract = None if self.raw_abstract is None else clean_text(self.raw_abstract)
        return Paper(title=title, abstract=abstract, **self.fields)


_VERSION = SIGNATURE_FIELDS.index("version")
_signature_of = itemgetter(*SIGNATURE_FIELDS)


_T = TypeVar("_T")


class Source(ABC):
    """One source of papers. Subclasses set :attr:`name` and implement :meth:`papers`."""

    #: the name used in ``--source``, in the ``feeds`` table and in the run summary
    name: str = ""
    #: days re-read before the last successful window's end (catches late announcements)
    overlap_days: int = 0

    def __init__(self, config: Config, store: Store, client: PoliteClient) -> None:
        self.config = config
        self.store = store
        self.client = client
        #: records seen but deliberately not yielded (news items, out-of-window entries)
        self.skipped = 0
        #: conditional GETs answered 304 Not Modified
        self.not_modified = 0
        #: records read again that the store already holds, unchanged or at a newer version
        #: (fetched, but neither cleaned nor yielded: see :meth:`changed`)
        self.unchanged = 0
        #: every record of the window was read, even if a later step of the source failed
        #: (bioRxiv's ``pubs``): the window then advances, and that step keeps its own
        self.window_read = False

    @abstractmethod
    def papers(
        self, window: Window
    ) -> Iterator[Paper | Publication | Checkpoint | CatalogRecords | FoundAbstracts]:
        """Yield the records of ``window`` (and checkpoints, the preprint → journal links a
        server reports, records of the catalog's own papers, abstracts found for stored
        records); raise FetchError on failure."""

    def changed(self, drafts: list[Draft]) -> Iterator[Paper]:
        """The Papers of ``drafts`` that would change the store; one store query per 400 ids.

        A draft equal to its stored row in every field but the text, or older than the stored
        version (which the store would refuse anyway), is counted in :attr:`unchanged` instead.
        A draft whose title cleans to nothing is counted in :attr:`skipped`.
        """
        by_source: dict[str, list[str]] = {}
        for draft in drafts:
            by_source.setdefault(str(draft.fields["source"]), []).append(draft.source_id)
        stored = {
            source: self.store.stored_signatures(source, ids) for source, ids in by_source.items()
        }
        for draft in drafts:
            old = stored[str(draft.fields["source"])].get(draft.source_id)
            if old is not None:
                signature = draft.signature()
                if old == signature or (old[_VERSION] or 0) > (signature[_VERSION] or 0):
                    self.unchanged += 1
                    continue
            paper = draft.finish()
            if paper is None:
                self.skipped += 1
            else:
                yield paper

    def retried(self, fetch: Callable[[int], _T]) -> _T:
        """``fetch(attempts)`` up to ``[http] attempts`` times (it is given that number for its
        messages): a malformed or truncated page (:class:`FeedFormatError`, often a proxy or
        overload hiccup) or an :class:`EmptyPage` counts as an error and is fetched again, and
        the last attempt's is raised. Any other error ends the attempts at once (an HTTP 400
        will not mend itself; the client has already retried what the network did).
        """
        attempts = max(1, self.config.http.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return fetch(attempts)
            except (FeedFormatError, EmptyPage):
                self.client.errors += 1
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def uses_window(self) -> bool:
        """Whether the source reads a date window (Nature's feeds are always 'the latest')."""
        return True

    def close(self) -> None:
        self.client.close()
