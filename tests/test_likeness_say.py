"""Step 8 of the scorer: the likeness word model's say in the decision.

A near-miss whose words are those of the papers curators add is proposed, a proposal whose words
are unlike them is held back; each says so in one line of evidence, first. The unit tests give
the scorer a small hand-made model (one word raises a paper, another lowers it) so that what is
tested is the step, not the packaged model; the last tests measure the packaged model on the
labelled papers no rule and no model was ever shaped on.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from fmwatch import score
from fmwatch.config import ScoringConfig
from fmwatch.evaluate import compute, never_read, outcomes
from fmwatch.feedback import Assessment
from fmwatch.models import KINDS, SECTIONS, Evidence
from fmwatch.ranker import Ranker, Sections
from fmwatch.score import LIKENESS_MIN_WORDS, MIN_BIOMEDICAL, MIN_BIOMEDICAL_FLOOR, Scorer
from fmwatch.works import KnownWorks

DATA = Path(__file__).parent / "data"
RULES_ALONE = ScoringConfig(likeness_propose=1.0, likeness_hold=0.0)
#: the model may also propose near-misses of every kind (off by default since the fifteenth
#: session: on a real month's abstracts most of what it proposed was not catalog-worthy; since
#: the eighteenth it proposes near-miss benchmarks only, at 0.8, by default)
PROMOTING = ScoringConfig(likeness_propose=0.98, likeness_propose_kinds=KINDS)
#: "zorblax" in an abstract makes a paper very like those curators add, "quuxify" very unlike
MODEL = Ranker({"a:zorblax": 12.0, "a:quuxify": -12.0, "t2:segment anything": 1.0}, 0.0)

#: what curators usually decline: an adaptation of a foundation model to one task (the rules
#: score it high enough for a near-miss, and a cap holds it back)
ADAPTATION = {
    "title": "Adapting a pathology foundation model to HER2 scoring in breast cancer",
    "abstract": (
        "We fine-tune UNI, a pathology foundation model pretrained on 100,000 whole-slide "
        "images, for HER2 scoring in breast cancer biopsies. Low-rank adapters are trained on "
        "2,000 annotated slides from three hospitals while the encoder stays frozen. On two "
        "external cohorts the adapted model agrees with expert pathologists more often than "
        "task-specific networks trained from scratch, and it needs a tenth of their labelled "
        "data. We release the adapters and the evaluation code."
    ),
}
#: too little evidence for a near-miss of its own: the floor (biomedical work on an existing
#: foundation model) lifts it from a drop
FLOORED = {
    "title": "Adapting Segment Anything to polyp segmentation in colonoscopy",
    "abstract": (
        "We fine-tune the Segment Anything Model with lightweight adapters for polyp "
        "segmentation in colonoscopy frames. The adapters are trained on two public datasets "
        "of annotated frames while the image encoder stays frozen, and the prompts come from a "
        "small detector. On three external test sets the adapted model improves the Dice score "
        "over the original model and over task-specific networks, at a fraction of their "
        "training cost. Code is released."
    ),
}
#: what curators add: a new pathology foundation model (the rules propose it)
NEW_MODEL = {
    "title": "Atlas-7: a general-purpose foundation model for computational pathology",
    "abstract": (
        "We present Atlas-7, a self-supervised vision transformer pretrained on 1.2 billion image "
        "tiles from 400,000 whole-slide images of 60 tissue types. Without fine-tuning, its "
        "embeddings transfer to a wide range of tasks: cancer subtyping, biomarker prediction and "
        "survival prediction across 40 clinical datasets, where it outperforms earlier encoders. "
        "Weights are released."
    ),
}


def _with(paper: dict[str, str], word: str) -> dict[str, str]:
    return dict(paper, abstract=f"{paper['abstract']} {word.capitalize()} throughout.")


@pytest.fixture(scope="module")
def rules() -> Scorer:
    return Scorer(RULES_ALONE)


@pytest.fixture(scope="module")
def worded() -> Scorer:
    return Scorer(PROMOTING, likeness=MODEL)


def test_the_papers_here_are_what_the_rules_make_of_them(rules: Scorer) -> None:
    # (else the tests below would test nothing)
    for word in ("zorblax", "quuxify", "plain"):
        adapted = rules.score(_with(ADAPTATION, word))
        assert adapted.decision == "near-miss"
        assert {e.kind for e in adapted.evidence} >= {"cap"}
        assert all(e.kind != "floor" for e in adapted.evidence)
        assert rules.score(_with(NEW_MODEL, word)).decision == "propose"
        floored = rules.score(_with(FLOORED, word))
        assert floored.decision == "near-miss"
        assert any(e.kind == "floor" for e in floored.evidence)
    for paper in (ADAPTATION, NEW_MODEL, FLOORED):
        assert len(paper["abstract"].split()) >= LIKENESS_MIN_WORDS


def test_a_near_miss_worded_like_the_papers_curators_add_is_proposed(
    rules: Scorer, worded: Scorer
) -> None:
    paper = _with(ADAPTATION, "zorblax")
    before, after = rules.score(paper), worded.score(paper)
    assert after.decision == "propose"
    assert after.score >= ScoringConfig().propose_threshold > before.score
    first = after.evidence[0]
    assert (first.kind, first.where) == ("likeness", "model")
    assert first.phrase.startswith("the words are those of papers curators add (0.99: zorblax")
    # the cap the rules found stays in the evidence, and the line says it was overruled
    assert first.phrase.endswith("; the rules alone would hold it back")
    assert any(e.kind == "cap" for e in after.evidence[1:])
    assert after.section == before.section


def test_a_proposal_worded_unlike_the_papers_curators_add_is_held_back(
    rules: Scorer, worded: Scorer
) -> None:
    paper = _with(NEW_MODEL, "quuxify")
    before, after = rules.score(paper), worded.score(paper)
    assert after.decision == "near-miss"
    config = ScoringConfig()
    assert config.near_miss_threshold <= after.score < config.propose_threshold <= before.score
    # a cap, first: the pull request names it as what held the paper back
    assert after.evidence[0] == Evidence(
        "cap", "the words are unlike those of papers curators add (0.000)", "model", 0.0
    )


def test_a_held_back_papers_likeness_is_shown_below_the_threshold_it_missed() -> None:
    """Rounded to the nearest, a likeness of 0.0195 would read "0.02" under a rule that holds
    back what is below 0.02; shown rounded down it reads 0.019."""
    bias = math.log(0.0195 / 0.9805)
    result = Scorer(likeness=Ranker({}, bias)).score(_with(NEW_MODEL, "plain"))
    assert result.decision == "near-miss"
    assert result.evidence[0].phrase == "the words are unlike those of papers curators add (0.019)"


def test_a_near_miss_no_cap_held_is_proposed_with_the_rules_score_named() -> None:
    strict = ScoringConfig(
        propose_threshold=1.0,
        near_miss_threshold=0.35,
        likeness_propose=0.98,
        likeness_propose_kinds=KINDS,
    )
    paper = _with(NEW_MODEL, "zorblax")
    rules = Scorer(dataclasses.replace(strict, likeness_propose=1.0, likeness_hold=0.0))
    before = rules.score(paper)
    assert before.decision == "near-miss" and all(e.kind != "cap" for e in before.evidence)
    after = Scorer(strict, likeness=MODEL).score(paper)
    assert (after.decision, after.score) == ("propose", 1.0)
    assert after.evidence[0].phrase.endswith(
        f"; the rules' score alone ({before.score:.2f}) is below the threshold"
    )


def test_a_held_back_score_is_rounded_as_every_score_is() -> None:
    low = ScoringConfig(propose_threshold=0.15, near_miss_threshold=0.1)
    result = Scorer(low, likeness=MODEL).score(_with(NEW_MODEL, "quuxify"))
    assert (result.decision, result.score) == ("near-miss", 0.14)


def test_papers_the_model_has_no_strong_view_of_keep_the_rules_decision(
    rules: Scorer, worded: Scorer
) -> None:
    for paper in (_with(ADAPTATION, "plain"), _with(NEW_MODEL, "plain")):
        before, after = rules.score(paper), worded.score(paper)
        assert (after.decision, after.score, after.evidence) == (
            before.decision,
            before.score,
            before.evidence,
        )


def test_a_paper_only_the_floor_lifted_is_not_proposed_by_its_words(worded: Scorer) -> None:
    """The rules found too little evidence for a near-miss; the floor keeps it in sight."""
    result = worded.score(_with(FLOORED, "zorblax"))
    assert result.decision == "near-miss"
    assert all(e.kind != "likeness" for e in result.evidence)


def test_a_short_abstract_or_a_journal_summary_is_left_to_the_rules(worded: Scorer) -> None:
    """The model learned from abstracts: a stub or a one-line summary says too little."""
    short = dict(ADAPTATION, abstract=" ".join(["zorblax"] * 39))
    assert LIKENESS_MIN_WORDS == 40
    assert worded.score(short).decision == "near-miss"
    assert worded.score(dict(short, abstract=short["abstract"] + " x")).decision == "propose"
    summary = {
        "title": ADAPTATION["title"],
        "abstract": None,
        "summary": _with(ADAPTATION, "zorblax")["abstract"],
        "source": "nature",
    }
    assert worded.score(summary).decision == "near-miss"
    assert all(e.kind != "likeness" for e in worded.score(summary).evidence)


def test_dropped_and_known_papers_are_not_the_models_to_move(worded: Scorer) -> None:
    unrelated = {
        "title": "Zorblax scheduling for distributed stream processing",
        "abstract": " ".join(["zorblax throughput latency operators cluster"] * 10),
    }
    assert worded.score(unrelated).decision == "drop"
    known = KnownWorks()
    known.add_decision({"arxiv:2401.00001"}, "An earlier title", "rejected")
    paper = dict(_with(ADAPTATION, "zorblax"), arxiv_id="2401.00001")
    result = Scorer(known=known, likeness=MODEL).score(paper)
    assert result.decision == "known"
    assert all(e.kind != "likeness" for e in result.evidence)


class _Curators:
    """Feedback that leans one way on every paper (fmwatch.feedback.Feedback's interface)."""

    strength = 0.2

    def __init__(self, delta: float, rejected: str | None = None) -> None:
        self.delta, self.rejected = delta, rejected

    def assess(self, title: str, abstract: str = "", keys: Any = ()) -> Assessment:
        evidence = [Evidence("feedback", "similar to a decided work", "feedback", self.delta)]
        return Assessment(delta=self.delta, evidence=evidence, rejected_duplicate=self.rejected)


def test_curators_decisions_on_similar_works_are_not_overruled() -> None:
    against = Scorer(PROMOTING, feedback=_Curators(-0.02), likeness=MODEL)
    assert against.score(_with(ADAPTATION, "zorblax")).decision == "near-miss"
    duplicate = Scorer(PROMOTING, feedback=_Curators(0.0, rejected="Polyp-SAM"), likeness=MODEL)
    assert duplicate.score(_with(ADAPTATION, "zorblax")).decision == "near-miss"
    towards = Scorer(PROMOTING, feedback=_Curators(0.02), likeness=MODEL)
    assert towards.score(_with(NEW_MODEL, "quuxify")).decision == "propose"
    # and either way the model still has its say where curators lean its way
    assert towards.score(_with(ADAPTATION, "zorblax")).decision == "propose"
    assert against.score(_with(NEW_MODEL, "quuxify")).decision == "near-miss"


#: a benchmark of general models the rules hold back (its title asks a question about models)
QUESTION_BENCHMARK = {
    "title": "Can vision-language models read chest radiographs? A benchmark of general models",
    "abstract": (
        "We benchmark twelve general vision-language models, among them GPT-4o and Gemini, on "
        "chest radiographs from two public hospital datasets, asking them to name findings, "
        "localise them and draft reports. Radiologists graded every answer. General models "
        "named common findings well but missed subtle ones, localised poorly and wrote reports "
        "with omissions; no model approached the radiologists. We describe the failure modes "
        "and what they mean for clinical use."
    ),
}


def test_by_default_only_a_near_miss_benchmark_worded_alike_is_proposed(rules: Scorer) -> None:
    """Since the eighteenth session the words propose near-misses of the kind most missed,
    benchmarks, at 0.8 (``likeness_propose_kinds``); an alike near-miss model stays one."""
    default = Scorer(likeness=MODEL)
    benchmark = _with(QUESTION_BENCHMARK, "zorblax")
    held = rules.score(benchmark)
    assert (held.decision, held.kind) == ("near-miss", "benchmark")
    proposed = default.score(benchmark)
    assert (proposed.decision, proposed.kind) == ("propose", "benchmark")
    assert proposed.evidence[0].kind == "likeness"
    model = _with(ADAPTATION, "zorblax")
    assert (rules.score(model).decision, rules.score(model).kind) == ("near-miss", "model")
    assert default.score(model).decision == "near-miss"
    every_kind = Scorer(ScoringConfig(likeness_propose_kinds=KINDS), likeness=MODEL)
    assert every_kind.score(model).decision == "propose"
    none = Scorer(ScoringConfig(likeness_propose_kinds=()), likeness=MODEL)
    assert none.score(benchmark).decision == "near-miss"


#: a benchmark of general models whose biomedical evidence is faint ("diagnostic", "clinical"
#: in passing): enough to be scored, less than the floor asks (MIN_BIOMEDICAL_FLOOR)
FAINT_BENCHMARK = {
    "title": (
        "ShapeQ-Bench: Benchmarking Diagnostic Quality Assessment of 3D Scans with "
        "Vision-Language Models"
    ),
    "abstract": (
        "We present ShapeQ-Bench, a benchmark that asks vision-language models to judge the "
        "quality of 3D scans of everyday objects: to name the distortions a scan suffers, rate "
        "their severity and explain the rating. Ten thousand scans with graded distortions and "
        "expert ratings make up the benchmark. We evaluate fourteen open and proprietary "
        "models, among them GPT-4o and Qwen2-VL, and find that they notice coarse distortions "
        "but rarely rate them as people do, a warning for their use on clinical scans too. The "
        "data and the evaluation code are released."
    ),
}


def test_a_benchmark_with_faint_biomedical_evidence_is_not_proposed_by_its_words(
    rules: Scorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words know how benchmarks are written, not what they are about: a near-miss
    benchmark is proposed by them only with biomedical evidence as clear as the floor asks
    ("PointQ-Bench: Benchmarking Diagnostic … Point Cloud Quality Assessment" was)."""
    faint = _with(FAINT_BENCHMARK, "zorblax")
    held = rules.score(faint)
    assert (held.decision, held.kind) == ("near-miss", "benchmark")
    biomedical = sum(e.weight for e in held.evidence if e.kind == "biomedical")
    assert MIN_BIOMEDICAL <= biomedical < MIN_BIOMEDICAL_FLOOR
    default = Scorer(likeness=MODEL)
    assert default.score(faint).decision == "near-miss"
    assert all(e.kind != "likeness" for e in default.score(faint).evidence)
    # what the bar changes: with it at the scoring's own minimum, the words propose it
    monkeypatch.setattr(score, "MIN_BIOMEDICAL_FLOOR", MIN_BIOMEDICAL)
    proposed = default.score(faint)
    assert (proposed.decision, proposed.evidence[0].kind) == ("propose", "likeness")


#: a challenge's benchmark of task methods: no foundation model, LLM or pretrained model in it
TASK_BENCHMARK = {
    "title": (
        "How Far Has AI Come in Kidney Fibrosis Staging? A Multi-Centre MRI Dataset and Benchmark"
    ),
    "abstract": (
        "Staging kidney fibrosis from MRI would spare many patients a biopsy, but methods have "
        "only been tested on single-centre data. We introduce RenoStage, a dataset and benchmark "
        "of 820 patients from six hospitals and four scanner vendors, with multi-sequence MRI "
        "and fibrosis stages confirmed by histopathology. We evaluate eleven staging methods "
        "submitted by the teams of a public challenge against two radiologists, and test each "
        "method zero-shot on two centres left out of training. The best methods match the "
        "junior radiologist but fall behind the senior one, and all lose accuracy on scanners "
        "absent from training. The dataset and the evaluation code are released."
    ),
}


def test_a_benchmark_of_no_foundation_models_is_not_proposed_by_its_words(
    rules: Scorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A benchmark is the catalog's when it evaluates foundation models, LLMs or pretrained
    models: one whose text names none (a challenge's staging methods) is not proposed by
    benchmark wording ("How Far Has AI Come in Liver Fibrosis Staging? …" was)."""
    paper = _with(TASK_BENCHMARK, "zorblax")
    held = rules.score(paper)
    assert (held.decision, held.kind) == ("near-miss", "benchmark")
    assert not {e.kind for e in held.evidence} & {"llm", "foundation", "domain_fm", "existing_fm"}
    default = Scorer(likeness=MODEL)
    assert default.score(paper).decision == "near-miss"
    # what the condition changes: with a model of the catalog's kind named in passing (less
    # than the rules ask of a benchmark, so they still hold it back), it is proposed
    monkeypatch.setattr(score, "_subjects", lambda _features: 0.5)
    assert rules.score(paper).decision == "near-miss"
    proposed = default.score(paper)
    assert (proposed.decision, proposed.evidence[0].kind) == ("propose", "likeness")


#: section models for which "glorpset" in an abstract makes a paper a Benchmark paper
GLORPSET = Sections(
    {s: Ranker({"a:glorpset": 12.0} if s == "Benchmark paper" else {}, -2.0) for s in SECTIONS}
)


def test_the_section_words_decide_the_kind_before_the_likeness_says(rules: Scorer) -> None:
    """A near-miss the rules file as a model but the section words as a Benchmark paper is a
    benchmark to the likeness step: proposed, the two lines of evidence first; and it is named
    as the rules' benchmarks are, by the benchmark it builds."""
    paper = _with(ADAPTATION, "zorblax glorpset")
    assert (rules.score(paper).decision, rules.score(paper).kind) == ("near-miss", "model")
    after = Scorer(likeness=MODEL, sections=GLORPSET).score(paper)
    assert (after.decision, after.kind) == ("propose", "benchmark")
    assert after.section == "Benchmark paper"
    assert [e.kind for e in after.evidence[:2]] == ["likeness", "section"]
    built = dict(
        paper,
        abstract=paper["abstract"]
        .replace("UNI, a pathology", "a pathology")
        .replace(
            "We release the adapters",
            "We present HER2Bench, a dataset of 4,000 annotated slides, and release the adapters",
        ),
    )
    assert rules.score(built).enrichment.model_name is None  # (a dataset's name, not a model's)
    named = Scorer(likeness=MODEL, sections=GLORPSET).score(built)
    assert (named.decision, named.kind) == ("propose", "benchmark")
    assert named.enrichment.model_name == "HER2Bench"


def test_no_kinds_to_propose_and_no_hold_leave_the_decision_to_the_rules() -> None:
    """likeness_propose_kinds = [] with likeness_hold = 0 is the rules alone, whatever
    likeness_propose says: the model is not even loaded (nor asked, at its cost)."""
    scorer = Scorer(ScoringConfig(likeness_propose_kinds=(), likeness_hold=0.0))
    assert scorer.likeness is None
    assert Scorer(ScoringConfig(likeness_propose_kinds=())).likeness is not None


def test_thresholds_of_one_and_zero_leave_the_decision_to_the_rules() -> None:
    scorer = Scorer(RULES_ALONE)
    assert scorer.likeness is None  # (not even loaded)
    assert Scorer(RULES_ALONE, likeness=MODEL).likeness is None
    assert scorer.score(_with(ADAPTATION, "zorblax")).decision == "near-miss"
    only_hold = Scorer(ScoringConfig(likeness_propose=1.0), likeness=MODEL)
    assert only_hold.score(_with(ADAPTATION, "zorblax")).decision == "near-miss"
    assert only_hold.score(_with(NEW_MODEL, "quuxify")).decision == "near-miss"


def _rows(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines() if line]


def test_on_never_read_papers_the_words_say_raises_precision() -> None:
    """The never-read test halves (blind4_test onward): no rule was shaped on them, no word model
    trained on them. By default (fifteenth session) the packaged decision model only holds back
    proposals whose words are unlike those curators add: rules alone 0.829 / 0.818, with the
    hold 0.862 / 0.809 (eleven proposals fewer, two of them positives; sixteenth session, the
    models retrained with blind14_dev); with blind15_test (seventeenth session, the models
    retrained with blind15_dev) 0.823 / 0.816 against 0.860 / 0.804. Letting it also propose
    near-misses at 0.98 raised recall here (0.866 / 0.840 in the sixteenth session; 0.863 /
    0.825 with blind15_test, a smaller gain; with blind16_test, eighteenth session, rules alone
    0.829 / 0.822, by default 0.865 / 0.819; with blind17_test and the session's vocabulary,
    0.817 / 0.835 against 0.850 / 0.832, proposing at 0.98 0.854 / 0.857; with blind18_test,
    0.819 / 0.836 against 0.847 / 0.829, proposing at 0.98 0.851 / 0.857)
    but not on a real month's abstracts, which the team did not write (benchmarks/eval_month.py:
    one positive in eight), so it was off by default; since the eighteenth session it proposes
    near-miss benchmarks only, at 0.8 (0.847 / 0.847 here, hold only 0.847 / 0.829; with
    blind19_test and the models retrained with blind19_dev, nineteenth session: rules alone
    0.822 / 0.831, by default 0.852 / 0.841, hold only 0.852 / 0.821, proposing every kind at
    0.98 0.855 / 0.844; with blind20_test and the models retrained with blind20_dev: rules
    alone 0.819 / 0.832, by default 0.852 / 0.841, hold only 0.852 / 0.822, every kind at 0.98
    0.855 / 0.844; with blind21_test and the models retrained with blind21_dev: rules alone
    0.805 / 0.818, by default 0.837 / 0.830, hold only 0.837 / 0.812, every kind at 0.98
    0.841 / 0.836; with blind22_test and the models retrained with blind22_dev: rules alone
    0.803 / 0.810, by default 0.828 / 0.828, hold only 0.831 / 0.805, every kind at 0.98
    0.836 / 0.831; with blind23_test and the models retrained with blind23_dev, twentieth
    session: rules alone 0.808 / 0.801, by default 0.838 / 0.824, hold only 0.840 / 0.795,
    every kind at 0.98 0.845 / 0.826; with blind24_test, the neural-data vocabulary and the
    models retrained with blind24_dev: rules alone 0.805 / 0.800, by default 0.839 / 0.817,
    hold only 0.842 / 0.792, every kind at 0.98 0.847 / 0.819; with blind25_test and the
    models retrained with blind25_dev: rules alone 0.800 / 0.792, by default 0.834 / 0.808,
    hold only 0.836 / 0.782, every kind at 0.98 0.838 / 0.808; with the mental-health,
    infection and trials words: rules alone 0.802 / 0.797, by default 0.834 / 0.810, hold
    only 0.837 / 0.784, every kind at 0.98 0.839 / 0.810; with blind26_test and the models
    retrained with blind26_dev: rules alone 0.800 / 0.804, by default 0.832 / 0.820, hold only
    0.836 / 0.794, every kind at 0.98 0.839 / 0.822; with blind27_test, the PET and immune
    words and the models retrained with blind27_dev, twenty-first session: rules alone 0.797 /
    0.806, by default 0.831 / 0.823, hold only 0.835 / 0.799, every kind at 0.98 0.839 /
    0.833; with blind28_test, the surgery words and the models retrained with blind28_dev:
    rules alone 0.800 / 0.808, by default 0.841 / 0.815, hold only 0.843 / 0.792, every kind
    at 0.98 0.845 / 0.820; with blind29_test and the models retrained with blind29_dev: rules
    alone 0.799 / 0.805, by default 0.836 / 0.823, hold only 0.838 / 0.798, every kind at 0.98
    0.841 / 0.828; with blind30_test and the models retrained with blind30_dev: rules alone
    0.797 / 0.804, by default 0.840 / 0.820, hold only 0.842 / 0.793, every kind at 0.98 0.845
    / 0.824); this measures all three."""
    rows = _rows(never_read(DATA))
    rules = compute(outcomes(Scorer(RULES_ALONE), rows))
    worded = compute(outcomes(Scorer(), rows))
    promoting = compute(outcomes(Scorer(PROMOTING), rows))
    hold_only = compute(outcomes(Scorer(ScoringConfig(likeness_propose=1.0)), rows))
    assert rules.positives == worded.positives >= 180
    assert rules.recall is not None and rules.precision is not None
    assert worded.precision is not None and worded.precision >= rules.precision + 0.02
    assert worded.recall is not None and worded.recall >= rules.recall - 0.02
    assert promoting.recall is not None and promoting.recall > rules.recall
    assert hold_only.recall is not None and hold_only.precision is not None
    assert worded.recall > hold_only.recall and worded.precision >= hold_only.precision - 0.01
