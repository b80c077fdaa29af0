"""Explainable scoring: is this a biomedical foundation-model paper, and where does it go?

Pure: no I/O, no clock, no network. Every number that moves the score is an :class:`Evidence`
(phrase, where it was found, weight) so that a curator reading a proposal can see *why*.

How a paper is scored (the weights live in :mod:`fmwatch.vocab` and ``fmwatch.toml``):

1. One pass of one precompiled regular expression over each field (title, abstract, comment,
   journal) finds every vocabulary phrase; the regex is a character trie of all phrases so one
   pass costs about the same whatever the vocabulary size. Text is lower-cased once.
2. Per vocabulary, distinct phrases add up (title matches count double, comment and journal
   half). Data scale ("1.3 billion tiles", "100,000 whole-slide images") is its own evidence.
3. The score combines foundation-model evidence, biomedical evidence, an "introduces a new
   model" cue and data scale, minus narrow-task and non-biomedical evidence, squashed to [0, 1].
4. What curators usually decline is capped at ``near-miss`` whatever the score: work that
   adapts, fine-tunes, prompts, distils or builds an agent on an existing model for a narrow
   task, and probes that evaluate a general model on medical data.
5. The kind (model / review / benchmark) comes from review/benchmark evidence, and the section
   from modality evidence (Clinical, Image, Genomic, Multimodal) or the kind.
6. A work already in the catalog (or decided by a curator) is ``known`` and never proposed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from fmwatch.config import ScoringConfig
from fmwatch.errors import ConfigError
from fmwatch.identity import normalize_title, work_keys, work_keys_from_url
from fmwatch.models import Evidence, Paper, ScoreResult
from fmwatch.vocab import DEFAULT_VOCABULARIES, MODALITY_SECTIONS, build_vocabularies

if TYPE_CHECKING:
    from fmwatch.enrich import Enricher

#: How much a phrase counts depending on where it was found.
FIELD_WEIGHTS: dict[str, float] = {"title": 2.0, "abstract": 1.0, "comment": 0.5, "journal": 0.5}

#: Texts longer than this are scored on their first part only: a 100 KB "abstract" is not an
#: abstract, and scanning it would make one bad record cost as much as a thousand good ones.
MAX_FIELD_CHARS = 20_000

_SEPARATORS = "\\s\\-‐‑‒–—/"
_SEP = "\x00"
_KEY_DROP = re.compile(r"[^0-9a-z]+")


def phrase_key(text: str) -> str:
    """What a matched span and a vocabulary phrase have in common (hyphens, spaces, case gone)."""
    return _KEY_DROP.sub("", text.lower())


def _phrase_chars(phrase: str) -> str:
    text = re.sub(f"[{_SEPARATORS}]+", _SEP, phrase.strip().lower())
    return text.strip(_SEP)


def _trie_regex(node: dict[str, Any]) -> str:
    alternatives = []
    for char in sorted(k for k in node if k):
        piece = f"[{_SEPARATORS}]*" if char == _SEP else re.escape(char)
        alternatives.append(piece + _trie_regex(node[char]))
    optional = "" in node
    if not alternatives:
        return ""
    body = (
        alternatives[0]
        if len(alternatives) == 1 and not optional
        else "(?:" + "|".join(alternatives) + ")"
    )
    if optional:
        if not body.startswith("(?:"):
            body = f"(?:{body})"
        body += "?"
    return body


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words, an optional plural ``s`` allowed.

    The pattern starts by consuming the separator before a word: a character class at the head
    lets the regex engine skip from word start to word start, which is what makes one pass over
    a 1.5 KB abstract cost ~20 µs. Texts must therefore start with a separator (a space).
    Phrases inside a longer match ("foundation model" in "pathology foundation model") are
    credited through :func:`contained_phrases`, not found by a second, overlapping search.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        chars = _phrase_chars(phrase)
        if not chars:
            continue
        node = trie
        for char in chars:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(r"[^a-z0-9](" + _trie_regex(trie) + r")(?:e?s)?(?![a-z0-9])")


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(f"[{_SEPARATORS}]+", phrase.lower()) if w]


def contained_phrases(phrases: Iterable[str]) -> dict[str, set[str]]:
    """For each phrase, the other phrases it contains as whole words (itself included)."""
    listed = list(phrases)
    by_words = {tuple(_words(p)): p for p in listed if _words(p)}
    result: dict[str, set[str]] = {}
    for phrase in listed:
        words = _words(phrase)
        inside = {phrase}
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                other = by_words.get(tuple(words[i:j]))
                if other is not None:
                    inside.add(other)
        result[phrase] = inside
    return result


# -- data scale ---------------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1e6,
    "billions": 1e9,
}  # fmt: skip
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
_NUM_HEAD_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(_WORD_NUMBERS)
    + r")(?:\s*(?P<mult>k|m|b|thousand|million|billion|trillion)\b)?\+?"
)
_UNITS = (
    "whole-slide images", "slides", "wsis", "images", "image-text pairs", "pairs", "cells",
    "patients", "tiles", "patches", "scans", "volumes", "sequences", "proteins", "genomes",
    "species", "reports", "notes", "records", "tokens", "participants", "individuals", "samples",
    "studies", "ecgs", "recordings", "exams", "examinations", "radiographs", "x-rays", "videos",
    "parameters", "sections", "lesions", "visits", "encounters", "amino acids", "residues",
    "nucleotides", "base pairs", "molecules", "compounds", "structures", "documents", "articles",
    "abstracts", "publications", "words", "masks", "profiles", "spectra", "subjects",
)  # fmt: skip


_UNIT_RE: re.Pattern[str] | None = None


def _unit_re() -> re.Pattern[str]:
    global _UNIT_RE
    if _UNIT_RE is None:
        _UNIT_RE = compile_phrases(_UNITS)
    return _UNIT_RE


def _scale_value(match: re.Match[str]) -> float:
    raw = match.group("num")
    value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else float(raw.replace(",", ""))
    mult = match.group("mult")
    if mult:
        value *= _MULTIPLIERS[mult]
    return value


def _scale_weight(value: float, unit: str) -> float:
    unit = phrase_key(unit)
    if unit.startswith("parameter"):
        return 1.0 if value >= 1e8 else 0.0
    if unit == "tokens":
        return 0.8 if value >= 1e9 else 0.0
    if value >= 1e6:
        return 2.0
    if value >= 1e5:
        return 1.5
    if value >= 1e4:
        return 0.8
    return 0.0


# -- "we introduce a new model" ------------------------------------------------------------------
#: Where a large number may start: digits followed by a separator group, five digits or a
#: magnitude, or a number word followed by a magnitude ("two million").
_NUMBER_RE = re.compile(r"[0-9][0-9,.]*")
_MAGNITUDE_WORDS = (" thousand", " million", " billion", "k ", "m ", "b ")
_WORD_MAGNITUDE_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|tens|hundreds|thousands|millions|"
    r"billions)\s+(?:of\s+)?(?:thousand|million|billion)"
)
_TITLE_NAME_RE = re.compile(r"^\s*[A-Za-z][\w\-.+]{1,30}(?:\s[\w\-.+]{1,15})?\s*:")

_CATEGORY_EVIDENCE: tuple[tuple[str, str, float], ...] = (
    ("q-bio", "biomedical", 1.0),
    ("q-bio.gn", "genomic", 1.0),
    ("q-bio.qm", "genomic", 0.3),
    ("q-bio.bm", "genomic", 0.6),
    ("q-bio.cb", "genomic", 0.6),
    ("q-bio.to", "image", 0.3),
    ("physics.med-ph", "biomedical", 1.0),
    ("eess.iv", "image", 0.3),
    ("eess.sp", "clinical", 0.2),
)

#: Weights of :meth:`Scorer.components`, calibrated by logistic regression on the dev split of
#: tests/data/labels.jsonl plus a month of real arXiv listings taken as (noisy) negatives, then
#: rounded; the score is ``sigmoid(SCORE_BIAS + sum(w * x))``. Caps (see ``_cap``) come after.
SCORE_WEIGHTS: dict[str, float] = {
    "foundation": 1.6,
    "foundation_title": 1.0,
    "pretraining": 1.0,
    "biomedical": 1.5,
    "foundation_x_biomedical": 1.7,
    "scale": 1.8,
    "intro": 1.3,
    "named": -0.4,
    "existing_fm": 1.0,
    "adaptation": -1.0,
    "probe": -0.7,
    "narrow": -0.9,
    "non_biomedical": -0.6,
    "review": 1.0,
    "benchmark": 0.0,
    "modality": 1.7,
    "no_biomedical": -2.5,
}
SCORE_BIAS = -3.6

DECISIONS = ("propose", "near-miss", "drop", "known")
KINDS = ("model", "review", "benchmark")


class KnownLookup(Protocol):
    """What the scorer needs from :class:`fmwatch.works.KnownWorks` (kept abstract: no cycle)."""

    def match(self, keys: Iterable[str], title: str | None) -> Any | None: ...


class FeedbackLookup(Protocol):
    """What the scorer needs from :class:`fmwatch.works.Feedback`."""

    def adjust(self, title: str, abstract: str) -> tuple[float, list[Evidence]]: ...


@dataclass(slots=True)
class Item:
    """The classify fields of one paper, whatever it came as."""

    title: str = ""
    abstract: str | None = None
    comment: str = ""
    journal: str = ""
    categories: tuple[str, ...] = ()
    doi: str | None = None
    arxiv_id: str | None = None
    published_doi: str | None = None
    url: str | None = None
    source: str | None = None
    links: tuple[str, ...] = ()

    @classmethod
    def of(cls, item: Paper | Mapping[str, Any] | Item) -> Item:
        if isinstance(item, Item):
            return item
        if isinstance(item, Paper):
            return cls(
                title=item.title or "",
                abstract=item.abstract,
                comment=item.comment or "",
                journal=item.journal or item.journal_ref or "",
                categories=tuple(item.categories),
                doi=item.doi,
                arxiv_id=item.arxiv_id,
                published_doi=item.published_doi,
                url=item.abs_url or item.doi_url,
                source=item.source,
                links=tuple(u for u in (item.abs_url, item.doi_url) if u),
            )
        cats = item.get("categories") or ()
        if isinstance(cats, str):
            cats = tuple(cats.replace(",", " ").split())
        links = item.get("links") or ()
        return cls(
            title=_text(item.get("title")),
            abstract=None if item.get("abstract") is None else _text(item.get("abstract")),
            comment=_text(item.get("comment")),
            journal=_text(item.get("journal")),
            categories=tuple(str(c) for c in cats) if isinstance(cats, list | tuple) else (),
            doi=_opt(item.get("doi")),
            arxiv_id=_opt(item.get("arxiv_id")),
            published_doi=_opt(item.get("published_doi")),
            url=_opt(item.get("url")),
            source=_opt(item.get("source")),
            links=tuple(str(u) for u in links) if isinstance(links, list | tuple) else (),
        )

    def keys(self) -> set[str]:
        keys = work_keys(arxiv_id=self.arxiv_id, doi=self.doi, published_doi=self.published_doi)
        if self.url:
            keys |= work_keys_from_url(self.url)
        return keys


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value)
    return str(value)


def _opt(value: Any) -> str | None:
    text = _text(value).strip()
    return text or None


@dataclass(slots=True)
class Features:
    """Per-vocabulary totals and the evidence behind them; what the decision rules read."""

    totals: dict[str, float] = field(default_factory=dict)
    title_totals: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    scale: float = 0.0
    intro: bool = False
    title_name: bool = False
    abstract_missing: bool = False
    title_lower: str = ""

    def get(self, vocab: str) -> float:
        return self.totals.get(vocab, 0.0)

    def in_title(self, vocab: str) -> float:
        return self.title_totals.get(vocab, 0.0)


def _sat(x: float, scale: float) -> float:
    """Diminishing returns: the fifth phrase of a kind says less than the first."""
    return 1.0 - math.exp(-max(x, 0.0) / scale)


class Scorer:
    """Scores papers against the vocabularies; reuse one instance (compiling is the costly part)."""

    def __init__(
        self,
        config: ScoringConfig | None = None,
        known: KnownLookup | None = None,
        feedback: FeedbackLookup | None = None,
        enricher: Enricher | None = None,
    ) -> None:
        self.config = config or ScoringConfig()
        for name, words in self.config.vocabularies.items():
            if name not in DEFAULT_VOCABULARIES:
                raise ConfigError(
                    f"scoring.vocabularies.{name}",
                    "unknown vocabulary",
                    f"use one of {', '.join(DEFAULT_VOCABULARIES)}",
                )
            for phrase, weight in words.items():
                if not isinstance(weight, int | float) or weight < 0 or not phrase.strip():
                    raise ConfigError(
                        f"scoring.vocabularies.{name}.{phrase}",
                        f"weight {weight!r} is not a non-negative number",
                        "give a number such as 1.0",
                    )
        self.vocabularies = build_vocabularies(
            self.config.vocabularies, self.config.replace_vocabularies
        )
        self.known = known
        self.feedback = feedback
        if enricher is None:
            from fmwatch.enrich import Enricher

            enricher = Enricher()
        self.enricher = enricher
        by_key: dict[tuple[str, str], tuple[str, float]] = {}
        for vocab, words in self.vocabularies.items():
            for phrase, weight in words.items():
                key = phrase_key(phrase)
                if key and ((key, vocab) not in by_key or by_key[(key, vocab)][1] < weight):
                    by_key[(key, vocab)] = (phrase, weight)
        direct: dict[str, list[tuple[str, str, float]]] = {}
        for (key, vocab), (phrase, weight) in by_key.items():
            direct.setdefault(key, []).append((vocab, phrase, weight))
        all_phrases = [p for words in self.vocabularies.values() for p in words]
        inside = contained_phrases(all_phrases)
        #: matched span key -> every (vocabulary, phrase, weight) it stands for, sub-phrases too
        self._lookup: dict[str, tuple[tuple[str, str, float], ...]] = {}
        for phrase in all_phrases:
            key = phrase_key(phrase)
            if not key or key in self._lookup:
                continue
            hits: dict[tuple[str, str], float] = {}
            for sub in inside[phrase]:
                for vocab, canonical, weight in direct.get(phrase_key(sub), ()):
                    hits[(vocab, canonical)] = weight
            self._lookup[key] = tuple((v, ph, w) for (v, ph), w in hits.items())
        self._regex = compile_phrases(all_phrases)

    # -- evidence -----------------------------------------------------------------------------
    def features(self, item: Item, *, cheap: bool = False) -> Features:
        """All evidence of one item. ``cheap`` skips data scale (the one costly search).

        The fields are joined into one lower-cased string (with markers between them) so that
        one regex pass finds every phrase; the marker positions tell which field a match is in.
        """
        title = item.title[:MAX_FIELD_CHARS]
        feats = Features(abstract_missing=item.abstract is None, title_lower=title.lower())
        abstract = (item.abstract or "")[:MAX_FIELD_CHARS]
        comment = item.comment[:MAX_FIELD_CHARS]
        journal = item.journal[:2000]
        text = f" {title} \x01 {abstract} \x02 {comment} \x03 {journal} ".lower()
        t_end = len(title) + 2
        a_end = t_end + len(abstract) + 3
        c_end = a_end + len(comment) + 3
        own_name_end = title.find(":") + 1 if _TITLE_NAME_RE.match(title) else -1
        best: dict[tuple[str, str], tuple[float, str]] = {}
        counts: dict[tuple[str, str], int] = {}
        title_totals: dict[str, float] = {}
        title_seen: set[tuple[str, str]] = set()
        lookup = self._lookup
        for match in self._regex.finditer(text):
            hits = lookup.get(phrase_key(match.group(1)))
            if not hits:
                continue
            pos = match.start()
            where = (
                "title"
                if pos < t_end
                else "abstract"
                if pos < a_end
                else "comment"
                if pos < c_end
                else "journal"
            )
            factor = FIELD_WEIGHTS[where]
            for vocab, phrase, weight in hits:
                if where == "title" and vocab == "existing_fm" and pos < own_name_end:
                    continue  # "scGPT: …" names the paper's own model, not an existing one
                key = (vocab, phrase)
                counts[key] = counts.get(key, 0) + 1
                if where == "title" and key not in title_seen:
                    title_seen.add(key)
                    title_totals[vocab] = title_totals.get(vocab, 0.0) + weight
                value = weight * factor
                prev = best.get(key)
                if prev is None or value > prev[0]:
                    best[key] = (value, where)
        totals: dict[str, float] = {}
        evidence = feats.evidence
        for key, (value, where) in best.items():
            repeat = 1.0 + 0.25 * min(counts[key] - 1, 3)
            contribution = value * repeat
            totals[key[0]] = totals.get(key[0], 0.0) + contribution
            evidence.append(Evidence(key[0], key[1], where, round(contribution, 3)))
        for cat in item.categories:
            low_cat = cat.lower()
            for prefix, vocab, weight in _CATEGORY_EVIDENCE:
                if low_cat == prefix or (prefix == "q-bio" and low_cat.startswith("q-bio")):
                    totals[vocab] = totals.get(vocab, 0.0) + weight
                    evidence.append(Evidence(vocab, cat, "categories", weight))
        feats.totals = totals
        feats.title_totals = title_totals
        feats.intro = totals.get("intro", 0.0) > 0 and (
            totals.get("foundation", 0.0) + totals.get("pretraining", 0.0) >= 1.0
        )
        if own_name_end > 0:
            feats.title_name = True
        if feats.abstract_missing:
            evidence.append(Evidence("note", "abstract missing", "abstract", 0.0))
        if cheap:
            return feats
        body = text[:c_end]
        scale_best = 0.0
        scale_text = ""
        # Only numbers that could be large are worth the full pattern: find them with a cheap
        # search, then match the full pattern in a window that starts at the number.
        starts: list[int] = []
        # numbers that may be large: 5+ digits, a thousands separator, or a magnitude after them
        for number in _NUMBER_RE.finditer(body):
            digits = number.group(0)
            after = body[number.end() : number.end() + 10]
            if "," in digits.rstrip(",.") or len(digits) >= 5 or after.startswith(_MAGNITUDE_WORDS):
                starts.append(number.start())
        for word in ("million", "billion", "thousand"):
            at = body.find(word)
            while at != -1:
                window = _WORD_MAGNITUDE_RE.search(body, max(0, at - 30), at + len(word))
                if window is not None:
                    starts.append(window.start())
                at = body.find(word, at + 1)
        unit_re = _unit_re()
        for start in starts:
            if start > 0 and (body[start - 1].isalnum() or body[start - 1] in ".,"):
                continue
            head = _NUM_HEAD_RE.match(body, start)
            if head is None:
                continue
            value = _scale_value(head)
            if value < 1e4:
                continue
            # the unit comes within a few words: "1.3 billion 256 × 256 pathology image tiles"
            unit = unit_re.search(body, head.end() - 1, head.end() + 80)
            if unit is None:
                continue
            between = body[head.end() : unit.start(1)]
            if len(between.split()) > 6 or any(c in between for c in ".;:()\x01\x02"):
                continue
            weight = _scale_weight(value, unit.group(1))
            if weight > scale_best:
                scale_best, scale_text = weight, body[start : unit.end()]
        if scale_best:
            feats.scale = scale_best
            evidence.append(
                Evidence("scale", " ".join(scale_text.split())[:80], "abstract", scale_best)
            )
        return feats

    # -- verdict ------------------------------------------------------------------------------
    def score(self, item: Paper | Mapping[str, Any] | Item) -> ScoreResult:
        it = Item.of(item)
        feats = self.features(it, cheap=True)
        if self._could_matter(feats):
            feats = self.features(it)
        kind = self._kind(feats)
        section = self._section(feats, kind)
        score, capped_by = self._score(feats, kind)
        evidence = feats.evidence
        if self.feedback is not None:
            delta, fb_evidence = self.feedback.adjust(it.title, it.abstract or "")
            if delta:
                score = min(1.0, max(0.0, score + delta))
                evidence.extend(fb_evidence)
        if capped_by:
            evidence.append(Evidence("cap", capped_by, "rule", 0.0))
            score = min(score, max(self.config.propose_threshold - 0.01, 0.0))
        decision = self._decide(score, capped_by)
        known_as = None
        if self.known is not None:
            # Keys are one dict lookup each; the fuzzy title lookup is only worth its cost for a
            # paper that would otherwise reach a curator (a dropped paper stays dropped).
            title = it.title if decision != "drop" else None
            match = self.known.match(it.keys(), title)
            if match is not None:
                decision = "known"
                known_as = str(getattr(match, "label", match))
        evidence.sort(key=lambda e: (-e.weight, e.kind, e.phrase))
        return ScoreResult(
            score=round(score, 4),
            decision=decision,
            section=section,
            kind=kind,
            evidence=evidence,
            enrichment=self.enricher.enrich(it, full=decision != "drop"),
            known_as=known_as,
        )

    def _could_matter(self, f: Features) -> bool:
        """Whether data scale could lift this paper to near-miss.

        Most of a weekly feed is plainly out of scope; skipping the two costlier searches for
        those papers is what keeps ``classify`` above 20,000 papers/s.
        """
        f.scale = 2.0
        best, _ = self._score(f, self._kind(f))
        f.scale = 0.0
        return best >= self.config.near_miss_threshold or self.feedback is not None

    def _decide(self, score: float, capped_by: str | None) -> str:
        if score >= self.config.propose_threshold and not capped_by:
            return "propose"
        if score >= self.config.near_miss_threshold:
            return "near-miss"
        return "drop"

    def _kind(self, f: Features) -> str:
        review_title = f.in_title("review")
        if review_title >= 1.0 or f.get("review") >= 3.0:
            return "review"
        # a title that introduces a named foundation model stays a model paper even when it
        # also promises a benchmark ("DNABERT-2: Efficient Foundation Model and Benchmark …")
        introduces = f.title_name and f.in_title("foundation") >= 2.0
        if f.in_title("benchmark") >= 1.5 or (
            not introduces and (f.in_title("benchmark") >= 0.5 or f.get("benchmark") >= 4.0)
        ):
            return "benchmark"
        return "model"

    def _section(self, f: Features, kind: str) -> str:
        if kind == "review":
            return "Review paper"
        if kind == "benchmark":
            return "Benchmark paper"
        votes = {name: f.get(name) + f.in_title(name) for name in ("clinical", "image", "genomic")}
        mm = f.get("multimodal") + f.in_title("multimodal")
        # Multimodal data = images with text or with omics; "multimodal" alone often means
        # several imaging modalities, which is still Image Data.
        if mm >= 3.5 and max(votes["image"], votes["genomic"]) >= 2.0:
            return MODALITY_SECTIONS["multimodal"]
        if votes["image"] >= 3.0 and votes["genomic"] >= 3.0 and mm >= 1.5:
            return MODALITY_SECTIONS["multimodal"]
        best = max(votes, key=lambda name: votes[name])
        if votes[best] <= 0:
            return MODALITY_SECTIONS["image"] if mm <= 0 else MODALITY_SECTIONS["multimodal"]
        return MODALITY_SECTIONS[best]

    def components(self, f: Features, kind: str) -> dict[str, float]:
        """The handful of numbers the score is a weighted sum of (see :data:`SCORE_WEIGHTS`)."""
        bio_total = f.get("biomedical") + 0.3 * f.get("genomic")
        if kind == "review":
            # a review's topic may be "LLMs in medicine": existing models are its subject
            fm = _sat(
                f.get("foundation")
                + f.get("existing_fm")
                + 0.5 * (f.get("probe") + f.get("pretraining")),
                3.0,
            )
        elif kind == "benchmark":
            # a benchmark's subject is existing models: medical VLMs/LLMs count as the topic
            fm = _sat(
                f.get("foundation") + 0.7 * f.get("pretraining") + 0.5 * f.get("existing_fm"), 3.0
            )
        else:
            fm = _sat(f.get("foundation"), 3.0)
        bio = _sat(bio_total, 3.0)
        return {
            "foundation": fm,
            "foundation_title": 1.0 if f.in_title("foundation") >= 1.0 else 0.0,
            "pretraining": _sat(f.get("pretraining"), 3.0),
            "biomedical": bio,
            "foundation_x_biomedical": fm * bio,
            "scale": f.scale / 2.0,
            "intro": 1.0 if f.intro else 0.0,
            "named": 1.0 if f.title_name else 0.0,
            "existing_fm": _sat(f.get("existing_fm"), 2.0),
            "adaptation": _sat(f.get("adaptation"), 2.0),
            "probe": _sat(f.get("probe"), 2.0) if kind == "model" else 0.0,
            "narrow": _sat(f.get("narrow"), 2.0),
            "non_biomedical": _sat(max(f.get("non_biomedical") - 0.5 * bio_total, 0.0), 2.0),
            "review": _sat(f.get("review"), 2.0) if kind == "review" else 0.0,
            "benchmark": _sat(f.get("benchmark"), 2.0) if kind == "benchmark" else 0.0,
            "modality": _sat(
                max(f.get(m) for m in ("clinical", "image", "genomic", "multimodal")), 3.0
            ),
            "no_biomedical": 1.0 if bio_total < 1.0 else 0.5 if bio_total < 2.0 else 0.0,
        }

    def _cap(self, f: Features) -> str | None:
        """Why this model paper is at most a near-miss, or None.

        Curators decline work that adapts, fine-tunes, prompts, distils or builds an agent on an
        existing model for a task, and probes of general models on medical data. Adapting a
        general model to the whole biomedical domain at scale (millions of images) is not capped.
        """
        broad = f.scale >= 2.0 and f.get("foundation") >= 2.0
        adapt = f.get("adaptation")
        existing = f.get("existing_fm")
        if f.in_title("adaptation") >= 0.8:
            return "adapts, fine-tunes, prompts or builds an agent on a model (title)"
        if f.in_title("probe") >= 0.8 and not f.title_name:
            return "evaluates general models on medical data (title)"
        if broad:
            return None
        if adapt >= 2.0 and existing >= 1.5 and not f.intro:
            return "adapts, prompts or builds on an existing model"
        if f.get("probe") >= 2.0 and existing >= 1.0 and not f.intro:
            return "evaluates a general model on medical data"
        return None

    def _score(self, f: Features, kind: str) -> tuple[float, str | None]:
        parts = self.components(f, kind)
        raw = SCORE_BIAS + sum(
            SCORE_WEIGHTS.get(name, 0.0) * value for name, value in parts.items()
        )
        score = 1.0 / (1.0 + math.exp(-raw))
        capped_by: str | None = None
        if kind == "model":
            capped_by = self._cap(f)
        return score, capped_by


def score_many(scorer: Scorer, items: Iterable[Paper | Mapping[str, Any]]) -> list[ScoreResult]:
    return [scorer.score(item) for item in items]


def result_dict(result: ScoreResult) -> dict[str, Any]:
    """The JSON shape of a verdict, shared by ``classify``, ``eval`` and the store."""
    enr = result.enrichment
    return {
        "score": result.score,
        "decision": result.decision,
        "section": result.section,
        "kind": result.kind,
        "evidence": [e.as_dict() for e in result.evidence],
        "model_name": enr.model_name,
        "code_url": enr.code_url,
        "weights_url": enr.weights_url,
        "enrichment": {
            "model_name": enr.model_name_from,
            "code_url": enr.code_url_from,
            "weights_url": enr.weights_url_from,
        },
        "known_as": result.known_as,
    }


__all__ = [
    "DECISIONS",
    "KINDS",
    "Features",
    "Item",
    "Scorer",
    "compile_phrases",
    "normalize_title",
    "phrase_key",
    "result_dict",
]
