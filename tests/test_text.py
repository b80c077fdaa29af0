"""Title/abstract cleaning: golden cases, and robustness on huge or hostile input."""

from __future__ import annotations

import pytest

from fmwatch.text import clean_text, strip_html, strip_latex


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Deep\n  learning\tfor   cells ", "Deep learning for cells"),
        ("Catalysis of an S<sub>N</sub>2 pathway", "Catalysis of an SN2 pathway"),
        (
            "Psilocybin desynchronizes the&#xa0;human brain",
            "Psilocybin desynchronizes the human brain",
        ),
        ("Protein <i>trans</i>-splicing", "Protein trans-splicing"),
        ("AI &amp; robotics", "AI & robotics"),
        # only entities closed by ";" are read: HTML5's legacy names without one are prose
        ("a&not b, &copy 2024, R&D; &#955; and &#x3bb;", "a&not b, &copy 2024, R&D; λ and λ"),
        ("&lt;i&gt;in vivo&lt;/i&gt; imaging", "in vivo imaging"),
        ('<a href="https://x.org/?a=1&amp;b=2">link</a> text', "link text"),
        ("first<p>second</p>third<br/>fourth", "first second third fourth"),
        ("p<0.05 and q>1; a<b and c>d", "p<0.05 and q>1; a<b and c>d"),
        ("Schr\\\"odinger and {\\\"o} and \\'{e}t\\'e", "Schrödinger and ö and été"),
        ("Fran\\c{c}ois and \\v{S}koda and Erd\\H{o}s", "François and Škoda and Erdős"),
        ("Stra\\ss{}e and \\o{}re", "Straße and øre"),
        ("\\emph{in vivo} and \\textbf{\\textit{bold}}", "in vivo and bold"),
        ("$\\alpha$-helix and $^{18}$F-FDG", "α-helix and 18F-FDG"),
        # an exponent stays one: "10^6", never the number 106
        ("$\\mathrm{PathoFM}$: $10^{6}$ slides", "PathoFM: 10^6 slides"),
        # maths as arXiv abstracts write it (arXiv 2007.09895, 1009.3186, 2405.11454, 2507.16734)
        ("$\\tilde{O}(\\varepsilon^{-2})$ samples", "O(ε^-2) samples"),
        ("$O(K^2\\log{(N/K)}/p^3)$", "O(K^2 log(N/K)/p^3)"),
        ("$O(\\log n)$ and $\\exp(-x)$", "O(log n) and exp(-x)"),
        ("$f\\colon\\mathbb R^n\\to\\mathbb R$", "f:R^n→R"),
        ("$\\mathbfθ \\in Γ\\subset \\ell_2$", "θ ∈ Γ⊂ ℓ_2"),
        ("\\[ \\Theta ( \\frac{\\sqrt{n}}{\\varepsilon_2^2} + n ) \\]", "Θ((√n)/(ε_2^2) + n )"),
        ("in $\\|\\nabla f(x)\\|$ and $O(n \\log n)$ time", "in ‖∇f(x)‖ and O(n log n) time"),
        (
            "the index set of~$X$ (Fig.~3), ~30% of cells",
            "the index set of X (Fig. 3), ~30% of cells",
        ),
        (
            "Bu~and~Tao~[FOCS 2025] on Gemini~2.5~Pro, 5~10 times",
            "Bu and Tao [FOCS 2025] on Gemini 2.5 Pro, 5~10 times",
        ),
        # bioRxiv's names in braces (10.1101/2025.04.11.648403; a medRxiv abstract)
        (
            "cystathionine-{beta}-synthase and adjusted {beta} = 0.01",
            "cystathionine-β-synthase and adjusted β = 0.01",
        ),
        ("10 {micro}M at 37{degrees}C, {Delta}G", "10 μM at 37°C, ΔG"),
        ("\\emph{beta} and a {set} of", "beta and a set of"),
        ("100\\% of $\\sim$10\\,000 cells", "100% of ~10 000 cells"),
        ("\\href{https://x.org}{our code}", "our code"),
        (
            "<mml:math><mml:mi>x</mml:mi><mml:mo>+</mml:mo><mml:mn>1</mml:mn>"
            "<mml:annotation encoding='application/x-tex'>x+1</mml:annotation></mml:math> term",
            "x+1 term",
        ),
        ("<math><semantics><mi>β</mi></semantics></math>-cells", "β-cells"),
        ("GO_SCPLOWRAC_SCPLOWNPA method", "GRANPA method"),
        ("e\u0301te\u0301", "été"),
        ("ctrl\x00chars\x07here", "ctrlcharshere"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_no_text_cleans_to_empty() -> None:
    assert clean_text(None) == ""
    assert clean_text("  \n ") == ""


@pytest.mark.parametrize(
    "hostile",
    [
        "\\" * 200_000,
        "$" * 200_001,
        "<" * 200_000 + ">" * 200_000,
        "{" * 100_000 + "}" * 50_000,
        "<i " * 100_000,
        '<a href="' * 50_000,
        "&" * 100_000 + "#" * 10,
        "\\textbf{" * 50_000,
        "$\\frac{" * 30_000,
        "\U0010ffff\ud7ff" * 10_000,
    ],
)
def test_hostile_input_never_crashes(hostile: str) -> None:
    result = clean_text(hostile)
    assert isinstance(result, str)
    assert "\n" not in result


def test_huge_abstract_is_cleaned_whole() -> None:
    text = ("We study $\\alpha$ cells <sub>in vivo</sub>. " * 20_000).strip()
    cleaned = clean_text(text)
    assert cleaned.count("α cells in vivo.") == 20_000


def test_parts_are_usable_alone() -> None:
    assert strip_latex("plain text") == "plain text"
    assert strip_html("x<unknown>y") == "x<unknown>y"


def test_lone_surrogates_become_the_replacement_character() -> None:
    from fmwatch.text import without_surrogates

    assert clean_text("a\ud800b \U0001f600") == "a\ufffdb \U0001f600"
    data = {"t": ["x\udfff", {"k\ud800": "ok"}], "n": 1}
    assert without_surrogates(data) == {"t": ["x\ufffd", {"k\ufffd": "ok"}], "n": 1}


def test_clean_html_drops_what_is_not_prose_and_treats_every_tag_as_markup() -> None:
    """For a field that is HTML whatever it holds: scripts, styles and comments go with their
    content, known tags behave as in clean_text (inline ones glue), and an unknown tag is a
    word gap, where clean_text keeps it as text."""
    from fmwatch.text import clean_html

    raw = (
        "<script>alert(1)</script><style>p{}</style>S<sub>N</sub>2 trained on <i>30</i> "
        "million cells<!-- x --><img src=x alt=y>&amp; more<widget>here"
    )
    assert clean_html(raw) == "SN2 trained on 30 million cells & more here"
    assert clean_html(None) == clean_html("") == ""
    assert clean_text("cells<widget>here") == "cells<widget>here"
