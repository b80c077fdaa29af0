"""Quality on one real month of arXiv, with the papers' real abstracts.

Run from the repository root (needs the May-2026 corpus in ``../shared/corpus/``)::

    python benchmarks/eval_month.py            # the whole month, every paper scored
    python benchmarks/eval_month.py --errors   # also list missed positives and false proposals

The labelled sets in ``tests/data/`` carry the team's own summaries, not the real abstracts.
This joins the month's real titles, abstracts, categories and comments (by arXiv id) with the
labels those sets give, plus ``tests/data/may_rest.jsonl``: the month's remaining papers with a
biomedical word in the title and a model term anywhere (91), labelled blind by two annotators
from the real abstracts (ids, titles and labels only; no abstracts in the repository). Papers
no set labels are counted apart: they lack a biomedical title word or any model term, and what
the scorer proposes among them is listed, since no label says whether it is right.

Prints what a curator would see for the month: the number of proposals, precision of the
labelled proposals, recall of the labelled positives, section accuracy of proposed positives.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

from fmwatch.score import Scorer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
DATA = ROOT / "tests" / "data"


def month_labels() -> dict[str, tuple[str, str | None, str]]:
    """arXiv id -> (label, section, file) from every labelled set that names one."""
    labels: dict[str, tuple[str, str | None, str]] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name == "second_opinion.jsonl":
            continue
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                if row.get("arxiv_id") and row.get("label"):
                    labels.setdefault(row["arxiv_id"], (row["label"], row["section"], path.name))
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false proposals")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"the May-2026 corpus is not at {CORPUS}; this evaluation needs it", file=sys.stderr)
        return 2
    labels = month_labels()
    scorer = Scorer()
    tp = fp = fn = right_section = papers = labelled = 0
    unlabelled: list[str] = []
    errors: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        for line in stream:
            raw: dict[str, Any] = json.loads(line)
            papers += 1
            result = scorer.score(
                {
                    "id": raw["id"],
                    "title": raw["title"],
                    "abstract": raw["abstract"],
                    "categories": raw["categories"],
                    "comment": raw["comment"],
                    "source": "arxiv",
                    "arxiv_id": raw["id"],
                }
            )
            label, section, where = labels.get(raw["id"], (None, None, ""))
            labelled += label is not None
            proposed = result.decision == "propose"
            if proposed and label is None:
                unlabelled.append(raw["title"])
            elif proposed and label == "positive":
                tp += 1
                right_section += result.section == section
            elif proposed:
                fp += 1
                errors.append(f"false proposal ({label}, {where}): {raw['title']}")
            elif label == "positive":
                fn += 1
                errors.append(f"missed ({result.decision}, {where}): {raw['title']}")
    print(f"papers: {papers}  labelled by some set: {labelled}")
    print(f"proposals: {tp + fp + len(unlabelled)} ({len(unlabelled)} of papers no set labels)")
    print(f"precision of labelled proposals: {tp / max(tp + fp, 1):.3f} ({tp}/{tp + fp})")
    print(f"recall of labelled positives: {tp / max(tp + fn, 1):.3f} ({tp}/{tp + fn})")
    print(f"section accuracy of proposed positives: {right_section / max(tp, 1):.3f}")
    for title in unlabelled:
        print(f"  proposed, unlabelled: {title}")
    if args.errors:
        for error in errors:
            print(f"  {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
