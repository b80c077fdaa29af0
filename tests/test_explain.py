"""The scorer's evidence as the pull request and the digest show it (fmwatch.explain)."""

from __future__ import annotations

import json

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
        "existing model: gpt 4",
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
        "model: foundation model (title, journal), pre trained (comment), title announces a model",
        "single task: task 0, task 1",
        "note: abstract missing",
    ]


def test_plain_strings_from_older_runs_and_junk_are_shown_or_skipped_not_fatal() -> None:
    raw = ["a plain string", 3, None, {"phrase": ""}, {"kind": "image", "phrase": "mri"}]
    assert explain(raw, 8) == ["biomedical: mri", "a plain string"]
    assert explain("not json", 8) == []
    assert explain(b"\xff\xfe", 8) == []
    assert explain(json.dumps({"an": "object"}), 8) == []
    assert explain(None, 8) == []


def test_a_vocabulary_a_user_adds_is_its_own_group_after_the_known_ones() -> None:
    raw = [ev("veterinary", "canine"), ev("foundation", "foundation model")]
    assert explain(raw, 8) == ["model: foundation model", "veterinary: canine"]


def test_every_default_vocabulary_has_a_readers_group() -> None:
    grouped = {kind for _, kinds in READER_GROUPS for kind in kinds}
    missing = set(DEFAULT_VOCABULARIES) - grouped
    assert not missing, f"vocabularies without a reader's group: {sorted(missing)}"
