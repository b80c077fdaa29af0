"""What the likeness word model's say in the decision does (fmwatch.score, step 8), measured.

Run from the repository root::

    python benchmarks/eval_likeness.py              # the grid below; about a minute
    python benchmarks/eval_likeness.py --no-month   # without ../shared/corpus/

For each setting (a near-miss of the kinds named at least ``likeness_propose`` alike is
proposed, a proposal less alike than ``likeness_hold`` is held back; 1 / 0 is the rules alone),
precision, recall and F1 of ``propose`` on three pools, each scored by a model that never saw
it:

1. **dev halves** (``blind_dev``, ``blind3_dev`` and every later ``_dev`` half): each family's
   dev half decided with a model trained on the other families, none of their ``_test`` halves
   (what thresholds may be chosen on).
2. **never-read test halves** (``blind4_test`` onward, :func:`fmwatch.evaluate.never_read`) with
   the packaged model, which learned from every labelled set but these: what a user gets on
   papers nobody shaped anything on.
3. **the May-2026 month** on its real abstracts (not the team's summaries the labelled sets
   hold), with a model trained on every labelled paper not in the month (needs the corpus).

The setting shipped was chosen on pools 1 and 3; pool 2 is only measured.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

# (this folder is on the path when a script runs)
from eval_month import (
    CORPUS,
    labelled_paper,
    month_free_examples,
    month_labels,
    read_corpus,
)
from eval_ranker import examples, labelled_sets, never_read_rows

from fmwatch import ranker
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import Metrics, compute, f1_of, outcomes
from fmwatch.models import KINDS
from fmwatch.score import Scorer

#: (likeness_propose, likeness_hold, the kinds it may propose); the first is the rules alone,
#: the default is marked
_BENCHMARKS = ("benchmark",)
GRID: list[tuple[float, float, tuple[str, ...]]] = [
    (1.0, 0.0, KINDS),
    (1.0, 0.02, KINDS),
    (0.7, 0.05, KINDS),
    (0.9, 0.02, KINDS),
    (0.95, 0.02, KINDS),
    (0.98, 0.0, KINDS),
    (0.98, 0.02, KINDS),
    (0.8, 0.02, _BENCHMARKS),
    (0.9, 0.02, _BENCHMARKS),
    (0.95, 0.02, _BENCHMARKS),
]
_SHIPPED = ScoringConfig()
DEFAULT = (_SHIPPED.likeness_propose, _SHIPPED.likeness_hold, _SHIPPED.likeness_propose_kinds)


def is_test(row: dict[str, Any]) -> bool:
    return str(row.get("split") or "").endswith("test")


def is_dev_half(row: dict[str, Any]) -> bool:
    return str(row.get("split") or "").endswith("dev") and row.get("split") != "dev"


def _fmt(m: Metrics) -> str:
    p, r = m.precision or 0.0, m.recall or 0.0
    return f"{p:.3f} / {r:.3f} / {f1_of(p, r):.3f}"


def dev_pool() -> list[tuple[ranker.Ranker, list[dict[str, Any]]]]:
    """(decision model, rows) per family with a dev half: the model (words alone, as
    :func:`fmwatch.ranker.train_models` makes it) trained on the other families' rows that are
    not in a test half."""
    sets = labelled_sets()
    out = []
    for name, rows in sets.items():
        dev = [r for r in rows if is_dev_half(r)]
        if not dev:
            continue
        train = [r for other, rs in sets.items() if other != name for r in rs if not is_test(r)]
        out.append((ranker.train_decision(examples(train)), dev))
    return out


def month_pool() -> tuple[ranker.WordModels, list[dict[str, Any]]] | None:
    if not CORPUS.is_file():
        print(f"the May-2026 corpus is not at {CORPUS}; skipping the month", file=sys.stderr)
        return None
    corpus = read_corpus()
    labels = month_labels()
    models = ranker.train_models(month_free_examples({raw["id"] for raw in corpus}))
    rows = [row for raw in corpus if (row := labelled_paper(raw, labels)) is not None]
    return models, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-month", action="store_true", help="only the labelled sets")
    args = parser.parse_args(argv)
    dev = dev_pool()
    never_read = never_read_rows()
    month = None if args.no_month else month_pool()
    print(
        f"dev halves: {sum(len(rows) for _, rows in dev)} papers in {len(dev)} families; "
        f"never-read test halves: {len(never_read)}; "
        + (f"month: {len(month[1])} labelled papers" if month else "month: skipped")
    )
    print(f"\n{'propose at / hold below':<38} {'dev halves P / R / F1':<24} "
          f"{'never-read test halves':<24} {'May month, real abstracts':<24}")  # fmt: skip
    for propose_at, hold_below, kinds in GRID:
        config = ScoringConfig(
            likeness_propose=propose_at, likeness_hold=hold_below, likeness_propose_kinds=kinds
        )
        dev_outcomes = [
            o for model, rows in dev for o in outcomes(Scorer(config, likeness=model), rows)
        ]
        test = compute(outcomes(Scorer(config), never_read))
        cells = [_fmt(compute(dev_outcomes)), _fmt(test)]
        if month:
            models, rows = month
            scorer = Scorer(config, sections=models.sections, likeness=models.decider)
            cells.append(_fmt(compute(outcomes(scorer, rows))))
        name = (
            "rules alone"
            if (propose_at, hold_below) == (1.0, 0.0)
            else f"{propose_at} / {hold_below}"
            + ("" if kinds == KINDS or propose_at == 1.0 else f", {' '.join(kinds)} only")
        )
        if (propose_at, hold_below, kinds) == DEFAULT:
            name += " (default)"
        print(f"{name:<38} " + " ".join(f"{c:<24}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
