"""Which held-back papers curators would most likely add: a word model that orders near-misses.

Why it exists: the scorer's rules decide ``propose`` / ``near-miss`` / ``drop`` and say why, but
the score of a near-miss is mostly the value of the cap that held it back, so many near-misses tie
and their order says little. The digest shows only the best ten a week; on the May-2026 month
(real abstracts) ordering by score put 7 of the 25 held-back positives in their week's ten. This
module learns, from the labelled sets, which words and word pairs of a title and abstract go with
papers curators add: a logistic regression over binary word and word-pair features, trained by
plain stochastic gradient descent in a fixed order, so the same data always gives the same model.
It changes no decision; it only orders near-misses, and it names the words that raised a paper
(:meth:`Ranker.reasons`). ``benchmarks/eval_ranker.py`` measures it on papers it was not trained
on.

The packaged model (``fmwatch/data/ranker.json.gz``) is what ``fmwatch train-ranker`` makes from
the labelled sets its metadata lists; ``[scoring] ranker`` in ``fmwatch.toml`` points at another.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import random
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fmwatch.errors import FmwatchError
from fmwatch.phrases import normalize

#: Longest part of a field read (as the scorer: a 100 KB abstract costs no more than 20 KB).
MAX_CHARS = 20_000
FORMAT = "fmwatch-ranker/1"
PACKAGED = "ranker.json.gz"
#: training defaults: passes over the data, step size, L2 penalty, and the number of training
#: papers a feature must occur in to be kept (a word seen once is noise, and bloats the model)
EPOCHS = 30
RATE = 0.2
L2 = 1e-4
MIN_PAPERS = 2
#: weights nearer zero than this are not stored (they move no ranking; a third of the file)
PRUNE = 0.01


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


def _words(text: str) -> list[str]:
    return [w for w in normalize(text[:MAX_CHARS]).split() if len(w) > 1 and not w.isdigit()]


def features(title: str | None, abstract: str | None) -> set[str]:
    """The binary features of a paper: title words (``t:``), title word pairs (``t2:``),
    abstract words (``a:``) and abstract word pairs (``a2:``), lower-cased, punctuation and
    hyphens read as spaces (the scorer's :func:`fmwatch.phrases.normalize`)."""
    out: set[str] = set()
    for prefix, text in (("t", title or ""), ("a", abstract or "")):
        words = _words(text)
        out.update(f"{prefix}:{w}" for w in words)
        out.update(f"{prefix}2:{a} {b}" for a, b in itertools.pairwise(words))
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Ranker:
    """A trained model: one weight per feature, a bias, and what it was trained on."""

    weights: Mapping[str, float]
    bias: float
    #: provenance: the training files and their counts, the settings (stored with the model)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def likelihood(self, title: str | None, abstract: str | None) -> float:
        """How likely, in [0, 1], a paper with this title and abstract is one curators add."""
        w = self.weights
        return _sigmoid(self.bias + sum(w.get(f, 0.0) for f in features(title, abstract)))

    def reasons(self, title: str | None, abstract: str | None, limit: int = 3) -> list[str]:
        """The words (or word pairs) that raised this paper most, strongest first; a word pair
        and one of its own words are not both named, nor a word of the title and the abstract."""
        w = self.weights
        raised = sorted(
            (
                f
                for f in features(title, abstract)
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
            "format": FORMAT,
            "meta": dict(self.meta),
            "bias": round(self.bias, 6),
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
        }


@dataclass(frozen=True)
class Example:
    title: str
    abstract: str
    positive: bool


def train(
    examples: Sequence[Example],
    *,
    epochs: int = EPOCHS,
    rate: float = RATE,
    l2: float = L2,
    min_papers: int = MIN_PAPERS,
    meta: Mapping[str, Any] | None = None,
) -> Ranker:
    """Logistic regression by stochastic gradient descent, each pass in a fixed shuffled order
    (seeded by the pass number), each paper's step scaled by one over the square root of its
    number of features (a long abstract does not outweigh a short one). Deterministic."""
    if not any(e.positive for e in examples) or all(e.positive for e in examples):
        raise RankerError(
            "training a ranker needs both positive and non-positive papers; "
            "give labelled files with label = positive and negative/borderline rows"
        )
    rows = [features(e.title, e.abstract) for e in examples]
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
    settings = {"epochs": epochs, "rate": rate, "l2": l2, "min_papers": min_papers}
    kept_weights = {f: v for f, v in weights.items() if abs(v) >= PRUNE}
    return Ranker(kept_weights, bias, {**(meta or {}), "settings": settings})


def examples_from_jsonl(paths: Iterable[Path]) -> tuple[list[Example], list[dict[str, Any]]]:
    """Training papers from labelled JSON Lines files (``fmwatch eval``'s format: ``title``,
    ``abstract``, ``label``); rows without an abstract teach nothing about abstracts and are
    skipped. Returns the papers and, per file, its name and counts (for the model's metadata)."""
    out: list[Example] = []
    files: list[dict[str, Any]] = []
    for path in paths:
        count = positives = 0
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise RankerError(
                f"cannot read labelled file {path}: {exc.__class__.__name__}; "
                "give a readable UTF-8 JSON Lines file"
            ) from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise RankerError(
                    f"{path}:{number}: not a JSON object; each line must be one labelled paper"
                ) from None
            if not isinstance(row, dict) or row.get("label") not in (
                "positive",
                "negative",
                "borderline",
            ):
                raise RankerError(
                    f"{path}:{number}: needs label = positive, negative or borderline"
                )
            if not row.get("abstract"):
                continue
            positive = row["label"] == "positive"
            out.append(Example(str(row.get("title") or ""), str(row["abstract"]), positive))
            count += 1
            positives += positive
        files.append({"file": path.name, "papers": count, "positives": positives})
    return out, files


def fingerprint(examples: Sequence[Example]) -> str:
    """A checksum of the training papers (to tell whether a model is stale for its files)."""
    crc = 0
    for e in examples:
        crc = zlib.crc32(f"{e.positive}\x00{e.title}\x00{e.abstract}\x01".encode(), crc)
    return f"{crc:08x}"


def save(ranker: Ranker, path: Path) -> None:
    """Write the model as gzipped JSON: sorted keys, no time or file name in the gzip header
    (same model, same bytes), written aside and renamed (an interrupted write leaves the old
    file whole)."""
    data = json.dumps(ranker.to_json(), sort_keys=True, separators=(",", ":")).encode()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(gzip.compress(data, mtime=0))
    tmp.replace(path)


def _parse(data: bytes, where: str) -> Ranker:
    try:
        doc = json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    except (OSError, EOFError, ValueError):
        raise RankerError(
            f"ranker file {where} is not gzipped JSON; make it again with fmwatch train-ranker"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RankerError(
            f"ranker file {where} is not an fmwatch ranker ({FORMAT}); "
            "make it again with fmwatch train-ranker"
        )
    weights = doc.get("weights")
    bias = doc.get("bias")
    if (
        not isinstance(weights, dict)
        or not isinstance(bias, (int, float))
        or not all(isinstance(v, (int, float)) for v in weights.values())
    ):
        raise RankerError(
            f"ranker file {where} has no numeric weights and bias; "
            "make it again with fmwatch train-ranker"
        )
    meta = doc["meta"] if isinstance(doc.get("meta"), dict) else {}
    return Ranker({str(k): float(v) for k, v in weights.items()}, float(bias), meta)


def load(path: str | Path | None = None) -> Ranker:
    """The model at ``path``, or the packaged one when ``path`` is empty."""
    if not path:
        return packaged()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RankerError(
            f"cannot read ranker file {path}: {exc.strerror or exc.__class__.__name__}; "
            "give the path of a file fmwatch train-ranker wrote"
        ) from None
    return _parse(data, str(path))


@functools.cache
def packaged() -> Ranker:
    """The model shipped with fmwatch (read once per process)."""
    data = resources.files("fmwatch").joinpath("data", PACKAGED).read_bytes()
    return _parse(data, f"fmwatch/data/{PACKAGED}")
