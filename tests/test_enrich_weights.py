"""``tests/data/enrich_weights.jsonl``, the weights labels ``benchmarks/eval_enrich.py`` measures
the weights link by: one line per paper of the May-2026 month that names a model host or puts
a URL in a sentence about weights, checkpoints or models, with the weights link it states."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
LABELS = DATA / "enrich_weights.jsonl"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
FIELDS = {"arxiv_id", "title", "weights_url", "note"}
ARXIV_ID = re.compile(r"^\d{4}\.\d{5}$")
WEIGHTS = re.compile(r"^https://[A-Za-z0-9.\-]+/\S+$")
#: Not weights, whatever a paper says is there: a Hugging Face dataset or Space, a code forge.
NOT_WEIGHTS = re.compile(r"huggingface\.co/(?:datasets|spaces)/|github\.com/|gitlab\.com/")

#: How the papers were chosen (tests/data/README.md, "Weights labels"): a model host named
#: anywhere in the title, abstract or comment, or a URL in a sentence that speaks of weights,
#: checkpoints or models.
HOST = re.compile(
    r"huggingface\.co|\bhf\.co\b|hf\.space|10\.57967/hf|zenodo|modelscope|figshare", re.I
)
URL = re.compile(r"https?://\S+|www\.\S+|\\url\{[^}]*\}", re.I)
WORD = re.compile(r"\b(?:weights?|checkpoints?|models?)\b", re.I)
SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")


def chosen(raw: dict[str, Any]) -> bool:
    parts = [raw.get(key) or "" for key in ("title", "abstract", "comment")]
    if HOST.search(" ".join(parts)):
        return True
    return any(URL.search(s) and WORD.search(s) for part in parts for s in SENTENCE.split(part))


@cache
def labels() -> tuple[dict[str, Any], ...]:
    with LABELS.open(encoding="utf-8") as stream:
        return tuple(json.loads(line) for line in stream if line.strip())


def test_each_line_has_the_fields_typed() -> None:
    assert labels()
    for row in labels():
        assert FIELDS <= set(row) <= FIELDS | {"also"}, row
        assert isinstance(row["arxiv_id"], str) and ARXIV_ID.match(row["arxiv_id"]), row
        assert isinstance(row["title"], str) and row["title"].strip(), row
        weights = row["weights_url"]
        assert weights is None or (isinstance(weights, str) and WEIGHTS.match(weights)), row
        assert weights is None or not NOT_WEIGHTS.search(weights), row
        note = row["note"]
        assert note is None or (isinstance(note, str) and note.strip()), row
        if "also" in row:  # the other weights links of a paper that gives several
            assert weights is not None and note, row
            also = row["also"]
            assert isinstance(also, list) and also, row
            assert all(isinstance(u, str) and WEIGHTS.match(u) and u != weights for u in also)


def test_the_ids_are_unique() -> None:
    ids = [row["arxiv_id"] for row in labels()]
    assert len(ids) == len(set(ids))


def test_a_paper_without_a_weights_link_says_what_it_gives() -> None:
    """Every null says why (a dataset, a Space, a GitHub repository …): the doubtful ones are
    the point of the set."""
    for row in labels():
        assert row["weights_url"] is not None or row["note"], row["arxiv_id"]


@pytest.mark.skipif(not CORPUS.is_file(), reason="the May-2026 corpus is not present")
def test_the_labels_are_the_months_chosen_papers_all_of_them() -> None:
    """Every labelled paper is one of the month's, by its corpus title, and every paper the
    rule chooses is labelled."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        month = {raw["id"]: raw for raw in map(json.loads, stream)}
    for row in labels():
        assert row["arxiv_id"] in month, row["arxiv_id"]
        assert month[row["arxiv_id"]]["title"] == row["title"], row["arxiv_id"]
    wanted = {arxiv_id for arxiv_id, raw in month.items() if chosen(raw)}
    assert {row["arxiv_id"] for row in labels()} == wanted
