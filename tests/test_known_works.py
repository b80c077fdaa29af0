"""A work already in the catalog is never proposed again, and a new one is never taken for it.

Each case is a way a real catalog row and a real feed record of the same paper differ (a model
name the journal added, a second link in the Paper cell, a Lancet PII, a paper page on Hugging
Face), or a way two different papers look alike (a version number, another model's name, one
swapped word under another arXiv id). The titles and identifiers of the seed's rows are facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fmwatch.catalog import parse_catalog
from fmwatch.config import Config
from fmwatch.identity import TitleIndex, name_key, title_forms, titles_match
from fmwatch.models import Paper
from fmwatch.score import Scorer
from fmwatch.scoring import score_stored
from fmwatch.store import Store
from fmwatch.works import KnownWorks, group_works

HEAD = (
    "# Catalog\n\n## Image Data\n\n"
    "| Name | Paper | GitHub | Hugging Face / weights | Note |\n"
    "|---|---|---|---|---|\n"
)


def known(*rows: str) -> KnownWorks:
    return KnownWorks.from_catalog(parse_catalog(HEAD + "".join(r + "\n" for r in rows)))


@pytest.mark.parametrize(
    ("catalogued", "incoming"),
    [
        # a journal or a preprint adds or drops the model's name before a colon
        (
            "Large-scale foundation model on single-cell transcriptomics",
            "scFoundation: Large-scale foundation model on single-cell transcriptomics",
        ),
        (
            "Nicheformer: a foundation model for single-cell and spatial omics",
            "A foundation model for single-cell and spatial omics",
        ),
    ],
)
def test_a_title_with_or_without_the_model_name_is_the_same_work(
    catalogued: str, incoming: str
) -> None:
    assert titles_match(catalogued, incoming)
    index = known(f"| X | [{catalogued}](https://example.org/paper) | - | - | - |")
    assert index.match({"arxiv:2401.99901"}, incoming) is not None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # a new version of a model family is a new paper
        (
            "Virchow2: Scaling self-supervised mixed magnification models in pathology",
            "Virchow3: Scaling self-supervised mixed magnification models in pathology",
        ),
        (
            "UNI: Towards a general-purpose foundation model for computational pathology",
            "UNI 2: Towards a general-purpose foundation model for computational pathology",
        ),
        # two models with the same subtitle are two papers
        (
            "CellFM: a large-scale foundation model pre-trained on transcriptomics of human cells",
            "CellLM: a large-scale foundation model pre-trained on transcriptomics of human cells",
        ),
    ],
)
def test_another_version_or_another_model_is_not_the_same_work(one: str, other: str) -> None:
    assert not titles_match(one, other)
    a = Paper(source="arxiv", source_id="2408.00738", arxiv_id="2408.00738", title=one)
    b = Paper(source="arxiv", source_id="2611.00001", arxiv_id="2611.00001", title=other)
    assert len(group_works([a, b])) == 2
    index = known(f"| X | [{one}](https://arxiv.org/abs/2408.00738) | - | - | - |")
    assert index.match({"arxiv:2611.00001"}, other) is None


def test_one_swapped_word_is_another_paper_whatever_its_identifiers() -> None:
    """Similar enough to pass the fuzzy threshold, but a content word differs: two papers,
    under two arXiv ids or as a preprint and a journal article (the same title under two ids
    is still one: a duplicate submission)."""
    catalogued = "A foundation model for spatial transcriptomics of the developing mouse brain"
    incoming = "A foundation model for spatial transcriptomics of the developing human brain"
    assert not titles_match(catalogued, incoming)
    index = known(f"| X | [{catalogued}](https://arxiv.org/abs/2501.00001) | - | - | - |")
    assert index.match({"arxiv:2611.00002"}, incoming) is None
    assert index.match({"arxiv:2611.00002"}, catalogued) is not None  # the same title
    assert index.match({"doi:10.1038/s41592-026-00003-3"}, incoming) is None
    a = Paper(source="arxiv", source_id="2501.00001", arxiv_id="2501.00001", title=catalogued)
    b = Paper(source="arxiv", source_id="2611.00002", arxiv_id="2611.00002", title=incoming)
    assert len(group_works([a, b])) == 2


@pytest.mark.parametrize(
    ("catalogued", "incoming"),
    [
        # one modality, organ, species or setting for another: another model
        (
            "A pathology foundation model for cancer diagnosis and prognosis prediction",
            "A radiology foundation model for cancer diagnosis and prognosis prediction",
        ),
        (
            "Foundation model for cancer imaging biomarkers",
            "Foundation model for cardiac imaging biomarkers",
        ),
        (
            "A visual-language foundation model for computational pathology",
            "A visual-language foundation model for computational cytopathology",
        ),
        (
            "Large-scale foundation model on single-cell transcriptomics",
            "Large-scale foundation model on single-cell transcriptomics of plants",
        ),
        (
            "Zero-shot evaluation of pathology foundation models on rare tumours",
            "Few-shot evaluation of pathology foundation models on rare tumours",
        ),
        (
            "Self-supervised ECG representation learning for arrhythmia detection at scale",
            "Self-supervised EEG representation learning for arrhythmia detection at scale",
        ),
        (
            "Pathology foundation models are robust to stain variation across hospitals",
            "Pathology foundation models are not robust to stain variation across hospitals",
        ),
    ],
)
def test_a_new_paper_one_content_word_away_from_a_catalogued_one_is_not_known(
    catalogued: str, incoming: str
) -> None:
    """Silently marking a new foundation-model paper "known" (so never proposed) is the worst
    miss there is: a title one word away from a catalogued one, from a journal (no key
    conflicts with the row's arXiv id), is another paper."""
    assert not titles_match(catalogued, incoming)
    index = known(f"| X | [{catalogued}](https://arxiv.org/abs/2501.00001) | - | - | - |")
    assert index.match({"doi:10.1038/s41591-026-00001-1"}, incoming) is None


def test_a_title_without_a_name_is_not_the_same_title_as_one_with_a_name() -> None:
    """ "SPARC: a foundation model …" matches "A foundation model …" only as alike (99), never
    as the same title (100): under two arXiv ids they are two papers."""
    plain = "A foundation model for spatial proteomics of tumour tissue"
    named = "SPARC: a foundation model for spatial proteomics of tumour tissue"
    assert titles_match(plain, named)  # a journal may add the name: one work when ids allow
    a = Paper(source="arxiv", source_id="2506.03373", arxiv_id="2506.03373", title=plain)
    b = Paper(source="arxiv", source_id="2601.01236", arxiv_id="2601.01236", title=named)
    assert len(group_works([a, b])) == 2
    index = known(f"| KRONOS | [{plain}](https://arxiv.org/abs/2506.03373) | - | - | - |")
    assert index.match({"arxiv:2601.01236"}, named) is None


def test_two_biorxiv_preprints_are_two_works_however_alike_their_titles() -> None:
    one = "Single-cell transcriptomics of the developing brain with a foundation model"
    a = Paper(
        source="biorxiv",
        source_id="10.1101/2025.03.01.640001",
        doi="10.1101/2025.03.01.640001",
        title=one,
    )
    b = Paper(
        source="biorxiv",
        source_id="10.64898/2026.01.11.659999",
        doi="10.64898/2026.01.11.659999",
        title=one.replace("brain", "brains"),
    )
    assert len(group_works([a, b])) == 2


def test_every_link_of_the_paper_cell_names_the_work() -> None:
    index = known(
        "| UNI | [Towards a general-purpose foundation model for computational pathology]"
        "(https://www.nature.com/articles/s41591-024-02857-3) · "
        "[arXiv](https://arxiv.org/abs/2308.15474) | - | - | - |"
    )
    [entry] = index.entries
    assert {"doi:10.1038/s41591-024-02857-3", "arxiv:2308.15474"} <= entry.keys
    assert index.match({"arxiv:2308.15474"}, None) is not None


@pytest.mark.parametrize(
    "link",
    [
        "https://huggingface.co/papers/2408.00738",
        "https://www.alphaxiv.org/abs/2408.00738",
    ],
)
def test_a_paper_page_on_hugging_face_or_alphaxiv_is_the_arxiv_paper(link: str) -> None:
    index = known(f"| Virchow2 | [HF Papers]({link}) | - | - | - |")
    scorer = Scorer(known=index)
    result = scorer.score(
        {"title": "Something else entirely", "abstract": "", "arxiv_id": "2408.00738"}
    )
    assert result.decision == "known"


def test_a_lancet_pii_link_and_the_doi_are_one_work() -> None:
    """The seed's Foresight row links ScienceDirect by PII; a record carries the DOI that spells
    the same PII out."""
    index = known(
        "| Foresight | [ScienceDirect](https://www.sciencedirect.com/science/article/pii/"
        "S2589750024000256) | - | - | - |"
    )
    scorer = Scorer(known=index)
    result = scorer.score(
        {
            "title": "Foresight—a generative pretrained transformer for modelling of patient "
            "timelines using electronic health records: a retrospective modelling study",
            "abstract": "A generative transformer pretrained on patient timelines.",
            "doi": "10.1016/S2589-7500(24)00025-6",
        }
    )
    assert result.decision == "known"


def test_the_catalog_may_know_a_work_by_another_record_s_title(tmp_path: Path) -> None:
    """The row links a page that gives no key and carries the journal's title; the work's
    speaking record is the arXiv preprint (it has the abstract) under its own title."""
    title = "Expert-level detection of pathologies from unannotated chest X-ray images via self-supervised learning"  # noqa: E501
    index_text = HEAD + (
        f"| CheXzero | [{title}](https://pmc.ncbi.nlm.nih.gov/articles/PMC9792370/) | - | - | - |\n"
    )
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(index_text, encoding="utf-8")
    journal = Paper(
        source="nature",
        source_id="10.1038/s41551-022-00936-9",
        doi="10.1038/s41551-022-00936-9",
        title=title,
    )
    preprint = Paper(
        source="arxiv",
        source_id="2201.00001",
        arxiv_id="2201.00001",
        doi="10.1038/s41551-022-00936-9",
        title="CheXzero: zero-shot chest X-ray pathology classification from radiology reports",
        abstract="We pretrain a vision-language foundation model on 377,000 chest X-ray images "
        "paired with radiology reports, and it classifies pathologies zero-shot across many "
        "datasets without any labels, at the level of radiologists.",
    )
    config = Config(state_dir=str(tmp_path / "state"), catalog=str(catalog))
    with Store(config.db_path) as store:
        store.upsert_papers([journal, preprint])
        summary = score_stored(config, store)
        assert summary.works == 1
        [row] = store.db.table("scores").rows
    assert row["decision"] == "known" and row["known_as"] == "catalogued: CheXzero"


def test_a_number_written_with_separators_is_the_same_number() -> None:
    assert titles_match(
        "A pathology foundation model trained on 100,000 whole-slide images",
        "A Pathology Foundation Model Trained on 100000 Whole-Slide Images",
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # spelling, hyphens and function words are not content changes
        (
            "Towards a visual-language foundation model for computational pathology",
            "A visual-language foundation model for computational pathology",
        ),
        (
            "Self-supervised modelling of tumour microenvironments in whole-slide images",
            "Self-supervised modeling of tumor microenvironments in whole-slide images",
        ),
        (
            "A pre-trained transformer for single-cell multi-omics integration at atlas scale",
            "A pretrained transformer for single cell multiomics integration at atlas scale",
        ),
        # digits in LaTeX math or a superscript are the title's digits too
        (
            "ConceptM$^3$oE: a mixture of concept experts for radiology",
            "ConceptM3oE: A Mixture of Concept Experts for Radiology",
        ),
        (
            "ConceptM<sup>3</sup>oE: a mixture of concept experts for radiology",
            "ConceptM3oE: A Mixture of Concept Experts for Radiology",
        ),
        # one name, spelled two ways, or grown a prefix
        (
            "The Nucleotide Transformer: Building and Evaluating Robust Foundation Models for Human Genomics",  # noqa: E501
            "Nucleotide Transformer: building and evaluating robust foundation models for human genomics",  # noqa: E501
        ),
        (
            "Med-PaLM: large language models encode clinical knowledge",
            "MedPaLM: Large language models encode clinical knowledge",
        ),
        (
            "Prov-GigaPath: a whole-slide foundation model for digital pathology from real-world data",  # noqa: E501
            "GigaPath: A whole-slide foundation model for digital pathology from real-world data",
        ),
        # a name spelled the British or the American way is one name
        (
            "HaemNet: a foundation model for haematology slides across hospitals",
            "HemNet: a foundation model for hematology slides across hospitals",
        ),
        (
            "Tumour Atlas: a foundation model for tumour microenvironments across cancers",
            "Tumor Atlas: a foundation model for tumor microenvironments across cancers",
        ),
        # a number on one side only is a rewording, not another paper
        (
            "A foundation model for COVID-19 chest radiograph interpretation across hospitals",
            "A foundation model for COVID chest radiograph interpretation across hospitals",
        ),
        (
            "Phase II evaluation of a multimodal foundation model for breast cancer screening",
            "Phase 2 evaluation of a multimodal foundation model for breast cancer screening",
        ),
        # a journal's retitling of its preprint, as journals really do it
        (
            "DNA language models are powerful zero-shot predictors of genome-wide variant effects",
            "DNA language models are powerful predictors of genome-wide variant effects",
        ),
        (
            "Deep learning of oesophageal adenocarcinoma histology with a foundation model",
            "Deep learning of esophageal adenocarcinoma histology with a foundation model",
        ),
        (
            "A foundation model for cardiac magnetic resonance across imaging modalities",
            "A foundation model for cardiac magnetic resonance across imaging modality",
        ),
        (
            "A foundation model for chest X-rays and their radiology reports at scale",
            "A foundation model for chest X-ray and their radiology reports at scale",
        ),
        (
            "Alpha-synuclein aggregation modelled by a protein language model",
            "α-synuclein aggregation modeled by a protein language model",
        ),
        # more spellings journals use: British and American, singular and plural, numerals
        (
            "A foundation model for generalizable cancer diagnosis and survival prediction",
            "A foundation model for generalisable cancer diagnosis and survival prediction",
        ),
        (
            "A foundation model for behavioral phenotyping of mice from home-cage video",
            "A foundation model for behavioural phenotyping of mice from home-cage video",
        ),
        (
            "Deep learning detection of liver metastasis on contrast-enhanced abdominal CT",
            "Deep learning detection of liver metastases on contrast-enhanced abdominal CT",
        ),
        (
            "A single-cell foundation model of stem cell niches across human tissues",
            "A single-cell foundation model of stem cell niche across human tissues",
        ),
        (
            "A foundation model for alpha-synuclein aggregation in Parkinson disease models",
            "A foundation model for α-synuclein aggregation in Parkinson disease models",
        ),
        (
            "Uses of foundation models for clinical decision support in emergency care",
            "Use of foundation models for clinical decision support in emergency care",
        ),
        (
            "Analysing fibre tracts of the ageing brain with a diffusion MRI foundation model",
            "Analyzing fiber tracts of the aging brain with a diffusion MRI foundation model",
        ),
        (
            "A foundation model for phase 2 trial outcome prediction from protocols",
            "A foundation model for phase II trial outcome prediction from protocols",
        ),
        # a compound with or without its hyphen ("multi-scale" normalises to "multi scale",
        # whose "scale" is a qualifier matching skips, so the words left, "multi" and
        # "multiscale", looked like another word)
        (
            "SToFM: a Multi-scale Foundation Model for Spatial Transcriptomics",
            "A multiscale foundation model for spatial transcriptomics",
        ),
        (
            "Whole-slide pathology foundation model pretrained at large scale",
            "Whole-slide pathology foundation model pretrained at largescale",
        ),
    ],
)
def test_rewritten_titles_of_one_paper_still_match(one: str, other: str) -> None:
    assert titles_match(one, other)


def test_a_repository_doi_is_no_journal_doi() -> None:
    """An arXiv record may carry a Zenodo or Research Square DOI: that is not another journal
    article, so it does not stop a title match with the catalog's journal row."""
    index = known(
        "| CONCH | [A visual-language foundation model for computational pathology]"
        "(https://www.nature.com/articles/s41591-024-02856-4) | - | - | - |"
    )
    title = "Towards a Visual-Language Foundation Model for Computational Pathology"
    for doi in ("doi:10.5281/zenodo.8145620", "doi:10.21203/rs.3.rs-3186512/v1"):
        assert index.match({"arxiv:2307.12914", doi}, title) is not None


def test_a_correction_notice_is_never_its_paper() -> None:
    title = "A pathology foundation model for cancer diagnosis and prognosis prediction"
    assert not titles_match(f"Author Correction: {title}", title)
    index = known(
        f"| CHIEF | [{title}](https://www.biorxiv.org/content/10.1101/2023.11.01.564321v1) "
        "| - | - | - |"
    )
    assert index.match({"doi:10.1038/s41586-025-08888-1"}, f"Author Correction: {title}") is None


def test_a_work_known_both_ways_is_known_as_the_catalog_row_whatever_the_hash_seed() -> None:
    """A work whose keys hit a catalog row and a curator's decision: the row wins, in every
    process (set order follows Python's hash seed; scoring must not)."""
    import os
    import subprocess
    import sys

    code = (
        "from fmwatch.catalog import parse_catalog\n"
        "from fmwatch.works import KnownWorks\n"
        "known = KnownWorks.from_catalog(parse_catalog("
        "'# C\\n\\n## Genomic data\\n\\n| Name | Paper | GitHub | Weights | Note |\\n"
        "|---|---|---|---|---|\\n"
        "| Evo | [Evo](https://www.biorxiv.org/content/10.1101/2024.02.27.582234v1) "
        "| - | - | - |\\n'))\n"
        "known.add_decision({'doi:10.1126/science.ado9336', 'arxiv:2402.00001'}, "
        "'Evo', 'accepted')\n"
        "keys = {'doi:10.1101/2024.02.27.582234', 'doi:10.1126/science.ado9336', "
        "'arxiv:2402.00001', 'pii:x', 'doi:10.1/a', 'doi:10.1/b'}\n"
        "print(known.match(keys, None).label)\n"
    )
    labels = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        labels.add(done.stdout.strip())
    assert labels == {"catalogued: Evo"}


def test_the_title_index_follows_the_same_rule_as_titles_match() -> None:
    """TitleIndex inlines forms_similarity for speed (it runs for every stored record): the
    two must give the same answer on every kind of pair the rule distinguishes."""
    titles = [
        "Nicheformer: a foundation model for single-cell and spatial omics",
        "A foundation model for single-cell and spatial omics",
        "Virchow2: Scaling self-supervised mixed magnification models in pathology",
        "Virchow3: Scaling self-supervised mixed magnification models in pathology",
        "Virchow 2: Scaling Self-Supervised Mixed Magnification Models in Pathology",
        "CellFM: a large-scale foundation model pre-trained on transcriptomics of human cells",
        "CellLM: a large-scale foundation model pre-trained on transcriptomics of human cells",
        "Prov-GigaPath: a whole-slide foundation model for digital pathology from real-world data",
        "GigaPath: A whole-slide foundation model for digital pathology from real-world data",
        "A foundation model for COVID-19 chest radiograph interpretation across hospitals",
        "A foundation model for COVID chest radiograph interpretation across hospitals",
        "Author Correction: A foundation model for COVID chest radiograph interpretation",
        "Foundation models in medicine",
    ]
    for one in titles:
        for other in titles:
            index: TitleIndex[int] = TitleIndex()
            index.add(one, 0)
            assert (index.find(other) is not None) == titles_match(one, other), (one, other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # one letter or a prefix apart, and another thing
        ("hypoglycemia", "hyperglycemia"),
        ("retinal", "renal"),
        ("ECGs", "EEGs"),
        ("scRNA-seq", "snRNA-seq"),
        ("genomic", "genetic"),
    ],
)
def test_words_a_letter_apart_are_still_other_words(one: str, other: str) -> None:
    title = "A foundation model of {} signals across human tissues and cohorts"
    assert not titles_match(title.format(one), title.format(other))


def test_a_plus_makes_another_model_s_name_in_titles_as_in_the_catalog() -> None:
    """ "ChatCAD+: …" is the follow-up of "ChatCAD: …", as the linter reads "PathChat+" beside
    "PathChat": one rule for a model's name (``name_key``), so two titles alike but for their
    names are two works, even when the rest is word for word the same (one normalised title);
    the same name spelled two ways is still one."""
    plus = "ChatCAD+: Towards a universal and reliable interactive CAD using large language models"
    plain = "ChatCAD: Towards universal and reliable interactive CAD using large language models"
    assert not titles_match(plus, plain)
    assert titles_match(plus, plain.replace("ChatCAD", "Chat-CAD+"))
    assert not titles_match(plus, plus.replace("ChatCAD+", "ChatCAD"))
    assert titles_match(plus, plus.replace("ChatCAD+", "CHATCAD +"))
    same_words = "GPT: towards taming language models to be a doctor in clinical practice"
    assert not titles_match("华佗" + same_words, "扁鹊" + same_words)
    assert name_key("PathChat+") != name_key("PathChat")
    assert name_key("UNet++") != name_key("UNet+")
    assert name_key("Tumour Atlas") == name_key("Tumor Atlas") == name_key("TUMOR-ATLAS")
    assert name_key("The Nucleotide Transformer") == name_key("Nucleotide Transformer")
    assert name_key("华佗GPT") != name_key("扁鹊GPT")
    assert name_key("Titans") != name_key("TITAN") and name_key("Moss") != name_key("Mo")
    assert name_key("BrainMAE2") != name_key("BrainMoE2")
    assert name_key("BrainMAEv2") != name_key("BrainMoEv2") and name_key("ViTAE") != "vite"
    assert name_key("HAEMNET") == name_key("HaemNet") == name_key("HemNet")
    assert name_key("BRAINMAEV2") == name_key("BrainMAEv2")  # case never decides
    assert name_key("Phoenix") != name_key("Phenix") and name_key("Aegis") != name_key("Egis")
    assert name_key("PaedCXR") == name_key("PedCXR") and name_key("OesoNet") == name_key("EsoNet")
    assert name_key("BacteraemiaNet") == name_key("BacteremiaNet")
    # a name's acronym after it is no part of it, as the scorer and enrichment read it
    omni = "PathOmni (PO): a pathology foundation model for whole slides"
    assert titles_match(omni, "PathOmni: a pathology foundation model for whole slides")
    assert not titles_match(omni, omni.replace("PathOmni (PO)", "CellOmni (CO)"))
    assert title_forms("Tiny Time Mixers (TTMs): fast pre-trained models").name == "tinytimemixers"
    title = "ChronoEarth: a foundation model for longitudinal retinal imaging across clinics"
    assert titles_match(title, title.upper().replace("CLINICS", "THE CLINICS"))


def test_a_journal_spelling_of_rare_words_finds_its_preprint_among_many_titles() -> None:
    """The index finds titles by their rarest words, each in one form of its spellings: a
    journal's "Modelling tumour …" finds the preprint's "Modeling tumor …" in a store where
    the British spellings are the rarer words."""
    rng = __import__("random").Random(3)
    # the title's other words are common here; the British spellings are the rarest words
    common = ["heterogeneity", "across", "whole", "slide", "images", "pathology", "foundation"]
    filler = [" ".join(rng.sample(common, 5)) + f" cohort{i}" for i in range(3000)]
    filler.append("Radiogenomic atlas of tumour hypoxia modelling in head and neck cancer")
    preprint = (
        "Modeling tumor heterogeneity across whole slide images with a pathology foundation model"
    )
    journal = (
        "Modelling tumour heterogeneity across whole-slide images with a pathology foundation model"
    )
    papers = [
        Paper(source="arxiv", source_id=f"2605.{i:05d}", arxiv_id=f"2605.{i:05d}", title=t)
        for i, t in enumerate(filler)
    ]
    papers.append(
        Paper(source="arxiv", source_id="2605.99999", arxiv_id="2605.99999", title=preprint)
    )
    papers.append(
        Paper(source="nature", source_id="x", doi="10.1038/s41591-026-00002-2", title=journal)
    )
    works = group_works(papers)
    assert sum(1 for w in works if any(p.title in (preprint, journal) for p in w.papers)) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # values named in words: one side may drop one, two different ones are two papers
        (
            "A foundation model for two-dimensional medical image segmentation across organs",
            "A foundation model for three-dimensional medical image segmentation across organs",
        ),
        (
            "A foundation model for alpha thalassemia screening from routine blood counts",
            "A foundation model for beta thalassemia screening from routine blood counts",
        ),
        (
            "A foundation model for α-thalassemia screening from routine blood counts",
            "A foundation model for β-thalassemia screening from routine blood counts",
        ),
        (
            "Zero-shot cell type annotation with a single-cell foundation model at atlas scale",
            "One-shot cell type annotation with a single-cell foundation model at atlas scale",
        ),
        # the same words in another order
        (
            "Synthesising CT from MRI with a diffusion foundation model for radiotherapy planning",
            "Synthesising MRI from CT with a diffusion foundation model for radiotherapy planning",
        ),
        # a word and its derivative are two words
        (
            "Foundation model for wearable sensor data in Parkinson disease monitoring",
            "Foundation model for wearable sensory data in Parkinson disease monitoring",
        ),
        (
            "A foundation model of retinal images from health screening programmes",
            "A foundation model of retinal images from healthy screening programmes",
        ),
        # digits against a numeral, and Greek letters however written
        (
            "A foundation model for type 1 diabetes management from glucose monitors",
            "A foundation model for type II diabetes management from glucose monitors",
        ),
        (
            "A foundation model for $\\alpha$-thalassemia screening from routine blood counts",
            "A foundation model for $\\beta$-thalassemia screening from routine blood counts",
        ),
        (
            "A protein language model of µ-opioid receptor signalling across species",
            "A protein language model of δ-opioid receptor signalling across species",
        ),
        (
            "A structure foundation model predicts π-helix formation in membrane proteins",
            "A structure foundation model predicts α-helix formation in membrane proteins",
        ),
        (
            "BrainMAE pretraining of vision transformers for brain MRI foundation models",
            "BrainMoE pretraining of vision transformers for brain MRI foundation models",
        ),
        # an acronym is not a British spelling
        (
            "Scaling MAE pretraining of vision transformers for chest radiograph foundation models",
            "Scaling MoE pretraining of vision transformers for chest radiograph foundation models",
        ),
    ],
)
def test_titles_naming_different_values_or_acronyms_are_two_papers(one: str, other: str) -> None:
    assert not titles_match(one, other)


@pytest.mark.parametrize(
    "notice", ["Retracted", "RETRACTED ARTICLE", "Notice of Retraction", "Withdrawn", "Reply"]
)
def test_retraction_and_withdrawal_notices_are_never_their_paper(notice: str) -> None:
    title = "A visual-language foundation model for computational pathology"
    assert not titles_match(f"{notice}: {title}", title)


LANCET = (
    "Foresight—a generative pretrained transformer for modelling of patient timelines using "
    "electronic health records"
)


@pytest.mark.parametrize(
    "published",
    [
        f"{LANCET}: a retrospective modelling study",
        f"{LANCET}: a multicentre, retrospective, diagnostic accuracy study",
        f"{LANCET}: a systematic review and meta-analysis",
        f"{LANCET} — a randomised controlled trial",
        f"{LANCET}. A retrospective cohort study.",
        f"{LANCET}; a multicenter, prospective, phase 3 randomized trial",
    ],
)
def test_a_study_design_subtitle_a_journal_adds_is_the_same_paper(published: str) -> None:
    """Medical journals add the study design to the title its preprint had: the catalog's row
    (journal title, a link naming no work) knows the preprint, and the preprint's row knows the
    journal record; with the "Name:" prefix dropped too."""
    assert titles_match(published, LANCET)
    assert titles_match(published, "Foresight: " + LANCET.removeprefix("Foresight—"))
    # a named title with the subtitle against the unnamed one without it
    named = "Foresight: " + published.removeprefix("Foresight—")
    assert titles_match(named, LANCET.removeprefix("Foresight—"))
    row = f"| Foresight | [{published}](https://example.org/foresight) | - | - | - |"
    assert known(row).match({"arxiv:2212.08072"}, LANCET) is not None
    row = f"| Foresight | [{LANCET}](https://arxiv.org/abs/2212.08072) | - | - | - |"
    assert known(row).match({"doi:10.1016/s2589-7500(24)00025-6"}, published) is not None


def test_a_journal_title_with_a_design_subtitle_is_found_by_its_own_words() -> None:
    """The index looks a title up by the rarest words of the title *without* its design
    subtitle: "retrospective" and "cohort" may be rare among indexed titles (two other studies
    hold them) while the preprint holds neither, and its own words are common."""
    preprint = (
        "Modelling tumour growth with a multimodal foundation model across forty cancer types"
    )
    journal = (
        "Modeling tumor growth with a multimodal foundation model across forty cancer types: "
        "a retrospective cohort study"
    )
    index: TitleIndex[str] = TitleIndex()
    index.add(preprint, "preprint")
    for i in range(30):  # the preprint's words, in titles of other things
        index.add(
            f"Forty cancer types and tumour growth {i}: a multimodal foundation model is "
            "modelling graph networks across mouse organs",
            f"other-{i}",
        )
    index.add("A retrospective cohort study of sepsis outcomes in adult intensive care", "s1")
    index.add("Retrospective cohort study design for rare paediatric epilepsy in Europe", "s2")
    found = index.find(journal)
    assert found is not None and found[0] == "preprint"


def test_a_design_subtitle_under_a_generic_title_makes_no_alternative_form() -> None:
    """Without its subtitle "Foundation models in medicine" is a generic title that names no
    one paper: two studies under it (retrospective, prospective) are two works, also in the
    index, which looks titles up by their forms."""
    one = "Foundation models in medicine: a retrospective multicentre cohort study"
    other = "Foundation models in medicine: a prospective multicentre cohort study"
    assert title_forms(one).distinctive and title_forms(one).core is None
    assert not titles_match(one, other)
    index: TitleIndex[str] = TitleIndex()
    index.add(one, "one")
    assert index.find(other) is None


def test_study_designs_alone_do_not_make_titles_alike_and_other_articles_stay_apart() -> None:
    # a subtitle that names anything but a design says what else the paper is
    for subtitle in (
        ": a breast cancer cohort study",
        ": an external validation study",
        ": a secondary analysis of a randomised controlled trial",
        ": a prospective study in children",
        ": a case study",
    ):
        assert not titles_match(LANCET + subtitle, LANCET), subtitle
    # a generic title with a design subtitle is still generic: no match on "deep learning"
    assert not titles_match("Deep learning: a retrospective study", "Deep learning")
    # two articles (two DOIs) whose titles differ only by their designs are two works
    retro = f"{LANCET}: a retrospective modelling study"
    prosp = f"{LANCET}: a prospective validation study"
    row = f"| Foresight | [{retro}](https://doi.org/10.1016/S2589-7500(24)00025-6) | - | - | - |"
    assert known(row).match({"doi:10.1016/s2589-7500(25)00111-1"}, prosp) is None
    a = Paper(source="journal", source_id="d1", doi="10.1000/retro.1", title=retro)
    b = Paper(source="journal", source_id="d2", doi="10.1000/prosp.2", title=prosp)
    assert len(group_works([a, b])) == 2
    # and a rewording of the title itself is still judged as before
    assert not titles_match(
        f"{LANCET.replace('patient', 'hospital')}: a retrospective modelling study", LANCET
    )


def test_a_hostile_title_is_read_in_one_pass() -> None:
    """A title of 20 KB of spaces between a design subtitle and a colon: only its collapsed
    end is searched for a subtitle (a backtracking search over the raw spaces took minutes)."""
    evil = f"{LANCET}: a cohort study in x" + " " * 20_000 + ":"
    assert not titles_match(evil, LANCET + " and a different ending")
    assert titles_match(f"{LANCET}:" + " " * 20_000 + "a retrospective cohort study", LANCET)


def test_a_version_number_after_the_rows_model_name_is_another_model() -> None:
    # the row's link text carries no "Name:" prefix (an em dash follows the name), so the
    # Name cell is what tells a successor apart; a substring test took "Foresight 2" for it
    title = (
        "Foresight—a generative pretrained transformer for modelling of patient timelines "
        "using electronic health records: a retrospective modelling study"
    )
    index = known(
        f"| Foresight | [{title}](https://www.sciencedirect.com/science/article/pii/"
        "S2589750024000256) | - | - | - |"
    )
    rest = "a generative pretrained transformer for modelling of patient timelines using "
    rest += "electronic health records"
    assert index.match({"arxiv:2601.99902"}, "Foresight 2: " + rest) is None
    assert index.match({"arxiv:2601.99902"}, "Foresight3: " + rest) is None
    assert index.match({"arxiv:2601.99902"}, "Foresight: " + rest) is not None


ROENTGEN_ROW = (
    "| RoentGen | [A vision–language foundation model for the generation of realistic chest X-ray "
    "images](https://www.nature.com/articles/s41551-024-01246-y) | - | - | - |"
)
UNI_TITLE = "Towards a general-purpose foundation model for computational pathology"
UNI_ROW = f"| UNI | [{UNI_TITLE}](https://www.nature.com/articles/s41591-024-02857-3) | - | - | - |"


@pytest.mark.parametrize(
    ("incoming", "keys", "is_known"),
    [
        # the preprint under its arXiv id, a record with no id, the name added, "Towards" gone
        (UNI_TITLE, {"arxiv:2308.15474"}, True),
        (UNI_TITLE.replace("-", " ") + ".", set(), True),
        ("UNI: " + UNI_TITLE, set(), True),
        ("A general-purpose foundation model for computational pathology", set(), True),
        # other fields, words added, another model's name, another journal article's DOI
        ("Towards a general-purpose foundation model for radiology", set(), False),
        ("Towards a general-purpose foundation model for computational cytology", set(), False),
        (UNI_TITLE + " and radiology", set(), False),
        ("CONCH: " + UNI_TITLE, set(), False),
        (UNI_TITLE, {"doi:10.1038/s41591-099-00001-x"}, False),
    ],
)
def test_a_title_of_the_fields_words_is_known_by_the_very_same_words(
    incoming: str, keys: set[str], is_known: bool
) -> None:
    # the row's title has one word that is not the field's ("computational"): too generic for
    # a likeness, it was never indexed, and its own paper came back as new
    index = known(UNI_ROW)
    assert (index.match(keys, incoming) is not None) is is_known


def test_a_wholly_generic_title_is_still_known_by_its_links_only() -> None:
    title = "Generative artificial intelligence in medicine"
    index = known(
        f"| GAI | [{title}](https://www.nature.com/articles/s41591-025-03983-2) | - | - | - |"
    )
    assert index.match(set(), title) is None
    assert index.match({"doi:10.1038/s41591-025-03983-2"}, title) is not None


@pytest.mark.parametrize(
    ("row", "incoming", "is_known"),
    [
        (
            "| VisionFM | [VisionFM: A Vision Foundation Model for Generalist Ophthalmic "
            "Artificial Intelligence](https://ai.nejm.org/doi/full/10.1056/AIoa2300221) "
            "| - | - | - |",
            "VisionFM: a Multi-Modal Multi-Task Vision Foundation Model for Generalist "
            "Ophthalmic Artificial Intelligence",
            True,
        ),
        (
            "| BiomedCLIP | [A Multimodal Biomedical Foundation Model Trained from Fifteen Million "
            "Image–Text Pairs](https://ai.nejm.org/doi/full/10.1056/AIoa2400640) | - | - | - |",
            "BiomedCLIP: a multimodal biomedical foundation model pretrained from fifteen "
            "million scientific image-text pairs",
            True,
        ),
        (
            ROENTGEN_ROW,
            "RoentGen: Vision-Language Foundation Model for Chest X-ray Generation",
            True,
        ),
        # the row's model under other words, the same words under another model's name
        (ROENTGEN_ROW, "RoentGen: vision-language foundation model for chest CT generation", False),
        (
            ROENTGEN_ROW,
            "CheXGen: Vision-Language Foundation Model for Chest X-ray Generation",
            False,
        ),
        (
            ROENTGEN_ROW,
            "RoentGen2: Vision-Language Foundation Model for Chest X-ray Generation",
            False,
        ),
        (
            "| PRISM | [PRISM: A Multi-Modal Generative Foundation Model for Slide-Level "
            "Histopathology](https://arxiv.org/pdf/2405.10254) | - | - | - |",
            "PRISM: a probabilistic framework for single-cell multiome integration",
            False,
        ),
    ],
)
def test_a_preprint_naming_the_rows_model_with_words_added_or_dropped_is_the_row(
    row: str, incoming: str, is_known: bool
) -> None:
    # the arXiv preprint of a catalogued journal article, under its own arXiv id: its title
    # names the row's model and holds (or is held in) the row's words, too unlike by letters
    index = known(row)
    assert (index.match({"arxiv:2401.99903"}, incoming) is not None) is is_known


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # an acronym written out or not (the blind reappearance fixture's misses)
        (
            "Accelerating Data Processing and Benchmarking of AI Models for Pathology",
            "Accelerating data processing and benchmarking of artificial intelligence models "
            "for pathology",
        ),
        (
            "Predicting patient timelines from electronic health records with a pretrained "
            "transformer",
            "Predicting patient timelines from EHRs with a pretrained transformer",
        ),
        # the preprint's title against the journal's: "--" for the dash, the acronym repeated
        # in brackets after its spelling, "EHRs" spelt out, the design subtitle
        (
            "Foresight -- Generative Pretrained Transformer (GPT) for Modelling of Patient "
            "Timelines using EHRs",
            f"{LANCET}: a retrospective modelling study",
        ),
        ("Molecular driven foundation model for oncological pathology",
         "Molecular-driven Foundation Model for Oncologic Pathology"),
    ],
)  # fmt: skip
def test_one_title_with_an_acronym_or_an_adjective_written_otherwise_is_one_paper(
    one: str, other: str
) -> None:
    assert titles_match(one, other)
    assert titles_match(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # an acronym spelt out is compared as its words: another acronym is another paper
        (
            "Benchmarking of AI models for whole-slide pathology report generation",
            "Benchmarking of ML models for whole-slide pathology report generation",
        ),
        (
            "Structuring EHRs with a pretrained transformer for oncology cohorts",
            "Structuring EMRs with a pretrained transformer for oncology cohorts",
        ),
        # "SSL" is semi-supervised learning too: an ambiguous acronym is not spelt out
        (
            "SSL for cardiac MRI segmentation with few labelled scans",
            "Self-supervised learning for cardiac MRI segmentation with few labelled scans",
        ),
        # "clinic" and "clinical" are two words (the "-ic"/"-ical" rule needs a longer stem)
        (
            "A clinic foundation model for triage of emergency department visits",
            "A clinical foundation model for triage of emergency department visits",
        ),
    ],
)
def test_titles_whose_acronyms_or_short_adjectives_differ_stay_two_papers(
    one: str, other: str
) -> None:
    assert not titles_match(one, other)


def test_a_generic_title_with_its_acronym_written_out_is_known_by_the_same_words() -> None:
    """ "Foundation models for generalist medical artificial intelligence" is too generic to
    match by likeness; it matches the very same words in order, with "AI" spelt out too, and
    "A visual-language foundation model for computational pathology" with "vision-language"."""
    works = known(
        "| GMAI | [Foundation models for generalist medical artificial intelligence]"
        "(https://www.nature.com/articles/s41586-023-05881-4) | - | - | - |"
    )
    assert works.match(set(), "Foundation Models for Generalist Medical AI") is not None
    assert works.match(set(), "Foundation models for generalist medical ML") is None
    conch = known(
        "| CONCH | [A visual-language foundation model for computational pathology]"
        "(https://www.nature.com/articles/s41591-024-02856-4) | - | - | - |"
    )
    assert conch.match(set(), "A vision-language foundation model for computational pathology")
    assert not conch.match(set(), "A vision-language foundation model for computational cytology")
