"""The scorer: decisions, sections, evidence, caps, vocabularies from config, and bad input."""

from __future__ import annotations

import dataclasses

import pytest

from fmwatch import score as score_mod
from fmwatch.config import ScoringConfig
from fmwatch.errors import ConfigError
from fmwatch.models import SUMMARY_ONLY_NOTE, Paper, ScoreResult
from fmwatch.phrases import PhraseMatcher, normalize
from fmwatch.score import Item, Scorer, _generates_images, result_dict
from fmwatch.works import KnownWorks

PATHOLOGY_FM = {
    "id": "p1",
    "title": "Atlas-7: a general-purpose foundation model for computational pathology",
    "abstract": (
        "We present Atlas-7, a self-supervised vision transformer pretrained on 1.2 billion image "
        "tiles from 400,000 whole-slide images of 60 tissue types. Without fine-tuning, its "
        "embeddings transfer to a wide range of tasks: cancer subtyping, biomarker prediction and "
        "survival prediction across 40 clinical datasets. Weights: https://huggingface.co/lab/atlas-7"
    ),
    "comment": "Code at https://github.com/lab/atlas7/tree/main",
}


#: The rules alone: most tests here are of the rules, on short invented abstracts that the
#: likeness word model (step 8, learned from real papers; tests/test_likeness_say.py) would
#: judge on its own terms. Tests of the default scorer say ``Scorer()``.
RULES_ALONE = ScoringConfig(likeness_propose=1.0, likeness_hold=0.0)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(RULES_ALONE)


@pytest.fixture(scope="module")
def rules() -> Scorer:
    """The rules alone, their sections too (no section word models): a rule's own decision."""
    return Scorer(ScoringConfig(section_model=False, likeness_propose=1.0, likeness_hold=0.0))


def phrases(result_evidence: list[dict[str, object]], kind: str) -> set[object]:
    return {e["phrase"] for e in result_evidence if e["kind"] == kind}


def test_a_new_pathology_foundation_model_is_proposed_in_image_data(scorer: Scorer) -> None:
    result = result_dict(scorer.score(PATHOLOGY_FM))
    assert result["decision"] == "propose"
    assert result["section"] == "Image Data"
    assert result["kind"] == "model"
    assert 0.6 <= result["score"] <= 1.0
    title_hits = {(e["phrase"], e["where"]) for e in result["evidence"]}
    assert ("foundation model", "title") in title_hits
    assert any(e["kind"] == "scale" for e in result["evidence"])
    assert result["model_name"] == "Atlas-7"
    assert result["code_url"] == "https://github.com/lab/atlas7"
    assert result["weights_url"] == "https://huggingface.co/lab/atlas-7"


@pytest.mark.parametrize(
    ("title", "abstract", "section", "kind"),
    [
        (
            "CellWeave: a foundation model for single-cell transcriptomics",
            "We pretrain a transformer on 40 million single-cell RNA-seq profiles; its gene "
            "expression embeddings transfer to cell type annotation and perturbation prediction.",
            "Genomic data",
            "model",
        ),
        (
            "ChartFM: a foundation model of electronic health records",
            "We present ChartFM, a generative transformer pretrained on structured EHR data and "
            "clinical notes of 3 million patients, which transfers to diverse downstream tasks "
            "such as readmission and mortality prediction.",
            "Clinical Data",
            "model",
        ),
        (
            "PathText: a vision-language foundation model for histopathology",
            "We introduce PathText, pretrained with contrastive learning on 2 million "
            "histopathology image-text pairs from pathology reports; it enables zero-shot "
            "classification, cross-modal retrieval and captioning.",
            "Multimodal data",
            "model",
        ),
        # continuous glucose monitoring is a wearable's signal, as ECG and PPG are
        (
            "SugarLine: a dual-branch foundation model for continuous glucose monitoring",
            "We present SugarLine, pretrained on 90,000 hours of CGM traces from four cohorts of "
            "people with and without diabetes; its representations transfer to forecasting, "
            "hypoglycaemia detection and risk stratification with few labels.",
            "Clinical Data",
            "model",
        ),
        # the omics fields beyond genes and transcripts are biomedical, and Genomic data
        (
            "SpecFormer: a foundation model of untargeted metabolomics",
            "We present SpecFormer, a transformer pretrained on 30 million unannotated spectra "
            "from public repositories; its embeddings transfer to compound class prediction, "
            "spectral similarity search and study-level phenotype prediction.",
            "Genomic data",
            "model",
        ),
        (
            "RepLM: a pretrained language model of T-cell receptor repertoires",
            "We pretrain RepLM with masked modelling on 80 million receptor sequences from 1,400 "
            "donors; the embeddings transfer to antigen specificity, repertoire-level disease "
            "classification and clonotype clustering.",
            "Genomic data",
            "model",
        ),
        (
            "MethylNet-FM: self-supervised pretraining on DNA methylation profiles",
            "We introduce MethylNet-FM, a foundation model pretrained on 100,000 methylomes across "
            "tissues; it transfers to age prediction, tumour type classification and imputation.",
            "Genomic data",
            "model",
        ),
        (
            "MicroBench: a benchmark of large language models for metagenomics",
            "We release MicroBench, 6,000 expert-checked questions on microbial community "
            "profiling, taxonomy and functional annotation, and evaluate twenty LLMs on it.",
            "Benchmark paper",
            "benchmark",
        ),
        (
            "Foundation models in medical imaging: a review",
            "This review surveys foundation models for medical imaging, including self-supervised "
            "pathology and radiology models, and we discuss opportunities and challenges.",
            "Review paper",
            "review",
        ),
        (
            "Benchmarking pathology foundation models on clinical tasks",
            "We benchmark 12 pathology foundation models on 30 clinical tasks from whole-slide "
            "images, a systematic evaluation of patch encoders across cancer types.",
            "Benchmark paper",
            "benchmark",
        ),
    ],
)
def test_sections_and_kinds(
    scorer: Scorer, title: str, abstract: str, section: str, kind: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert (result.section, result.kind) == (section, kind)
    assert result.decision == "propose"


def test_fine_tuning_an_existing_model_for_a_narrow_task_is_at_most_a_near_miss(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "Fine-tuning the Segment Anything foundation model with LoRA for polyps",
            "abstract": "We adapt SAM, a vision foundation model pretrained on 1 billion masks, to "
            "colonoscopy polyp segmentation with low-rank adapters, improving Dice on two clinical "
            "datasets of endoscopy images.",
        }
    )
    assert result.decision in ("near-miss", "drop")
    assert result.score < 0.6
    assert any(e.kind == "cap" for e in result.evidence)


def test_probing_a_general_model_on_medical_questions_is_not_proposed(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Evaluating GPT-4 and other large language models on board examinations",
            "abstract": "We evaluated ChatGPT, GPT-4 and Gemini on 1,200 medical board examination "
            "questions and compared their accuracy with physicians. GPT-4 answered 82% correctly.",
        }
    )
    assert result.decision != "propose"


def test_a_foundation_model_outside_biomedicine_is_dropped(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "TerraFM: a foundation model for remote sensing",
            "abstract": "We present TerraFM, pretrained on 1 billion satellite images for earth "
            "observation tasks such as land cover mapping and weather forecasting.",
        }
    )
    assert result.decision == "drop"
    assert ("note", "too little biomedical evidence") in {
        (e.kind, e.phrase) for e in result.evidence
    }


@pytest.mark.parametrize(
    "field",
    [
        "nephrology", "psychiatry", "paediatric intensive care", "obstetrics", "anaesthesia",
        "haematology", "veterinary medicine", "pharmacovigilance", "sepsis", "dementia",
        "kidney transplantation", "musculoskeletal sonography", "metabolomics",
        "T-cell receptor repertoires", "EEG", "ECG", "EMG", "fMRI", "MEG", "ECoG",
        "intracortical spiking activity", "calcium imaging", "psychotherapy", "suicide risk",
        "schizophrenia", "epidemic forecasting", "malaria", "clinical trials",
        "adverse drug events", "radiation oncology", "positron emission tomography",
        "nuclear medicine", "radiation therapy", "intraoral photographs", "periodontal disease",
        "dysarthria", "flow cytometry", "cell-free DNA", "liquid biopsy", "epitope presentation",
        "operating rooms", "intraoperative video", "laparoscopy", "fluoroscopy", "angiography",
        "palliative care", "hospice", "telehealth",
    ],
)  # fmt: skip
def test_a_medical_specialty_organ_or_disease_is_biomedical_evidence(
    scorer: Scorer, field: str
) -> None:
    """Named on its own, a specialty, an organ, a disease or a physiological signal makes the
    paper biomedical: "a foundation model for nephrology" is not dropped for want of other
    medical words (nor "TinyMyo: a Tiny Foundation Model for Flexible EMG Signal Processing at
    the Edge", which was: EMG weighs as EEG and ECG do)."""
    result = scorer.score(
        {
            "title": f"A pretrained foundation model for {field}",
            "abstract": f"We pretrain a large transformer on records of {field} and transfer "
            "it to many downstream tasks.",
        }
    )
    assert ("note", "too little biomedical evidence") not in {
        (e.kind, e.phrase) for e in result.evidence
    }
    assert result.decision != "drop"


@pytest.mark.parametrize(
    ("data", "section"),
    [
        ("intracortical neural recordings", "Clinical Data"),
        ("spiking activity of neural populations", "Clinical Data"),
        ("MEG", "Clinical Data"),
        ("fMRI", "Image Data"),
        # (not neural, but a signal all the same: "Event Fields: … for Waveform Foundation
        # Models" was filed under Image Data for its "segmentation" and "patches")
        ("segmented physiological waveform", "Clinical Data"),
    ],
)
def test_a_foundation_model_of_neural_data_is_filed_as_the_catalog_files_eeg_and_fmri(
    data: str, section: str, rules: Scorer
) -> None:
    """Neural signals recorded inside the skull or from neurons are signals as EEG is (the
    catalog's Brant and the generalist intracortical motor decoder NDT3 are Clinical Data; NDT3
    was dropped as not biomedical, and a model of neural dynamics filed under Genomic data for
    its "single-cell"); functional MRI is imaging (Brain-DiT is Image Data). The rules' own
    section (the section word models may overrule them)."""
    result = rules.score(
        {
            "title": f"A generalist foundation model pretrained on {data}",
            "abstract": f"We pretrain a large transformer on thousands of hours of {data} from "
            "hundreds of subjects and sessions, at single-cell resolution where available, and "
            "transfer it to decoding, forecasting and many other downstream tasks, zero-shot "
            "and with light fine-tuning. Weights are released.",
        }
    )
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    assert result.section == section


def test_a_foundation_model_of_positron_emission_tomography_is_image_data(rules: Scorer) -> None:
    """PET spelled out is imaging as "PET" is (a PET foundation model was filed under Clinical
    Data for its "staging" and "lesion" when the abstract never wrote the acronym), and it is
    biomedical on its own: a benchmark of multimodal LLMs on PET studies was held back, its
    biomedical evidence too little to make it a benchmark of biomedical models."""
    result = rules.score(
        {
            "title": "A generalist foundation model for whole-body positron emission tomography",
            "abstract": "We pretrain a large vision transformer on 100,000 positron emission "
            "tomography studies from twenty hospitals and transfer it to lesion detection, "
            "staging and many other downstream tasks. Weights are released.",
        }
    )
    assert result.decision == "propose"
    assert result.section == "Image Data"


def test_a_neural_language_model_is_not_a_biomedical_foundation_model(scorer: Scorer) -> None:
    """The word "neural" names neural data only beside data words ("neural recordings"): before a
    model noun it is the field's old name for any learned model ("neural language model")."""
    result = scorer.score(
        {
            "title": "Neural language models for clinical abbreviation expansion",
            "abstract": "We compare neural language models with rule-based expansion of "
            "abbreviations in discharge summaries from one hospital.",
        }
    )
    assert "domain_fm" not in {e.kind for e in result.evidence}


def test_a_general_multimodal_model_that_lists_fmri_among_its_inputs_is_not_biomedical(
    scorer: Scorer,
) -> None:
    """OneLLM aligns eight modalities with language, fMRI one of them: a general model, not one
    of biomedical data (fMRI in passing weighs less than a signal recorded for medicine)."""
    result = scorer.score(
        {
            "title": "OmniAlign: one framework to align every modality with language",
            "abstract": "We present a multimodal large language model that aligns eight "
            "modalities with language through one universal encoder: images, audio, video, "
            "point clouds, depth, normal maps, IMU readings and fMRI brain recordings. A "
            "progressive alignment pipeline and a two-million-item instruction dataset let it "
            "caption, answer questions and reason across modalities on 25 benchmarks.",
        }
    )
    assert result.decision != "propose"


#: a chemical language model: pretrained at scale, released, transferring zero-shot, and
#: outside the catalog (the labelling standard's AlphaFold 3 precedent)
LIGAND_MODEL = {
    "title": "LigandLM: a family of chemical language models for target-aware ligand generation",
    "abstract": (
        "We pretrain a family of transformer language models on 1.1 billion SMILES strings from "
        "public compound libraries and condition them on protein pocket sequences. The models "
        "generate drug-like ligands for unseen protein targets zero-shot, outperform earlier "
        "generative models on binding affinity and validity benchmarks, and transfer to property "
        "prediction after light fine-tuning. Weights for models from 100 million to 3 billion "
        "parameters are released for drug discovery."
    ),
}


def test_a_model_of_molecules_or_chemistry_is_at_most_a_near_miss(scorer: Scorer) -> None:
    """Chem42, MolE and CryoFM were proposed as Genomic data: pretrained, released, general,
    and models of molecules and densities, which curators do not add; a review of chemical
    and biological foundation models is still a review of the catalog's models."""
    result = scorer.score(LIGAND_MODEL)
    assert result.decision == "near-miss"
    assert ("cap", "a model of molecules or chemistry (title), not of biomedical data") in {
        (e.kind, e.phrase) for e in result.evidence
    }
    # what the cap changes: the same model under a title that does not name its chemistry
    plain = dict(LIGAND_MODEL, title="PocketLM: a family of language models for drug discovery")
    assert scorer.score(plain).decision == "propose"
    review = scorer.score(
        {
            "title": "Scientific large language models: a survey of chemical and biological "
            "foundation models",
            "abstract": "We review more than 200 large language models and foundation models "
            "pretrained on molecules, proteins, genomes and biomedical text, organise them by "
            "data type and architecture, and discuss datasets, benchmarks and open problems for "
            "their use in biology and medicine.",
        }
    )
    assert (review.decision, review.kind) == ("propose", "review")


def test_a_foundation_ai_model_is_a_foundation_model(scorer: Scorer) -> None:
    """ "3D Foundation AI Model for Generalizable Disease Detection in Head Computed Tomography"
    (blind21_dev) was held back as a model for one task: "foundation AI model" is the field's
    "foundation model" with a word between."""
    paper = {
        "title": "3D Foundation AI Model for Generalizable Disease Detection in Knee MRI",
        "abstract": "We pretrain a 3D vision transformer with self-supervised learning on "
        "410,000 knee MRI volumes from 30 hospitals, then fine-tune light heads to detect "
        "twelve conditions, from ligament tears to early osteoarthritis. With a tenth of the "
        "labels it matches fully supervised models and transfers to external cohorts and to "
        "scanners unseen in pretraining. The weights are released.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose"
    assert ("foundation", "foundation ai model") in {(e.kind, e.phrase) for e in result.evidence}


@pytest.mark.parametrize(
    "model",
    [
        "a large vision model",
        "a large reasoning model",
        "a frontier model",
        "a joint-embedding predictive architecture (JEPA)",
        "a text embedding model",
    ],
)
def test_the_field_s_other_names_for_pretrained_models_are_model_terms(
    scorer: Scorer, model: str
) -> None:
    result = scorer.score(
        {
            "title": f"Introducing {model} for clinical medicine",
            "abstract": f"We develop {model} for patients and hospitals, trained on 10 million "
            "clinical records, and evaluate it on 30 tasks.",
        }
    )
    assert result.decision != "drop"
    assert "no foundation-model, pre-training or LLM term" not in {
        e.phrase for e in result.evidence
    }


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (
            "StrokeFormer: a foundation model for handwriting, stroke by stroke",
            "We pretrain a transformer on 40 million pen strokes and transfer it to handwriting "
            "recognition, signature verification and sketch retrieval.",
        ),
        (
            "A foundation model for skin and bone rigging in character animation",
            "We pretrain on 2 million rigged meshes; the model transfers to skinning weight "
            "prediction and bone placement for new characters.",
        ),
        (
            "MacroFM: a foundation model of economic depression and recovery",
            "We pretrain a transformer on 150 years of indicators from 60 economies and transfer "
            "it to recession forecasting and heart-of-the-cycle dating in October releases.",
        ),
        (  # (an operations-research paper of the May 2026 listing, in other words)
            "Vaccine distribution under uncertainty with LLM agents",
            "Resource allocation systems such as humanitarian logistics and vaccine distribution "
            "must preposition limited supply; we let large language model agents plan it.",
        ),
    ],
)
def test_words_other_fields_share_are_no_biomedical_evidence(
    scorer: Scorer, title: str, abstract: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.decision == "drop"


def test_a_task_specific_segmentation_network_is_dropped(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "DualAttn-UNet: a lightweight network for liver tumor segmentation in CT",
            "abstract": "We propose a novel U-Net with an attention module and a new loss function "
            "for liver tumor segmentation, improving Dice on a single-center CT dataset.",
        }
    )
    assert result.decision == "drop"


def test_a_missing_abstract_is_scored_on_title_and_journal_and_says_so(scorer: Scorer) -> None:
    paper = Paper(
        source="nature",
        source_id="s41591-000-0000-0",
        title="A general-purpose foundation model for computational pathology",
        journal="Nature Medicine",
        abstract=None,
    )
    result = scorer.score(paper)
    assert ("note", "abstract missing") in {(e.kind, e.phrase) for e in result.evidence}
    assert result.decision == "propose"
    assert result.section == "Image Data"


@pytest.mark.parametrize(
    "item",
    [
        {},
        {"title": None, "abstract": None},
        {"title": "", "abstract": ""},
        {"title": "x" * 5000, "abstract": "foundation model " * 7000},
        {
            "title": "$\\mathcal{F}$oundation <i>model</i> for \\textbf{MRI}",
            "abstract": "<p>We &amp; $x^2$</p>",
        },
        {"title": "| Name | Paper |\n|---|---|\n| **UNI** | [x](y) |", "abstract": "` ``` ` | | |"},
        {"title": b"caf\xe9 foundation model", "abstract": 42, "categories": "q-bio.GN cs.LG"},
        {"title": "\x00\x01\x02\ud800", "abstract": "\u202e\ufeff"},
        # (runs that once made a resource-naming pattern quadratic: 1.5 s a paper at 20 KB)
        {"title": "A pathology foundation model", "abstract": "we build " + "a-" * 9900},
        {"title": "A pathology foundation model", "abstract": "we build x, 1" + " " * 19000},
    ],
)
def test_bad_input_never_crashes(scorer: Scorer, item: dict[str, object]) -> None:
    result = scorer.score(item)
    assert 0.0 <= result.score <= 1.0
    assert result.decision in ("propose", "near-miss", "drop", "known")


def test_a_100kb_abstract_is_scored(scorer: Scorer) -> None:
    abstract = (
        "We present a pathology foundation model pretrained on whole-slide images. " * 1400
    )[:100_000]
    result = scorer.score({"title": "Huge", "abstract": abstract})
    assert result.decision in ("propose", "near-miss")


def test_config_extends_a_vocabulary() -> None:
    item = {"title": "Zorblax transfer for cancer", "abstract": "zorblax on patients"}
    plain = Scorer().score(item)
    extended = Scorer(ScoringConfig(vocabularies={"foundation": {"zorblax": 3.0}})).score(item)
    assert "zorblax" in {e.phrase for e in extended.evidence}
    assert extended.score > plain.score


def test_config_can_replace_a_vocabulary() -> None:
    config = ScoringConfig(vocabularies={"foundation": {"zorblax": 3.0}}, replace_vocabularies=True)
    result = Scorer(config).score({"title": "A foundation model for pathology", "abstract": ""})
    assert ("foundation", "foundation model") not in {(e.kind, e.phrase) for e in result.evidence}


def test_unknown_vocabulary_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError) as info:
        Scorer(ScoringConfig(vocabularies={"fundation": {"x": 1.0}}))
    assert str(info.value).startswith(
        "config error: scoring.vocabularies.fundation: unknown vocabulary; use one of"
    )


def test_negative_weight_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"scoring\.vocabularies\.foundation\.x: weight -1\.0"):
        Scorer(ScoringConfig(vocabularies={"foundation": {"x": -1.0}}))


@pytest.mark.parametrize("phrase", ["", "  ", "!!!"])
def test_a_phrase_without_words_is_a_config_error_naming_the_phrase(phrase: str) -> None:
    """ "" = 0.4 or "!!!" = 1.0 would match nothing: the error says so, not that 0.4 is no
    number."""
    with pytest.raises(ConfigError) as info:
        Scorer(ScoringConfig(vocabularies={"foundation": {phrase: 0.4}}))
    assert str(info.value) == (
        "config error: scoring.vocabularies.foundation: the phrase "
        f"{phrase.strip()!r} has no word in it; write a phrase of words, e.g. "
        '"tissue foundation model" = 1.0'
    )


def test_thresholds_come_from_config() -> None:
    paper = {
        "title": "Pretraining transformers for histopathology",
        "abstract": "We introduce a pretrained model for pathology whole-slide images; it "
        "transfers to five downstream tasks.",
    }
    default = Scorer().score(paper)
    assert default.decision == "propose" and default.score < 0.99
    strict = Scorer(ScoringConfig(propose_threshold=0.99, near_miss_threshold=0.3))
    assert strict.score(paper).decision == "near-miss"


def test_known_works_are_marked_known_not_proposed() -> None:
    known = KnownWorks()
    known.add_decision({"arxiv:2401.00001"}, "Some earlier title", "rejected")
    item = dict(PATHOLOGY_FM, arxiv_id="2401.00001")
    result = Scorer(known=known).score(item)
    assert result.decision == "known"
    assert result.known_as == "rejected: Some earlier title"


def scan(matcher: PhraseMatcher, text: str) -> list[tuple[int, object]]:
    """(start, hits) of every phrase in normalised ``text`` (start indexes ``text``)."""
    return [(start, matcher.payload[i]) for i, start, _ in matcher.matches(f" {text} ")]


def test_phrases_match_hyphen_and_plural_variants_as_whole_words() -> None:
    matcher = PhraseMatcher({"v": {"pre-trained": 1.0, "foundation model": 1.0, "ct": 1.0}})
    text = normalize("Pretrained, pre trained and pre-trained foundation models; CTA, a CT scan.")
    found = [hits[0][1] for _, hits in scan(matcher, text)]  # type: ignore[index]
    assert found == ["pre trained"] * 3 + ["foundation model", "ct"]


def test_phrase_positions_count_characters_in_non_ascii_text() -> None:
    """Match starts index the text's characters, not its UTF-8 bytes: the sentence rules read
    the punctuation around a match at that position in the lower-cased text."""
    matcher = PhraseMatcher({"v": {"foundation model": 1.0, "pathology": 1.0}})
    raw = "Ünïcödé 日本語 — a pathology foundation model; ﬁne"
    text = normalize(raw)
    starts = {hits[0][1]: start for start, hits in scan(matcher, text)}  # type: ignore[index]
    assert raw.lower()[starts["pathology"] :].startswith("pathology")
    assert raw.lower()[starts["foundation model"] :].startswith("foundation model")
    # overlapping matches, ordered by where they end, the longer first at the same end
    nested = PhraseMatcher({"v": {"pathology foundation model": 1.0, "foundation model": 1.0}})
    ends = [
        (start, hits[0][1])  # type: ignore[index]
        for start, hits in scan(nested, normalize("a pathology foundation model"))
    ]
    assert ends == [(2, "pathology foundation model"), (12, "foundation model")]
    assert scan(PhraseMatcher({}), "anything") == [] and PhraseMatcher({}).matches(" x ") == []


def test_the_gates_byte_level_scan_finds_exactly_the_whole_word_matches() -> None:
    """The prefilter's gates scan ASCII text with a second automaton whose keys lack the leading
    space: a match inside a word ("ct" in "fact", "cell" in "excell") or at the very start of the
    text must not count, and positions must be those of the spaced keys."""
    vocab = {"v": {"ct": 1.0, "cell": 1.0, "foundation model": 1.0, "model": 1.0, "café": 1.0}}
    plain, fast = PhraseMatcher(vocab), PhraseMatcher(vocab, ascii_dfa=True)
    texts = [
        "in fact a ct scan of excellent cells with a foundation model and a model",
        "ct at the start",  # (padded by ``scan``: the start is a space)
        "cell",
        "factct ctct modelmodel foundation modelling",
        "un café ct cell",  # not ASCII: the plain automaton answers
    ]
    for text in texts:
        assert scan(fast, normalize(text)) == scan(plain, normalize(text)), text
    found = [hits[0][1] for _, hits in scan(fast, normalize(texts[0]))]  # type: ignore[index]
    assert found == ["ct", "cell", "foundation model", "model", "model"]
    # a key starting the unpadded text has no space before it: not a whole word of a field
    assert fast.matches("ct scan ") == plain.matches("ct scan ") == []
    # the form survives pickling (the scorer is sent to worker processes)
    copy = __import__("pickle").loads(__import__("pickle").dumps(fast))
    assert scan(copy, normalize(texts[0])) == scan(plain, normalize(texts[0]))
    assert copy._ascii is not None and plain._ascii is None
    # … and it is what the scorer's biomedical gate uses
    scorer = Scorer()
    assert scorer._gate._ascii is not None


def test_the_model_question_read_from_all_vocabularies_is_that_of_a_model_gate() -> None:
    """The prefilter's second question (is there a term of a model) is asked of the matches of
    all vocabularies, which a kept paper needs anyway, each read with the hits a matcher of
    the model vocabularies alone would give: the total is that matcher's, to the last bit."""
    scorer = Scorer()
    gate = PhraseMatcher(
        {name: scorer.vocabularies.get(name, {}) for name in score_mod._MODEL_VOCABULARIES},
        ascii_dfa=True,
    )
    rows = [__import__("json").loads(line) for line in LABELS.read_text().splitlines() if line]
    totals = []
    for row in rows:
        item = Item.of(row)
        joined, lengths, _ = scorer._gate_text(item)
        padded = joined.decode("ascii") if isinstance(joined, bytes) else joined
        args = (lengths[0], lengths[1])
        alone = scorer._weighted_total(gate.payload, gate.matches(joined), *args)
        shared = scorer._weighted_total(scorer._model_hits, scorer._matcher.matches(padded), *args)
        assert shared == alone, row.get("title")
        totals.append(alone)
    assert min(totals) == 0.0 and max(totals) > 10.0  # (both kinds of paper were read)


def test_normalize_keeps_positions_even_for_non_ascii_text() -> None:
    for text in ("Vision–language “model”", "caf\xe9 \ud800 x", "İstanbul", "a\u00a0b"):
        assert len(normalize(text)) == len(text.lower())
    assert normalize("Vision–language “model”") == "vision language  model "
    # every separator is one space, wherever it is and whatever else the text holds
    from fmwatch.phrases import _UNICODE_SEPARATORS

    separators = "".join(map(chr, _UNICODE_SEPARATORS))
    assert normalize(f"Café{separators}ÉCG Ω") == "café" + " " * len(separators) + "écg ω"
    assert normalize("MedSAM, CT-Scan\x00") == "medsam  ct scan "


def test_sub_phrases_of_a_longer_match_are_credited(scorer: Scorer) -> None:
    result = scorer.score({"title": "A pathology foundation model", "abstract": ""})
    found = {(e.kind, e.phrase) for e in result.evidence}
    assert ("foundation", "pathology foundation model") in found
    assert ("foundation", "foundation model") in found
    assert ("biomedical", "pathology") in found


# -- the prefilter, the curator's rules, evidence of scale and breadth ---------------------------

LABELS = __import__("pathlib").Path(__file__).parent / "data" / "labels.jsonl"


def test_the_prefilter_gives_the_verdicts_of_full_scoring() -> None:
    """The fast path must be an optimisation only: same decision and score for every paper."""
    import json

    rows: list[dict[str, object]] = [
        {"title": "On coded caching", "abstract": "We bound the load of caching networks."},
        {"title": "Patient outcomes", "abstract": "Health records of patients in hospital."},
        {"title": "x", "abstract": None, "categories": ["q-bio.GN"]},
        PATHOLOGY_FM,
    ]
    rows += [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    fast, full = Scorer(), Scorer(prefilter=False)
    for row in rows:
        a, b = fast.score(row), full.score(row)
        assert (a.decision, a.score) == (b.decision, b.score), row.get("title")


def test_a_paper_without_biomedical_evidence_is_dropped_early_and_says_why(
    scorer: Scorer,
) -> None:
    result = scorer.score({"title": "A foundation model for code", "abstract": "We pretrain."})
    assert (result.decision, result.score) == ("drop", 0.0)
    assert [(e.kind, e.phrase) for e in result.evidence] == [
        ("note", "too little biomedical evidence")
    ]
    no_model = scorer.score(
        {"title": "Hospital stays", "abstract": "Clinical cohort of patients with cancer."}
    )
    assert no_model.decision == "drop"
    assert "no foundation-model" in no_model.evidence[0].phrase


@pytest.mark.parametrize(
    ("title", "abstract", "why"),
    [
        (
            "Medical SAM Adapter: adapting Segment Anything for polyp segmentation",
            "We fine-tune SAM with lightweight adapters for colonoscopy polyp segmentation in "
            "patients and report Dice on two clinical datasets.",
            "adapts",
        ),
        (
            "ClinAgent: a multi-agent system built on large language models for triage",
            "We build an agentic retrieval-augmented system on GPT-4 that triages patients in the "
            "emergency department using clinical guidelines.",
            "agent",
        ),
        (
            "Can large language models pass the medical licensing examination?",
            "We evaluate ChatGPT and GPT-4 on USMLE questions and compare them with physicians.",
            "question",
        ),
    ],
)
def test_curator_declined_work_is_a_near_miss_not_a_proposal_nor_a_drop(
    scorer: Scorer, title: str, abstract: str, why: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.decision == "near-miss", result.evidence
    caps = [e.phrase for e in result.evidence if e.kind == "cap"]
    assert caps and why in caps[0]


def test_a_dataset_paper_is_not_proposed_as_a_model(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "RadCorpus: a large-scale dataset of chest radiographs for pretraining",
            "abstract": "We release 2 million chest X-ray images with reports from 40 hospitals "
            "for self-supervised pretraining of medical foundation models.",
        }
    )
    assert result.decision == "near-miss"
    assert any("dataset" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_framework_without_scale_or_breadth_is_not_a_new_foundation_model(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "ContraSeg: contrastive self-supervised learning for prostate MRI",
            "abstract": "We propose ContraSeg, a contrastive self-supervised learning framework "
            "for prostate segmentation in MRI, pretrained on unlabelled scans of one hospital.",
        }
    )
    assert result.decision != "propose"


def test_benchmarks_of_biomedical_fms_are_proposed_and_of_general_llms_are_not(
    scorer: Scorer,
) -> None:
    fm_bench = scorer.score(
        {
            "title": "PathBench: benchmarking pathology foundation models",
            "abstract": "We benchmark 20 pathology foundation models on 40 clinical tasks from "
            "whole-slide images of 12 cancer types.",
        }
    )
    llm_bench = scorer.score(
        {
            "title": "TriageBench: a benchmark of emergency triage for chatbots",
            "abstract": "We benchmark GPT-4o, Claude and Gemini on 2,000 triage vignettes from "
            "emergency departments and compare their accuracy with nurses.",
        }
    )
    assert (fm_bench.decision, fm_bench.kind, fm_bench.section) == (
        "propose",
        "benchmark",
        "Benchmark paper",
    )
    assert llm_bench.decision == "near-miss"


def test_scale_and_breadth_are_evidence_but_a_model_size_is_not_a_data_scale(
    scorer: Scorer,
) -> None:
    result = scorer.score(PATHOLOGY_FM)
    found = {e.kind: e.phrase for e in result.evidence}
    assert found["scale"].startswith("1.2 billion")
    assert found["breadth"] in ("60 tissue types", "40 clinical datasets")
    sized = scorer.features(
        Item.of(
            {
                "title": "Small models for radiology",
                "abstract": "We fine-tune Qwen3-4B on 3,000 radiology reports of patients.",
            }
        )
    )
    assert sized.scale == 0.0


def test_only_a_count_right_after_pretrained_on_is_a_used_models_scale(scorer: Scorer) -> None:
    """ "We use a ViT pretrained on 104 million patches": that count is the used model's data;
    "we use a ViT pretrained on ImageNet and train it on 2 million patches": this one is the
    paper's own (a second, looser "pretrained on" pattern of the same name once replaced the
    one read just before the count, and the paper's own data was taken for the borrowed one's)."""

    def scale(abstract: str) -> float:
        item = Item.of({"title": "A pathology foundation model", "abstract": abstract})
        return scorer.features(item).scale

    assert (
        scale("We use as encoders a vision transformer pretrained on 104 million patches.") == 1.5
    )
    assert (
        scale(
            "We use a vision transformer pretrained on ImageNet and train it on 2 million "
            "pathology patches from 30,000 slides."
        )
        == 2.0
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"arxiv_id": "2605.01234"},
        {"arxiv_id": "2605.01234v3"},
        {"arxiv_id": "q-bio/0601001"},
        {"arxiv_id": "2605.01234", "doi": "10.1038/S41586-024-07441-W"},
        {"url": "https://arxiv.org/abs/2605.01234v2"},
        {},
    ],
)
def test_item_keys_are_the_identity_modules_keys(fields: dict[str, str]) -> None:
    from fmwatch.identity import work_keys, work_keys_from_url

    expected = work_keys(arxiv_id=fields.get("arxiv_id"), doi=fields.get("doi"))
    if "url" in fields:
        expected |= work_keys_from_url(fields["url"])
    assert Item.of(fields).keys() == expected


#: Classes of proposals a curator declines, seen on a real month of arXiv: each must come out
#: as a near-miss, and the cap in its evidence must say why.
DECLINED_CLASSES = [
    pytest.param(
        "Evaluating large language models on clinical concept extraction",
        "Concept extraction from discharge summaries needs grounding in the note. On the "
        "existing i2b2 concept corpus we evaluate twelve general large language models against "
        "a fine-tuned baseline. Performance remains modest. This offers a foundation for future "
        "medical language models.",
        "",
        "benchmarks general models",
        id="probe-of-general-llms-on-existing-data-with-an-outlook-sentence",
    ),
    pytest.param(
        "Benchmarking foundation models for renal lesion subtyping in CT",
        "Medical foundation models promise transferable features. We evaluate three medical "
        "foundation models with frozen feature probing on renal lesion subtyping in CT scans of "
        "patients, against a radiomics baseline.",
        "",
        "one task",
        id="evaluation-on-one-task",
    ),
    pytest.param(
        "OncoNER: immunology-specific clinical language model",
        "Clinical narratives describe immune-mediated diseases inconsistently. We developed a "
        "domain-specific named entity recognition model tailored to immunology case reports "
        "and annotated 300 reports with clinicians. A prompted medical LLM did worse.",
        "",
        "task-specific",
        id="a-task-model-announced-as-a-language-model",
    ),
    pytest.param(
        "SafeDoc-R1: clinician-audited safety alignment for medical large language models",
        "Medical large language models must refuse unsafe requests. Here we present SafeDoc-R1, "
        "aligned with clinician rubrics and red-team supervision; it reduces unsafe outputs on "
        "clinical benchmarks relative to its baseline.",
        "",
        "object of the work",
        id="alignment-of-a-medical-llm",
    ),
    pytest.param(
        "MammoCLIP-Lite: vision-language pretraining on atlas captions for BI-RADS classification",
        "We curate 2,000 mammography images with captions from two atlases and train a "
        "contrastive image-text model with a pretrained text encoder, then fine-tune the vision "
        "encoder for BI-RADS classification of breast cancer in radiology screening exams.",
        "",
        "one task",
        id="pretraining-for-one-task",
    ),
    pytest.param(
        "Synergistic foundation models for fetal cardiac ultrasound segmentation",
        "We present a semi-supervised framework built on SAM and DINOv2 for segmentation and "
        "classification of fetal cardiac ultrasound images in prenatal screening of patients.",
        "Accepted to the 2026 Fetal Heart Ultrasound Challenge",
        "challenge entry",
        id="challenge-entry",
    ),
]


@pytest.mark.parametrize(("title", "abstract", "comment", "why"), DECLINED_CLASSES)
def test_declined_classes_of_the_real_month_are_near_misses_that_say_why(
    scorer: Scorer, title: str, abstract: str, comment: str, why: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract, "comment": comment})
    caps = [e.phrase for e in result.evidence if e.kind == "cap"]
    assert result.decision == "near-miss", (result.score, caps)
    assert caps and why in caps[0], caps


def test_a_benchmark_that_evaluates_biomedical_foundation_models_is_proposed(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "PathoBench: a benchmark of pathology foundation models across 30 tasks",
        "abstract": "Pathology foundation models are numerous but compared unevenly. We "
        "evaluate 20 pathology foundation models on 30 clinical tasks from 15 cohorts of "
        "whole-slide images with a standard protocol and a public leaderboard.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.kind) == ("propose", "benchmark")
    # general LLMs run on existing questions, foundation models only in the outlook: a probe
    general = scorer.score(
        {
            "title": "Evaluating general large language models on clinical question answering",
            "abstract": "We evaluate 20 general large language models on 3,000 clinical "
            "questions from patients. We hope it spurs medical foundation models.",
        }
    )
    assert general.decision == "near-miss"


def test_a_title_that_builds_foundation_models_is_not_their_object(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Learning modular representations in multi-modality medical vision "
            "foundation models",
            "abstract": "We propose a modular network pretrained with self-supervision on 4 "
            "million medical images from 10 imaging modalities; it improves 26 downstream "
            "tasks across CT, MRI and X-ray.",
        }
    )
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    assert not any(e.kind == "object" for e in result.evidence)


def test_a_count_glued_to_a_word_is_not_breadth(scorer: Scorer) -> None:
    feats = scorer.features(
        Item.of({"title": "t", "abstract": "Evaluated on 75-speaker and TIMIT datasets."})
    )
    assert feats.breadth == 0.0
    feats = scorer.features(Item.of({"title": "t", "abstract": "Evaluated on 75 datasets."}))
    assert feats.breadth == 1.0


# -- sections of radiology vision(-language) models (issue 3 follow-up) ------------------------
_CXR_ENCODER = (
    "We pretrain ChestEnc, a chest X-ray image encoder, with self-supervision on 1 million "
    "radiographs; radiology reports are not used. It transfers to classification, segmentation "
    "and report generation benchmarks across 8 datasets."
)


def test_an_image_encoder_trained_beyond_text_supervision_is_image_data(scorer: Scorer) -> None:
    title = "Scaling chest X-ray image encoders beyond text supervision"
    result = scorer.score({"title": title, "abstract": _CXR_ENCODER})
    assert (result.decision, result.section) == ("propose", "Image Data")
    assert scorer.features(Item.of({"title": title, "abstract": _CXR_ENCODER})).text_negated
    # only the title disowns text: an abstract saying "vision-only" speaks of prior work
    prior = "Existing encoders are vision-only. " + _CXR_ENCODER
    assert not scorer.features(Item.of({"title": "X", "abstract": prior})).text_negated


def test_a_text_conditioned_image_generator_is_image_data_but_one_that_answers_is_multimodal(
    scorer: Scorer,
) -> None:
    generator = scorer.score(
        {
            "title": "A vision-language foundation model for the generation of synthetic chest "
            "X-ray images",
            "abstract": "We adapt a latent diffusion model to 700,000 chest radiographs and their "
            "radiology reports; it synthesises radiographs conditioned on free-text prompts, and "
            "the synthetic images improve downstream classifiers on 5 datasets.",
        }
    )
    assert (generator.decision, generator.section) == ("propose", "Image Data")
    unified = scorer.score(
        {
            "title": "A vision-language foundation model for the generation of synthetic chest "
            "X-ray images and visual question answering",
            "abstract": "We adapt a latent diffusion model to 700,000 chest radiographs and their "
            "radiology reports; it synthesises radiographs conditioned on free-text prompts and "
            "answers questions about them (visual question answering) on 5 datasets.",
        }
    )
    assert unified.section == "Multimodal data"
    # "text-to-image retrieval" is a vision-language skill, not image generation
    assert not _generates_images("t", "it enables text-to-image and image-to-image retrieval.")
    assert _generates_images("t", "a text-to-image model of chest radiographs.")


def test_an_image_model_with_a_language_model_decoder_is_multimodal(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "RadGen-2: towards a foundation model for chest X-ray interpretation",
            "abstract": "RadGen-2 is an instruction-tuned foundation model that couples a chest "
            "X-ray vision encoder with a clinical large language model as its language decoder. "
            "Trained on 1 million radiographs with report text from 28 datasets, it transfers to "
            "eight task types.",
        }
    )
    assert (result.decision, result.section) == ("propose", "Multimodal data")


def test_one_model_of_text_images_and_genomics_is_multimodal(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Towards a generalist biomedical AI",
            "abstract": "We introduce OmniMed, a generalist biomedical foundation model that "
            "encodes clinical language, medical question answering, radiology and dermatology "
            "imaging, and genomic variant calling and genomics data with one set of weights; it "
            "is evaluated on 14 tasks.",
        }
    )
    assert result.section == "Multimodal data"


def test_building_and_evaluating_foundation_models_is_a_model_paper(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "GenomeLM: building and evaluating robust foundation models for human "
            "genomics",
            "abstract": "We develop GenomeLM, a family of DNA language models pretrained on 3,000 "
            "human genomes, which transfer to 18 genomics tasks such as promoter prediction.",
        }
    )
    assert (result.kind, result.section, result.decision) == ("model", "Genomic data", "propose")
    assert not any(e.kind == "object" for e in result.evidence)


# -- recall: genuine new models that earlier caps held back ---------------------------------------
def test_one_model_named_with_an_article_is_the_product_not_the_object(scorer: Scorer) -> None:
    """ "… with a foundation model" names the paper's own model; "… of large language models"
    names models the work is done on (a general claim elsewhere in the title does not change
    that: the one-paper exception for it was removed as brittle)."""
    abstract = (
        "We present XRAI, a foundation model that aligns a radiology vision encoder with a "
        "language model, pretrained on 1.2 million chest X-rays paired with free-text reports. "
        "It supports zero-shot classification, semantic search and visual question answering "
        "across 12 downstream datasets."
    )
    own = scorer.score(
        {
            "title": "XRAI: bridging radiographs and reports with a foundation model",
            "abstract": abstract,
        }
    )
    assert own.decision == "propose", [e.phrase for e in own.evidence if e.kind == "cap"]
    assert not any(e.kind == "object" for e in own.evidence)
    worked_on = scorer.score(
        {
            "title": "XRAI: towards general-purpose X-ray AI through alignment of large "
            "language models and radiology vision encoders",
            "abstract": abstract,
        }
    )
    assert any(e.kind == "object" for e in worked_on.evidence)


def test_zero_shot_image_text_pretraining_is_a_transferable_model(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Detecting pathologies from unannotated chest X-ray images via "
            "self-supervised learning",
            "abstract": "A self-supervised model trained on chest X-ray images paired with "
            "free-text radiology reports, without labels, performs zero-shot classification by "
            "contrasting image embeddings with text prompts, and generalises to other datasets.",
        }
    )
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    assert result.section == "Multimodal data"


def test_an_abstract_defining_the_title_model_introduces_it(scorer: Scorer) -> None:
    item = Item.of(
        {
            "title": "RepGen-2: grounded radiology report generation",
            "abstract": "RepGen-2 is a large multimodal model combining a radiology image encoder "
            "with a large language model, using current and prior chest X-rays.",
        }
    )
    feats = scorer.features(item)
    assert feats.intro_head == "model"
    # a name that is only mentioned ("RepGen-2 outperforms …") introduces nothing
    other = scorer.features(
        Item.of({"title": item.title, "abstract": "RepGen-2 outperforms a large language model."})
    )
    assert other.intro_head == ""


# -- generalisation (issue 3 follow-up): a released model outweighs title heuristics ----------


def caps(result: object) -> list[str]:
    return [e.phrase for e in getattr(result, "evidence", []) if e.kind == "cap"]


def assert_benchmark_proposal(result: ScoreResult) -> None:
    """The paper is proposed as a benchmark paper (the caps say why not, when it is not)."""
    assert (result.kind, result.decision, result.section) == (
        "benchmark",
        "propose",
        "Benchmark paper",
    ), caps(result)


def test_a_family_of_released_models_is_the_product_not_the_object(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "HelixLM: a family of open-source foundational RNA language models for "
            "long transcripts",
            "abstract": "We present HelixLM, a family of open-source foundational RNA language "
            "models with sparse attention that read transcripts of up to 30,000 nucleotides. "
            "They are pretrained on transcriptomes of many species and fine-tuned for splicing, "
            "stability and localisation prediction. The models are publicly available.",
        }
    )
    assert result.decision == "propose", caps(result)
    assert result.section == "Genomic data"
    assert not any(e.kind == "object" for e in result.evidence)
    assert any(e.kind == "release" for e in result.evidence)


def test_an_introduced_collection_of_models_is_a_model_however_it_is_described(
    scorer: Scorer,
) -> None:
    feats = scorer.features(
        Item.of(
            {
                "title": "Med-Orca technical report",
                "abstract": "We introduce Med-Orca, a collection of openly licensed medical "
                "vision-language foundation models built on an open base model.",
            }
        )
    )
    assert feats.intro_head == "model"
    # "a family of highly capable …": the collective noun still names models
    feats = scorer.features(
        Item.of({"title": "t", "abstract": "We introduce X, a family of highly capable models."})
    )
    assert feats.intro_head == "model"
    # but a collection of datasets is no model
    feats = scorer.features(
        Item.of({"title": "t", "abstract": "We introduce X, a collection of curated datasets."})
    )
    assert feats.intro_head == ""


def test_a_domain_model_trained_from_an_existing_one_at_scale_is_proposed(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "EchoSAM: Segment Anything in Echocardiography Videos",
            "abstract": "We present EchoSAM, a promptable segmentation foundation model obtained "
            "by training the SAM 2 architecture on more than 300,000 annotated echocardiography "
            "frames from eleven hospitals. It outperforms specialist models on cardiac chambers, "
            "valves and lesions.",
        }
    )
    assert result.decision == "propose", caps(result)
    # without a model of its own at scale, a title naming an existing model is declined
    small = scorer.score(
        {
            "title": "Segment Anything for left ventricle delineation in echocardiography",
            "abstract": "We fine-tune SAM with a lightweight adapter on 400 echocardiography "
            "frames from one hospital to delineate the left ventricle.",
        }
    )
    assert small.decision != "propose"


def test_a_method_that_predicts_zero_shot_without_task_training_is_a_model(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "Zero-shot outcome forecasting from patient timelines with a generative "
            "transformer",
            "abstract": "We introduce CHRONO, an approach that turns electronic health records "
            "into sequences of clinical events and trains a generative transformer on them. "
            "Without task-specific fine-tuning, sampling continuations of a timeline gives "
            "zero-shot predictions of mortality, readmission and length of stay, matching "
            "specialised models and offering a basis for foundation models of EHR.",
        }
    )
    assert result.decision == "propose", caps(result)
    assert result.section == "Clinical Data"
    # a self-supervised framework whose representations transfer after fine-tuning is a method
    method = scorer.score(
        {
            "title": "CortexSSL: self-supervised learning for brain MRI with token alignment",
            "abstract": "We present CortexSSL, a self-supervised vision transformer framework "
            "that aligns global and local tokens of brain MRI volumes. Fine-tuned on hippocampus "
            "segmentation and Alzheimer's disease classification, its representations transfer "
            "better than random initialisation, with zero-shot retrieval as a side result.",
        }
    )
    assert method.decision != "propose"


def test_a_benchmark_of_pretrained_representations_evaluates_biomedical_fms(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "ClinEval: an evaluation of pretrained language representations on twelve "
            "clinical text benchmarking datasets",
            "abstract": "We introduce ClinEval, a benchmark of six clinical natural language "
            "processing tasks built from twelve datasets of clinical notes and biomedical "
            "literature. We evaluate transfer learning from pretrained language "
            "representations and find that models pretrained on clinical text do best.",
        }
    )
    assert (result.decision, result.section) == ("propose", "Benchmark paper"), caps(result)
    # a benchmark of small classifiers, with nothing pretrained in it, stays declined
    plain = scorer.score(
        {
            "title": "TinyMed: a lightweight benchmark for biomedical image classification",
            "abstract": "TinyMed gathers 18 small medical image datasets at low resolution and "
            "compares ResNets and AutoML baselines on them.",
        }
    )
    assert plain.decision != "propose"


def test_an_evaluation_of_domain_foundation_models_is_a_benchmark(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "A close look at single-cell transcriptomics foundation models",
            "abstract": "Foundation models such as Geneformer and scGPT were pretrained on "
            "millions of single-cell transcriptomes. We compare them with logistic regression "
            "and other simple baselines on cell type annotation and find the baselines often "
            "match them. We argue for stronger baselines when evaluating single-cell foundation "
            "models.",
        }
    )
    assert (result.kind, result.section) == ("benchmark", "Benchmark paper")
    assert result.decision == "propose", caps(result)
    # a task predictor built "with" one foundation model's embeddings uses it: not a benchmark
    used = scorer.score(
        {
            "title": "Better enzyme solubility prediction with protein language model embeddings",
            "abstract": "Solubility predictors rely on hand-made physicochemical features. The "
            "authors evaluate embeddings from a pretrained protein language model as input and "
            "build SoluPLM, a supervised classifier on top of them, which beats feature-based "
            "and published predictors in nested cross-validation.",
        }
    )
    assert used.kind == "model" and used.decision != "propose"


def test_a_visual_assistant_released_at_scale_is_not_capped_by_its_training_recipe(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "Derm-LLaVA: visual instruction tuning on narrated dermatology lectures",
            "abstract": "We mine 150,000 grounded question-answer pairs about skin lesions from "
            "narrated dermatology lectures. We train Derm-LLaVA, a multimodal chatbot for "
            "dermatology images, on them, and it outperforms prior medical assistants on visual "
            "question answering.",
        }
    )
    assert not any("adapts" in cap for cap in caps(result))
    assert result.decision != "drop"
    # the same recipe applied to an existing assistant, with no model of its own, is capped
    tuned = scorer.score(
        {
            "title": "Visual instruction tuning of LLaVA for dermatology",
            "abstract": "We fine-tune LLaVA on 2,000 dermatology question-answer pairs to "
            "answer questions about skin lesion images.",
        }
    )
    assert any("adapts" in cap for cap in caps(tuned))


def test_physiological_signal_models_are_clinical_data_even_when_multi_modal(
    scorer: Scorer,
) -> None:
    sleep = scorer.score(
        {
            "title": "NightFM: multi-modal representation learning for sleep across brain, "
            "heart and breathing signals",
            "abstract": "We present NightFM, a multi-modal foundation model for sleep pretrained "
            "with a contrastive objective on 90,000 hours of polysomnography from 12,000 "
            "participants, aligning EEG, ECG and respiratory channels. Linear probes of its "
            "embeddings beat supervised networks at sleep staging and apnea detection.",
        }
    )
    assert (sleep.decision, sleep.section) == ("propose", "Clinical Data"), caps(sleep)
    wearable = scorer.score(
        {
            "title": "A foundation model for photoplethysmography from wearable devices",
            "abstract": "We pretrain a transformer with self-supervised learning on 20 million "
            "minutes of PPG recordings from 150,000 participants. The model transfers to many "
            "downstream tasks, such as heart rate estimation and atrial fibrillation detection.",
        }
    )
    assert (wearable.decision, wearable.section) == ("propose", "Clinical Data"), caps(wearable)


def test_a_model_of_histology_and_spatial_transcriptomics_is_multimodal(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "A histology–omics foundation model linking pathology with spatial "
            "transcriptomics",
            "abstract": "We present TissueLink, a foundation model trained on 1.5 million pairs "
            "of H&E tissue images and spatial transcriptomic profiles, with gene expression "
            "written as sentences of gene symbols. It supports tissue alignment, cell-type "
            "decomposition and gene expression prediction from histology.",
        }
    )
    assert (result.decision, result.section) == ("propose", "Multimodal data"), caps(result)


def test_a_model_title_promising_evaluation_stays_a_model_paper(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "An electrocardiogram foundation model trained on 8 million recordings with "
            "external evaluation across hospitals",
            "abstract": "We present CardioFound, an ECG foundation model trained on over 8 "
            "million ECGs with 120 diagnostic labels. It generalises to external cohorts and, "
            "fine-tuned, to demographic and clinical event prediction.",
        }
    )
    assert (result.kind, result.section) == ("model", "Clinical Data")
    assert result.decision == "propose"


def test_rna_vocabulary_makes_an_mrna_language_model_biomedical(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "A 3′ UTR language model for mRNA stability and translation",
            "abstract": "We develop UTRBert, a language model for 3' UTRs pretrained on "
            "sequences from many species. Fine-tuned on downstream tasks, it predicts mRNA "
            "half-life and translation efficiency better than prior methods.",
        }
    )
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "note"]
    assert result.section == "Genomic data"


def test_a_defined_model_name_used_as_a_subject_introduces_the_model(scorer: Scorer) -> None:
    # no "we propose": "The <Words> (<ACRONYM>) <verb>s …" with the acronym in the title
    result = scorer.score(
        {
            "title": "PULSE: Physiological Signal Learning Across Mismatched Recordings",
            "abstract": "Wearable and bedside recordings of ECG, EEG and respiration differ in "
            "channel count and sampling rate. The Physiological Universal Signal Encoder (PULSE) "
            "maps each channel to patch tokens with channel embeddings, which lets it pretrain "
            "on many recordings at once and transfer to new tasks. Pretrained PULSE improves "
            "arrhythmia, sleep and seizure tasks and tolerates missing leads.",
        }
    )
    assert result.decision == "propose", caps(result)
    assert result.section == "Clinical Data"


def test_a_named_pre_trained_network_is_a_model_and_owns_its_model_class_title(
    scorer: Scorer,
) -> None:
    # "… with RNA language models" in the title, but the abstract names and pre-trains its own
    result = scorer.score(
        {
            "title": "Transcriptome-wide splicing effect prediction with RNA language models",
            "abstract": "Splicing effects of variants deep in introns are hard to predict. "
            "The authors describe SPLN, a Splicing Pre-trained Network trained by masked "
            "language modelling on pre-mRNA sequences of forty vertebrates. Its zero-shot "
            "scores rank pathogenic splice variants above conservation scores, and its "
            "embeddings reveal exon boundaries without labels.",
        }
    )
    assert result.decision == "propose", caps(result)
    assert result.section == "Genomic data"


def test_a_model_class_title_without_an_own_model_stays_the_object_of_the_work(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "Transcriptome-wide splicing effect prediction with RNA language models",
            "abstract": "Splicing effects of variants deep in introns are hard to predict. "
            "We fine-tune an existing pre-trained RNA language model on splicing assays and "
            "report that its scores rank pathogenic variants above conservation scores.",
        }
    )
    assert result.decision != "propose"


def test_a_title_measuring_medical_vlms_on_a_built_test_set_is_a_benchmark(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "DermHallu: Quantifying and Reducing Hallucination of Medical "
            "Vision-Language Models on Skin Lesion Photographs",
            "abstract": "Medical vision-language models often describe findings that are not "
            "in the image. DermHallu assesses seven VLMs on 1,240 curated dermoscopy images "
            "with three kinds of questions, defines a taxonomy of hallucinations graded by "
            "clinical severity, and tests two mitigation strategies. Hallucinations are common "
            "in every model and mitigation lowers but does not remove them.",
        }
    )
    assert (result.kind, result.section) == ("benchmark", "Benchmark paper")
    assert result.decision == "propose", caps(result)


def test_a_title_evaluating_models_for_generalist_medical_ai_is_a_benchmark(
    scorer: Scorer,
) -> None:
    # general models, but evaluated as generalist medical AI across many datasets and tasks
    result = scorer.score(
        {
            "title": "OmniMedEval: Assessing Multimodal Models for General Medical AI",
            "abstract": "Judging large vision-language models for medicine needs test sets "
            "organised by clinical need. OmniMedEval draws on 150 datasets covering 30 imaging "
            "modalities and 20 clinical tasks as multiple-choice visual questions. Among 40 "
            "LVLMs tested, general and medical, the best answers barely two thirds correctly.",
        }
    )
    assert result.kind == "benchmark"
    assert result.decision == "propose", caps(result)


def test_general_llms_evaluated_on_one_specialty_are_not_a_biomedical_fm_benchmark(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "Evaluating Large Language Models on Dental Examination Questions",
            "abstract": "We evaluate six general large language models on 900 dental licensing "
            "examination questions and compare their accuracy with that of students.",
        }
    )
    assert result.decision != "propose"


def _phrases(result: object) -> set[str]:
    return {e.phrase for e in getattr(result, "evidence", ())}


def test_a_benchmark_of_clinically_adapted_models_is_a_biomedical_fm_benchmark(
    scorer: Scorer,
) -> None:
    # the family "medically / clinically fine-tuned, adapted … models", not one paper's wording
    result = scorer.score(
        {
            "title": "WardQA: A Benchmark for Question Answering on Hospital Handover Notes",
            "abstract": "We introduce WardQA, 9,000 questions written by nurses about handover "
            "notes from 12 hospitals. We evaluate 35 language models, both general ones and "
            "clinically adapted models, and find that the adapted ones rarely beat their bases.",
        }
    )
    assert "clinically adapted models" in _phrases(result)
    assert result.kind == "benchmark"
    assert result.decision == "propose", caps(result)


def test_a_vision_language_assistant_for_medicine_is_a_generalist_model(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "DermChat: Training a Vision-Language Assistant for Dermatology",
            "abstract": "General chat assistants cannot read skin images. We build DermChat from "
            "1.1 million dermatology image-caption pairs collected from atlases and textbooks, "
            "generate instruction data from the captions and train the assistant end to end. "
            "It answers open questions about lesions and beats supervised baselines on three "
            "dermatology VQA datasets.",
        }
    )
    assert "vision language assistant" in _phrases(result)
    assert result.decision == "propose", caps(result)


def test_a_review_of_multimodal_clinical_ai_claims_foundation_evidence(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Multimodal clinical AI: promises and pitfalls",
            "abstract": "This review discusses models that fuse imaging, notes, laboratory "
            "values and genomics for diagnosis and prognosis, how they are pretrained and "
            "adapted, and what validation and privacy problems remain before deployment.",
        }
    )
    assert "multimodal clinical ai" in _phrases(result)
    assert result.kind == "review"
    assert result.decision == "propose", caps(result)


def test_scale_said_in_words_counts_as_large_scale_pretraining(scorer: Scorer) -> None:
    # no number of cells anywhere: "vast amounts of unannotated" data says the scale
    paper = {
        "title": "CellLM: BERT-style pretraining on single-cell expression profiles",
        "abstract": "Annotating cells in scRNA-seq data is slow and suffers from batch effects. "
        "CellLM learns gene-gene interactions from vast amounts of unannotated single-cell data "
        "and is then fine-tuned to annotate cell types, beating current tools in accuracy and "
        "robustness to batch effects.",
    }
    result = scorer.score(paper)
    assert "vast amounts of unannotated" in _phrases(result)
    assert result.decision == "propose", caps(result)
    bare = dict(paper, abstract=paper["abstract"].replace("vast amounts of unannotated", "more"))
    assert scorer.score(bare).decision != "propose"


@pytest.mark.parametrize(
    "sentence",
    [
        "We provide a comprehensive overview of efforts",
        # a summary in the third person, as a journal's editors write it ("Here, the authors …")
        "The authors provide a broad survey of efforts",
        "They offer a critical review of efforts",
    ],
)
def test_an_abstract_that_calls_itself_an_overview_is_a_review(
    scorer: Scorer, sentence: str
) -> None:
    review = {
        "title": "Promptable segmentation models in medical imaging: where we stand",
        "abstract": "Promptable foundation models such as SAM segment natural images zero-shot. "
        f"{sentence} to bring them to medical images: "
        "zero-shot evaluations, parameter-efficient fine-tuning and prompt generation, and "
        "medical variants retrained on large collections of CT, MRI and ultrasound scans.",
    }
    result = scorer.score(review)
    assert (result.kind, result.section) == ("review", "Review paper")
    assert result.decision == "propose"
    # a paper about its own adapter, with no overview sentence, stays a model paper
    adapter = {
        "title": "Promptable segmentation models in medical imaging: a liver adapter",
        "abstract": "We propose MedPrompt, an adapter that fine-tunes SAM for liver "
        "segmentation in CT. It improves Dice over prompting baselines on one hospital's scans.",
    }
    assert scorer.score(adapter).kind == "model"


def test_a_benchmark_of_self_supervised_pretraining_on_a_few_tasks_evaluates_biomedical_fms(
    scorer: Scorer,
) -> None:
    """Breadth below ten (five tasks) still makes a benchmark of pretrained representations
    one that evaluates the biomedical foundation models of its day."""
    paper = {
        "title": "Benchmarking self-supervised pretraining across retinal imaging datasets",
        "abstract": "Self-supervised pretraining may reduce annotation needs in ophthalmology. "
        "We pretrain vision transformers with four self-supervised methods on 1.6 million "
        "fundus photographs and compare them on seven datasets by linear probing and "
        "fine-tuning. Domain pretraining beats ImageNet initialisation throughout.",
    }
    result = scorer.score(paper)
    assert result.kind == "benchmark"
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    # without the pre-training, a benchmark of task models stays capped
    plain = dict(
        paper,
        title="Benchmarking segmentation networks across retinal imaging datasets",
        abstract="We compare U-Net variants for vessel segmentation on seven datasets of "
        "fundus photographs and report Dice and runtime for each network.",
    )
    assert scorer.score(plain).decision != "propose"


def test_learning_to_prompt_a_biomedical_vlm_makes_the_vlm_the_object(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Learning to Prompt for Biomedical Vision-Language Models",
            "abstract": "We propose a prompt-learning method that adapts a pretrained biomedical "
            "vision-language model such as BiomedCLIP to new classification tasks with a few "
            "labelled images, evaluated on 11 medical datasets across imaging modalities.",
        }
    )
    assert result.decision == "near-miss"
    assert any("object" in e.phrase for e in result.evidence if e.kind in ("cap", "object"))


@pytest.mark.parametrize(
    "verb", ["Interpreting", "Explaining", "Analyzing", "Compressing", "Customizing", "Repurposing"]
)
def test_a_title_that_studies_a_foundation_model_makes_it_the_object(
    scorer: Scorer, verb: str
) -> None:
    result = scorer.score(
        {
            "title": f"{verb} pathology foundation models with relevance propagation",
            "abstract": "We apply layer-wise relevance propagation to three pretrained pathology "
            "foundation models and show which tissue structures drive their predictions.",
        }
    )
    assert result.decision != "propose"
    assert any(verb.lower() in e.phrase for e in result.evidence if e.kind == "object")


@pytest.mark.parametrize("trained", ["Pretrained", "Pre-Trained"])
def test_a_title_saying_how_its_models_were_pretrained_at_scale_makes_them_the_product(
    scorer: Scorer, trained: str
) -> None:
    paper = {
        "title": f"Organ Segmentation in CT using Foundation Models {trained} on a Large-Scale "
        "Unannotated Dataset",
        "abstract": "We pretrain 3D vision transformers by self-supervised learning on 110,000 "
        "unannotated CT volumes and fine-tune them for segmentation on 12 public datasets, "
        "where they beat supervised baselines and other pretrained models.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    # pretrained elsewhere, without scale: the models are used, not made
    used = dict(
        paper, title="Organ Segmentation in CT using Foundation Models Pretrained on Natural Images"
    )
    assert any(e.kind == "object" for e in scorer.score(used).evidence)


def test_a_task_model_built_on_a_foundation_model_named_in_the_title_is_a_near_miss(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Polyp-SAM 2: Segment polyps in colonoscopy videos via Segment Anything Model 2",
        "abstract": "We introduce Polyp-SAM 2, a segmentation model for polyps that treats "
        "colonoscopy frames as video and fine-tunes Segment Anything Model 2 with a memory of "
        "earlier frames. Across 15 benchmarks it outperforms earlier segmentation models.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert any("named in the title" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_new_benchmark_for_llms_on_clinical_data_is_a_benchmark_paper(scorer: Scorer) -> None:
    """Convention (tests/data/README.md): a benchmark the paper builds and releases to evaluate
    LLMs, VLMs or foundation models on biomedical data is a Benchmark paper, whichever models
    it happens to test; a study running models on existing data is a probe (near-miss)."""
    paper = {
        "title": "MedExtract: An Open Benchmark of Clinical Notes for Evaluating Language Models",
        "abstract": "Concept extraction from discharge summaries needs grounding in the note. We "
        "present MedExtract, an open benchmark of 4,000 note-concept pairs from ICU patients, "
        "and evaluate twelve general and medical large language models on it.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    assert any(e.kind == "benchmark" and "we present" in e.phrase for e in result.evidence)
    # an agent benchmark stays a near-miss
    agents = dict(paper, title="MedExtract: A Benchmark for Clinical LLM Agents")
    assert scorer.score(agents).decision == "near-miss"


def test_a_title_starting_with_when_is_not_a_question(scorer: Scorer) -> None:
    paper = {
        "title": "When Scans Get Rare: A Benchmark for Off-Distribution Radiology Question "
        "Answering with Vision-Language Models",
        "abstract": "We introduce RareRad, a benchmark of 2,000 radiology questions about rare "
        "findings, and evaluate 14 general and medical vision-language models on it.",
    }
    result = scorer.score(paper)
    assert not any(e.kind == "question" for e in result.evidence)
    assert result.decision == "propose"


_THAI_DERM = (
    "No Thai dermatology question set exists. We build ThaiDermQA, a dataset of 3,100 clinically "
    "validated image-question-answer pairs from teaching hospitals, and evaluate twelve large "
    "vision-language models on it; performance in Thai lags English benchmarks, and models fail "
    "on rare diseases."
)


@pytest.mark.parametrize(
    "title",
    [
        "How Good Are LLMs at Answering Thai Dermatology Questions? Dataset and Benchmarking",
        "How Good Are LLMs at Answering Thai Dermatology Questions? A Benchmark",
        "ThaiDermQA: How Good Are LLMs at Answering Thai Dermatology Questions?",
    ],
)
def test_a_question_title_over_a_benchmark_of_the_papers_own_is_a_benchmark_paper(
    scorer: Scorer, title: str
) -> None:
    """Convention (revised 2026-11-26): a question in the title is usually a study of models,
    but when the title names what the paper builds and releases (a dataset, a benchmark, a
    benchmark's name) the question is what that test set answers; without such a set the
    question stays a probe."""
    paper = {"title": title, "abstract": _THAI_DERM}
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    assert any(e.kind == "question" for e in result.evidence)
    if title.startswith("ThaiDermQA"):
        return  # (a title naming a benchmark is the paper's own benchmark, whatever it says)
    probe = dict(
        paper,
        abstract="We evaluate twelve large vision-language models on existing dermatology "
        "question sets translated into Thai; performance lags English, and models fail on "
        "rare diseases.",
    )
    held = scorer.score(probe)
    assert held.decision == "near-miss"
    assert any("asks a question" in cap for cap in caps(held))


def test_a_question_title_benchmarking_models_on_public_data_stays_a_probe(scorer: Scorer) -> None:
    """ "Benchmarking" as a verb names no test set: a question title over models run on a public
    dataset (a test set compiled from it) is a probe, held back."""
    paper = {
        "title": "Can GPT-4V Read Chest Radiographs? Benchmarking Multimodal LLMs on MIMIC-CXR",
        "abstract": "Multimodal large language models are increasingly proposed for radiology. "
        "We compile a test set of 500 chest radiographs from the public MIMIC-CXR dataset and "
        "evaluate GPT-4V, Gemini Pro Vision and LLaVA-Med on findings detection. All models "
        "perform well below radiologists and hallucinate findings: current medical and general "
        "vision-language models are not ready for clinical use.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert any("asks a question" in cap for cap in caps(result))


def test_a_title_claiming_a_weakness_of_models_is_not_a_model_announcement(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Medical vision-language models are vulnerable to adversarial report edits",
        "abstract": "Medical vision-language models are pretrained on large image-report "
        "corpora. We propose an attack that edits a few words of radiology reports and show "
        "that zero-shot classification by several medical VLMs collapses; we propose a defence.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert not any(e.kind == "title_model" for e in result.evidence)
    # a claim of strength is still the paper's own model ("… are powerful predictors")
    strong = dict(paper, title="Medical vision-language models are powerful zero-shot readers")
    assert not any(e.kind == "object" for e in scorer.score(strong).evidence)


def test_an_experimental_study_of_a_general_model_is_a_probe_not_a_benchmark(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Towards General Purpose Vision Foundation Models for Medical Imaging: An "
        "Experimental Study of DINOv2 on Radiology Benchmarks",
        "abstract": "General-purpose self-supervised vision models might serve medical imaging. "
        "We evaluate DINOv2 in over 200 evaluations across X-ray, CT and MRI by linear probing "
        "and fine-tuning, against models pretrained on medical data.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert any("existing general model" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_benchmark_of_pretraining_at_scale_needs_no_counted_breadth(scorer: Scorer) -> None:
    paper = {
        "title": "Benchmarking self-supervised learning on diverse dermatology datasets",
        "abstract": "We pretrain vision transformers with four self-supervised methods on 12 "
        "million dermoscopy and clinical skin images, compare them against ImageNet "
        "initialisation by linear probing and fine-tuning, and release the pretrained weights.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    small = dict(paper, abstract=paper["abstract"].replace("12 million", "3,000"))
    assert scorer.score(small).decision != "propose"


def test_a_pretraining_method_claiming_universality_is_not_capped_as_a_mere_method(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "UniSSL: Universal Medical Self-Supervised Learning across Dimensions",
        "abstract": "We propose UniSSL, a self-supervised pretraining framework that learns from "
        "unlabelled 2D radiographs and 3D CT and MRI volumes together, and transfer the "
        "pretrained encoder to classification and segmentation tasks.",
    }
    result = scorer.score(paper)
    assert not any("method or framework" in e.phrase for e in result.evidence if e.kind == "cap")
    narrow = dict(paper, title="UniSSL: Self-Supervised Learning across Dimensions")
    narrow_caps = [e.phrase for e in scorer.score(narrow).evidence if e.kind == "cap"]
    assert any("method or framework" in phrase for phrase in narrow_caps)


def test_a_released_medical_benchmark_of_multimodal_models_is_proposed_but_not_off_domain(
    scorer: Scorer,
) -> None:
    exam = {
        "title": "BoardQA: Benchmarking Expert-Level Medical Reasoning",
        "abstract": "Medical question-answering benchmarks are saturating. We introduce BoardQA, "
        "a benchmark of 3,900 board-examination questions across 15 clinical specialties, with "
        "a subset pairing radiology and pathology images with patient records. We evaluate "
        "leading proprietary and open language and multimodal models, including medical "
        "systems; all fall short of physicians.",
    }
    result = scorer.score(exam)
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    # the rule itself: a benchmark of models with little biomedical evidence (point clouds,
    # machine health) is not a biomedical benchmark, however many LLMs it evaluates
    from fmwatch.score import Features

    feats = Features(
        totals={"llm": 4.0, "biomedical": 1.6, "clinical": 0.3},
        title_totals={"benchmark": 1.0},
        title_name=True,
        benchmark_intro=True,
    )
    assert not Scorer._releases_benchmark(feats)
    feats.totals["biomedical"] = 3.0
    assert Scorer._releases_benchmark(feats)


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (  # told in the third person, the evaluated models only "language models"
            "WardNoteQA: An LLM Benchmark for Clinical Questions over Discharge Summaries",
            "Clinicians need answers that span several discharge summaries of one patient. "
            "WardNoteQA holds 900 question-answer pairs linked to hospital discharge summaries, "
            "written to reflect clinical information needs and refined by physicians. The authors "
            "evaluate 20 language models and compare automatic scores with physician ratings of "
            "the answers. The dataset is released under credentialed access.",
        ),
        (  # retrieval-augmented generation in passing is not an agent benchmark
            "PortuMedQA: Multilingual Benchmarking of Large Language Models for Medical Question "
            "Answering",
            "Medical question answering benchmarks are mostly English. PortuMedQA is built from "
            "Portuguese residency examination questions with explanations written by physicians "
            "in four languages. The authors test several large language models with and without "
            "the explanations and with retrieval-augmented generation over medical knowledge; "
            "models are weaker outside English.",
        ),
    ],
)
def test_released_medical_exam_benchmarks_are_proposed(
    scorer: Scorer, title: str, abstract: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert (result.decision, result.section) == ("propose", "Benchmark paper"), [
        e.phrase for e in result.evidence if e.kind == "cap"
    ]


def test_vector_quantization_is_a_tokeniser_not_model_compression(scorer: Scorer) -> None:
    paper = {
        "title": "VQGene: Vector Quantization for Multi-Species Genomic Sequence Modeling",
        "abstract": "We present VQGene, a genomic foundation model that learns a vector-quantized "
        "codebook of DNA tokens and is pretrained on genomes of 30 species, then fine-tuned on "
        "28 downstream tasks from promoter detection to variant effects.",
    }
    assert not any("adapts" in e.phrase for e in scorer.score(paper).evidence if e.kind == "cap")
    compressed = {
        "title": "Low-Bit Quantization for Genomic Language Models",
        "abstract": "We apply low-bit quantization to two pretrained DNA language models and "
        "measure the accuracy lost on promoter detection against the full-precision models.",
    }
    result = scorer.score(compressed)
    assert any(e.phrase == "low bit quantization" for e in result.evidence)
    assert result.decision != "propose"


def test_a_resource_the_abstract_describes_in_the_third_person_is_the_papers_benchmark(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Benchmarking Large Language Models on VietMedExam -- A Comprehensive "
        "Vietnamese Medical Exam Dataset",
        "abstract": "Evaluation of large language models in medicine relies on English resources. "
        "VietMedExam is built from the national medical licensing examination and contains "
        "40,000 multiple-choice questions with explanations. The authors benchmark general and "
        "medical large language models by prompting and after fine-tuning.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Benchmark paper"), [
        e.phrase for e in result.evidence if e.kind == "cap"
    ]
    assert any(e.phrase.startswith("vietmedexam is built") for e in result.evidence)
    # an existing dataset named in the title, not described as the paper's: a probe
    probe = dict(
        paper,
        title="Benchmarking Large Language Models on MedQA -- A Medical Exam Dataset",
        abstract="We benchmark general large language models by prompting on the existing "
        "MedQA dataset of licensing questions and analyse their errors.",
    )
    assert scorer.score(probe).decision != "propose"


def test_pretraining_on_a_named_public_corpus_is_data_at_scale(scorer: Scorer) -> None:
    paper = {
        "title": "RadVision: A Multi-Modal Radiograph Vision Framework",
        "abstract": "Medical imaging foundation models treat 2D radiographs and 3D CT with "
        "separate encoders. We propose RadVision, a framework that learns one vision transformer "
        "for both. Pretrained self-supervised on MIMIC-CXR radiographs and public CT volumes, "
        "the shared encoder transfers to chest X-ray and CT classification with competitive "
        "AUROC and learns modality-shared features.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "scale" and "mimic" in e.phrase for e in result.evidence)
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    # without the public corpus, a framework with no scale or breadth stays capped
    local = dict(paper, abstract=paper["abstract"].replace("MIMIC-CXR", "our hospital's"))
    assert scorer.score(local).decision != "propose"
    # the corpus may come after a long description of what is pretrained (a relative clause)
    described = {
        "title": "ClinEncoder: a long-context encoder for clinical text",
        "abstract": "The authors build ClinEncoder by pretraining a recent encoder architecture, "
        "which uses rotary position embeddings, fused attention kernels and context windows up "
        "to 8,192 tokens, on PubMed abstracts and MIMIC-IV notes.",
    }
    assert any(e.kind == "scale" and "pubmed" in e.phrase for e in scorer.score(described).evidence)


def test_a_title_naming_its_own_pretraining_and_a_fine_tuning_recipe_is_a_model(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Multi-purpose protein language modelling with structure-aware pretraining and "
        "family-guided fine-tuning",
        "abstract": "Protein language models rarely build in structural knowledge. ProtStruct "
        "is a protein language model pretrained on millions of sequences from UniParc with a "
        "structure-aware masking strategy. For downstream use, a family-guided fine-tuning "
        "step first predicts the protein family and then guides the task-specific head. "
        "ProtStruct outperforms earlier protein language models on structure and stability.",
    }
    result = scorer.score(paper)
    assert not any("adapts" in e.phrase for e in result.evidence if e.kind == "cap")
    # fine-tuning someone else's model, without pre-training of its own: still capped
    tuned = dict(
        paper,
        title="Family-guided fine-tuning of protein language models",
        abstract="We fine-tune ESM-2 per protein family with a guided objective and report "
        "better stability prediction on one benchmark.",
    )
    assert scorer.score(tuned).decision != "propose"


def test_a_task_done_by_foundation_models_makes_them_the_object(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "SolPred-2: fast prediction of protein solubility by protein language "
            "models and deep learning",
            "abstract": "We predict protein solubility from embeddings of pretrained protein "
            "language models with a small convolutional head, trained on 20,000 labelled "
            "proteins, and release a web server.",
        }
    )
    assert any("'by …'" in e.phrase for e in result.evidence if e.kind == "object")
    assert result.decision != "propose"


def test_a_title_claiming_representations_improve_a_task_is_a_study(scorer: Scorer) -> None:
    paper = {
        "title": "Genomically Aligned Slide Representations Improve Lymphoma Diagnosis",
        "abstract": "Pathology foundation models give slide embeddings that ignore genetics. We "
        "align slide representations with mutation profiles of 1,200 patients by contrastive "
        "pretraining and show better lymphoma subtyping than foundation-model baselines.",
    }
    caps = [e.phrase for e in scorer.score(paper).evidence if e.kind == "cap"]
    assert any("study or analysis" in c for c in caps)
    # "… to improve …" names a purpose, not a finding
    purpose = dict(paper, title="Aligning slide representations with genomics to improve diagnosis")
    caps = [e.phrase for e in scorer.score(purpose).evidence if e.kind == "cap"]
    assert not any("study or analysis" in c for c in caps)


@pytest.mark.parametrize("name", ["CardioBench", "EchoQA", "RadHELM", "PathEval-2", "DermArena"])
def test_a_title_named_like_a_benchmark_is_a_benchmark_paper(scorer: Scorer, name: str) -> None:
    paper = {
        "title": f"{name}: Measuring Capabilities of Multimodal Language Models in Cardiology",
        "abstract": f"We present {name}, 5,000 expert-written cardiology questions with images "
        "and reports, and evaluate 18 general and medical multimodal language models on them.",
    }
    result = scorer.score(paper)
    assert result.kind == "benchmark"
    assert (result.decision, result.section) == ("propose", "Benchmark paper")


def test_a_narrative_review_says_so_in_the_abstract(scorer: Scorer) -> None:
    paper = {
        "title": "Language technologies in multilingual clinics: what comes next",
        "abstract": "Large language models now translate and draft patient messages across "
        "languages. This narrative review gathers studies of large language models in written "
        "and spoken clinical communication and how foundation models are evaluated there.",
    }
    assert scorer.score(paper).kind == "review"


def test_a_benchmark_the_authors_assemble_is_introduced_in_the_third_person(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Measuring triage urgency judgements of large language models",
        "abstract": "The authors assemble a benchmark of 900 triage cases from five public "
        "sources under one acuity scale and evaluate twelve large language models.",
    }
    result = scorer.score(paper)
    assert any(
        e.kind == "benchmark" and "the authors assemble" in e.phrase for e in result.evidence
    )


def test_sentences_are_read_in_bounded_windows_on_run_on_abstracts(
    scorer: Scorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An abstract without full stops must not make the sentence rules quadratic: each phrase's
    sentence is read within a bounded window (behaviour, not timing)."""
    import fmwatch.score as score_module

    spans: list[int] = []
    real = score_module._EVALUATES_RE

    class Recording:
        def search(self, text: str, pos: int = 0, endpos: int | None = None) -> object:
            spans.append((len(text) if endpos is None else endpos) - pos)
            return real.search(text, pos, len(text) if endpos is None else endpos)

    monkeypatch.setattr(score_module, "_EVALUATES_RE", Recording())
    abstract = "medical imaging " + "we compare medical foundation models and " * 2000
    result = scorer.score({"title": "Medical foundation models compared", "abstract": abstract})
    assert result.decision in ("propose", "near-miss", "drop")
    assert spans and max(spans) <= 2 * score_module._SENTENCE_SPAN


def test_capped_scores_keep_the_order_of_the_evidence_and_the_decisions() -> None:
    """Near-misses are listed best first in the pull request: a cap must not flatten a paper
    with overwhelming evidence onto one that barely passed, nor change any decision."""
    scorer = Scorer(ScoringConfig(propose_threshold=0.6, near_miss_threshold=0.35))
    raws = [0.1, 0.34, 0.35, 0.6, 0.8, 0.99, 1.0]
    capped = [scorer._capped(raw) for raw in raws]
    assert capped[:2] == [0.1, 0.34]  # below the near-miss threshold: dropped as before
    assert all(0.35 <= c <= 0.59 for c in capped[2:])
    assert capped[2:] == sorted(capped[2:]) and len(set(capped[2:])) == len(capped[2:])
    assert capped[-1] == pytest.approx(0.59)


def test_a_medical_language_model_without_modality_words_is_clinical_data(
    scorer: Scorer,
) -> None:
    paper = {
        "title": "Polyglot: Lightweight Multilingual Medical LLMs for Six Languages",
        "abstract": "Medical AI tools are built mostly for English. Polyglot is a family of "
        "lightweight medical LLMs from 0.5B to 7B parameters trained on a multilingual medical "
        "corpus in the six most widely spoken languages; a benchmark in the same languages is "
        "released, and the small models rival larger open models on it.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Clinical Data")


def test_a_dataset_the_authors_curate_to_test_llms_is_their_benchmark(scorer: Scorer) -> None:
    """Convention: a dataset the paper builds and releases to evaluate LLMs on biomedical data
    is a Benchmark paper, whether the abstract calls it a benchmark or a dataset."""
    paper = {
        "title": "Evaluation of large language models in simulated emergency department work-ups",
        "abstract": "Exam scores say little about whether large language models can work up a "
        "patient. The authors curate a dataset of 1,800 emergency department visits from a "
        "public critical-care database and a harness in which a model requests tests step by "
        "step. Open large language models order fewer tests than physicians and miss half of "
        "the diagnoses; the benchmark harness and data are released.",
    }
    result = scorer.score(paper)
    assert any(
        e.kind == "benchmark" and "the authors curate a dataset" in e.phrase
        for e in result.evidence
    )
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    # a dataset built to fine-tune the authors' model is not a benchmark of models
    tuned = dict(
        paper,
        title="ED-Tune: instruction tuning a language model on emergency visits",
        abstract="We curate a dataset of 1,800 emergency department visits and fine-tune an open "
        "large language model with LoRA to suggest diagnoses.",
    )
    assert scorer.score(tuned).decision != "propose"


def test_a_benchmark_counting_the_models_it_runs_evaluates_foundation_models(
    scorer: Scorer,
) -> None:
    """ "Across twelve proprietary and open-weight language models": the benchmark's subjects
    are counted, not named with foundation-model vocabulary; still a Benchmark paper."""
    paper = {
        "title": "UrgencyBench: Triage Acuity Judgements and Their Calibration",
        "abstract": "Deciding how urgently a patient needs care is a safety-critical skill of "
        "health assistants. The paper assembles a benchmark of 900 patient messages and clinical "
        "vignettes from five public sources under one acuity scale with physician consensus "
        "labels. Across twelve proprietary and open-weight language models, accuracy varies "
        "widely and conversational answers under-triage.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    # without the count (one system evaluated), a clinical triage benchmark is not of models
    single = dict(
        paper,
        abstract=paper["abstract"].replace(
            "Across twelve proprietary and open-weight language models", "For one language model"
        ),
    )
    assert scorer.score(single).decision != "propose"


@pytest.mark.parametrize(
    "genre",
    ["special communication", "commentary", "viewpoint", "position paper", "tutorial", "editorial"],
)
def test_an_essay_on_medical_llms_that_names_its_genre_is_a_review(
    scorer: Scorer, genre: str
) -> None:
    """Perspectives file under Review paper: "this special communication explains how such
    models are built" describes the paper as an essay on others' models, not a new model."""
    paper = {
        "title": "Building and Deploying Large Language Models in Medicine",
        "abstract": f"Large language models are entering clinics faster than they are tested. "
        f"This {genre} explains how such models are built, by self-supervised pretraining on "
        "large text corpora and instruction tuning, and argues that clinicians should supply "
        "training data such as health records and test claimed benefits in deployment.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.decision, result.section) == ("review", "propose", "Review paper")
    # an essay on something other than foundation models is still not catalogued
    other = dict(
        paper,
        title="Building and Deploying Hospital Dashboards",
        abstract=f"This {genre} explains how hospital dashboards are built from health records "
        "and argues that clinicians should test their claimed benefits in deployment.",
    )
    assert scorer.score(other).decision != "propose"


def test_a_count_with_a_thousands_separator_is_breadth(scorer: Scorer) -> None:
    """ "More than 1,000 diseases" is breadth as surely as "40 diseases"; and a model of
    disease trajectories from biobank records is Clinical Data, not the default Image Data."""
    paper = {
        "title": "Modelling lifetime disease trajectories with a generative transformer",
        "abstract": "We adapt a GPT-style architecture into TrajGPT, a generative transformer "
        "that models the progression of more than 1,000 diseases together with death, "
        "conditional on each person's disease history, age and sex. Trained on records of "
        "400,000 biobank participants and validated on 1.9 million individuals from a second "
        "country, it predicts disease rates as accurately as single-disease models.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "breadth" and "1,000 diseases" in e.phrase for e in result.evidence)
    assert (result.decision, result.section) == ("propose", "Clinical Data")
    # a glued or decimal number is still not a count
    decimal = dict(paper, abstract=paper["abstract"].replace("1,000 diseases", "1.000-fold risks"))
    assert not any(e.kind == "breadth" for e in scorer.score(decimal).evidence)


def test_a_released_test_set_for_one_task_is_still_a_benchmark(scorer: Scorer) -> None:
    """Convention: a benchmark the paper releases to evaluate LLMs/VLMs/FMs on biomedical data
    is a Benchmark paper even when the title names one task; without a test set of its own,
    "Evaluating … models for <task>" stays a near-miss (a probe)."""
    paper = {
        "title": "Evaluating Speech Language Models for Pain Intensity Estimation in "
        "Physiotherapy Consultations",
        "abstract": "Clinicians judge pain from how patients speak as well as what they say. "
        "This paper releases a dataset of 1,500 patient turns from 80 recorded physiotherapy "
        "consultations, annotated with pain intensity, to evaluate speech language models. "
        "Nine open-source speech language models are compared on audio, transcript or both.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Benchmark paper")
    probe = dict(
        paper,
        abstract="Clinicians judge pain from how patients speak as well as what they say. We "
        "compare nine open-source speech language models on an existing set of recorded "
        "physiotherapy consultations, on audio, transcript or both.",
    )
    assert scorer.score(probe).decision == "near-miss"


def test_a_foundation_model_built_on_an_existing_architecture_at_scale_is_not_an_adaptation(
    scorer: Scorer,
) -> None:
    """ "A GPT-based Foundation Model for PPG" pretrained on 200 million signal segments of its
    own adapts an architecture, not someone's model; signal segments are data at scale."""
    paper = {
        "title": "GPT-ECG: A GPT-based Foundation Model for Electrocardiogram Signals",
        "abstract": "The authors adapt a decoder-only generative pretrained transformer to raw "
        "electrocardiogram waveforms, accepting patches of real-valued signal instead of "
        "tokens, and pretrain it on more than 200 million 10-second ECG segments. Supervised "
        "fine-tuning strategies are compared for adapting the backbone to arrhythmia detection "
        "and heart-rate estimation, where it matches or beats prior methods.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "scale" and "segments" in e.phrase for e in result.evidence)
    assert (result.decision, result.section) == ("propose", "Clinical Data")
    # without the data of its own it is an adaptation of an existing model, at most a near-miss
    small = dict(
        paper, abstract=paper["abstract"].replace("more than 200 million", "1,200 labelled")
    )
    assert scorer.score(small).decision == "near-miss"


@pytest.mark.parametrize("ending", ["ProtFM is a", "ProtFM, a", "ProtFM is an"])
def test_an_abstract_ending_where_it_defines_the_titles_name_is_scored(
    scorer: Scorer, ending: str
) -> None:
    """ "ProtFM: …" with an abstract that stops at "ProtFM is a" (or is cut there at the
    20,000-character limit) once raised IndexError and stopped classify and score."""
    result = scorer.score({"title": "ProtFM: a protein foundation model", "abstract": ending})
    assert result.decision in ("propose", "near-miss", "drop")
    long = {"title": "ProtFM: a protein foundation model", "abstract": "x " * 9_995 + ending}
    assert scorer.score(long).decision in ("propose", "near-miss", "drop")


def test_counted_models_must_be_a_class_of_foundation_models(scorer: Scorer) -> None:
    """ "Three mouse models" or "several regression models" are not the subjects of a
    benchmark of foundation models; "twelve open-weight language models" are."""
    paper = {
        "title": "PDXBench: A Benchmark of Tumor Growth Prediction Methods",
        "abstract": "We present PDXBench, a benchmark of tumor growth curves from cancer patients "
        "and patient-derived xenografts. We evaluate transfer learning with pretrained networks "
        "and classical regression methods in three mouse models of breast cancer and clinical "
        "tumor samples.",
    }
    assert scorer.score(paper).decision != "propose"


def test_a_scorer_can_be_pickled_for_worker_processes() -> None:
    import copy
    import pickle

    scorer = Scorer()
    clone = pickle.loads(pickle.dumps(scorer))
    assert clone.score(PATHOLOGY_FM).score == scorer.score(PATHOLOGY_FM).score
    assert copy.deepcopy(scorer).score(PATHOLOGY_FM).score == scorer.score(PATHOLOGY_FM).score


def test_a_phrase_with_an_emoji_is_not_reduced_to_its_other_words() -> None:
    from fmwatch.phrases import phrase_variants

    assert phrase_variants("🧬 model") == ("🧬 model",)
    matcher = PhraseMatcher({"v": {"🧬 model": 1.0}})
    assert not scan(matcher, normalize("a model of proteins"))
    assert scan(matcher, normalize("the 🧬 model"))


def test_cell_painting_and_high_content_imaging_are_image_data(scorer: Scorer) -> None:
    """A self-supervised encoder of Cell Painting images is an image model, however many genes
    and compounds its evaluation names."""
    paper = {
        "title": "Self-supervised encoders for morphological profiling",
        "abstract": "Cell Painting images are usually summarised with engineered features. We "
        "pretrain self-supervised vision transformers on 3 million cell images from a public "
        "high-content screening collection and evaluate them on gene family and drug target "
        "classification and on an unseen genetic perturbation dataset without fine-tuning.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Image Data")


def test_respiratory_and_heart_sounds_are_biomedical_signals(scorer: Scorer) -> None:
    """Body sounds recorded for health (coughs, breathing, auscultation) are physiological
    signals: a model pretrained on them is biomedical, and Clinical Data like ECG."""
    paper = {
        "title": "A self-supervised encoder of cough and breathing sounds",
        "abstract": "Recordings of coughs, breathing sounds and lung sounds from a stethoscope "
        "carry information about respiratory conditions. We pretrain a transformer encoder with "
        "masked spectrogram modelling on 400 hours of unlabelled respiratory audio pooled from "
        "public collections, and evaluate it on 19 downstream tasks, where it outperforms "
        "encoders pretrained on general audio and transfers to unseen devices.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Clinical Data")
    # the same abstract about birdsong is no biomedical paper
    birds = {
        "title": "A self-supervised encoder of bird calls",
        "abstract": "Recordings of bird calls carry information about species. We pretrain a "
        "transformer encoder with masked spectrogram modelling on 400 hours of unlabelled audio "
        "and evaluate it on 19 downstream tasks, outperforming general audio encoders.",
    }
    assert scorer.score(birds).decision == "drop"


def test_a_title_announcing_a_foundation_model_and_its_evaluation_is_a_model_paper(
    scorer: Scorer,
) -> None:
    """ "… foundation model for real-world radiology and comprehensive evaluation": the
    evaluation words say how the model was tested; only "benchmark" itself makes a benchmark."""
    abstract = (
        "We present RadFound, a vision-language foundation model pretrained on 8 million "
        "radiology images and 250,000 image-report pairs across 10 imaging modalities. It "
        "supports classification, report generation and visual question answering, and "
        "outperforms earlier medical vision-language models across these tasks."
    )
    model = scorer.score(
        {
            "title": "Expert-level vision-language foundation model for real-world radiology "
            "and comprehensive evaluation",
            "abstract": abstract,
        }
    )
    assert (model.kind, model.section) == ("model", "Multimodal data")
    bench = scorer.score(
        {
            "title": "A vision-language foundation model for radiology and a benchmark of "
            "radiology foundation models",
            "abstract": abstract,
        }
    )
    assert bench.kind == "benchmark"


def test_video_language_pretraining_is_vision_language(scorer: Scorer) -> None:
    """Narrated surgical videos paired with text: video-language pre-training is image-text
    pre-training by another name (Multimodal data), with zero-shot transfer as its mark."""
    paper = {
        "title": "Surgical video-language pretraining with procedural knowledge",
        "abstract": "We introduce ProcVLP, which aligns clips of surgical lecture videos with "
        "their narrations, refined by a language model, with video-language pretraining. "
        "The pretrained encoders transfer zero-shot to surgical phase recognition and "
        "cross-modal retrieval on several public datasets and serve as a generalist visual "
        "representation for downstream surgical tasks.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Multimodal data")


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (
            "Radiologists' Attitudes Toward Large Language Models in Reporting: A National Survey",
            "Large language models such as ChatGPT may change how radiology reports are "
            "written for patients. We surveyed members of a national radiology society about "
            "their clinical use of, and trust in, these models; most used them for drafting "
            "and worried about errors.",
        ),
        (
            "A Survey of Clinical Staff on Large Language Model Assistants",
            "An online form asked hospital staff how they use ChatGPT and other large language "
            "models at work; 412 respondents from 30 countries answered, most of them nurses.",
        ),
    ],
)
def test_a_survey_of_people_is_neither_a_review_nor_a_model(
    scorer: Scorer, title: str, abstract: str
) -> None:
    """Medical journals call a questionnaire study a survey; it asks people, not the literature,
    so the word "survey" must not make it a review of foundation models (the May-2026 journal
    set had two such papers proposed as reviews)."""
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.kind != "review" and result.decision != "propose"
    assert any("survey of people" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_survey_of_the_literature_on_medical_llms_is_still_a_review(scorer: Scorer) -> None:
    paper = {
        "title": "A Survey of Large Language Models in Medicine: Progress and Outlook",
        "abstract": "This survey reviews large language models for medicine: how medical LLMs "
        "are pretrained and instruction-tuned, the benchmarks used to evaluate them, and the "
        "open problems of deploying foundation models in clinics.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.decision, result.section) == ("review", "propose", "Review paper")


def test_a_title_typed_as_an_evaluation_study_of_a_general_model_is_a_probe(
    scorer: Scorer,
) -> None:
    """Journals append the article type to the title ("…: Evaluation Study", "…: Cross-Sectional
    Study"): a study, and one of an existing general model is a probe, not a benchmark."""
    paper = {
        "title": "Performance of GPT-4V on Dermatology Board Examination Images: Evaluation Study",
        "abstract": "This evaluation study gives image-based questions from a dermatology board "
        "examination to GPT-4V, the vision-capable version of the generative pretrained "
        "transformer GPT-4. The large language model answered most questions correctly and "
        "approached the passing mark, but the clinical images added little accuracy, which "
        "limits general multimodal models for visual clinical reasoning.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert any("existing general model" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_task_model_fed_with_protein_language_model_embeddings_is_not_a_new_model(
    scorer: Scorer,
) -> None:
    """Journal feeds hold many predictors built on a pretrained protein language model's
    embeddings; the language model is their input, the product is one task's predictor."""
    paper = {
        "title": "ThermoNet: A Deep Learning Approach for the Prediction of Protein Melting "
        "Temperature",
        "abstract": "Protein stability matters for enzyme engineering. ThermoNet predicts "
        "melting temperatures from sequence using embeddings from a pretrained transformer "
        "protein language model, combined with growth temperature, in a neural network "
        "regressor trained on proteome-wide profiling data from many organisms.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("embeddings" in e.phrase for e in result.evidence if e.kind == "cap")
    # … while a language model whose own embeddings serve tasks is the paper's product
    own = {
        "title": "ProtLM: a protein language model pretrained on 250 million sequences",
        "abstract": "We present ProtLM, a protein language model pretrained on 250 million "
        "sequences. Embeddings from ProtLM feed simple predictors that reach the state of "
        "the art on stability, localisation and function prediction across 12 tasks, and "
        "the weights are released.",
    }
    assert scorer.score(own).decision == "propose"


def test_a_named_dataset_released_to_compare_llms_is_a_benchmark_paper(scorer: Scorer) -> None:
    """Convention: a dataset a paper builds and releases to evaluate LLMs on biomedical data is a
    Benchmark paper even when neither its title nor its abstract says "benchmark" as a noun of
    its own (and a summary may say "they" for the authors)."""
    paper = {
        "title": "NEPHRO-NOTES: Expert-Annotated Kidney Clinic Letters to Advance Language Model "
        "Extraction",
        "abstract": "No public annotated corpus of nephrology letters existed for evaluating "
        "large language models. The authors design an annotation schema for diagnoses, "
        "medications, laboratory values and their timing, and annotate sixty de-identified "
        "clinic letters from two hospitals. They release the dataset and use it to benchmark "
        "zero-shot extraction by GPT-4, Llama 3 and Mistral; GPT-4 performs best but omits "
        "and invents facts about patients.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)
    # … not a paper whose dataset trains the model it presents
    trained = dict(
        paper,
        abstract="We release a dataset of sixty annotated nephrology letters and present "
        "NephroLM, a language model fine-tuned on it with LoRA to extract diagnoses and "
        "medications for patients, compared with GPT-4 and Llama 3 zero-shot.",
    )
    assert scorer.score(trained).kind != "benchmark"


def test_a_journal_record_without_abstract_is_read_by_its_standfirst(scorer: Scorer) -> None:
    """A Nature item has no abstract until Europe PMC finds one, but its editors' one-sentence
    summary says what the title does not; the evidence says it was read instead."""
    title = "A multimodal generative AI copilot for human pathology"
    summary = (
        "A vision-language foundation model pretrained on more than one million histology "
        "images and captions, then instruction-tuned, answers pathologists' questions across "
        "many organs and tasks."
    )
    paper = Paper(source="nature", source_id="10.1038/x", title=title, doi="10.1038/x")
    alone = scorer.score(paper)
    assert alone.decision != "propose"
    assert any(e.phrase == "abstract missing" for e in alone.evidence if e.kind == "note")
    read = scorer.score(dataclasses.replace(paper, summary=summary))
    assert (read.decision, read.section) == ("propose", "Multimodal data")
    assert any(e.phrase == SUMMARY_ONLY_NOTE for e in read.evidence if e.kind == "note")
    # classify takes it as an input field, read only when the abstract is missing, and only
    # when it is text
    assert scorer.score({"title": title, "summary": summary}).decision == "propose"
    assert Item.of({"title": title, "summary": [summary]}).abstract is None
    assert scorer.score({"title": title, "abstract": "", "summary": summary}).decision != (
        "propose"
    )


_NEW_ENCODER = (
    "We present CXR-One, a foundation model for chest radiographs pretrained with "
    "self-supervised learning on 1.2 million images from 30 hospitals. It outperforms existing "
    "models on 15 downstream tasks and transfers to unseen institutions; weights are released."
)
_REVIEW = (
    "This survey reviews foundation models for medical imaging: vision-language pre-training, "
    "self-supervised encoders and multimodal large language models, with their benchmarks. "
    "The community has responded to these challenges with new pretraining paradigms."
)


@pytest.mark.parametrize(
    ("title", "abstract", "kind"),
    [
        # an article-type suffix of a model paper is not a study of models
        ("A Chest Radiograph Foundation Model: Development and Validation Study", _NEW_ENCODER,
         "model"),
        ("Self-supervised pretraining at scale for chest radiographs: a retrospective study",
         _NEW_ENCODER, "model"),
        # "perception", "views" and "responded to" in a literature survey are not a questionnaire
        ("Multimodal large language models for medical image perception: a survey", _REVIEW,
         "review"),
        ("Medical Vision-Language Models: A Survey of Architectures, Datasets and Views", _REVIEW,
         "review"),
        ("A survey of foundation models for medical imaging", _REVIEW, "review"),
    ],
)  # fmt: skip
def test_model_papers_and_reviews_that_look_like_studies_or_surveys_are_still_proposed(
    scorer: Scorer, title: str, abstract: str, kind: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert (result.decision, result.kind) == ("propose", kind), result.evidence


def test_a_survey_of_people_is_recognised_by_its_respondents(scorer: Scorer) -> None:
    paper = {
        "title": "Large language model use in hospital radiology departments: a survey",
        "abstract": "Large language models such as ChatGPT are entering radiology. An online "
        "form on their clinical use went to 60 hospital departments; 412 respondents, mostly "
        "radiologists, reported drafting reports with them and worried about errors.",
    }
    result = scorer.score(paper)
    assert result.kind != "review" and result.decision != "propose"
    assert any("survey of people" in e.phrase for e in result.evidence if e.kind == "cap")
    # the count may also follow the word, as medical journals write it
    counted_after = dict(
        paper, abstract=paper["abstract"].replace("412 respondents", "respondents (n = 412)")
    )
    result = scorer.score(counted_after)
    assert any("survey of people" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_dataset_paper_that_also_makes_its_own_model_is_not_a_benchmark(scorer: Scorer) -> None:
    """A resource released with a model of the authors' own ("M3D: …" releases 3D image-text
    data, a benchmark and M3D-LM) is filed by its model, not under Benchmark paper."""
    paper = {
        "title": "CT-Suite: Advancing 3D Medical Image Analysis with Multimodal Large Language "
        "Models",
        "abstract": "Most medical multimodal LLMs read 2D images. The authors release CT-Data, a "
        "dataset of 120K 3D image-text pairs and 600K instructions for retrieval, report "
        "generation and question answering. They propose CT-LM, a multimodal LLM for 3D "
        "medical images, and introduce CT-Bench to evaluate models across eight tasks.",
    }
    assert scorer.score(paper).kind != "benchmark"


def test_a_finding_titled_paper_that_introduces_its_benchmark_is_a_benchmark_paper(
    scorer: Scorer,
) -> None:
    """ "Large language models lack … for reliable medical reasoning" announces a finding, but
    a paper whose abstract introduces a benchmark of its own to evaluate LLMs on biomedical data
    is a Benchmark paper under the convention, whatever its title says."""
    paper = {
        "title": "Large language models overlook uncertainty in reliable clinical triage",
        "abstract": "Clinical decisions need models that know when they do not know. We "
        "introduce TriageQA, a benchmark of 1,400 emergency triage vignettes with "
        "unanswerable and misleading variants, and evaluate twelve open and proprietary large "
        "language models on it. Accuracy is high on standard items, but no model recognises "
        "unanswerable questions reliably; the benchmark and code are released for patients' "
        "safety research.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        # a benchmark and then a model of the paper's own, however the model is introduced
        ("Large language models encode nephrology knowledge",
         "We present NephroQA, a benchmark of 2,000 board-style questions with a clinician "
         "rating framework. To close the gaps it shows, we fine-tune Llama-3-70B on 300,000 "
         "nephrology notes; the resulting NephroLlama approaches nephrologists on most axes. "
         "The benchmark and the weights are released."),
        ("Report generation for knee MRI with multimodal large language models",
         "We introduce KneeGen-Bench, a benchmark of 9,000 knee MRI studies with expert "
         "reports. Instruction tuning LLaVA on 800,000 image-report pairs produces KneeLLaVA, "
         "a multimodal large language model that outperforms earlier methods; the benchmark, "
         "code and weights are released."),
        # a study of a weakness that builds an unnamed test along the way
        ("Medical large language models are vulnerable to prompt-injection attacks",
         "We introduce a benchmark for measuring harmful completions, and show that hidden "
         "instructions in 0.1 percent of patient notes make clinical models recommend unsafe "
         "doses while matching clean models on MedQA. We release our benchmark and code."),
    ],
)  # fmt: skip
def test_a_benchmark_with_a_model_of_its_own_or_an_unnamed_test_is_no_benchmark_paper(
    scorer: Scorer, title: str, abstract: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.kind != "benchmark" or result.decision != "propose", result.evidence


def test_a_title_claiming_scaling_over_a_model_pretrained_at_scale_is_a_model_paper(
    scorer: Scorer,
) -> None:
    """ "… Models Improve with Scale" reads like a study, but an abstract that pre-trains its
    own model family on data at scale and evaluates it across many tasks makes a model paper."""
    paper = {
        "title": "Generative Clinical Event Models Improve with Scale",
        "abstract": "Patient histories are sequences of clinical events. We pretrain ClinGPT, "
        "a family of decoder-only transformers, on 90 million patients and two billion "
        "encounters from hundreds of health systems, derive scaling laws, and evaluate "
        "the models on 60 real-world tasks, where they match task-specific models without "
        "fine-tuning.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.decision) == ("model", "propose"), result.evidence


def test_trillions_of_tokens_are_data_at_scale(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "A medical language model trained from scratch",
            "abstract": "We train a series of large language models from scratch on about 20 "
            "trillion tokens with medicine as a primary goal, and release a 14B checkpoint "
            "for clinical question answering.",
        }
    )
    assert any(e.kind == "scale" and "trillion" in e.phrase for e in result.evidence)


def test_every_signal_phrase_is_a_clinical_phrase() -> None:
    """The phrases that make Clinical Data a signal model are read from the clinical evidence:
    one missing from the clinical vocabulary would never count."""
    from fmwatch.phrases import phrase_key
    from fmwatch.score import _SIGNAL_PHRASES
    from fmwatch.vocab import DEFAULT_VOCABULARIES

    clinical = {("clinical", phrase_key(p)) for p in DEFAULT_VOCABULARIES["clinical"]}
    assert clinical >= _SIGNAL_PHRASES


def test_a_benchmark_the_title_names_needs_one_mention_of_the_models_it_runs(
    scorer: Scorer,
) -> None:
    """ "OrthoViewQA: A Multi-View Radiograph VQA Benchmark …": the title already says the
    paper's product is a benchmark, so one mention of the models it runs ("multimodal LLMs")
    makes it a Benchmark paper; an untitled one still needs more."""
    paper = {
        "title": "OrthoViewQA: A Multi-View Radiograph VQA Benchmark for Orthopaedic Reasoning",
        "abstract": "Orthopaedic surgeons read several radiograph views together, yet visual "
        "question answering sets for medicine nearly always pair one image with one question. "
        "We build 3,100 questions from teaching cases whose answers need evidence from two to "
        "four views of the same joint, with reference rationales checked by surgeons. A dozen "
        "proprietary and open multimodal LLMs stay below 55 percent accuracy, and their errors "
        "mostly come from ignoring one of the views.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)
    untitled = dict(paper, title="Multi-view radiograph questions for orthopaedic reasoning")
    assert scorer.score(untitled).decision != "propose"


def test_a_model_the_authors_pretrain_from_scratch_at_scale_is_introduced(
    scorer: Scorer,
) -> None:
    """ "Pretraining the transformer from scratch on 18 million profiles" introduces the
    authors' own pretrained model even without "we present"; "than models trained from
    scratch" (a baseline) or "models trained from scratch generalise poorly" (the problem)
    do not."""
    paper = {
        "title": "Rat-Cellformer: A Deep Learning Model for Rat Single-Cell Transcriptomes",
        "abstract": "Single-cell atlases of the rat lag behind those of human and mouse. "
        "Collecting about 18 million rat scRNA-seq profiles into one corpus and pretraining "
        "the transformer from scratch on it yields a model that captures rat transcriptome "
        "structure, improves cell type annotation after fine-tuning and recovers known "
        "disease genes through in silico perturbation.",
    }
    result = scorer.score(paper)
    assert any("from scratch" in e.phrase for e in result.evidence if e.kind == "intro")
    assert result.decision == "propose", result.evidence
    for baseline in (
        "Rat transcriptomes are modelled better by pretrained transformers than by models "
        "trained from scratch on 18 million profiles, which improves cell type annotation "
        "after fine-tuning.",
        "Models trained from scratch on limited data generalise poorly, while 18 million "
        "rat profiles now exist; fine-tuning improves cell type annotation.",
    ):
        other = scorer.score(dict(paper, abstract=baseline))
        assert not any("from scratch" in e.phrase for e in other.evidence), baseline


def test_pretraining_on_large_unlabelled_collections_is_data_at_scale(scorer: Scorer) -> None:
    """ "After pretraining on large unlabelled EEG collections" says the data scale in words:
    a self-supervised encoder framed as a method is still a pretrained model; "a large
    unlabelled set" beside a small labelled one (semi-supervised learning) is not scale."""
    paper = {
        "title": "Masked Channel-Time Modelling for Electroencephalogram Representation Learning",
        "abstract": "Annotated EEG recordings are few compared with the disorders worth "
        "detecting, so representations learned without labels are attractive. We propose "
        "CT-MEM, which splits multichannel recordings into channel-wise temporal patches, masks "
        "most of them and reconstructs them with a transformer encoder and a light decoder. "
        "After pretraining on large unlabelled EEG collections, the encoder is fine-tuned or "
        "linearly probed for seizure and sleep-stage classification, where it beats contrastive "
        "baselines.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "scale" and "unlabelled" in e.phrase for e in result.evidence)
    assert result.decision == "propose", result.evidence
    semi = dict(
        paper,
        abstract=paper["abstract"].replace(
            "After pretraining on large unlabelled EEG collections",
            "Using a large unlabelled set beside 200 labelled recordings",
        ),
    )
    assert not any(e.kind == "scale" for e in scorer.score(semi).evidence)


def test_a_corpus_released_with_the_model_pretrained_on_it_at_scale_is_a_model_too(
    scorer: Scorer,
) -> None:
    """ "The X corpus: …" whose abstract also pre-trains the authors' own model on it at
    scale and evaluates it broadly is catalogued for its model; the corpus alone, evaluated
    with others' models, stays a dataset."""
    paper = {
        "title": "The SoilMeta corpus: an open soil metagenome collection for genomic "
        "language modelling",
        "abstract": "We release SoilMeta, a deduplicated corpus of about two trillion base "
        "pairs of soil metagenomes with annotated protein-coding genes. Using this corpus, "
        "the authors train gSoil, a genomic language model that reads genes as amino acids "
        "and intergenic regions as nucleotides, and evaluate it on 12 tasks of protein "
        "function and regulatory element prediction, where it beats single-modality models.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose", result.evidence
    # the same corpus with no model of the authors' own: a dataset
    data_only = dict(
        paper,
        abstract=paper["abstract"].replace(
            "the authors train gSoil, a genomic language model that reads",
            "existing genomic language models that read",
        ),
    )
    result = scorer.score(data_only)
    assert result.decision != "propose"
    assert any("dataset" in e.phrase for e in result.evidence if e.kind == "cap")


def test_a_model_introduced_as_a_vision_language_model_is_multimodal(scorer: Scorer) -> None:
    """ "The authors develop Cora, a vision-language model …" files under Multimodal data even
    when the abstract's image words outnumber its text words; the same encoder introduced as
    a vision transformer stays Image Data."""
    paper = {
        "title": "Learning spine imaging models from health system-scale data",
        "abstract": "Spine MRI volumes keep growing while radiologists do not. Using a large "
        "academic health system as a data engine, the authors develop Cora, a vision-language "
        "model for spine MRI trained on more than 150,000 clinical MRI and CT studies. In a "
        "system-wide evaluation across 40 radiologic diagnoses, including fractures, "
        "degenerative disease and tumours, Cora beats general and medical imaging baselines "
        "and supports worklist prioritisation.",
    }
    result = scorer.score(paper)
    assert (result.decision, result.section) == ("propose", "Multimodal data"), result.evidence
    vision_only = dict(
        paper,
        abstract=paper["abstract"].replace("a vision-language model", "a vision transformer"),
    )
    assert scorer.score(vision_only).section == "Image Data"


def test_trillions_of_tokens_pretrain_from_scratch_billions_may_be_a_fine_tune(
    scorer: Scorer,
) -> None:
    """A trillion tokens is pre-training from scratch (domain scale: a title about "large
    language models" then speaks of the paper's own); billions of tokens may be a continued
    pre-training run, weaker evidence."""
    paper = {
        "title": "Orion-M: Advancing the Clinical Competence of Large Language Models",
        "abstract": "Most medical LLMs are built by post-training a general base model. Orion-M "
        "instead is a family of large language models trained from scratch with medicine as a "
        "primary goal, on about 15 trillion tokens mixing clinical text with general data. "
        "The models match leading systems on general benchmarks and on medical evaluations; a "
        "7B-parameter version is open-sourced.",
    }
    result = scorer.score(paper)
    scale = [e.weight for e in result.evidence if e.kind == "scale"]
    assert scale == [2.0]
    assert result.decision == "propose", result.evidence
    billions = scorer.score(
        dict(paper, abstract=paper["abstract"].replace("15 trillion", "15 billion"))
    )
    assert [e.weight for e in billions.evidence if e.kind == "scale"] == [1.5]


def test_a_predictor_introduced_as_fed_with_plm_embeddings_is_not_a_new_model(
    scorer: Scorer,
) -> None:
    """ "X is a lightweight predictor that uses embeddings from a pretrained protein language
    model as input": the sentence that introduces the product names the embeddings it is fed,
    so the introduction does not make a foundation model."""
    paper = {
        "title": "StabG: Protein Language Models enable fast and accurate stability prediction",
        "abstract": "Predicting how substitutions change protein stability across whole "
        "proteomes needs fast methods. StabG is a lightweight predictor that uses embeddings "
        "from a pretrained protein language model as input to a small feed-forward network "
        "trained on the outputs of an alignment-based expert method. On deep mutational "
        "scanning benchmarks it approaches much slower methods and scores all substitutions "
        "of a proteome in minutes. Code is released.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("embeddings" in e.phrase for e in result.evidence if e.kind == "cap")
    # a model of the paper's own, introduced in its own sentence, stays a model
    own = dict(
        paper,
        abstract="We present StabLM, a protein language model pretrained on 60 million "
        "sequences from UniRef. Features from the pretrained model feed stability, "
        "localisation and function predictors across 15 tasks, where it beats earlier models.",
    )
    assert scorer.score(own).decision == "propose"


@pytest.mark.parametrize(
    "suffix", [": A Simulation Study", ": A Simulation Study with Intensive Care Records"]
)
def test_an_evaluation_study_of_general_foundation_models_is_a_probe(
    scorer: Scorer, suffix: str
) -> None:
    """ "Evaluating Zero-Shot Foundation Models for … in Clinical Settings: A Simulation
    Study (with …)": existing general models run on clinical data, no benchmark built: a
    probe, not a Benchmark paper; the same study releasing a named benchmark is one."""
    paper = {
        "title": "Evaluating Zero-Shot Foundation Models for Time Series Forecasting in "
        "Clinical Settings" + suffix,
        "abstract": "Forecasting vital signs could support intensive care, but task-specific "
        "models are hard to deploy. This study evaluates the zero-shot performance of three "
        "existing forecasting foundation models against tuned task-specific models on records "
        "of two hospitals, across three simulated clinical use cases. Task-specific models "
        "are more accurate in most scenarios; the zero-shot models stay competitive on "
        "external data.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("study" in e.phrase for e in result.evidence if e.kind == "cap"), result.evidence
    released = dict(
        paper,
        abstract=paper["abstract"]
        + " We release ICUCast-Bench, a benchmark of 40 forecasting tasks from 12,000 stays, "
        "on which we evaluate time-series foundation models and large language models.",
    )
    assert scorer.score(released).decision == "propose"


def test_zero_shot_image_text_pretraining_at_scale_is_not_one_task(scorer: Scorer) -> None:
    """ "A vision-language model for annotation-free lesion localization" names a task, but
    image-report pre-training on 200,000 pairs that transfers zero-shot across external
    datasets is a vision-language foundation model; the same title over a model trained on
    2,000 pairs stays one task's."""
    paper = {
        "title": "A vision-language model for annotation-free lesion localization in mammography",
        "abstract": "Lesion localisation models depend on expert region annotations. This "
        "paper presents MamLoc, a vision-language model that aligns words, sentences and "
        "whole reports with image features at several levels, without pixel labels. It is "
        "pretrained on about 200,000 mammogram image-report pairs and validated on six "
        "external datasets, where it beats prior vision-language methods in zero-shot "
        "localization and classification.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose", result.evidence
    small = dict(paper, abstract=paper["abstract"].replace("200,000", "2,000"))
    result = scorer.score(small)
    assert result.decision != "propose"
    assert any("one task" in e.phrase for e in result.evidence if e.kind == "cap")


# -- mends after the seventh session's review (each input reproduced a defect) -------------


def _has_scratch_intro(result: object) -> bool:
    return any(
        "from scratch" in e.phrase
        for e in result.evidence  # type: ignore[attr-defined]
        if e.kind == "intro"
    )


def test_from_scratch_in_a_problem_statement_or_as_a_reference_is_not_an_own_model(
    scorer: Scorer,
) -> None:
    fine_tune = scorer.score(
        {
            "title": "Fine-tuning Geneformer for rat cell type annotation",
            "abstract": "In single-cell genomics, classifiers are usually trained from scratch "
            "for each new tissue. We fine-tune the existing Geneformer model, pretrained on 30 "
            "million human cells, on 40,000 labelled rat cells and report improved cell type "
            "annotation accuracy in three rat tissues.",
        }
    )
    assert not _has_scratch_intro(fine_tune)
    assert fine_tune.decision != "propose"
    reference = scorer.score(
        {
            "title": "ECG-1M: An Open Dataset of Annotated Electrocardiograms from Routine Care",
            "abstract": "Public electrocardiogram datasets are small. We release ECG-1M, 1.2 "
            "million 12-lead ECGs from 400,000 patients with cardiologist-confirmed labels for "
            "20 diagnoses. We evaluate six ECG foundation models with linear probes, and as "
            "reference we train convolutional networks from scratch on each of the 20 "
            "diagnostic tasks.",
        }
    )
    assert not _has_scratch_intro(reference)
    assert reference.decision != "propose"


@pytest.mark.parametrize(
    "abstract",
    [
        "Pretraining the transformer from scratch on over 18 million rat scRNA-seq profiles "
        "yields a model that improves cell type annotation in 12 tissues.",
        "Pretraining the transformer from scratch on more than 18 million rat scRNA-seq "
        "profiles yields a model that improves cell type annotation in 12 tissues.",
        # a baseline named first does not hide the authors' own pre-training
        "Cell type classifiers trained from scratch perform poorly on rare rat tissues. "
        "Pretraining the transformer from scratch on 18 million rat scRNA-seq profiles yields "
        "a model that improves cell type annotation in 12 tissues.",
    ],
)
def test_from_scratch_pretraining_counted_in_words_of_quantity_is_still_own(
    scorer: Scorer, abstract: str
) -> None:
    result = scorer.score(
        {"title": "Rat single-cell transcriptome modelling with masked gene prediction",
         "abstract": abstract}
    )  # fmt: skip
    assert _has_scratch_intro(result), result.evidence


def test_trillions_of_tokens_of_a_base_model_are_not_the_papers_scale(scorer: Scorer) -> None:
    paper = {
        "title": "Fine-tuning Llama 3 for radiology report summarization",
        "abstract": "Radiology impressions are slow to write. We fine-tune Llama 3 8B, an open "
        "large language model pretrained on 15 trillion tokens, on 40,000 report-impression "
        "pairs from two hospitals, and evaluate the generated impressions with radiologists "
        "across 4 datasets.",
    }
    result = scorer.score(paper)
    assert [e.weight for e in result.evidence if e.kind == "scale"] != [2.0]
    assert result.decision != "propose"
    # "15T tokens", the way LLM papers write it, is a count too
    own = scorer.score(
        {"title": "A medical language model trained from scratch",
         "abstract": "We pretrain a 7B-parameter medical language model on 15T tokens of "
         "clinical and general text and release its weights."}
    )  # fmt: skip
    assert [e.weight for e in own.evidence if e.kind == "scale"] == [2.0]


@pytest.mark.parametrize(
    "extra",
    [
        " To show its value, we fine-tune three existing vision-language models such as CLIP on "
        "it and evaluate them on 6 downstream tasks.",
        " The resulting annotations cover 6 downstream tasks of report generation and retrieval.",
    ],
)
def test_a_dataset_with_fine_tuned_baselines_stays_a_dataset(scorer: Scorer, extra: str) -> None:
    paper = {
        "title": "CXR-Pairs: A Large-Scale Dataset of Chest Radiographs and Reports",
        "abstract": "We release CXR-Pairs, 2.1 million chest radiographs paired with their "
        "reports from 12 hospitals." + extra,
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("dataset" in e.phrase for e in result.evidence if e.kind == "cap")
    # … while one that continually pre-trains models of its own on it is catalogued for them
    own = dict(
        paper,
        abstract=paper["abstract"].replace(extra, "")
        + " Using it, we continually pretrain CLIP-style models and evaluate them on 30 tasks "
        "across radiology, where they lead in zero-shot classification.",
    )
    assert scorer.score(own).decision == "propose"


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("SeizNet: real-time seizure detection on wearable EEG",
         "Unlike foundation models, which require pretraining on large unlabelled EEG "
         "collections, we propose SeizNet, a lightweight convolutional network trained on 300 "
         "labelled recordings that detects seizures on a wristband in real time."),
        ("Contrastive pretraining of a polyp detector on hospital colonoscopy video",
         "Self-supervised learning on large unlabelled image collections has transformed "
         "natural image recognition. We pretrain a detector with contrastive learning on 5,000 "
         "colonoscopy frames from our hospital and fine-tune it for polyp detection."),
        ("Semi-supervised skin lesion segmentation with consistency regularisation",
         "We propose a semi-supervised method that learns from the large unlabelled portion of "
         "a public dermoscopy archive alongside 200 annotated images, improving segmentation."),
    ],
)  # fmt: skip
def test_large_unlabelled_data_of_others_or_of_a_semi_supervised_task_is_not_scale(
    scorer: Scorer, title: str, abstract: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert not any(e.kind == "scale" for e in result.evidence), result.evidence
    assert result.decision != "propose"


def test_a_dataset_titled_paper_with_one_llm_mention_is_not_a_named_benchmark(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "KneeMRI-3D: A Dataset of Annotated Knee MRI Volumes for Cartilage "
            "Segmentation",
            "abstract": "Cartilage segmentation in knee MRI supports osteoarthritis research, "
            "but public annotated data are scarce. We release 1,200 knee MRI volumes from 600 "
            "patients with voxel-level cartilage and meniscus labels drawn by two radiologists, "
            "together with clinical scores. A U-Net baseline reaches a Dice of 0.88, and a large "
            "language model drafts the accompanying reports.",
        }
    )
    assert result.decision != "propose"


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("Zero-Shot Cell Embeddings for Cell Type Annotation: A Comparative Study",
         "Single-cell foundation models promise cell embeddings that transfer without "
         "fine-tuning. We systematically evaluate five single-cell foundation models, including "
         "scGPT, Geneformer and UCE, against simple baselines on 20 scRNA-seq datasets from 8 "
         "tissues, measuring zero-shot cell type annotation and batch integration."),
        ("Pathology Slide Encoders for Rare Tumour Subtyping: An Evaluation Study",
         "Slide encoders are trained on common cancers. We evaluate eight slide encoders, "
         "including UNI, Virchow and CONCH, on 14 rare tumour subtyping tasks from 3 hospitals "
         "with linear probes and attention-based multiple-instance learning."),
    ],
)  # fmt: skip
def test_a_study_of_biomedical_foundation_models_stays_a_benchmark(
    scorer: Scorer, title: str, abstract: str
) -> None:
    result = scorer.score({"title": title, "abstract": abstract})
    assert (result.kind, result.decision) == ("benchmark", "propose"), result.evidence


def test_every_biomedical_fm_name_is_an_existing_fm_phrase() -> None:
    from fmwatch.phrases import phrase_key
    from fmwatch.vocab import BIOMEDICAL_EXISTING_FM, DEFAULT_VOCABULARIES

    existing = {phrase_key(p) for p in DEFAULT_VOCABULARIES["existing_fm"]}
    assert {phrase_key(n) for n in BIOMEDICAL_EXISTING_FM} <= existing


@pytest.mark.parametrize(
    "abstract",
    [
        "Protein language models learn from sequence alone. We present ProtoLM, a protein "
        "language model pretrained with structure-aware masking, whose embeddings outperform "
        "representations from existing protein language models on stability prediction, "
        "localisation and function annotation.",
        "Protein language models learn from sequence alone. We present ProtoLM, a protein "
        "language model pretrained with structure-aware masking. Embeddings from the pretrained "
        "model are informative: a linear probe on them is an accurate predictor of stability, "
        "localisation and function.",
    ],
)
def test_a_protein_language_model_of_its_own_is_not_fed_with_embeddings(
    scorer: Scorer, abstract: str
) -> None:
    result = scorer.score(
        {"title": "ProtoLM: a protein language model with structure-aware masking",
         "abstract": abstract}
    )  # fmt: skip
    assert result.decision == "propose", result.evidence


def test_a_predictor_the_authors_present_as_fed_with_embeddings_is_a_task_model(
    scorer: Scorer,
) -> None:
    result = scorer.score(
        {
            "title": "StabG: Protein Language Models enable fast stability prediction",
            "abstract": "We present StabG, a lightweight predictor that uses embeddings from a "
            "pretrained protein language model as input to a small feed-forward network, "
            "trained on the outputs of an alignment-based expert method; it scores all "
            "substitutions of a proteome in minutes.",
        }
    )
    assert any("embeddings" in e.phrase for e in result.evidence if e.kind == "cap")


@pytest.mark.parametrize(
    "abstract",
    [
        "We introduce PathoDINO, a vision transformer pretrained with self-distillation on 1.2 "
        "million whole-slide images without any text, which outperforms vision-language models "
        "such as CONCH on 30 slide classification tasks.",
        "We introduce PathoDINO, a vision encoder pretrained on 1.2 million whole-slide images "
        "that can serve as the visual backbone of multimodal large language models, and "
        "evaluate it on 30 slide classification tasks.",
    ],
)
def test_an_image_model_compared_with_vlms_is_not_introduced_as_one(
    scorer: Scorer, abstract: str
) -> None:
    result = scorer.score(
        {"title": "PathoDINO: a self-supervised foundation model for histopathology",
         "abstract": abstract}
    )  # fmt: skip
    assert result.section == "Image Data", result.evidence


def test_a_multimodal_llm_of_protein_sequences_stays_genomic(scorer: Scorer) -> None:
    """The vision-language introduction decides the section only when images lead the
    evidence: a "multimodal large language model" of protein sequences and text is a protein
    model."""
    result = scorer.score(
        {
            "title": "ProtChat: conversational protein understanding",
            "abstract": "We present ProtChat, a multimodal large language model that reads "
            "protein sequences and text, pretrained on 40 million protein sequences and 2 "
            "million protein descriptions, and evaluated on 12 protein function and "
            "structure tasks.",
        }
    )
    assert result.section == "Genomic data", result.evidence


def test_zero_shot_only_for_baselines_keeps_a_task_title_capped(scorer: Scorer) -> None:
    result = scorer.score(
        {
            "title": "Contrastive image-report pretraining for pneumothorax detection on chest "
            "radiographs",
            "abstract": "General vision-language models such as CLIP perform poorly in zero-shot "
            "pneumothorax detection. We pretrain a vision-language model with contrastive "
            "image-text learning on 120,000 chest radiograph-report pairs from our hospital and "
            "fine-tune it to detect pneumothorax, improving the AUC over zero-shot "
            "vision-language baselines on an internal test set.",
        }
    )
    assert result.decision != "propose"
    assert any("one task" in e.phrase for e in result.evidence if e.kind == "cap")


def test_two_tasks_of_one_problem_in_the_title_are_still_one_task(scorer: Scorer) -> None:
    """ "… Transformer for Seizure Prediction and Classification": self-supervised pre-training
    on unlabelled recordings, then fine-tuning for two tasks of one disorder, is a task model;
    a longer list of tasks is not read as one task."""
    paper = {
        "title": "Self-Supervised Learning with a Spectral-Temporal Attention Transformer for "
        "Seizure Prediction and Classification",
        "abstract": "Supervised models of clinical EEG in epilepsy patients need large "
        "annotated datasets. The authors propose a self-supervised transformer with "
        "spectral-temporal attention that learns EEG "
        "representations from unlabeled recordings by masked reconstruction, and is then "
        "fine-tuned for the two downstream tasks of seizure prediction and seizure-type "
        "classification, where it improves both.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("one task" in e.phrase for e in result.evidence if e.kind == "cap")
    many = scorer.score(
        dict(
            paper,
            title="Self-Supervised Learning with a Spectral-Temporal Attention Transformer for "
            "Seizure Onset Detection, Sleep Staging, Artifact Removal and Emotion Classification",
        )
    )
    assert not any("one task" in e.phrase for e in many.evidence if e.kind == "cap")


def test_an_evaluation_of_domain_fms_on_one_task_is_a_narrow_probe(scorer: Scorer) -> None:
    """ "…: A Systematic Evaluation in Glioma Subtype Classification": an evaluation of
    pathology foundation models on one task is a narrow probe, not a catalog benchmark; the
    same evaluation across many tasks is one."""
    paper = {
        "title": "Adaptation Strategies for Pathology Foundation Models: A Systematic "
        "Evaluation in Glioma Subtype Classification",
        "abstract": "Pathology foundation models are adapted in many ways. We compare linear "
        "probing, full fine-tuning and parameter-efficient tuning of six pathology foundation "
        "models, including UNI and Virchow, for glioma subtype classification on slides from "
        "two hospitals, and report which strategy works best with few labels.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert any("one task" in e.phrase for e in result.evidence if e.kind == "cap")
    broad = dict(
        paper,
        title="Adaptation Strategies for Pathology Foundation Models: A Systematic Evaluation",
    )
    assert scorer.score(broad).decision == "propose"


def test_a_question_title_over_a_benchmark_the_abstract_names_is_a_benchmark_paper(
    scorer: Scorer,
) -> None:
    """Convention: "SurgCheck: Can VLMs …?" over "we introduce SurgCheck, a … benchmark" asks
    what the paper's own benchmark answers, so it is a Benchmark paper, not a probe."""
    paper = {
        "title": "SurgCheck: Can Vision-Language Models Tell a Safe Surgical Step from an Unsafe "
        "One?",
        "abstract": "Vision-language models are being proposed as assistants in the operating "
        "room, but whether they recognise unsafe surgical actions is unknown. We introduce "
        "SurgCheck, a diagnostic benchmark of 2,400 laparoscopic video frames paired with "
        "safety questions written and checked by surgeons. We systematically evaluate eleven "
        "open and proprietary vision-language models on it: accuracy stays near chance on "
        "critical-view-of-safety items, and models rarely explain their answers with the "
        "anatomy they cite.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)
    # a benchmark the abstract leaves unnamed does not answer the title's question
    unnamed = dict(
        paper,
        abstract=paper["abstract"].replace("SurgCheck, a diagnostic", "a diagnostic"),
    )
    assert any("asks a question" in cap for cap in caps(scorer.score(unnamed)))


def test_a_question_title_answered_by_a_benchmark_the_abstract_introduces_by_name(
    scorer: Scorer,
) -> None:
    """ "Can Multimodal Large Language Models Understand OCT?" over "the authors build
    OCT-Bench, a benchmark of … questions", released: the title need not carry the name; the
    abstract introducing it by name says what the paper is as surely (blind19_dev)."""
    paper = {
        "title": "Can Vision-Language Models Read Capsule Endoscopy Videos?",
        "abstract": "Capsule endoscopy yields hours of video per patient, and multimodal large "
        "language models are proposed to read it, yet no evaluation goes beyond frame-level "
        "disease labels. We build CapsuleQA, a benchmark of 8,200 multiple-choice questions on "
        "1,900 annotated clips from five public datasets, organised by perception, localisation "
        "and clinical reasoning. Eighteen proprietary, open and medical-domain multimodal "
        "models are evaluated; none approaches gastroenterologists, and medical adaptation does "
        "not close the gap. The benchmark is publicly released.",
    }
    assert_benchmark_proposal(scorer.score(paper))
    unnamed = dict(paper, abstract=paper["abstract"].replace("We build CapsuleQA, a", "We build a"))
    assert any("asks a question" in cap for cap in caps(scorer.score(unnamed)))


def test_a_benchmark_defined_as_evaluating_llms_is_not_an_agent_benchmark_for_its_title(
    scorer: Scorer,
) -> None:
    """Convention: a benchmark whose introducing sentence says it evaluates LLMs is a benchmark
    of models, whatever agent word its title carries; one whose agents are tested is not."""
    paper = {
        "title": "TriageArena: A Benchmark of Emergency Triage Decisions for Agentic Clinical AI",
        "abstract": "Emergency triage weighs vital signs, history and complaints under time "
        "pressure. We present TriageArena, a benchmark of 1,800 de-identified emergency "
        "department encounters for evaluating large language models on multi-step triage "
        "decisions. Each encounter is annotated by emergency physicians with an acuity level "
        "and a rationale. Twelve general and medical large language models under-triage a "
        "third of critically ill patients.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.decision) == ("benchmark", "propose"), caps(result)
    agents = dict(
        paper,
        abstract=paper["abstract"].replace(
            "for evaluating large language models on multi-step triage decisions",
            "in which language-model agents make multi-step triage decisions",
        ),
    )
    assert scorer.score(agents).decision != "propose"


def test_a_benchmark_whose_introducing_sentence_tests_agents_is_not_a_model_benchmark(
    scorer: Scorer,
) -> None:
    """Convention: a benchmark "in which agents must …" evaluates agents built on models, which
    curators decline, even when the title and the rest of the abstract never say "agent"."""
    paper = {
        "title": "DischargeBench: Planning Hospital Discharges with Large Language Models",
        "abstract": "Discharge planning draws on the notes, medication lists and follow-up needs "
        "of each inpatient. We introduce DischargeBench, a benchmark in which agents must "
        "assemble discharge plans for 900 simulated inpatients from electronic health "
        "records. Nine proprietary and open large language models omit a required follow-up "
        "in a quarter of the plans.",
    }
    result = scorer.score(paper)
    assert result.decision != "propose"
    assert caps(result)
    models = dict(
        paper,
        abstract=paper["abstract"].replace("in which agents must", "on which models must"),
    )
    assert scorer.score(models).decision == "propose"


def test_fine_tuning_and_retrieval_conditions_of_an_own_benchmark_do_not_count_against_it(
    scorer: Scorer,
) -> None:
    """Convention: a released benchmark that runs models as released, fine-tuned or with
    retrieval is still a Benchmark paper: those words are its conditions, not an adaptation."""
    paper = {
        "title": "EchoReportBench: A Benchmark for Echocardiography Report Generation",
        "abstract": "Echocardiography reports summarise cardiac measurements and findings from "
        "many views. We release EchoReportBench, a benchmark of 5,000 echocardiogram studies "
        "from 3,100 patients with cardiologist-written reports. We compare nine "
        "vision-language models as released, after fine-tuning with LoRA adapters, and with "
        "retrieval-augmented generation over similar studies; parameter-efficient fine-tuning "
        "helps most, and retrieval adds little.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)


@pytest.mark.parametrize(
    "finding",
    [
        "To grade free-text answers we develop an LLM-as-a-judge protocol, validated against "
        "two nephrologists. Open models trail proprietary ones on electrolyte disorders.",
        "Answers are graded by two nephrologists, and the resulting performance gap between "
        "open and proprietary models is widest on electrolyte disorders.",
    ],
    ids=["judge-protocol", "resulting-gap"],
)
def test_a_judge_protocol_or_a_resulting_gap_is_not_a_model_of_the_papers_own(
    scorer: Scorer, finding: str
) -> None:
    """Convention: "we develop an LLM-as-a-judge protocol" or "the resulting performance gap"
    in a benchmark paper makes no model of its own, so the paper stays a Benchmark paper."""
    result = scorer.score(
        {
            "title": "Large language models struggle with electrolyte disorders in kidney care",
            "abstract": "Kidney disease is rare in medical question sets. We introduce "
            "NephroCases, a benchmark of 1,200 nephrology vignettes with reference answers "
            "written by nephrologists, and evaluate ten proprietary and open large language "
            f"models on it. {finding}",
        }
    )
    assert (result.kind, result.decision) == ("benchmark", "propose"), caps(result)


def test_learning_representations_from_large_unlabelled_archives_is_data_at_scale(
    scorer: Scorer,
) -> None:
    """Convention: "learning beat and rhythm representations from large unlabelled ECG
    archives" says pre-training at scale in words, so the framework is a pretrained model."""
    result = scorer.score(
        {
            "title": "Contrastive Beat-Rhythm Coding for Electrocardiogram Representation Learning",
            "abstract": "Labelled electrocardiograms cover few of the arrhythmias cardiologists "
            "care about. We propose BeatCode, a framework that contrasts single heartbeats "
            "with the rhythm strip around them, learning beat and rhythm representations from "
            "large unlabelled ECG archives with a transformer encoder. The encoder is then "
            "fine-tuned or linearly probed for arrhythmia and myocardial infarction detection, "
            "where it beats earlier contrastive baselines.",
        }
    )
    assert any(e.kind == "scale" and "unlabelled" in e.phrase for e in result.evidence)
    assert result.decision == "propose", caps(result)


def test_self_supervised_training_on_a_named_public_corpus_is_data_at_scale(
    scorer: Scorer,
) -> None:
    """Convention: "trained self-supervised on MIMIC-IV-ECG" pre-trains on a public corpus of a
    whole domain, data at scale like "pretrained on"; a local data set is not."""
    paper = {
        "title": "HeartLens: A Lead-Agnostic Electrocardiogram Encoding Framework",
        "abstract": "Electrocardiogram models are usually built for one lead configuration. We "
        "propose HeartLens, a framework that learns one transformer encoder for twelve-lead, "
        "six-lead and single-lead recordings. Trained self-supervised on MIMIC-IV-ECG "
        "recordings, the encoder transfers to arrhythmia, left ventricular dysfunction and "
        "hyperkalaemia detection with competitive AUROC.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "scale" and "mimic" in e.phrase for e in result.evidence)
    assert result.decision == "propose", caps(result)
    local = dict(paper, abstract=paper["abstract"].replace("MIMIC-IV-ECG", "our hospital's"))
    assert scorer.score(local).decision != "propose"


def test_a_benchmark_of_encoder_only_and_decoder_only_models_evaluates_llms(
    scorer: Scorer,
) -> None:
    """Convention: "four encoder-only and five decoder-only transformers" are the language
    models a released biomedical benchmark evaluates, so it is a Benchmark paper."""
    result = scorer.score(
        {
            "title": "DrugLabelBench: A Benchmark for Adverse Reaction Extraction from Drug Labels",
            "abstract": "Drug labels list adverse reactions in free text that pharmacovigilance "
            "teams still read by hand. We present DrugLabelBench, a benchmark of 6,000 drug "
            "label sections annotated by clinical pharmacists for adverse reactions and their "
            "frequencies in patients. We compare four encoder-only and five decoder-only "
            "transformers ranging from 0.1B to 70B parameters; the largest decoders lead on "
            "rare reactions, while the best encoders remain competitive on common ones.",
        }
    )
    assert_benchmark_proposal(result)


def test_a_review_of_llms_in_a_specialty_counts_them_as_its_foundation_models(
    scorer: Scorer,
) -> None:
    """Convention: a review of large language models in medicine is a review of foundation
    models even when its title names no model class."""
    result = scorer.score(
        {
            "title": "Text Generators at the Dialysis Unit: A Scoping Review",
            "abstract": "This scoping review maps how large language models are being studied "
            "in nephrology. We screened 1,900 records and included 74 studies on patient "
            "education, dialysis documentation and transplant triage. Most studies tested "
            "large language models on exam-style questions; few used real patient records or "
            "reported harms.",
        }
    )
    assert (result.kind, result.decision, result.section) == (
        "review",
        "propose",
        "Review paper",
    ), caps(result)


def test_a_title_studying_scaling_laws_of_models_is_a_study_even_when_it_names_them(
    scorer: Scorer,
) -> None:
    """Convention: "Exploring Scaling Laws for EHR Foundation Models" studies models, which
    curators decline, though its title reads as announcing one; a plain study word such as
    "mapping" in a model paper's title keeps the paper a model."""
    study = scorer.score(
        {
            "title": "Exploring Scaling Laws for EHR Foundation Models",
            "abstract": "How should compute be split between model size and data for models "
            "of patient records? We train transformers of 10 million to 1 billion parameters "
            "on longitudinal electronic health records of 3 million patients and fit power "
            "laws relating loss to compute, parameters and tokens. The fitted laws predict "
            "downstream performance on readmission and mortality prediction.",
        }
    )
    assert study.decision == "near-miss"
    assert "a study or analysis of models (title), not a new model" in caps(study)
    own = (
        "We present ChartFM, a transformer pretrained on longitudinal electronic health records "
        "of 3 million patients. Its patient embeddings predict readmission and mortality."
    )
    # "mapping" makes a title a study only when the title announces no model of its own
    mapping = scorer.score(
        {"title": "Mapping Patient Histories for EHR Foundation Models", "abstract": own}
    )
    assert "a study or analysis of models (title), not a new model" in caps(mapping)
    titled = "ChartFM: Mapping Patient Histories with an EHR Foundation Model"
    model = scorer.score({"title": titled, "abstract": own})
    assert model.decision == "propose", caps(model)


@pytest.mark.parametrize("opening", ["Comparing", "A Comparison of"])
def test_a_title_comparing_representations_is_a_study_of_models(
    scorer: Scorer, opening: str
) -> None:
    """Convention: "Comparing … representations of …" compares pre-training recipes, a study of
    models that curators decline, not a new model of the paper's own."""
    paper = {
        "title": f"{opening} Contrastive and Masked-Image Representations of Chest Radiographs",
        "abstract": "We pretrain vision transformers with contrastive and masked-image "
        "objectives on 800,000 unlabelled chest radiographs and transfer the learned "
        "representations to pneumonia, effusion and nodule detection on twelve external "
        "datasets. Masked-image pretraining transfers better with few labels.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert "a study or analysis of models (title), not a new model" in caps(result)


def test_a_benchmark_of_pretraining_methods_for_one_titled_task_is_not_a_fm_benchmark(
    scorer: Scorer,
) -> None:
    """Convention: benchmarking how pre-training recipes transfer to one task named in the
    title ("… to brain MRI segmentation") studies training for that task, which curators
    decline; across a domain's datasets it evaluates the foundation models of its day."""
    paper = {
        "title": "Benchmarking the Transferability of Self-Supervised Pretraining to Brain MRI "
        "Segmentation",
        "abstract": "We pretrain 3D encoders with five self-supervised methods on 40,000 "
        "unlabelled brain MRI scans and fine-tune each for tumour, lesion and structure "
        "segmentation on eight public datasets. Contrastive methods transfer worst when labels "
        "are scarce.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.decision) == ("benchmark", "near-miss")
    assert "benchmarks general models or methods, not biomedical foundation models" in caps(result)
    across = dict(
        paper,
        title="Benchmarking the Transferability of Self-Supervised Pretraining Across Brain MRI "
        "Datasets",
    )
    result = scorer.score(across)
    assert (result.kind, result.decision) == ("benchmark", "propose"), caps(result)


def test_a_title_naming_a_task_and_the_existing_model_it_uses_is_a_task_model(
    scorer: Scorer,
) -> None:
    """Convention: "… Protein Stability Screening using a Transformer and ESM2" is a task tool
    built on an existing foundation model, which curators decline."""
    result = scorer.score(
        {
            "title": "FoldScore: Fast Protein Stability Screening using a Transformer and ESM2",
            "abstract": "We present FoldScore, a protein language model that ranks designed "
            "variants by predicted stability. Starting from ESM2 weights, a transformer is "
            "trained on 1.2 million variants with measured stability from deep mutational "
            "scans; it screens a million sequences in minutes across 30 protein families, far "
            "faster than structure-based tools.",
        }
    )
    assert result.decision == "near-miss"
    assert "a task model built on an existing foundation model named in the title" in caps(result)


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (
            "SleepCoach: a foundation model for personal sleep and fitness coaching",
            "We introduce SleepCoach, a version of Gemini fine-tuned to read wearable sleep and "
            "activity summaries and write personalised coaching advice. Across eight coaching "
            "tasks and 800 case studies written with sleep physicians it matches expert "
            "answers, and it passes professional sleep medicine exam questions.",
        ),
        (
            "RetinaVL: a vision-language foundation model for ophthalmology",
            "We introduce RetinaVL, a vision-language model for eye care that combines two "
            "existing foundation models, a retinal image encoder and a medical language model, "
            "aligned on 90,000 fundus photographs with reports. It answers questions about "
            "retinal images and drafts reports across six eye diseases.",
        ),
        (
            "DermaFM: a foundation model for dermatology images",
            "We present DermaFM, a dermatology foundation model. Our approach takes an existing "
            "general-purpose vision model and further trains it on 60,000 clinical skin "
            "photographs; it transfers to lesion classification, skin tone estimation and "
            "triage on nine datasets.",
        ),
        (
            "NeuroChat: a multimodal assistant for neurology",
            "We present NeuroChat, a multimodal assistant for neurology built on existing "
            "vision and language models. It reads brain MRI slices and clinical notes and "
            "answers clinicians' questions across five neurological diseases.",
        ),
        (
            "CardioLM: a clinical language model for cardiology",
            "We introduce CardioLM, a cardiology language model developed by adapting a "
            "pretrained model to cardiology. It answers guideline questions and summarises "
            "discharge letters better than general models across seven tasks.",
        ),
        (
            "PolypNet-U: a unified model for colonoscopy video analysis",
            "Polyp detection, segmentation and tracking are usually done by separate models. "
            "PolypNet-U is a single foundation model for colonoscopy video that detects, segments, "
            "classifies and tracks polyps. The model builds on a vision foundation model "
            "pretrained on natural images, and a mask loss lets it learn from boxes or masks. It "
            "beats prior methods on five polyp benchmarks.",
        ),
        (
            "Strain-aware bacterial genome embeddings for metagenomic binning",
            "Binning metagenomic reads by strain needs embeddings that separate close relatives. "
            "StrainEmb starts from the pretrained genome language model of earlier work and trains "
            "it further with a contrastive objective so that reads of one strain cluster together. "
            "Across 18 datasets it doubles binning agreement and identifies more strains than "
            "existing embeddings. Model and code are released.",
        ),
        (
            "DentaChat: towards a multimodal assistant for dental radiographs",
            "General multimodal models describe dental radiographs poorly. We build a dataset of "
            "90,000 radiograph-instruction pairs with a pipeline in which a language model turns "
            "dental reports into questions and answers. We then fine-tune a LLaVA-style "
            "vision-language model on these pairs to obtain DentaChat, an assistant that answers "
            "open questions about radiographs. In zero-shot question answering DentaChat "
            "outperforms general-domain models.",
        ),
        (
            "KidneyLSAM: localize and segment anything model for abdominal MRI",
            "KidneyLSAM pairs a landmark localiser with a promptable segmenter to reduce "
            "annotation for abdominal MRI. The authors pretrain the localiser self-supervised on "
            "12,000 unlabelled MRI scans so that a few annotated examples let it find any organ in "
            "a new scan; its boxes then prompt the segmenter, which draws the masks. With a "
            "handful of annotations it approaches fully supervised accuracy, adapting an existing "
            "segmentation foundation model to volumetric MRI.",
        ),
    ],
    ids=[
        "version-of-gemini",
        "combines-two",
        "takes-an-existing",
        "built-on",
        "by-adapting",
        "builds-on-a-foundation-model",
        "starts-from-a-pretrained-model",
        "fine-tunes-to-obtain",
        "adapting-an-existing-model",
    ],
)
def test_an_abstract_saying_its_model_is_an_existing_one_adapted_is_capped(
    scorer: Scorer, title: str, abstract: str
) -> None:
    """Convention: a product the abstract calls an existing model fine-tuned, combined or
    adapted ("a version of Gemini fine-tuned to …") is an adaptation, which curators decline."""
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.decision == "near-miss"
    assert any(c.startswith("adapts or combines existing models") for c in caps(result))


def test_a_new_model_that_names_others_models_in_passing_is_not_a_derived_product(
    scorer: Scorer,
) -> None:
    """Convention: a model pretrained on its own unlabelled scans that "builds upon the recent
    success of foundation models", or uses a language model to caption its data, is still a
    new foundation model: neither sentence says its product is someone else's model."""
    for said in (
        "Our approach builds upon the recent success of foundation models in computer vision.",
        "We use large language models to write a caption for each scan.",
        # (as most vision-language models do: their encoders start from others' weights)
        "We use a pretrained language model as the text encoder.",
        "Our model is built on a pretrained vision transformer and a clinical text encoder.",
        # (a slide model on a tile encoder: its own perceiver's data is its scale)
        "It uses Virchow, a pathology foundation model, to embed tiles, and aggregates them "
        "with a perceiver trained on 587,000 slides.",
        "Our work builds on recent advances in foundation models for natural images.",
        "The study builds on the foundation model paradigm of reusable representations.",
        "Each downstream task starts from our pretrained encoder with a linear head.",
        "Training starts from scratch rather than from pretrained weights.",
    ):
        result = scorer.score(
            {
                "title": "Self-supervised pretraining for abdominal CT across tasks",
                "abstract": "We present a self-supervised model for abdominal CT trained on "
                f"40,000 unlabelled scans from six hospitals. {said} It transfers to organ "
                "segmentation, lesion detection and survival prediction across 12 tasks.",
            }
        )
        assert result.decision == "propose", (said, caps(result))


@pytest.mark.parametrize(
    "said",
    [
        "Pre-training is self-supervised and requires no training labels.",
        "The encoder supports training-free zero-shot retrieval of similar recordings.",
        "At a new hospital the encoder requires no additional training.",
    ],
)
def test_a_model_the_authors_pretrain_is_not_a_training_free_method(
    scorer: Scorer, said: str
) -> None:
    """Convention: "we pretrain a transformer on 60,000 ECGs" is a new foundation model, however
    its zero-shot use is said ("training-free retrieval", "requires no additional training"), and
    self-supervision "requires no training labels": none of it is a method that trains nothing."""
    result = scorer.score(
        {
            "title": "Self-supervised pretraining of an electrocardiogram foundation model",
            "abstract": "We pretrain a transformer foundation model on 60,000 twelve-lead ECG "
            f"recordings with masked signal modelling. {said} The resulting encoder transfers "
            "to nine downstream tasks, including arrhythmia detection and age prediction.",
        }
    )
    assert result.decision == "propose", caps(result)


def test_a_model_introduced_as_pretrained_on_data_is_not_a_training_free_method(
    scorer: Scorer,
) -> None:
    """ "We present EchoStar, a foundation model … pretrained on 60,000 videos" whose zero-shot
    use is training-free: the ability of a new model (a training-free method introduces a
    framework, not a model pretrained on data)."""
    result = scorer.score(
        {
            "title": "EchoStar: an echocardiography foundation model",
            "abstract": "We present EchoStar, a foundation model for echocardiography pretrained "
            "on 60,000 echocardiogram videos with masked video modelling. It supports "
            "training-free zero-shot view classification and transfers to nine downstream tasks.",
        }
    )
    assert result.decision == "propose", caps(result)


def test_a_training_free_method_on_an_existing_model_is_capped(scorer: Scorer) -> None:
    """Convention: a training-free framework (prompting, a debate of agents) run on general
    LLMs trains no model: it builds on an existing one, which curators decline."""
    result = scorer.score(
        {
            "title": "PromptPanel: collaborating language models for zero-shot clinical "
            "question answering",
            "abstract": "Large language models answer medical questions unevenly. We propose "
            "PromptPanel, a training-free framework in which several instances of a "
            "general-purpose large language model take the roles of specialists, debate a "
            "question and vote. Applied to four general LLMs, it improves zero-shot accuracy on "
            "seven medical question answering datasets over chain-of-thought prompting.",
        }
    )
    assert result.decision == "near-miss"
    assert any(c.startswith("a training-free method") for c in caps(result))


def test_an_adapted_model_pretrained_further_at_scale_is_a_new_foundation_model(
    scorer: Scorer,
) -> None:
    """Convention: a domain model made from a general one by further pre-training on data at
    scale is a new foundation model, which curators add."""
    result = scorer.score(
        {
            "title": "CardioLM: a clinical language model for cardiology",
            "abstract": "We introduce CardioLM, a cardiology language model developed by "
            "adapting a pretrained model to cardiology. It is continually pretrained on 12 "
            "million clinical notes and 4 million biomedical articles. It answers guideline "
            "questions and summarises discharge letters better than general models across "
            "seven tasks.",
        }
    )
    assert any(e.kind == "scale" and e.weight >= 2.0 for e in result.evidence)
    assert result.decision == "propose", caps(result)


def test_the_data_an_encoder_it_uses_was_pretrained_on_is_not_the_papers_scale(
    scorer: Scorer,
) -> None:
    """Convention: a segmentation architecture that uses "as encoders a vision transformer
    pretrained on 100 million tiles" trains a task model on someone's encoder; the 100 million
    tiles are that encoder's data, not a pre-training of its own at scale."""
    result = scorer.score(
        {
            "title": "NucleiFormer: vision transformers for nucleus segmentation and "
            "classification",
            "abstract": "Segmenting overlapping nuclei in stained tissue images is hard. We "
            "introduce NucleiFormer, an architecture for instance segmentation of cell nuclei "
            "built from vision transformers and a U-Net-style decoder. We use as encoders a "
            "pathology vision transformer pretrained on 100 million tissue tiles and the image "
            "encoder of a general segmentation model pretrained on 11 million natural images. "
            "NucleiFormer sets a new state of the art for nucleus detection and segmentation on "
            "a public dataset and generalises to others.",
        }
    )
    assert result.decision == "near-miss", caps(result)
    assert all(e.weight <= 1.5 for e in result.evidence if e.kind == "scale")


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (
            "RetinaCore: a foundation model for retinal imaging",
            "We present RetinaCore, a foundation model for retinal imaging. We use a pretrained "
            "general-domain vision transformer as the starting point and continue pre-training "
            "it on 2.1 million unlabelled fundus photographs and OCT scans from 30 hospitals "
            "with masked image modelling. Fine-tuned or frozen, it transfers to 14 tasks, from "
            "diabetic retinopathy grading to systemic disease prediction, and outperforms models "
            "pretrained on natural images.",
        ),
        (
            "CardioLlama: open language models for cardiology",
            "We fine-tune Llama on 4.8 million cardiology articles and guidelines with continued "
            "pre-training to obtain CardioLlama, a family of open cardiology language models. "
            "Across 11 tasks, from question answering to report summarisation and risk "
            "extraction, CardioLlama outperforms general models of its size. Weights are "
            "released.",
        ),
    ],
    ids=["uses-a-pretrained-model-then-pretrains-at-scale", "fine-tunes-at-scale-to-obtain"],
)
def test_a_model_pretrained_at_scale_from_existing_weights_stays_proposed(
    scorer: Scorer, title: str, abstract: str
) -> None:
    """Convention: a domain model that starts from someone's weights ("we use a pretrained
    vision transformer …", "we fine-tune Llama … to obtain …") and is pre-trained further on
    millions of its own records, then tested on many tasks, is a new foundation model: the
    millions it is trained on are its own scale, and curators add it."""
    result = scorer.score({"title": title, "abstract": abstract})
    assert result.decision == "propose", caps(result)
    assert any(e.kind == "scale" and e.weight >= 2.0 for e in result.evidence)


def test_an_abstract_defining_the_titles_name_as_a_benchmark_introduces_it(
    scorer: Scorer,
) -> None:
    """Convention: "EchoLens is a diagnostic benchmark with …" under "EchoLens: Do …?" says what
    the paper builds as plainly as "we introduce EchoLens, a … benchmark" does."""
    paper = {
        "title": "EchoLens: Do Vision-Language Models Really Read the Echocardiogram?",
        "abstract": "Vision-language models answer echocardiography questions well, but the "
        "wording of a question often gives its answer away. EchoLens is a diagnostic benchmark "
        "with two versions of every question about an echocardiography frame: one naming the "
        "structures, one pointing at them with a box or an arrow instead. We evaluate six "
        "general and cardiology vision-language models zero-shot and fine-tuned; all lose "
        "accuracy on the second version, and text-only runs show how much they lean on the "
        "question's words.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)
    # the same sentence about a benchmark the title does not name introduces nothing
    other = dict(paper, abstract=paper["abstract"].replace("EchoLens is", "CardioVQA is"))
    assert scorer.score(other).decision == "near-miss"


def test_an_abstract_in_the_third_person_introduces_its_model(scorer: Scorer) -> None:
    """Convention: "they develop X, a foundation model for …" introduces the paper's own model
    as plainly as "we develop X" does, and curators add it."""
    result = scorer.score(
        {
            "title": "Toward a shared encoder for knee radiographs",
            "abstract": "Knee radiographs are read for osteoarthritis, fractures and implants, "
            "yet each of these tasks has its own small model. They develop KneeFM, a "
            "foundation model for knee radiographs pretrained with self-supervision, and "
            "evaluate it on osteoarthritis grading and fracture detection.",
        }
    )
    assert any(e.kind == "intro" and e.phrase == "they develop" for e in result.evidence)
    assert any(e.phrase == "introduces a model (one sentence)" for e in result.evidence)
    assert (result.kind, result.decision) == ("model", "propose"), caps(result)


@pytest.mark.parametrize(
    "making",
    [
        "We curate a corpus of 300 de-identified progress notes of breast and lung cancer "
        "patients, annotated by oncologists for diagnoses, staging, biomarkers and treatments. "
        "We release the dataset",
        "Oncologists annotated 300 de-identified progress notes of breast and lung cancer "
        "patients for diagnoses, staging, biomarkers and treatments. They release the dataset",
    ],
    ids=["we-curate-a-corpus", "they-release-the-dataset"],
)
def test_releasing_a_dataset_to_test_llms_does_not_introduce_a_pretrained_model(
    scorer: Scorer, making: str
) -> None:
    """Convention: "we release the dataset and use it to benchmark large language models"
    introduces data, not a model: a dataset of its own that compares models is a benchmark
    paper, which curators add (as CORAL was)."""
    result = scorer.score(
        {
            "title": "OncoNotes: An Oncologist-Annotated Dataset of Cancer Progress Notes",
            "abstract": "Cancer care depends on details buried in free-text progress notes. "
            + making
            + " and use it to benchmark large language models such as GPT-4 and Llama 3 on "
            "extracting these details; the models miss many treatment lines and confuse "
            "staging.",
        }
    )
    assert not any(e.phrase.startswith("introduces a") for e in result.evidence)
    assert_benchmark_proposal(result)


def test_a_benchmark_this_work_introduces_by_name_is_the_product_despite_tuning_words(
    scorer: Scorer,
) -> None:
    """Convention: "this work introduces RareTrace, a benchmark …" makes the benchmark the
    paper's product even when its runs fine-tune models with LoRA or check answers with an
    agent; curators file it under benchmarks (a named dataset is not enough)."""
    paper = {
        "title": "Tracing diagnostic reasoning over rare-disease cases",
        "abstract": "Large language models answer medical exam questions well, but whether "
        "their reasoning about rare diseases holds up is unknown. This work introduces "
        "RareTrace, a benchmark of 1,100 rare-disease patient cases with expert-written "
        "diagnostic reasoning chains. We evaluate fourteen large language models, including "
        "models fine-tuned with LoRA, and score each reasoning step with an agent-based "
        "checker. Models reach the right diagnosis often but skip or invent steps of the "
        "reasoning.",
    }
    result = scorer.score(paper)
    assert_benchmark_proposal(result)
    # a dataset introduced by name, with the same tuning and agent words, stays a study
    dataset = dict(paper, abstract=paper["abstract"].replace("a benchmark of", "a dataset of"))
    assert scorer.score(dataset).decision == "near-miss"


def test_a_titled_benchmark_of_learned_representations_benchmarks_pretrained_models(
    scorer: Scorer,
) -> None:
    """Convention: "X-Bench: A Benchmark for Evaluating Representations of Microscopy Images"
    compares the field's pretrained encoders even if the abstract never says "model"; curators
    add it as a benchmark paper."""
    result = scorer.score(
        {
            "title": "CellScope-Bench: A Benchmark for Evaluating Representations of "
            "Fluorescence Microscopy Images",
            "abstract": "Learned image representations are increasingly used to profile cells "
            "for drug discovery and disease research, yet they are compared on different data "
            "and protocols. We assemble twelve public cell painting and high-content screening "
            "datasets of cancer cell lines into a single benchmark with fixed splits and tasks: "
            "mechanism-of-action retrieval, phenotype classification and batch-effect removal. "
            "We compare embeddings from self-supervised and supervised encoders and from "
            "hand-crafted features, and find that no single representation wins across tasks.",
        }
    )
    assert_benchmark_proposal(result)


@pytest.mark.parametrize(
    "amount",
    ["over a million", "half a million", "several hundred thousand"],
    ids=["a-million", "half-a-million", "hundred-thousand"],
)
def test_data_scale_said_with_a_million_or_a_hundred_thousand_counts(
    scorer: Scorer, amount: str
) -> None:
    """Convention: pre-training on "over a million image-text pairs" is data at scale, said in
    words as surely as "1.2 million pairs", and a model pretrained on it is one curators add."""
    result = scorer.score(
        {
            "title": "DermCLIP: contrastive pretraining for dermatology",
            "abstract": f"We present DermCLIP, pretrained with a contrastive objective on "
            f"{amount} image-text pairs gathered from dermatology atlases and teaching "
            "material. It classifies skin lesions zero-shot and retrieves similar cases.",
        }
    )
    assert any(e.kind == "scale" and e.weight >= 1.5 for e in result.evidence)
    assert result.decision == "propose", caps(result)


def test_a_title_name_with_its_acronym_defined_as_a_benchmark_is_a_benchmark_paper(
    scorer: Scorer,
) -> None:
    """Convention: "Ictal-Motion-Atlas (IMA): …?" over "Ictal-Motion-Atlas is a video benchmark
    of …" names and defines the paper's own benchmark, which curators add, the question in the
    title notwithstanding."""
    result = scorer.score(
        {
            "title": "Ictal-Motion-Atlas (IMA): Do Video Foundation Models Recognise Seizure "
            "Semiology?",
            "abstract": "Ictal-Motion-Atlas is a video benchmark of 900 recorded seizures from "
            "epilepsy monitoring units, each labelled by epileptologists with its semiological "
            "signs, such as automatisms, tonic posturing and head turning. We test eleven "
            "general and video-language foundation models zero-shot and after linear probing; "
            "they recognise gross motor signs but miss subtle ones, and none localises the "
            "epileptic focus better than chance.",
        }
    )
    assert any(
        e.kind == "benchmark" and e.phrase.startswith("ictal-motion-atlas is a")
        for e in result.evidence
    )
    assert_benchmark_proposal(result)


def test_neurology_and_epilepsy_words_are_biomedical_evidence(scorer: Scorer) -> None:
    """Convention: neurology, epilepsy and seizures are medicine: their words count as
    biomedical evidence as "cardiology" or "psychiatric" do, and a foundation model for
    epilepsy care is one curators add."""
    result = result_dict(
        scorer.score(
            {
                "title": "A motion foundation model for epilepsy care at home",
                "abstract": "People with epilepsy under-report their seizures. We present "
                "EpiMotion, a foundation model pretrained on wrist-worn motion recordings; "
                "developed with a neurology clinic, it detects epileptic seizure events and "
                "transfers to other neurological conditions.",
            }
        )
    )
    assert {"epilepsy", "epileptic", "seizure", "neurology", "neurological"} <= phrases(
        result["evidence"], "biomedical"
    )
    assert result["decision"] == "propose"


# -- the review's misfires of the fourteenth session's mends (each test fails without its mend)


def test_a_sentence_about_others_models_built_on_existing_ones_caps_no_model_paper(
    scorer: Scorer,
) -> None:
    """Convention: "most current tools are built on existing foundation models" is background;
    the paper's own pretrained model is still a new foundation model (and so is one that also
    releases a fine-tuned variant of itself)."""
    background = {
        "title": "EchoNova: a foundation model for echocardiography",
        "abstract": "Echocardiography interpretation requires expertise. Most current tools "
        "are built on existing foundation models trained on natural images, which transfer "
        "poorly to ultrasound. We present EchoNova, a vision foundation model pretrained with "
        "self-supervised learning on a large multi-centre archive of echocardiogram videos. "
        "EchoNova outperforms prior models on view classification, ejection fraction "
        "estimation and disease detection across external cohorts, and we release its weights.",
    }
    variant = {
        "title": "PathOmni: a pathology foundation model",
        "abstract": "We introduce PathOmni, a pathology foundation model pretrained by "
        "self-supervised learning on a large unlabelled collection of whole-slide images from "
        "many organs. We also release a variant of PathOmni fine-tuned for report generation. "
        "PathOmni achieves state-of-the-art results on 30 clinical tasks.",
    }
    for paper in (background, variant):
        result = scorer.score(paper)
        assert result.decision == "propose", caps(result)
    # the same phrase about the paper's own product still caps it
    own = dict(
        background,
        abstract=background["abstract"].replace(
            "Most current tools are built on existing", "Our tool is built on existing"
        ),
    )
    assert any("adapts or combines existing models" in cap for cap in caps(scorer.score(own)))


def test_study_words_in_a_title_naming_its_own_model_do_not_make_it_a_study(
    scorer: Scorer,
) -> None:
    """Convention: "GenoMax: scaling laws and a 10B-parameter genomic foundation model" names
    the model it releases; "Exploring Scaling Laws for EHR Foundation Models" names none."""
    paper = {
        "title": "GenoMax: scaling laws and a 10B-parameter genomic foundation model",
        "abstract": "We present GenoMax, a genomic foundation model with 10 billion parameters "
        "pretrained on 3 trillion nucleotides from 50,000 genomes. We characterise scaling "
        "laws for DNA language models and show GenoMax improves variant effect prediction.",
    }
    assert scorer.score(paper).decision == "propose"
    unnamed = dict(paper, title="Exploring scaling laws for genomic foundation models")
    assert any("study or analysis" in cap for cap in caps(scorer.score(unnamed)))


def test_a_model_that_sets_a_new_benchmark_is_still_a_model(scorer: Scorer) -> None:
    """Convention: "CXRNova, a model that sets a new benchmark" or "the best model on the
    held-out test set" describes a model paper's results, not a benchmark it builds."""
    intro = (
        "We present CXRNova, a vision foundation model for chest radiographs pretrained with "
        "self-supervised learning on a large unlabelled collection of radiographs. "
    )
    for claim in (
        "CXRNova, a model that sets a new benchmark on 14 findings, transfers to report "
        "generation.",
        "CXRNova is the best model on the held-out test set for 14 findings and transfers to "
        "report generation.",
    ):
        paper = {"title": "CXRNova: a foundation model for chest radiographs"}
        paper["abstract"] = intro + claim
        features = scorer.features(Item.of(paper))
        assert not features.named_benchmark, claim
        assert scorer.score(paper).kind == "model", claim


def test_a_benchmark_of_llm_agents_stays_an_agent_benchmark_whatever_its_first_sentence(
    scorer: Scorer,
) -> None:
    """Convention: curators decline agent benchmarks; "…: benchmarking LLM agents in …" is one
    even when its introducing sentence says "for evaluating large language models"."""
    paper = {
        "title": "ClinAgentBench: benchmarking LLM agents in electronic health records",
        "abstract": "We introduce ClinAgentBench, a benchmark for evaluating large language "
        "models in clinical settings. Models act as agents that call tools and retrieve "
        "records in a simulated EHR environment over 300 tasks. We evaluate 10 medical and "
        "general LLMs.",
    }
    result = scorer.score(paper)
    assert result.decision == "near-miss"
    assert any("agents" in cap for cap in caps(result))


def test_a_name_with_a_letter_that_grows_when_lower_cased_is_still_found(rules: Scorer) -> None:
    """ "İ" is two characters lower-cased: the title's own name is cut before lower-casing, so
    "SurgİCheck is a diagnostic benchmark" still defines the title's name."""
    for name in ("SurgCheck", "SurgİCheck"):
        paper = {
            "title": f"{name}: can vision-language models see surgical errors?",
            "abstract": f"{name} is a diagnostic benchmark of 2,000 laparoscopic surgery video "
            "clips with expert annotations for evaluating medical vision-language models. We "
            "evaluate 14 general and medical VLMs and find they miss most errors.",
        }
        assert rules.features(Item.of(paper)).named_benchmark, name


def test_pretraining_on_a_large_collection_is_data_at_scale_said_in_words(
    scorer: Scorer,
) -> None:
    """ "We pretrain on a large collection of public CT volumes" says the data scale without a
    count: a self-supervised method is then a pretrained model. A sentence about others'
    encoders before it is skipped, and what follows the phrase to compare or give examples
    ("benchmarks, such as …, where it beats previous methods") does not make it others'."""
    paper = {
        "title": "SliceOrder: Relative Position Prediction for 3D Medical Image Pretraining",
        "abstract": "Existing encoders pretrained on a large collection of natural photographs "
        "transfer poorly to CT, and self-supervised methods for CT ignore where anatomical "
        "structures sit in the body. SliceOrder is a contrastive learning framework that "
        "predicts the relative position of random sub-volumes within a scan, so the encoder "
        "learns anatomical context without annotations. We pretrain on a large collection of "
        "public CT volumes and fine-tune on downstream segmentation and classification "
        "benchmarks, such as abdominal organ and tumour datasets, where SliceOrder beats "
        "previous self-supervised 3D pretraining methods.",
    }
    result = scorer.score(paper)
    assert any(e.kind == "scale" and e.phrase.startswith("pretrain on") for e in result.evidence)
    assert result.decision == "propose", caps(result)
    others = dict(
        paper,
        abstract=paper["abstract"].replace(
            "We pretrain on a large collection of public CT volumes and fine-tune",
            "Unlike models pretrained on a large collection of public CT volumes, we fine-tune",
        ),
    )
    result = scorer.score(others)
    assert not any(e.kind == "scale" for e in result.evidence)
    assert result.decision != "propose"


def test_half_a_million_is_half_a_million(scorer: Scorer) -> None:
    """ "a million" inside "half a million" is not a number of its own: the scale said is the
    whole phrase's."""
    paper = {
        "title": "A slide encoder for pathology",
        "abstract": "We pretrain a slide encoder with self-supervision on half a million "
        "whole slide images and evaluate it on slide classification.",
    }
    scale = [e for e in scorer.score(paper).evidence if e.kind == "scale"]
    assert [e.phrase for e in scale] == ["half a million … whole slide images"]


def test_the_review_s_second_look_at_the_benchmark_and_product_readings(scorer: Scorer) -> None:
    """Hyphenated words still describe a benchmark ("an in-house benchmark"); a name with its
    acronym is still the paper's own in "a variant of NAME fine-tuned"; "the most accurate"
    is no sentence about others' work."""
    bench = {
        "title": "WardLens: do language models read nursing handovers?",
        "abstract": "WardLens is an in-house benchmark of 1,200 nursing handover notes for "
        "evaluating large language models. We evaluate nine general and medical LLMs.",
    }
    assert scorer.features(Item.of(bench)).named_benchmark
    variant = {
        "title": "PathOmni (PO): a pathology foundation model",
        "abstract": "We introduce PathOmni, a pathology foundation model pretrained by "
        "self-supervised learning on a large unlabelled collection of whole-slide images from "
        "many organs. We also release a variant of pathomni fine-tuned for report generation. "
        "PathOmni achieves state-of-the-art results on 30 clinical tasks.",
    }
    assert not any("adapts or combines" in cap for cap in caps(scorer.score(variant)))
    built = {
        "title": "MedX: a medical assistant",
        "abstract": "We present MedX, the most accurate medical assistant to date, built on "
        "existing foundation models and tuned on 20,000 consultations.",
    }
    assert any("adapts or combines" in cap for cap in caps(scorer.score(built)))


def test_a_dna_sequence_model_is_a_genomic_foundation_model(scorer: Scorer) -> None:
    """A "DNA sequence model" (sequence in, genome function out) is the genomic field's name
    for its foundation models, as "protein language model" is the protein field's: a paper
    that introduces one is not dropped for lacking a foundation-model word."""
    paper = {
        "title": "HelixScope: predicting enhancer activity with a single DNA sequence model",
        "abstract": "HelixScope is a DNA sequence model that reads long stretches of human "
        "sequence and predicts chromatin accessibility, gene expression and splicing tracks at "
        "base-pair resolution. One model scores the effects of non-coding variants across all "
        "of these readouts and matches specialised predictors on 18 variant-effect evaluations.",
    }
    result = scorer.score(paper)
    assert result.decision == "propose"
    assert "dna sequence model" in {e.phrase for e in result.evidence if e.kind == "foundation"}


def test_a_title_names_acronym_changes_nothing_the_abstract_says_of_the_name(rules: Scorer) -> None:
    """ "RetiGen (RG): …" names RetiGen: the abstract's "RetiGen is a … model" defines it, as
    it does for "RetiGen: …", and "MedQA-Bench (MQB): …" is a benchmark's name as
    "MedQA-Bench: …" is. (Both checks once read the name with its acronym, "retigen (rg)".)"""
    model = (
        "RetiGen is a self-supervised vision model for colour fundus photographs, trained on "
        "900,000 unlabelled images from 12 hospitals. It transfers to diabetic retinopathy "
        "grading, glaucoma detection and systemic disease prediction with few labels."
    )
    bench = "We collect 3,000 clinical questions written by physicians and test 12 models."
    for plain, with_acronym, abstract in (
        ("RetiGen: retinal representations from unlabelled fundus images", "RetiGen (RG)", model),
        ("MedQA-Bench: clinical questions for language models", "MedQA-Bench (MQB)", bench),
    ):
        acronym_title = with_acronym + plain[plain.index(":") :]
        one = rules.score({"title": plain, "abstract": abstract})
        other = rules.score({"title": acronym_title, "abstract": abstract})
        assert (other.decision, other.score, other.kind) == (one.decision, one.score, one.kind)
        feats = rules.features(Item.of({"title": acronym_title, "abstract": abstract}))
        assert feats.benchmark_name == (abstract is bench)


_RELEASED_PRETRAINED_DNA = (
    "Nucleotide language models are pre-trained on DNA alone, yet the coding regions they read "
    "also determine every protein. We ask whether such models can stand in for protein language "
    "models. We assemble four protein property datasets paired with their coding sequences and "
    "compare both families of models on them; the nucleotide models are competitive on most "
    "tasks. We then pre-train a new 80M-parameter nucleotide transformer with codon-level "
    "tokens, which improves protein tasks without losing genomic performance. The pretrained "
    "weights and the datasets are released."
)


@pytest.mark.parametrize(
    "title",
    [
        "Can DNA Language Models Read Proteins? Nucleotide Models on Protein Property Tasks",
        "Do Nucleotide Language Models Know Proteins?",
    ],
)
def test_a_question_title_over_pretrained_models_the_paper_releases_is_a_model_paper(
    scorer: Scorer, title: str
) -> None:
    """A question in the title is usually a study of models; but an abstract that releases
    pre-trained models of its own ("the pretrained weights are released") answers it with a
    model the field can reuse. Without that release the question stays a study."""
    paper = {"title": title, "abstract": _RELEASED_PRETRAINED_DNA}
    result = scorer.score(paper)
    assert result.decision == "propose", caps(result)
    assert any(e.kind == "release" and "pretrained weights" in e.phrase for e in result.evidence)
    study = dict(
        paper,
        abstract=_RELEASED_PRETRAINED_DNA.replace(
            " We then pre-train a new 80M-parameter nucleotide transformer with codon-level "
            "tokens, which improves protein tasks without losing genomic performance. The "
            "pretrained weights and the datasets are released.",
            " The datasets are released.",
        ),
    )
    held = scorer.score(study)
    assert held.decision != "propose"
    assert any("asks a question" in cap for cap in caps(held))


_RELEASED_PRETRAINED_WEARABLE = (
    "Sleep staging from wrist-worn sensors is limited by small labelled cohorts. We pre-train "
    "convolutional encoders with self-supervised pretext tasks on 210,000 unlabelled wrist "
    "accelerometry recordings from a national health study, then fine-tune them on six "
    "external sleep datasets recorded with different devices. The pre-trained encoders beat "
    "models trained from scratch on every dataset, most of all on the smallest. We release "
    "the pretrained models for the wearable research community."
)


def test_pretraining_at_scale_released_for_others_is_not_one_task_by_its_title(
    scorer: Scorer,
) -> None:
    """ "… for <task>" in a title marks pre-training or adaptation for that task; pre-training
    on data at scale whose pre-trained models the authors release for others to fine-tune is a
    foundation model, whatever task the title names. A checkpoint link alone ("code is
    available") does not say that."""
    title = "Self-supervised pretraining for sleep staging using 210,000 nights of wrist data"
    result = scorer.score({"title": title, "abstract": _RELEASED_PRETRAINED_WEARABLE})
    assert result.decision == "propose", caps(result)
    held = scorer.score(
        {
            "title": title,
            "abstract": _RELEASED_PRETRAINED_WEARABLE.replace(
                "We release the pretrained models for the wearable research community.",
                "Code is available online.",
            ),
        }
    )
    assert held.decision != "propose"
    assert any("for <task>" in cap for cap in caps(held))


def _with_middle(scorer: Scorer, title: str, abstract: str, middle: str) -> ScoreResult:
    """``title`` scored over ``abstract`` with ``middle`` put in its ``{middle}`` (one test's
    contrast pairs: the same paper with and without what decides it)."""
    return scorer.score({"title": title, "abstract": abstract.format(middle=middle)})


_PHARMACOLOGY_RAG = (
    "Retrieval-augmented generation may stop large language models from inventing drug facts, "
    "but it is unclear how to build it for pharmacology. {middle} Retrieval lifts the accuracy "
    "of every model, most of all for small open ones, and combining corpora helps most."
)


def test_retrieval_compared_by_a_benchmark_of_its_own_is_a_condition_not_an_agent(
    scorer: Scorer,
) -> None:
    """Convention: a benchmark the paper builds to evaluate LLMs is a Benchmark paper when the
    models run with retrieval-augmented generation, even when the title says so ("Benchmarking
    Retrieval-Augmented Generation for …" proposing a benchmark of questions): retrieval is a
    condition of the models it runs. A benchmark of tool-using agents stays a near-miss, and so
    does a study of retrieval on existing question sets, which builds nothing."""
    title = "Benchmarking Retrieval-Augmented Generation for Clinical Pharmacology"
    own = _with_middle(
        scorer,
        title,
        _PHARMACOLOGY_RAG,
        "We propose PharmaRAG-QA, a benchmark of 4,800 questions on dosing, "
        "interactions and contraindications gathered from six medical question sets, "
        "and evaluate combinations of three corpora, four retrievers and seven LLMs.",
    )
    assert_benchmark_proposal(own)
    probe = _with_middle(
        scorer,
        title,
        _PHARMACOLOGY_RAG,
        "We evaluate combinations of three corpora, four retrievers and seven "
        "LLMs on two existing medical question sets.",
    )
    assert probe.decision != "propose"
    agents = scorer.score(
        {
            "title": "Benchmarking Tool-Using Agents for Clinical Pharmacology",
            "abstract": "Language model agents may look up drug facts on their own, but it is "
            "unclear how well they do so in pharmacology. We propose PharmaAgent-QA, a "
            "benchmark of 4,800 tasks in which LLM agents call drug databases and calculators, "
            "and evaluate seven LLMs as agent cores. Tool use lifts the accuracy of every "
            "model, most of all for small open ones.",
        }
    )
    assert agents.decision != "propose"


_FORUM_DOSES = (
    "Patients describe how they take heart medications in online forums, in words that "
    "clinical records never capture. {middle} PubMedBERT is best on drugs, Llama-3 70B beats "
    "GPT-4 on doses, and side effects remain hard for every model in our evaluation."
)


def test_a_dataset_introduced_by_a_name_spelt_out_in_parentheses_is_the_papers_benchmark(
    scorer: Scorer,
) -> None:
    """ "We introduce CardioDose (CARDIOlogy DOSing Entities), a dataset of …" introduces a
    dataset of the paper's own as "we introduce CardioDose, a dataset of …" would; benchmarked
    with BERT-based, LLM-based and RAG models, it is a Benchmark paper under a title that names
    no dataset. Running the same models on someone's dataset so named is a probe."""
    title = "Annotating and Extracting Heart Medication Mentions from Patient Forums"
    own = _with_middle(
        scorer,
        title,
        _FORUM_DOSES,
        "We introduce CardioDose (CARDIOlogy DOSing Entities), a dataset of "
        "5,200 forum posts in which a cardiologist and two pharmacy students labelled "
        "drug, dose and side-effect mentions. We benchmarked the annotations with "
        "BERT-based, LLM-based and retrieval-augmented generation (RAG) models:",
    )
    assert_benchmark_proposal(own)
    probe = _with_middle(
        scorer,
        title,
        _FORUM_DOSES,
        "We benchmarked BERT-based, LLM-based and retrieval-augmented "
        "generation (RAG) models on CardioDose (CARDIOlogy DOSing Entities), a public "
        "dataset of forum posts released in 2023:",
    )
    assert probe.decision != "propose"


_DISCHARGE_CHECK = (
    "Medication lists in discharge letters and in pharmacy tables of the electronic health "
    "record should agree, and a mismatch can harm patients. Earlier checkers compare drug "
    "names only and miss dose changes, pauses and substitutions. {middle} We also propose "
    "RecoCheck, an LLM-based pipeline that splits letters into segments and queries the "
    "pharmacy tables, which does best across several backbones."
)


def test_a_benchmark_the_abstract_introduces_by_name_is_the_product_like_a_titled_one(
    scorer: Scorer,
) -> None:
    """ "We introduce MedRecon-Check, a reasoning-intensive benchmark for …" says what the
    paper's product is as surely as a title naming it: one mention of the models it runs (an
    LLM-based pipeline) suffices, and the naming sentence is evidence enough of a benchmark
    when the abstract speaks of no pre-trained model. The same annotations unnamed stay a
    near-miss; a named benchmark beside a generalist model built on a foundation model
    ("We curate NephroSuite, a … benchmark … We then present NephroGen …") stays a model
    paper."""
    title = "Towards Safer Discharge Letters: Checking Medication Lists Against Pharmacy Records"
    named = _with_middle(
        scorer,
        title,
        _DISCHARGE_CHECK,
        "We introduce MedRecon-Check, a reasoning-intensive benchmark for "
        "medication reconciliation built from MIMIC-IV with pharmacist annotations: "
        "6,000 medication mentions from discharge letters, each with a consistency "
        "label.",
    )
    assert_benchmark_proposal(named)
    unnamed = _with_middle(
        scorer,
        title,
        _DISCHARGE_CHECK,
        "Pharmacists annotated 6,000 medication mentions from discharge letters "
        "in MIMIC-IV, each with a consistency label.",
    )
    assert unnamed.decision != "propose"
    generalist = scorer.score(
        {
            "title": "Towards a Generalist Assistant for Kidney Medicine",
            "abstract": "Kidney care draws on laboratory trends, biopsy images, imaging and "
            "notes. We curate NephroSuite, a multimodal nephrology benchmark of 11 tasks "
            "spanning question answering, biopsy image interpretation, ultrasound report "
            "generation and laboratory trend summarisation. We then present NephroGen, a proof "
            "of concept for a generalist kidney AI system built on a pretrained foundation "
            "model that reads text, images and laboratory series with the same weights, "
            "reaching or passing specialist systems on most tasks.",
        }
    )
    assert generalist.kind == "model"


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("This multi-society collaborative review", "review"),
        ("This Korean-society review", "review"),
        # a clinical study of patients' records, not a review of the literature
        ("This retrospective chart review", "model"),
        ("This retrospective review of 400 patients' records", "model"),
    ],
)
def test_an_abstract_that_calls_itself_a_review_with_any_modifier_is_a_review(
    scorer: Scorer, opening: str, kind: str
) -> None:
    """ "This narrative review", "this systematic review" were reviews; "this international
    collaborative review" (any words before "review") was read as a model paper, filed by its
    modality. Not a chart review: that studies patients."""
    paper = {
        "title": "Foundation models for echocardiography: principles, uses, pitfalls and outlook",
        "abstract": f"{opening} explains how foundation models pretrained on broad data are "
        "adapted to echocardiography, then covers view classification, report drafting and "
        "measurement, and discusses hallucination, bias, privacy and regulation before "
        "clinical use.",
    }
    result = scorer.score(paper)
    assert result.kind == kind
    if kind == "review":
        assert result.section == "Review paper"


def test_the_organisers_overview_of_a_shared_task_is_a_benchmark_not_a_review(
    scorer: Scorer,
) -> None:
    """ "Overview of the X track at <workshop>" is the organisers' report: they built the test
    questions and compared the teams' systems, so it is filed with benchmarks (and capped as a
    challenge report), not read as a review because its title says "overview"."""
    paper = {
        "title": "Overview of the RareQA track at ClinNLP 2026: task, data and participating "
        "systems for rare-disease question answering",
        "abstract": "We describe the RareQA shared task, in which large language models answer "
        "questions about rare diseases that need facts from two sources. The organisers wrote "
        "800 new question-answer pairs; nine teams submitted 30 runs, scored by exact match "
        "and by a concept-level similarity. Retrieval-augmented systems did best, well above a "
        "zero-shot LLM baseline. The data and an evaluation page are public.",
    }
    result = scorer.score(paper)
    assert (result.kind, result.section) == ("benchmark", "Benchmark paper")
    assert result.decision != "propose"
    # an overview of the field's challenges (plural) is still a review
    review = dict(
        paper,
        title="An overview of the challenges of large language models in rare-disease care",
        abstract="This review surveys large language models for rare-disease question "
        "answering and the barriers to their clinical use.",
    )
    assert scorer.score(review).kind == "review"


_OWN_PRETRAINING_BENCHMARKED = (
    "Self-supervised learning could spare costly annotation in cytology, but methods have not "
    "been compared on equal terms. {pretraining}, and evaluate them by linear probing and "
    "fine-tuning on 14 classification and detection datasets. Domain pretraining beats "
    "ImageNet initialisation on every task.{release}"
)


@pytest.mark.parametrize(
    ("title", "pretraining", "release"),
    [
        (
            "Benchmarking Self-Supervised Pretraining on Diverse Cytology Datasets",
            "We pretrain ViT-B and ViT-L backbones with three self-supervised methods on 12 "
            "million cytology patches from 40 hospitals",
            " The pretrained weights are released.",
        ),
        (
            "Towards Open Cytology Foundation Models: Pretraining and Benchmarking",
            "The authors gather 12 million unlabelled cytology patches from 40 hospitals and "
            "pretrain three self-supervised models on them",
            " All models and code are released.",
        ),
        (
            "Cyto-12M: Benchmarking and Scaling Self-Supervised Vision Models for Cytology",
            "They train CytoViT, a large vision transformer model, on 12 million cytology "
            "patches from 40 hospitals",
            "",
        ),
    ],
)
def test_a_paper_that_pretrains_its_own_models_at_scale_is_a_model_paper_whatever_its_title(
    title: str, pretraining: str, release: str, rules: Scorer
) -> None:
    """ "Benchmarking" or "Evaluating" in a title made a benchmark paper; one whose abstract
    pre-trains its own models on data at scale and releases them, or trains one it names, is
    catalogued for those models, in their modality's section. Comparing others' models, or
    pre-training variants only to compare methods (no release, no name), stays a benchmark.

    The rules' reading. The section word models, retrained with every family's dev half, may
    still file one of these under Benchmark paper (after blind33's retraining, the second at
    0.63): a guard keeping the words off Benchmark paper for such papers cost a labelled
    benchmark its section on the dev pool and changed nothing never-read, so the words' say is
    measured on the labelled sets, not pinned here."""
    abstract = _OWN_PRETRAINING_BENCHMARKED.format(pretraining=pretraining, release=release)
    result = rules.score({"title": title, "abstract": abstract})
    assert (result.kind, result.section) == ("model", "Image Data")
    compared = _OWN_PRETRAINING_BENCHMARKED.format(
        pretraining="We compare ten published pathology foundation models", release=""
    )
    assert rules.score({"title": title, "abstract": compared}).kind == "benchmark"
    if release:
        kept = _OWN_PRETRAINING_BENCHMARKED.format(pretraining=pretraining, release="")
        assert rules.score({"title": title, "abstract": kept}).kind == "benchmark"


def test_a_retrieval_system_the_title_names_is_capped_whatever_benchmark_it_adds(
    scorer: Scorer,
) -> None:
    """Convention: "GraphRAG for …" builds a retrieval system on LLMs (a near-miss), though it
    tests the system on a question set of its own; retrieval is a condition a benchmark compares
    only when the title studies it ("Benchmarking retrieval-augmented generation …")."""
    abstract = (
        "We develop a GraphRAG framework that retrieves from a rare-disease knowledge graph of "
        "40,000 nodes to ground the answers of large language models. We introduce RareQA, a "
        "benchmark of 1,200 rare disease questions, on which our GraphRAG system improves GPT-4 "
        "and Llama-3 accuracy by 18 points over retrieval-free prompting."
    )
    system = scorer.score({"title": "GraphRAG for rare disease diagnosis", "abstract": abstract})
    assert system.decision == "near-miss"
    assert any("agent or retrieval system" in c for c in caps(system)), caps(system)
    study = scorer.score(
        {
            "title": "Benchmarking retrieval-augmented generation for rare disease diagnosis",
            "abstract": "Retrieval-augmented generation (RAG) may ground the answers of large "
            "language models. We introduce RareQA, a benchmark of 1,200 rare disease questions, "
            "and evaluate GPT-4, Llama-3 and three medical LLMs with and without retrieval from "
            "a rare-disease knowledge graph of 40,000 nodes.",
        }
    )
    assert (study.decision, study.kind) == ("propose", "benchmark"), caps(study)


@pytest.mark.parametrize(
    "title",
    [
        "Comparing Retinal Foundation Models through the Geometry of Their Embeddings",
        "Handcrafted features outperform retinal foundation models on fundus benchmarks",
        "Linear probes versus retinal foundation models for diabetic retinopathy grading",
    ],
)
def test_foundation_models_a_title_compares_are_its_object_not_its_product(
    scorer: Scorer, title: str
) -> None:
    """A verb of comparison before the title's model phrase ("Comparing …", "… outperform …",
    "… versus …") makes those models what the study measures, as "Benchmarking …" does: the
    title announces no model, and a study that compares published ones is filed with
    benchmarks, not as a new model of its modality."""
    abstract = (
        "Several retinal foundation models have been released, but little is known about how "
        "their representations differ. This study compares five published retinal foundation "
        "models, including RETFound and VisionFM, with simple colour and vessel features on "
        "fundus photographs from three public datasets, and analyses where each one errs."
    )
    result = scorer.score({"title": title, "abstract": abstract})
    assert "title announces a model" not in {e.phrase for e in result.evidence}
    assert (result.kind, result.section) == ("benchmark", "Benchmark paper"), result.evidence


def test_a_resource_named_and_counted_by_the_authors_is_their_benchmark(rules: Scorer) -> None:
    """The authors name and count what they built ("this work assembles ToxQA, 2,140
    question-answer pairs …"): the name and the count stand where "a dataset of" would, so a
    released question set under a title that names no benchmark is the paper's benchmark, not
    a probe of general models (ReDis-QA was held back as "evaluates general models on medical
    data (title)"). The rules' own decision."""
    result = rules.score(
        {
            "title": "Assessing and Enhancing Large Language Models in Drug Toxicity "
            "Question-answering",
            "abstract": "How well large language models answer questions on drug toxicity is "
            "unknown. This work assembles ToxQA, 2,140 question-answer pairs covering 310 drugs, "
            "each annotated with the organ affected and the evidence level. Several open-source "
            "language models are benchmarked on it, and all of them struggle with rare adverse "
            "reactions. Adding retrieval from drug labels raises accuracy by six points. The "
            "dataset is openly released.",
        }
    )
    assert result.decision == "propose", [e.phrase for e in result.evidence if e.kind == "cap"]
    assert (result.kind, result.section) == ("benchmark", "Benchmark paper")


def test_a_system_the_title_calls_foundation_model_based_is_built_on_one(rules: Scorer) -> None:
    """A title naming a foundation model or an LLM as what its system is based on ("…: A
    Foundation Model-based Wearable System for …") describes something built on a model, not a
    new one (FM-FoG was proposed); a title that then names a foundation model as its product
    ("A GPT-based Foundation Model for …") is still a model paper. The rules' own decision."""
    abstract = (
        "Tremor episodes in patients with Parkinson's disease are hard to catch at home. The "
        "authors present TremorWatch, a wearable system that flags tremor episodes in unseen "
        "patients. A model is pretrained with self-supervision on several wrist accelerometer "
        "datasets and paired with a lightweight classifier that runs on a phone."
    )
    built_on = rules.score(
        {
            "title": "TremorWatch: A Foundation Model-based Wearable System for Tremor Alerts",
            "abstract": abstract,
        }
    )
    assert built_on.decision == "near-miss"
    assert any("-based" in e.phrase for e in built_on.evidence if e.kind == "cap")
    product = rules.score(
        {
            "title": "PPG-GPT: A GPT-based Foundation Model for Photoplethysmography Signals",
            "abstract": "We present PPG-GPT, a foundation model pretrained on 150 million "
            "photoplethysmography segments from 20,000 intensive-care patients. It transfers to "
            "atrial fibrillation detection, blood pressure estimation and sleep staging, and the "
            "weights are released.",
        }
    )
    assert product.decision == "propose"
    assert not any("-based" in e.phrase for e in product.evidence if e.kind == "cap")


def test_pretraining_whose_checkpoints_are_released_offers_a_model(rules: Scorer) -> None:
    """Self-supervised pre-training of the paper's own whose pretrained checkpoints it releases
    offers others a model to transfer, even when the abstract calls it a framework and names
    no foundation model, data scale or long list of tasks (PAMA, pan-cancer whole-slide
    pre-training, was held back as "no sign of a broadly transferable model"). Without the
    release it stays held back."""
    abstract = (
        "Large-scale pretraining has advanced histopathology, but slide-level pretrained models "
        "remain scarce. This paper proposes a self-supervised framework for pan-cancer "
        "whole-slide pretraining based on a masked autoencoder with a spatial cross-attention "
        "module. It is evaluated on four datasets from several organs for cancer "
        "classification.{release}"
    )
    title = "Pan-cancer Whole-Slide Pre-training with a Spatial Masked Autoencoder"
    release = " Pretrained checkpoints are released."
    released = rules.score({"title": title, "abstract": abstract.format(release=release)})
    assert released.decision == "propose", [e.phrase for e in released.evidence if e.kind == "cap"]
    assert released.section == "Image Data"
    kept = rules.score({"title": title, "abstract": abstract.format(release="")})
    assert kept.decision != "propose"


@pytest.mark.parametrize(
    ("title", "built_on"),
    [
        ("TremorWatch: A ChatGPT-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: A GPT-5-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: A GPT-4o-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: An MLLM-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: An LVLM-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: A GPT-4V-based Wearable System for Tremor Alerts", True),
        ("TremorWatch: A GPT-4o-mini-based Wearable System for Tremor Alerts", True),
        # (a language model the title names as what the system works on, not its product)
        ("TremorWatch: GPT-4-based Augmentation for Clinical Language Models", True),
        ("TremorWatch: An LLM-based Pipeline for Clinical Language Model Training", True),
        # (a model the title names as its product, a hyphenated word or two between)
        ("TremorWatch: An LLM-based Vision-Language Model for Tremor Alerts", False),
        ("TremorWatch: An LLM-based Multi-modal Large Language Model for Tremor Alerts", False),
        ("TremorWatch: An LLM-based Multi-Modal Vision-Language Foundation Model", False),
    ],
)
def test_every_spelling_of_a_model_a_title_is_based_on(
    rules: Scorer, title: str, built_on: bool
) -> None:
    """The models a title says its system is based on are spelled many ways ("ChatGPT-based",
    "GPT-5-based", "MLLM-based"); each is a system built on a model. A model the title names
    after it, even past a hyphenated word ("… LLM-based Vision-Language Model"), is the
    paper's product, which this cap leaves to the others."""
    result = rules.score(
        {
            "title": title,
            "abstract": "Tremor episodes in patients with Parkinson's disease are hard to catch "
            "at home. The authors present TremorWatch, which flags tremor episodes in unseen "
            "patients from wrist accelerometer data.",
        }
    )
    caps = [e.phrase for e in result.evidence if e.kind == "cap"]
    assert any("-based" in cap for cap in caps) is built_on, caps


def test_a_named_dataset_the_abstract_says_serves_as_a_benchmark_is_the_papers_benchmark(
    rules: Scorer,
) -> None:
    """A dataset the authors introduce by name and say serves as a benchmark for the methods
    they compare (BERT models, a LoRA-tuned LLaMA, retrieval) is the paper's product, as a
    benchmark so named is: the adapting and retrieval words describe the compared methods
    (RuCCoD was a model paper held back as "no sign of a broadly transferable model"). A named
    dataset without that sentence, and with those words, stays what it was."""
    abstract = (
        "Automated clinical coding has focused on English. The authors present PolCod, a new "
        "dataset of diagnosis fields from Polish electronic health records in which physicians "
        "annotated 9,000 entities with 1,200 distinct ICD codes. {sentence} BERT-based models, "
        "LLaMA fine-tuned with LoRA and retrieval-augmented generation are compared, with "
        "transfer across terminologies. Code and data are released."
    )
    title = "PolCod: Towards Automated ICD Coding in Polish"
    serves = rules.score(
        {
            "title": title,
            "abstract": abstract.format(
                sentence="The dataset serves as a benchmark for several approaches."
            ),
        }
    )
    assert (serves.kind, serves.section) == ("benchmark", "Benchmark paper")
    assert serves.decision == "propose", [e.phrase for e in serves.evidence if e.kind == "cap"]
    plain = rules.score({"title": title, "abstract": abstract.format(sentence="")})
    assert plain.kind == "model" and plain.decision != "propose"
    # the sentence must be about the named dataset: its own sentence or the next one, not a
    # later one about a resource the authors only used
    elsewhere = rules.score(
        {
            "title": title,
            "abstract": abstract.format(sentence="")
            + " Transfer is tested on a second corpus. Its English part, used as a "
            "benchmark in earlier work, is also reported.",
        }
    )
    assert elsewhere.kind == "model" and elsewhere.decision != "propose"
    next_sentence = rules.score(
        {
            "title": title,
            "abstract": abstract.format(sentence="It serves as a benchmark for coding systems."),
        }
    )
    assert next_sentence.kind == "benchmark"
    two_after = rules.score(
        {
            "title": title,
            "abstract": abstract.format(
                sentence="Codes come from ICD-10. It serves as a benchmark for coding systems."
            ),
        }
    )
    assert two_after.kind == "model"


def test_an_unnamed_benchmark_the_abstract_describes_by_what_it_holds_is_its_own(
    rules: Scorer,
) -> None:
    """Under a title that benchmarks, "the benchmark consists of 90 multiple-choice questions
    …, released as an open dataset" describes the resource the paper made, though it names it
    nowhere: a benchmark of its own, not a probe of general models (Class of LLMs was held back
    by the rules as benchmarking general models)."""
    abstract = (
        "Medical evaluation of large language models relies on English benchmarks. This paper "
        "evaluates eighteen proprietary and open-weight language models on the 2025 Chilean "
        "national medical licensing examination. {sentence} Models are scored by accuracy "
        "and against the pass mark; frontier models pass, most small medical fine-tunes fail."
    )
    title = "Benchmarking Large Language Models on the Chilean Medical Licensing Examination"
    holds = rules.score(
        {
            "title": title,
            "abstract": abstract.format(
                sentence="The benchmark consists of 180 "
                "multiple-choice questions on clinical practice and public health, and is released "
                "as an open dataset."
            ),
        }
    )
    assert (holds.kind, holds.section) == ("benchmark", "Benchmark paper")
    assert holds.decision == "propose", [e.phrase for e in holds.evidence if e.kind == "cap"]
    assert "the benchmark consists of" in {e.phrase for e in holds.evidence}
    runs = rules.score({"title": title, "abstract": abstract.format(sentence="")})
    assert runs.decision != "propose"


def test_a_generated_question_set_named_and_counted_is_the_authors_benchmark(rules: Scorer) -> None:
    """ "The authors generate CardioQA, a set of about 40,000 … questions" names and counts the
    resource as "assembles ReDis-QA, 1,360 question-answer pairs" does: their benchmark (EBMQA
    was held back by the rules). "Generate" with an output as object ("generate SOAP notes …
    in a benchmark built from …") introduces nothing."""
    title = "Performance of Large Language Models on Numerical Cardiology Knowledge"
    made = rules.score(
        {
            "title": title,
            "abstract": "From a knowledge graph of cardiology trials, the authors generate "
            "CardioQA, a set of about 40,000 evidence-based multiple-choice questions labelled "
            "by topic. Two frontier language models are benchmarked on it and cardiologists "
            "answer a sample; both models do worse on numerical questions than semantic ones.",
        }
    )
    assert any(e.phrase.startswith("the authors generate cardioqa") for e in made.evidence)
    assert made.kind == "benchmark" and made.decision == "propose"
    output = rules.score(
        {
            "title": "When Reasoning Hurts: Evaluating Frontier LLMs for Clinical Note Generation",
            "abstract": "The authors generate clinical notes from patient dialogues in a benchmark "
            "built from three public datasets, testing three language models with and without "
            "reasoning. Reasoning degrades the best model on all datasets.",
        }
    )
    assert output.decision != "propose"
    assert not any(e.phrase.startswith("the authors generate") for e in output.evidence)


def test_hearing_vaccine_and_occupational_health_words_are_biomedical_evidence(
    scorer: Scorer,
) -> None:
    """Convention: hearing loss and audiology, vaccines and immunisation, occupational health
    are medicine: a released benchmark of LLMs on vaccine questions has the biomedical evidence
    it needs (VaxEval was dropped as not biomedical)."""
    result = result_dict(
        scorer.score(
            {
                "title": "Evaluating large language models on childhood immunization "
                "questions: a benchmark study",
                "abstract": "Parents ask chatbots about vaccines. The authors build ImmuQA, a "
                "benchmark of 1,200 multiple-choice questions on vaccination schedules, safety "
                "and myths in three languages, verified against public guidance, and test "
                "eleven large language models on it. The benchmark is released.",
            }
        )
    )
    assert {"vaccine", "vaccination", "immunization"} <= phrases(result["evidence"], "biomedical")
    assert result["decision"] == "propose" and result["section"] == "Benchmark paper"
    feats = scorer.features(
        Item.of(
            {
                "title": "Listening models",
                "abstract": "Hearing loss, tinnitus, cochlear implant and hearing aid users in "
                "audiology clinics; occupational health surveys.",
            }
        )
    )
    found = {e.phrase for e in feats.evidence if e.kind == "biomedical"}
    assert {"hearing loss", "tinnitus", "cochlear implant", "hearing aid", "audiology"} <= found
    assert "occupational health" in found


@pytest.mark.parametrize(
    ("word", "title", "abstract"),
    [
        (  # (a perspective on LLMs in global health was dropped for too little)
            "global health",
            "Large language models in global health",
            "Large language models are discussed as tools for health systems in low- and "
            "middle-income countries. This Perspective reviews progress, barriers and prospects "
            "for LLMs in global health, with case studies of mobile applications and open-weight "
            "models.",
        ),
        (  # (a systematic review of LLMs for ICD coding was dropped for too little)
            "icd",
            "Automatic ICD coding using LLMs: a systematic review",
            "Assigning ICD codes by hand is slow. This systematic review searched three "
            "databases for studies that evaluated large language models such as BERT or GPT on "
            "ICD coding; 35 were included, and rare codes remain hard.",
        ),
    ],
)
def test_global_health_and_icd_codes_are_biomedical_evidence(
    scorer: Scorer, word: str, title: str, abstract: str
) -> None:
    """Convention: global health is medicine, as public health is, and ICD codes (the
    International Classification of Diseases) are: a review of LLMs in either has the
    biomedical evidence a review needs."""
    result = result_dict(scorer.score({"title": title, "abstract": abstract}))
    assert word in phrases(result["evidence"], "biomedical")
    assert result["decision"] == "propose" and result["section"] == "Review paper"


@pytest.mark.parametrize(
    ("abstract", "words"),
    [
        (  # haematology and nephrology (a comparison of vision-language models on bone-marrow
            # cytomorphology was dropped as not biomedical without them)
            "Leukemia, lymphoma and myeloma cases; bone marrow aspirates and blood smear "
            "slides; anemia and sickle cell disease; transfusion and thrombosis records; "
            "dialysis patients and glomerular filtration.",
            {
                "leukemia", "lymphoma", "myeloma", "bone marrow", "blood smear", "anemia",
                "sickle cell", "transfusion", "thrombosis", "dialysis", "glomerular",
            },
        ),
        (  # rehabilitation medicine and assistive technology (a study of stroke rehabilitation
            # exercises, a probe of VLMs for prosthetic hands and an LLM activity coach were
            # dropped as not biomedical)
            "Stroke rehabilitation and post-stroke physiotherapy; physical therapy after spinal "
            "cord injury; an amputee's prosthesis and a bionic hand; physical activity and "
            "health coaching.",
            {
                "stroke rehabilitation", "post stroke", "physiotherapy", "physical therapy",
                "spinal cord injury", "amputee", "prosthesis", "bionic hand",
                "physical activity", "health coaching",
            },
        ),
    ],
)  # fmt: skip
def test_the_words_of_a_field_of_medicine_are_biomedical_evidence(
    scorer: Scorer, abstract: str, words: set[str]
) -> None:
    """Convention: the words of these fields are medicine; the papers that showed them missing
    are near-misses now, as probes should be, not dropped as not biomedical."""
    feats = scorer.features(Item.of({"title": "Records", "abstract": abstract}))
    assert words <= {e.phrase for e in feats.evidence if e.kind == "biomedical"}


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (  # someone else's benchmark, described: not released here
            "Benchmarking open and proprietary LLMs on USMLE questions",
            "We evaluate twelve large language models on MedQA. The benchmark consists of 1,273 "
            "multiple-choice questions from the USMLE. Frontier models score best; medical "
            "fine-tunes lag.",
        ),
        (  # an existing dataset, described
            "Benchmarking LLMs for clinical note summarization in the ICU",
            "We benchmark six large language models on MIMIC-IV. The dataset contains 52,000 "
            "clinical notes from intensive-care patients. Larger models summarise better.",
        ),
        (  # the models' output, counted: no set of the authors'
            "Self-consistency for clinical reasoning with LLMs",
            "Large language models answer clinical vignettes; they generate rationales, 5 "
            "samples at temperature 0.7, and a vote picks the answer among medical cases.",
        ),
    ],
)
def test_a_described_or_generated_resource_that_is_not_the_authors_introduces_nothing(
    title: str, abstract: str, rules: Scorer
) -> None:
    """The reviewer's counter-examples to the unnamed-benchmark readings: a benchmark the
    abstract describes but does not release is someone else's (MedQA, MIMIC-IV), and what
    "they generate" without calling it a set is the models' output; each was proposed as a
    benchmark of the paper's own before the readings asked for a release and a set."""
    result = rules.score({"title": title, "abstract": abstract})
    assert result.decision != "propose", [
        e.phrase for e in result.evidence if e.kind == "benchmark"
    ]
