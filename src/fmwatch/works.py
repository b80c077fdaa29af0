"""Identity across sources: which stored records are one work, and which works are already known.

A work seen as an arXiv preprint, a bioRxiv preprint and a journal article is *one* work. Records
are joined when they share a key (DOI, versionless arXiv id, the preprint→published DOI a source
reports, an arXiv record's journal DOI) or, failing that, when their normalised titles are nearly
identical and distinctive enough to mean one paper (:func:`fmwatch.identity.title_is_distinctive`
keeps "Foundation models in medicine" from merging two different papers), unless the records'
author lists share no name (two groups' papers with alike titles).

:class:`KnownWorks` answers "is this work already catalogued, accepted or rejected?". It looks up
keys first (one dict access) and then titles through :class:`fmwatch.identity.TitleIndex`, which
compares a title only with titles sharing its rarest words, so checking N papers against a
catalog of M entries costs about N lookups, not N x M fuzzy comparisons. A row whose Name cell
names another model than a title's "Name:" prefix is not that title's row.

When a catalog row points at a preprint and a stored record of the same work carries the
journal DOI, :meth:`KnownWorks.link_updates` reports a proposed link update.

:class:`Feedback` (learning from curators' accepted and rejected works) lives in
:mod:`fmwatch.feedback`; it is re-exported here for older imports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fmwatch.feedback import Feedback as Feedback  # re-exported: older imports
from fmwatch.identity import (
    TitleForms,
    TitleIndex,
    author_words,
    canonical_paper_url,
    doi_key,
    is_preprint_key,
    keys_conflict,
    name_cell_keys,
    names_another_model,
    normalize_doi,
    normalize_title,
    same_words_keys,
    title_forms,
    words_contained,
    words_disjoint,
    work_keys,
    work_keys_from_url,
)
from fmwatch.models import Paper

#: Which record speaks for a work: journal versions carry the final title and the DOI a catalog
#: row should link; among preprints, the one with an abstract and the latest version.
_SOURCE_RANK = {"nature": 0, "europepmc": 1, "medrxiv": 2, "biorxiv": 2, "arxiv": 3}
_UNRANKED = max(_SOURCE_RANK.values()) + 1


def paper_keys(paper: Paper) -> set[str]:
    keys = work_keys(arxiv_id=paper.arxiv_id, doi=paper.doi, published_doi=paper.published_doi)
    for url in (paper.abs_url, paper.doi_url):
        if url:
            keys |= work_keys_from_url(url)
    return keys


@dataclass(slots=True)
class Work:
    """One work: its records, the union of their keys, and the record that speaks for it."""

    work_id: str
    keys: set[str]
    papers: list[Paper]
    #: the journal DOI a preprint server's ``pubs`` link gives (newer than a record's own)
    linked_doi: str | None = None

    @property
    def best(self) -> Paper:
        return min(
            self.papers,
            key=lambda p: (
                p.abstract is None,
                _SOURCE_RANK.get(p.source, _UNRANKED),
                -(p.version or 0),
                p.source_id,
            ),
        )

    @property
    def title(self) -> str:
        return self.best.title

    def merged(self) -> dict[str, Any]:
        """The classify fields, pooled over records: an abstract from whichever record has one."""
        best = self.best
        journal_rec = next(
            (p for p in self.papers if p.source in ("nature", "europepmc") or p.journal), None
        )
        arxiv_rec = next((p for p in self.papers if p.arxiv_id), None)
        doi = next((p.doi for p in self.papers if p.doi and p.source != "arxiv"), None) or best.doi
        published = self.linked_doi or next(
            (p.published_doi for p in self.papers if p.published_doi), None
        )
        links = [u for p in self.papers for u in (p.abs_url, p.doi_url) if u]
        return {
            "title": best.title,
            "abstract": next(
                (p.abstract for p in sorted(self.papers, key=_abstract_rank) if p.abstract), None
            ),
            # (read by the scorer only when no record has an abstract)
            "summary": next((p.summary for p in self.papers if p.summary), None),
            "comment": " ".join(p.comment for p in self.papers if p.comment),
            "journal": (journal_rec.journal or journal_rec.journal_ref) if journal_rec else None,
            "categories": sorted({c for p in self.papers for c in p.categories}),
            "doi": doi,
            "arxiv_id": arxiv_rec.arxiv_id if arxiv_rec else None,
            "published_doi": published,
            "url": self.paper_url,
            "source": best.source,
            "links": links,
        }

    @property
    def published_doi(self) -> str | None:
        """The journal DOI: a server's preprint → journal link, a preprint's own word that it
        was published, or a record that is the journal article."""
        if self.linked_doi:
            return self.linked_doi
        for paper in self.papers:
            if paper.published_doi:
                return paper.published_doi.lower()
        for key in sorted(self.keys):
            if key.startswith("doi:") and not is_preprint_key(key):
                return key[4:]
        return None

    @property
    def paper_url(self) -> str | None:
        """The canonical link for a catalog row: the journal DOI when known, else the preprint."""
        published = self.published_doi
        if published:
            return canonical_paper_url(doi=published)
        best = self.best
        return canonical_paper_url(arxiv_id=best.arxiv_id, doi=best.doi, fallback=best.abs_url)


def _abstract_rank(paper: Paper) -> tuple[int, int]:
    return (_SOURCE_RANK.get(paper.source, _UNRANKED), -len(paper.abstract or ""))


def _id_preference(key: str) -> tuple[bool, bool, str]:
    return (not key.startswith("arxiv:"), not is_preprint_key(key), key)


def make_work_id(keys: Iterable[str], title: str) -> str:
    """A stable id: the preprint key when there is one (it comes first in time), else a DOI."""
    ordered = sorted(keys, key=_id_preference)
    if ordered:
        return ordered[0]
    digest = hashlib.sha256(normalize_title(title).encode()).hexdigest()[:16]
    return f"title:{digest}"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_works(
    papers: Iterable[Paper],
    existing_ids: dict[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    keep: Collection[str] = (),
) -> list[Work]:
    """Group records into works by shared keys, then by near-identical distinctive titles.

    ``existing_ids`` maps keys to work ids already stored, so that a work keeps its id when a
    new record (say, the journal version) joins it; when records of two stored works join, the
    id in ``keep`` (a work a pull request already lists) wins, else the one :func:`make_work_id`
    would choose (the preprint's). ``links`` maps bioRxiv/medRxiv DOIs to the journal DOIs the
    servers' ``pubs`` reported (:meth:`fmwatch.store.Store.links`): a preprint record then
    carries that journal DOI as a key instead of the one its own record gave (the link is the
    newer word), and the journal article joins its work.
    """
    records = list(papers)
    keys = [paper_keys(p) for p in records]
    linked: dict[int, str] = {}
    if links:
        for i, paper in enumerate(records):
            preprint = normalize_doi(paper.doi or "") if paper.doi else None
            journal = links.get(preprint) if preprint else None
            if journal is None:
                continue
            linked[i] = journal
            if paper.published_doi:
                own = normalize_doi(paper.published_doi)
                if own and own != journal:
                    keys[i].discard(doi_key(own))
            keys[i].add(doi_key(journal))
    uf = _UnionFind(len(records))
    owner: dict[str, int] = {}
    for i, ks in enumerate(keys):
        for key in ks:
            if key in owner:
                uf.union(owner[key], i)
            else:
                owner[key] = i
    # Two groups' papers with alike titles are told apart by their authors (the words of every
    # name a group's records list, read only when titles are alike: most records never are).
    # Groups that list the most names look for their titles first, so that a record listing
    # few (a consortium, a first author) meets the group whose words it shares whatever order
    # the records came in. (Not every order: a chain of partial overlaps, P sharing a name
    # with Q and Q with R but R none with P, can still end as one work or two.)
    roots = [uf.find(i) for i in range(len(records))]
    names = [0] * len(records)
    for i, paper in enumerate(records):
        if paper.authors:
            names[roots[i]] += len(paper.authors)
    held_by: dict[int, list[int]] = {}  # (a group's records, once authors are first read)
    group_words: dict[int, frozenset[str]] = {}
    record_words: dict[int, frozenset[str]] = {}

    def words_of(root: int) -> frozenset[str]:
        found = group_words.get(root)
        if found is None:
            if not held_by:
                for i, first in enumerate(roots):
                    held_by.setdefault(uf.find(first), []).append(i)
            for m in held_by[root]:
                if m not in record_words:
                    record_words[m] = author_words(records[m].authors)
            found = frozenset().union(*(record_words[m] for m in held_by[root]))
            group_words[root] = found
        return found

    current = 0  # (the record whose title is being matched)

    def same_paper(j: int, score: float) -> bool:
        # A similar title under another arXiv id or journal DOI is another paper; the same
        # title under ids that can be one paper's is that paper. Otherwise (a similar title
        # under ids that can agree, the same title under two) the authors decide: two groups
        # that list none in common are two papers, and a group listing none says nothing.
        conflict = keys_conflict(keys[j], keys[current])
        if conflict != (score >= 100.0):
            return not conflict
        mine, theirs = uf.find(current), uf.find(j)
        return not (
            names[mine] and names[theirs] and words_disjoint(words_of(mine), words_of(theirs))
        )

    order = sorted(range(len(records)), key=lambda i: -names[roots[i]]) if any(names) else None
    index: TitleIndex[int] = TitleIndex()
    for current in order or range(len(records)):
        title = records[current].title
        if not title:
            continue
        forms = title_forms(title)
        found = index.find(forms, same_paper)
        if found is None:
            index.add(forms, current)
            continue
        a, b = uf.find(found[0]), uf.find(current)
        if a == b:
            continue
        uf.union(a, b)
        root, gone = (a, b) if uf.find(a) == a else (b, a)
        names[root] += names[gone]
        if held_by:
            held_by[root].extend(held_by.pop(gone))
            group_words.pop(root, None)  # (read again from its records when next asked)
            group_words.pop(gone, None)
    groups: dict[int, list[int]] = {}
    for i in range(len(records)):
        groups.setdefault(uf.find(i), []).append(i)
    works: list[Work] = []
    existing_ids = existing_ids or {}
    keep = keep if isinstance(keep, frozenset | set) else frozenset(keep)
    for members in groups.values():
        all_keys: set[str] = set().union(*(keys[i] for i in members))
        members_papers = [records[i] for i in members]
        reused = {existing_ids[k] for k in all_keys if k in existing_ids}
        kept = sorted(reused.intersection(keep))
        if kept:
            work_id = kept[0]
        elif reused:
            work_id = min(reused, key=_id_preference)
        else:
            work_id = make_work_id(all_keys, members_papers[0].title)
        journal = next((linked[i] for i in members if i in linked), None)
        works.append(Work(work_id, all_keys, members_papers, linked_doi=journal))
    works.sort(key=lambda w: w.work_id)
    return works


# -- known works ----------------------------------------------------------------------------------


@dataclass(slots=True)
class KnownEntry:
    """A work the bot must not propose: a catalog row, or a curator's accept/reject decision."""

    keys: set[str]
    title: str
    status: str  # catalogued | accepted | rejected
    name: str | None = None
    section: str | None = None
    paper_url: str | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        who = self.name or self.title or ", ".join(sorted(self.keys)) or "?"
        return f"{self.status}: {who}"


@dataclass(slots=True)
class LinkUpdate:
    """A catalog row that links a preprint whose journal version is now known."""

    name: str | None
    title: str
    old_url: str | None
    new_url: str
    line: int | None = None
    work_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "old_url": self.old_url,
            "new_url": self.new_url,
            "line": self.line,
            "work_id": self.work_id,
        }


def is_declined(
    keys: Iterable[str], journal_doi: str, declined: Collection[tuple[str, str]]
) -> bool:
    """Whether a curator declined linking this preprint (any of its keys) to ``journal_doi``
    (``fmwatch reject-link``)."""
    return any((key, journal_doi) in declined for key in keys)


#: (a tuple: ``set | frozenset`` would build a union type on every call of :meth:`KnownWorks.match`,
#: which the prefilter makes for every paper of a feed)
_SETS = (set, frozenset)


class KnownWorks:
    """Catalog entries and curator decisions, indexed by key and by title."""

    def __init__(self) -> None:
        self.entries: list[KnownEntry] = []
        self._by_key: dict[str, int] = {}
        self._titles: TitleIndex[int] = TitleIndex()
        #: entries by :func:`same_words_keys` of their titles (titles too generic to match by
        #: likeness match a title of the very same words), and by the model names of their
        #: titles' "Name:" prefixes and Name cells, with their titles' forms
        self._same_words: dict[str, list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._forms: dict[int, TitleForms] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_catalog(cls, catalog: Any) -> KnownWorks:
        """From a parsed catalog (``fmwatch.catalog.parse_catalog(text)``) or its entries."""
        known = cls()
        entries = catalog.entries() if hasattr(catalog, "entries") else catalog
        for entry in entries:
            known.add_catalog_entry(entry)
        return known

    @classmethod
    def from_catalog_text(cls, text: str) -> KnownWorks:
        from fmwatch.catalog import parse_catalog  # another engineer's module; imported lazily

        return cls.from_catalog(parse_catalog(text))

    def add_catalog_entry(self, entry: Any) -> None:
        keys = set(getattr(entry, "keys", None) or ())
        url = getattr(entry, "paper_url", None)
        if url:
            keys |= work_keys_from_url(str(url))
        self._add(
            KnownEntry(
                keys=keys,
                title=str(getattr(entry, "paper_title", "") or ""),
                status="catalogued",
                name=getattr(entry, "name", None) or None,
                section=getattr(entry, "section", None) or None,
                paper_url=str(url) if url else None,
                line=getattr(entry, "line", None),
            )
        )

    def add_decision(self, work_keys: Iterable[str], title: str, status: str) -> None:
        """A curator accepted or rejected a work: never propose it (or its other versions) again."""
        if status not in ("accepted", "rejected"):
            raise ValueError(f"status must be accepted or rejected, not {status!r}")
        self._add(KnownEntry(keys=set(work_keys), title=title, status=status))

    def _add(self, entry: KnownEntry) -> None:
        position = len(self.entries)
        self.entries.append(entry)
        for key in entry.keys:
            # a catalog row outranks a decision about the same work
            if key not in self._by_key or entry.status == "catalogued":
                self._by_key[key] = position
        if entry.title:
            forms = title_forms(entry.title)
            self._titles.add(forms, position)
            self._forms[position] = forms
            for key in same_words_keys(forms):
                self._same_words.setdefault(key, []).append(position)
            names = set(name_cell_keys(entry.name)) if entry.name else set()
            if forms.name and len(forms.name) >= 3:
                names.add(forms.name)
            for name in names:
                self._by_name.setdefault(name, []).append(position)

    def match(self, keys: Iterable[str], title: str | None) -> KnownEntry | None:
        keys = keys if isinstance(keys, _SETS) else set(keys)
        # every key's entry, then the best: a catalog row before a curator's decision, then
        # the first entry (never the order of a set, which changes with Python's hash seed)
        best = -1
        for key in keys:
            position = self._by_key.get(key)
            if position is not None and (
                best < 0
                or (self.entries[position].status != "catalogued", position)
                < (self.entries[best].status != "catalogued", best)
            ):
                best = position
        if best >= 0:
            return self.entries[best]
        if title:
            forms = title_forms(title)

            def same_paper(position: int, score: float) -> bool:
                # a similar (not the same) title under another arXiv id or journal DOI is
                # another paper: "… of the mouse brain" is not "… of the human brain"; so is one
                # whose "Name:" prefix names another model than the row's Name cell
                if score >= 100.0:
                    return True
                entry = self.entries[position]
                return not keys_conflict(entry.keys, keys) and not (
                    entry.name and names_another_model(entry.name, forms, entry.title)
                )

            found = self._titles.find(forms, same_paper)
            if found is not None:
                return self.entries[found[0]]
            return self._match_words(keys, forms)
        return None

    def _match_words(self, keys: set[str] | frozenset[str], forms: TitleForms) -> KnownEntry | None:
        """An entry whose title has the very same words as ``forms`` (a title too generic to
        match by likeness), or whose model ``forms`` names in its "Name:" prefix and whose
        title's words hold, or are held in, the title's (:func:`words_contained`): never under
        another arXiv id or journal DOI, nor a row whose Name cell names another model."""
        for key in same_words_keys(forms) if self._same_words else ():
            for position in self._same_words.get(key, ()):
                entry = self.entries[position]
                if not keys_conflict(entry.keys, keys) and not (
                    entry.name and names_another_model(entry.name, forms, entry.title)
                ):
                    return entry
        if forms.name:
            for position in self._by_name.get(forms.name, ()):
                entry = self.entries[position]
                if words_contained(forms, self._forms[position]) and not keys_conflict(
                    entry.keys, keys
                ):
                    return entry
        return None

    def link_updates(
        self, works: Iterable[Work], declined: Collection[tuple[str, str]] = ()
    ) -> list[LinkUpdate]:
        """Catalogued rows linking a preprint whose work now has a journal DOI, but for the
        (preprint key, journal DOI) pairs curators ``declined``."""
        updates: list[LinkUpdate] = []
        seen: set[int] = set()
        for work in works:
            published = work.published_doi
            if not published:
                continue
            entry = self.match(work.keys, work.title)
            if entry is None or entry.status != "catalogued" or id(entry) in seen:
                continue
            if not entry.keys or not all(is_preprint_key(k) for k in entry.keys):
                continue
            if f"doi:{published}" in entry.keys or is_declined(entry.keys, published, declined):
                continue
            seen.add(id(entry))
            updates.append(
                LinkUpdate(
                    name=entry.name,
                    title=entry.title or work.title,
                    old_url=entry.paper_url,
                    new_url=f"https://doi.org/{published}",
                    line=entry.line,
                    work_id=work.work_id,
                )
            )
        return updates
