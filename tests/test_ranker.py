"""The near-miss ranker (fmwatch.ranker): what it reads, how it learns, the file it keeps, the
packaged model, and the order of near-misses in the weekly proposal."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch import ranker
from fmwatch.cli import cli
from fmwatch.config import ConfigError, load_config
from fmwatch.evaluate import Outcome, ranking_auc
from fmwatch.forge import make_forge
from fmwatch.proposals import near_misses, propose
from fmwatch.score import Scorer
from fmwatch.store import Store
from proposal_helpers import add_work, make_catalog_repo, make_config

DATA = Path(__file__).parent / "data"

#: a toy world: curators add papers that pre-train on millions of scans; they decline the rest
ADDED = [
    ranker.Example(
        f"Scan model {i}", f"We pretrain on {i} million scans; weights are released.", True
    )
    for i in range(6)
]
DECLINED = [
    ranker.Example(
        f"Segmenting lesions {i}", f"A small network segments lesions in {i} hospitals.", False
    )
    for i in range(6)
]


def test_features_are_words_and_word_pairs_of_title_and_abstract() -> None:
    got = ranker.features("Self-Supervised CT-FM", "We pre-train on 3 million scans.")
    assert {"t:self", "t:supervised", "t2:self supervised", "t2:ct fm"} <= got
    assert {"a:pre", "a2:pre train", "a:million", "a2:million scans"} <= got
    assert "a:3" not in got and "a:we" in got  # numbers alone say nothing; "we" is a word
    assert not any(f.startswith("t:") and "scans" in f for f in got)


@pytest.mark.parametrize(
    "title, abstract",
    [
        (None, None),
        ("", ""),
        ("| pipes | and **markdown** |", "<b>html</b> and $\\alpha$-LaTeX"),
        ("lone \ud800 surrogate", "bytes \udcff that were not UTF-8"),
        ("long", "word " * 50_000),
    ],
)
def test_any_text_gives_a_likelihood_in_the_unit_interval(
    title: str | None, abstract: str | None
) -> None:
    value = ranker.packaged().likelihood(title, abstract)
    assert 0.0 <= value <= 1.0
    assert isinstance(ranker.packaged().reasons(title, abstract), list)


def test_a_long_abstract_is_read_only_up_to_its_limit() -> None:
    tail = " millionfold" * 10
    got = ranker.features("", "x" * ranker.MAX_CHARS + tail)
    assert "a:millionfold" not in got


def test_training_learns_which_words_go_with_added_papers() -> None:
    model = ranker.train(ADDED + DECLINED)
    like = model.likelihood("Scan model", "We pretrain on 40 million scans.")
    unlike = model.likelihood("Segmenting lesions", "A small network segments lesions.")
    assert like > 0.5 > unlike
    assert model.weights["a2:million scans"] > 0 > model.weights["a2:segments lesions"]


def test_training_is_deterministic_and_drops_words_of_one_paper() -> None:
    first = ranker.train(ADDED + DECLINED)
    assert first == ranker.train(ADDED + DECLINED)
    # "released" is in every added paper, "hospitals" in every declined one: both kept; a word
    # of a single paper is not
    lone = [*ADDED, *DECLINED, ranker.Example("x", "a singular zebra", False)]
    assert "a:zebra" not in ranker.train(lone).weights
    assert "a:zebra" in ranker.train(lone, min_papers=1).weights


def test_training_needs_both_kinds_of_paper() -> None:
    with pytest.raises(ranker.RankerError, match="both positive and non-positive"):
        ranker.train(ADDED)


def test_reasons_name_telling_words_not_function_words_nor_a_word_twice() -> None:
    model = ranker.Ranker(
        {"a:we": 3.0, "a2:million scans": 2.0, "a:million": 1.5, "a:released": 1.0, "a:x": -1.0},
        0.0,
    )
    got = model.reasons("", "We trained on a million scans, weights released, x.")
    assert got == ["million scans", "released"]  # not "we"; not "million" after its pair
    assert model.reasons("", "x") == []


def test_a_saved_model_loads_back_and_the_same_model_writes_the_same_bytes(
    tmp_path: Path,
) -> None:
    model = ranker.train(ADDED + DECLINED, meta={"files": [{"file": "toy.jsonl"}]})
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    ranker.save(model, a)
    ranker.save(model, b)
    assert a.read_bytes() == b.read_bytes()
    back = ranker.load(a)
    assert back.meta["files"] == [{"file": "toy.jsonl"}]
    assert back.likelihood("Scan model", "million scans") == pytest.approx(
        model.likelihood("Scan model", "million scans"), abs=1e-3
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not gzip, not json", "is not gzipped JSON"),
        (gzip.compress(b'{"format": "other"}'), "is not an fmwatch ranker"),
        (
            gzip.compress(json.dumps({"format": ranker.FORMAT, "weights": {"a:x": "1"}}).encode()),
            "no numeric weights and bias",
        ),
    ],
)
def test_a_bad_model_file_is_one_line_naming_it_and_the_fix(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(content)
    with pytest.raises(ranker.RankerError) as caught:
        ranker.load(path)
    text = str(caught.value)
    assert message in text and str(path) in text and "fmwatch train-ranker" in text
    assert "\n" not in text


def test_the_config_rejects_a_ranker_file_it_cannot_use_before_any_work(tmp_path: Path) -> None:
    toml = tmp_path / "fmwatch.toml"
    toml.write_text('[scoring]\nranker = "missing.json.gz"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(toml)
    assert "scoring.ranker" in str(caught.value) and "missing.json.gz" in str(caught.value)
    assert "remove the key to use the packaged model" in str(caught.value)


def _labelled(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_train_ranker_command_writes_a_model_the_config_can_use(tmp_path: Path) -> None:
    rows = [
        {
            "title": e.title,
            "abstract": e.abstract,
            "label": "positive" if e.positive else "negative",
        }
        for e in ADDED + DECLINED
    ]
    rows.append({"title": "no abstract", "label": "positive"})  # skipped: nothing to learn from
    labels = _labelled(tmp_path / "toy.jsonl", rows)
    out = tmp_path / "model.json.gz"
    result = CliRunner().invoke(cli, ["train-ranker", str(labels), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained on 12 papers (6 positive) from 1 file(s)" in result.output
    model = ranker.load(out)
    assert model.meta["files"] == [{"file": "toy.jsonl", "papers": 12, "positives": 6}]
    toml = tmp_path / "fmwatch.toml"
    toml.write_text(f'[scoring]\nranker = "{out.as_posix()}"\n', encoding="utf-8")
    assert load_config(toml).scoring.ranker == out.as_posix()


def test_train_ranker_names_the_bad_line_of_a_labelled_file(tmp_path: Path) -> None:
    labels = _labelled(tmp_path / "bad.jsonl", [{"title": "t", "abstract": "a", "label": "maybe"}])
    result = CliRunner().invoke(
        cli, ["train-ranker", str(labels), "--out", str(tmp_path / "m.json.gz")]
    )
    assert result.exit_code != 0
    assert f"{labels}:1: needs label = positive, negative or borderline" in result.output
    assert not (tmp_path / "m.json.gz").exists()


# -- the packaged model ----------------------------------------------------------------------


def _training_files() -> list[Path]:
    return [DATA / f["file"] for f in ranker.packaged().meta["files"]]


def test_the_packaged_model_is_what_training_on_the_labelled_sets_gives() -> None:
    """Stale weights would order near-misses by a model nobody can reproduce: after a change to
    the labelled sets, run ``fmwatch train-ranker <the files listed in its meta> --out
    src/fmwatch/data/ranker.json.gz`` (the README has the exact command)."""
    files = _training_files()
    names = {p.name for p in DATA.glob("*.jsonl")} - {"second_opinion.jsonl", "may_rest.jsonl"}
    assert {p.name for p in files} == names  # every labelled set with abstracts, no other
    examples, _ = ranker.examples_from_jsonl(files)
    shipped = ranker.packaged()
    assert shipped.meta["fingerprint"] == ranker.fingerprint(examples), "retrain the ranker"
    fresh = ranker.train(examples)
    assert set(fresh.weights) == set(shipped.weights)
    assert max(abs(fresh.weights[k] - v) for k, v in shipped.weights.items()) < 1e-3


def test_a_model_not_trained_on_a_family_orders_its_near_misses_better_than_the_score() -> None:
    """The reason the ranker exists, on the two newest blind families held out together (the
    full measurement, every family in turn and the real month: benchmarks/eval_ranker.py)."""
    held = [p for p in _training_files() if p.name.startswith(("blind10", "blind11"))]
    rest = [p for p in _training_files() if p not in held]
    model = ranker.train(ranker.examples_from_jsonl(rest)[0])
    scorer = Scorer()
    by_score, by_model = [], []
    for path in held:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            verdict = scorer.score(row)
            if verdict.decision != "near-miss":
                continue
            liked = model.likelihood(row["title"], row["abstract"])
            for out, value in ((by_score, verdict.score), (by_model, liked)):
                out.append(Outcome(row["id"], row["label"], None, "near-miss", "", value))
    assert sum(o.label == "positive" for o in by_model) >= 5
    auc_score, auc_model = ranking_auc(by_score), ranking_auc(by_model)
    assert auc_score is not None and auc_model is not None
    assert auc_model >= auc_score + 0.1, (auc_score, auc_model)


# -- near-misses in the weekly proposal --------------------------------------------------------


def test_near_misses_come_most_like_added_papers_first_whatever_their_score(
    tmp_path: Path,
) -> None:
    repo = make_catalog_repo(tmp_path)
    model_path = tmp_path / "toy.json.gz"
    ranker.save(ranker.train(ADDED + DECLINED), model_path)
    config = make_config(tmp_path, repo)
    config = config.replace(scoring=dataclasses.replace(config.scoring, ranker=str(model_path)))
    store = Store(config.db_path)
    unlike = add_work(
        store,
        "2611.00801",
        "Segmenting lesions in one hospital",
        abstract="A small network segments lesions.",
        score=0.55,
        decision="near-miss",
    )
    like = add_work(
        store,
        "2611.00802",
        "Scan model at scale",
        abstract="We pretrain on 90 million scans; weights are released.",
        score=0.40,
        decision="near-miss",
    )
    add_work(store, "2611.00803", "A proposed model", score=0.9)
    result = propose(config, store, make_forge(config))
    assert result.status == "proposed", result
    assert [n.work_id for n in result.near_misses] == [like, unlike]
    first, second = result.near_misses
    assert first.likeness > 0.5 > second.likeness
    assert "million scans" in first.resembles and second.resembles == []
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    table = body[body.index("| likeness | score |") :]
    assert table.index("Scan model at scale") < table.index("Segmenting lesions")
    # the packaged model when none is configured: the same near-misses
    assert {n.work_id for n in near_misses(store)} == {like, unlike}


def test_train_ranker_learns_from_the_curators_decisions_in_a_database(tmp_path: Path) -> None:
    """Accepted works are positives, rejected ones negatives; a decided work whose abstract is
    not stored teaches nothing; the database is only read."""
    from fmwatch.proposals import curator_decide

    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo)
    with Store(config.db_path) as store:
        for i, e in enumerate(ADDED + DECLINED):
            work = add_work(store, f"2611.009{i:02d}", e.title, abstract=e.abstract)
            curator_decide(store, work, "accepted" if e.positive else "rejected", None)
        bare = add_work(store, "2611.00999", "No abstract stored")
        curator_decide(store, bare, "accepted", None)
        add_work(store, "2611.00998", "Not decided", abstract="segments lesions")  # pending
    before = config.db_path.read_bytes()
    out = tmp_path / "team.json.gz"
    result = CliRunner().invoke(
        cli, ["train-ranker", "--decisions-from", str(config.db_path), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "trained on 12 papers (6 positive) from 0 file(s) and the curators' decisions" in (
        result.output
    )
    assert config.db_path.read_bytes() == before
    model = ranker.load(out)
    assert model.meta["decisions"] == {"database": "fmwatch.db", "papers": 12, "positives": 6}
    assert model.likelihood("Scan model", "million scans") > 0.5
    assert model.likelihood("Segmenting lesions", "segments lesions") < 0.5


def test_train_ranker_without_any_input_says_what_to_give(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train-ranker", "--out", str(tmp_path / "m.json.gz")])
    assert result.exit_code != 0
    assert "nothing to train on; give labelled JSON Lines files, --decisions-from DB" in (
        result.output
    )
