"""The quality floor: on the labelled set, the scorer must keep curators' trust.

Floors (issue 3), on the whole set AND on the holdout split alone (the weights and rules were
tuned on ``dev`` only, so ``holdout`` is the check that they generalise): recall of positives
>= 0.95, precision of ``propose`` >= 0.90, section accuracy (over *all* positives) >= 0.90. A
borderline paper (a curator declines it, but it is biomedical work on a foundation model) must
mostly come out as ``near-miss``, not be dropped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from fmwatch.evaluate import Metrics, Outcome, compute, render_text
from fmwatch.score import Scorer

LABELS = Path(__file__).parent / "data" / "labels.jsonl"
#: Blind sets, written by someone who never saw the scorer: ``blind_dev`` may be read and used
#: to find rules that generalise; ``blind_test`` is measured, never read or tuned on.
BLIND_DEV = Path(__file__).parent / "data" / "blind_dev.jsonl"
BLIND_TEST = Path(__file__).parent / "data" / "blind_test.jsonl"
BLIND2 = LABELS.parent / "blind2.jsonl"


@cache
def _outcomes(split: str, path: Path = LABELS) -> tuple[Outcome, ...]:
    scorer = Scorer()
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if split != "all" and row.get("split") != split:
            continue
        result = scorer.score(row)
        outcomes.append(
            Outcome(
                id=row["id"],
                label=row["label"],
                section=row.get("section"),
                decision=result.decision,
                predicted_section=result.section,
                score=result.score,
                title=row.get("title") or "",
                split=row.get("split"),
            )
        )
    return tuple(outcomes)


def _metrics(split: str, path: Path = LABELS) -> Metrics:
    metrics = compute(_outcomes(split, path))
    print(render_text(metrics, split, show_errors=True))
    return metrics


@pytest.mark.parametrize("split", ["all", "holdout"])
def test_quality_floor_on_the_labelled_set(split: str) -> None:
    metrics = _metrics(split)
    assert metrics.positives >= (100 if split == "all" else 25)
    assert metrics.recall is not None and metrics.recall >= 0.95
    assert metrics.precision is not None and metrics.precision >= 0.90
    assert metrics.section_accuracy is not None and metrics.section_accuracy >= 0.90


def test_quality_floor_on_the_blind_dev_set() -> None:
    """Rules fitted to ``labels.jsonl`` once overfit (blind recall 0.72); this holds what the
    generalised rules reach on the blind dev set (recall 0.97, precision 0.97, section 0.94),
    minus a small margin."""
    metrics = _metrics("all", BLIND_DEV)
    assert metrics.positives >= 30
    assert metrics.recall is not None and metrics.recall >= 0.92
    assert metrics.precision is not None and metrics.precision >= 0.92
    assert metrics.section_accuracy is not None and metrics.section_accuracy >= 0.90


def test_regression_guard_on_the_blind_test_set() -> None:
    """Never tuned on. Measured 2026-11-26: precision 0.794, recall 0.818, section 0.879 (below
    the issue's floors: the scorer generalises worse than the main set suggests; README says so).
    These are regression guards a little under that measurement, not targets."""
    metrics = _metrics("all", BLIND_TEST)
    assert metrics.positives > 0
    assert metrics.precision is not None and metrics.precision >= 0.75
    assert metrics.recall is not None and metrics.recall >= 0.78
    assert metrics.section_accuracy is not None and metrics.section_accuracy >= 0.84


def test_regression_guard_on_the_second_blind_set() -> None:
    """A second set written blind, never tuned on. Measured 2026-11-26: precision 0.880, recall
    0.733, section 0.933 (recall below the issue's floor; README says so). Guards, not targets."""
    metrics = _metrics("all", BLIND2)
    assert metrics.positives > 0
    assert metrics.precision is not None and metrics.precision >= 0.83
    assert metrics.recall is not None and metrics.recall >= 0.68
    assert metrics.section_accuracy is not None and metrics.section_accuracy >= 0.88


def test_curator_declined_papers_come_out_as_near_misses() -> None:
    metrics = _metrics("all")
    assert metrics.borderline_near_miss is not None and metrics.borderline_near_miss >= 0.80
    # and a proposal is almost never a paper that is not even borderline
    assert metrics.confusion["negative"]["propose"] <= 3


def test_dev_split_is_reported() -> None:
    metrics = _metrics("dev")
    assert metrics.n > 0 and metrics.positives > 0


def test_metrics_definitions() -> None:
    def o(
        label: str, decision: str, section: str = "Image Data", predicted: str = "Image Data"
    ) -> Outcome:
        return Outcome(
            id=label,
            label=label,
            section=section,
            decision=decision,
            predicted_section=predicted,
            score=0.5,
        )

    m = compute(
        [
            o("positive", "propose"),
            o("positive", "propose", predicted="Genomic data"),
            o("positive", "near-miss"),
            o("borderline", "propose"),
            o("borderline", "near-miss"),
            o("negative", "drop"),
        ]
    )
    assert (m.precision, m.recall) == (round(2 / 3, 4), round(2 / 3, 4))
    assert m.section_accuracy == round(2 / 3, 4)  # over all positives
    assert m.section_accuracy_proposed == 0.5
    assert m.borderline_near_miss == 0.5
    assert m.confusion["borderline"] == {"propose": 1, "near-miss": 1, "drop": 0, "known": 0}
    assert [x["label"] for x in m.false_positives] == ["borderline"]
