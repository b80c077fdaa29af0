"""How long the scorer takes on hostile text, as it grows: linear, or worse?

Run from the repository root::

    python benchmarks/bench_hostile.py            # every pattern at 5, 10 and 20 KB
    python benchmarks/bench_hostile.py --max-ms 250

The scorer reads at most ``MAX_FIELD_CHARS`` (20,000) characters of a field, so no input costs
more than its first 20 KB do; within that, each of its patterns must take time in proportion to
the text. A pattern that backtracks over a run of its own separators (the counted-resource rule's
first form took 1.5 s a paper at 20 KB of "a-a-a-…") shows as a time that quadruples, not
doubles, when the text doubles. This prints, for each hostile text, the milliseconds one paper
takes with that text as its title and as its abstract at each size, and the ratio of the 20 KB
time to the 10 KB time (about 2 for linear work; 4 for quadratic). ``--max-ms`` makes it exit 1
when any paper takes longer than that (a check for a release, not a test: tests do not time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from fmwatch.score import MAX_FIELD_CHARS, Scorer

#: runs of what the scorer's patterns separate, repeat or count
HOSTILE: dict[str, str] = {
    "hyphenated runs": "a-",
    "open brackets": "(((( ",
    "table pipes": "| ",
    "digits and spaces": "1 ",
    "spelled counts": "a hundred ",
    "introducer runs": "we introduce ",
    "named resources": "this work assembles X, ",
    "generated sets": "the authors generate x, a set of about 1 ",
    "model words": "foundation model ",
    "built-on titles": "llm-based ",
    "LaTeX": "\\frac{",
    "dots and commas": "., ",
    "HTML tags": "<b>",
    "no spaces": "x",
}
SIZES = (5_000, 10_000, 20_000)
#: a paper every rule reads (foundation-model, biomedical, scale and introducing words), to which
#: the hostile text is appended: without them the scorer's gate drops a paper unread
BASE = {
    "id": "hostile",
    "title": "PathFM: a pathology foundation model for whole-slide images",
    "abstract": "We introduce PathFM, a foundation model pretrained with self-supervision on "
    "1.2 million whole-slide images from 30 hospitals. This work assembles SlideQA, 2,000 "
    "question-answer pairs, and evaluates PathFM on 25 tasks; the weights are released.",
}


def time_one(scorer: Scorer, paper: dict[str, str], repeat: int) -> float:
    """Median milliseconds of ``repeat`` scorings of ``paper``, after one untimed scoring (the
    first of a new text fills caches the later ones find)."""
    scorer.score(paper)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        scorer.score(paper)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="scorings of each paper (median)")
    parser.add_argument("--max-ms", type=float, default=None, help="exit 1 above this per paper")
    args = parser.parse_args(argv)
    scorer = Scorer()
    scorer.score({"id": "warm", "title": "warm up", "abstract": "a pathology foundation model"})
    print(f"milliseconds a paper (median of {args.repeat}); the scorer reads {MAX_FIELD_CHARS:,}")
    print("characters a field; ratio = 20 KB time / 10 KB time (linear ~2, quadratic ~4)\n")
    header = "".join(f"{size // 1000:>6} KB" for size in SIZES)
    print(f"{'text':<20}{'field':<10}{header}   ratio")
    worst = 0.0
    for name, unit in HOSTILE.items():
        for field in ("title", "abstract"):
            ms = []
            for size in SIZES:
                paper = dict(BASE)
                # (after the paper's own words, so the gate lets it through to every rule)
                paper[field] = (BASE[field] + " " + unit * (size // len(unit) + 1))[:size]
                ms.append(time_one(scorer, paper, args.repeat))
            worst = max(worst, *ms)
            ratio = ms[-1] / ms[-2] if ms[-2] > 0 else float("nan")
            cells = "".join(f"{m:>9.1f}" for m in ms)
            print(f"{name:<20}{field:<10}{cells}   {ratio:4.1f}")
    print(f"\nslowest paper: {worst:.1f} ms")
    if args.max_ms is not None and worst > args.max_ms:
        print(f"slower than --max-ms {args.max_ms:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
