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

Prints what ``fmwatch eval`` prints, over the month's labelled papers (precision of their
proposals, recall of their positives, section accuracy, the confusion table; ``--errors`` lists
the misses), then the proposals among papers no set labels.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fmwatch import ranker
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import compute, outcomes, render_text
from fmwatch.score import Scorer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
DATA = ROOT / "tests" / "data"
#: labelled files that train no word model (no labels of their own; no abstracts; the
#: enrichment and weights labels of ``eval_enrich.py``)
NOT_TRAINING = {
    "second_opinion.jsonl",
    "may_rest.jsonl",
    "enrich_month.jsonl",
    "enrich_weights.jsonl",
}


def month_labels(test_halves: bool = True) -> dict[str, tuple[str, str | None, str]]:
    """arXiv id -> (label, section, file) from every labelled set that names one (without the
    never-read test halves if ``test_halves`` is false)."""
    labels: dict[str, tuple[str, str | None, str]] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name == "second_opinion.jsonl":
            continue
        if not test_halves and path.name.endswith("_test.jsonl"):
            continue
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                if row.get("arxiv_id") and row.get("label"):
                    labels.setdefault(row["arxiv_id"], (row["label"], row["section"], path.name))
    return labels


def read_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The month's papers as the corpus gives them (read once: ids, titles, abstracts…)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def as_paper(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A corpus row as the scorer reads an arXiv paper."""
    return {
        "id": raw["id"],
        "title": raw["title"],
        "abstract": raw["abstract"],
        "categories": raw["categories"],
        "comment": raw["comment"],
        "source": "arxiv",
        "arxiv_id": raw["id"],
    }


def labelled_paper(
    raw: Mapping[str, Any], labels: Mapping[str, tuple[str, str | None, str]]
) -> dict[str, Any] | None:
    """A corpus row as a labelled paper (``eval``'s fields, the id naming the set that labels
    it), or None when no set labels it."""
    if raw["id"] not in labels:
        return None
    label, section, where = labels[raw["id"]]
    return dict(as_paper(raw), id=f"{where}:{raw['id']}", label=label, section=section)


def month_free_examples(month_ids: set[str]) -> list[ranker.Example]:
    """Training papers of every labelled set that trains word models, but none of the month:
    the packaged models learned from our summaries of many of its papers."""
    out: list[ranker.Example] = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name in NOT_TRAINING:
            continue
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line) if line.strip() else {}
                paper = ranker.example(row) if row.get("arxiv_id") not in month_ids else None
                if paper is not None:
                    out.append(paper)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false proposals")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="decisions and sections by the rules alone (no word models)",
    )
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"the May-2026 corpus is not at {CORPUS}; this evaluation needs it", file=sys.stderr)
        return 2
    labels = month_labels()
    # the packaged section models were trained on our summaries of many of these papers: score
    # the month with models trained on no paper of it (or the rules alone, --rules-only)
    corpus = read_corpus()
    kept = month_free_examples({raw["id"] for raw in corpus})
    models = ranker.train_models(kept)
    print(f"word models trained on {len(kept)} labelled papers, none of the month's")
    likeness = models.likeness  # orders near-misses as the digest would, either way
    if args.rules_only:
        config = ScoringConfig(section_model=False, likeness_propose=1.0, likeness_hold=0.0)
        scorer = Scorer(config)
    else:
        scorer = Scorer(sections=models.sections, likeness=models.decider)
    labelled: list[dict[str, Any]] = []
    unlabelled: list[str] = []
    for raw in corpus:
        row = labelled_paper(raw, labels)
        if row is not None:
            labelled.append(row)
        elif scorer.score(as_paper(raw)).decision == "propose":
            unlabelled.append(raw["title"])
    title = f"the May-2026 month, real abstracts: {len(corpus)} papers, {len(labelled)} labelled"
    print(
        render_text(compute(outcomes(scorer, labelled, likeness)), title, show_errors=args.errors)
    )
    print(f"\nproposals among papers no set labels: {len(unlabelled)}")
    for paper_title in unlabelled:
        print(f"  {paper_title}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
