"""Model name, code and weights links, each with where it came from."""

from __future__ import annotations

import pytest

from fmwatch.enrich import Enricher
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
