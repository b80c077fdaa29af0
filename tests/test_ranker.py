"""The near-miss ranker (fmwatch.ranker): what it reads, how it learns, the file it keeps, the
packaged model, and the order of near-misses in the weekly proposal."""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch import ranker
from fmwatch import score as score_mod
from fmwatch.cli import cli
from fmwatch.config import ConfigError, ScoringConfig, load_config
from fmwatch.evaluate import Outcome, never_read, ranking_auc
from fmwatch.forge import make_forge
from fmwatch.models import SECTIONS
from fmwatch.phrases import normalize
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
    models = ranker.packaged()
    value = models.likeness.likelihood(title, abstract)
    assert 0.0 <= value <= 1.0
    assert isinstance(models.likeness.reasons(title, abstract), list)
    assert models.sections is not None
    chosen, p = models.sections.choose(
        normalize((title or "")[: ranker.MAX_CHARS]),
        normalize((abstract or "")[: ranker.MAX_CHARS]),
        "Image Data",
    )
    assert chosen in SECTIONS and 0.0 <= p <= 1.0


@pytest.mark.parametrize(
    "title, abstract",
    [
        ("Self-Supervised CT-FM", "We pre-train on 3 million scans, a b c: 12 3d x-ray ² tiles."),
        ("Réseau für Gewebe", "Ein Modell für Gewebeschnitte und Zellkerne – vortrainiert."),
        ("lone \ud800 surrogate", "word " * 50_000),
        ("", ""),
    ],
)
def test_the_scorers_likelihood_of_normalised_text_is_the_same_number(
    title: str, abstract: str
) -> None:
    """The scorer asks for a paper's likeness from the text it has normalised; the digest orders
    near-misses by :meth:`Ranker.likelihood`: a paper must be the same number to both. The
    hand-made weights cover words and word pairs, and pairs across a dropped token (a number, a
    single letter) that exist only once it is dropped."""
    weights = {
        "t:supervised": 0.5, "t2:ct fm": 0.25, "a:million": 0.125, "a2:million scans": 1.5,
        "a2:scans 3d": 2.0, "a2:3d ray": 4.0, "a2:ray tiles": 3.0, "a2:pre train": -1.0,
        "a:für": 0.75, "a2:für gewebeschnitte": 0.0625, "t2:réseau für": 0.03125,
        "a2:word word": 0.001,
    }  # fmt: skip
    model = ranker.Ranker(weights, -1.0)
    expected = model.likelihood(title, abstract)
    got = model.likelihood_normalized(
        normalize(title[: ranker.MAX_CHARS]), normalize(abstract[: ranker.MAX_CHARS])
    )
    assert got == expected
    packaged = ranker.packaged().likeness
    assert packaged.likelihood_normalized(
        normalize(title[: ranker.MAX_CHARS]), normalize(abstract[: ranker.MAX_CHARS])
    ) == packaged.likelihood(title, abstract)


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


def test_saved_models_load_back_and_the_same_models_write_the_same_bytes(
    tmp_path: Path,
) -> None:
    examples = [*ADDED, *DECLINED]
    placed = [
        dataclasses.replace(e, section="Image Data" if i % 2 else "Clinical Data")
        for i, e in enumerate(ADDED)
    ]
    models = ranker.train_models([*placed, *DECLINED], meta={"files": [{"file": "toy.jsonl"}]})
    assert models.sections is not None and models.sections.names == ("Clinical Data", "Image Data")
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    ranker.save(models, a)
    ranker.save(models, b)
    assert a.read_bytes() == b.read_bytes()
    back = ranker.load(a)
    assert back.meta["files"] == [{"file": "toy.jsonl"}]
    assert back.likeness.likelihood("Scan model", "million scans") == pytest.approx(
        models.likeness.likelihood("Scan model", "million scans"), abs=1e-3
    )
    assert back.sections is not None and back.sections.names == models.sections.names
    # the decision model: the likeness of words alone, saved and read back with the rest
    assert models.decision is not None and back.decision is not None
    assert models.decision.weights and all(f[:2] in ("t:", "a:") for f in models.decision.weights)
    assert back.decider is back.decision
    assert back.decision.likelihood("Scan model", "million scans") == pytest.approx(
        models.decision.likelihood("Scan model", "million scans"), abs=1e-3
    )
    # without sections (no positive names one): the likeness models alone
    ranker.save(ranker.train_models(examples), a)
    assert ranker.load(a).sections is None


def test_a_file_made_before_the_decision_model_decides_with_its_likeness_model(
    tmp_path: Path,
) -> None:
    models = ranker.train_models([*ADDED, *DECLINED])
    older = tmp_path / "older.json.gz"
    ranker.save(dataclasses.replace(models, decision=None), older)
    assert b"decision" not in gzip.decompress(older.read_bytes())
    back = ranker.load(older)
    assert back.decision is None and back.decider is back.likeness
    config = ScoringConfig(ranker=str(older))
    assert Scorer(config).likeness is ranker.load(older).likeness


def test_the_scorer_reads_its_decision_and_section_models_at_once() -> None:
    """A words-only decision model is packed with the section models (one set intersection
    per field for both); its probability there is the model's own, to fixed-point precision,
    and the sections chosen from the shared read are those :meth:`Sections.choose` gives."""
    models = ranker.packaged()
    assert models.decision is not None and models.sections is not None
    scorer = Scorer()
    words = scorer._words
    assert words is not None and words is not models.sections
    assert set(words.names) == {*models.sections.names, score_mod._DECISION}
    assert words is Scorer()._words  # packed once per process for the same models
    rows = [json.loads(line) for line in (DATA / "blind_dev.jsonl").read_text("utf-8").splitlines()]
    for row in rows[:40]:
        title = normalize(row["title"][: ranker.MAX_CHARS])
        abstract = normalize(row["abstract"][: ranker.MAX_CHARS])
        p = words.probabilities(title, abstract)
        assert p[score_mod._DECISION] == pytest.approx(
            models.decision.likelihood(row["title"], row["abstract"]), abs=1e-9
        )
        for rules in ("Image Data", "Clinical Data", "Genomic data"):
            assert models.sections.choose_from(p, rules, among=SECTIONS[:4]) == (
                models.sections.choose(title, abstract, rules, among=SECTIONS[:4])
            )
    # a likeness model with word pairs is read on its own: the sections alone are packed
    assert Scorer(likeness=models.likeness)._words is Scorer(likeness=models.likeness).sections


def test_a_model_files_features_no_text_can_have_count_nowhere() -> None:
    """A hand-edited or foreign file may hold "a:5", "t:x", "t:" or "a:Model": words no text
    gives (numbers, single letters, capitals, empty). They count neither for the scorer nor
    for the digest, so both see one number."""
    model = ranker.Ranker(
        {"a:5": 3.0, "t:x": 2.0, "t:": 1.0, "a:Model": 2.0, "a2:model 5": 1.0, "a:model": 0.5},
        -1.0,
    )
    title, abstract = "Model x", "Model x for 5 tasks"
    expected = model.likelihood(title, abstract)
    assert expected == pytest.approx(1 / (1 + math.exp(0.5)))  # "a:model" alone
    assert model.likelihood_normalized(normalize(title), normalize(abstract)) == expected
    # words alone, read packed with the section models as the scorer reads them
    words_only = ranker.Ranker({"a:5": 3.0, "t:x": 2.0, "a:Model": 2.0, "a:model": 0.5}, -1.0)
    assert words_only.packable
    packed = score_mod._packed_words(None, words_only)
    assert packed is not None
    read = packed.probabilities(normalize(title), normalize(abstract))[score_mod._DECISION]
    assert read == pytest.approx(words_only.likelihood(title, abstract), abs=1e-12)


def test_weights_a_model_file_would_not_hold_are_read_without_packing() -> None:
    """Packing holds weights to 1e-4 within +-99, as a model file keeps them; a hand-edited
    weight of 150, or a model trained in memory, is read on its own, exactly."""
    title, abstract = "Foundation model", "Clinical data from hospitals, a foundation model."
    for model in (
        ranker.Ranker({"t:foundation": 150.0, "a:clinical": -120.0, "a:hospitals": -10.0}, 0.0),
        ranker.Ranker({"a:clinical": 0.123456789}, -0.5),
    ):
        assert not model.packable
        assert score_mod._packed_words(None, model) is None
        scorer = Scorer(likeness=model)
        assert scorer._words is scorer.sections
    strong = ranker.Ranker({"t:foundation": 150.0, "a:clinical": -120.0, "a:hospitals": -10.0}, 0)
    assert strong.likelihood(title, abstract) > 0.99


def test_the_decision_models_likelihood_of_normalised_text_is_the_same_number() -> None:
    """Words alone: the same number from normalised text as from raw text."""
    decision = ranker.train_decision([*ADDED, *DECLINED])
    assert decision.weights and not any(f[:2] in ("t2", "a2") for f in decision.weights)
    for title, abstract in [
        ("Scan model", "We pretrain on 40 million scans: a b 12 x-ray ² released."),
        ("", "Segmenting lesions in 3 hospitals; lesions, lesions."),
        ("Réseau für Gewebe", ""),
    ]:
        got = decision.likelihood_normalized(normalize(title), normalize(abstract))
        assert got == decision.likelihood(title, abstract)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not gzip, not json", "is not gzipped JSON"),
        (gzip.compress(b'{"format": "other"}'), "is not an fmwatch ranker"),
        (
            gzip.compress(
                json.dumps(
                    {"format": ranker.FORMAT, "likeness": {"weights": {"a:x": "1"}, "bias": 0}}
                ).encode()
            ),
            "no finite numeric weights and bias for likeness",
        ),
        (gzip.compress(b'{"format": 1}')[:12] + b"garbage-not-deflate", "is not gzipped JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "is not gzipped JSON"),
        *(
            (
                f'{{"format": "{ranker.FORMAT}", "likeness": {{"weights": {{"a:x": {bad}}}, '
                '"bias": 0}}'.encode(),
                "no finite numeric weights and bias for likeness",
            )
            for bad in ("NaN", "Infinity", "-Infinity", "true", "1" + "0" * 400)
        ),
        (
            gzip.compress(
                json.dumps(
                    {
                        "format": ranker.FORMAT,
                        "likeness": {"weights": {}, "bias": 0},
                        "sections": {"Image Data": {"weights": {}, "bias": 0}},
                    }
                ).encode()
            ),
            "needs section models for two or more of the catalog's sections",
        ),
        (
            gzip.compress(
                json.dumps(
                    {
                        "format": ranker.FORMAT,
                        "likeness": {"weights": {}, "bias": 0},
                        "decision": {"weights": {"a2:two words": 1.0}, "bias": 0},
                    }
                ).encode()
            ),
            "decision weights that are not title or abstract words",
        ),
        (
            gzip.compress(
                json.dumps(
                    {
                        "format": ranker.FORMAT,
                        "likeness": {"weights": {}, "bias": 0},
                        "decision": {"weights": {"a:x": None}, "bias": 0},
                    }
                ).encode()
            ),
            "no finite numeric weights and bias for decision",
        ),
        (
            gzip.compress(
                json.dumps(
                    {
                        "format": ranker.FORMAT,
                        "likeness": {"weights": {}, "bias": 0},
                        "sections": {
                            "Image Data": {"weights": {"t2:two words": 1.0}, "bias": 0},
                            "Clinical Data": {"weights": {}, "bias": 0},
                        },
                    }
                ).encode()
            ),
            "not title or abstract words",
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


def test_a_model_file_is_parsed_once_while_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "m.json.gz"
    ranker.save(ranker.train_models(ADDED + DECLINED), path)
    first = ranker.load(path)
    assert ranker.load(str(path)) is first  # the config check, the scorer, the proposal step
    ranker.save(ranker.train_models([*ADDED, *DECLINED, *DECLINED]), path)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert ranker.load(path) is not first  # written again: read again


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
    assert model.sections is None  # the toy rows name no section
    assert model.meta["files"] == [{"file": "toy.jsonl", "papers": 12, "positives": 6}]
    toml = tmp_path / "fmwatch.toml"
    toml.write_text(f'[scoring]\nranker = "{out.as_posix()}"\n', encoding="utf-8")
    assert load_config(toml).scoring.ranker == out.as_posix()


@pytest.mark.parametrize(
    "line, message",
    [
        ("[1]", ", line 1: expected a JSON object, got an array; each line"),
        (
            '{"title": "t", "abstract": ["a list"], "label": "positive"}',
            ', line 1: "abstract" must be text or null, not an array;',
        ),
        ('{"title": "t", "abstract": "a", "label": "positive"', ", line 1: not valid JSON ("),
    ],
)
def test_train_ranker_refuses_a_line_that_is_not_a_labelled_paper(
    tmp_path: Path, line: str, message: str
) -> None:
    labels = tmp_path / "bad.jsonl"
    labels.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train-ranker", str(labels), "--out", str(tmp_path / "m.json.gz")]
    )
    assert result.exit_code != 0 and f"{labels}{message}" in result.output


def test_train_ranker_reads_a_byte_order_mark_and_lone_surrogates(tmp_path: Path) -> None:
    rows = [
        {
            "title": e.title + " \ud800",
            "abstract": e.abstract,
            "label": "positive" if e.positive else "negative",
        }
        for e in ADDED + DECLINED
    ]
    labels = tmp_path / "bom.jsonl"
    labels.write_text("\ufeff" + "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train-ranker", str(labels), "--out", str(tmp_path / "m.json.gz")]
    )
    assert result.exit_code == 0, result.output
    assert "trained on 12 papers" in result.output


def test_train_ranker_names_the_bad_line_of_a_labelled_file(tmp_path: Path) -> None:
    labels = _labelled(tmp_path / "bad.jsonl", [{"title": "t", "abstract": "a", "label": "maybe"}])
    result = CliRunner().invoke(
        cli, ["train-ranker", str(labels), "--out", str(tmp_path / "m.json.gz")]
    )
    assert result.exit_code != 0
    assert f"{labels}, line 1: needs label = positive, negative or borderline" in result.output
    assert not (tmp_path / "m.json.gz").exists()


# -- the packaged model ----------------------------------------------------------------------


def _training_files() -> list[Path]:
    return [DATA / f["file"] for f in ranker.packaged().meta["files"]]


#: the never-read test halves: no model is trained on them, so they stay a clean measurement
UNSEEN = {path.name for path in never_read(DATA)}


def test_the_packaged_models_are_what_training_on_the_labelled_sets_gives() -> None:
    """Stale weights would order near-misses and choose sections by models nobody can
    reproduce: after a change to the labelled sets, train them again with the command in the
    README's Development section."""
    files = _training_files()
    # (the second opinion, the rest of May and the enrichment and weights labels carry no
    # abstracts)
    names = {p.name for p in DATA.glob("*.jsonl")} - {
        "second_opinion.jsonl",
        "may_rest.jsonl",
        "enrich_month.jsonl",
        "enrich_weights.jsonl",
    }
    assert {p.name for p in files} == names - UNSEEN  # every read set with abstracts, no other
    examples, _ = ranker.examples_from_jsonl(files)
    shipped = ranker.packaged()
    assert shipped.meta["fingerprint"] == ranker.fingerprint(examples), "retrain the ranker"
    fresh = ranker.train_models(examples)
    pairs = [(fresh.likeness, shipped.likeness)]
    assert fresh.sections is not None and shipped.sections is not None
    assert fresh.sections.names == shipped.sections.names == SECTIONS
    pairs += [(fresh.sections.models[n], shipped.sections.models[n]) for n in SECTIONS]
    assert fresh.decision is not None and shipped.decision is not None
    pairs.append((fresh.decision, shipped.decision))
    for new, old in pairs:
        assert set(new.weights) == set(old.weights)
        assert max(abs(new.weights[k] - v) for k, v in old.weights.items()) < 1e-3


def test_the_scorer_decides_with_the_packaged_decision_model() -> None:
    """Words alone decide (step 8 of fmwatch.score); the word-pair model orders near-misses."""
    models = ranker.packaged()
    assert models.decision is not None
    assert Scorer().likeness is models.decision
    assert models.decision.weights != models.likeness.weights


def test_a_model_not_trained_on_a_family_orders_its_near_misses_better_than_the_score() -> None:
    """The reason the ranker exists, on two blind families of the seventh session held out
    together (the full measurement, every family in turn and the real month:
    benchmarks/eval_ranker.py)."""
    everything = [*_training_files(), *(DATA / name for name in sorted(UNSEEN))]
    held = [p for p in everything if p.name.startswith(("blind10", "blind11"))]
    rest = [p for p in everything if p not in held]
    papers = ranker.examples_from_jsonl(rest)[0]
    model = ranker.train(papers)
    # decided by a held-out model too (it has its say in the decision): the packaged one
    # learned from these families' dev halves and would choose what is left to order
    scorer = Scorer(likeness=ranker.train_decision(papers))
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
    ranker.save(ranker.train_models(ADDED + DECLINED), model_path)
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
    assert model.likeness.likelihood("Scan model", "million scans") > 0.5
    assert model.likeness.likelihood("Segmenting lesions", "segments lesions") < 0.5


def test_train_ranker_warns_when_the_share_of_positives_is_far_from_the_labelled_sets(
    tmp_path: Path,
) -> None:
    """The decision model's likeness follows its training papers' share of positives (a
    database of decisions may hold few accepted works): the decision thresholds were chosen for
    about a third, so a file trained far from it decides differently, and the user is told."""

    def rows(positives: int, negatives: int) -> list[dict[str, str]]:
        added = [{"title": f"{e.title} {i}", "abstract": e.abstract, "label": "positive"}
                 for i, e in enumerate(ADDED * 5)][:positives]  # fmt: skip
        declined = [{"title": f"{e.title} {i}", "abstract": e.abstract, "label": "negative"}
                    for i, e in enumerate(DECLINED * 50)][:negatives]  # fmt: skip
        return added + declined

    out = str(tmp_path / "m.json.gz")
    skewed = _labelled(tmp_path / "skewed.jsonl", rows(15, 300))
    result = CliRunner().invoke(cli, ["train-ranker", str(skewed), "--out", out])
    assert result.exit_code == 0, result.output
    assert "warning: 5% of these papers are positive" in result.output
    assert "hold back more proposals" in result.output
    assert "likeness_hold = 0" in result.output
    balanced = _labelled(tmp_path / "balanced.jsonl", rows(12, 24))
    result = CliRunner().invoke(cli, ["train-ranker", str(balanced), "--out", out])
    assert result.exit_code == 0 and "warning" not in result.output
    eager = _labelled(tmp_path / "eager.jsonl", rows(30, 6))
    result = CliRunner().invoke(cli, ["train-ranker", str(eager), "--out", out])
    assert "propose more near-miss benchmarks" in result.output


def test_train_ranker_without_any_input_says_what_to_give(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train-ranker", "--out", str(tmp_path / "m.json.gz")])
    assert result.exit_code == 2  # bad usage, as README's exit statuses say
    assert "nothing to train on; give labelled JSON Lines files, --decisions-from DB" in (
        result.output
    )


# -- sections chosen with the words --------------------------------------------------------------


def _toy_sections() -> ranker.Sections:
    """Three sections: papers that say "benchmark" file under Benchmark paper, "scans" under
    Image Data, "wards" under Clinical Data (no Genomic data model)."""
    bench = [
        ranker.Example(f"B{i}", f"a benchmark of {i} tasks", True, "Benchmark paper")
        for i in range(6)
    ]
    image = [
        ranker.Example(f"I{i}", f"a model of {i} million scans", True, "Image Data")
        for i in range(6)
    ]
    clinical = [
        ranker.Example(f"C{i}", f"records of {i} wards", True, "Clinical Data") for i in range(6)
    ]
    models = ranker.train_models([*bench, *image, *clinical, *DECLINED])
    assert models.sections is not None
    return models.sections


def test_the_rules_section_keeps_a_head_start() -> None:
    sections = _toy_sections()
    words = normalize("a benchmark of tasks")
    chosen, p = sections.choose("", words, "Image Data")
    assert chosen == "Benchmark paper" and p > 0.5 + sections.probabilities("", words)["Image Data"]
    # undecided words: the rules' section stands
    assert sections.choose("", normalize("nothing telling"), "Image Data")[0] == "Image Data"
    assert sections.choose("", normalize("nothing telling"), "Benchmark paper")[0] == (
        "Benchmark paper"
    )


def test_a_rules_section_the_models_know_nothing_of_stays() -> None:
    """Models trained on some sections only cannot outweigh a section they have no model of."""
    sections = _toy_sections()
    assert "Genomic data" not in sections.names
    assert sections.choose("", normalize("a benchmark of tasks"), "Genomic data") == (
        "Genomic data",
        0.0,
    )


def test_a_configured_file_without_section_models_keeps_the_packaged_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "likeness-only.json.gz"
    ranker.save(ranker.train_models(ADDED + DECLINED), path)
    assert ranker.load(path).sections is None
    scorer = Scorer(ScoringConfig(ranker=str(path)))
    assert scorer.sections is ranker.packaged().sections


def test_likeness_and_section_probabilities_do_not_depend_on_the_hash_seed() -> None:
    """Sums over a set of words run in an order Python's hash seed decides: exact sums make
    the figures, and so the order of near-misses, the same on every run."""
    code = (
        "from fmwatch import ranker; from fmwatch.phrases import normalize; "
        "m = ranker.packaged(); t = 'Pathology foundation model'; "
        "a = 'We pretrain a vision transformer on a million slides and release the weights.'; "
        "print(repr(m.likeness.likelihood(t, a)), "
        "repr(sorted(m.sections.probabilities(normalize(t), normalize(a)).items())))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1, seen


def test_fast_section_probabilities_equal_the_plain_sum_of_weights() -> None:
    sections = ranker.packaged().sections
    assert sections is not None
    for line in (DATA / "blind11_test.jsonl").read_text(encoding="utf-8").splitlines()[:20]:
        row = json.loads(line)
        feats = ranker.section_features(row["title"], row["abstract"])
        fast = sections.probabilities(
            normalize(row["title"][: ranker.MAX_CHARS]),
            normalize(row["abstract"][: ranker.MAX_CHARS]),
        )
        for name, model in sections.models.items():
            slow = model.bias + sum(model.weights.get(f, 0.0) for f in feats)
            assert fast[name] == pytest.approx(1 / (1 + math.exp(-slow)), abs=1e-12)


#: a paper the rules score as a clinical model paper (its words say benchmark; the toy models
#: know that word only)
BENCH_LIKE = {
    "id": "x",
    "title": "ClinQA: a clinical language model for hospital notes",
    "abstract": (
        "We pretrain a clinical language model on 2 million hospital notes from 40 hospitals "
        "and release it. A benchmark of tasks shows zero-shot transfer across tasks."
    ),
}


def test_the_scorer_files_a_paper_where_its_words_and_rules_agree_best() -> None:
    rules = Scorer(ScoringConfig(section_model=False))
    before = rules.score(BENCH_LIKE)
    assert before.decision in ("propose", "near-miss") and before.section != "Benchmark paper"
    worded = Scorer(sections=_toy_sections()).score(BENCH_LIKE)
    assert (worded.decision, worded.score) == (before.decision, before.score)  # decision alone
    assert (worded.section, worded.kind) == ("Benchmark paper", "benchmark")
    assert worded.evidence[0].kind == "section"  # first: a PR shows only the first few items
    said = [e.phrase for e in worded.evidence if e.kind == "section"]
    assert len(said) == 1 and said[0].startswith("Benchmark paper: the words say so (0.")
    assert said[0].endswith(f"), the rules said {before.section}")


def test_a_dropped_or_catalogued_paper_keeps_the_rules_section() -> None:
    class Everything:
        def match(self, keys: object, title: object) -> str:
            return "the catalog's row"

    known = Scorer(known=Everything(), sections=_toy_sections()).score(BENCH_LIKE)  # type: ignore[arg-type]
    assert known.decision == "known" and known.section != "Benchmark paper"
    dropped = Scorer(sections=_toy_sections()).score(
        {"title": "A benchmark of tasks", "abstract": "a benchmark of tasks for sorting"}
    )
    assert dropped.decision == "drop" and dropped.section != "Benchmark paper"


def test_section_model_false_in_the_config_leaves_sections_to_the_rules(tmp_path: Path) -> None:
    toml = tmp_path / "fmwatch.toml"
    toml.write_text("[scoring]\nsection_model = false\n", encoding="utf-8")
    config = load_config(toml)
    assert Scorer(config.scoring).sections is None
    assert Scorer().sections is not None  # the packaged models by default


def test_train_ranker_refuses_a_bad_line_between_good_ones(tmp_path: Path) -> None:
    good = json.dumps({"title": "t", "abstract": "a", "label": "negative"})
    labels = tmp_path / "mixed.jsonl"
    labels.write_text(f"{good}\n\n{{not json\n{good}\n", encoding="utf-8")
    out = tmp_path / "m.json.gz"
    result = CliRunner().invoke(cli, ["train-ranker", str(labels), "--out", str(out)])
    assert result.exit_code != 0
    assert f"{labels}, line 3: not valid JSON" in result.output
    assert not out.exists()
