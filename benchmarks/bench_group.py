"""How grouping a store's records into works scales: ``fmwatch score`` groups every stored
record on each run, so its cost must grow linearly with the store, not with its square.

Run from the repository root::

    python benchmarks/bench_group.py                     # 20,000 to 160,000 records
    python benchmarks/bench_group.py --sizes 10000 20000

Titles are made of words drawn with the word frequencies of the real May-2026 arXiv titles in
``../shared/corpus/`` when present (else a Zipf-like vocabulary), ten words each, so that common
words ("learning", "model") are as common as in a real feed and rare ones as rare. Prints the
seconds per size and the ratio to the previous size (about 2 when linear, 4 when quadratic).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from pathlib import Path

from fmwatch.identity import normalize_title
from fmwatch.models import Paper
from fmwatch.works import group_works

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"


def vocabulary() -> tuple[list[str], list[int]]:
    counts: Counter[str] = Counter()
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
            for line in stream:
                counts.update(normalize_title(json.loads(line)["title"]).split())
    else:
        counts.update({f"w{chr(97 + i % 26)}{i}": 10_000 // (i + 1) + 1 for i in range(20_000)})
    words = sorted(counts)
    return words, [counts[w] for w in words]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000, 80_000, 160_000])
    args = parser.parse_args()
    words, weights = vocabulary()
    rng = random.Random(0)
    previous = None
    for n in args.sizes:
        papers = [
            Paper(
                source="arxiv",
                source_id=f"{2400 + i // 99_999}.{i % 99_999:05d}",
                arxiv_id=f"{2400 + i // 99_999}.{i % 99_999:05d}",
                title=" ".join(rng.choices(words, weights, k=10)),
            )
            for i in range(n)
        ]
        start = time.perf_counter()
        works = group_works(papers)
        elapsed = time.perf_counter() - start
        ratio = f" ({elapsed / previous:.1f}x the previous size)" if previous else ""
        print(f"{n:>8,} records -> {len(works):,} works in {elapsed:.2f} s{ratio}")
        previous = elapsed


if __name__ == "__main__":
    main()
