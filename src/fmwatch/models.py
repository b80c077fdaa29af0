"""Plain value objects shared by every layer. No I/O lives here."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from fmwatch.text import without_surrogates

#: The catalog's sections, in its order (``fmwatch.catalog`` reads and writes them).
SECTIONS: tuple[str, ...] = (
    "Clinical Data",
    "Image Data",
    "Genomic data",
    "Multimodal data",
    "Review paper",
    "Benchmark paper",
)

#: What a scored work is: a new model, a review or a benchmark (``fmwatch.score``).
KINDS: tuple[str, ...] = ("model", "review", "benchmark")

#: How many near-misses a pull request and the digest list, best first.
NEAR_MISSES_SHOWN = 10


def near_miss_order(likeness: float | None, score: float, ident: str) -> tuple[float, float, str]:
    """The sort key of near-misses wherever they are listed (digest, pull request, eval): most
    like the papers curators add first (fmwatch.ranker), then by score, ties by id."""
    return (-(likeness or 0.0), -score, ident)


#: The scorer's evidence note on a paper read by its journal's summary (no abstract yet).
SUMMARY_ONLY_NOTE = "abstract missing: read the journal's one-sentence summary"


@dataclass(frozen=True, slots=True)
class Paper:
    """One record of one source, normalised.

    A work seen on arXiv and in a journal is two Papers (one per source record) that share an
    identity (:func:`fmwatch.identity.work_key`). ``abstract`` is ``None`` when the source does not
    carry one (journal RSS), which is different from an empty abstract. ``summary`` is a
    journal's one-sentence standfirst (Nature RSS ``content:encoded``), kept only when it says
    more than the title: what a journal record is read by until its abstract is found.
    """

    source: str
    source_id: str
    title: str
    version: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    announced: str | None = None
    categories: tuple[str, ...] = ()
    journal: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    article_type: str | None = None
    abs_url: str | None = None
    pdf_url: str | None = None
    doi_url: str | None = None
    published_doi: str | None = None
    summary: str | None = None

    @property
    def abstract_missing(self) -> bool:
        return self.abstract is None

    def to_row(self) -> dict[str, Any]:
        """The database row of this record (lists as JSON text) plus a content hash."""
        row: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = json.dumps(list(value), ensure_ascii=False)
            if isinstance(value, str):
                value = without_surrogates(value)  # SQLite stores UTF-8 only
            row[f.name] = value
        row["content_hash"] = content_hash(row)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Paper:
        kwargs: dict[str, Any] = {}
        for name in _PAPER_FIELDS:
            value = row.get(name)
            if name in ("authors", "categories"):
                value = tuple(json.loads(value)) if value else ()
            kwargs[name] = value
        return cls(**kwargs)


#: Paper's field names, once (``dataclasses.fields`` rebuilds its tuple on every call, and
#: ``from_row`` runs for every stored record a ``score`` reads).
_PAPER_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Paper))

#: The cleaned text fields: the costly part of normalising a record (``summary``: RSS only).
TEXT_FIELDS = ("title", "abstract", "summary")

#: What the ingest's "already stored, unchanged?" pre-check compares: every Paper field except
#: the cleaned text. A source record cannot change its title or abstract without a new version
#: or date (arXiv versions and bioRxiv version records are immutable), so equal signatures mean
#: an equal record and the text need not be cleaned again (see :class:`fmwatch.sources.base.Draft`).
SIGNATURE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Paper) if f.name not in TEXT_FIELDS
)


def content_hash(row: dict[str, Any]) -> str:
    """A stable digest of a row's content, to tell a real update from a re-fetch.

    Keys are sorted and values written with ``repr`` (so ``None`` differs from ``""`` and ``1``
    from ``"1"``); ``repr`` rather than JSON because it runs once per ingested record. A missing
    ``summary`` is left out, so records stored before that field existed keep their hashes (an
    upgrade does not report them all updated).
    """
    payload = repr(
        [
            item
            for item in sorted(row.items())
            if item[0] != "content_hash" and (item[0] != "summary" or item[1] is not None)
        ]
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Publication:
    """A preprint server's word that a preprint appeared in a journal (bioRxiv/medRxiv ``pubs``).

    It links two DOIs without either record being stored: a catalog row may point at a preprint
    from years ago whose journal version appears this week (:mod:`fmwatch.publication_store`).
    """

    server: str
    preprint_doi: str
    published_doi: str
    journal: str | None = None
    published_date: str | None = None
    preprint_title: str | None = None


@dataclass(slots=True)
class SourceStats:
    """What one source did in one run; rendered in the summary table and stored in ``runs``."""

    source: str
    requests: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0
    skipped: int = 0
    not_modified: int = 0
    #: preprint -> journal links read (bioRxiv/medRxiv ``pubs``) that were new or changed
    links: int = 0
    #: records of the catalog's own papers read for their journal versions (not in fetched/new)
    catalog: int = 0
    #: DOIs of stored records without an abstract looked up (Europe PMC), and abstracts found
    looked_up: int = 0
    abstracts: int = 0
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True, slots=True)
class Window:
    """A closed date window ``[since, until]`` in ISO dates (YYYY-MM-DD)."""

    since: str
    until: str


@dataclass(slots=True)
class Evidence:
    """One matched phrase: which vocabulary, which phrase, where, and its weight."""

    kind: str
    phrase: str
    where: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "phrase": self.phrase,
            "where": self.where,
            "weight": self.weight,
        }


@dataclass(slots=True)
class Enrichment:
    """Model name, code and weights links found for a work, each with where it came from."""

    model_name: str | None = None
    model_name_from: str | None = None
    code_url: str | None = None
    code_url_from: str | None = None
    weights_url: str | None = None
    weights_url_from: str | None = None


@dataclass(slots=True)
class ScoreResult:
    """The scorer's verdict on one work."""

    score: float
    decision: str  # propose | near-miss | drop | known
    section: str
    kind: str  # model | review | benchmark
    evidence: list[Evidence] = field(default_factory=list)
    enrichment: Enrichment = field(default_factory=Enrichment)
    known_as: str | None = None
