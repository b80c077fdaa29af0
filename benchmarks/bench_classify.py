"""Throughput and memory of ``fmwatch classify`` on 100,000+ papers against a 1,000-entry catalog.

Run from the repository root::

    python benchmarks/bench_classify.py                 # in process, 120,000 papers
    python benchmarks/bench_classify.py --n 240000      # memory must stay flat as n doubles
    python benchmarks/bench_classify.py --cli           # also through the real CLI (subprocess)

Paper text: the real May 2026 arXiv month in ``../shared/corpus/arxiv-2026-05.jsonl.gz`` when it is
present (recycled, each copy with a fresh id), else generated abstracts. The catalog is generated
in the catalog's own Markdown format (1,000 rows, titles taken from the text source) and parsed
by ``fmwatch.catalog``, so matching goes through the same key index and title index as in
production. Every paper has an arXiv id; every 50th is a catalogued one, so the known-work path
is exercised too.

Prints papers/s and peak resident memory (ru_maxrss) of the in-process run; the loop is
``fmwatch.commands.scoring.classify_stream``, the function the command runs. Input lines are
produced one at a time and output lines are counted, not kept: run with ``--n`` twice as large
and the peak memory stays the same (the base text and the catalog are the fixed cost).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from fmwatch.commands.scoring import classify_stream
from fmwatch.feedback import Feedback
from fmwatch.score import Scorer
from fmwatch.works import KnownWorks

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
WORDS = [
    *[
        "foundation",
        "model",
        "pathology",
        "self-supervised",
        "transformer",
        "cancer",
        "segmentation",
        "images",
    ],
    *[
        "patients",
        "genomic",
        "single-cell",
        "language",
        "clinical",
        "benchmark",
        "robot",
        "driving",
        "graph",
    ],
    *[
        "diffusion",
        "retrieval",
        "whole-slide",
        "pretrained",
        "zero-shot",
        "multimodal",
        "vision-language",
    ],
    *["radiology", "reports", "cells", "protein"],
]


def _listed(value: object) -> list[str]:
    """The corpus stores lists as their Python repr ("['cs.CV', 'eess.IV']")."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value.split()
        return [str(v) for v in parsed] if isinstance(parsed, list | tuple) else [value]
    return []


def base_papers() -> list[dict[str, object]]:
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
            rows = [json.loads(line) for line in stream]
        return [
            {
                "title": r.get("title"),
                "abstract": r.get("abstract"),
                "comment": None if r.get("comment") in (None, "None", "") else r.get("comment"),
                "categories": _listed(r.get("categories")),
            }
            for r in rows
        ]
    rng = random.Random(1)
    return [
        {
            "title": " ".join(rng.choices(WORDS, k=10)),
            "abstract": " ".join(rng.choices(WORDS, k=220)) + ".",
            "comment": None,
            "categories": ["cs.CV"],
        }
        for _ in range(5000)
    ]


def catalog_markdown(n: int, base: list[dict[str, object]]) -> str:
    """A catalog of ``n`` rows in the catalog's Markdown format.

    Titles are real titles of the text source (every 7th paper, its case changed so that only a
    normalised or fuzzy match finds it): matching then meets realistic, distinctive titles, and
    the paper text recycled through ``classify`` contains some catalogued works.
    """
    rng = random.Random(2)
    head = "# Catalog\n\n## 2) Image Data\n\n| Name | Paper | GitHub | Model weight | Note |\n"
    lines = [head, "|---|---|---|---|---|\n"]
    for i in range(n):
        source = base[(i * 7) % len(base)].get("title")
        title = str(source).lower() if source else " ".join(rng.choices(WORDS, k=8))
        title = title.replace("|", " ").replace("[", " ").replace("]", " ")
        lines.append(f"| M{i} | [{title}](https://arxiv.org/abs/2501.{i:05d}) | - | - | - |\n")
    return "".join(lines)


def input_lines(n: int, base: list[dict[str, object]]) -> Iterator[bytes]:
    """JSON lines, one at a time: the base papers encoded once, each copy with its own id."""
    encoded = [json.dumps(paper).encode("utf-8")[1:] for paper in base]
    for i in range(n):
        head = b'{"id": "p%d", ' % i
        if i % 50 == 0:  # a catalogued work
            head += b'"arxiv_id": "2501.%05d", ' % ((i // 50) % 1000)
        else:  # as in a real feed, every paper has an identifier to look up
            head += b'"arxiv_id": "2509.%05d", ' % (i % 100_000)
        yield head + encoded[i % len(encoded)] + b"\n"


class LineSource(io.RawIOBase):
    """A read-only byte stream over a generator, so input is never held in memory at once."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines

    def __iter__(self) -> Iterator[bytes]:
        return self._lines


class CountingSink(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.lines = 0
        self.known = 0

    def write(self, text: str) -> int:
        self.lines += 1
        if '"decision":"known"' in text:  # (classify writes compact JSON)
            self.known += 1
        return len(text)


LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "labels.jsonl"


def feedback_decisions(n: int) -> Feedback:
    """N decisions from the labelled set (positives accepted, the rest rejected), recycled."""
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]
    feedback = Feedback()
    for i in range(n):
        row = rows[i % len(rows)]
        status = "accepted" if row["label"] == "positive" else "rejected"
        feedback.add(status, row["title"], row.get("abstract") or "", [f"bench:{i}"])
    return feedback


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120_000)
    parser.add_argument("--catalog-size", type=int, default=1000)
    parser.add_argument("--cli", action="store_true", help="also time the real CLI on a file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="in-process runs (each over all N papers); the best and the median are reported, "
        "because a shared machine's load moves a single run by 10 %% or more",
    )
    parser.add_argument(
        "--feedback",
        type=int,
        default=0,
        metavar="N",
        help="score with N curator decisions as feedback (labelled papers, recycled)",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    base = base_papers()
    known = KnownWorks.from_catalog_text(catalog_markdown(args.catalog_size, base))
    feedback = feedback_decisions(args.feedback) if args.feedback else None
    scorer = Scorer(known=known, feedback=feedback)
    if feedback is not None:
        print(f"feedback: {len(feedback)} curator decisions")
    print(
        f"text: {'real arXiv corpus' if CORPUS.is_file() else 'generated'} "
        f"({len(base)} papers, recycled)"
    )
    print(f"catalog: {len(known)} entries")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rates = []
    for run in range(1, args.repeat + 1):
        sink = CountingSink()
        start = time.perf_counter()
        bad = classify_stream(scorer, LineSource(input_lines(args.n, base)), sink, print)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        assert sink.lines == args.n and bad == 0
        rates.append(args.n / elapsed)
        print(
            f"in process, run {run}: {args.n} papers in {elapsed:.2f} s = "
            f"{args.n / elapsed:,.0f} papers/s (one core)"
        )
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"in process: best {max(rates):,.0f}, median {statistics.median(rates):,.0f} papers/s "
        f"over {len(rates)} runs"
    )
    print(f"known works marked: {sink.known}")
    # every 50th paper is a catalogued one: a run that marks none has not measured that path
    assert sink.known >= args.n // 50, "the catalogued papers were not recognised"
    print(f"peak RSS: {rss_after / 1024:.0f} MiB (before the run: {rss_before / 1024:.0f} MiB)")

    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in.jsonl"
            with path.open("wb") as out:
                for line in input_lines(args.n, base):
                    out.write(line)
            config = Path(tmp) / "fmwatch.toml"
            config.write_text("", encoding="utf-8")
            catalog = Path(tmp) / "CATALOG.md"
            catalog.write_text(catalog_markdown(args.catalog_size, base), encoding="utf-8")
            with path.open("rb") as stdin:
                start = time.perf_counter()
                proc = subprocess.run(
                    [sys.executable, "-m", "fmwatch", "classify", "--catalog", str(catalog)],
                    stdin=stdin,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    env={**os.environ, "FMWATCH_CONFIG": str(config)},
                    check=False,
                )
                elapsed = time.perf_counter() - start
            print(
                f"CLI: {args.n} papers in {elapsed:.2f} s = "
                f"{args.n / elapsed:,.0f} papers/s (exit {proc.returncode})"
            )


if __name__ == "__main__":
    main()
