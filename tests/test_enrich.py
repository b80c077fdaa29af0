"""Model name, code and weights links, each with where it came from."""

from __future__ import annotations

import pytest

from fmwatch.enrich import Enricher, _host_links
from fmwatch.score import Item


def enrich(**fields: object) -> dict[str, object]:
    result = Enricher().enrich(Item.of(fields))
    return {
        "name": result.model_name,
        "name_from": result.model_name_from,
        "code": result.code_url,
        "code_from": result.code_url_from,
        "weights": result.weights_url,
        "weights_from": result.weights_url_from,
    }


@pytest.mark.parametrize(
    ("title", "abstract", "name", "source"),
    [
        (
            "Virchow2: scaling self-supervised mixed-magnification models in pathology",
            "",
            "Virchow2",
            "title prefix",
        ),
        ("scConcept: contrastive pretraining for single cells", "", "scConcept", "title prefix"),
        ("SAM-Med3D: towards general-purpose segmentation", "", "SAM-Med3D", "title prefix"),
        (
            "Towards a general-purpose foundation model for computational pathology",
            "Here we present UNI, a general-purpose self-supervised model for pathology.",
            "UNI",
            "abstract (we present …)",
        ),
        (
            "A visual-language foundation model for computational pathology",
            "We develop a visual-language foundation model, CONtrastive learning from Captions for "
            "Histopathology (CONCH), using 1.17 million image-caption pairs.",
            "CONCH",
            "abstract (acronym)",
        ),
        (
            "A foundation model for retinal images",
            "We train a self-supervised encoder, named RetiNet-L, on 1.6 million fundus images.",
            "RetiNet-L",
            "abstract (named …)",
        ),
    ],
)
def test_model_name_and_where_it_came_from(
    title: str, abstract: str, name: str, source: str
) -> None:
    found = enrich(title=title, abstract=abstract)
    assert (found["name"], found["name_from"]) == (name, source)


@pytest.mark.parametrize(
    "title",
    [
        "Review: foundation models in medicine",
        "Background: large models for (CT) imaging",
        "A model of things",
    ],
)
def test_no_name_from_generic_prefixes_or_modality_acronyms(title: str) -> None:
    found = enrich(
        title=title, abstract="We study models on computed tomography (CT) and MRI (MRI) scans."
    )
    assert found["name"] is None


def test_code_from_comment_is_normalised_to_owner_repo() -> None:
    found = enrich(
        title="x",
        abstract="",
        comment="12 pages. Code: https://github.com/MahmoodLab/UNI/tree/main.",
    )
    assert (found["code"], found["code_from"]) == ("https://github.com/MahmoodLab/UNI", "comment")


def test_gitlab_and_bare_urls_in_the_abstract() -> None:
    found = enrich(title="x", abstract="Available at gitlab.com/group/tool.git and elsewhere.")
    assert (found["code"], found["code_from"]) == ("https://gitlab.com/group/tool", "abstract")


def test_huggingface_model_is_weights_but_a_dataset_is_not() -> None:
    found = enrich(
        title="x",
        abstract="Data: https://huggingface.co/datasets/lab/corpus. Model: https://huggingface.co/lab/model-v1",
    )
    assert (found["weights"], found["weights_from"]) == (
        "https://huggingface.co/lab/model-v1",
        "abstract",
    )


def test_other_hosting_counts_only_when_the_text_speaks_of_weights() -> None:
    with_words = enrich(title="x", abstract="Pretrained weights: https://zenodo.org/records/123456")
    without = enrich(title="x", abstract="Our data: https://zenodo.org/records/123456")
    assert with_words["weights"] == "https://zenodo.org/records/123456"
    assert without["weights"] is None


@pytest.mark.parametrize(
    "url",
    [
        "https://zenodo.org/records/123456",
        "https://figshare.com/articles/model/9",
        "https://drive.google.com/file/d/abc",
        "https://www.dropbox.com/s/xyz/model.pt",
        "https://hub.docker.com/r/lab/model",
        "https://Zenodo.ORG/records/7",  # the host test ignores case, as the pattern does
    ],
)
def test_every_other_host_of_weights_is_read(url: str) -> None:
    # (the cheap host test before the pattern must list every host the pattern knows)
    assert enrich(title="x", abstract=f"Model weights are at {url}")["weights"] == url


@pytest.mark.parametrize(
    ("text", "code", "weights"),
    [
        # (the shapes of the May-2026 listing's broken links, on invented repositories)
        ("Code: https://github. com/lab/SegTool-v2", "https://github.com/lab/SegTool-v2", None),
        ("Code: https://github.com/lab/ seg-tool.", "https://github.com/lab/seg-tool", None),
        ("Code: https://github.com/lab/ CellNet2 (MIT)", "https://github.com/lab/CellNet2", None),
        ("Code: https://github.com/lab/3d-seg- tool", "https://github.com/lab/3d-seg-tool", None),
        (
            "Weights: https://huggingface.co/ lab/path-fm",
            None,
            "https://huggingface.co/lab/path-fm",
        ),
        (
            "Weights: https://huggingface. co/lab/path-fm",
            None,
            "https://huggingface.co/lab/path-fm",
        ),
        # a whole link before a new sentence, and an account followed by a plain word
        ("Code: https://github.com/lab/tool/ This work", "https://github.com/lab/tool", None),
        ("Code: https://github.com/lab/ and data at our site", None, None),
        ("Code: https://github.com/lab/ Also, data", None, None),
        # the raw listing's break is a new line and its indent, not a space
        ("Code: https://github.\n  com/lab/SegTool-v2", "https://github.com/lab/SegTool-v2", None),
        ("Code: https://github.com/lab/\n  seg-tool.", "https://github.com/lab/seg-tool", None),
        ("Code: https://github.com/lab/3d-seg-\n tool", "https://github.com/lab/3d-seg-tool", None),
    ],
)
def test_a_link_a_line_wrap_broke_is_joined(
    text: str, code: str | None, weights: str | None
) -> None:
    found = enrich(title="x", abstract=text)
    assert (found["code"], found["weights"]) == (code, weights)


@pytest.mark.parametrize(
    "comment",
    [
        # (the May listing's comments have "https://aclanthology.org/2026.propor-1.18/ 11")
        "Code: https://github.com/lab/ 11 pages, 4 figures",
        "https://github.com/lab/ 2026.",
    ],
)
def test_an_account_s_link_is_not_joined_to_a_number_after_it(comment: str) -> None:
    assert enrich(title="x", abstract="", comment=comment)["code"] is None


def test_links_field_is_a_source_of_code() -> None:
    found = enrich(title="x", abstract="", links=["https://github.com/lab/repo"])
    assert (found["code"], found["code_from"]) == ("https://github.com/lab/repo", "links")


def test_hostile_text_gives_no_link() -> None:
    found = enrich(
        title="x",
        abstract="see https://github.com/orgs/ and javascript:alert(1) and https://huggingface.co/",
    )
    assert found["code"] is None
    assert found["weights"] is None


@pytest.mark.parametrize(
    ("title", "abstract", "name", "source"),
    [
        (
            "A breast vision pathology foundation model for real-world clinical utility",
            "We introduce BRAVE, a pathology foundation model pretrained on 1.3 million slides.",
            "BRAVE",
            "abstract (we present …)",
        ),
        (
            "A vision-language foundation model for 3D computed tomography",
            "Here we present Merlin, a 3D vision-language model trained on paired CT scans.",
            "Merlin",
            "abstract (we present …)",
        ),
        (
            "A foundation model for retinal imaging",
            "Retinal images are abundant. RetiFM-2, a self-supervised foundation model trained on "
            "1.6 million fundus photographs, transfers to eye and systemic diseases.",
            "RetiFM-2",
            "abstract (X, a … model)",
        ),
        (
            "A foundation model for cell biology",
            "We train Universal Cell Embeddings (UCE) on 36 million cells from many species.",
            "UCE",
            "abstract (acronym)",
        ),
        (
            "Visual-language pretraining for pathology",
            "We develop a visual-language foundation model, CONtrastive learning from Captions for "
            "Histopathology (CONCH), on 1.17 million pairs.",
            "CONCH",
            "abstract (acronym)",
        ),
    ],
)
def test_model_names_from_the_abstract(title: str, abstract: str, name: str, source: str) -> None:
    found = enrich(title=title, abstract=abstract)
    assert (found["name"], found["name_from"]) == (name, source)


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        # generic acronyms defined in the abstract are terms, not the paper's model
        (
            "Self-supervised learning for abdominal imaging",
            "Computed tomography (CT) and magnetic resonance imaging (MRI) are common; large "
            "language models (LLM) and the Vision Transformer (ViT) are used.",
        ),
        # a well-known model the paper only uses or adapts is not its name
        (
            "Adapting a segmentation model to polyps",
            "We adapt the Segment Anything Model (SAM) and CLIP to colonoscopy; we fine-tune SAM, "
            "a promptable segmentation model, with adapters.",
        ),
        # plural acronyms and modality acronyms with a prefix are terms too
        (
            "Benchmarking slide encoders",
            "Pathology foundation models (PFMs) are compared on diffusion MRI (dMRI) and "
            "brain-computer interface (BCI) data.",
        ),
        # an acronym spelled out in lower case is a term ("masked image modeling (MIM)")
        (
            "Pretraining for brain MRI",
            "We study masked image modeling (MIM) and spatial domain identification (SDI).",
        ),
        # a dataset's name is not a model's
        (
            "Biomedical image-text pretraining",
            "We present PMC-15M, a dataset of 15 million figure-caption pairs from PubMed Central.",
        ),
        # common words after "we present"
        (
            "A new model for pathology",
            "We present a new model for tumour grading. We propose Deep, a framework.",
        ),
    ],
)
def test_no_model_name_from_terms_existing_models_datasets_or_common_words(
    title: str, abstract: str
) -> None:
    assert enrich(title=title, abstract=abstract)["name"] is None


def test_a_title_prefix_naming_an_existing_model_variant_is_the_papers_own() -> None:
    found = enrich(title="SAM-Med2D: segment anything in 2D medical images", abstract="")
    assert (found["name"], found["name_from"]) == ("SAM-Med2D", "title prefix")
    assert enrich(title="CT: a review", abstract="")["name"] is None


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Foresight\u2014a generative pretrained transformer for patient timelines", "Foresight"),
        ("CardioGPT \u2013 a language model of cardiology notes", "CardioGPT"),
        (
            "HuatuoGPT-Vision, Towards Injecting Medical Visual Knowledge into MLLMs",
            "HuatuoGPT-Vision",
        ),
        ("MIMIC-V, a freely accessible electronic health record dataset", None),
        ("Deep learning, a review of methods for histopathology", None),
    ],
)
def test_a_name_before_a_dash_or_a_comma_in_the_title(title: str, name: str | None) -> None:
    assert Enricher().enrich(Item(title=title, abstract="")).model_name == name


@pytest.mark.parametrize(
    ("title", "abstract", "name"),
    [
        (
            "Can LLMs follow a Yoruba consultation?",
            "No benchmark of clinical dialogue exists for Yoruba. We build YoMedDial, a dataset "
            "of 2,400 doctor-patient conversations checked by physicians, and evaluate ten large "
            "language models on it.",
            "YoMedDial",
        ),
        # what the name is (a benchmark) follows its spelling-out in parentheses
        (
            "How much do LLMs know about kidneys?",
            "Nephrology questions are missing from medical exams for language models. We release "
            "KiQA (Kidney Question Answering), a benchmark of 1,200 questions written by "
            "nephrologists, and test fourteen large language models on it.",
            "KiQA",
        ),
    ],
)
def test_a_benchmark_paper_is_named_by_the_dataset_it_builds(
    title: str, abstract: str, name: str
) -> None:
    """A benchmark paper's catalog row is called by its benchmark: the dataset it builds and
    releases names it, where a model paper's dataset names nothing (PMC-15M above)."""
    item = Item.of({"title": title, "abstract": abstract})
    assert Enricher().enrich(item, benchmark=True).model_name == name
    assert Enricher().enrich(item).model_name is None


def test_the_scorer_names_a_benchmark_paper_by_its_dataset() -> None:
    from fmwatch.score import Scorer

    result = Scorer().score(
        {
            "title": "Large language models in the clinic: a comprehensive benchmark",
            "abstract": "Evaluations of medical large language models rarely reflect clinical "
            "practice. We build WardBench, a benchmark dataset of 11 clinical tasks from real "
            "hospital records, and evaluate 22 general and medical large language models on it "
            "in zero-shot and few-shot settings.",
        }
    )
    assert (result.kind, result.enrichment.model_name) == ("benchmark", "WardBench")


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        # a public source the benchmark is built from is not its name
        (
            "We curate CheXpert, MIMIC-CXR and PadChest into CXR-Unify, a benchmark of 9,000 "
            "radiographs for evaluating vision-language models.",
            None,
        ),
        (
            "We describe MIMIC-CXR, a public collection of chest radiographs and reports, from "
            "which we derive a benchmark of 5,000 questions for large language models.",
            None,
        ),
        (
            "We curate MIMIC-IV, a benchmark source of intensive care records, into 3,000 "
            "questions for large language models.",
            None,
        ),
        # a benchmark made from one, named for it, is the benchmark's own name
        (
            "We build MIMIC-IV-BHC, a benchmark of brief hospital course summaries for "
            "evaluating large language models.",
            "MIMIC-IV-BHC",
        ),
    ],
)
def test_a_benchmark_paper_is_not_named_by_the_public_data_it_draws_on(
    abstract: str, name: str | None
) -> None:
    item = Item.of({"title": "Summarising hospital stays with LLMs", "abstract": abstract})
    assert Enricher().enrich(item, benchmark=True).model_name == name


def test_a_title_name_with_its_acronym_after_it_is_the_name() -> None:
    """ "PathOmni (PO): …" names PathOmni, as the scorer and identity read such titles."""
    result = enrich(title="PathOmni (PO): a pathology foundation model", abstract="x")
    assert (result["name"], result["name_from"]) == ("PathOmni", "title prefix")


def test_a_name_defined_as_a_model_names_the_paper() -> None:
    """ "BiomedGPT is an open, lightweight generalist … foundation model" defines the paper's
    model as "BRAVE, a … foundation model" does; a well-known model so defined does not."""
    abstract = (
        "Most biomedical AI systems serve one task. BiomedGPT is an open, lightweight "
        "generalist vision-language foundation model pretrained on biomedical images and text."
    )
    assert enrich(title="A generalist biomedical model", abstract=abstract)["name"] == "BiomedGPT"
    for general in ("GPT-4", "PaLM", "LLaMA-2"):
        known = abstract.replace("BiomedGPT is", f"{general} is")
        assert enrich(title="A generalist biomedical model", abstract=known)["name"] is None


@pytest.mark.parametrize(
    "abstract",
    [
        # a disease the first sentence defines
        "Chronic Ankle Tendinopathy (CAT) limits walking in older adults. We study gait videos.",
        # a score the evaluation uses
        "We evaluate three segmenters with the Boundary Overlap Coefficient (BOC) on 40 scans.",
        # the data set a benchmark is built on: a preposition stands between verb and name
        "We introduce a benchmark built on the Quiet Speech Archive (QSA) of recordings.",
        # what the paper's unnamed framework does, behind a relative clause
        "We present a unified framework that jointly performs Red Cell Grading (RCG) and "
        "counting from phase images.",
        # a module of the model, which the paper "designs"
        "This paper proposes a fusion model. We design a core component termed the Gated "
        "Tri-Modal Fusion Block (GTFB) for text and images.",
        # the cohort a model is trained on: "model … Impairment" spells MCI too, but the name
        # spelt out is the disease's, behind "trained on"
        "We develop a model trained on Mild Cognitive Impairment (MCI) patients.",
    ],
)
def test_an_acronym_the_abstract_only_uses_does_not_name_the_model(abstract: str) -> None:
    assert (
        enrich(title="Gait and speech analysis with deep learning", abstract=abstract)["name"]
        is None
    )


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        (
            "Severity follows the Lantern Endoscopic Grade (LEG). Our framework, Split "
            "Anatomy-Lesion Diffusion (SALD), conditions a latent diffusion model on anatomy.",
            "SALD",
        ),
        (
            "The Stacked Perturbation Autoencoder (SPA) is a deep generative model that "
            "predicts cell responses to unseen drug combinations.",
            "SPA",
        ),
        (
            "This work revisits modularity in vision encoders and proposes Conductor-Experts "
            "(CEX), a modular network whose experts specialise.",
            "CEX",
        ),
        (
            "We then propose a framework combining distillation from several teachers with "
            "self-distillation to learn a generalizable kidney foundation model (GKFM).",
            "GKFM",
        ),
        (
            "Existing models ignore context. Large Clinical Language Model (LCLM) is a new "
            "decoder trained from scratch on 80 billion tokens of notes.",
            "LCLM",
        ),
        (
            "Existing models ignore context. To this end, the Histology Vision Encoder (HVE) "
            "learns from one million slides without labels.",
            "HVE",
        ),
    ],
)
def test_an_acronym_the_paper_makes_names_its_model(abstract: str, name: str) -> None:
    found = enrich(title="Learning from clinical images", abstract=abstract)
    assert (found["name"], found["name_from"]) == (name, "abstract (acronym)")


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("We present \\textbf{Quillon}, a retinal foundation model for fundus images.", "Quillon"),
        ("We propose \\textbf{\\textsc{Tri-Stress}}, a stress test for LLMs.", "Tri-Stress"),
    ],
)
def test_a_name_set_in_latex_bold_is_read(abstract: str, name: str) -> None:
    assert enrich(title="Robust clinical models", abstract=abstract)["name"] == name


def test_latex_escaped_underscores_stay_in_a_repository_url() -> None:
    found = enrich(title="x", abstract="Code: https://github.com/some-lab/seg\\_kit\\_v2.")
    assert found["code"] == "https://github.com/some-lab/seg_kit_v2"


def test_the_host_again_inside_a_url_starts_no_url_of_its_own() -> None:
    """ "github.com/a\\_github.com/a\\_…" is one URL: reading another from each host inside it
    (and unescaping each) made a 42 KB comment of them cost seconds, quadratic in its length."""
    assert [url for _, _, url in _host_links("github.com/a\\_" * 3_000)] == [
        "github.com/a_" + "github.com/a_" * 2_999
    ]
    assert [url for _, _, url in _host_links("see github.com/x/y and github.com/z/w.")] == [
        "github.com/x/y",
        "github.com/z/w",
    ]


def test_acronyms_past_the_first_sixty_four_are_not_read() -> None:
    """Each acronym an abstract defines is read back over its sentence; a 20 KB run of a
    thousand of them cost half a second, so only the first 64 are read (a real abstract defines
    a dozen)."""
    own = "We propose the Foo Bar Network (FBN), a model for chest radiographs."
    for before, name in ((63, "FBN"), (64, None)):
        junk = " ".join(f"Ab Cd Ef{i} (AC{i})." for i in range(before))
        assert enrich(title="x", abstract=f"{junk} {own}")["name"] == name, before


def test_an_anonymous_review_account_is_no_code_link() -> None:
    found = enrich(
        title="x",
        comment="Review copy: https://github.com/Anonymous-Review-Code/FooNet",
        abstract="Code will move to https://github.com/real-lab/FooNet.",
    )
    assert (found["code"], found["code_from"]) == ("https://github.com/real-lab/FooNet", "abstract")


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("ECG Foundation Models: Progress and Open Problems", None),
        ("GPT-7 in Dermatology: Gains in Visual Reasoning", None),
        ("AlphaFuse and BetaNet: Two Tools for Clinical Text", "AlphaFuse and BetaNet"),
    ],
)
def test_a_title_topic_before_the_colon_is_no_name(title: str, name: str | None) -> None:
    assert enrich(title=title, abstract="")["name"] == name


@pytest.mark.parametrize(
    "text",
    [
        "Weights: https://huggingface.co/lab/model-v1.",
        "Weights (https://huggingface.co/lab/model-v1).",
        "Weights: https://huggingface.co/lab/model-v1, code: https://github.com/lab/code",
        "Weights at https://huggingface.co/lab/model-v1/tree/main",
        "Weights at https://huggingface.co/lab/model-v1/blob/main/model.safetensors",
        "Weights at hf.co/lab/model-v1",
        "Weights: \\url{https://huggingface.co/lab/model-v1}",
        "Weights: \\href{https://huggingface.co/lab/model-v1}{Hugging Face}",
        "Weights: [HF](https://huggingface.co/lab/model-v1)",
        "Data: https://huggingface.co/datasets/lab/d, demo: https://huggingface.co/spaces/lab/s, "
        "model: https://huggingface.co/lab/model-v1",
    ],
)
def test_a_model_repository_is_read_through_the_ways_papers_write_it(text: str) -> None:
    """(Right before the weights labels were measured too: a guard, not a mend.)"""
    assert enrich(title="x", comment=text)["weights"] == "https://huggingface.co/lab/model-v1"


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        (
            "Code and trained models at https://huggingface.co/collections/lab/seg-models.",
            "https://huggingface.co/collections/lab/seg-models",
        ),
        (
            "Weights: https://hf.co/collections/lab/seg-models-66a1b2c3d4e5f6",
            "https://huggingface.co/collections/lab/seg-models-66a1b2c3d4e5f6",
        ),
        ("Weights: https://huggingface.co/lab/model-v1.git", "https://huggingface.co/lab/model-v1"),
    ],
)
def test_a_collection_is_kept_whole_and_a_git_suffix_cut(text: str, weights: str) -> None:
    """A collection's link is ``collections/owner/slug``: "collections/owner" is no page."""
    assert enrich(title="x", abstract=text)["weights"] == weights


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/papers/2605.01234",
        "https://huggingface.co/docs/transformers/model_doc/bert",
        "https://huggingface.co/blog/lab/our-release",
        "https://huggingface.co/models?search=lab",
        "https://huggingface.co/organizations/lab/share/abc",
        "https://huggingface.co/collections/lab",
    ],
)
def test_a_page_of_the_hugging_face_site_is_no_weights(url: str) -> None:
    assert enrich(title="x", comment=f"Model weights and paper page: {url}")["weights"] is None


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        ("Models: https://huggingface.co/LabOrg", "https://huggingface.co/LabOrg"),
        ("The checkpoints are at https://huggingface.co/LabOrg.", "https://huggingface.co/LabOrg"),
        ("The CARD dataset is hosted on https://huggingface.co/CARD-Data.", None),
        ("Code and data: https://huggingface.co/decisionbench", None),
        ("Project page: https://huggingface.co/LabOrg", None),
        (
            "Models: https://huggingface.co/LabOrg. Weights: https://huggingface.co/LabOrg/net-b",
            "https://huggingface.co/LabOrg/net-b",
        ),
    ],
)
def test_an_account_page_is_weights_only_when_said_to_hold_them(
    text: str, weights: str | None
) -> None:
    """An account's page is what some papers give for their models, but less than a model's
    own repository, and only when the words before it speak of models or weights."""
    assert enrich(title="x", comment=text)["weights"] == weights


@pytest.mark.parametrize(
    ("comment", "abstract", "weights"),
    [
        ("Dataset: https://huggingface.co/lab/corpus-v1", "", None),
        ("Codes and benchmarks at https://github.com/a/b, https://huggingface.co/lab/b", "", None),
        (
            "Dataset: https://huggingface.co/lab/corpus Weights: https://huggingface.co/lab/net",
            "",
            "https://huggingface.co/lab/net",
        ),
        (
            "Code at https://github.com/a/b, checkpoints and datasets at "
            "https://huggingface.co/collections/lab/all",
            "",
            "https://huggingface.co/collections/lab/all",
        ),
        (
            "Code, data and models: https://huggingface.co/lab/net",
            "",
            "https://huggingface.co/lab/net",
        ),
        # what a link is called once holds for the whole paper
        (
            "Tokenizer artifact and scripts at https://huggingface.co/lab/tok-32k",
            "We release the artifact at https://huggingface.co/lab/tok-32k.",
            None,
        ),
    ],
)
def test_a_model_repository_the_words_call_data_is_no_weights(
    comment: str, abstract: str, weights: str | None
) -> None:
    assert enrich(title="x", comment=comment, abstract=abstract)["weights"] == weights


@pytest.mark.parametrize(
    ("abstract", "weights"),
    [
        (
            "PathX is available at https://huggingface.co/lab/PathX. We evaluate on data from 5 "
            "centres.",
            "https://huggingface.co/lab/PathX",
        ),
        (
            "Weights: https://zenodo.org/records/7. The data cannot be shared.",
            "https://zenodo.org/records/7",
        ),
    ],
)
def test_the_sentence_after_a_link_ending_a_sentence_says_nothing_of_it(
    abstract: str, weights: str
) -> None:
    """A link followed by a full stop ends its sentence: the next sentence's "data" is not what
    the link holds."""
    assert enrich(title="x", abstract=abstract)["weights"] == weights


def test_other_hosting_needs_the_weight_words_in_its_own_sentence() -> None:
    data = enrich(
        title="x",
        abstract="Code and weights: https://github.com/a/b. Data: https://zenodo.org/records/1",
    )
    assert data["weights"] is None
    weights = enrich(
        title="x",
        abstract="Data: https://zenodo.org/records/1. Weights: https://zenodo.org/records/2.",
    )
    assert weights["weights"] == "https://zenodo.org/records/2"
    after = enrich(title="x", abstract="See https://zenodo.org/records/3 for the checkpoints.")
    assert after["weights"] == "https://zenodo.org/records/3"


@pytest.mark.parametrize(
    "url",
    [
        "https://doi.org/10.5281/zenodo.1234567",
        "https://doi.org/10.57967/hf/1234",
    ],
)
def test_a_zenodo_or_hugging_face_doi_of_weights_is_read(url: str) -> None:
    """Zenodo records are most often cited by their DOI; a Hugging Face repository can have
    one too. Either is weights only when the text says so."""
    assert enrich(title="x", comment=f"Pretrained weights: {url}")["weights"] == url
    assert enrich(title="x", comment=f"Archived at {url}")["weights"] is None


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        (
            "Weights: https://www.modelscope.cn/models/lab/Net-7B.",
            "https://modelscope.cn/models/lab/Net-7B",
        ),
        ("Model at modelscope.cn/models/lab/Net-7B", "https://modelscope.cn/models/lab/Net-7B"),
        ("Data: https://modelscope.cn/datasets/lab/corpus", None),
    ],
)
def test_a_modelscope_model_is_weights(text: str, weights: str | None) -> None:
    assert enrich(title="x", abstract=text)["weights"] == weights


def test_weights_links_past_the_thirty_second_are_not_read() -> None:
    """Each weights link is read with the words around it; a 95 KB comment of five thousand
    Hugging Face links cost a quarter of a second, so only the first 32 are read (a real
    paper gives a handful)."""
    own = "Weights: https://huggingface.co/lab/net"
    for before, weights in ((31, "https://huggingface.co/lab/net"), (32, None)):
        junk = " ".join(f"Dataset: https://huggingface.co/lab/d{i}." for i in range(before))
        assert enrich(title="x", comment=f"{junk} {own}")["weights"] == weights, before
