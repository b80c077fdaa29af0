"""Draft notes: figures are quoted from the abstract, never invented."""

from __future__ import annotations

import pytest

from fmwatch.notes import build_note, extract
from fmwatch.templating import md_inline, safe_url

ABSTRACT = (
    "We present SlideFM, a whole-slide foundation model pretrained on 1.3 billion 256 × 256 "
    "pathology image tiles in 171,189 whole slides from more than 30,000 patients covering 31 "
    "major tissue types. SlideFM is a ViT-G/14 with 1.1 billion parameters. We evaluate it on "
    "26 tasks, including cancer subtyping, mutation prediction and survival prediction."
)


def test_extracts_each_kind_of_figure() -> None:
    facts = extract(ABSTRACT)
    assert facts.data == [
        "1.3 billion 256 × 256 pathology image tiles",
        "171,189 whole slides",
        "more than 30,000 patients",
    ]
    assert facts.tissues == ["31 major tissue types"]
    assert facts.size == ["ViT-G/14", "1.1 billion parameters"]
    assert facts.tasks == ["26 tasks"]
    assert facts.task_kinds == ["subtyping", "mutation prediction", "survival prediction"]


def test_note_in_the_catalog_style() -> None:
    assert build_note(ABSTRACT) == (
        "Trained on 1.3 billion 256 × 256 pathology image tiles, 171,189 whole slides, more than "
        "30,000 patients; 31 major tissue types; model: ViT-G/14, 1.1 billion parameters; "
        "evaluated on 26 tasks (subtyping, mutation prediction, survival prediction)."
    )


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "Trained on 15 million image–text pairs from 4.4 million articles.",
            "15 million image–text pairs",
        ),
        (
            "We curate over 50 million human single-cell transcriptomes.",
            "over 50 million human single-cell transcriptomes",
        ),
        ("A corpus of 2.1B tokens of clinical notes.", "2.1B tokens"),
        ("pretrained on 47 million single-marker patches", "47 million single-marker patches"),
    ],
)
def test_data_scale_shapes(abstract: str, expected: str) -> None:
    assert expected in extract(abstract).data


def test_every_figure_in_the_note_is_in_the_abstract() -> None:
    note = build_note(ABSTRACT)
    for number in ("1.3 billion", "171,189", "30,000", "31", "1.1 billion", "26"):
        assert number in note and number in ABSTRACT


def test_without_figures_the_first_sentence_is_used_and_nothing_is_invented() -> None:
    assert build_note("A generalist model for radiology. It is evaluated widely.") == (
        "A generalist model for radiology."
    )
    assert build_note(None) == "" and build_note("") == ""
    assert len(build_note("word " * 200)) <= 220


def test_markdown_helpers_make_untrusted_text_inert() -> None:
    text = md_inline("a|b [x](javascript:alert(1)) <b>hi</b> `c` & https://evil.example\nnext")
    assert "\n" not in text and "<b>" not in text and "](" not in text
    assert "https://" not in text and "&amp;" in text
    assert safe_url("javascript:alert(1)") == "about:blank"
    assert safe_url("https://x.org/a b<c>") == "https://x.org/a%20b%3Cc%3E"
