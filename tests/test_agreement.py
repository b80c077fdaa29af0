"""Two annotators: agreement figures, the consensus subset, and ``eval --second-opinion``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch.agreement import Opinion, as_labelled, compare, consensus, read_opinions
from fmwatch.cli import cli
from fmwatch.errors import FmwatchError
from fmwatch.evaluate import outcomes
from fmwatch.score import Scorer

FM = {
    "title": "PathoNet-9: a general-purpose foundation model for computational pathology",
    "abstract": "We present PathoNet-9, a self-supervised vision transformer pretrained on "
    "900 million tiles from 200,000 whole-slide images; it transfers to 30 clinical tasks.",
}
TASK = {
    "title": "A U-Net for liver segmentation in CT",
    "abstract": "We train a U-Net on 80 annotated CT scans from one hospital for liver masks.",
}
ROWS = [
    {"id": "a", "label": "positive", "section": "Image Data", **FM},
    {"id": "b", "label": "positive", "section": "Image Data", **FM, "title": FM["title"] + " 2"},
    {"id": "c", "label": "borderline", "section": "Image Data", **TASK},
    {"id": "d", "label": "negative", "section": None, **TASK, "title": TASK["title"] + " 2"},
]


def test_agreement_figures_are_computed_from_the_table() -> None:
    second = {
        "a": Opinion("positive", "Image Data"),
        "b": Opinion("positive", "Multimodal data"),
        "c": Opinion("negative", None),
        "d": Opinion("negative", None),
    }
    agreed = compare(ROWS, second)
    assert agreed.compared == 4 and agreed.missing == 0
    assert agreed.same_label == 0.75
    # observed 3/4; expected (2*2 + 1*0 + 1*2) / 16 = 6/16; kappa = (0.75 - 0.375) / 0.625
    assert agreed.kappa == 0.6
    assert (agreed.second_precision, agreed.second_recall) == (1.0, 1.0)
    assert agreed.section_agreement == 0.5
    assert agreed.table["borderline"]["negative"] == 1
    scored = outcomes(Scorer(), ROWS)
    assert [o.id for o in consensus(scored, second)] == ["a", "b", "d"]
    relabelled = as_labelled(scored, second)
    assert [o.label for o in relabelled] == ["positive", "positive", "negative", "negative"]
    assert relabelled[1].section == "Multimodal data"
    assert [o.score for o in relabelled] == [o.score for o in scored]  # relabelled, not rescored


def test_rows_without_a_second_label_are_counted_as_missing() -> None:
    agreed = compare(ROWS, {"a": Opinion("borderline", "Image Data")})
    assert (agreed.compared, agreed.missing, agreed.same_label) == (1, 3, 0.0)
    assert agreed.second_recall == 0.0 and agreed.second_precision is None


def test_bad_second_opinion_lines_are_reported_with_their_number(tmp_path: Path) -> None:
    path = tmp_path / "second.jsonl"
    path.write_text(
        '{"id": "a", "label": "positive", "section": "Image Data"}\n'
        "not json\n"
        '{"id": "b", "label": "maybe"}\n'
        '{"id": "a", "label": "negative"}\n',
        encoding="utf-8",
    )
    errors: list[str] = []
    opinions = read_opinions(str(path), errors)
    assert opinions == {"a": Opinion("positive", "Image Data")}
    assert [e.split(":")[0] for e in errors] == ["line 2", "line 3", "line 4"]


def test_a_missing_second_opinion_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FmwatchError, match="not found; give JSON Lines with id, label") as got:
        read_opinions(str(tmp_path / "nope.jsonl"), [])
    assert got.value.exit_code == 2  # (named on the command line: a usage error)


def test_eval_with_a_second_opinion_prints_agreement_and_the_consensus_metrics(
    tmp_path: Path,
) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(
        "".join(
            json.dumps({"id": i, "label": lab, "section": sec}) + "\n"
            for i, lab, sec in [
                ("a", "positive", "Image Data"),
                ("b", "borderline", "Image Data"),
                ("c", "borderline", "Image Data"),
                ("d", "negative", None),
            ]
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["eval", str(labels), "--second-opinion", str(second)]
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["agreement"]["same_label"] == 0.75
    scorer = data["scorer"]
    assert scorer["first annotator"]["positives"] == 2
    assert scorer["consensus (both annotators agree)"]["n"] == 3
    assert scorer["consensus (both annotators agree)"]["positives"] == 1
    assert scorer["second annotator"]["positives"] == 1
    # both pathology rows are proposed: right for the first annotator, one wrong for the second
    assert scorer["first annotator"]["precision"] == 1.0
    assert scorer["second annotator"]["precision"] == 0.5
    text = runner.invoke(cli, args)
    assert text.exit_code == 0
    assert "Cohen's kappa: " in text.output
    assert "scorer against the consensus (both annotators agree):" in text.output
