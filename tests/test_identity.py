"""Identifiers from every URL shape the catalog and the sources use, and title matching."""

from __future__ import annotations

import pytest

from fmwatch import identity
from fmwatch.identity import (
    TitleIndex,
    arxiv_id_from_url,
    code_url,
    doi_from_url,
    github_repo,
    is_placeholder_url,
    is_preprint_key,
    link_kind,
    normalize_doi,
    normalize_title,
    split_arxiv_version,
    strip_tracking,
    title_is_distinctive,
    titles_match,
    tracking_noise,
    work_keys,
    work_keys_from_url,
)

# Every paper-link shape in the seed catalog, and the shapes the sources give.
PAPER_URLS = [
    # arXiv pdf/abs/html, with and without versions
    ("https://arxiv.org/pdf/2408.00738", {"arxiv:2408.00738"}),
    ("https://arxiv.org/pdf/2507.11588", {"arxiv:2507.11588"}),
    ("https://arxiv.org/abs/2405.10254v3", {"arxiv:2405.10254"}),
    ("http://arxiv.org/pdf/2501.16652v1.pdf", {"arxiv:2501.16652"}),
    ("https://arxiv.org/html/2506.03373v2", {"arxiv:2506.03373"}),
    ("https://www.arxiv.org/abs/2502.06750", {"arxiv:2502.06750"}),
    # old-style arXiv ids (the subject class is dropped, as arXiv itself does)
    ("https://arxiv.org/abs/q-bio/0601001", {"arxiv:q-bio/0601001"}),
    ("https://arxiv.org/abs/q-bio/0601001v2", {"arxiv:q-bio/0601001"}),
    ("https://arxiv.org/abs/math.GT/0309136", {"arxiv:math/0309136"}),
    # arXiv DOIs
    ("https://doi.org/10.48550/arXiv.2408.00738", {"arxiv:2408.00738"}),
    ("10.48550/arxiv.2405.10254", {"arxiv:2405.10254"}),
    # nature.com articles, with the fragments and query noise the seed carries
    ("https://www.nature.com/articles/s41551-024-01246-y#Abs1", {"doi:10.1038/s41551-024-01246-y"}),
    ("https://www.nature.com/articles/s41586-024-07894-z", {"doi:10.1038/s41586-024-07894-z"}),
    ("https://www.nature.com/articles/s41586-024-07441-w", {"doi:10.1038/s41586-024-07441-w"}),
    ("https://www.nature.com/articles/s42256-024-00807-9#Abs1", {"doi:10.1038/s42256-024-00807-9"}),
    ("https://www.nature.com/articles/s41591-025-03983-2#Fig1", {"doi:10.1038/s41591-025-03983-2"}),
    ("https://www.nature.com/articles/s41587-025-02846-y#Sec3", {"doi:10.1038/s41587-025-02846-y"}),
    ("https://www.nature.com/articles/s12276-025-01547-5", {"doi:10.1038/s12276-025-01547-5"}),
    (
        "https://www.nature.com/articles/s41586-023-05881-4?fromPaywallRec=false#Abs1",
        {"doi:10.1038/s41586-023-05881-4"},
    ),
    ("https://www.nature.com/articles/s41467-025-57587-y.pdf", {"doi:10.1038/s41467-025-57587-y"}),
    ("https://www.nature.com/articles/nature14539", {"doi:10.1038/nature14539"}),
    # NEJM AI
    ("https://ai.nejm.org/doi/full/10.1056/AIoa2300221", {"doi:10.1056/aioa2300221"}),
    ("https://ai.nejm.org/doi/10.1056/AIoa2400640", {"doi:10.1056/aioa2400640"}),
    # ScienceDirect: PII only, tracking parameters ignored
    (
        "https://www.sciencedirect.com/science/article/pii/S2589750024000256"
        "?pes=vor&utm_source=chemport&getft_integrator=chemport",
        {"pii:s2589750024000256"},
    ),
    (
        "https://www.sciencedirect.com/science/article/pii/S1361841524001270",
        {"pii:s1361841524001270"},
    ),
    (
        "https://www.sciencedirect.com/science/article/abs/pii/S136184152400127X",
        {"pii:s136184152400127x"},
    ),
    # bioRxiv / medRxiv content URLs (version and suffix dropped) and "early" PDF paths
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1.full.pdf",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v2",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1.abstract",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.biorxiv.org/content/biorxiv/early/2025/10/15/2025.10.14.682419.full.pdf",
        {"doi:10.1101/2025.10.14.682419", "doi:10.64898/2025.10.14.682419"},
    ),
    (
        "https://www.medrxiv.org/content/10.1101/2024.02.29.24303512v1.full-text",
        {"doi:10.1101/2024.02.29.24303512"},
    ),
    (
        "https://www.medrxiv.org/content/medrxiv/early/2024/03/01/2024.02.29.24303512.full.pdf",
        {"doi:10.1101/2024.02.29.24303512", "doi:10.64898/2024.02.29.24303512"},
    ),
    # the newer bioRxiv DOI prefix
    ("https://doi.org/10.64898/2025.11.03.686123v1", {"doi:10.64898/2025.11.03.686123"}),
    # doi.org links in their spellings
    ("https://doi.org/10.1038/s41591-024-02857-3", {"doi:10.1038/s41591-024-02857-3"}),
    ("http://dx.doi.org/10.1038/S41591-024-02856-4", {"doi:10.1038/s41591-024-02856-4"}),
    ("doi:10.1016/j.media.2024.103202", {"doi:10.1016/j.media.2024.103202"}),
    # an Elsevier DOI spells out its PII: the key a ScienceDirect or Lancet link gives
    (
        "https://doi.org/10.1016/S0140-6736(23)01234-5",
        {"doi:10.1016/s0140-6736(23)01234-5", "pii:s0140673623012345"},
    ),
    (
        "https://doi.org/10.1016%2FS0140-6736%2823%2901234-5",
        {"doi:10.1016/s0140-6736(23)01234-5", "pii:s0140673623012345"},
    ),
    (
        "https://www.sciencedirect.com/science/article/pii/S2589750024000256",
        {"pii:s2589750024000256"},
    ),
    (
        "https://www.thelancet.com/journals/landig/article/PIIS2589-7500(24)00025-6/fulltext",
        {"pii:s2589750024000256"},
    ),
    ("https://www.cell.com/cell/fulltext/S0092-8674(24)00538-0", {"pii:s0092867424005380"}),
    # a paper's pages on Hugging Face, alphaXiv and ar5iv are the arXiv paper
    ("https://huggingface.co/papers/2408.00738", {"arxiv:2408.00738"}),
    ("https://www.alphaxiv.org/abs/2408.00738v2", {"arxiv:2408.00738"}),
    ("https://ar5iv.labs.arxiv.org/html/2408.00738", {"arxiv:2408.00738"}),
    # an old-style bioRxiv DOI with its version
    ("https://www.biorxiv.org/content/10.1101/622803v4", {"doi:10.1101/622803"}),
    # what follows a DOI in publishers' and readers' links is not part of it
    ("https://doi.org/10.1038/s41591-024-02857-3/", {"doi:10.1038/s41591-024-02857-3"}),
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1.full.pdf?download=true",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v2.full#sec-3",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v2.supplementary-material",
        {"doi:10.1101/2023.10.03.560734"},
    ),
    (
        "https://www.frontiersin.org/articles/10.3389/fmed.2024.1234567/full",
        {"doi:10.3389/fmed.2024.1234567"},
    ),
    (
        "https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0123456&type=printable",
        {"doi:10.1371/journal.pone.0123456"},
    ),
    (
        "https://ai.nejm.org/doi/suppl/10.1056/AIoa2300138/suppl_file/aioa2300138_appendix.pdf",
        {"doi:10.1056/aioa2300138"},
    ),
    # Nature's older article ids, with a dot
    ("https://www.nature.com/articles/nbt.4235", {"doi:10.1038/nbt.4235"}),
    ("https://www.nature.com/articles/nmeth.4244?utm_source=x", {"doi:10.1038/nmeth.4244"}),
    # an "early" PDF link does not say which of bioRxiv's two prefixes the DOI has
    (
        "https://www.biorxiv.org/content/biorxiv/early/2026/07/15/2026.07.13.738145.full.pdf",
        {"doi:10.1101/2026.07.13.738145", "doi:10.64898/2026.07.13.738145"},
    ),
]


@pytest.mark.parametrize(("url", "keys"), PAPER_URLS)
def test_work_keys_from_paper_urls(url: str, keys: set[str]) -> None:
    assert work_keys_from_url(url) == keys


NON_PAPER_URLS = [
    "https://github.com/CogStack/Foresight/tree/main",
    "https://huggingface.co/paige-ai/Virchow2",
    "https://huggingface.co/datasets/MahmoodLab/Patho-Bench",
    "https://drive.google.com/file/d/19Fu3dw3G4i2gPXijzrxfaQ2D_xcqNdNz/view?usp=sharing",
    "https://www.dropbox.com/scl/fo/i5rmxgtqzg7iykt2e9uqm/h?rlkey=o8hi0xads9ol07o48jdityzv1&dl=0",
    "https://hub.docker.com/r/chiefcontainer/chief",
    "https://paper.link",
]


@pytest.mark.parametrize("url", NON_PAPER_URLS)
def test_code_and_weight_links_name_no_work(url: str) -> None:
    assert work_keys_from_url(url) == set()


def test_a_markdown_link_does_not_leak_its_parenthesis_into_the_doi() -> None:
    assert (
        doi_from_url("(https://doi.org/10.1038/s41586-024-07441-w)") == "10.1038/s41586-024-07441-w"
    )


@pytest.mark.parametrize(
    ("url", "repo", "canonical"),
    [
        (
            "https://github.com/CogStack/Foresight/tree/main",
            "CogStack/Foresight",
            "https://github.com/CogStack/Foresight",
        ),
        (
            "https://github.com/AIM-Harvard/foundation-cancer-image-biomarker/tree/master",
            "AIM-Harvard/foundation-cancer-image-biomarker",
            "https://github.com/AIM-Harvard/foundation-cancer-image-biomarker",
        ),
        (
            "https://github.com/mahmoodlab/UNI",
            "mahmoodlab/UNI",
            "https://github.com/mahmoodlab/UNI",
        ),
        (
            "https://github.com/OmicsML/CellPLM.git",
            "OmicsML/CellPLM",
            "https://github.com/OmicsML/CellPLM",
        ),
        (
            "github.com/theislab/scConcept.",
            "theislab/scConcept",
            "https://github.com/theislab/scConcept",
        ),
        (
            "https://gitlab.com/group/tool/-/tree/main",
            "group/tool",
            "https://gitlab.com/group/tool",
        ),
        ("https://github.com/orgs/mahmoodlab", None, None),
        ("https://huggingface.co/MahmoodLab/uni", None, None),
    ],
)
def test_github_repositories(url: str, repo: str | None, canonical: str | None) -> None:
    assert github_repo(url) == repo
    assert code_url(url) == canonical


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/mahmoodlab/CONCH", "code"),
        ("https://huggingface.co/MahmoodLab/conch", "weights"),
        ("https://drive.google.com/file/d/1KRwXZgYterH895Z8EpXpR1L1eSMMJo4q/view", "weights"),
        ("https://www.dropbox.com/scl/fo/abc/h?rlkey=x&dl=0", "weights"),
        ("https://hub.docker.com/r/chiefcontainer/chief", "weights"),
        ("https://arxiv.org/pdf/2408.00738", "paper"),
        ("https://www.nature.com/articles/s41591-024-02856-4", "paper"),
        ("https://www.sciencedirect.com/science/article/pii/S1361841524001270", "paper"),
        ("https://openreview.net/forum?id=abc", "paper"),
        ("https://some-lab.example.edu/projects/model", "other"),
        ("https://github.com/org/repo", "placeholder"),
        ("https://huggingface.co/org/model", "placeholder"),
        ("https://paper.link", "placeholder"),
        ("https://example.com/paper", "placeholder"),
    ],
)
def test_link_kinds(url: str, kind: str) -> None:
    assert link_kind(url) == kind


def test_real_owners_named_like_placeholders_are_not_placeholders() -> None:
    assert not is_placeholder_url("https://github.com/org/real-project")
    assert not is_placeholder_url("https://huggingface.co/MahmoodLab/model")
    assert is_placeholder_url("https://github.com/owner/repo")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2408.00738v2", ("2408.00738", 2)),
        ("2408.00738", ("2408.00738", None)),
        ("1501.0001v1", ("1501.0001", 1)),
        ("q-bio/0601001v3", ("q-bio/0601001", 3)),
        ("math.GT/0309136", ("math/0309136", None)),
    ],
)
def test_split_arxiv_version(raw: str, expected: tuple[str, int | None]) -> None:
    assert split_arxiv_version(raw) == expected


def test_split_arxiv_version_rejects_non_ids() -> None:
    with pytest.raises(ValueError, match="not an arXiv id"):
        split_arxiv_version("10.1101/2023.10.03.560734")


def test_arxiv_ids_only_from_arxiv_links() -> None:
    assert arxiv_id_from_url("https://arxiv.org/abs/2501.16652v3") == "2501.16652"
    assert arxiv_id_from_url("https://doi.org/10.48550/arXiv.2502.06750") == "2502.06750"
    assert arxiv_id_from_url("https://example.org/2405.10254") is None


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("https://doi.org/10.1101/2023.10.03.560734v1", "10.1101/2023.10.03.560734"),
        ("doi: 10.1038/S41592-024-02305-7.", "10.1038/s41592-024-02305-7"),
        ("10.1101/2023.10.03.560734v1.full.pdf", "10.1101/2023.10.03.560734"),
        ("not a doi", None),
    ],
)
def test_normalize_doi(raw: str, doi: str | None) -> None:
    assert normalize_doi(raw) == doi


def test_work_keys_from_record_fields_agree_with_links() -> None:
    keys = work_keys(arxiv_id="2408.00738v1", doi="10.48550/arXiv.2408.00738", published_doi=None)
    assert keys == {"arxiv:2408.00738"}
    keys = work_keys(doi="10.1101/2023.10.03.560734v2", published_doi="https://doi.org/10.1038/X1")
    assert keys == {"doi:10.1101/2023.10.03.560734", "doi:10.1038/x1"}


def test_preprint_keys() -> None:
    assert is_preprint_key("arxiv:2408.00738")
    assert is_preprint_key("doi:10.1101/2023.10.03.560734")
    assert is_preprint_key("doi:10.64898/2025.11.03.686123")
    assert not is_preprint_key("doi:10.1038/s41586-024-07441-w")
    assert not is_preprint_key("pii:s2589750024000256")


def test_tracking_noise_is_found_and_stripped_without_touching_the_rest() -> None:
    url = "https://www.sciencedirect.com/science/article/pii/S2589750024000256?pes=vor&utm_source=chemport&getft_integrator=chemport"
    assert tracking_noise(url) == ["pes=vor", "utm_source=chemport", "getft_integrator=chemport"]
    assert (
        strip_tracking(url) == "https://www.sciencedirect.com/science/article/pii/S2589750024000256"
    )
    nature = "https://www.nature.com/articles/s41586-023-05881-4?fromPaywallRec=false#Abs1"
    assert tracking_noise(nature) == ["fromPaywallRec=false", "#Abs1"]
    dropbox = "https://www.dropbox.com/scl/fo/i5rm/h?rlkey=o8hi%2Bx&dl=0"
    assert tracking_noise(dropbox) == []
    assert strip_tracking(dropbox) == dropbox


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "VIRCHOW2: SCALING SELF-SUPERVISED MIXED MAGNIFICATION MODELS IN PATHOLOGY",
            "Virchow2: Scaling Self-Supervised Mixed Magnification Models in Pathology",
        ),
        (
            "A vision–language foundation model for the generation of realistic chest X-ray images",
            "A vision-language foundation model for the generation of realistic chest x-ray images",
        ),
        (
            "<i>CellPLM</i>: Pre-training of Cell Language Model Beyond Single Cells",
            "CellPLM: Pre-training of Cell Language Model Beyond Single Cells",
        ),
        (
            "Caf\u00e9-scale $\\alpha$-synuclein imaging with \\textit{deep} learning",
            "Cafe-scale alpha-synuclein imaging with deep learning",
        ),
    ],
)
def test_normalize_title_ignores_case_markup_and_punctuation(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


@pytest.mark.parametrize(
    "title",
    [
        "Foundation models in medicine",
        "Generative artificial intelligence in medicine",
        "A survey of large language models for healthcare",
        "Deep learning",
        "",
    ],
)
def test_short_or_generic_titles_are_not_distinctive(title: str) -> None:
    assert not title_is_distinctive(normalize_title(title))
    assert not titles_match(title, title)


def test_titles_match_fuzzily_across_preprint_and_journal_spellings() -> None:
    assert titles_match(
        "SToFM: a Multi-scale Foundation Model for Spatial Transcriptomics",
        "SToFM: A multi-scale foundation model for spatial transcriptomics.",
    )
    assert titles_match(
        "Virchow2: Scaling Self-Supervised Mixed Magnification Models in Pathology",
        "VIRCHOW2: SCALING SELF-SUPERVISED MIXEDMAGNIFICATION MODELS IN PATHOLOGY",
    )
    assert not titles_match(
        "A foundation model for spatial proteomics",
        "A foundation model for spatial transcriptomics of the mouse brain",
    )
    assert not titles_match(
        "UNI: towards a general-purpose foundation model for computational pathology",
        "CONCH: a visual-language foundation model for computational pathology",
    )


def test_title_index_finds_near_duplicates_and_refuses_generic_titles() -> None:
    index: TitleIndex[str] = TitleIndex()
    assert index.add("A Foundation Model for Spatial Proteomics of human tissues", "KRONOS")
    assert index.add("Large-scale foundation model on single-cell transcriptomics", "scFoundation")
    assert not index.add("Foundation models in medicine", "generic")
    assert len(index) == 2
    found = index.find("Large scale foundation model on single cell transcriptomics.")
    assert found is not None and found[0] == "scFoundation"
    found = index.find("A foundation model for spatial proteomics of human tissue")
    assert found is not None and found[0] == "KRONOS" and 92 <= found[1] < 100
    assert index.find("Foundation models in medicine") is None
    assert index.find("A foundation model for retinal imaging in diabetic patients") is None


def test_title_index_only_compares_titles_sharing_a_rare_word() -> None:
    """Many catalog titles share "foundation model"; a query must not be compared with them all."""
    index: TitleIndex[int] = TitleIndex()
    for i in range(1000):
        index.add(f"Foundation model number{i} for pathology slides of organ{i}", i)
    calls = 0
    real_ratio = identity.fuzz.ratio

    def counting_ratio(*args: object, **kwargs: object) -> float:
        nonlocal calls
        calls += 1
        return float(real_ratio(*args, **kwargs))  # type: ignore[arg-type]

    try:
        identity.fuzz.ratio = counting_ratio  # type: ignore[assignment]
        found = index.find("Foundation model number517 for pathology slide of organ517")
    finally:
        identity.fuzz.ratio = real_ratio  # type: ignore[assignment]
    assert found is not None and found[0] == 517
    assert calls <= 5


def test_a_query_compares_with_a_bounded_number_of_titles_however_large_the_index() -> None:
    """Grouping a store's records asks the index once per record: if a query's comparisons grew
    with the index (words in up to 5 % of its titles were probed), grouping N records cost N²
    (80,000 records: 21 s). Here every word is in about 400 of 20,000 titles."""
    import random

    rng = random.Random(0)
    # (words without digits: titles whose numbers differ are never compared at all)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(500)]
    titles = [" ".join(rng.sample(vocabulary, 10)) for _ in range(20_000)]
    index: TitleIndex[int] = TitleIndex()
    for i, title in enumerate(titles):
        index.add(title, i)
    calls = 0
    real_ratio = identity.fuzz.ratio

    def counting_ratio(*args: object, **kwargs: object) -> float:
        nonlocal calls
        calls += 1
        return float(real_ratio(*args, **kwargs))  # type: ignore[arg-type]

    query = titles[4242] + "s"  # a plural: alike, not the same
    try:
        identity.fuzz.ratio = counting_ratio  # type: ignore[assignment]
        found = index.find(query)
    finally:
        identity.fuzz.ratio = real_ratio  # type: ignore[assignment]
    assert found is not None and found[0] == 4242
    assert calls <= 50  # (the titles holding two of its rarest words)


@pytest.mark.parametrize(
    "raw",
    [
        "doi.org/10.1038/s41586-023-05881-4",
        "www.doi.org/10.1038/s41586-023-05881-4",
        "https://www.doi.org/10.1038/s41586-023-05881-4",
        "dx.doi.org/10.1038/S41586-023-05881-4",
        "DOI 10.1038/s41586-023-05881-4",
    ],
)
def test_a_doi_field_holding_the_resolver_without_its_scheme_names_the_doi(raw: str) -> None:
    # (feeds and hand-made records write the resolver's host without "https://", or "DOI "
    # with no colon; such a record of a catalogued article must still give its DOI key)
    assert normalize_doi(raw) == "10.1038/s41586-023-05881-4"
    assert work_keys(doi=raw) == {"doi:10.1038/s41586-023-05881-4"}


def test_a_doi_with_control_characters_is_no_doi() -> None:
    """An escape sequence in a feed's DOI would reach a terminal (``fmwatch score`` prints link
    updates) or a catalog link: no real DOI has one."""
    assert normalize_doi("10.1038/s41592-024-02201-0\x1bc\x07") is None
    assert normalize_doi("10.1038/s41592-024-02201-0") == "10.1038/s41592-024-02201-0"


def test_an_arxiv_id_written_with_its_prefix_is_the_id() -> None:
    assert work_keys(arxiv_id="arXiv:2408.00738v2") == {"arxiv:2408.00738"}


@pytest.mark.parametrize("notice", ["Correction to", "Erratum to", "Retraction Note to"])
def test_springer_notices_are_never_their_paper(notice: str) -> None:
    title = "A visual-language foundation model for computational pathology"
    assert not titles_match(f"{notice}: {title}", title)


def test_cold_spring_harbor_journals_share_the_biorxiv_prefix_but_are_journals() -> None:
    from fmwatch.identity import is_journal_doi, keys_conflict

    assert is_journal_doi("10.1101/gr.278404.123") and is_journal_doi("10.1101/gad.351042.123")
    assert not is_journal_doi("10.1101/2023.10.03.560734") and not is_journal_doi("10.1101/622803")
    # a preprint and its Genome Research version are not two preprints
    assert not keys_conflict({"doi:10.1101/2023.10.03.560734"}, {"doi:10.1101/gr.278404.123"})
    assert keys_conflict({"doi:10.1101/2023.10.03.560734"}, {"doi:10.64898/2026.01.02.700001"})


@pytest.mark.parametrize("notice", ["Comment on", "Publisher's Note", "Erratum for"])
def test_more_notices_are_never_their_paper(notice: str) -> None:
    title = "A visual-language foundation model for computational pathology"
    assert not titles_match(f"{notice}: {title}", title)


def test_a_cold_spring_harbor_journal_article_is_no_preprint_key() -> None:
    assert not is_preprint_key("doi:10.1101/gr.278404.123")
    assert is_preprint_key("doi:10.1101/2023.10.03.560734") and is_preprint_key("arxiv:2401.00001")


@pytest.mark.parametrize(
    ("words", "digits", "same"),
    [
        (
            "Biomedical Foundation Model Trained from Fifteen Million Image–Text Pairs",
            "Biomedical foundation model trained from 15 million image-text pairs",
            True,
        ),
        (
            "Twelve-lead electrocardiogram foundation model for arrhythmia detection",
            "12-lead electrocardiogram foundation model for arrhythmia detection",
            True,
        ),
        (
            "Biomedical foundation model trained from fifteen million image-text pairs",
            "Biomedical foundation model trained from 16 million image-text pairs",
            False,
        ),
        (
            "Fifty thousand whole-slide images pretrain a colorectal cancer foundation model",
            "Forty thousand whole-slide images pretrain a colorectal cancer foundation model",
            False,
        ),
    ],
)
def test_a_number_from_eleven_up_spelt_out_is_its_digits(
    words: str, digits: str, same: bool
) -> None:
    # (one side spells the number, the other writes it: one title, unless the numbers differ)
    assert titles_match(words, digits) is same
