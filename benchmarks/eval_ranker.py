"""How well the near-miss ranker (fmwatch.ranker) orders papers it was not trained on.

Run from the repository root::

    python benchmarks/eval_ranker.py           # held-out sets, then the May-2026 month
    python benchmarks/eval_ranker.py --no-month

Two measurements, each training a fresh model without the papers it is measured on:

1. **Held-out sets.** The labelled files in ``tests/data/`` form families (``labels``, ``blind``,
   ``blind2`` onward; a family's ``_dev`` and ``_test`` halves were written by the same
   people, so they are held out together). For each family a model is trained on all the
   others; the family's near-misses (the scorer's decision) are then ordered by the model and by
   the scorer's score. Printed: the ranking AUC over near-misses (the chance that a positive
   comes before a non-positive; ties count half) pooled over families, for both orders.
2. **The real month** (needs ``../shared/corpus/``). A model trained on every labelled paper that
   is not in the May-2026 corpus orders the month's near-misses, scored on their real abstracts.
   Printed: the AUC over the labelled ones, and how many of the month's labelled positives that
   end as near-misses are among their week's ten best (what the digest shows) by each order.

Decisions are the scorer's in both, made with the same held-out model, which has its say in them
(``fmwatch.score``, step 8: it proposes a near-miss it finds very alike, and holds back a proposal
it finds very unlike): what is ordered is what stays a near-miss.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

# (this folder is on the path when a script runs)
from eval_month import (
    CORPUS,
    DATA,
    NOT_TRAINING,
    as_paper,
    month_free_examples,
    month_labels,
    read_corpus,
)

from fmwatch import ranker
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import Outcome, never_read, ranking_auc
from fmwatch.score import Scorer

SHOWN = 10  # near-misses a digest shows (proposals.NEAR_MISSES_SHOWN)


def family(name: str) -> str:
    return re.sub(r"_(dev|test)$", "", name.removesuffix(".jsonl"))


def labelled_sets(test_halves: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Labelled rows by family, of every file that trains word models (without opening the
    never-read test halves if ``test_halves`` is false)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name in NOT_TRAINING or (not test_halves and path.name.endswith("_test.jsonl")):
            continue
        with path.open(encoding="utf-8") as stream:
            out[family(path.name)] += [json.loads(line) for line in stream if line.strip()]
    return dict(out)


def never_read_rows() -> list[dict[str, Any]]:
    """The rows of every never-read test half (:func:`fmwatch.evaluate.never_read`), in family
    order: what the likeness grid and the stacking experiment measure with the packaged model."""
    return [
        json.loads(line)
        for path in never_read(DATA)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def examples(rows: Iterable[dict[str, Any]]) -> list[ranker.Example]:
    return [e for e in map(ranker.example, rows) if e is not None]


def outcome(row: dict[str, Any], score: float) -> Outcome:
    return Outcome(
        id=str(row.get("id")),
        title=str(row.get("title") or ""),
        label=str(row.get("label")),
        section=None,
        decision="near-miss",
        predicted_section="",
        score=score,
    )


def held_out(config: ScoringConfig) -> None:
    sets = labelled_sets()
    by_score: list[Outcome] = []
    by_model: list[Outcome] = []
    top_score = top_model = 0
    print(
        f"{'held-out family':<16} {'papers':>6} {'near-misses':>11} {'positive':>8} "
        f"{'AUC score':>9} {'AUC ranker':>10} {'in 10 best: score':>17} {'ranker':>6}"
    )
    for name, rows in sets.items():
        train_rows = [r for other, rs in sets.items() if other != name for r in rs]
        papers = examples(train_rows)
        model = ranker.train(papers)
        # decided by a model of the same papers: it has its say (fmwatch.score, step 8)
        scorer = Scorer(config, likeness=ranker.train_decision(papers))
        near = [r for r in rows if scorer.score(r).decision == "near-miss"]
        s = [outcome(r, scorer.score(r).score) for r in near]
        m = [outcome(r, model.likelihood(r.get("title"), r.get("abstract"))) for r in near]
        by_score += s
        by_model += m
        best = (_in_best(s), _in_best(m))
        top_score += best[0]
        top_model += best[1]
        print(
            f"{name:<16} {len(rows):>6} {len(near):>11} "
            f"{sum(r['label'] == 'positive' for r in near):>8} "
            f"{_fmt(ranking_auc(s)):>9} {_fmt(ranking_auc(m)):>10} {best[0]:>17} {best[1]:>6}"
        )
    print(
        f"{'pooled':<16} {sum(map(len, sets.values())):>6} {len(by_score):>11} "
        f"{sum(o.label == 'positive' for o in by_score):>8} "
        f"{_fmt(ranking_auc(by_score)):>9} {_fmt(ranking_auc(by_model)):>10} "
        f"{top_score:>17} {top_model:>6}"
    )


def _in_best(items: list[Outcome]) -> int:
    """Positives among the SHOWN best (ties broken by id, as the digest breaks them)."""
    best = sorted(items, key=lambda o: (-o.score, o.id))[:SHOWN]
    return sum(o.label == "positive" for o in best)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def month(config: ScoringConfig) -> int:
    if not CORPUS.is_file():
        print(f"the May-2026 corpus is not at {CORPUS}; skipping the month", file=sys.stderr)
        return 2
    corpus = read_corpus()
    labels = {aid: label for aid, (label, _, _) in month_labels().items()}
    training = month_free_examples({raw["id"] for raw in corpus})
    model = ranker.train(training)
    scorer = Scorer(config, likeness=ranker.train_decision(training))
    weeks: dict[int, list[tuple[float, float, str | None]]] = defaultdict(list)
    by_score: list[Outcome] = []
    by_model: list[Outcome] = []
    for raw in corpus:
        verdict = scorer.score(as_paper(raw))
        if verdict.decision != "near-miss":
            continue
        likeness = model.likelihood(raw["title"], raw["abstract"])
        label = labels.get(raw["id"])
        week = datetime.date.fromisoformat(raw["listed"]).isocalendar()[1]
        weeks[week].append((verdict.score, likeness, label))
        if label:
            row = {"id": raw["id"], "title": raw["title"], "label": label}
            by_score.append(outcome(row, verdict.score))
            by_model.append(outcome(row, likeness))
    positives = sum(o.label == "positive" for o in by_score)
    print(
        f"\nMay-2026 month: {sum(map(len, weeks.values()))} near-misses over {len(weeks)} weeks, "
        f"{len(by_score)} labelled, {positives} positive; model trained on "
        f"{len(training)} labelled papers not in the month"
    )
    print(
        f"  AUC over labelled near-misses: score {_fmt(ranking_auc(by_score))}, "
        f"ranker {_fmt(ranking_auc(by_model))}"
    )
    orders: tuple[tuple[Callable[[tuple[float, float, str | None]], float], str], ...] = (
        (lambda x: -x[0], "score"),
        (lambda x: -x[1], "ranker"),
    )
    for order, name in orders:
        shown = sum(
            label == "positive"
            for items in weeks.values()
            for *_, label in sorted(items, key=order)[:SHOWN]
        )
        print(
            f"  positives among their week's {SHOWN} best near-misses, by {name}: "
            f"{shown} of {positives}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-month", action="store_true", help="only the held-out sets")
    args = parser.parse_args(argv)
    config = ScoringConfig()
    held_out(config)
    return 0 if args.no_month else month(config)


if __name__ == "__main__":
    raise SystemExit(main())
