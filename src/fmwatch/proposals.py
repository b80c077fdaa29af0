"""Proposals: the best new candidates as draft rows in one pull request; the curator loop.

Two entry points for the pipeline, each taking its collaborators as parameters:

- :func:`sync` reads back earlier proposals. A merged one marks the rows that survived in the
  merged catalog *accepted* (recording the curator's edit when the merged row differs from the
  proposed one or was moved to another section) and the removed ones *rejected*; a closed,
  unmerged one rejects all its rows.
- :func:`propose` selects works the scorer said ``propose`` for, that the catalog does not know
  and that were never proposed, accepted or rejected before (by work id *or* any shared work key,
  so a preprint rejected last month is not proposed again as its journal version), highest score
  first (equal scores by likeness, see :func:`_best_first`), at most ``propose.max_candidates``.
  It renders their rows with ``row.md.j2``, inserts them into the catalog on the branch
  ``{propose.branch_prefix}{YYYY}-W{WW}`` and opens one draft PR.

Why one PR at a time: a second PR for the same rows is the fastest way to get a bot switched
off. So when the bot's previous PR is still open, this run's rows are appended to *that* branch as
a new commit (built from the catalog on its tip, so curators' edits there are kept) and the PR's
title and body are updated; a branch a human pushed to is never rewritten, and the body says so.
Nothing new means no commit and no PR.

Input tables (the scorer's): ``scores`` (work_id, score, decision, section, kind, evidence,
model_name, code_url, weights_url, known_as) and ``works`` (work_id, keys, title, …). The reader is
tolerant of extra or missing optional columns; abstract and links come from ``papers`` by work key
when ``works`` does not carry them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from fmwatch import catalog as catalog_mod
from fmwatch.config import Config
from fmwatch.errors import CatalogError, ForgeError, UnknownWorkError
from fmwatch.explain import explain
from fmwatch.forge.base import Commit, Forge, PullRequest, catch_up_message
from fmwatch.identity import (
    ARXIV_ID_RE,
    TitleForms,
    forms_similarity,
    is_rxiv_doi,
    names_another_model,
    normalize_doi,
    title_forms,
    work_keys,
    work_keys_from_url,
)
from fmwatch.lint import published_version
from fmwatch.models import NEAR_MISSES_SHOWN, SUMMARY_ONLY_NOTE, near_miss_order
from fmwatch.notes import draft_note
from fmwatch.proposal_store import ProposalStore
from fmwatch.ranker import Ranker, features, packaged
from fmwatch.ranker import load as load_ranker
from fmwatch.store import Store
from fmwatch.templating import TEXT_LIMIT, render, safe_url
from fmwatch.text import clip
from fmwatch.upsert import in_chunks
from fmwatch.works import KnownWorks, is_declined

# -- value objects ---------------------------------------------------------------------------
#: evidence phrases a candidate shows in the pull request
EVIDENCE_IN_PR = 8


@dataclass(slots=True)
class Candidate:
    """One selected work and the row proposed for it."""

    work_id: str
    title: str
    score: float
    section: str
    name: str
    keys: list[str]
    paper_url: str | None
    code_url: str | None = None
    weights_url: str | None = None
    note: str = ""
    #: what the drafted note lacks ("no training-data figures in the abstract"), for the
    #: curator: said in the pull request, never written into the catalog
    note_gap: str = ""
    #: the score's evidence as stored (phrases with their vocabulary, place and weight)
    evidence: list[Any] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    row: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def web_links(self) -> list[tuple[str, str]]:
        """The sources the pull request lists: each (label, link) whose link is a web address,
        made safe to show (:func:`fmwatch.templating.safe_url`)."""
        return [(label, url) for label, link in self.links if (url := safe_url(link))]

    @property
    def evidence_shown(self) -> list[str]:
        """The evidence as the pull request lists it: its first :data:`EVIDENCE_IN_PR` phrases,
        grouped for a reader (:func:`fmwatch.explain.explain`)."""
        return explain(self.evidence, EVIDENCE_IN_PR)

    @property
    def named(self) -> bool:
        """Whether a model name was found (``"-"`` is the catalog's empty cell)."""
        return bool(self.name) and self.name != "-"

    @property
    def title_after_name(self) -> str:
        """The title as the pull request lists it after the bold name: a title that starts with
        the name ("UNI: a foundation model …") is not repeated after it."""
        if self.named and self.title.startswith(f"{self.name}:"):
            return self.title[len(self.name) + 1 :].strip() or self.title
        return self.title


@dataclass(slots=True)
class NearMiss:
    work_id: str
    title: str
    score: float
    section: str
    #: why it was held back: the scorer's cap ("adapts, fine-tunes … a model (title)"), or
    #: the score itself
    reason: str = ""
    #: how much its words resemble the papers curators add (fmwatch.ranker), in [0, 1]: the
    #: order near-misses are shown in, and the words that raised it most (when it is 0.5 or more)
    likeness: float = 0.0
    resembles: list[str] = field(default_factory=list)
    #: the paper's page, for the curator to open it from the pull request
    url: str | None = None


@dataclass(slots=True)
class LinkUpdate:
    name: str
    old_url: str
    new_url: str
    line: int


@dataclass(slots=True)
class ProposalResult:
    """What :func:`propose` did. ``status``: proposed | updated | nothing-new | dry-run."""

    status: str
    forge: str
    week: str
    branch: str | None = None
    pr_url: str | None = None
    pr_number: int | None = None
    outbox_file: str | None = None
    title: str = ""
    body: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    link_updates: list[LinkUpdate] = field(default_factory=list)
    human_commits: list[Commit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: of ``skipped``, the candidates the catalog has no section for (a heading renamed): unlike
    #: a row already on the branch, something for a curator to mend
    unplaced: list[str] = field(default_factory=list)
    #: why the open proposal's branch could not be brought up to date with the base (the two
    #: conflict), in one line with the fix; ``None`` when it was, or needed nothing
    behind: str | None = None
    #: how the open proposal's branch was brought up to date with the base this run: "merged"
    #: (a plain merge) or "resolved" (the bot put its rows after the base's own); else None
    caught_up: str | None = None
    #: every near-miss, best first (``near_misses`` is its head): the digest picks the ones no
    #: earlier digest reported from it, without reading the store again
    near_miss_pool: list[NearMiss] = field(default_factory=list, repr=False)

    @property
    def count(self) -> int:
        return len(self.candidates)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["count"] = self.count
        data.pop("body")
        data.pop("near_miss_pool")
        return data


@dataclass(slots=True)
class SyncSummary:
    """What :func:`sync` found: proposals checked per state, and the works decided."""

    checked: int = 0
    open: int = 0
    merged: int = 0
    closed: int = 0
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    #: works accepted from the terminal (``fmwatch accept``) whose proposal was closed without
    #: their row reaching the catalog: never proposed again, so a curator must add them
    accepted_not_in_catalog: list[str] = field(default_factory=list)
    #: works accepted by a merge whose row has since left the catalog (removed, or the merge
    #: reverted): never proposed again, yet not catalogued, until a curator says which it is
    accepted_then_removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def warnings(self) -> list[str]:
        """One line per accepted work the catalog lacks, saying how to mend it."""
        return [
            f"{work_id} was accepted but its proposal was closed, so its row is not in the "
            f"catalog; add the row by hand, or `fmwatch reopen {work_id}` to have it proposed "
            "again"
            for work_id in self.accepted_not_in_catalog
        ] + [
            f"{work_id} was accepted (its proposal was merged) but its row is no longer in the "
            f"catalog (removed, or the merge reverted?); `fmwatch reject {work_id}` if that was "
            f"meant, or `fmwatch reopen {work_id}` to have it proposed again"
            for work_id in self.accepted_then_removed
        ]


# -- reading the scorer's tables ---------------------------------------------------------------
def iso_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def _loads(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, (list, dict)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def _loads_list(value: Any) -> list[Any]:
    """A stored JSON list; [] for anything else (null, an object, bad JSON)."""
    items = _loads(value, [])
    return items if isinstance(items, list) else []


def _keys_of(work: dict[str, Any], work_id: str) -> list[str]:
    keys = [str(k) for k in _loads(work.get("keys"), [])]
    if ":" in work_id and work_id not in keys:
        keys.insert(0, work_id)
    return keys


def _papers_for(store: Store, keys: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "arxiv":
            sql, params = "SELECT * FROM papers WHERE arxiv_id = ?", [value]
        elif kind == "doi":
            sql, params = "SELECT * FROM papers WHERE doi = ? OR published_doi = ?", [value, value]
        else:
            continue
        cursor = store.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        rows.extend(dict(zip(names, r, strict=True)) for r in cursor.fetchall())
    return rows


def _canonical_links(
    keys: Sequence[str], papers: Sequence[dict[str, Any]]
) -> tuple[str | None, list[tuple[str, str]]]:
    """The canonical paper link (journal DOI, else arXiv abs page, else DOI) and all sources."""
    arxiv = [k.split(":", 1)[1] for k in keys if k.startswith("arxiv:")]
    dois = [k.split(":", 1)[1] for k in keys if k.startswith("doi:")]
    for paper in papers:
        if paper.get("arxiv_id"):
            arxiv.append(str(paper["arxiv_id"]))
        for name in ("published_doi", "doi"):
            value = normalize_doi(str(paper.get(name) or ""))
            if value and not value.startswith("10.48550/"):
                dois.append(value)
    arxiv = list(dict.fromkeys(arxiv))
    dois = list(dict.fromkeys(dois))
    preprint = [d for d in dois if is_rxiv_doi(d)]
    journal = [d for d in dois if d not in preprint]
    links: list[tuple[str, str]] = []
    links += [("DOI", f"https://doi.org/{d}") for d in journal]
    links += [("arXiv", f"https://arxiv.org/abs/{a}") for a in arxiv]
    links += [("preprint", f"https://doi.org/{d}") for d in preprint]
    return (links[0][1] if links else None), links


def _scored_rows(
    store: Store, *, decision: str | None = None, work_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Score rows with their work rows ({} when a work row is missing), of one ``decision`` or
    of the ``work_ids`` when given: filtered in SQL, not by reading both tables whole."""
    tables = set(store.db.table_names())
    if "scores" not in tables:
        return []
    table = store.db.table("scores")
    if decision is not None:
        scores = [dict(r) for r in table.rows_where("decision = ?", [decision])]
    elif work_ids is not None:
        scores = [
            dict(r)
            for chunk, marks in in_chunks(work_ids)
            for r in table.rows_where(f"work_id IN ({marks})", chunk)
        ]
    else:
        scores = [dict(r) for r in table.rows_where()]
    works: dict[str, dict[str, Any]] = {}
    if "works" in tables and scores:
        ids = [str(r["work_id"]) for r in scores]
        for chunk, marks in in_chunks(ids):
            for row in store.db.table("works").rows_where(f"work_id IN ({marks})", chunk):
                works[str(row["work_id"])] = dict(row)
    return [
        {
            "score_row": score,
            "work": works.get(str(score["work_id"]), {}),
            "work_id": str(score["work_id"]),
        }
        for score in scores
    ]


def _blocked_keys(pstore: ProposalStore) -> tuple[set[str], set[str]]:
    """Ids and keys of every work that must not be selected again."""
    ids: set[str] = set()
    keys: set[str] = set()
    for row in pstore.db.execute(
        "SELECT work_id, keys FROM candidates WHERE status IN ('proposed', 'accepted', 'rejected')"
    ):
        ids.add(str(row[0]))
        keys.update(str(k) for k in _loads(row[1], []))
    return ids, keys


def _build_candidate(store: Store, item: dict[str, Any]) -> Candidate:
    score, work, work_id = item["score_row"], item["work"], item["work_id"]
    keys = _keys_of(work, work_id)
    papers = _papers_for(store, keys)
    title = _title_of(item, papers)
    section = str(score.get("section") or "")
    paper_url, links = _canonical_links(keys, papers)
    if paper_url is None:
        for name in ("url", "paper_url", "abs_url", "doi_url"):
            if work.get(name):
                paper_url = str(work[name])
                links = [("source", paper_url)]
                break
    note, gap = _draft_note(item, papers, title)
    return Candidate(
        work_id=work_id,
        title=" ".join(title.split()),
        score=float(score.get("score") or 0.0),
        section=section,
        name=str(score.get("model_name") or "") or "-",
        keys=keys,
        paper_url=paper_url,
        code_url=score.get("code_url") or None,
        weights_url=score.get("weights_url") or None,
        note=note,
        note_gap=gap,
        evidence=_loads_list(score.get("evidence")),
        links=links,
    )


def _draft_note(
    item: dict[str, Any], papers: Sequence[Mapping[str, Any]], title: str
) -> tuple[str, str]:
    """The drafted note of a scored work and what it lacks (:func:`fmwatch.notes.draft_note`),
    from its abstract, else its records', else a journal record's one-sentence summary (its
    figures, if it states any)."""
    text = item["work"].get("abstract") or next(
        (p["abstract"] for p in papers if p.get("abstract")), None
    )
    from_summary = False
    if not text:
        text = next((p["summary"] for p in papers if p.get("summary")), None)
        from_summary = bool(text)
    section = str(item["score_row"].get("section") or "")
    return draft_note(
        str(text) if text else None, title=title, section=section, from_summary=from_summary
    )


def _note_gaps(store: Store, on_branch: Mapping[str, catalog_mod.CatalogEntry]) -> dict[str, str]:
    """Work id -> what its drafted note lacked, for the earlier rows (``on_branch``) whose note
    on the branch is still the draft: the remark lives only in the pull request, and goes once a
    curator has completed the note."""
    gaps: dict[str, str] = {}
    for item in _scored_rows(store, work_ids=list(on_branch)):
        papers = _papers_for(store, _keys_of(item["work"], item["work_id"]))
        note, gap = _draft_note(item, papers, _title_of(item, papers))
        if gap and on_branch[item["work_id"]].note == note:
            gaps[item["work_id"]] = gap
    return gaps


def select_candidates(
    config: Config, store: Store, known_keys: set[str] | None = None
) -> list[Candidate]:
    """Works to propose now, best first; see the module docstring for the rules."""
    pstore = ProposalStore(store.db)
    blocked_ids, blocked_keys = _blocked_keys(pstore)
    # papers read because the catalog lists them: a row curators removed is not news
    blocked_keys |= store.catalog_checked()
    known_keys = known_keys or set()

    def is_new(item: dict[str, Any]) -> bool:
        if item["score_row"].get("known_as") or item["work_id"] in blocked_ids:
            return False
        keys = set(_keys_of(item["work"], item["work_id"]))
        return not (keys & blocked_keys or keys & known_keys)

    # (only works still new are ordered: the table holds every proposal ever scored, and
    # ordering asks the likeness model about tied ones)
    rows = [r for r in _scored_rows(store, decision="propose") if is_new(r)]
    best = _best_first(rows, load_ranker(config.scoring.ranker).likeness)
    return [_build_candidate(store, item) for item in best[: config.propose.max_candidates]]


def _title_of(row: dict[str, Any], papers: Sequence[Mapping[str, Any]] = ()) -> str:
    """A scored work's title, as a proposal, its likeness and a near-miss read it: the work's,
    else the one it was scored under, else its first stored record's (``papers``), else its
    id."""
    return str(
        row["work"].get("title")
        or row["score_row"].get("title")
        or (papers[0]["title"] if papers else row["work_id"])
    )


def _best_first(rows: list[dict[str, Any]], ranker: Ranker) -> list[dict[str, Any]]:
    """Proposals by score, highest first; works with the same score by likeness (the model
    that orders near-misses), most like the papers curators add first, then by id. Scores tie
    at the proposal threshold: a near-miss the word model promotes is scored exactly there,
    and ``max_candidates`` must not cut such ties by work id. Likeness is computed only for
    tied works."""

    def score(row: dict[str, Any]) -> float:
        return float(row["score_row"].get("score") or 0.0)

    counts = Counter(score(r) for r in rows)

    def likeness(row: dict[str, Any]) -> float:
        if counts[score(row)] < 2:
            return 0.0
        return ranker.likelihood_of(features(_title_of(row), row["work"].get("abstract")))

    return sorted(rows, key=lambda r: (-score(r), -likeness(r), r["work_id"]))


#: a near-miss's likeness from which the words that raised it are named (below, they are the
#: best of weak evidence and would mislead)
SHOW_WORDS_FROM = 0.5


def near_misses(
    store: Store, limit: int | None = NEAR_MISSES_SHOWN, ranker: Ranker | None = None
) -> list[NearMiss]:
    """Stored near-misses not catalogued or decided, most like the papers curators add first
    (``ranker``; the packaged model when None), then by score: a near-miss's score is mostly
    the value of the cap that held it back, so scores tie and order little."""
    ranker = ranker or packaged().likeness
    blocked_ids, _ = _blocked_keys(ProposalStore(store.db))
    from_catalog = store.catalog_checked()
    out = []
    for item in _scored_rows(store, decision="near-miss"):
        s = item["score_row"]
        if s.get("known_as") or item["work_id"] in blocked_ids:
            continue
        if from_catalog and set(_keys_of(item["work"], item["work_id"])) & from_catalog:
            continue
        title = _title_of(item)
        abstract = item["work"].get("abstract")
        feats = features(title, abstract)
        likeness = round(ranker.likelihood_of(feats), 4)
        out.append(
            NearMiss(
                item["work_id"],
                " ".join(title.split()),
                float(s.get("score") or 0),
                str(s.get("section") or ""),
                _held_back_because(s.get("evidence")),
                likeness,
                ranker.reasons_of(feats) if likeness >= SHOW_WORDS_FROM else [],
                str(s.get("paper_url") or "") or None,
            )
        )
    out.sort(key=lambda n: near_miss_order(n.likeness, n.score, n.work_id))
    return out[:limit]


def _held_back_because(evidence: Any) -> str:
    """The cap that kept a near-miss from being proposed, as the scorer worded it; a score
    below the threshold says when it was reached on the title alone (no abstract yet: a
    journal item whose abstract Europe PMC has not indexed), which a curator should know."""
    items = [item for item in _loads_list(evidence) if isinstance(item, dict)]
    for item in items:
        if item.get("kind") == "cap" and item.get("phrase"):
            return str(item["phrase"])
    notes = {str(i.get("phrase")) for i in items if i.get("kind") == "note"}
    if "abstract missing" in notes:
        return "score below the threshold, from the title alone (no abstract)"
    if SUMMARY_ONLY_NOTE in notes:
        return "score below the threshold, from the title and the journal's one-line summary"
    return "score below the threshold"


def link_updates(store: Store, catalog: catalog_mod.Catalog) -> list[LinkUpdate]:
    """Catalog rows that point at a preprint whose journal version the sources now report,
    but for the updates curators declined (``fmwatch reject-link``)."""
    known = store.published_versions()
    declined = ProposalStore(store.db).declined_links()
    updates = []
    for entry in catalog.entries():
        if not entry.paper_url:
            continue
        found = _offered_version(entry.keys, known)
        if found is None or is_declined(entry.keys, found[1], declined):
            continue
        name = entry.name if entry.name not in catalog_mod.EMPTY_MARKERS else entry.paper_title
        updates.append(LinkUpdate(name, entry.paper_url, f"https://doi.org/{found[1]}", entry.line))
    return updates


def _offered_version(keys: set[str], known: Mapping[str, str]) -> tuple[str, str] | None:
    """(preprint key, journal DOI) a link update offers for these keys: the sources' journal
    version, not arXiv's own DOI for the preprint (10.48550/…)."""
    found = published_version(keys, known)
    return None if found is None or found[1].startswith("10.48550/") else found


def link_keys(link: str) -> set[str]:
    """The work keys of a link as a curator may paste it: any URL form or Markdown link
    :func:`fmwatch.identity.work_keys_from_url` reads, ``doi:…``, a bare DOI or arXiv id."""
    text = link.strip()
    keys = work_keys_from_url(text)
    if not keys and ARXIV_ID_RE.fullmatch(text):
        keys = work_keys(arxiv_id=text)
    return keys


def decline_link(
    store: Store, link: str, reason: str | None, known: KnownWorks | None = None
) -> str:
    """Record a curator's "no" to the link update offered for the catalog row linking ``link``
    (in whatever form it is pasted: matched by the preprint's keys, not its spelling); returns
    the journal link declined. A different journal version found later is offered again.

    With the catalog's ``known`` works, a preprint no catalog row links is refused: the update
    is offered only for a row, so declining it would be recorded to no effect."""
    keys = link_keys(link)
    found = _offered_version(keys, store.published_versions()) if keys else None
    if found is None:
        raise UnknownWorkError(
            f"no link update is offered for {link!r}; give the catalog row's link as the pull "
            "request's 'Proposed link updates' list shows it (left of the arrow), or its arXiv "
            "id or DOI"
        )
    if known is not None:
        entry = known.match(keys, None)
        if entry is None or entry.status != "catalogued":
            raise UnknownWorkError(
                f"no catalog row links {link!r}, so no link update is offered for it; give the "
                "link of the catalog row left of the arrow in the pull request's 'Proposed link "
                "updates'"
            )
    ProposalStore(store.db).decline_link(found[0], found[1], link, reason)
    return f"https://doi.org/{found[1]}"


def reopen_link(store: Store, link: str) -> int:
    """Undo :func:`decline_link` for the preprint ``link`` names; returns how many declines."""
    return ProposalStore(store.db).reopen_link(link_keys(link))


# -- rendering ---------------------------------------------------------------------------------
def _weights_label(url: str) -> str:
    return "HF" if "huggingface.co" in url.lower() else "Weights"


def _code_label(url: str) -> str:
    parts = url.rstrip("/").split("/")
    return "/".join(parts[3:5]) if len(parts) >= 5 and "://" in url else url


def _row_links(candidate: Candidate) -> tuple[str, str, str]:
    """The paper, code and weights cells of a candidate's row, rendered."""
    return (
        catalog_mod.render_link(clip(candidate.title, TEXT_LIMIT), candidate.paper_url or ""),
        catalog_mod.render_link(_code_label(candidate.code_url), candidate.code_url)
        if candidate.code_url
        else "-",
        catalog_mod.render_link(_weights_label(candidate.weights_url), candidate.weights_url)
        if candidate.weights_url
        else "-",
    )


def render_row(candidate: Candidate) -> str:
    """One catalog row; a title or name too long for any real paper is clipped, not copied."""
    paper_link, code_link, weights_link = _row_links(candidate)
    row = render(
        "row.md.j2",
        name=clip(candidate.name, 100),
        paper_link=paper_link,
        code_link=code_link,
        weights_link=weights_link,
        note=candidate.note or "-",
    )
    return " ".join(row.split("\n")).strip()


def _row_for_table(candidate: Candidate, columns: list[str]) -> str:
    """The candidate's row for a table with these columns: laid out by the columns' roles
    (:func:`fmwatch.catalog.arrange_row`) when the row template gives the catalog's usual order
    (Name, Paper, GitHub, weights, Note); a template a curator rewrote to another order, as
    their table has it, is taken as written."""
    row = render_row(candidate)
    cells = catalog_mod.split_row(row)
    if len(cells) == len(catalog_mod.ROLES) and cells[1:4] == list(_row_links(candidate)):
        return catalog_mod.arrange_row(cells, columns) or row
    return row


class Insertion(NamedTuple):
    """What :func:`insert_candidates` made: the catalog's new text, the candidates inserted,
    why others were skipped, and which of those reasons are a missing section."""

    text: str
    inserted: list[Candidate]
    skipped: list[str]
    unplaced: list[str]


def _table_rows(section: catalog_mod.Section) -> int:
    """How many of a section's rows are rows of its tables (not rows cut off from them)."""
    return sum(1 for e in section.entries if e.line not in section.stray_rows)


def insert_candidates(
    text: str, candidates: Iterable[Candidate], branch: str | None = None
) -> Insertion:
    """Insert each candidate's row into its section (see :class:`Insertion`).

    A candidate whose section the catalog lacks, or that the catalog on the branch already holds
    (a curator added it by hand), is skipped with a reason instead of failing the whole run.
    ``branch``: the open proposal's branch ``text`` was read from, named in the reasons.
    """
    before = catalog_mod.parse_catalog(text)
    # A row someone wrote with the wrong number of cells (a legend under the table, a stray
    # pipe): rows put in beside it would not make a whole table, so that section waits for
    # the curator's fix; the others do not.
    ragged = {
        section.title: (
            f"the catalog's row at line {section.ragged_rows[0][0]} has "
            f"{section.ragged_rows[0][1]} cells, not as many as its table's columns (section "
            f"{section.title!r}); fix that row (`fmwatch catalog lint` lists such rows)"
            + (
                # an open proposal's branch keeps the row as it was when the branch was made
                f" on branch {branch} too, or close that proposal" if branch else ""
            )
        )
        for section in before.sections
        if section.ragged_rows
    }
    present = {k for e in before.entries() for k in e.keys}
    inserted: list[Candidate] = []
    skipped: list[str] = []
    unplaced: list[str] = []
    by_section: dict[str, tuple[catalog_mod.Section, list[Candidate]]] = {}
    for cand in candidates:
        section = before.section(cand.section) if cand.section else None
        if section is None:
            unplaced.append(
                f"{cand.work_id}: the catalog has no section {cand.section!r} (renamed? its "
                "heading must keep that name, numbered or not); the work waits for it"
            )
            skipped.append(unplaced[-1])
            continue
        if set(cand.keys) & present:
            skipped.append(f"{cand.work_id}: already in the catalog on the branch")
            continue
        if section.title in ragged:
            unplaced.append(f"{cand.work_id}: {ragged[section.title]}")
            skipped.append(unplaced[-1])
            continue
        by_section.setdefault(section.title, (section, []))[1].append(cand)
    took: list[tuple[catalog_mod.Section, int]] = []  # each section that took rows, how many
    for title, (section, cands) in by_section.items():
        for cand in cands:
            # (in the table's own column order, should a curator have reordered its columns)
            cand.row = _row_for_table(cand, section.columns)
        try:
            text = catalog_mod.insert_rows(text, title, [c.row for c in cands])
        except CatalogError as exc:
            # one section the rows cannot go into (no table; a row template of another width)
            # holds back its own candidates, not every section's
            for cand in cands:
                unplaced.append(f"{cand.work_id}: {exc}")
                skipped.append(unplaced[-1])
            continue
        inserted.extend(cands)
        took.append((section, len(cands)))
    after = catalog_mod.parse_catalog(text)
    if [s.title for s in after.sections] != [s.title for s in before.sections]:
        raise CatalogError(
            "inserting the proposed rows changed the catalog's sections; "
            "this is a bug, please report it"
        )
    now = {s.title: s for s in after.sections}
    for section, count in took:
        grown = now[section.title]
        if grown.ragged_rows:
            # (sections with such rows before took no rows: this one is of the insertion's making)
            line, cells = grown.ragged_rows[0]
            raise CatalogError(
                f"after inserting the proposed rows, line {line} has {cells} cells in section "
                f"{section.title!r}; this is a bug, please report it"
            )
        if _table_rows(grown) != _table_rows(section) + count:
            # rows written where the table does not read them (a shape of table not foreseen)
            # would be claimed as proposed yet be no part of the catalog
            raise CatalogError(
                f"the rows proposed for section {section.title!r} did not become rows of its "
                f"table (line {section.header_line}); this is a bug, please report it with the "
                "table's first lines"
            )
    return Insertion(text, inserted, skipped, unplaced)


def render_body(
    *,
    week: str,
    candidates: Sequence[Candidate],
    near: Sequence[NearMiss],
    updates: Sequence[LinkUpdate],
    human_commits: Sequence[Commit] = (),
    added: int = 0,
    updated: str | None = None,
    committed: bool = True,
    removed: int = 0,
    held: int = 0,
    base: str = "main",
    caught_up: str | None = None,
    behind: str | None = None,
) -> str:
    """``committed``: this run added a commit to the branch; ``removed``: rows of earlier runs
    that curators have since deleted from the branch (no longer listed); ``held``: rows of
    earlier runs the bot dropped because the base holds their works (copied there by hand);
    ``caught_up`` and
    ``behind``: what :func:`_caught_up` did, or why it could not (said to the curators here
    too, where they review the rows)."""
    body = render(
        "pr_body.md.j2",
        base=base,
        caught_up=caught_up,
        behind=behind,
        week=week,
        candidates=candidates,
        near_misses=near,
        link_updates=updates,
        human_commits=list(human_commits),
        added=added,
        updated=updated,
        committed=committed,
        removed=removed,
        held=held,
    )
    return clip_body(body)


#: GitHub refuses a pull-request body over 65,536 characters; keep a margin for the footer.
BODY_LIMIT = 60_000


def clip_body(body: str, limit: int = BODY_LIMIT) -> str:
    """A body that GitHub accepts: cut at a line boundary, saying so, when it is too long.

    Values are already clipped one by one; this guards the sum (many candidates, long evidence).
    Cutting between lines never leaves half an escape sequence or half a link behind.
    """
    if len(body) <= limit:
        return body
    head = body[:limit].rsplit("\n", 1)[0]
    return head + "\n\n*(Truncated: the list is longer than a pull-request body allows.)*\n"


def pr_title(count: int, week: str) -> str:
    return f"fmwatch: {count} candidate {'entry' if count == 1 else 'entries'} for {week}"


# -- propose -------------------------------------------------------------------------------------
def _split_on_branch(
    text: str, candidates: Sequence[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """(candidates whose work the branch's catalog already holds, the others).

    The first get the row as it stands on the branch, which is what sync compares the merged
    row with. Selected candidates are never in the base catalog, so a row on the branch was put
    there by an earlier, interrupted run of the bot (or by a curator, on the bot's branch).
    """
    lines = catalog_mod.source_lines(text)
    by_key = catalog_mod.parse_catalog(text).entries_by_key()
    found: list[Candidate] = []
    rest: list[Candidate] = []
    for cand in candidates:
        on_branch = next((by_key[k] for k in cand.keys if k in by_key), None)
        if on_branch is None:
            rest.append(cand)
            continue
        line = on_branch.line
        cand.row = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        found.append(cand)
    return found, rest


def _candidate_from_row(
    row: dict[str, Any], on_branch: catalog_mod.CatalogEntry, note_gap: str = ""
) -> Candidate:
    """A candidate already on a branch, as the PR body lists it again on update; its code and
    weights links as its row on the branch has them (a curator may have fixed them there)."""
    return Candidate(
        code_url=on_branch.code_url,
        weights_url=on_branch.weights_url,
        note_gap=note_gap,
        work_id=str(row["work_id"]),
        title=str(row.get("title") or ""),
        score=float(row.get("score") or 0.0),
        section=str(row.get("section") or ""),
        name=str(row.get("name") or "-"),
        keys=[str(k) for k in _loads(row.get("keys"), [])],
        paper_url=row.get("paper_url"),
        evidence=_loads_list(row.get("evidence")),
        links=[(str(a), str(b)) for a, b in _loads(row.get("links"), [])],
        row=str(row.get("row") or ""),
    )


def _proposals_of(pstore: ProposalStore, forge_kind: str, state: str) -> list[dict[str, Any]]:
    """The proposals in ``state`` made through this forge (one opened through the other
    forge — a local run before a token was set — is not this forge's; a proposal recorded
    before forges were is anyone's)."""
    return [p for p in pstore.proposals(state) if (p.get("forge") or forge_kind) == forge_kind]


def _open_proposal(pstore: ProposalStore, forge_kind: str) -> dict[str, Any] | None:
    """The open proposal of this forge."""
    opened = _proposals_of(pstore, forge_kind, "open")
    return opened[-1] if opened else None


def _free_branch(pstore: ProposalStore, forge: Forge, name: str) -> str:
    """The week's branch name, or ``-2``, ``-3``… when that week's proposal is already closed."""
    branch, n = name, 1
    while True:
        row = pstore.proposal(branch)
        pull = forge.find_pull(branch) if row is None else None
        if (row is None and (pull is None or pull.state == "open")) or (
            row is not None
            and row["state"] == "open"
            and (row.get("forge") or forge.kind) == forge.kind
        ):
            return branch
        n += 1
        branch = f"{name}-{n}"


def propose(
    config: Config,
    store: Store,
    forge: Forge,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    synced: bool = False,
) -> ProposalResult:
    """Select, render and open (or update) this week's proposal; see the module docstring.

    ``synced``: the caller has just synced curators' decisions (the weekly run does), so the
    open proposal is not read back from the forge a second time."""
    now = now or datetime.now(UTC)
    week = iso_week(now)
    pstore = ProposalStore(store.db)
    if not dry_run and not synced and _open_proposal(pstore, forge.kind) is not None:
        # Curators' decisions on the open proposal come first: a sync that failed earlier in
        # this run (or was never run) would otherwise reuse the branch of a pull request that
        # was closed or merged meanwhile, and open a second one listing its rows again.
        sync(config, store, forge)
    base_text = forge.read_catalog()
    base = catalog_mod.parse_catalog(base_text)
    known = set(base.entries_by_key())
    candidates = select_candidates(config, store, known)
    result = ProposalResult(status="nothing-new", forge=forge.kind, week=week)
    ranker = load_ranker(config.scoring.ranker).likeness
    result.near_miss_pool = near_misses(store, limit=None, ranker=ranker)
    result.near_misses = result.near_miss_pool[:NEAR_MISSES_SHOWN]
    result.link_updates = link_updates(store, base)
    if not candidates:
        return result

    existing = _open_proposal(pstore, forge.kind)
    if existing is not None and dry_run:
        # a dry run records nothing, but must preview the proposal the real run would make: a
        # pull request decided since the last sync is not the one to update
        live = forge.pull_state(
            PullRequest(
                str(existing["branch"]),
                "open",
                str(existing.get("url") or ""),
                number=existing.get("number"),
                head_sha=existing.get("head_sha"),
            )
        )
        if live.state != "open":
            existing = None
    if existing is not None:
        branch = str(existing["branch"])
        branch_week = str(existing.get("week") or week)
    else:
        branch = _free_branch(pstore, forge, f"{config.propose.branch_prefix}{week}")
        branch_week = week
    result.branch = branch

    # The rows as they would go into the base: what a dry run previews, and, for a new branch
    # (which starts at the base's tip), whether they can go in at all, so that a catalog they
    # cannot go into leaves no branch behind at that tip (later runs would build on it, never
    # on the fixed catalog).
    planned = (
        insert_candidates(base_text, candidates)
        if dry_run or forge.branch_sha(branch) is None
        else None
    )
    if planned is not None and not planned.inserted:
        # every candidate waits (their sections cannot take rows now): no branch, no pull
        # request, and the warnings say why (a dry run says what the real run would)
        result.branch = None
        result.skipped, result.unplaced = planned.skipped, planned.unplaced
        return result
    if dry_run:
        assert planned is not None
        result.status = "dry-run"
        result.candidates, result.skipped, result.unplaced = (
            planned.inserted,
            planned.skipped,
            planned.unplaced,
        )
        result.title = pr_title(len(planned.inserted), branch_week)
        result.body = render_body(
            week=branch_week,
            candidates=planned.inserted,
            near=result.near_misses,
            updates=result.link_updates,
        )
        return result
    info = forge.ensure_branch(branch)
    # every commit of the branch's own history that is not the bot's: the note says what the
    # branch holds, each time the pull request is updated
    human = (
        [c for c in forge.commits_since(branch, None) if not c.by_bot] if not info.created else []
    )
    resolved_away: set[str] = set()
    if not info.created:
        # the base moved on while the pull request stayed open: bring its changes in first, so
        # rows curators added or fixed there do not conflict with the rows added here
        result.caught_up, result.behind, resolved_away = _caught_up(
            forge, branch, store, pstore, info.sha, resolve=not human
        )
    tip_text = forge.read_catalog(branch)
    held: set[str] = set()
    dropped = False  # (this run drops rows of works the base holds, in its own commit)
    if not info.created and not human and result.behind is None:
        kept_text, held = _without_held_rows(forge, branch, tip_text, store, pstore, base)
        dropped, tip_text = kept_text != tip_text, kept_text
    # Rows an earlier run committed to this branch before the forge failed (the pull request
    # was never opened, or the database never heard of it): they are part of this proposal, and
    # inserting them again would be skipped as "already on the branch" and lose them.
    recovered, candidates = _split_on_branch(tip_text, candidates)
    insertion = (
        planned  # (the branch is the base as read: that insertion is this one)
        if planned is not None and tip_text == base_text and not recovered
        else insert_candidates(tip_text, candidates, branch=branch if planned is None else None)
    )
    new_text, inserted = insertion.text, insertion.inserted
    result.skipped, result.unplaced = insertion.skipped, insertion.unplaced
    result.human_commits = human
    if not inserted and not recovered and not dropped:
        result.status = "nothing-new"
        return result
    if inserted or dropped:
        noun = "entry" if len(inserted) == 1 else "entries"
        message = f"fmwatch: propose {len(inserted)} catalog {noun} ({week})"
        if dropped:
            rows = "row" if len(held) == 1 else "rows"
            message += f"; drop {len(held)} {rows} {forge.base_branch} holds already"
        head = forge.commit_catalog(branch, new_text, message)
    else:
        head = forge.branch_sha(branch) or info.sha
    added = len(inserted)  # (rows already on the branch are not new to it)
    inserted = recovered + inserted

    # the rows of earlier runs that are still on the branch: those a curator deleted are not
    # listed again (sync records them as rejected when the proposal is merged)
    earlier_rows = [r for r in pstore.candidates_on(branch) if r["status"] == "proposed"]
    kept = (
        _rows_of(catalog_mod.parse_catalog(new_text), earlier_rows, _work_keys(store, earlier_rows))
        if earlier_rows
        else {}
    )
    listed_again = [r for r in earlier_rows if r["work_id"] in kept and r["work_id"] not in held]
    gaps = _note_gaps(store, {str(r["work_id"]): kept[r["work_id"]] for r in listed_again})
    earlier = [
        _candidate_from_row(r, kept[r["work_id"]], gaps.get(str(r["work_id"]), ""))
        for r in listed_again
    ]
    listed = sorted(earlier + inserted, key=lambda c: (-c.score, c.work_id))
    result.title = pr_title(len(listed), branch_week)
    result.body = render_body(
        week=branch_week,
        candidates=listed,
        near=result.near_misses,
        updates=result.link_updates,
        human_commits=human,
        added=added if earlier_rows else 0,
        updated=week if earlier_rows else None,
        committed=added > 0,
        removed=sum(
            1 for r in earlier_rows if r["work_id"] not in kept and r["work_id"] not in held
        ),
        held=len(held) if dropped else len(resolved_away),
        base=forge.base_branch,
        caught_up=result.caught_up,
        behind=result.behind,
    )
    pull = forge.open_or_update_pull(branch, result.title, result.body, config.propose.labels)
    result.status = "updated" if earlier or existing is not None else "proposed"
    result.pr_url = pull.url
    result.pr_number = pull.number
    if forge.kind == "local":
        result.outbox_file = pull.url
    result.candidates = inserted
    proposed_at = now.replace(microsecond=0).isoformat()
    # One transaction for both: candidates marked proposed without their proposal row would
    # never be synced (sync reads the proposals table), so neither accepted nor rejected.
    pstore.record_proposal(
        [
            {
                "work_id": c.work_id,
                "score": c.score,
                "section": c.section,
                "title": c.title,
                "row": c.row,
                "keys": json.dumps(c.keys),
                "name": c.name,
                "paper_url": c.paper_url,
                "evidence": json.dumps(c.evidence, ensure_ascii=False),
                "links": json.dumps(c.links),
                "pr_branch": branch,
                "pr_number": pull.number,
                "pr_url": pull.url,
                "proposed_at": proposed_at,
            }
            for c in inserted
        ],
        {
            "branch": branch,
            "forge": forge.kind,
            "number": pull.number,
            "url": pull.url,
            "state": "open",
            "week": branch_week,
            "head_sha": head,
        },
    )
    return result


def _caught_up(
    forge: Forge,
    branch: str,
    store: Store,
    pstore: ProposalStore,
    seen: str,
    *,
    resolve: bool,
) -> tuple[str | None, str | None, set[str]]:
    """Bring ``branch`` up to date with the base (:meth:`Forge.catch_up`): how (``merged``,
    ``resolved`` by the bot, or ``None`` when nothing was done), the line saying why it
    could not (or ``None``), and the works whose rows the resolution left out because the base
    holds them already (:func:`_base_with_branch_rows`).

    ``resolve``: only the bot has committed to the branch as it was at ``seen`` (its tip when
    its commits were read), so when git cannot merge (a curator added a row on the base where
    the branch added one) the bot resolves it itself: the base's catalog with the branch's
    rows, exactly as they are there, after the base's own (but rows of works the base holds
    already, copied there by hand). Both catalogs are read at the very
    commits the merge is made of, and the branch moves only from ``seen``: a commit someone
    adds to either meanwhile is never undone by the resolution."""
    base, path = forge.base_branch, forge.catalog_path
    try:
        caught = forge.catch_up(branch)
        if caught.outcome in ("conflict", "unsupported") and resolve:
            base_sha = forge.branch_sha(base)
            # (a branch that moved since its commits were read may hold a curator's commit)
            if base_sha is not None and forge.branch_sha(branch) == seen:
                resolved = _base_with_branch_rows(
                    forge.read_catalog(base_sha), forge.read_catalog(seen), store, pstore, branch
                )
                if resolved is not None:
                    message = catch_up_message(base)
                    forge.merge_with_catalog(branch, resolved[0], message, tip=seen, base=base_sha)
                    return "resolved", None, set(resolved[1])
    except ForgeError as exc:
        # (bringing it up to date is a courtesy: the week's rows still go on the branch)
        return (
            None,
            f"the pull request's branch {branch} was not brought up to date with {base}: {exc}",
            set(),
        )
    if caught.outcome == "conflict":
        where = f" ({caught.detail})" if caught.detail else ""
        return (
            None,
            f"the pull request's branch {branch} conflicts with {base}{where}, so it was not "
            f"brought up to date: merge {base} into {branch} and keep both sides' rows in {path}",
            set(),
        )
    if caught.outcome == "unsupported":
        return None, f"the pull request's branch {branch} is behind {base}: {caught.detail}", set()
    return ("merged" if caught.outcome == "merged" else None), None, set()


def _base_with_branch_rows(
    base_text: str, tip_text: str, store: Store, pstore: ProposalStore, branch: str
) -> tuple[str, list[str]] | None:
    """The base's catalog with every row the bot put on ``branch`` (as the branch holds it)
    appended to its section, and the works whose row was left out because the base holds them
    already (a curator copied the row there by hand: found by a key or, its link changed, by
    its title, as sync finds it; carrying the bot's row too would put the work in the catalog
    twice once merged). ``None`` when that is not the whole story: a proposed row missing from
    the branch, a section the base lacks, a table the rows do not fit.

    The bot's rows are those of every work proposed on the branch, whatever was decided for it
    since: a work accepted (or rejected) from the terminal keeps its row on the branch until a
    curator removes it there, as they would after any merge."""
    on_branch = pstore.candidates_on(branch)
    proposed = [r for r in on_branch if r["status"] == "proposed"]
    if not proposed:
        return None
    keys = _work_keys(store, on_branch)
    base = catalog_mod.parse_catalog(base_text)
    held = _rows_of(base, on_branch, keys)
    tip = catalog_mod.parse_catalog(tip_text)
    found = {w: e for w, e in _rows_of(tip, on_branch, keys).items() if w not in held}
    if any(str(r["work_id"]) not in found and str(r["work_id"]) not in held for r in proposed):
        return None
    lines = catalog_mod.source_lines(tip_text)
    by_section: dict[str, list[str]] = {}
    for entry in sorted(found.values(), key=lambda e: e.line):
        by_section.setdefault(entry.section, []).append(lines[entry.line - 1].strip())
    text = base_text
    try:
        for title, rows in by_section.items():
            text = catalog_mod.insert_rows(text, title, rows)
    except CatalogError:
        return None
    after = catalog_mod.parse_catalog(text)
    grown = [s for s in after.sections if s.title in by_section]
    if any(s.ragged_rows for s in grown) or len(list(after.entries())) != len(
        list(base.entries())
    ) + len(found):
        return None
    return text, sorted(held)


def _without_held_rows(
    forge: Forge,
    branch: str,
    tip_text: str,
    store: Store,
    pstore: ProposalStore,
    base: catalog_mod.Catalog,
) -> tuple[str, set[str]]:
    """The works of ``branch`` the base holds already (a curator copied their rows there by
    hand while the proposal waited), and the branch's catalog without the bot's own rows of
    them (git merges such a copy cleanly when it is elsewhere than the bot's row, and the work
    would be in the catalog twice): the catalog unchanged when it has none of those rows left,
    or when the rest cannot be carried (:func:`_base_with_branch_rows`). Only for a branch
    nobody but the bot has committed to, brought up to date with the base.

    ``base``: the base's catalog as this run read it first; only when it holds one of the
    branch's works is the base read again, at its tip now (the one merged into the branch),
    which is what the branch's catalog is rebuilt from."""
    on_branch = pstore.candidates_on(branch)
    if not any(r["status"] == "proposed" for r in on_branch):
        return tip_text, set()
    if not _rows_of(base, on_branch, _work_keys(store, on_branch)):
        return tip_text, set()  # (the weekly case: no forge request)
    base_sha = forge.branch_sha(forge.base_branch)
    if base_sha is None:
        return tip_text, set()
    base_text = forge.read_catalog(base_sha)
    rebuilt = _base_with_branch_rows(base_text, tip_text, store, pstore, branch)
    if rebuilt is None or not rebuilt[1]:
        return tip_text, set()
    text, held = rebuilt
    rows = len(list(catalog_mod.parse_catalog(text).entries()))
    if rows >= len(list(catalog_mod.parse_catalog(tip_text).entries())):
        # (their rows were dropped by an earlier run, or by the resolution of a conflict:
        # the branch is left as it is)
        return tip_text, set(held)
    return text, set(held)


# -- sync ----------------------------------------------------------------------------------------
def _norm_row(row: str) -> str:
    return " ".join(catalog_mod.split_row(row)) if row else ""


def _pr_details(branch: str, pull: PullRequest) -> dict[str, Any]:
    """What a decision read from a pull request records about it."""
    return {"branch": branch, "pr": pull.number, "url": pull.url}


def _reject(
    pstore: ProposalStore,
    summary: SyncSummary,
    work_id: str,
    why: tuple[str, str],
    details: dict[str, Any],
) -> None:
    """A proposed work rejected by what happened to its pull request: ``why`` is the
    decision's (source, reason); recorded and counted."""
    source, reason = why
    pstore.decide(work_id, "rejected", source=source, reason=reason, details=details)
    summary.rejected.append(work_id)


def _apply_merge(
    pstore: ProposalStore,
    branch: str,
    merged_text: str,
    summary: SyncSummary,
    pull: PullRequest,
    proposed: list[dict[str, Any]],
    current_keys: dict[str, list[str]],
    rejected: Sequence[dict[str, Any]] = (),
) -> None:
    """Record a merged proposal: each proposed work whose row the merged catalog holds is
    accepted (with the curator's edit, if any), the others rejected.

    ``rejected``: works of the proposal rejected before the merge (``fmwatch reject`` while
    their row stayed on the branch). One whose row the merged catalog holds is accepted: the
    catalog is what the curators published, and a rejection would hold back papers like it.
    Their rows are matched together with the proposed works' (a row is one work's), and only
    by a key: a similar title may be another work's row. ``current_keys`` covers both."""
    catalog = catalog_mod.parse_catalog(merged_text)
    lines = catalog_mod.source_lines(merged_text)
    rows = _rows_of(catalog, proposed, current_keys)
    for cand in proposed:
        entry = rows.get(str(cand["work_id"]))
        details = _pr_details(branch, pull)
        if entry is None:
            # (deleted on the branch before the merge, or from the catalog since: sync reads
            # the catalog as it is now)
            why = ("pr-merged", "its row is not in the catalog the proposal was merged into")
            _reject(pstore, summary, cand["work_id"], why, details)
            continue
        merged_row = lines[entry.line - 1].strip() if 0 < entry.line <= len(lines) else ""
        # (a row the curators moved to another section is edited too, its text the same)
        moved = bool(cand.get("section")) and entry.section != cand.get("section")
        edit = (
            merged_row
            if moved or _norm_row(merged_row) != _norm_row(str(cand.get("row") or ""))
            else None
        )
        if moved:
            details = {**details, "moved_from": cand.get("section"), "moved_to": entry.section}
        pstore.decide(
            cand["work_id"],
            "accepted",
            source="pr-merged",
            curator_edit=edit,
            details={**details, "edited": edit is not None},
        )
        summary.accepted.append(cand["work_id"])
        if edit is not None:
            summary.edited.append(cand["work_id"])
    if not rejected:
        return
    rows = _rows_of(catalog, [*proposed, *rejected], current_keys)
    by_key = catalog.entries_by_key()
    for cand in rejected:
        entry = rows.get(str(cand["work_id"]))
        keys = [str(k) for k in _loads(cand.get("keys"), [])]
        if entry is not None and any(by_key.get(k) is entry for k in keys):
            pstore.decide(
                cand["work_id"],
                "accepted",
                source="pr-merged",
                reason="in the merged catalog, though rejected before the merge",
                details=_pr_details(branch, pull),
            )
            summary.accepted.append(cand["work_id"])


#: How alike a merged row's title must be to a proposed one to be that row when no key says so
#: (a curator changed its link): stricter than identity's threshold, because the alternative
#: — a row the curator deleted — must not be read as accepted.
_ROW_TITLE_MATCH = 97.0


def _candidate_keys(cand: Mapping[str, Any], current_keys: Mapping[str, list[str]]) -> list[str]:
    """A proposed work's keys: those it was proposed with, then those its work has now (a
    journal record or a link joined it since), each once."""
    keys = [str(k) for k in _loads(cand.get("keys"), [])]
    return keys + [k for k in current_keys.get(str(cand["work_id"]), []) if k not in keys]


def _rows_of(
    catalog: catalog_mod.Catalog,
    candidates: list[dict[str, Any]],
    current_keys: dict[str, list[str]],
) -> dict[str, catalog_mod.CatalogEntry]:
    """Work id -> the catalog row that holds it: by the keys it was proposed with or has now,
    else (a curator changed the row's link) by a near-identical title; one row per work."""
    by_key = catalog.entries_by_key()
    out: dict[str, catalog_mod.CatalogEntry] = {}
    claimed: set[int] = set()
    for cand in candidates:
        work_id = str(cand["work_id"])
        entry = next((by_key[k] for k in _candidate_keys(cand, current_keys) if k in by_key), None)
        if entry is not None and entry.line not in claimed:
            out[work_id] = entry
            claimed.add(entry.line)
    # (each row's title forms made once, and only when a work is left to find by its title:
    # titles_match would make them again for every work and row)
    rows: list[tuple[catalog_mod.CatalogEntry, TitleForms]] | None = None
    for cand in candidates:
        work_id = str(cand["work_id"])
        title = str(cand.get("title") or "")
        if work_id in out or not title:
            continue
        forms = title_forms(title)
        if not forms.distinctive:
            continue
        if rows is None:
            rows = [
                (e, f) for e in catalog.entries() if (f := title_forms(e.paper_title)).distinctive
            ]
        entry = next(
            (
                e
                for e, f in rows
                if e.line not in claimed
                and (alike := forms_similarity(forms, f, _ROW_TITLE_MATCH)) >= _ROW_TITLE_MATCH
                # (a row naming another model than the title is not its row; the very same
                # title, or one naming what the row's link title names, always is)
                and (
                    alike >= 100.0
                    or not (e.name and names_another_model(e.name, forms, e.paper_title))
                )
            ),
            None,
        )
        if entry is not None:
            out[work_id] = entry
            claimed.add(entry.line)
    return out


def _work_keys(store: Store, proposed: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Work id -> its keys as the store knows them now (more than when it was proposed, once a
    journal record or a link joined it), for the works a proposal still lists."""
    ids = [str(c["work_id"]) for c in proposed]
    if not ids or not store.db.table("works").exists():
        return {}
    # (in slices: one IN list of every rejected work outgrows SQLite's variable limit)
    return {
        str(work_id): [str(k) for k in _loads(keys, [])]
        for chunk, marks in in_chunks(ids)
        for work_id, keys in store.db.execute(
            f"SELECT work_id, keys FROM works WHERE work_id IN ({marks})", chunk
        )
    }


def _branch_rows_merged(
    forge: Forge,
    branch: str,
    proposed: list[dict[str, Any]],
    current: dict[str, list[str]],
    in_base: dict[str, catalog_mod.CatalogEntry],
) -> bool:
    """Whether a local proposal whose branch still exists was squash-merged: the base holds
    every proposed row the branch still holds (the curator may have deleted some first). One
    row copied to the base by hand while the proposal is open is not a merge of the rest."""
    on_branch = _rows_of(catalog_mod.parse_catalog(forge.read_catalog(branch)), proposed, current)
    return set(on_branch) <= set(in_base)


class _Base:
    """The catalog on the forge's base branch, read and parsed at most once (a sync asks for
    it for each proposal it judges by the base, and once more for the works accepted before)."""

    def __init__(self, forge: Forge) -> None:
        self._forge = forge
        self._text: str | None = None
        self._catalog: catalog_mod.Catalog | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._forge.read_catalog()
        return self._text

    @property
    def catalog(self) -> catalog_mod.Catalog:
        if self._catalog is None:
            self._catalog = catalog_mod.parse_catalog(self.text)
        return self._catalog


def sync(config: Config, store: Store, forge: Forge) -> SyncSummary:
    """Read back every open proposal and record what curators decided."""
    pstore = ProposalStore(store.db)
    summary = SyncSummary()
    base = _Base(forge)
    for proposal in pstore.proposals("open"):
        if proposal.get("forge") and proposal["forge"] != forge.kind:
            continue
        summary.checked += 1
        branch = str(proposal["branch"])
        pull = forge.pull_state(
            PullRequest(
                branch,
                "open",
                str(proposal.get("url") or ""),
                number=proposal.get("number"),
                head_sha=proposal.get("head_sha"),
            )
        )
        state = pull.state
        merged_text = pull.merged_catalog
        # the works of this proposal as they stand before this sync decides anything (read
        # once): those it still lists, and their keys now
        on_branch = pstore.candidates_on(branch)
        proposed = [c for c in on_branch if c["status"] == "proposed"]
        current: dict[str, list[str]] | None = None
        if (state == "open" and forge.kind == "local") or state == "closed":
            # A squash, a cherry-pick or rows copied by hand (then the branch deleted, or the pull
            # request closed): the base holds the proposed works, so they were accepted.
            current = _work_keys(store, proposed)
            in_base = _rows_of(base.catalog, proposed, current)
            if in_base and (
                state == "closed" or _branch_rows_merged(forge, branch, proposed, current, in_base)
            ):
                state, merged_text = "merged", base.text
        if state == "merged":
            summary.merged += 1
            if current is None:
                current = _work_keys(store, proposed)
            merged_text = merged_text or base.text  # (the base, read once a sync)
            rejected_before = [c for c in on_branch if c["status"] == "rejected"]
            if rejected_before:
                current = {**current, **_work_keys(store, rejected_before)}
            _apply_merge(
                pstore, branch, merged_text, summary, pull, proposed, current, rejected_before
            )
        elif state == "closed":
            summary.closed += 1
            why = ("pr-closed", "the pull request was closed without merging")
            for cand in proposed:
                _reject(pstore, summary, cand["work_id"], why, _pr_details(branch, pull))
            accepted = [c for c in on_branch if c["status"] == "accepted"]
            if accepted:
                in_base = _rows_of(base.catalog, accepted, _work_keys(store, accepted))
                summary.accepted_not_in_catalog += [
                    str(c["work_id"]) for c in accepted if str(c["work_id"]) not in in_base
                ]
        else:
            summary.open += 1
        if state != "open":
            forge.record_state(branch, state)
        pstore.save_proposal(
            {
                "branch": branch,
                "state": state,
                # the bot's own last commit, never the branch tip (which may be a curator's):
                # a deleted branch is judged by it
                "head_sha": proposal.get("head_sha"),
            }
        )
    _closed_then_catalogued(store, forge, pstore, summary, base)
    _accepted_then_removed(store, forge, pstore, summary, base)
    return summary


def _closed_then_catalogued(
    store: Store, forge: Forge, pstore: ProposalStore, summary: SyncSummary, base: _Base
) -> None:
    """Works rejected because their proposal was closed whose row the base catalog now holds
    (by a key: a similar title may be another work's row): the pull request was reopened and
    merged after the sync that saw it closed, or its rows were copied to the base later. The
    catalog is what curators published: they are accepted and the proposal counts as merged,
    or they would stay rejected (held back, and pulling papers like them down) while
    catalogued. A work decided since (``fmwatch reject``/``reopen``) is left as decided. (Its
    proposal may already count as merged: rows copied one at a time, the first one marked it.)"""
    states = {
        str(p["branch"]): str(p["state"])
        for state in ("closed", "merged")
        for p in _proposals_of(pstore, forge.kind, state)
    }
    rejected = [
        c for c in pstore.candidates("rejected") if c.get("pr_branch") in states and c.get("keys")
    ]
    if not rejected:
        return
    last = pstore.last_sources(str(c["work_id"]) for c in rejected)
    rejected = [c for c in rejected if last.get(str(c["work_id"])) == "pr-closed"]
    if not rejected:
        return
    current = _work_keys(store, rejected)
    by_key = base.catalog.entries_by_key()
    merged: set[str] = set()
    for cand in rejected:
        work_id = str(cand["work_id"])
        if not any(k in by_key for k in _candidate_keys(cand, current)):
            continue
        branch = str(cand["pr_branch"])
        pstore.decide(
            work_id,
            "accepted",
            source="pr-merged",
            reason="in the catalog, though its pull request was closed when last synced "
            "(reopened and merged, or the row added by hand)",
            details={"branch": branch, "pr": cand.get("pr_number"), "url": cand.get("pr_url")},
        )
        summary.accepted.append(work_id)
        merged.add(branch)
    for branch in sorted(b for b in merged if states[b] == "closed"):
        summary.merged += 1
        pstore.save_proposal({"branch": branch, "state": "merged"})
        forge.record_state(branch, "merged")


def _accepted_then_removed(
    store: Store, forge: Forge, pstore: ProposalStore, summary: SyncSummary, base: _Base
) -> None:
    """Works accepted by a merged proposal of this forge whose row the catalog no longer holds
    (found by their keys, or by title when a curator changed the link):
    :attr:`SyncSummary.accepted_then_removed`."""
    merged = {str(p["branch"]) for p in _proposals_of(pstore, forge.kind, "merged")}
    accepted = [c for c in pstore.candidates("accepted") if c.get("pr_branch") in merged]
    if not accepted:
        return
    in_base = _rows_of(base.catalog, accepted, _work_keys(store, accepted))
    summary.accepted_then_removed = [
        str(c["work_id"]) for c in accepted if str(c["work_id"]) not in in_base
    ]


# -- curator commands ----------------------------------------------------------------------------
def _defaults_for(store: Store, work_id: str) -> dict[str, Any]:
    for item in _scored_rows(store, work_ids=[work_id]):  # (at most one row: filtered in SQL)
        s, w = item["score_row"], item["work"]
        return {
            "score": s.get("score"),
            "section": s.get("section"),
            "title": w.get("title"),
            "keys": json.dumps(_keys_of(w, work_id)),
        }
    return {"keys": json.dumps([work_id] if ":" in work_id else [])}


def curator_decide(
    store: Store, work_id: str, status: str, reason: str | None = None, at: str | None = None
) -> dict[str, Any]:
    """``fmwatch accept`` / ``reject`` / ``reopen``: one decision from the terminal (made at
    ``at`` when it is replayed from another state, :mod:`fmwatch.state_merge`)."""
    pstore = ProposalStore(store.db)
    source = "curator-reopen" if status == "pending" else "curator-cli"
    pstore.decide(
        work_id,
        status,
        source=source,
        reason=reason,
        defaults=_defaults_for(store, work_id),
        at=at,
    )
    row = pstore.candidate(work_id)
    assert row is not None
    return row


def feedback(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Accepted and rejected works (id, title, keys) for the scorer's feedback hook."""
    pstore = ProposalStore(store.db)
    out: dict[str, list[dict[str, Any]]] = {"accepted": [], "rejected": []}
    for status in out:
        for row in pstore.candidates(status):
            out[status].append(
                {
                    "work_id": row["work_id"],
                    "title": row.get("title") or "",
                    "keys": _loads(row.get("keys"), []),
                }
            )
    return out


__all__ = [
    "Candidate",
    "LinkUpdate",
    "NearMiss",
    "ProposalResult",
    "SyncSummary",
    "curator_decide",
    "decline_link",
    "feedback",
    "insert_candidates",
    "iso_week",
    "link_keys",
    "link_updates",
    "propose",
    "render_row",
    "reopen_link",
    "select_candidates",
    "sync",
]
