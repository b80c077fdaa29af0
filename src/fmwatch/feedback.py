"""Learning from curators: nearest accepted and rejected works nudge a new paper's score.

The scorer's rules know what a biomedical foundation-model paper looks like in general; a
curator's decisions say what *this* catalog takes and declines. :class:`Feedback` keeps the
decided works (title + abstract) as TF-IDF vectors and, for a new paper, finds its nearest
decided neighbours by cosine similarity. The neighbours vote, the nearest counting most, and
the score moves by at most ``strength``: up for accepted neighbours, down for rejected ones.

Why nearest neighbours rather than learned term weights: a few dozen decisions a month are too
few to fit weights over thousands of words without over-fitting, while "this is nearly the
paper you rejected last month" is both the most useful signal (the same work under a new title
or from another source that identity matching missed) and the easiest to explain; the evidence
names the neighbour ("similar to rejected: <title>").

Guarantees the scorer relies on (see :meth:`fmwatch.score.Scorer.score`):

- the adjustment is bounded by ``strength`` (default 0.2, less than the distance between the
  near-miss and propose thresholds), and the scorer never lets feedback alone turn a paper that
  scored below the near-miss threshold into a proposal; the scorer's caps (adaptations, agents,
  probes…) still hold, and a near-copy of a rejected work (:class:`Assessment`) is capped too;
- a paper is never compared with itself: a decided work sharing an identity key (arXiv id, DOI)
  or the normalised title with the paper is skipped, so re-scoring a decided work, or evaluating
  on a set that overlaps the decisions, cannot leak its own label;
- cost: an inverted index over the decided works' rarer terms (a query's 40 heaviest terms
  probe it) yields a short list of candidates whose cosine is then computed exactly, so a
  paper is compared with a few dozen decided works, not all of them. The IDF is the decided
  works' own: words every decided paper uses ("foundation", "medical") count for little, which
  is what separates one decided paper from another.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from fmwatch.identity import normalize_title
from fmwatch.models import Evidence

STATUSES = ("accepted", "rejected")

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_STOP_WORDS = """
    a about above across after again against all also among an and any are as at be because been
    before being below between both but by can could did do does doing during each few for from
    further had has have having here how however if in into is it its itself just more most no nor
    not of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was
    we were what when where which while who whom why will with within without would you your
    via using use used based show shows shown propose proposed present presents study paper
    approach method methods result results new novel work model models data learning
"""
_STOP = frozenset(_STOP_WORDS.split())
#: How much a title word counts relative to an abstract word: a title says what a paper *is*.
TITLE_WEIGHT = 2.0
#: Query terms kept (the heaviest): bounds the cost of one lookup whatever the abstract's size.
MAX_QUERY_TERMS = 40
#: A word in at most this many decisions (or a twentieth of them) leads to candidates.
INDEX_MIN_DF = 8
#: Text beyond this is ignored, as the scorer ignores it.
MAX_CHARS = 20_000


def tokens(text: str) -> list[str]:
    """Lower-case words without stop words; a plural ``s`` is dropped so "models" meets "model"."""
    out = []
    for word in _TOKEN.findall(text[:MAX_CHARS].lower()):
        if len(word) < 3 or word in _STOP:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return out


def term_counts(title: str, abstract: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for word in tokens(title):
        counts[word] = counts.get(word, 0.0) + TITLE_WEIGHT
    for word in tokens(abstract):
        counts[word] = counts.get(word, 0.0) + 1.0
    return counts


@dataclass(frozen=True, slots=True)
class Decided:
    """One curator decision as the feedback sees it."""

    status: str
    title: str
    keys: frozenset[str]
    norm_title: str
    counts: dict[str, float] = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Neighbour:
    similarity: float
    decided: Decided


@dataclass(slots=True)
class Assessment:
    """What the feedback says about one paper."""

    delta: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    #: title of a rejected work this paper nearly duplicates (cosine >= ``reject_sim``)
    rejected_duplicate: str | None = None


class Feedback:
    """Accepted and rejected works; :meth:`assess` is the scorer's hook.

    ``k`` neighbours at most vote, each only when its cosine similarity reaches ``min_sim``; a
    neighbour's vote grows from 0 at ``min_sim`` to 1 at ``dup_sim`` (a near-duplicate) and is
    halved for each closer neighbour, so the nearest decides unless others agree among
    themselves. The summed vote, clamped to [-1, 1], times ``strength`` is the adjustment.

    A paper whose nearest decided work is a *rejected* one at ``reject_sim`` or more is nearly
    that work (another version, another source's title): the scorer caps it at near-miss, as it
    would never propose the rejected work itself. Among the 537 distinct works of the labelled
    set no two reach a cosine of 0.49, so 0.6 is far from different papers on one topic.
    """

    def __init__(
        self,
        *,
        k: int = 5,
        strength: float = 0.2,
        min_sim: float = 0.2,
        dup_sim: float = 0.5,
        reject_sim: float = 0.6,
    ) -> None:
        if not 0 <= min_sim < dup_sim <= reject_sim <= 1:
            raise ValueError("need 0 <= min_sim < dup_sim <= reject_sim <= 1")
        self.k = k
        self.strength = strength
        self.min_sim = min_sim
        self.dup_sim = dup_sim
        self.reject_sim = reject_sim
        self.decided: list[Decided] = []
        self._index: dict[str, list[tuple[int, float]]] | None = None
        self._vectors: list[dict[str, float]] = []
        self._idf: dict[str, float] = {}
        self._default_idf = 1.0

    def __len__(self) -> int:
        return len(self.decided)

    def __bool__(self) -> bool:
        return bool(self.decided)

    def add(self, status: str, title: str, abstract: str = "", keys: Iterable[str] = ()) -> None:
        """Record a decision (``accepted`` or ``rejected``); the index is rebuilt lazily."""
        if status not in STATUSES:
            raise ValueError(f"status must be accepted or rejected, not {status!r}")
        self.decided.append(
            Decided(
                status=status,
                title=title,
                keys=frozenset(keys),
                norm_title=normalize_title(title),
                counts=term_counts(title, abstract),
            )
        )
        self._index = None

    def _build(self) -> dict[str, list[tuple[int, float]]]:
        n = len(self.decided)
        df: dict[str, int] = {}
        for d in self.decided:
            for term in d.counts:
                df[term] = df.get(term, 0) + 1
        self._idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
        self._default_idf = math.log(n + 1) + 1.0
        self._vectors = [self._vector(d.counts) for d in self.decided]
        # Candidates are found through the rarer words only (a word in a twentieth of the decisions
        # says little about which one is near); their similarity is then computed exactly.
        rare = max(n // 20, INDEX_MIN_DF)
        index: dict[str, list[tuple[int, float]]] = {}
        for position, vector in enumerate(self._vectors):
            for term, weight in vector.items():
                if df[term] <= rare:
                    index.setdefault(term, []).append((position, weight))
        self._index = index
        return index

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        idf = self._idf
        default = self._default_idf
        vector = {t: (1.0 + math.log(c)) * idf.get(t, default) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {t: w / norm for t, w in vector.items()}

    def neighbours(
        self, title: str, abstract: str = "", keys: Iterable[str] = ()
    ) -> list[Neighbour]:
        """The ``k`` most similar decided works at ``min_sim`` or above, nearest first."""
        if not self.decided:
            return []
        index = self._index if self._index is not None else self._build()
        query = self._vector(term_counts(title, abstract))
        if not query:
            return []
        probe = (
            heapq.nlargest(MAX_QUERY_TERMS, query.items(), key=itemgetter(1))
            if len(query) > MAX_QUERY_TERMS
            else query.items()
        )
        approx: dict[int, float] = {}
        get = approx.get
        for term, weight in probe:
            postings = index.get(term)
            if postings:
                for position, other in postings:
                    approx[position] = get(position, 0.0) + weight * other
        if not approx:
            return []
        shortlist = heapq.nlargest(3 * self.k + 5, approx, key=approx.__getitem__)
        exact: list[tuple[float, int]] = []
        terms = query.keys()
        for position in shortlist:
            vector = self._vectors[position]
            sim = sum([vector[t] * query[t] for t in vector.keys() & terms])
            if sim >= self.min_sim:
                exact.append((sim, position))
        if not exact:
            return []
        exact.sort(key=lambda sp: (-sp[0], sp[1]))
        own_keys = set(keys)
        own_title = normalize_title(title) if title else ""
        found: list[Neighbour] = []
        for sim, position in exact:
            decided = self.decided[position]
            if (own_keys and own_keys & decided.keys) or (
                own_title and own_title == decided.norm_title
            ):
                continue  # the paper itself (another record of it): never its own evidence
            found.append(Neighbour(round(min(sim, 1.0), 4), decided))
            if len(found) == self.k:
                break
        return found

    def adjust(
        self, title: str, abstract: str = "", keys: Iterable[str] = ()
    ) -> tuple[float, list[Evidence]]:
        """How far to move the score (within ±``strength``) and the neighbours that say so
        (:meth:`assess` without the near-duplicate verdict)."""
        verdict = self.assess(title, abstract, keys)
        return verdict.delta, verdict.evidence

    def assess(self, title: str, abstract: str = "", keys: Iterable[str] = ()) -> Assessment:
        """The adjustment, its evidence, and whether the paper is nearly a rejected work."""
        near = self.neighbours(title, abstract, keys)
        if not near:
            return Assessment()
        duplicate = None
        if near[0].decided.status == "rejected" and near[0].similarity >= self.reject_sim:
            duplicate = near[0].decided.title
        vote = 0.0
        span = self.dup_sim - self.min_sim
        shares: list[tuple[Neighbour, float]] = []
        for rank, n in enumerate(near):
            share = min(1.0, (n.similarity - self.min_sim) / span) / (2**rank)
            share = share if n.decided.status == "accepted" else -share
            vote += share
            shares.append((n, share))
        delta = self.strength * max(-1.0, min(1.0, vote))
        if abs(delta) < 1e-4:
            return Assessment(rejected_duplicate=duplicate)
        evidence = []
        for n, share in shares[:3]:
            if abs(share) < 0.05:
                continue
            evidence.append(
                Evidence(
                    "feedback",
                    f"similar to {n.decided.status}: {n.decided.title[:100]}"
                    f" (cosine {n.similarity:.2f})",
                    "feedback",
                    round(self.strength * share, 3),
                )
            )
        return Assessment(delta, evidence, duplicate)


__all__ = ["STATUSES", "Assessment", "Decided", "Feedback", "Neighbour", "term_counts", "tokens"]
