"""``tests/data/enrich_month.jsonl``, the labels ``benchmarks/eval_enrich.py`` measures enrichment
by: one line per positive paper of the May-2026 month, with what the paper states."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
LABELS = DATA / "enrich_month.jsonl"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
FIELDS = {"arxiv_id", "title", "model_name", "code_url", "weights_url", "note"}
ARXIV_ID = re.compile(r"^\d{4}\.\d{5}$")
REPO = re.compile(r"^https://(?:github|gitlab)\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
WEIGHTS = re.compile(r"^https://\S+$")


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


@cache
def labels() -> tuple[dict[str, Any], ...]:
    return tuple(_rows(LABELS))


@cache
def positives() -> dict[str, str]:
    """arXiv id -> title of every paper a labelled set calls positive: never the test halves
    (not to be read) nor the second opinion (another annotator's labels of the same papers)."""
    found: dict[str, str] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name.endswith("_test.jsonl") or path.name in {
            "second_opinion.jsonl",
            LABELS.name,
        }:
            continue
        for row in _rows(path):
            if row.get("arxiv_id") and row.get("label") == "positive":
                found.setdefault(row["arxiv_id"], row["title"])
    return found


def test_each_line_has_the_fields_typed() -> None:
    assert labels()
    for row in labels():
        assert set(row) == FIELDS, row
        assert isinstance(row["arxiv_id"], str) and ARXIV_ID.match(row["arxiv_id"]), row
        assert isinstance(row["title"], str) and row["title"].strip(), row
        name = row["model_name"]
        assert name is None or (isinstance(name, str) and name == name.strip() and name), row
        code = row["code_url"]
        assert code is None or (isinstance(code, str) and REPO.match(code)), row
        weights = row["weights_url"]
        assert weights is None or (isinstance(weights, str) and WEIGHTS.match(weights)), row
        note = row["note"]
        assert note is None or (isinstance(note, str) and note.strip()), row


def test_the_ids_are_unique() -> None:
    ids = [row["arxiv_id"] for row in labels()]
    assert len(ids) == len(set(ids))


def test_each_paper_is_a_positive_of_a_labelled_set_with_its_title() -> None:
    known = positives()
    for row in labels():
        assert row["arxiv_id"] in known, f"{row['arxiv_id']} is no positive of a labelled set"
        assert " ".join(row["title"].split()) == " ".join(known[row["arxiv_id"]].split())


@pytest.mark.skipif(not CORPUS.is_file(), reason="the May-2026 corpus is not present")
def test_the_labels_are_the_months_positives_all_of_them() -> None:
    """Every labelled paper is one of the month's, by its corpus title, and every positive of
    the month is labelled."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        month = {raw["id"]: raw["title"] for raw in map(json.loads, stream)}
    for row in labels():
        assert month.get(row["arxiv_id"]) == row["title"], row["arxiv_id"]
    wanted = {arxiv_id for arxiv_id in positives() if arxiv_id in month}
    assert {row["arxiv_id"] for row in labels()} == wanted
