"""``fmwatch classify``, ``fmwatch score`` and ``fmwatch eval`` as a user runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fmwatch.cli import cli
from fmwatch.models import Paper
from fmwatch.store import Store

FM = {
    "id": "a",
    "title": "OrganNet: a general-purpose foundation model for abdominal CT",
    "abstract": "We present OrganNet, a self-supervised vision transformer pretrained on 2 million "
    "CT "
    "volumes from 90 hospitals; it transfers to diverse downstream tasks such as organ "
    "segmentation, cancer detection and survival prediction. Code: https://github.com/lab/organnet",
    "source": "arxiv",
    "categories": ["eess.IV", "cs.CV"],
    "arxiv_id": "2605.00001",
}
OTHER = {
    "id": "b",
    "title": "On coded caching with decentralized placement",
    "abstract": "We bound the load.",
}


def run(
    args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, args, input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def lines(*items: object) -> bytes:
    return b"".join(
        json.dumps(i).encode() + b"\n" if not isinstance(i, bytes) else i for i in items
    )


def _organnet_catalog(folder: Path, link: str = "abs") -> Path:
    """A catalog of one row, OrganNet (FM's arXiv paper), linked by its ``abs`` or ``pdf`` page."""
    catalog = folder / "CATALOG.md"
    catalog.write_text(
        "# C\n\n## 2) Image Data\n\n"
        "| Name | Paper | GitHub | Model weight | Note |\n|---|---|---|---|---|\n"
        f"| OrganNet | [OrganNet](https://arxiv.org/{link}/2605.00001) | - | - | - |\n",
        encoding="utf-8",
    )
    return catalog


def test_classify_writes_one_line_per_paper_in_input_order(tmp_path: Path) -> None:
    code, out, err = run(["classify"], lines(FM, OTHER, dict(OTHER, id="c")))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert set(rows[0]) >= {
        "id",
        "score",
        "decision",
        "section",
        "kind",
        "evidence",
        "model_name",
        "code_url",
        "weights_url",
    }
    assert rows[0]["decision"] == "propose"
    assert rows[0]["section"] == "Image Data"
    assert rows[0]["model_name"] == "OrganNet"
    assert rows[0]["code_url"] == "https://github.com/lab/organnet"
    assert rows[1]["decision"] == "drop"


def test_a_paper_dropped_before_it_was_weighed_has_no_section_or_kind() -> None:
    """A paper with no biomedical evidence, or none of a model, was never placed: null section
    and kind (it read "Image Data" and "model"). A drop that was weighed keeps them, as do
    near-misses and proposals."""
    clinical_task = {
        "id": "d",
        "title": "Predicting sepsis onset from electronic health records",
        "abstract": "A gradient-boosted classifier trained on clinical records of 40,000 "
        "hospital patients predicts sepsis six hours ahead.",
    }
    code, out, err = run(["classify"], lines(FM, OTHER, clinical_task))
    assert code == 0, err
    rows = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert (rows["b"]["decision"], rows["b"]["section"], rows["b"]["kind"]) == ("drop", None, None)
    assert rows["b"]["evidence"][0]["phrase"] == "too little biomedical evidence"
    assert (rows["d"]["decision"], rows["d"]["section"], rows["d"]["kind"]) == ("drop", None, None)
    assert rows["d"]["evidence"][0]["phrase"] == "no foundation-model, pre-training or LLM term"
    assert (rows["a"]["section"], rows["a"]["kind"]) == ("Image Data", "model")


def test_a_bad_line_is_reported_with_its_number_and_the_rest_is_classified() -> None:
    code, out, err = run(["classify"], lines(FM, b"{not json\n", b"[1, 2]\n", OTHER))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b"]
    assert "line 2: not valid JSON (" in err and "); skipped" in err
    assert "line 3: expected a JSON object, got an array; skipped" in err
    assert "2 bad input line(s) skipped" in err


def test_non_utf8_bytes_are_replaced_not_fatal() -> None:
    raw = (
        json.dumps({"id": "x", "title": "PLACEHOLDER foundation model"})
        .encode()
        .replace(b"PLACEHOLDER", b"caf\xe9")
    )
    code, out, _ = run(["classify"], raw + b"\n")
    assert code == 0
    assert json.loads(out)["id"] == "x"


def test_json_the_fast_parser_refuses_is_still_read_as_the_json_module_reads_it() -> None:
    """orjson reads lines fast but is stricter than the json module: a lone surrogate escape,
    an integer beyond 64 bits and NaN are read all the same, and bad JSON is still reported
    with its line and column."""
    raw = (
        b'{"id": 1, "title": "caf\\ud800 foundation model"}\n'
        b'{"id": 123456789012345678901234567890, "title": "x"}\n'
        b'{"id": "n", "title": "y", "score": NaN}\n'
        b'{"id": "bad", "title": }\n'
    )
    code, out, err = run(["classify"], raw)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        1,
        123456789012345678901234567890,
        "n",
    ]
    assert "line 4: not valid JSON (expecting value at column 24); skipped" in err


def test_blank_lines_and_missing_fields_are_fine() -> None:
    code, out, _ = run(["classify"], b"\n" + lines({"id": 1}, {"title": None}))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, None]


def test_classify_marks_catalogued_works_known(tmp_path: Path) -> None:
    catalog = _organnet_catalog(tmp_path)
    code, out, _ = run(["classify", "--catalog", str(catalog)], lines(FM))
    assert code == 0
    row = json.loads(out)
    assert row["decision"] == "known"
    assert row["known_as"] == "catalogued: OrganNet"


def test_classify_with_a_missing_catalog_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = run(["classify", "--catalog", str(tmp_path / "nope.md")], lines(FM))
    assert code == 2  # (a file named on the command line: a usage error, as click's own)
    assert (
        err.strip() == f"fmwatch: catalog {tmp_path / 'nope.md'} not found; "
        "give the path of the catalog Markdown file"
    )


@pytest.mark.parametrize("command", ["classify", "score", "eval"])
def test_every_command_has_help(command: str) -> None:
    code, out, _ = run([command, "--help"])
    assert code == 0
    assert "Usage:" in out and len(out.splitlines()) > 4


def _store_with_two_versions(db: Path) -> None:
    with Store(db) as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id="2605.00001",
                    arxiv_id="2605.00001",
                    version=1,
                    title=FM["title"],
                    abstract=FM["abstract"],
                    doi="10.1038/s41551-099-00001-x",
                ),
                Paper(
                    source="nature",
                    source_id="s41551-099-00001-x",
                    doi="10.1038/s41551-099-00001-x",
                    title=FM["title"],
                    journal="Nature Biomedical Engineering",
                ),
                Paper(
                    source="arxiv",
                    source_id="2605.00002",
                    arxiv_id="2605.00002",
                    title=OTHER["title"],
                    abstract=OTHER["abstract"],
                ),
            ]
        )


def test_score_records_works_and_verdicts_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "state" / "fmwatch.db"
    _store_with_two_versions(db)
    env = {"FMWATCH_DB": str(db), "FMWATCH_CATALOG": str(tmp_path / "absent.md")}
    code, out, err = run(["score"], env=env)
    assert code == 0, err
    assert "scored 2 works (propose 1, near-miss 0, drop 1, known 0); 4 rows changed" in out
    assert f"catalog {tmp_path / 'absent.md'} not found: scored without known works" in err
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT s.work_id, s.decision, s.section, w.paper_url, w.records "
        "FROM scores s JOIN works w USING (work_id) ORDER BY s.work_id"
    ).fetchall()
    assert rows[0][:4] == (
        "arxiv:2605.00001",
        "propose",
        "Image Data",
        "https://doi.org/10.1038/s41551-099-00001-x",
    )
    assert json.loads(rows[0][4]) == [["arxiv", "2605.00001"], ["nature", "s41551-099-00001-x"]]
    evidence = json.loads(
        conn.execute("SELECT evidence FROM scores WHERE work_id = 'arxiv:2605.00001'").fetchone()[0]
    )
    assert {"kind", "phrase", "where", "weight"} <= set(evidence[0])
    before = conn.execute("SELECT * FROM scores ORDER BY work_id").fetchall()
    conn.close()
    code, out, _ = run(["score"], env=env)
    assert "; 0 rows changed" in out
    assert _stored_scores(db) == before


def _stored_scores(db: Path) -> list[Any]:
    """Every stored verdict, in work order (to check that a command changed none)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM scores ORDER BY work_id").fetchall()
    finally:
        conn.close()


def test_score_with_a_catalog_named_that_is_not_there_changes_nothing(tmp_path: Path) -> None:
    """`--catalog` mistyped: scored against no catalog, every catalogued work would be stored
    as a proposal instead of "known". Named on the command line, the file must be there (only
    the configured catalog may be absent, on a first set-up)."""
    db = tmp_path / "fmwatch.db"
    _store_with_two_versions(db)
    catalog = _organnet_catalog(tmp_path)
    env = {"FMWATCH_DB": str(db)}
    code, out, err = run(["score", "--catalog", str(catalog), "--json"], env=env)
    assert code == 0, err
    assert json.loads(out)["counts"]["known"] == 1
    before = _stored_scores(db)
    typo = tmp_path / "CATALOG.mdd"
    code, out, err = run(["score", "--catalog", str(typo)], env=env)
    assert code == 2
    assert err.strip() == (
        f"fmwatch: catalog {typo} not found; give the path of the catalog Markdown file"
    )
    assert _stored_scores(db) == before


def test_score_without_its_configured_catalog_keeps_catalogued_works_known(
    tmp_path: Path,
) -> None:
    """The configured catalog is not where it is said to be (run from another folder):
    nothing says a work recorded as catalogued is not, so it stays "known" instead of becoming
    a new proposal in the store; the note says so, and with the catalog back all is as before."""
    db = tmp_path / "fmwatch.db"
    _store_with_two_versions(db)
    catalog = _organnet_catalog(tmp_path)
    env = {"FMWATCH_DB": str(db), "FMWATCH_CATALOG": str(catalog)}
    code, out, err = run(["score"], env=env)
    assert code == 0, err
    assert "known 1" in out
    before = _stored_scores(db)
    elsewhere = {**env, "FMWATCH_CATALOG": str(tmp_path / "other" / "CATALOG.md")}
    code, out, err = run(["score"], env=elsewhere)
    assert code == 0, err
    assert "(propose 0, near-miss 0, drop 1, known 1); 0 rows changed" in out
    assert err.strip().endswith(
        "scored without known works (set catalog in fmwatch.toml); the 1 work(s) recorded as "
        "catalogued stay so until it is read"
    )
    assert _stored_scores(db) == before
    code, out, _ = run(["score"], env=env)
    assert "known 1" in out and "; 0 rows changed" in out


def test_score_against_the_catalog_marks_known_and_reports_link_updates(tmp_path: Path) -> None:
    db = tmp_path / "fmwatch.db"
    _store_with_two_versions(db)
    catalog = _organnet_catalog(tmp_path, "pdf")
    code, out, _ = run(["score", "--catalog", str(catalog), "--json"], env={"FMWATCH_DB": str(db)})
    assert code == 0
    summary = json.loads(out)
    assert summary["counts"]["known"] == 1
    assert summary["link_updates"] == [
        {
            "name": "OrganNet",
            "title": "OrganNet",
            "old_url": "https://arxiv.org/pdf/2605.00001",
            "new_url": "https://doi.org/10.1038/s41551-099-00001-x",
            "line": 7,
            "work_id": "arxiv:2605.00001",
        }
    ]


def _labels(tmp_path: Path) -> Path:
    path = tmp_path / "labels.jsonl"
    rows = [
        dict(FM, label="positive", section="Image Data", split="dev"),
        dict(OTHER, label="negative", section=None, split="dev"),
        dict(OTHER, id="h", label="negative", section=None, split="holdout"),
    ]
    path.write_bytes(lines(*rows) + b'{"id": "bad", "label": "maybe"}\n')
    return path


def test_eval_prints_metrics_and_a_confusion_table(tmp_path: Path) -> None:
    code, out, err = run(["eval", str(_labels(tmp_path))])
    assert code == 1  # one unusable line
    assert "line 4: label must be positive, negative or borderline, not 'maybe'; skipped" in err
    assert "propose precision: 1.000  recall: 1.000  F1: 1.000" in out
    assert "section accuracy (all positives): 1.000" in out
    assert "negative                  0         0         2         0" in out


def test_eval_json_and_split(tmp_path: Path) -> None:
    _, out, _ = run(["eval", str(_labels(tmp_path)), "--json", "--split", "holdout"])
    data = json.loads(out)
    assert data["n"] == 1 and data["split"] == "holdout"
    assert data["precision"] is None and data["recall"] is None
    assert data["confusion"]["negative"]["drop"] == 1


def test_eval_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = run(["eval", str(tmp_path / "none.jsonl")])
    assert code == 2
    assert (
        err.strip() == f"fmwatch: labels file {tmp_path / 'none.jsonl'} not found; "
        "give a JSON Lines file with a label on every line"
    )


def test_eval_feedback_from_a_missing_database_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = run(["eval", str(_labels(tmp_path)), "--feedback-from", str(tmp_path / "x.db")])
    assert code == 1
    assert err.strip().endswith("not found; give the path of an fmwatch database (FMWATCH_DB)")


def test_classify_reports_fields_of_the_wrong_type_and_goes_on() -> None:
    from click.testing import CliRunner

    from fmwatch.cli import cli

    lines = [
        '{"id": "a", "title": 5}',
        '{"id": "b", "title": {"x": 1}, "abstract": "text"}',
        '{"id": "c"}',
        '{"id": "d", "title": "A pathology foundation model", "categories": [1]}',
        '{"id": "e", "title": "Coded caching bounds", "abstract": ""}',
        '{"id": "f", "title": "A pathology model", "summary": ["a foundation model"]}',
    ]
    result = CliRunner().invoke(cli, ["classify"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    assert 'line 1: "title" must be text or null, not a number; skipped' in result.stderr
    assert 'line 2: "title" must be text or null, not an object; skipped' in result.stderr
    assert 'line 4: "categories" must be a list of text; skipped' in result.stderr
    assert 'line 6: "summary" must be text or null, not an array; skipped' in result.stderr
    out = [line for line in result.stdout.splitlines() if line.strip()]
    assert [json.loads(line)["id"] for line in out] == ["c", "e"]


def test_eval_on_a_file_without_labels_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fmwatch.cli import cli

    papers = tmp_path / "papers.jsonl"
    papers.write_text('{"id": "a", "title": "T", "abstract": "A"}\n' * 3, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(papers)])
    assert result.exit_code == 1
    message = result.stderr.strip().splitlines()
    assert message[-1].startswith(f"fmwatch: no labelled papers in {papers} (first problem: line 1")


def test_ids_that_json_output_could_not_carry_are_refused_with_their_line() -> None:
    """NaN and infinities are not JSON, objects and booleans are not ids: such a line is
    reported and skipped (its result line would be invalid JSON or untraceable)."""
    raw = (
        b'{"id": NaN, "title": "x"}\n'
        b'{"id": 1e400, "title": "x"}\n'
        b'{"id": -Infinity, "title": "x"}\n'
        b'{"id": {"a": 1}, "title": "x"}\n'
        b'{"id": true, "title": "x"}\n'
        b'{"id": 2.5, "title": "x"}\n'
    )
    code, out, err = run(["classify"], raw)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == [2.5]
    for number in (1, 2, 3):
        assert f'line {number}: "id" must be text or a finite number, not NaN' in err
    assert 'line 4: "id" must be text or a number, not an object; skipped' in err
    assert 'line 5: "id" must be text or a number, not a boolean; skipped' in err


def test_a_byte_order_mark_deep_nesting_and_cut_lines_are_handled_per_line() -> None:
    deep = b'{"id": "deep", "extra": ' + b"[" * 1100 + b"]" * 1100 + b"}\n"
    raw = b'\xef\xbb\xbf{"id": "1", "title": "x"}\n' + deep + b'{"id":\n{"id": "4"}\n'
    code, out, err = run(["classify"], raw)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "4"]
    assert "line 2: not valid JSON (nested too deeply); skipped" in err
    # the column of a line cut short is where it ends, not the start of the next line
    assert "line 3: not valid JSON (expecting value at column 7); skipped" in err


#: A foundation model outside biomedicine: categories alone decide how biomedical it looks.
CODE_MODEL = {
    "title": "A foundation model for source code",
    "abstract": "We pretrain a large language model on 1 billion lines of code and release "
    "the weights.",
}


def test_repeated_categories_count_once() -> None:
    paper = dict(CODE_MODEL, id="code")
    code, out, _ = run(
        ["classify"],
        lines(
            dict(paper, categories=["q-bio.GN"]),
            dict(paper, id="twice", categories=["q-bio.GN", "q-bio.GN"]),
            dict(paper, id="text", categories="q-bio.GN q-bio.GN"),
        ),
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {(r["decision"], r["score"]) for r in rows} == {(rows[0]["decision"], rows[0]["score"])}


def test_lone_surrogates_and_closed_streams_through_the_real_command(tmp_path: Path) -> None:
    """Run as a user runs it (a process, not click's runner): a lone surrogate escape in an
    id comes back as the same escape in valid JSON, and the lines after it are not lost; a
    closed standard input or output is one clear line, not a traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "FMWATCH_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    raw = b'{"id": "1"}\n{"id": "a\\ud800b", "title": "x\\udfff"}\n{"id": "3"}\n'
    done = subprocess.run(
        [sys.executable, "-m", "fmwatch", "classify"],
        input=raw,
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["id"] for line in done.stdout.decode("utf-8").splitlines()]
    assert ids == ["1", "a\ud800b", "3"]
    closed_out = subprocess.run(
        [sys.executable, "-m", "fmwatch", "classify"],
        stdin=subprocess.DEVNULL,
        stdout=None,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),  # a closed stdout is the point
    )
    assert closed_out.returncode == 1
    assert b"standard output is closed" in closed_out.stderr
    assert b"Traceback" not in closed_out.stderr


def test_eval_refuses_what_it_cannot_measure_with_one_line_each(tmp_path: Path) -> None:
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(
        "\n".join(
            json.dumps(row)
            for row in (
                dict(FM, label="positive", section="Image Data"),
                dict(FM, id="s5", label="positive", section=5),
                dict(FM, id="nonsense", label="positive", section="Nonsense Section"),
                dict(FM, id="none", label="positive"),
                dict(OTHER, label="negative", section=None),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(["eval", str(labelled)])
    assert code == 1 and "papers: 2" in out
    assert 'line 2: "section" must be text or null; skipped' in err
    assert "line 3: a positive needs its catalog section (Clinical Data, Image Data" in err
    assert "not 'Nonsense Section'; skipped" in err
    assert "line 4: a positive needs its catalog section" in err and "not None" in err
    # a split nobody labelled, --cross without both splits, a second opinion of other papers
    code, _, err = run(["eval", "--split", "dev", str(labelled)])
    assert code == 1 and 'no papers with "split": "dev"' in err
    code, _, err = run(["eval", "--cross", str(labelled)])
    assert code == 1 and "--cross needs papers of both splits" in err
    other = tmp_path / "o.jsonl"
    other.write_text('{"id": "zzz", "label": "negative", "section": null}\n', encoding="utf-8")
    code, _, err = run(["eval", str(labelled), "--second-opinion", str(other)])
    assert code == 1 and "share no paper ids" in err
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"id": "a", "label": "maybe"}\n', encoding="utf-8")
    code, _, err = run(["eval", str(labelled), "--second-opinion", str(broken)])
    assert code == 1 and "(first problem: line 1: needs an id and a label" in err


def test_eval_reads_a_feedback_database_without_writing_to_it(tmp_path: Path) -> None:
    """--feedback-from opens the database read-only: it is neither migrated nor switched to
    WAL, and a SQLite file that is not fmwatch's is refused."""
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(json.dumps(dict(FM, label="positive", section="Image Data")) + "\n")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE mydata (x)")
    before = foreign.read_bytes()
    code, _, err = run(["eval", "--feedback-from", str(foreign), str(labelled)])
    assert code == 1 and "is not an fmwatch database" in err
    assert foreign.read_bytes() == before
    real = tmp_path / "fmwatch.db"
    Store(real).close()
    before = real.read_bytes()
    code, out, err = run(["eval", "--feedback-from", str(real), str(labelled)])
    assert code == 0, err
    assert "feedback (store: 0" in out
    assert real.read_bytes() == before


def test_paths_that_exist_but_are_not_what_was_asked_for_say_so(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code, _, err = run(["classify", "--catalog", os.devnull], b"")
    assert code == 2 and "is not a regular file" in err
    # every file named on the command line says the same, as the usage error it is (a device
    # was "not found" for eval, and a catalog fault, 1, for catalog lint / show)
    labelled = tmp_path / "l.jsonl"
    labelled.write_text('{"id": "a", "label": "negative", "title": "x"}\n', encoding="utf-8")
    for args, what, fix in (
        (["eval", os.devnull], "labels file", "give a JSON Lines file with a label on every"),
        (
            ["eval", str(labelled), "--second-opinion", os.devnull],
            "second-opinion file",
            "give JSON Lines with id, label and section",
        ),
        (["catalog", "lint", os.devnull], "catalog", "give the path of the catalog Markdown"),
        (["catalog", "show", os.devnull], "catalog", "give the path of the catalog Markdown"),
    ):
        code, _, err = run(args)
        assert code == 2, (args, err)
        assert err.startswith(f"fmwatch: {what} {os.devnull} is not a regular file; {fix}"), err
    empty = tmp_path / "CATALOG.md"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(["classify", "--catalog", str(empty)], lines(OTHER))
    assert code == 0 and json.loads(out)["id"] == "b"
    assert "lists no works" in err
    # a mistyped database path is not silently created empty
    missing = tmp_path / "typo" / "fmwatch.db"
    code, _, err = run(["score"], env={"FMWATCH_DB": str(missing)})
    assert code == 1 and f"no database at {missing}" in err
    assert not missing.parent.exists()
    if Path("/dev/full").exists():
        config = tmp_path / "none.toml"
        config.write_text("", encoding="utf-8")
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "fmwatch", "classify"],
                input=lines(OTHER),
                stdout=full,
                stderr=subprocess.PIPE,
                env={**os.environ, "FMWATCH_CONFIG": str(config)},
                check=False,
            )
        assert done.returncode == 1
        assert b"cannot read standard input or write standard output" in done.stderr


def test_deep_nesting_anywhere_in_a_line_is_reported_per_line() -> None:
    """The standard parser (used again for a float id) gives up at a shallower depth than
    orjson, and nested lists where text or a list of text belongs are refused, not str()-ed."""
    deep = "[" * 1000 + "]" * 1000
    raw = (
        f'{{"id": 1.5, "x": {deep}}}\n'
        f'{{"id": "l", "links": {deep}}}\n'
        f'{{"id": "p", "published_doi": {deep}}}\n'
        '{"id": "ok"}\n'
    ).encode()
    code, out, err = run(["classify"], raw)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["ok"]
    assert "line 1: not valid JSON (nested too deeply); skipped" in err
    assert 'line 2: "links" must be a list of text; skipped' in err
    assert 'line 3: "published_doi" must be text or null, not an array; skipped' in err


def test_classify_writes_utf8_json_whatever_the_locale(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "FMWATCH_CONFIG": str(tmp_path / "none.toml"),
        "PYTHONIOENCODING": "latin-1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "fmwatch", "classify"],
        input=b'{"id": "x\\ud83e\\uddec\\ud800", "title": "caf\\u00e9"}\n',
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["id"] == "x\U0001f9ec\ud800"


def test_categories_differing_only_in_case_count_once() -> None:
    paper = CODE_MODEL
    code, out, _ = run(
        ["classify"],
        lines(
            dict(paper, id="one", categories=["q-bio.GN"]),
            dict(paper, id="two", categories="q-bio.GN, q-bio.gn"),
        ),
    )
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["decision"], first["score"]) == (second["decision"], second["score"])


def test_eval_without_abstracts_scores_what_a_journal_feed_gives(tmp_path: Path) -> None:
    """--without-abstracts: each paper as an RSS item arrives, title only; the labelled set's
    recall falls (what the Europe PMC look-ups recover), and the evidence says why."""
    labels = Path(__file__).parent / "data" / "labels.jsonl"
    _, full, _ = run(["eval", str(labels), "--json"])
    _, bare, _ = run(["eval", str(labels), "--json", "--without-abstracts"])
    with_abstract, title_only = json.loads(full), json.loads(bare)
    assert with_abstract["n"] == title_only["n"] == 537
    assert title_only["recall"] < with_abstract["recall"] - 0.2
    code, out, _ = run(["eval", str(_labels(tmp_path)), "--without-abstracts", "--show-errors"])
    assert code == 1 and "papers: 3" in out
    # … and a sentence of each abstract standing in for a journal's standfirst recovers some
    _, one, _ = run(
        ["eval", str(labels), "--json", "--without-abstracts", "--summary-sentences", "2"]
    )
    standfirst = json.loads(one)
    assert title_only["recall"] + 0.15 < standfirst["recall"] <= with_abstract["recall"]
    code, _, err = run(["eval", str(labels), "--summary-sentences", "1"])
    assert code == 2 and "--summary-sentences goes with --without-abstracts" in err  # usage
