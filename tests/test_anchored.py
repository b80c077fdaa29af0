"""fmwatch.anchored: a pattern tried only where its literal starts occur answers exactly as the
pattern's own search and finditer; and every anchored pattern of the scorer and the enricher
does so on every labelled title and abstract (a start missing from a pattern's list would lose
its matches)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import fmwatch.enrich
import fmwatch.score
from fmwatch.anchored import LONG_TEXT, Anchored

DATA = Path(__file__).parent / "data"


def _same(anchored: Anchored, text: str) -> None:
    plain = anchored.regex
    want = [(m.span(), m.groups()) for m in plain.finditer(text)]
    got = [(m.span(), m.groups()) for m in anchored.finditer(text)]
    assert got == want, text
    first = plain.search(text)
    found = anchored.search(text)
    got_first = (found.span(), found.groups()) if found else None
    assert got_first == ((first.span(), first.groups()) if first else None), text


INTRO = Anchored(
    re.compile(r"\b(?:we|the authors)\s+(?:present|propose)s?\s+(\w+)"), ("we", "the authors")
)


@pytest.mark.parametrize(
    "text",
    [
        "we present scfm and we propose more",
        "however we\npresent a model",  # a line break is whitespace too
        "awe present nothing",  # the word boundary reads the text before the start
        "between we proposes x",  # a start inside a word, then a real one
        "the authors presents y; we present z",
        "we we present w",  # overlapping candidates
        "",
        "no such thing here",
    ],
)
def test_anchored_answers_as_the_pattern(text: str) -> None:
    _same(INTRO, text)


def test_matches_do_not_overlap_as_finditer_promises() -> None:
    # candidates at 2, 5 and 7 lie inside the first match and are not tried
    anchored = Anchored(re.compile(r"we\w* \w+"), ("we",))
    assert [m.group(0) for m in anchored.finditer("wewe wewe x")] == ["wewe wewe"]
    _same(anchored, "wewe wewe x")


def test_a_start_beginning_with_another_adds_nothing() -> None:
    anchored = Anchored(re.compile(r"\bwe(?:re)? \w+"), ("were", "we", "we"))
    assert anchored.starts == ("we",)
    _same(anchored, "they were here and we left")


def test_a_start_inside_another_but_not_at_its_beginning_is_kept() -> None:
    # a match of "the authors" begins at "the", not at "authors": both starts are needed
    anchored = Anchored(re.compile(r"the authors|authors say"), ("the authors", "authors"))
    assert set(anchored.starts) == {"the authors", "authors"}
    _same(anchored, "the authors write; authors say so")


def test_a_pattern_that_matches_empty_in_context_fails_loudly() -> None:
    anchored = Anchored(re.compile(r"(?=we)|we"), ("we",))
    with pytest.raises(ValueError, match="matched the empty string"):
        list(anchored.finditer("we"))
    with pytest.raises(ValueError, match="matched the empty string"):
        anchored.search("we")


def test_a_long_text_is_searched_by_the_pattern_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # "wewewe…" would make a candidate of every other character: past LONG_TEXT the plain
    # pattern runs, whose time and memory do not depend on how many starts the text holds
    def no_candidates(self: Anchored, text: str) -> list[int]:
        raise AssertionError("candidates listed for a long text")

    text = "we" * (LONG_TEXT // 2) + " we present x"
    plain = INTRO.regex
    monkeypatch.setattr(Anchored, "_candidates", no_candidates)
    assert [m.span() for m in INTRO.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found = INTRO.search(text)
    assert found is not None and found.group(1) == "x"
    with pytest.raises(AssertionError, match="candidates listed"):
        INTRO.search("we present y")  # a short text is anchored


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [(r"x*", ("x",)), (r"\bwe\b", ()), (r"\bwe\b", ("",))],
)
def test_unusable_patterns_are_refused(pattern: str, starts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        Anchored(re.compile(pattern), starts)


def _anchored_patterns() -> list[tuple[str, Anchored]]:
    found = []
    for module in (fmwatch.score, fmwatch.enrich):
        for name, value in vars(module).items():
            if isinstance(value, Anchored):
                found.append((f"{module.__name__}.{name}", value))
    return sorted(found, key=lambda pair: pair[0])


#: sentences for the branches the labelled abstracts happen not to use (each starts differently)
BRANCHES = [
    "In short, the authors construct a benchmark of forty retinal tasks.",
    "Here the study curates a dataset of 9,000 reports; the paper builds an evaluation suite.",
    "They release a corpus of notes. This work presents a benchmark for all.",
    "Above all, the work introduces a benchmark; the paper compiles a test set of cases.",
    "Finally this study develops a dataset of scans.",
    "Results are strong. the Biosignal Transformer (BIOT) is a model for signals.",
    "Models vary. The Retina Foundation Model (RETFound) learns from 1.6 million images.",
    "the authors present CellFM, a model; this article introduces a method.",
    "We use embeddings from a pretrained protein model and pre-trained language model features.",
    "ESM-2 serves as a frozen feature extractor; protein language model embeddings follow.",
    "This paper provides a comprehensive overview of models. this scoping review covers them.",
    "We survey recent advances in pathology.",
]


def _texts() -> list[str]:
    texts = [*BRANCHES, *(t.lower() for t in BRANCHES)]
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                for field in ("title", "abstract"):
                    if isinstance(row.get(field), str):
                        texts += [row[field], row[field].lower()]
    return texts


def test_the_scorer_uses_anchored_patterns() -> None:
    names = [name for name, _ in _anchored_patterns()]
    assert "fmwatch.score._BENCHMARK_INTRO_RE" in names
    assert "fmwatch.enrich._PRESENT_RE" in names
    assert len(names) >= 6


@pytest.mark.parametrize(("name", "anchored"), _anchored_patterns())
def test_every_anchored_pattern_answers_as_its_regex_on_the_labelled_texts(
    name: str, anchored: Anchored
) -> None:
    texts = _texts()
    matched = 0
    for text in texts:
        _same(anchored, text)
        matched += anchored.regex.search(text) is not None
    assert matched, f"{name} matches no labelled text: this test would mean nothing"
