"""Draft notes: figures are quoted from the abstract, never invented, never misattributed."""

from __future__ import annotations

import re

import pytest

from fmwatch.notes import build_note, describe, draft_note, extract
from fmwatch.templating import md_inline, safe_url

ABSTRACT = (
    "We present SlideFM, a whole-slide foundation model pretrained on 1.3 billion 256 × 256 "
    "pathology image tiles in 171,189 whole slides from more than 30,000 patients covering 31 "
    "major tissue types. SlideFM is a ViT-G/14 with 1.1 billion parameters. We evaluate it on "
    "26 tasks, including cancer subtyping, mutation prediction and survival prediction."
)
TITLE = "A whole-slide foundation model for digital pathology"


def test_extracts_each_kind_of_figure() -> None:
    facts = extract(ABSTRACT)
    assert facts.data == [
        "1.3 billion 256 × 256 pathology image tiles",
        "171,189 whole slides",
        "more than 30,000 patients",
    ]
    assert facts.scope == ["31 major tissue types"]
    assert facts.size == ["ViT-G/14", "1.1 billion parameters"]
    assert facts.tasks == ["26 tasks"]
    assert facts.task_kinds == ["subtyping", "mutation prediction", "survival prediction"]
    assert facts.eval_data == [] and facts.other_data == []


def test_note_in_the_catalog_style() -> None:
    assert build_note(ABSTRACT, title=TITLE, section="Image Data") == (
        "Pathology foundation model trained on 1.3 billion 256 × 256 pathology image tiles, "
        "171,189 whole slides, more than 30,000 patients; 31 major tissue types; ViT-G/14, 1.1 "
        "billion parameters; evaluated on 26 tasks (subtyping, mutation prediction, survival "
        "prediction)."
    )


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # number words, with and without a qualifier
        (
            "We pre-train BRAVE with self-supervision on about a hundred thousand breast "
            "whole-slide images gathered from many hospitals.",
            "about a hundred thousand breast whole-slide images",
        ),
        (
            "The encoder was trained on over two million ultrasound images from many devices.",
            "over two million ultrasound images",
        ),
        ("We curated half a million chest radiographs for pretraining.", "half a million chest"),
        ("Pretrained on twenty-five thousand CT volumes.", "twenty-five thousand CT volumes"),
        # scale words, decimals, thousands separators, k/M/B suffixes
        (
            "Tiles were pretrained at scale: 1.3 billion tiles cut from 171,189 slides.",
            "1.3 billion tiles",
        ),
        ("The model is trained on 3.1 million WSIs of varied stains.", "3.1 million WSIs"),
        ("Trained on 60,530 whole-slide images from 19 anatomical sites.", "60,530 whole-slide"),
        ("We pretrain on 47k WSIs and 15M image-text pairs.", "47k WSIs"),
        ("We pretrain on 47k WSIs and 15M image-text pairs.", "15M image-text pairs"),
        ("A corpus of 2.1B tokens of clinical notes was used for training.", "2.1B tokens"),
        ("Trained on 15 million image–text pairs from 4.4 million articles.", "15 million image–"),
        # ranges are quoted whole, never cut to their upper end
        ("Each model was trained on 10–20 million cells.", "10–20 million cells"),
        ("It was trained on 2-3 million ECGs from three countries.", "2-3 million ECGs"),
        (
            "Pretraining used between 5 and 10 thousand operative videos.",
            "between 5 and 10 thousand operative videos",
        ),
        # a long descriptive phrase between the figure and its unit
        (
            "Pre-trained on more than a hundred million dissociated and spatially resolved human "
            "and mouse cells.",
            "more than a hundred million dissociated and spatially resolved human and mouse cells",
        ),
        (
            "Trained on 47,171 hematoxylin and eosin (H&E)-stained tissue sections.",
            "47,171 hematoxylin and eosin (H&E)-stained tissue sections",
        ),
    ],
)
def test_training_data_shapes(abstract: str, expected: str) -> None:
    facts = extract(abstract)
    assert any(expected in phrase for phrase in facts.data), facts
    assert any(expected in phrase for phrase in facts.data)
    for phrase in facts.data:  # every quoted phrase is verbatim text of the abstract
        assert phrase in " ".join(abstract.split())


@pytest.mark.parametrize(
    "abstract",
    [
        "We analysed dozens of cohorts and thousands of slides from several hospitals.",
        "Hundreds of thousands of images and millions of cells were used to pretrain it.",
        "The encoder works on 256 × 256 patches with a context of 2,048 tokens.",
        "We study 1,200 patients with COVID-19.",  # the figure is 1,200, not 19
        "The model fuses two images per study.",  # two images is not a data scale
    ],
)
def test_vague_or_non_scale_numbers_are_not_figures(abstract: str) -> None:
    facts = extract(abstract)
    found = facts.data + facts.other_data + facts.eval_data
    assert found == (["1,200 patients"] if "1,200" in abstract else []), found


def test_a_figure_is_training_data_only_when_the_sentence_says_so() -> None:
    facts = extract(
        "We pretrain on 2 million radiographs. The model was then validated on 12,000 patients "
        "from external hospitals. The archive also holds 5,000 reports."
    )
    assert facts.data == ["2 million radiographs"]
    assert facts.eval_data == ["12,000 patients"]
    assert facts.other_data == ["5,000 reports"]
    note = build_note(
        "We pretrain on 2 million radiographs. The model was then validated on 12,000 patients "
        "from external hospitals. The archive also holds 5,000 reports.",
        title="A chest X-ray foundation model",
        section="Image Data",
    )
    assert note == (
        "Chest X-ray foundation model trained on 2 million radiographs; data: 5,000 reports; "
        "evaluated on 12,000 patients."
    )


def test_figures_inside_a_clause_are_not_glued_to_another() -> None:
    facts = extract("In 2023 we collected 1,200 scans for pretraining.")
    assert facts.data == ["1,200 scans"]


def test_scope_size_and_tasks() -> None:
    facts = extract(
        "A 300M-parameter ViT-L/16 pretrained on 47 million patches from 16 tissue types and "
        "8 imaging modalities, evaluated across 54 oncology tasks and 11 independent cohorts."
    )
    assert facts.size == ["ViT-L/16", "300M-parameter"]
    assert facts.scope == ["16 tissue types", "8 imaging modalities"]
    assert facts.tasks == ["54 oncology tasks"]
    assert facts.eval_data == ["11 independent cohorts"]
    assert extract("Evo has seven billion parameters.").size == ["seven billion parameters"]
    assert extract("a 7-billion-parameter decoder").size == ["7-billion-parameter"]


def test_every_figure_in_the_note_is_in_the_abstract() -> None:
    note = build_note(ABSTRACT, title=TITLE, section="Image Data")
    for number in re.findall(r"\d[\d,.]*", note):
        assert number.rstrip(".,") in ABSTRACT


@pytest.mark.parametrize(
    ("title", "abstract", "section", "expected", "gap"),
    [
        (
            "A pathology foundation model for rare cancers",
            "We introduce a foundation model for pathology. It is evaluated widely.",
            "Image Data",
            "Pathology foundation model.",
            "no training-data figures in the abstract",
        ),
        (
            "DARE-EEG: A Foundation Model for Mining Dual-Aligned Representation of EEG",
            "Masked reconstruction is a common way to pre-train EEG foundation models.",
            "Clinical Data",
            "EEG foundation model.",
            "no training-data figures in the abstract",
        ),
        (
            "MedFM-Robust: Benchmarking Robustness of Medical Foundation Models",
            "We corrupt medical images with realistic artefacts and measure the damage.",
            "Benchmark paper",
            "Medical benchmark.",
            "no task or dataset counts in the abstract",
        ),
        (
            "scGPT: toward building a foundation model for single-cell multi-omics",
            None,
            "Genomic data",
            "Single-cell foundation model.",
            "no abstract available",
        ),
        (
            "A generalist vision–language foundation model for diverse biomedical tasks",
            "One open model handles many biomedical imaging tasks.",
            "Multimodal data",
            "Multimodal biomedical vision–language foundation model.",
            "no training-data figures in the abstract",
        ),
        (
            "Some work",
            "Nothing of note here.",
            "Image Data",
            "Medical imaging model.",
            "no training-data figures in the abstract",
        ),
    ],
)
def test_without_figures_a_short_neutral_note_and_a_remark_for_the_curator(
    title: str, abstract: str | None, section: str, expected: str, gap: str
) -> None:
    """What the note lacks is said to the curator (the pull request), not written into the
    catalog, where a merged row would keep "no training-data figures in the abstract"."""
    assert draft_note(abstract, title=title, section=section) == (expected, gap)
    assert build_note(abstract, title=title, section=section) == expected


@pytest.mark.parametrize(
    ("abstract", "size"),
    [
        (
            "Virchow, a 632-million-parameter vision transformer, is pretrained on slides.",
            "632-million-parameter model",
        ),
        ("We pretrain a ConvNeXt on pathology tiles.", "ConvNeXt backbone"),
        ("We pretrain a ViT-L/16 and a ViT-G/14 on tiles.", "ViT-L/16, ViT-G/14 backbones"),
    ],
)  # fmt: skip
def test_the_model_size_reads_as_curators_write_it(abstract: str, size: str) -> None:
    """ "a 632-million-parameter model", "ConvNeXt backbone": not "model: 632-million-parameter"."""
    note = build_note(abstract, title="A pathology foundation model", section="Image Data")
    assert size in note and "model: " not in note


def test_reviews_get_no_note_and_the_first_sentence_is_never_used() -> None:
    assert build_note(ABSTRACT, title="A review", section="Review paper") == ""
    assert describe("A review of foundation models", None, "Review paper") == ""
    note = build_note("A generalist model for radiology. It is evaluated widely.", title="x")
    assert "A generalist model for radiology" not in note


def test_hostile_input_gives_a_plain_note() -> None:
    # Repetitive input once made the cue search quadratic; the cue window and the figure cap
    # keep it linear. Here: the note is still right.
    assert build_note("pretrained on 10 slides, " * 1000, title="t", section="Image Data") == (
        "Medical imaging model trained on 10 slides."
    )
    for text in ("1 " * 10_000, "a hundred " * 2000, "(((( " * 4000):
        assert build_note(text, title="t", section="Image Data") == "Medical imaging model."


def test_markdown_helpers_make_untrusted_text_inert() -> None:
    text = md_inline("a|b [x](javascript:alert(1)) <b>hi</b> `c` & https://evil.example\nnext")
    assert "\n" not in text and "<b>" not in text and "](" not in text
    assert "https://" not in text and "&amp;" in text
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("https://x.org/a b<c>") == "https://x.org/a%20b%3Cc%3E"
