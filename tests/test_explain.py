"""The scorer's evidence as the pull request and the digest show it (fmwatch.explain)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import fmwatch
from fmwatch.explain import READER_GROUPS, explain
from fmwatch.vocab import DEFAULT_VOCABULARIES


def ev(kind: str, phrase: str, where: str = "abstract", weight: float = 1.0) -> dict[str, object]:
    return {"kind": kind, "phrase": phrase, "where": where, "weight": weight}


def test_phrases_are_grouped_by_what_they_tell_a_reader_not_by_vocabulary_name() -> None:
    raw = [
        ev("domain_fm", "pathology foundation model", "title"),
        ev("foundation", "pathology foundation model", "title"),
        ev("image", "pathology", "title"),
        ev("biomedical", "pathology", "title"),
        ev("task", "detection"),
        ev("scale", "1.5 million … whole slide images"),
        ev("existing_fm", "gpt 4"),
        ev("llm", "gpt 4"),
    ]
    assert explain(json.dumps(raw), 8) == [
        "model: pathology foundation model (title)",
        "scale: 1.5 million … whole slide images",
        "biomedical: pathology (title)",
        "existing model: gpt-4",
        "single task: detection",
    ]
    # no vocabulary's internal name reaches a reader
    shown = " ".join(explain(raw, 8))
    assert "domain_fm" not in shown and "existing_fm" not in shown and "/" not in shown


def test_each_phrase_once_with_every_named_place_and_the_limit_keeps_the_strongest() -> None:
    raw = [
        ev("foundation", "foundation model", "abstract"),
        ev("llm", "foundation model", "title"),
        ev("pretraining", "pre trained", "comment"),
        ev("note", "abstract missing", "abstract"),
        ev("title_model", "title announces a model", "title"),
        *(ev("task", f"task {i}") for i in range(20)),
        ev("biomedical", "foundation model", "journal"),  # late, for a phrase already shown
    ]
    shown = explain(raw, 6)
    assert shown == [
        # the abstract goes without saying; a phrase that names its place is not told it again
        "note: abstract missing",
        "model: foundation model (title, journal), pre-trained (comment), title announces a model",
        "single task: task 0, task 1",
    ]


def test_evidence_stored_by_older_versions_reads_as_the_new_and_junk_is_skipped() -> None:
    # candidates rows of older versions hold "vocabularies: phrase" strings
    old = ["foundation/llm: foundation model", "image/biomedical: pathology", "a plain string"]
    assert explain(old, 8) == [
        "model: foundation model",
        "biomedical: pathology",
        "a plain string",
    ]
    # a string whose prefix is no vocabulary is a phrase of its own, colon and all
    assert explain(["Benchmark paper: the words say so"], 8) == [
        "Benchmark paper: the words say so"
    ]
    raw = [3, None, {"phrase": ""}, {"kind": "image", "phrase": "mri"}]
    assert explain(raw, 8) == ["biomedical: mri"]
    assert explain(raw, 0) == [] and explain(raw, -1) == []
    assert explain("not json", 8) == []
    assert explain(b"\xff\xfe", 8) == []
    assert explain(json.dumps({"an": "object"}), 8) == []
    assert explain(None, 8) == []


def test_the_scorers_sentences_come_first_and_a_place_inside_a_word_is_still_named() -> None:
    raw = [
        {
            "kind": "likeness",
            "phrase": "the words are like papers curators add (0.93)",
            "where": "model",
            "weight": 0.0,
        },
        ev("foundation", "foundation model", "title"),
        ev("review", "this commentary", "comment"),
    ]
    assert explain(raw, 8) == [
        "note: the words are like papers curators add (0.93)",
        "model: foundation model (title)",
        "review: this commentary (comment)",
    ]


def test_every_kind_of_evidence_the_scorer_makes_has_a_readers_group() -> None:
    """The vocabularies and every kind the code names in an Evidence(...) of its own
    ("likeness", "release", "feedback", "cap", …): none may reach a reader by its internal
    name."""
    made = set(DEFAULT_VOCABULARIES)
    for path in Path(fmwatch.__file__).parent.glob("*.py"):
        made |= set(re.findall(r'Evidence\(\s*"([a-z_]+)"', path.read_text("utf-8")))
    assert {"likeness", "release", "feedback", "cap", "note"} <= made  # the scan finds them
    grouped = {kind for _, kinds in READER_GROUPS for kind in kinds}
    assert not made - grouped, f"kinds without a reader's group: {sorted(made - grouped)}"


def test_a_phrase_said_elsewhere_is_omitted() -> None:
    raw = [ev("foundation", "foundation model", "title"), ev("cap", "held back for a reason")]
    assert explain(raw, 8, omit="held back for a reason") == ["model: foundation model (title)"]
    assert explain(raw, 8) == ["note: held back for a reason", "model: foundation model (title)"]


def test_a_phrase_is_spelled_as_its_vocabulary_spells_it() -> None:
    """The scorer matches and records phrases in their normalised form ("pre trained on",
    "x ray"); a curator reads them as the vocabulary writes them, as papers do. A phrase no
    vocabulary has, a scorer's sentence and a stored old-form string keep their own spelling,
    beyond the vocabulary phrase the old form carries."""
    raw = [
        ev("pretraining", "pre trained on"),
        ev("image", "x ray", "title"),
        ev("scale", "1.5 million … whole slide images"),
        ev("cap", "a foundation model is the object of the work, not its product (title)"),
        "foundation/llm: multi omics",
    ]
    assert explain(raw, 8) == [
        "note: a foundation model is the object of the work, not its product (title)",
        "model: pre-trained on, multi-omics",
        "scale: 1.5 million … whole slide images",
        "biomedical: x-ray (title)",
    ]
    # a plain string is shown as it was stored; a phrase said elsewhere is omitted as said
    assert explain(["x ray"], 8) == ["x ray"]
    assert explain([ev("cap", "x ray"), ev("image", "x ray")], 8, omit="x ray") == []
