"""How often enrichment is right: model names, code repositories and weights links, on the real
abstracts of one month.

Run from the repository root (needs the May-2026 corpus in ``../shared/corpus/``)::

    python benchmarks/eval_enrich.py            # the figures
    python benchmarks/eval_enrich.py --errors   # also every paper a field gets wrong

``tests/data/enrich_month.jsonl`` holds, for each of the month's papers that a labelled set calls
positive (test halves excluded), what the paper itself states: the name it gives what it
introduces (a model, or a benchmark's or dataset's name; null for a review or an unnamed
work), the code repository its title, abstract or comment gives, and a weights link it gives
(null when none). They were written from the real title, abstract and comment before fmwatch
was run on them. This scores each paper as ``fmwatch classify`` does (the packaged scorer, the
paper as an arXiv record) and compares the enrichment of its verdict with the labels:

- names by :func:`fmwatch.identity.name_key`, as ``fmwatch catalog lint`` compares Name cells
  ("MedVIGIL" is "medvigil", "Prov GigaPath" is "Prov-GigaPath");
- code by owner/repo, without case; weights by the URL without scheme, ``www.`` or case.

Per field it prints exact-match accuracy over every paper (a null for a null is a match), how
many of the labelled values were found, how many given values were wrong where the paper states
one, and how many were given where it states none.

``tests/data/enrich_weights.jsonl`` then measures the weights link alone, the same way, on every
paper of the month whose title, abstract or comment names a model host (Hugging Face, Zenodo,
ModelScope, figshare) or puts a URL in a sentence about weights, checkpoints or models: the
link to the released weights that each states, or null (a Hugging Face dataset or Space, a
GitHub repository or a project page is none). Its table and misses follow the first one's:
``weights_url`` as ``fmwatch classify`` gives it (most of these papers are not biomedical and
are dropped before enrichment, so carry no link), then ``read in full``, the enricher on every
paper as if a curator were to see it (what its rules find, whatever the scorer decides).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval_month import CORPUS, as_paper, read_corpus

from fmwatch.enrich import Enricher
from fmwatch.identity import github_repo, name_key
from fmwatch.models import ScoreResult
from fmwatch.score import Item, Scorer

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "enrich_month.jsonl"
WEIGHTS_LABELS = ROOT / "tests" / "data" / "enrich_weights.jsonl"
FIELDS = ("model_name", "code_url", "weights_url")


def _name(value: str) -> str:
    return name_key(value)


def _code(value: str) -> str:
    repo = github_repo(value)
    host = "gitlab" if "gitlab.com/" in value.lower() else "github"
    return f"{host}:{(repo or value).lower()}"


def _weights(value: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", value.strip().lower()).rstrip("/")


#: How a field's values are compared: two values are the same when their keys are.
KEYS: dict[str, Callable[[str], str]] = {
    "model_name": _name,
    "code_url": _code,
    "weights_url": _weights,
}


@dataclass
class Tally:
    """One field's outcomes over the labelled papers."""

    papers: int = 0
    exact: int = 0
    labelled: int = 0
    found: int = 0
    wrong: int = 0  # a value given where the paper states another
    unlabelled: int = 0
    given_when_none: int = 0
    misses: list[str] = field(default_factory=list)
    found_in: Counter[str] = field(default_factory=Counter)  # where the right values came from

    def add(
        self,
        arxiv_id: str,
        key: Callable[[str], str],
        want: str | None,
        got: str | None,
        where: str | None,
        decision: str,
    ) -> None:
        self.papers += 1
        same = (want is None and got is None) or (
            want is not None and got is not None and key(want) == key(got)
        )
        self.exact += same
        if want is None:
            self.unlabelled += 1
            self.given_when_none += got is not None
        else:
            self.labelled += 1
            self.found += same
            if same and where:
                self.found_in[where] += 1
            self.wrong += got is not None and not same
        if not same:
            given = f"{got!r} ({where})" if got is not None else "nothing"
            self.misses.append(f"{arxiv_id}  [{decision}]  labelled {want!r}, given {given}")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else f"{part}/0 (-)"


def render(tallies: Mapping[str, Tally], show_errors: bool) -> str:
    lines = [
        f"{'field':<12} {'exact':>16} {'found (recall)':>16} {'wrong when given':>18} "
        f"{'given when none':>17}"
    ]
    for name, tally in tallies.items():
        lines.append(
            f"{name:<12} {_share(tally.exact, tally.papers):>16} "
            f"{_share(tally.found, tally.labelled):>16} {_share(tally.wrong, tally.labelled):>18} "
            f"{_share(tally.given_when_none, tally.unlabelled):>17}"
        )
    for name, tally in tallies.items():
        if tally.found_in:
            sources = ", ".join(f"{where} {n}" for where, n in tally.found_in.most_common())
            lines.append(f"{name} found in: {sources}")
    if show_errors:
        for name, tally in tallies.items():
            lines.append(f"\n{name}: {len(tally.misses)} wrong")
            lines.extend(f"  {miss}" for miss in tally.misses)
    return "\n".join(lines)


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def evaluate(
    scorer: Scorer,
    labels: Sequence[Mapping[str, Any]],
    corpus: Mapping[str, Mapping[str, Any]],
    fields: Sequence[str] = FIELDS,
) -> tuple[dict[str, Tally], dict[str, int]]:
    """Each field's tally, and how many papers the scorer gave each decision."""
    tallies = {name: Tally() for name in fields}
    decisions: dict[str, int] = {}
    for row in labels:
        result: ScoreResult = scorer.score(as_paper(corpus[row["arxiv_id"]]))
        decisions[result.decision] = decisions.get(result.decision, 0) + 1
        enrichment = result.enrichment
        for name, tally in tallies.items():
            tally.add(
                row["arxiv_id"],
                KEYS[name],
                row[name],
                getattr(enrichment, name),
                getattr(enrichment, f"{name}_from"),
                result.decision,
            )
    return tallies, decisions


def evaluate_weights(
    scorer: Scorer, labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Tally], dict[str, int]]:
    """The weights link as ``fmwatch classify`` gives it, and as the enricher reads every paper
    in full; and how many papers the scorer gave each decision."""
    tallies, decisions = evaluate(scorer, labels, corpus, ("weights_url",))
    full = tallies["read in full"] = Tally()
    enricher = Enricher()
    for row in labels:
        enrichment = enricher.enrich(Item.of(as_paper(corpus[row["arxiv_id"]])))
        full.add(
            row["arxiv_id"],
            KEYS["weights_url"],
            row["weights_url"],
            enrichment.weights_url,
            enrichment.weights_url_from,
            "full",
        )
    return tallies, decisions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"the May-2026 corpus is not at {CORPUS}; this evaluation needs it", file=sys.stderr)
        return 2
    labels = read_labels()
    weights_labels = read_labels(WEIGHTS_LABELS)
    wanted = {row["arxiv_id"] for row in (*labels, *weights_labels)}
    corpus = {raw["id"]: raw for raw in read_corpus() if raw["id"] in wanted}
    missing = wanted - corpus.keys()
    if missing:
        print(f"labelled papers not in the corpus: {', '.join(sorted(missing))}", file=sys.stderr)
        return 2
    scorer = Scorer()
    tallies, decisions = evaluate(scorer, labels, corpus)
    said = ", ".join(f"{count} {what}" for what, count in sorted(decisions.items()))
    print(f"enrichment of {len(labels)} positive papers of the May-2026 month ({said})")
    print(render(tallies, args.errors))
    tallies, decisions = evaluate_weights(scorer, weights_labels, corpus)
    said = ", ".join(f"{count} {what}" for what, count in sorted(decisions.items()))
    print(
        f"\nweights links of {len(weights_labels)} papers of the month that name a model host or "
        f"give a URL for weights, checkpoints or models ({said})"
    )
    print(render(tallies, args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
