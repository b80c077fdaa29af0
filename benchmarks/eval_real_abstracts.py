"""An experiment: does a decision model that also learns from real abstracts decide better on them?

Run from the repository root (needs the May-2026 corpus)::

    python benchmarks/eval_real_abstracts.py                 # about ten seconds
    python benchmarks/eval_real_abstracts.py --corpus PATH   # corpus not in ../shared/corpus

The labelled sets in ``tests/data/`` hold the team's own summaries of papers, and the decision
model (:func:`fmwatch.ranker.train_decision`, the words' say in step 8 of :mod:`fmwatch.score`)
learns their wording; on the month's real abstracts most near-misses it proposed were not
positives. Here the month's labelled papers (labels from the non-test files and
``may_rest.jsonl`` only: :func:`eval_month.month_labels` with ``test_halves=False``; no
``*_test.jsonl`` is opened) are split into five folds by a CRC-32 of the arXiv id, and each
fold is decided by two decision models that never saw it:

(a) **summaries only**: trained on every non-test labelled set's rows that are not month papers
    (the month-free baseline; the same model for every fold);
(b) **summaries + real abstracts**: the same rows plus the month papers of the other four folds,
    with the corpus's real title and abstract and their label (positive or not, as
    :func:`fmwatch.ranker.example` makes a training paper).

Each fold's papers are scored on their real abstracts by
``Scorer(ScoringConfig(likeness_propose=P, likeness_hold=H, section_model=False),
likeness=model)`` (the decision model is what :attr:`fmwatch.ranker.WordModels.decider` gives
the scorer; section models change no decision, so none are loaded) for each (P, H) of
:data:`GRID`. Printed, pooled over the five folds: precision, recall and F1 of ``propose``; on
the papers the rules alone propose or hold back, how many each model holds back and promotes and
how many of those are right; the papers on which (a) and (b) decide differently and who is right;
the ranking AUC of each model's likeness over the rules' candidates; thresholds aside (adding the
month, whose labelled papers are about a tenth positive, lowers (b)'s likeness of everything),
how many of the n least alike rules' proposals are not positive and of the n most alike
near-misses are positive; and F1 per fold.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

# (this folder is on the path when a script runs)
from eval_month import CORPUS, labelled_paper, month_labels, read_corpus
from eval_ranker import examples, labelled_sets

from fmwatch import ranker
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import f1_of
from fmwatch.models import KINDS
from fmwatch.phrases import normalize
from fmwatch.score import LIKENESS_MIN_WORDS, Scorer

FOLDS = 5
#: (likeness_propose, likeness_hold); the first is the rules alone, the second the default
#: until the eighteenth session (which proposes near-miss benchmarks at 0.8 too)
GRID = [(1.0, 0.0), (1.0, 0.02), (0.98, 0.02), (0.95, 0.02), (0.9, 0.02)]
MODELS = ("a", "b")
MODEL_NAMES = {"a": "(a) summaries only", "b": "(b) + real abstracts"}
CANDIDATES = ("propose", "near-miss")
#: how many candidates each model holds back or promotes in the threshold-free comparison
RANKED = [1, 3, 5, 10]


def fold_of(arxiv_id: str) -> int:
    return zlib.crc32(arxiv_id.encode()) % FOLDS


def summary_rows(month_ids: set[str]) -> list[dict[str, Any]]:
    """Labelled rows of every file that trains word models but the test halves (never opened),
    without the month's papers."""
    return [
        r
        for rows in labelled_sets(test_halves=False).values()
        for r in rows
        if r.get("arxiv_id") not in month_ids
    ]


@dataclass(frozen=True)
class Paper:
    """One labelled month paper: its fold, label, the rules' decision, and per model its
    likeness and its decision at each setting."""

    id: str
    fold: int
    positive: bool
    #: the abstract is long enough for the words to have their say (step 8)
    worded: bool
    rules: str
    #: only the floor made it a near-miss (the words may not promote it)
    floored: bool
    likeness: Mapping[str, float]
    decisions: Mapping[tuple[str, float, float], str]


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    proposed: int
    right: int

    def __str__(self) -> str:
        return (
            f"{self.precision:.3f} / {self.recall:.3f} / {self.f1:.3f} "
            f"({self.right}/{self.proposed})"
        )


def figures(papers: Sequence[Paper], proposed: Iterable[bool]) -> Figures:
    chosen = list(proposed)
    right = sum(p.positive and c for p, c in zip(papers, chosen, strict=True))
    n = sum(chosen)
    positives = sum(p.positive for p in papers)
    precision = right / n if n else 0.0
    recall = right / positives if positives else 0.0
    f1 = f1_of(precision, recall)
    return Figures(precision, recall, f1, n, right)


def config(propose_at: float, hold_below: float) -> ScoringConfig:
    """Near-misses of every kind proposed at ``propose_at`` (the default before the eighteenth
    session, when it proposes benchmarks only, was never part of this experiment)."""
    return ScoringConfig(
        likeness_propose=propose_at,
        likeness_propose_kinds=KINDS,
        likeness_hold=hold_below,
        section_model=False,
    )


@dataclass(frozen=True)
class Training:
    """What the models learned from: (a)'s papers and positives, (b)'s month papers per fold,
    and each model's bias (the log-odds of a paper with no known word)."""

    summaries: int
    summary_positives: int
    month_per_fold: list[int]
    bias_a: float
    bias_b: list[float]


def run(corpus: list[dict[str, Any]]) -> tuple[list[Paper], Training]:
    month_ids = {raw["id"] for raw in corpus}
    labels = month_labels(test_halves=False)
    rows = [row for raw in corpus if (row := labelled_paper(raw, labels)) is not None]
    base = examples(summary_rows(month_ids))
    summaries_only = ranker.train_decision(base)
    rules = Scorer(config(1.0, 0.0))
    scorers = {setting: config(*setting) for setting in GRID}
    month_sizes: list[int] = []
    biases: list[float] = []

    papers: list[Paper] = []
    for k in range(FOLDS):
        test = [r for r in rows if fold_of(r["arxiv_id"]) == k]
        month_train = examples(r for r in rows if fold_of(r["arxiv_id"]) != k)
        month_sizes.append(len(month_train))
        models = {"a": summaries_only, "b": ranker.train_decision(base + month_train)}
        scored = {
            (m, *s): Scorer(c, likeness=models[m]) for m in MODELS for s, c in scorers.items()
        }
        biases.append(models["b"].bias)
        for row in test:
            words = normalize(str(row.get("abstract") or "")[: ranker.MAX_CHARS])
            verdict = rules.score(row)
            papers.append(
                Paper(
                    row["arxiv_id"],
                    k,
                    row["label"] == "positive",
                    len(words.split(None, LIKENESS_MIN_WORDS)) >= LIKENESS_MIN_WORDS,
                    verdict.decision,
                    any(e.kind == "floor" for e in verdict.evidence),
                    {m: models[m].likelihood(row["title"], row["abstract"]) for m in MODELS},
                    {key: s.score(row).decision for key, s in scored.items()},
                )
            )
    training = Training(
        len(base), sum(e.positive for e in base), month_sizes, summaries_only.bias, biases
    )
    return papers, training


def auc(papers: Sequence[Paper], model: str) -> float:
    """The chance that a positive scores above a non-positive (ties half)."""
    pos = [p.likeness[model] for p in papers if p.positive]
    neg = [p.likeness[model] for p in papers if not p.positive]
    wins = sum((x > y) + 0.5 * (x == y) for x in pos for y in neg)
    return wins / (len(pos) * len(neg)) if pos and neg else float("nan")


def ranked(papers: Iterable[Paper], model: str) -> list[Paper]:
    """Least alike first (ties by id: deterministic)."""
    return sorted(papers, key=lambda p: (p.likeness[model], p.id))


def setting_name(propose_at: float, hold_below: float) -> str:
    if (propose_at, hold_below) == (1.0, 0.0):
        return "rules alone"
    name = f"{propose_at} / {hold_below}"
    return name + (" (the default until the eighteenth session)" if (propose_at, hold_below) == (
        1.0, 0.02) else "")  # fmt: skip


def report(papers: Sequence[Paper], training: Training) -> None:
    positives = sum(p.positive for p in papers)
    per_fold = [
        f"{sum(p.fold == k for p in papers)} ({sum(p.positive for p in papers if p.fold == k)})"
        for k in range(FOLDS)
    ]
    print(
        f"month: {len(papers)} labelled papers, {positives} positive; per fold (positive): "
        + ", ".join(per_fold)
    )
    print(
        f"(a) trains on {training.summaries} summaries ({training.summary_positives} positive), "
        f"bias {training.bias_a:+.2f}; (b) adds the other folds' real abstracts: "
        + ", ".join(map(str, training.month_per_fold))
        + "; bias "
        + ", ".join(f"{b:+.2f}" for b in training.bias_b)
    )
    cands = [p for p in papers if p.rules in CANDIDATES]
    worded = [p for p in cands if p.worded]
    print(
        f"rules' candidates: {sum(p.rules == 'propose' for p in cands)} proposed "
        f"({sum(p.positive for p in cands if p.rules == 'propose')} positive), "
        f"{sum(p.rules == 'near-miss' for p in cands)} near-misses "
        f"({sum(p.positive for p in cands if p.rules == 'near-miss')} positive); "
        f"{len(worded)} with an abstract of {LIKENESS_MIN_WORDS}+ words"
    )

    print(f"\n{'propose at / hold below':<24} {MODEL_NAMES['a'] + ': P / R / F1':<38} "
          f"{MODEL_NAMES['b']}")  # fmt: skip
    for setting in GRID:
        figs = [
            figures(papers, (p.decisions[(m, *setting)] == "propose" for p in papers))
            for m in MODELS
        ]
        print(f"{setting_name(*setting):<24} {figs[0]!s:<38} {figs[1]!s}")

    print("\nthe rules' candidates: held back (right: not positive) / promoted (right: positive)")
    print(f"{'propose at / hold below':<24} {MODEL_NAMES['a']:<38} {MODEL_NAMES['b']}")
    for setting in GRID[1:]:
        cells: list[str] = []
        for m in MODELS:
            key = (m, *setting)
            held = [p for p in cands if p.rules == "propose" != p.decisions[key]]
            up = [p for p in cands if p.rules == "near-miss" != p.decisions[key]]
            cells.append(
                f"held {sum(not p.positive for p in held)}/{len(held)}, "
                f"promoted {sum(p.positive for p in up)}/{len(up)}"
            )
        print(f"{setting_name(*setting):<24} {cells[0]:<38} {cells[1]}")

    print("\npapers (a) and (b) decide differently (propose or not): which is right")
    for setting in GRID[1:]:
        differ = [
            p
            for p in papers
            if (p.decisions[("a", *setting)] == "propose")
            != (p.decisions[("b", *setting)] == "propose")
        ]
        b_right = sum((p.decisions[("b", *setting)] == "propose") == p.positive for p in differ)
        print(
            f"  {setting_name(*setting):<22} {len(differ)} differ: (b) right on {b_right}, "
            f"(a) right on {len(differ) - b_right}"
        )

    print("\nranking AUC of the likeness (positive above not)   (a)     (b)")
    for name, pool in (
        ("rules' candidates, worded", worded),
        ("  proposed by the rules", [p for p in worded if p.rules == "propose"]),
        ("  near-misses of the rules", [p for p in worded if p.rules == "near-miss"]),
        ("every labelled month paper", list(papers)),
    ):
        print(f"  {name:<48} {auc(pool, 'a'):.3f}   {auc(pool, 'b'):.3f}")

    proposed = [p for p in worded if p.rules == "propose"]
    promotable = [p for p in worded if p.rules == "near-miss" and not p.floored]
    print(
        "\nthresholds aside (the two models are calibrated differently), pooled over folds:\n"
        f"  held: the n least alike of the rules' {len(proposed)} worded proposals "
        f"({sum(not p.positive for p in proposed)} not positive), how many are not positive\n"
        f"  promoted: the n most alike of the {len(promotable)} promotable near-misses "
        f"({sum(p.positive for p in promotable)} positive), how many are positive\n"
        "           held (a) (b)   promoted (a) (b)"
    )
    for n in RANKED:
        low = [ranked(proposed, m)[:n] for m in MODELS]
        high = [ranked(promotable, m)[::-1][:n] for m in MODELS]
        print(
            f"  n = {n:<3}      {sum(not p.positive for p in low[0]):>2}  "
            f"{sum(not p.positive for p in low[1]):>2}            "
            f"{sum(p.positive for p in high[0]):>2}  {sum(p.positive for p in high[1]):>2}"
        )
    print("  median likeness of the rules' worded proposals: " + ", ".join(
        f"{m} {median(p.likeness[m] for p in proposed):.3f}" for m in MODELS))  # fmt: skip

    print("\nF1 per fold (a -> b)")
    for setting in GRID[1:]:
        f1_cells: list[str] = []
        for k in range(FOLDS):
            fold = [p for p in papers if p.fold == k]
            f1 = [
                figures(fold, (p.decisions[(m, *setting)] == "propose" for p in fold)).f1
                for m in MODELS
            ]
            f1_cells.append(f"{f1[0]:.2f}->{f1[1]:.2f}")
        print(f"  {setting_name(*setting):<22} " + "  ".join(f1_cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the May-2026 corpus")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}; this experiment needs it", file=sys.stderr)
        return 2
    start = time.monotonic()
    papers, training = run(read_corpus(args.corpus))
    report(papers, training)
    print(f"\n({time.monotonic() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
