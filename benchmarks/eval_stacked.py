"""An experiment: a learned decision over the rules' own outputs (a "stacked" decision).

Run from the repository root::

    python benchmarks/eval_stacked.py                 # pools 1 and 3; under a minute
    python benchmarks/eval_stacked.py --no-month      # without the May-2026 corpus
    python benchmarks/eval_stacked.py --corpus PATH   # the corpus elsewhere than ../shared/corpus
    python benchmarks/eval_stacked.py --final         # also pool 2, the never-read test halves

Among the papers the rules alone (no word model) propose or hold back as near-misses, a small
logistic regression decides ``propose`` or ``near-miss``; it reads what the rules found (the
score before and after caps, which family of cap fired, the floor, the kind, the components
the score sums, vocabulary totals, the structural flags of :class:`fmwatch.score.Features`)
and, in some variants, the word model's likeness. Dropped papers stay dropped. It is trained,
by plain stochastic gradient descent in a fixed order as :func:`fmwatch.ranker.train` is, on
labelled rows of files that are not test halves (no ``*_test.jsonl`` is opened but by
``--final``), each row's likeness coming from a word model that never saw that row's family.

Three pools, as ``eval_likeness.py`` measures them, each decided by models that never saw it:

1. **dev halves** (``blind_dev``, ``blind3_dev`` and every later ``_dev`` half): per family, the
   stacker and the word model trained on the other families' rows (no test half). The
   stacker's threshold (and the variant) are chosen here, on the pooled held-out probabilities.
2. **never-read test halves** (``--final`` only; aggregate figures, once): the stacker trained on
   every non-test row, the likeness of the packaged model, as the default policy is measured.
3. **the May-2026 month** on its real abstracts: the stacker and the word model trained on every
   non-test labelled row that is not a month paper. Unlike ``eval_likeness.py``, the month's
   labels come from the non-test files (and ``may_rest.jsonl``) only, and so does the word
   model's training: nothing chosen here has read a test half (so its figures differ from
   ``eval_likeness.py``'s month).

Compared on each pool: the rules alone, the then default policy (likeness 0.98 / 0.02, step 8 of
``fmwatch.score``) and each stacker variant (compact: the rules' decision, scores, cap family,
floor and kind; full: also the score's components, vocabulary totals in the abstract and the
title, and the structural flags; each with or without the likeness) used two ways, with
thresholds chosen on pool 1: as the decision (propose at a probability threshold), and as an
override of the rules' decision when it is sure ("rules unless sure": a near-miss proposed at
``up`` or more, a proposal held back below ``down``, the default policy's shape). Also printed:
how well each orders the candidates (ranking AUC), and, with ``--weights``, the chosen
stacker's largest weights.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval_likeness import is_dev_half

# (this folder is on the path when a script runs)
from eval_month import CORPUS, labelled_paper, month_labels, read_corpus
from eval_ranker import examples, labelled_sets, never_read_rows

from fmwatch import ranker
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import f1_of
from fmwatch.models import KINDS
from fmwatch.ranker import _sigmoid
from fmwatch.score import LIKENESS_MIN_WORDS, Features, Item, Scorer, _sat

RULES = ScoringConfig(likeness_propose=1.0, likeness_hold=0.0, section_model=False)
#: the word models proposing near-misses of every kind at 0.98 and holding back below 0.02 (the
#: default until the fifteenth session, which this experiment compared against)
DEFAULT = ScoringConfig(
    section_model=False, likeness_propose=0.98, likeness_propose_kinds=KINDS, likeness_hold=0.02
)
CANDIDATES = ("propose", "near-miss")

#: SGD settings of the stacker (as :func:`fmwatch.ranker.train`: fixed shuffled order per pass)
EPOCHS = 60
RATE = 0.05
L2 = 1e-3
#: thresholds tried on pool 1
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
#: "rules unless sure" (:func:`overridden`): thresholds tried on pool 1
OVERRIDE_UP = [0.7, 0.8, 0.9, 0.95]
OVERRIDE_DOWN = [0.05, 0.1, 0.2, 0.3]
#: the configuration run on the never-read test halves (``--final``), fixed before that run:
#: the stacker as the decision (one threshold). On pool 1 every variant ties the rules within
#: a paper or two (F1 0.926-0.928); of the variants that differ from the rules ("compact"
#: learns to copy them), the one with the best mean F1 over pools 1 and 3 at its pool-1
#: threshold (0.927 / 0.873)
CHOSEN = "compact + likeness"
#: its threshold, as pool 1 chooses it (the script says when pool 1 no longer does)
FINAL_THRESHOLD = 0.6

#: which family of cap fired, by the start of :meth:`Scorer._cap`'s reason (first match wins)
CAP_FAMILIES: list[tuple[str, str]] = [
    ("a challenge", "challenge"),
    ("a survey of people", "other"),
    ("a review, but not", "review"),
    ("the title asks a question", "study"),
    ("a study", "study"),
    ("benchmarks general models", "probe"),
    ("evaluates models on one task", "task"),
    ("evaluates agents", "agent"),
    ("builds an agent", "agent"),
    ("a dataset or resource", "dataset"),
    ("adapts", "adaptation"),
    ("a training-free method", "adaptation"),
    ("a foundation model is the object", "object"),
    ("evaluates general models", "probe"),
    ("evaluates a general model", "probe"),
    ("introduces a method", "method"),
    ("introduces a task-specific", "task"),
    ("a task model", "task"),
    ("pre-trains or adapts for one task", "task"),
    ("no sign of a broadly", "weak"),
]
CAPS = sorted({name for _, name in CAP_FAMILIES})
VOCABS = [
    "foundation", "pretraining", "biomedical", "clinical", "image", "genomic", "multimodal",
    "vision_language", "review", "benchmark", "adaptation", "existing_fm", "probe", "narrow",
    "non_biomedical", "intro", "generality", "task", "domain_fm", "agent", "llm",
]  # fmt: skip
TITLE_VOCABS = [
    "foundation", "domain_fm", "pretraining", "adaptation", "existing_fm", "probe", "agent",
    "benchmark", "review", "llm", "task",
]  # fmt: skip
FLAGS = [
    "intro", "intro_weak", "title_name", "title_model", "title_fm", "title_claim", "fm_object",
    "title_question", "title_task", "title_dataset", "title_for_task", "comment_challenge",
    "title_evaluates", "named_model", "benchmark_intro", "dataset_intro", "benchmark_name",
    "named_benchmark", "benchmark_of_models", "benchmark_of_agents", "releases_benchmark",
    "releases", "releases_pretrained", "text_negated", "intro_vl", "abstract_missing",
]  # fmt: skip


def cap_family(reason: str | None) -> str | None:
    if not reason:
        return None
    return next((name for start, name in CAP_FAMILIES if reason.startswith(start)), "other")


@dataclass(frozen=True)
class Candidate:
    """What the rules alone say of one labelled paper they propose or hold back."""

    id: str
    family: str
    positive: bool
    title: str
    abstract: str
    rules_propose: bool
    #: the abstract is long enough for the likeness to have its say (as in step 8)
    worded: bool
    compact: dict[str, float]
    full: dict[str, float]


@dataclass(frozen=True)
class Paper:
    """One labelled paper of a pool: its label and, when a candidate, what the rules found."""

    id: str
    family: str
    positive: bool
    rules: str  # the rules' decision
    candidate: Candidate | None


def describe(scorer: Scorer, row: Mapping[str, Any], fam: str) -> Paper:
    """The rules' decision on ``row`` and, for a candidate, its stacker inputs (two sets: the
    compact one, what decided; the full one, also the evidence behind it)."""
    verdict = scorer.score(row)
    positive = row.get("label") == "positive"
    rid = str(row.get("id"))
    if verdict.decision not in CANDIDATES:
        return Paper(rid, fam, positive, verdict.decision, None)
    it = Item.of(row)
    fields = scorer._normalized(it)
    f: Features = scorer.features(it, fields)
    kind = scorer._kind(f)
    cap = cap_family(scorer._cap(f, kind))
    floored = any(e.kind == "floor" for e in verdict.evidence)
    compact: dict[str, float] = {
        "rules_propose": float(verdict.decision == "propose"),
        "score": verdict.score,
        "raw_score": _sigmoid(scorer._raw(f, kind)),
        "floored": float(floored),
        "kind_review": float(kind == "review"),
        "kind_benchmark": float(kind == "benchmark"),
    }
    if cap:
        compact[f"cap_{cap}"] = 1.0
    full = dict(compact)
    full.update({f"c_{k}": v for k, v in scorer.components(f, kind).items()})
    full.update({f"v_{v}": _sat(f.get(v), 2.0) for v in VOCABS})
    full.update({f"t_{v}": _sat(f.in_title(v), 2.0) for v in TITLE_VOCABS})
    full.update({f"f_{flag}": float(bool(getattr(f, flag))) for flag in FLAGS})
    full["f_evaluated_fm"] = _sat(f.evaluated_fm, 1.0)
    full["intro_head_" + (f.intro_head or "none")] = 1.0
    full["scale"] = _sat(f.scale, 2.0)
    full["breadth"] = _sat(f.breadth, 2.0)
    worded = (
        not it.summary_only
        and len(fields[1].split(None, LIKENESS_MIN_WORDS)) >= LIKENESS_MIN_WORDS
        and (verdict.decision == "propose" or not floored)
    )
    cand = Candidate(
        rid,
        fam,
        positive,
        str(row.get("title") or ""),
        str(row.get("abstract") or ""),
        verdict.decision == "propose",
        worded,
        {k: v for k, v in compact.items() if v},
        {k: v for k, v in full.items() if v},
    )
    return Paper(rid, fam, positive, verdict.decision, cand)


# -- the stacker -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stacker:
    weights: Mapping[str, float]
    bias: float

    def probability(self, x: Mapping[str, float]) -> float:
        return _sigmoid(self.bias + sum(self.weights.get(k, 0.0) * v for k, v in x.items()))


def train_stacker(rows: Sequence[tuple[dict[str, float], bool]]) -> Stacker:
    """Logistic regression by SGD, each pass in a fixed shuffled order seeded by the pass number
    (deterministic), L2 on the weights a row moves."""
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(rows)))
    for epoch in range(EPOCHS):
        random.Random(epoch).shuffle(order)
        for i in order:
            x, positive = rows[i]
            z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
            error = _sigmoid(z) - (1.0 if positive else 0.0)
            for k, v in x.items():
                old = weights.get(k, 0.0)
                weights[k] = old - RATE * (error * v + L2 * old)
            bias -= RATE * error
    return Stacker(weights, bias)


@dataclass(frozen=True)
class Variant:
    name: str
    full: bool
    likeness: bool


VARIANTS = [
    Variant("compact", False, False),
    Variant("compact + likeness", False, True),
    Variant("full", True, False),
    Variant("full + likeness", True, True),
]

#: a candidate's likeness by its id (from a word model that did not see it), or absent
Likeness = Mapping[str, float]


def inputs(c: Candidate, variant: Variant, likeness: Likeness) -> dict[str, float]:
    x = dict(c.full if variant.full else c.compact)
    if variant.likeness and c.worded and c.id in likeness:
        p = min(max(likeness[c.id], 1e-4), 1 - 1e-4)
        x["likeness_logit"] = math.log(p / (1 - p)) / 5.0
        x["worded"] = 1.0
    return x


def fit(train: Iterable[Candidate], variant: Variant, likeness: Likeness) -> Stacker:
    return train_stacker([(inputs(c, variant, likeness), c.positive) for c in train])


# -- data --------------------------------------------------------------------------------------


def lofo_models(rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, ranker.Ranker]:
    """Per family, the decision model trained on every other family's rows."""
    return {
        name: ranker.train_decision(
            examples([r for other, rs in rows.items() if other != name for r in rs])
        )
        for name in rows
    }


def likeness_of(
    cands: Iterable[Candidate], model: Callable[[Candidate], ranker.Ranker]
) -> Likeness:
    return {c.id: model(c).likelihood(c.title, c.abstract) for c in cands if c.worded}


# -- metrics -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    proposed: int

    def __str__(self) -> str:
        return f"{self.precision:.3f} / {self.recall:.3f} / {self.f1:.3f}"


def figures(papers: Sequence[Paper], proposed: Iterable[str]) -> Figures:
    chosen = set(proposed)
    tp = sum(p.positive and p.id in chosen for p in papers)
    n = sum(p.id in chosen for p in papers)
    positives = sum(p.positive for p in papers)
    precision = tp / n if n else 0.0
    recall = tp / positives if positives else 0.0
    f1 = f1_of(precision, recall)
    return Figures(precision, recall, f1, n)


def by_scorer(scorer: Scorer, rows: Iterable[Mapping[str, Any]]) -> set[str]:
    return {str(r.get("id")) for r in rows if scorer.score(r).decision == "propose"}


def stacked(probabilities: Mapping[str, float], threshold: float) -> set[str]:
    return {i for i, p in probabilities.items() if p >= threshold}


# -- the pools ---------------------------------------------------------------------------------


@dataclass
class Pool:
    """One pool's papers, the ids each fixed policy proposes, and each variant's stacker
    probability for every candidate."""

    papers: list[Paper]
    rules: set[str]
    default: set[str]
    probabilities: dict[str, dict[str, float]]

    def probability(self, variant: str) -> Callable[[Candidate], float]:
        return lambda c: self.probabilities[variant][c.id]


def describe_all(rules: Scorer, rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, Paper]:
    return {str(r.get("id")): describe(rules, r, name) for name, rs in rows.items() for r in rs}


def candidates(papers: Iterable[Paper]) -> list[Candidate]:
    return [p.candidate for p in papers if p.candidate is not None]


def dev_pool(
    rules: Scorer, rows: dict[str, list[dict[str, Any]]], described: Mapping[str, Paper]
) -> tuple[Pool, dict[str, ranker.Ranker]]:
    models = lofo_models(rows)
    # every training candidate's likeness from the model that did not see its family
    likeness = likeness_of(candidates(described.values()), lambda c: models[c.family])
    pool = Pool([], set(), set(), {v.name: {} for v in VARIANTS})
    for name, rs in rows.items():
        dev = [r for r in rs if is_dev_half(r)]
        if not dev:
            continue
        papers = [described[str(r.get("id"))] for r in dev]
        pool.papers += papers
        pool.rules |= {p.id for p in papers if p.rules == "propose"}
        pool.default |= by_scorer(Scorer(DEFAULT, likeness=models[name]), dev)
        train = [c for c in candidates(described.values()) if c.family != name]
        for v in VARIANTS:
            stacker = fit(train, v, likeness)
            for c in candidates(papers):
                pool.probabilities[v.name][c.id] = stacker.probability(inputs(c, v, likeness))
    return pool, models


def month_pool(
    rules: Scorer,
    rows: dict[str, list[dict[str, Any]]],
    described: Mapping[str, Paper],
    corpus: list[dict[str, Any]],
    labels: Mapping[str, tuple[str, str | None, str]],
) -> Pool:
    month_ids = {raw["id"] for raw in corpus}
    kept = {
        name: [r for r in rs if r.get("arxiv_id") not in month_ids] for name, rs in rows.items()
    }
    models = lofo_models(kept)
    word_model = ranker.train_decision(examples([r for rs in kept.values() for r in rs]))
    train_c = candidates(described[str(r.get("id"))] for rs in kept.values() for r in rs)
    likeness = dict(likeness_of(train_c, lambda c: models[c.family]))
    month_rows = [row for raw in corpus if (row := labelled_paper(raw, labels)) is not None]
    papers = [describe(rules, row, "month") for row in month_rows]
    month_c = candidates(papers)
    likeness.update(likeness_of(month_c, lambda c: word_model))
    pool = Pool(
        papers,
        {p.id for p in papers if p.rules == "propose"},
        by_scorer(Scorer(DEFAULT, likeness=word_model), month_rows),
        {},
    )
    for v in VARIANTS:
        stacker = fit(train_c, v, likeness)
        pool.probabilities[v.name] = {
            c.id: stacker.probability(inputs(c, v, likeness)) for c in month_c
        }
    return pool


def rules_decision(c: Candidate) -> float:
    return float(c.rules_propose)


def best_threshold(pool: Pool, variant: str) -> float:
    """The threshold of highest F1 on ``pool`` (ties: the one nearest 0.5)."""
    return max(
        THRESHOLDS,
        key=lambda t: (
            round(figures(pool.papers, stacked(pool.probabilities[variant], t)).f1, 6),
            -abs(t - 0.5),
        ),
    )


def overridden(pool: Pool, variant: str, up: float, down: float) -> set[str]:
    """The rules' decision unless the stacker is sure: a near-miss at ``up`` or more is
    proposed, a proposal below ``down`` held back (the shape of the default policy)."""
    out = set()
    for p in pool.papers:
        c, q = p.candidate, pool.probabilities[variant].get(p.id)
        if c is not None and q is not None and q >= (down if c.rules_propose else up):
            out.add(p.id)
    return out


def best_override(pool: Pool, variant: str) -> tuple[float, float]:
    """The (up, down) of highest F1 on ``pool`` (ties: the one that changes least)."""
    return max(
        ((up, down) for up in OVERRIDE_UP for down in OVERRIDE_DOWN),
        key=lambda ud: (
            round(figures(pool.papers, overridden(pool, variant, *ud)).f1, 6),
            ud[0],
            -ud[1],
        ),
    )


def auc(pool: Pool, score: Callable[[Candidate], float]) -> float:
    """The chance that a positive candidate scores above a non-positive one (ties half)."""
    cands = candidates(pool.papers)
    pos = [score(c) for c in cands if c.positive]
    neg = [score(c) for c in cands if not c.positive]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg)) if pos and neg else float("nan")


def final_pool(
    rules: Scorer, described: Mapping[str, Paper], models: Mapping[str, ranker.Ranker]
) -> tuple[Figures, Figures, Figures, int]:
    """Pool 2, once: rules, default and the chosen stacker (trained on every non-test row,
    each row's likeness from the model that did not see its family; the test halves' from the
    packaged model, as the default policy is measured there). Aggregates only."""
    never_read = never_read_rows()
    variant = next(v for v in VARIANTS if v.name == CHOSEN)
    train = candidates(described.values())
    likeness = dict(likeness_of(train, lambda c: models[c.family]))
    stacker = fit(train, variant, likeness)
    packaged = ranker.packaged().decider
    papers = [describe(rules, row, "test") for row in never_read]
    test_c = candidates(papers)
    likeness.update(likeness_of(test_c, lambda c: packaged))
    probabilities = {c.id: stacker.probability(inputs(c, variant, likeness)) for c in test_c}
    return (
        figures(papers, (p.id for p in papers if p.rules == "propose")),
        figures(papers, by_scorer(Scorer(DEFAULT), never_read)),
        figures(papers, stacked(probabilities, FINAL_THRESHOLD)),
        len(papers),
    )


def _row(name: str, cells: Iterable[object]) -> str:
    return f"{name:<52} " + " ".join(f"{c!s:<24}" for c in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-month", action="store_true", help="only the labelled sets")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the May-2026 corpus")
    parser.add_argument(
        "--final", action="store_true", help="also the never-read test halves (run once)"
    )
    parser.add_argument("--weights", action="store_true", help="the chosen stacker's weights")
    args = parser.parse_args(argv)
    start = time.monotonic()
    rules = Scorer(RULES)
    rows = labelled_sets(test_halves=False)
    described = describe_all(rules, rows)
    dev, models = dev_pool(rules, rows, described)
    pools = [dev]
    if not args.no_month:
        if args.corpus.is_file():
            corpus = read_corpus(args.corpus)
            pools.append(
                month_pool(rules, rows, described, corpus, month_labels(test_halves=False))
            )
        else:
            print(f"no corpus at {args.corpus}; skipping the month", file=sys.stderr)
    print(
        "; ".join(
            f"{name}: {len(pool.papers)} papers, {sum(p.positive for p in pool.papers)} "
            f"positive, {len(candidates(pool.papers))} candidates "
            f"({sum(c.positive for c in candidates(pool.papers))} positive)"
            for name, pool in zip(("pool 1, dev halves", "pool 3, month"), pools, strict=False)
        )
    )
    print("\n" + _row("policy (thresholds from pool 1)", ["pool 1: P / R / F1", "pool 3 (month)"]))
    print(_row("rules alone", [figures(p.papers, p.rules) for p in pools]))
    print(_row("0.98 / 0.02 (default before)", [figures(p.papers, p.default) for p in pools]))
    chosen: dict[str, float] = {}
    for v in VARIANTS:
        t = chosen[v.name] = best_threshold(dev, v.name)
        cells = [figures(p.papers, stacked(p.probabilities[v.name], t)) for p in pools]
        print(_row(f"stacker, {v.name} (>= {t:.2f})", cells))
    for v in VARIANTS:
        up, down = best_override(dev, v.name)
        cells = [figures(p.papers, overridden(p, v.name, up, down)) for p in pools]
        print(_row(f"rules unless sure, {v.name} ({up} / {down})", cells))
    print("\nranking AUC over candidates: pool 1, pool 3")
    print(_row("  the rules' decision", [f"{auc(p, rules_decision):.3f}" for p in pools]))
    for v in VARIANTS:
        print(_row(f"  stacker, {v.name}", [f"{auc(p, p.probability(v.name)):.3f}" for p in pools]))
    if chosen[CHOSEN] != FINAL_THRESHOLD:
        print(
            f"\nnote: pool 1 now chooses {chosen[CHOSEN]:.2f} for {CHOSEN!r}, "
            f"not FINAL_THRESHOLD = {FINAL_THRESHOLD}",
            file=sys.stderr,
        )
    if args.weights:
        variant = next(v for v in VARIANTS if v.name == CHOSEN)
        train = candidates(described.values())
        stacker = fit(train, variant, likeness_of(train, lambda c: models[c.family]))
        print(f"\n{CHOSEN!r} trained on every non-test row: bias {stacker.bias:+.2f}")
        for k, w in sorted(stacker.weights.items(), key=lambda kw: -abs(kw[1]))[:20]:
            print(f"  {k:<28} {w:+.2f}")
    if args.final:
        r, d, s, n = final_pool(rules, described, models)
        print(f"\npool 2, never-read test halves ({n} papers), measured once:")
        print(_row("rules alone", [r]))
        print(_row("0.98 / 0.02 (default before)", [d]))
        print(_row(f"stacker, {CHOSEN} (>= {FINAL_THRESHOLD:.2f})", [s]))
    print(f"\n({time.monotonic() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
