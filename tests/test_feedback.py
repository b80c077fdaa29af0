"""Curator feedback: nearest accepted/rejected works nudge scores, bounded and explained."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch.cli import cli
from fmwatch.evaluate import disjoint, simulate_decisions
from fmwatch.feedback import Assessment, Feedback, tokens
from fmwatch.models import Paper
from fmwatch.score import Scorer
from fmwatch.store import Store

LABELS = Path(__file__).parent / "data" / "labels.jsonl"

ORGANNET = {
    "title": "OrganNet: a general-purpose foundation model for abdominal CT",
    "abstract": "We present OrganNet, a self-supervised vision transformer pretrained on 2 million "
    "CT volumes from 90 hospitals; it transfers to diverse downstream tasks such as organ "
    "segmentation, cancer detection and survival prediction.",
    "arxiv_id": "2611.00101",
}
#: the same work seen elsewhere: another title, a reworded abstract, no shared identifier
ORGANNET_VARIANT = {
    "title": "OrganNet: a foundation model for abdominal computed tomography",
    "abstract": "OrganNet is a self-supervised vision transformer pretrained on two million "
    "abdominal CT volumes collected from 90 hospitals. It transfers to diverse downstream tasks "
    "including organ segmentation, cancer detection and survival prediction.",
    "doi": "10.1101/2026.11.02.123456",
    "source": "medrxiv",
}
SCRNA = {
    "title": "CellAtlasFM: a foundation model for single-cell transcriptomics",
    "abstract": "We introduce CellAtlasFM, a transformer pretrained on 40 million single-cell "
    "RNA-seq profiles across 60 tissues that transfers zero-shot to cell type annotation, "
    "perturbation response prediction and gene network inference.",
    "arxiv_id": "2611.00202",
}


def _label(row_id: str) -> dict[str, object]:
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == row_id:
            return dict(row)
    raise AssertionError(row_id)


def test_tokens_drop_stop_words_and_plurals() -> None:
    assert tokens("The Models of single-cell RNA sequences, 2 million cells") == [
        "single-cell",
        "rna",
        "sequence",
        "million",
        "cell",
    ]


def test_nearest_decisions_move_the_score_within_the_strength() -> None:
    feedback = Feedback(strength=0.2)
    feedback.add("rejected", ORGANNET["title"], ORGANNET["abstract"], ["arxiv:2611.00101"])
    feedback.add("accepted", SCRNA["title"], SCRNA["abstract"], ["arxiv:2611.00202"])
    down, evidence = feedback.adjust(ORGANNET_VARIANT["title"], ORGANNET_VARIANT["abstract"])
    up, up_evidence = feedback.adjust(
        "A single-cell foundation model pretrained on millions of transcriptomes",
        "A transformer pretrained on single-cell RNA-seq profiles across tissues for cell type "
        "annotation and perturbation prediction.",
    )
    nothing = feedback.adjust("Quantum error correction with surface codes", "qubits decoders")
    assert -0.2 <= down < -0.1 and 0 < up <= 0.2
    assert nothing == (0.0, [])
    assert evidence[0].kind == "feedback"
    assert evidence[0].phrase.startswith(f"similar to rejected: {ORGANNET['title']} (cosine ")
    assert up_evidence[0].phrase.startswith(f"similar to accepted: {SCRNA['title']}")


def test_the_nearest_neighbour_outweighs_farther_ones() -> None:
    feedback = Feedback()
    feedback.add("rejected", ORGANNET["title"], ORGANNET["abstract"])
    for n in range(3):  # related, but farther: accepted abdominal-imaging models
        feedback.add(
            "accepted",
            f"AbdoModel-{n}: self-supervised pretraining for abdominal MRI",
            "A vision transformer pretrained on abdominal MRI volumes for organ segmentation.",
        )
    delta, _ = feedback.adjust(ORGANNET_VARIANT["title"], ORGANNET_VARIANT["abstract"])
    assert delta < 0


def test_a_paper_is_never_its_own_neighbour() -> None:
    feedback = Feedback()
    feedback.add("rejected", ORGANNET["title"], ORGANNET["abstract"], ["arxiv:2611.00101"])
    # same identity key, or the same title under another id: the decision about itself
    assert feedback.neighbours(ORGANNET["title"], ORGANNET["abstract"], ["arxiv:2611.00101"]) == []
    assert feedback.neighbours(ORGANNET["title"].upper(), "other words", ["doi:10.1/x"]) == []
    assert feedback.neighbours(ORGANNET_VARIANT["title"], ORGANNET_VARIANT["abstract"]) != []


def test_bad_input_never_breaks_the_lookup() -> None:
    feedback = Feedback()
    assert feedback.adjust("", "") == (0.0, [])  # nothing decided yet
    feedback.add("accepted", "", "")
    feedback.add("rejected", "| pipes | `code` <b>x</b>", "\x00\ufffd" + "word " * 20_000)
    assert feedback.adjust("", "") == (0.0, [])
    delta, _ = feedback.adjust("| pipes |", "word " * 50_000)
    assert -0.2 <= delta <= 0.2
    with pytest.raises(ValueError, match="accepted or rejected"):
        feedback.add("maybe", "t")


def test_scorer_lowers_a_rejected_works_variant_and_caps_a_near_duplicate() -> None:
    before = Scorer().score(ORGANNET_VARIANT)
    assert before.decision == "propose"
    feedback = Feedback()
    feedback.add("rejected", ORGANNET["title"], ORGANNET["abstract"], ["arxiv:2611.00101"])
    after = Scorer(feedback=feedback).score(ORGANNET_VARIANT)
    assert after.score < before.score and after.decision == "near-miss"
    phrases = [e.phrase for e in after.evidence]
    assert f"nearly the same as a rejected work: {ORGANNET['title']}" in phrases
    assert any(p.startswith("similar to rejected: OrganNet") for p in phrases)
    # an unrelated paper is untouched
    other = Scorer(feedback=feedback).score(SCRNA)
    assert other == Scorer().score(SCRNA)


class _Push:
    """A feedback that pushes every paper up as far as it may (to test the scorer's bound)."""

    strength = 0.9

    def assess(self, title: str, abstract: str = "", keys: Iterable[str] = ()) -> Assessment:
        return Assessment(delta=0.9)


@pytest.mark.skipif(not LABELS.is_file(), reason="labelled set not present")
def test_feedback_alone_never_turns_a_clear_drop_into_a_proposal() -> None:
    nnunet = _label("neg-nnunet")  # scored below near-miss by the rules, neither capped nor floored
    base = Scorer().score(nnunet)
    assert base.decision == "drop" and base.score < 0.35
    pushed = Scorer(feedback=_Push()).score(nnunet)
    assert pushed.decision == "near-miss" and pushed.score < 0.6
    # and the rules' caps hold whatever the feedback says
    capped = _label("bl-2605.26621")
    assert Scorer(feedback=_Push()).score(capped).decision != "propose"


def test_simulated_decisions_follow_what_curators_saw() -> None:
    rows = [
        {**ORGANNET, "id": "p", "label": "positive"},  # proposed -> accepted
        {**ORGANNET_VARIANT, "id": "b", "label": "borderline"},  # proposed -> rejected
        {"id": "n", "title": "Coded caching", "abstract": "We bound it.", "label": "negative"},
    ]
    shown = simulate_decisions(Scorer(), rows)
    assert (shown.accepted, shown.rejected, shown.unseen) == (1, 1, 1)
    assert [d.status for d in shown.feedback.decided] == ["accepted", "rejected"]
    assert shown.feedback.decided[0].keys == {"arxiv:2611.00101"}
    with pytest.raises(ValueError, match="protocol"):
        simulate_decisions(Scorer(), rows, "all")


def test_feedback_rows_that_are_an_evaluated_work_are_left_out() -> None:
    evaluated = [{**ORGANNET, "id": "e1"}]
    feedback_rows = [
        {**ORGANNET, "id": "e1"},  # same id
        {"id": "x", "title": "Another title", "arxiv_id": "2611.00101"},  # same arXiv id
        {"id": "y", "title": ORGANNET["title"].lower()},  # same normalised title
        {**SCRNA, "id": "z"},
    ]
    assert [r["id"] for r in disjoint(feedback_rows, evaluated)] == ["z"]


# -- the weekly path and the eval, as a user runs them ---------------------------------------------


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _verdict(db: Path, title: str) -> tuple[float, str, list[str]]:
    conn = sqlite3.connect(db)
    score, decision, evidence = conn.execute(
        "SELECT score, decision, evidence FROM scores WHERE title = ?", (title,)
    ).fetchone()
    conn.close()
    return score, decision, [e["phrase"] for e in json.loads(evidence)]


def test_a_rejected_works_other_version_scores_lower_on_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "fmwatch.db"
    env = {"FMWATCH_DB": str(db), "FMWATCH_CATALOG": str(tmp_path / "none.md")}
    with Store(db) as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id="2611.00101",
                    arxiv_id="2611.00101",
                    title=ORGANNET["title"],
                    abstract=ORGANNET["abstract"],
                ),
                Paper(
                    source="medrxiv",
                    source_id="10.1101/2026.11.02.123456",
                    doi=ORGANNET_VARIANT["doi"],
                    title=ORGANNET_VARIANT["title"],
                    abstract=ORGANNET_VARIANT["abstract"],
                ),
            ]
        )
    code, out, err = _run(["score"], env)
    assert code == 0, err
    assert "propose 2" in out and "feedback" not in out  # two works: identity did not join them
    before, decision, _ = _verdict(db, ORGANNET_VARIANT["title"])
    assert decision == "propose"

    code, _, err = _run(["reject", "arxiv:2611.00101", "--reason", "not a new model"], env)
    assert code == 0, err
    code, out, err = _run(["score"], env)  # scoring.feedback is on by default
    assert code == 0, err
    assert "feedback from 1 curator decisions" in out
    after, decision, phrases = _verdict(db, ORGANNET_VARIANT["title"])
    assert after < before and decision == "near-miss"
    assert any(p.startswith(f"similar to rejected: {ORGANNET['title']}") for p in phrases)
    assert f"nearly the same as a rejected work: {ORGANNET['title']}" in phrases
    assert _verdict(db, ORGANNET["title"])[1] == "known"

    code, out, _ = _run(["score", "--no-feedback"], env)
    assert code == 0 and "feedback" not in out
    assert _verdict(db, ORGANNET_VARIANT["title"])[:2] == (before, "propose")

    # the store's decisions as feedback for an eval: the variant, labelled borderline, drops
    labels = _write(tmp_path / "l.jsonl", [{**ORGANNET_VARIANT, "id": "v", "label": "borderline"}])
    code, out, err = _run(["eval", str(labels), "--feedback-from", str(db)], {})
    assert code == 0, err
    assert "feedback (store: 1, decisions: 1)" in out
    assert "changed decisions: borderline: propose -> near-miss 1" in out


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _cross_labels(tmp_path: Path) -> Path:
    """Dev holds a rejected borderline paper; holdout holds another version of it."""
    return _write(
        tmp_path / "labels.jsonl",
        [
            {**ORGANNET, "id": "d1", "label": "borderline", "section": None, "split": "dev"},
            {**SCRNA, "id": "d2", "label": "positive", "section": "Genomic data", "split": "dev"},
            {
                **ORGANNET_VARIANT,
                "id": "h1",
                "label": "borderline",
                "section": None,
                "split": "holdout",
            },
            {
                "id": "h2",
                "title": "On coded caching with decentralized placement",
                "abstract": "We bound the load.",
                "label": "negative",
                "split": "holdout",
            },
        ],
    )


def test_eval_cross_prints_both_columns_for_each_direction(tmp_path: Path) -> None:
    labels = _cross_labels(tmp_path)
    code, out, err = _run(["eval", str(labels), "--cross"], {})
    assert code == 0, err
    blocks = out.split("\n\n")
    assert blocks[0].startswith(f"{labels}: feedback from dev, evaluated on holdout (2 papers)")
    assert "accepted: 1, rejected: 1, unseen: 0, protocol: shown" in blocks[0]
    assert "without      with    change" in blocks[0]
    assert "borderline -> near-miss        0.000     1.000    +1.000" in blocks[0]
    assert "changed decisions: borderline: propose -> near-miss 1" in blocks[0]
    assert blocks[1].startswith(f"{labels}: feedback from holdout, evaluated on dev (2 papers)")
    for name in ("propose precision", "recall", "F1", "section accuracy", "ranking AUC"):
        assert all(name in block for block in blocks)

    code, out, _ = _run(["eval", str(labels), "--cross", "--json"], {})
    data = json.loads(out)["comparisons"]
    assert data[0]["without"]["confusion"]["borderline"]["propose"] == 1
    assert data[0]["with"]["confusion"]["borderline"]["near-miss"] == 1
    assert data[0]["feedback"]["rejected"] == 1
    assert data[0]["changed"] == {"borderline: propose -> near-miss": 1}


def test_eval_feedback_labels_never_include_an_evaluated_paper(tmp_path: Path) -> None:
    labels = _cross_labels(tmp_path)
    # the whole file as feedback for the whole file: every paper is evaluated, none is left
    code, out, _ = _run(["eval", str(labels), "--feedback-labels", str(labels), "--json"], {})
    assert code == 0
    only = json.loads(out)["comparisons"][0]
    assert only["feedback"]["decisions"] == 0 and only["changed"] == {}
    # holdout evaluated with the same file as feedback: only dev papers become decisions
    code, out, _ = _run(
        ["eval", str(labels), "--split", "holdout", "--feedback-labels", str(labels)], {}
    )
    assert code == 0
    assert "accepted: 1, rejected: 1, unseen: 0" in out
    assert "changed decisions: borderline: propose -> near-miss 1" in out
