"""Recall of "known" over catalogued works as feeds send them again, and false "known" over
look-alikes: runs ``python -m fmwatch classify --catalog`` (offline) on a labelled fixture.

    PYTHONPATH=src python benchmarks/eval_known.py [--fixture F] [--catalog C] [--misses]

Each fixture line is a classify input plus ``expect`` ("known" or "new"), ``row`` (the catalog
row it reappears as) and ``case`` (how it reappears).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", default=ROOT / "tests/fixtures/known/reappearances.jsonl")
    parser.add_argument("--catalog", default=ROOT / "CATALOG.md")
    parser.add_argument("--misses", action="store_true", help="list every miss and false match")
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.fixture).read_text().splitlines() if line]
    feed = "".join(
        json.dumps({k: v for k, v in r.items() if k not in ("expect", "row", "case")}) + "\n"
        for r in records
    )
    done = subprocess.run(
        [sys.executable, "-m", "fmwatch", "classify", "--catalog", str(args.catalog)],
        input=feed,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        return done.returncode
    out = {o["id"]: o for o in map(json.loads, done.stdout.splitlines())}
    positives = [r for r in records if r["expect"] == "known"]
    negatives = [r for r in records if r["expect"] != "known"]
    missed = [r for r in positives if out[r["id"]]["decision"] != "known"]
    # (a miss a curator would see: neither known nor dropped by the scorer)
    leaked = [r for r in missed if out[r["id"]]["decision"] != "drop"]
    false = [r for r in negatives if out[r["id"]]["decision"] == "known"]
    found = len(positives) - len(missed)
    print(f"reappearances known: {found}/{len(positives)} ({found / len(positives):.1%})")
    print(f"  of the misses, proposed or near-miss: {len(leaked)}")
    print(f"look-alikes marked known: {len(false)}/{len(negatives)}")
    if args.misses:
        for r in missed:
            decision = out[r["id"]]["decision"]
            print(f"MISS  {r['id']} [{decision}] {r['row']}: {r['case']}: {r['title']}")
        for r in false:
            known_as = out[r["id"]].get("known_as")
            print(f"FALSE {r['id']} -> {known_as}: {r['case']}: {r['title']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
