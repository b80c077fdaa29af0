"""Word models learned from labelled papers: which near-misses come first, and which section.

Two jobs the rules do badly, each given to a logistic regression over binary word and word-pair
features of the title and abstract, trained by plain stochastic gradient descent in a fixed
order (the same data always gives the same model):

- **likeness** (:class:`Ranker`): how likely a paper is one curators add. A near-miss's score is
  mostly the value of the cap that held it back, so near-misses tie and their score orders them
  badly, while the digest shows ten a week; near-misses are shown most alike first, with the
  words that raised them (:meth:`Ranker.reasons`). The scorer also gives it a say in the
  decision at its extremes (:mod:`fmwatch.score`, step 8).
- **sections** (:class:`Sections`): one model per catalog section, one against the rest, trained
  on positives. The rules file a benchmark of clinical LLMs under Clinical Data when it reads as a
  model paper; the words tell it apart. For a paper the scorer proposes or holds back, the section
  with the highest probability wins, the rules' section counting :data:`RULES_HEAD_START` more.

``benchmarks/eval_ranker.py`` and ``benchmarks/eval_month.py`` measure both on papers they were
not trained on. The packaged models (``fmwatch/data/ranker.json.gz``) are what
``fmwatch train-ranker`` makes from the labelled sets their metadata lists (not the never-read
test halves, which stay a clean measurement); ``[scoring] ranker`` in ``fmwatch.toml`` points at
other ones.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import itertools
import json
import math
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fmwatch.errors import FmwatchError
from fmwatch.jsonl import read_jsonl
from fmwatch.models import SECTIONS
from fmwatch.phrases import normalize

#: Longest part of a field read (as the scorer: a 100 KB abstract costs no more than 20 KB).
MAX_CHARS = 20_000
FORMAT = "fmwatch-ranker/2"
PACKAGED = "ranker.json.gz"
#: training defaults: passes over the data, step size, L2 penalty, and the number of training
#: papers a feature must occur in to be kept (a word seen once is noise, and bloats the model)
EPOCHS = 30
RATE = 0.2
L2 = 1e-4
MIN_PAPERS = 2
#: weights nearer zero than this are not stored (they move no ranking; a third of the file)
PRUNE = 0.01
#: what the rules' section adds to its probability when the section models choose: the words
#: must be clearly surer of another section to move a paper (chosen on the development sets
#: among 0.1 … 0.7 and override thresholds; measured on the test halves and the month)
RULES_HEAD_START = 0.5


#: words that say nothing to a curator on their own: not named by :meth:`Ranker.reasons` (a
#: word pair is named only when both of its words are not in here); they still count
_PLAIN_WORDS = """
    a about after all also an and are as at be been both but by can each for from has have how in
    into is it its more most new not of on or our over than that the their these this those
    through to two up using via was we were what when which while with within without
    method methods model models paper study approach based data results show use used
"""
_PLAIN = frozenset(_PLAIN_WORDS.split())


class RankerError(FmwatchError):
    """A ranker file that cannot be used; the message names the file and the fix."""


def _words(normalized: str) -> list[str]:
    return [w for w in normalized.split() if len(w) > 1 and not w.isdigit()]


def _word_feature(feature: str) -> bool:
    """A title or abstract word feature (``t:`` or ``a:``), not a word pair."""
    return feature[:2] in ("t:", "a:")


def _text_gives(text: str, count: int) -> bool:
    """Whether ``count`` words of a normalised text can be ``text`` (words :func:`_words`
    keeps, one space apart): a file's "a:5" or "t:x" (hand-edited, or foreign) cannot."""
    words = text.split(" ")
    return len(words) == count and _words(text) == words


def word_features(normalized_title: str, normalized_abstract: str) -> set[str]:
    """Title words (``t:``) and abstract words (``a:``) of text already passed through
    :func:`fmwatch.phrases.normalize` (lower case; punctuation and hyphens read as spaces; at
    most :data:`MAX_CHARS` of a field): the features of the section models, which the scorer
    reads from the text it has normalised anyway."""
    out = set(map("t:".__add__, _words(normalized_title)))
    out.update(map("a:".__add__, _words(normalized_abstract)))
    return out


def features(title: str | None, abstract: str | None) -> set[str]:
    """The features of the likeness model: title and abstract words (:func:`word_features`)
    and their word pairs (``t2:``, ``a2:``)."""
    return normalized_features(
        normalize((title or "")[:MAX_CHARS]), normalize((abstract or "")[:MAX_CHARS])
    )


def normalized_features(normalized_title: str, normalized_abstract: str) -> set[str]:
    """:func:`features` of text already passed through :func:`fmwatch.phrases.normalize` (at
    most :data:`MAX_CHARS` of a field), as the scorer has it."""
    out: set[str] = set()
    for prefix, text in (("t", normalized_title), ("a", normalized_abstract)):
        words = _words(text)
        out.update(map(f"{prefix}:".__add__, words))
        out.update(map(f"{prefix}2:".__add__, map(" ".join, itertools.pairwise(words))))
    return out


def section_features(title: str | None, abstract: str | None) -> set[str]:
    """:func:`word_features` of raw text."""
    return word_features(
        normalize((title or "")[:MAX_CHARS]), normalize((abstract or "")[:MAX_CHARS])
    )


def _sigmoid(z: float) -> float:
    # (``max(-30.0, min(30.0, z))`` written out: Python 3.11's min() and max() parse keyword
    # arguments on every call, and the scorer reads seven probabilities of a paper at once)
    clipped = z if z < 30.0 else 30.0
    return 1.0 / (1.0 + math.exp(-(clipped if clipped > -30.0 else -30.0)))


@dataclass(frozen=True)
class Ranker:
    """A trained model: one weight per feature and a bias. ``likelihood_of`` and
    ``reasons_of`` take a paper's :func:`features`, for a caller who wants both (computed
    once); ``likelihood`` and ``reasons`` take its title and abstract."""

    weights: Mapping[str, float]
    bias: float

    def likelihood(self, title: str | None, abstract: str | None) -> float:
        """How likely, in [0, 1], a paper with this title and abstract is one curators add."""
        return self.likelihood_of(features(title, abstract))

    def reasons(self, title: str | None, abstract: str | None, limit: int = 3) -> list[str]:
        return self.reasons_of(features(title, abstract), limit)

    def likelihood_normalized(self, normalized_title: str, normalized_abstract: str) -> float:
        """:meth:`likelihood` of text already passed through :func:`fmwatch.phrases.normalize`
        (at most :data:`MAX_CHARS` of a field), the same number, computed without building the
        features: the paper's words and word pairs meet the model's in C-level set
        intersections (the scorer asks for every paper it proposes or holds back)."""
        titles, abstracts, title_pairs, abstract_pairs = self._tables
        tw, aw = _words(normalized_title), _words(normalized_abstract)
        values = [titles[w] for w in titles.keys() & tw]
        values += [abstracts[w] for w in abstracts.keys() & aw]
        values += [title_pairs[p] for p in title_pairs.keys() & itertools.pairwise(tw)]
        values += [abstract_pairs[p] for p in abstract_pairs.keys() & itertools.pairwise(aw)]
        return _sigmoid(self.bias + math.fsum(values))

    @functools.cached_property
    def packable(self) -> bool:
        """Whether :class:`PackedWords` reads this model as :meth:`likelihood` does: words
        alone (no word pairs), each weight within its fixed point's range and on its grid (as
        a model file keeps them: a model trained in memory has more decimals)."""
        return all(
            _word_feature(f) and abs(w) < 99.0 and abs(w * _SCALE - round(w * _SCALE)) < 1e-6
            for f, w in self.weights.items()
        )

    @functools.cached_property
    def _tables(
        self,
    ) -> tuple[
        dict[str, float],
        dict[str, float],
        dict[tuple[str, ...], float],
        dict[tuple[str, ...], float],
    ]:
        """The weights by kind of feature: title words, abstract words, and the word pairs of
        each keyed by their two words. Only features :func:`features` can give: a file's "a:5"
        or "t:x" (a hand-edited or foreign file) would otherwise count here and not in
        :meth:`likelihood`."""
        tables: dict[str, dict[Any, float]] = {"t": {}, "a": {}, "t2": {}, "a2": {}}
        for feature, weight in self.weights.items():
            prefix, _, text = feature.partition(":")
            if prefix in ("t2", "a2") and _text_gives(text, 2):
                tables[prefix][tuple(text.split(" "))] = weight
            elif prefix in ("t", "a") and _text_gives(text, 1):
                tables[prefix][text] = weight
        return tables["t"], tables["a"], tables["t2"], tables["a2"]

    def likelihood_of(self, feats: set[str]) -> float:
        """How likely, in [0, 1], a paper with these features is one curators add."""
        w = self.weights
        # fsum: exact, so the result does not depend on the set's (hash-seeded) order
        return _sigmoid(self.bias + math.fsum(w.get(f, 0.0) for f in feats))

    def reasons_of(self, feats: set[str], limit: int = 3) -> list[str]:
        """The words (or word pairs) that raised this paper most, strongest first; a word pair
        and one of its own words are not both named, nor a word of the title and the abstract."""
        w = self.weights
        raised = sorted(
            (
                f
                for f in feats
                if w.get(f, 0.0) > 0 and not _PLAIN.intersection(f.partition(":")[2].split())
            ),
            key=lambda f: (-w[f], f),
        )
        out: list[str] = []
        taken: set[str] = set()
        for f in raised:
            text = f.partition(":")[2]
            if text in taken or any(text in t.split() or t in text.split() for t in taken):
                continue
            taken.add(text)
            out.append(text)
            if len(out) == limit:
                break
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "bias": round(self.bias, 6),
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
        }


#: fixed-point packing of a word's weights in every section into one integer: each weight
#: times _SCALE, rounded, plus _OFFSET (so every field is non-negative), in _BITS bits per
#: section; a sum of packed words keeps every field apart for up to 2**(_BITS - 21) words
_SCALE = 10_000
_OFFSET = 1 << 20  # |weight| < 100 (training gives |weight| < 10)
_BITS = 48
_MASK = (1 << _BITS) - 1


def _pack(weights: Sequence[float]) -> int:
    packed = 0
    for i, weight in enumerate(weights):
        field = round(max(-99.0, min(99.0, weight)) * _SCALE) + _OFFSET
        packed |= field << (_BITS * i)
    return packed


def _unpack(packed: int, count: int, fields: int) -> list[float]:
    """The per-section sums of ``count`` packed words."""
    return [(((packed >> (_BITS * i)) & _MASK) - count * _OFFSET) / _SCALE for i in range(fields)]


class PackedWords:
    """Several models over the words of the title and abstract (:func:`word_features`), read
    at once, fast: the scorer asks about every paper it proposes or holds back. A paper's words
    meet the models' in one set intersection per field, and each word's weights in every model
    are packed into one integer (:func:`_pack`: fixed point, 1e-4, the precision a model file
    keeps), so one C-level ``sum`` adds all models at once, exactly (the same result in any
    order). Words no text can give (a file's "a:5" or "t:x") are left out, as
    :meth:`Ranker.likelihood` leaves them."""

    def __init__(self, models: Mapping[str, Ranker]) -> None:
        self.models = dict(models)
        self.names = tuple(self.models)
        self._bias = tuple(m.bias for m in self.models.values())

    @functools.cached_property
    def _packed(self) -> tuple[dict[str, int], dict[str, int], frozenset[str], frozenset[str]]:
        """Title and abstract words with their packed weights, and the two sets of words:
        built when first read (a scorer that packs these models with its decision model never
        reads them here)."""
        tables: dict[str, dict[str, list[float]]] = {"t": {}, "a": {}}
        for i, model in enumerate(self.models.values()):
            for feature, weight in model.weights.items():
                prefix, _, word = feature.partition(":")
                if prefix not in tables or not _text_gives(word, 1):
                    continue
                row = tables[prefix].setdefault(word, [0.0] * len(self.names))
                row[i] = weight
        title = {w: _pack(r) for w, r in tables["t"].items()}
        abstract = {w: _pack(r) for w, r in tables["a"].items()}
        return title, abstract, frozenset(title), frozenset(abstract)

    def probabilities(self, normalized_title: str, normalized_abstract: str) -> dict[str, float]:
        """Each model's probability for a paper whose title and abstract are given as
        :func:`fmwatch.phrases.normalize` made them (at most :data:`MAX_CHARS` each)."""
        title_weights, abstract_weights, title_words, abstract_words = self._packed
        title = title_words.intersection(normalized_title.split())
        abstract = abstract_words.intersection(normalized_abstract.split())
        packed = sum(map(title_weights.__getitem__, title)) + sum(
            map(abstract_weights.__getitem__, abstract)
        )
        totals = _unpack(packed, len(title) + len(abstract), len(self.names))
        return {
            name: _sigmoid(bias + total)
            for name, bias, total in zip(self.names, self._bias, totals, strict=True)
        }


class Sections(PackedWords):
    """One model per catalog section (one against the rest), over the words of the title and
    abstract (:func:`word_features`; word pairs added nothing here and cost the scorer time),
    read as :class:`PackedWords` reads them."""

    def choose(
        self,
        normalized_title: str,
        normalized_abstract: str,
        rules: str,
        among: Iterable[str] | None = None,
    ) -> tuple[str, float]:
        """The section the words and the rules agree on best, and its probability: the most
        probable section (of ``among``, when given), the rules' own counting
        :data:`RULES_HEAD_START` more. A rules' section these models know nothing of (a file
        trained on papers of some sections only) stays: nothing can outweigh it fairly."""
        if rules not in self.models:
            return rules, 0.0
        return self.choose_from(
            self.probabilities(normalized_title, normalized_abstract), rules, among
        )

    def choose_from(
        self, p: Mapping[str, float], rules: str, among: Iterable[str] | None = None
    ) -> tuple[str, float]:
        """:meth:`choose` from probabilities already read (``p`` holds at least these
        sections', as :meth:`probabilities` or a :class:`PackedWords` holding these models
        gives them)."""
        if rules not in self.models:
            return rules, 0.0
        allowed = [s for s in self.names if among is None or s in among or s == rules]
        best = max(
            allowed,
            key=lambda s: (p[s] + (RULES_HEAD_START if s == rules else 0.0), s == rules),
        )
        return best, p[best]


@dataclass(frozen=True)
class WordModels:
    """What a ranker file holds: the likeness model, the section models (when trained on papers
    with sections), the decision model (likeness from words alone), and their provenance."""

    likeness: Ranker
    sections: Sections | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: likeness from the title's and abstract's words alone, no word pairs: what the scorer
    #: asks of every paper it proposes or holds back (fmwatch.score, step 8), at a third of the
    #: cost; about as good at the extremes, worse at ordering near-misses. None in files made
    #: before it existed: the likeness model decides then.
    decision: Ranker | None = None

    @property
    def decider(self) -> Ranker:
        """The model that has its say in decisions."""
        return self.decision or self.likeness

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "meta": dict(self.meta),
            "likeness": self.likeness.to_json(),
        }
        if self.sections is not None:
            doc["sections"] = {n: m.to_json() for n, m in self.sections.models.items()}
        if self.decision is not None:
            doc["decision"] = self.decision.to_json()
        return doc


@dataclass(frozen=True)
class Example:
    title: str
    abstract: str
    positive: bool
    #: a positive's catalog section (trains the section models), when known
    section: str | None = None


def train(
    examples: Sequence[Example],
    *,
    epochs: int = EPOCHS,
    rate: float = RATE,
    l2: float = L2,
    min_papers: int = MIN_PAPERS,
    featurize: Callable[[str | None, str | None], set[str]] = features,
) -> Ranker:
    """Logistic regression by stochastic gradient descent, each pass in a fixed shuffled order
    (seeded by the pass number), each paper's step scaled by one over the square root of its
    number of features (a long abstract does not outweigh a short one). Deterministic."""
    if not any(e.positive for e in examples) or all(e.positive for e in examples):
        raise RankerError(
            "training a ranker needs both positive and non-positive papers; "
            "give labelled files with label = positive and negative/borderline rows"
        )
    rows = [featurize(e.title, e.abstract) for e in examples]
    seen = Counter(f for row in rows for f in row)
    kept = [sorted(f for f in row if seen[f] >= min_papers) for row in rows]
    target = [1.0 if e.positive else 0.0 for e in examples]
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(kept)))
    for epoch in range(epochs):
        random.Random(epoch).shuffle(order)
        for i in order:
            row = kept[i]
            error = _sigmoid(bias + sum(weights.get(f, 0.0) for f in row)) - target[i]
            step = error / math.sqrt(max(len(row), 1))
            for f in row:
                old = weights.get(f, 0.0)
                weights[f] = old - rate * (step + l2 * old)
            bias -= rate * error
    return Ranker({f: v for f, v in weights.items() if abs(v) >= PRUNE}, bias)


def train_decision(examples: Sequence[Example]) -> Ranker:
    """The decision model: :func:`train` over the words of the title and abstract alone (no
    word pairs), the likeness the scorer asks about the papers it proposes or holds back."""
    return train(examples, featurize=section_features)


def train_models(
    examples: Sequence[Example], *, meta: Mapping[str, Any] | None = None
) -> WordModels:
    """The likeness model from every paper (and its words-only twin, the decision model), and a
    model per section from the positives with a section (at least two sections, each with
    papers, or no section models)."""
    likeness = train(examples)
    decision = train_decision(examples)
    placed = [e for e in examples if e.positive and e.section in SECTIONS]
    names = [s for s in SECTIONS if any(e.section == s for e in placed)]
    sections = None
    if len(names) >= 2:
        sections = Sections(
            {
                n: train(
                    [dataclasses.replace(e, positive=e.section == n) for e in placed],
                    featurize=section_features,
                )
                for n in names
            }
        )
    settings = {"epochs": EPOCHS, "rate": RATE, "l2": L2, "min_papers": MIN_PAPERS}
    return WordModels(likeness, sections, {**(meta or {}), "settings": settings}, decision)


def example(row: Mapping[str, Any]) -> Example | None:
    """A labelled row (``title``, ``abstract``, ``label``, ``section``) as a training paper, or
    None without an abstract (it would teach nothing about abstracts)."""
    if not row.get("abstract"):
        return None
    positive = row.get("label") == "positive"
    section = row.get("section") if positive and row.get("section") in SECTIONS else None
    return Example(str(row.get("title") or ""), str(row["abstract"]), positive, section)


def examples_from_jsonl(paths: Iterable[Path]) -> tuple[list[Example], list[dict[str, Any]]]:
    """Training papers from labelled JSON Lines files (``fmwatch eval``'s format: ``title``,
    ``abstract``, ``label``); rows without an abstract teach nothing about abstracts and are
    skipped. Returns the papers and, per file, its name and counts (for the model's metadata).

    Lines are read as ``classify`` and ``eval`` read them (:func:`fmwatch.jsonl.read_jsonl`:
    bytes that are not UTF-8 become replacement characters, a field of the wrong type makes the
    line bad), but a bad line is refused, not skipped: a model trained on part of a file
    without anyone noticing would be a model of some other file."""
    out: list[Example] = []
    files: list[dict[str, Any]] = []
    for path in paths:
        count = positives = 0
        errors: list[str] = []
        try:
            with path.open("rb") as stream:
                for number, row in read_jsonl(stream, errors):
                    if errors:
                        break
                    if row.get("label") not in ("positive", "negative", "borderline"):
                        errors.append(
                            f"line {number}: needs label = positive, negative or borderline"
                        )
                        break
                    paper = example(row)
                    if paper is None:
                        continue
                    out.append(paper)
                    count += 1
                    positives += paper.positive
        except OSError as exc:
            raise RankerError(
                f"cannot read labelled file {path}: {exc.strerror or exc.__class__.__name__}; "
                "give a readable JSON Lines file"
            ) from None
        if errors:
            raise RankerError(
                f"{path}, {errors[0].removesuffix('; skipped')}; "
                "each line must be one labelled paper"
            )
        files.append({"file": path.name, "papers": count, "positives": positives})
    return out, files


def fingerprint(examples: Sequence[Example]) -> str:
    """A checksum of the training papers (to tell whether a model is stale for its files)."""
    crc = 0
    for e in examples:
        crc = zlib.crc32(
            f"{e.positive}\x00{e.section}\x00{e.title}\x00{e.abstract}\x01".encode(
                "utf-8", "surrogatepass"
            ),
            crc,
        )
    return f"{crc:08x}"


def save(models: WordModels, path: Path) -> None:
    """Write the models as gzipped JSON: sorted keys, no time or file name in the gzip header
    (same models, same bytes), written aside and renamed (an interrupted write leaves the old
    file whole)."""
    data = json.dumps(models.to_json(), sort_keys=True, separators=(",", ":")).encode()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(gzip.compress(data, mtime=0))
    tmp.replace(path)


def _finite(value: Any) -> bool:
    """A weight as a model file may hold it: a finite number, not a boolean (a NaN or infinite
    weight would put a paper first or last whatever its words)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _head(doc: Any, where: str, name: str) -> Ranker:
    weights = doc.get("weights") if isinstance(doc, dict) else None
    bias = doc.get("bias") if isinstance(doc, dict) else None
    if (
        not isinstance(weights, dict)
        or not _finite(bias)
        or not all(_finite(v) for v in weights.values())
    ):
        raise RankerError(
            f"ranker file {where} has no finite numeric weights and bias for {name}; "
            "make it again with fmwatch train-ranker"
        )
    assert isinstance(bias, (int, float))  # (checked above)
    return Ranker({str(k): float(v) for k, v in weights.items()}, float(bias))


def _parse(data: bytes, where: str) -> WordModels:
    try:
        doc = json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    except (OSError, EOFError, ValueError, zlib.error, RecursionError):
        raise RankerError(
            f"ranker file {where} is not gzipped JSON; make it again with fmwatch train-ranker"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RankerError(
            f"ranker file {where} is not an fmwatch ranker ({FORMAT}); "
            "make it again with fmwatch train-ranker"
        )
    likeness = _head(doc.get("likeness"), where, "likeness")
    sections = None
    if doc.get("sections") is not None:
        heads = doc["sections"]
        if not isinstance(heads, dict) or not set(heads) <= set(SECTIONS) or len(heads) < 2:
            raise RankerError(
                f"ranker file {where} needs section models for two or more of the catalog's "
                "sections, and no other; "
                "make it again with fmwatch train-ranker"
            )
        ordered = [n for n in SECTIONS if n in heads]
        models = {n: _head(heads[n], where, f"section {n!r}") for n in ordered}
        if not all(_word_feature(f) for m in models.values() for f in m.weights):
            raise RankerError(
                f"ranker file {where} has section weights that are not title or abstract "
                "words; make it again with fmwatch train-ranker"
            )
        sections = Sections(models)
    decision = None
    if doc.get("decision") is not None:
        decision = _head(doc["decision"], where, "decision")
        if not all(map(_word_feature, decision.weights)):
            raise RankerError(
                f"ranker file {where} has decision weights that are not title or abstract "
                "words; make it again with fmwatch train-ranker"
            )
    meta = doc["meta"] if isinstance(doc.get("meta"), dict) else {}
    return WordModels(likeness, sections, meta, decision)


def load(path: str | Path | None = None) -> WordModels:
    """The models at ``path``, or the packaged ones when ``path`` is empty. A file is parsed
    once while it is unchanged (the config check, the scorer and the proposal step of one run
    all ask for it)."""
    if not path:
        return packaged()
    try:
        stat = Path(path).stat()
        return _load_file(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise RankerError(
            f"cannot read ranker file {path}: {exc.strerror or exc.__class__.__name__}; "
            "give the path of a file fmwatch train-ranker wrote"
        ) from None


@functools.lru_cache(maxsize=8)
def _load_file(path: str, mtime_ns: int, size: int) -> WordModels:
    """(``mtime_ns`` and ``size`` are the cache key: a file written again is read again.)"""
    return _parse(Path(path).read_bytes(), path)


@functools.cache
def packaged() -> WordModels:
    """The models shipped with fmwatch (read once per process)."""
    data = resources.files("fmwatch").joinpath("data", PACKAGED).read_bytes()
    return _parse(data, f"fmwatch/data/{PACKAGED}")
