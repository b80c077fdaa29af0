"""Cleaning the title and abstract text that sources deliver.

Sources hand us text in four dialects at once: arXiv writes LaTeX (``$\\alpha$-helix``,
``\\emph{in vivo}``, ``Schr\\"odinger``) and hard-wraps abstracts; Nature puts HTML inside CDATA
titles (``S<sub>N</sub>2``, ``&#xa0;``); publishers embed MathML; bioRxiv's API flattens small
capitals into ``O_SCPLOW…C_SCPLOW`` markers. Scoring, title matching and the catalog all want one
plain, readable Unicode string, so every source runs its text through :func:`clean_text`.

Why hand-written regular expressions rather than an HTML or LaTeX library: the input is untrusted
and arbitrary, so cleaning must never raise and must stay linear in the input size (no nested
quantifiers that can backtrack), and at ingest volumes (tens of thousands of abstracts per run) it
must be cheap; each step is skipped when its trigger character is absent. Only an allow-list of
HTML/MathML/JATS tag names is removed, so prose such as ``p<0.05 and q>1`` survives intact.
The result is plain text, not markup: whoever renders it must still escape it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SCPLOW_RE = re.compile(r"[OC]_SCPLOW")

# Tags removed (their text kept). Anything else that looks like a tag is left alone.
_TAG_NAMES = (
    "a|abbr|b|big|bold|br|cite|code|del|div|em|font|h[1-6]|i|ins|italic|li|ol|p|q|s|sc|small|"
    "span|strike|strong|sub|sup|tt|u|ul|"
    "inline-formula|disp-formula|tex-math|alternatives|label|title|sec|"
    "math|mi|mn|mo|ms|mtext|mrow|msub|msup|msubsup|mfrac|msqrt|mroot|mstyle|mspace|mover|"
    "munder|munderover|mtable|mtr|mtd|mfenced|menclose|mpadded|mphantom|semantics"
)
_TAG_RE = re.compile(
    rf"</?(?:[A-Za-z][\w-]{{0,20}}:)?(?:{_TAG_NAMES})"
    r"(?:\s+[\w:.-]{1,40}\s*=\s*(?:\"[^\"<>]{0,500}\"|'[^'<>]{0,500}'|[^\s\"'<>]{1,500})){0,20}\s*/?>",
    re.IGNORECASE,
)
# MathML annotations repeat the formula as TeX or MathML source: drop them with their content.
_ANNOTATION_RE = re.compile(
    r"<(?:[A-Za-z][\w-]{0,20}:)?annotation(?:-xml)?(?:\s[^<>]{0,2000})?>[^<]{0,5000}"
    r"</(?:[A-Za-z][\w-]{0,20}:)?annotation(?:-xml)?>",
    re.IGNORECASE,
)

_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
# \"o  \"{o}  {\"o}  \c{c}  \v s   (letter accents need a brace or a space before the letter)
_ACCENT_RE = re.compile(
    r"\{?\\(?:([\"'`^~=.])\s?\{?([A-Za-z]|\\i|\\j)\}?|([cvuHkr])(?:\{([A-Za-z]|\\i|\\j)\}|\s([A-Za-z])))\}?"
)
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
}
_LETTER_RE = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|[oOlLi])(?![A-Za-z])\}?")
_SYMBOLS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "times": "×",
    "pm": "±",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "approx": "≈",
    "sim": "~",
    "cdot": "·",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "sqrt": "√",
    "sum": "∑",
    "in": "∈",
    "partial": "∂",
    "nabla": "∇",
    "circ": "°",
    "ldots": "…",
    "dots": "…",
    "cdots": "…",
    "%": "%",
    "&": "&",
    "_": "_",
    "$": "$",
    "#": "#",
    "{": "{",
    "}": "}",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "textasciitilde": "~",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "colon": ":",
    "subset": "⊂",
    "subseteq": "⊆",
    "supset": "⊃",
    "cup": "∪",
    "cap": "∩",
    "ell": "ℓ",
    "mid": "|",
    "|": "‖",
    "prod": "∏",
    "int": "∫",
    "forall": "∀",
    "exists": "∃",
    "propto": "∝",
    "ll": "≪",
    "gg": "≫",
    "lesssim": "≲",
    "gtrsim": "≳",
    "Rightarrow": "⇒",
    "mapsto": "↦",
    "quad": " ",
    "qquad": " ",
}
#: Symbols written with spaces around them: relations and binary operators.
_RELATIONS = frozenset("∈⊂⊆⊃≤≥≠≈→←×±·∪∩≪≫∝⇒↦≲≳~|:")
#: In mathematics: operator names read as words (the space the command ate is put back), and
#: accents and font switches written without braces ("\tilde O", "\mathbb R", "\mathbfθ"),
#: which carry no text of their own.
_MATH_WORDS = {
    name: f" {name} "
    for name in (
        "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "sup", "inf", "lim", "det",
        "arg", "argmax", "argmin", "dim", "ker", "Pr", "deg", "gcd",
    )
}  # fmt: skip
_MATH_SILENT = frozenset(
    (
        "tilde", "widetilde", "hat", "widehat", "bar", "overline", "vec", "dot", "ddot",
        "left", "right", "big", "Big", "bigg", "Bigg", "displaystyle", "textstyle",
        "mathbb", "mathbf", "mathcal", "mathrm", "mathit", "mathsf", "mathfrak", "boldsymbol",
        "bm", "operatorname", "limits", "nolimits",
    )
)  # fmt: skip
_WRAPPERS = (
    "emph|textbf|textit|textrm|textsf|texttt|textsc|textup|textnormal|text|mathrm|mathbf|"
    "mathit|mathsf|mathtt|mathcal|mathbb|mathfrak|boldsymbol|bm|operatorname|underline|mbox|"
    "hbox|url|it|bf|rm|sc|tt|em"
)
_WRAPPER_RE = re.compile(rf"\\(?:{_WRAPPERS})\s*\{{([^{{}}]{{0,2000}})\}}")
_OLD_STYLE_RE = re.compile(r"\{\\(?:it|bf|em|rm|sc|tt|sl)\s+([^{}]{0,2000})\}")
_HREF_RE = re.compile(r"\\href\s*\{([^{}]{0,2000})\}\s*\{([^{}]{0,2000})\}")
_COMMAND_RE = re.compile(r"\\(?:([A-Za-z]+)\s?|([%&_$#{},;:! |]))")
_MATH_RE = re.compile(r"(?<!\\)\$\$?([^$]{1,2000}?)\$\$?")
#: Display and inline maths written with delimiters: \[ … \] and \( … \)
_DELIMITED_MATH_RE = re.compile(r"\\\[(.{1,2000}?)\\\]|\\\((.{1,2000}?)\\\)", re.DOTALL)
_AFTER_BRACKET_RE = re.compile(r"\(\s+")
_BEFORE_BRACKET_RE = re.compile(r"(\w) +\(")
_SQRT_RE = re.compile(r"\\sqrt\s*\{([^{}]{0,200})\}")
_FRAC_RE = re.compile(r"\\[dt]?frac\s*\{([^{}]{0,200})\}\s*\{([^{}]{0,200})\}")
#: "of~$X$", "Fig.~3", "Gemini~2.5~Pro": a tie (a space that does not break); not
#: "approximately" ("~30%") nor a range ("5~10")
_TIE_RE = re.compile(r"(?<=[A-Za-z.,)\]])~(?=[A-Za-z0-9$\\(\[])|(?<=[0-9])~(?=[A-Za-z\[])")
_SCRIPT_RE = re.compile(r"([_^])\{([^{}]{0,200})\}")
_BRACES_RE = re.compile(r"(?<!\\)[{}]")


#: bioRxiv's and medRxiv's API writes some characters as a name in braces:
#: "cystathionine-{beta}-synthase", "adjusted {beta} = 0.01", "10 {micro}M", "37{degrees}C"
_PLACEHOLDERS = {
    # (the Greek letters only: "{in}" or "{to}" are words in braces, not placeholders)
    **{name: sym for name, sym in _SYMBOLS.items() if "\u0391" <= sym <= "\u03c9"},
    "micro": "μ",
    "degrees": "°",
    "deg": "°",
    "plusmn": "±",
    "middot": "·",
    "minus": "−",
    "le": "≤",
    "ge": "≥",
}
#: (not right after a command's name: "\\emph{beta}" is LaTeX, read by strip_latex)
_PLACEHOLDER_RE = re.compile(
    r"(?<![A-Za-z\\])\{(" + "|".join(sorted(_PLACEHOLDERS, key=len, reverse=True)) + r")\}"
)


def _placeholder(match: re.Match[str]) -> str:
    return _PLACEHOLDERS[match.group(1)]


def _accent(match: re.Match[str]) -> str:
    mark = match.group(1) or match.group(3)
    letter = match.group(2) or match.group(4) or match.group(5) or ""
    if letter in ("\\i", "\\j"):
        letter = letter[1]
    return unicodedata.normalize("NFC", letter + _COMBINING[mark])


def _math(match: re.Match[str]) -> str:
    """One maths span as plain text: "$10^{6}$" -> "10^6", "$O(N^{2}\\log n)$" -> "O(N^2 log
    n)", "$\\frac{a}{b}$" -> "a/b"; a leading superscript is a prefix ("$^{18}$F" -> "18F")."""
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    for _ in range(3):  # innermost groups first: "\\frac{\\sqrt{n}}{x^{2}}"
        new = _SQRT_RE.sub(r"√\1", inner)
        new = _SCRIPT_RE.sub(_script, new)
        new = _FRAC_RE.sub(_fraction, new)
        new = _WRAPPER_RE.sub(r"\1", new)
        if new == inner:
            break
        inner = new
    inner = _COMMAND_RE.sub(_math_command, inner)
    inner = _BRACES_RE.sub("", inner)
    if "(" in inner:  # "O( log n)" and "exp (-x)": an operator word keeps to its bracket
        inner = _AFTER_BRACKET_RE.sub("(", _BEFORE_BRACKET_RE.sub(r"\1(", inner))
    return inner.strip()


def _fraction(match: re.Match[str]) -> str:
    top, bottom = match.group(1).strip(), match.group(2).strip()
    return f"{_grouped(top)}/{_grouped(bottom)}"


def _grouped(text: str) -> str:
    """``text`` as one operand: bracketed when it is more than one plain token."""
    plain = text.replace("\\", "").replace("-", "").replace(".", "")
    return text if plain.isalnum() or not text else f"({text})"


def _script(match: re.Match[str]) -> str:
    marker, body = match.group(1), match.group(2).strip()
    if match.start() == 0 and marker == "^":
        return body  # an isotope's or a footnote's prefix: "$^{18}$F" is 18F
    return marker + _grouped(body)


def _math_command(match: re.Match[str]) -> str:
    name = match.group(1) or match.group(2)
    if name in _MATH_WORDS:
        return _MATH_WORDS[name]
    if name in _MATH_SILENT:
        return ""
    symbol = _SYMBOLS.get(name, name)
    # a relation keeps the space its name ended with ("x \\in S" is "x ∈ S"); elsewhere that
    # space only ends the name ("\\nabla f" is "∇f")
    return symbol + " " if symbol in _RELATIONS and match.group(0)[-1].isspace() else symbol


def _command(match: re.Match[str]) -> str:
    name = match.group(1) or match.group(2)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    # An unknown command (\cite, \label, \newline...) carries no readable text.
    return " "


def strip_latex(text: str) -> str:
    """LaTeX markup to Unicode text; unknown commands vanish, their brace groups stay as text."""
    if "\\" not in text and "$" not in text and "{" not in text and "~" not in text:
        return text
    if "\\" in text:
        text = _ACCENT_RE.sub(_accent, text)
        text = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], text)
        text = _HREF_RE.sub(r"\2", text)
        for _ in range(3):  # nested wrappers: \textbf{\emph{x}}
            new = _WRAPPER_RE.sub(r"\1", text)
            new = _OLD_STYLE_RE.sub(r"\1", new)
            if new == text:
                break
            text = new
    if "~" in text:
        text = _TIE_RE.sub(" ", text)
    if "\\[" in text or "\\(" in text:
        text = _DELIMITED_MATH_RE.sub(_math, text)
    if "$" in text:
        text = _MATH_RE.sub(_math, text)
    if "\\" in text:
        text = _COMMAND_RE.sub(_command, text)
    return _BRACES_RE.sub("", text) if "{" in text or "}" in text else text


_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def strip_html(text: str) -> str:
    """HTML, MathML and JATS markup to text; entities decoded; unknown ``<…>`` left as prose."""
    if "&" in text:
        # only entities closed by ";": html.unescape alone also reads "&copy 2024" and "a&not b"
        # (HTML5's legacy names without a semicolon) as © and ¬, which prose never means
        text = _ENTITY_RE.sub(_entity, text)
    if "<" in text:
        text = _ANNOTATION_RE.sub(" ", text)
        text = _TAG_RE.sub(_tag_space, text)
    return text


#: Tags that separate words: Europe PMC heads an abstract's parts with ``<h4>``, JATS with
#: ``<title>`` inside ``<sec>``.
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "mtr", "mtd", "h1", "h2", "h3", "h4", "h5", "h6", "sec",
     "title"}
)  # fmt: skip


def _tag_space(match: re.Match[str]) -> str:
    # Inline tags (sub, sup, i...) glue to their neighbours: S<sub>N</sub>2 is SN2. Block tags
    # and line breaks separate words.
    name = match.group(0).lstrip("</").split(">")[0].split()[0].rstrip("/").lower()
    name = name.split(":")[-1]
    return " " if name in _BLOCK_TAGS else ""


#: Markup with no prose in it: scripts and styles with their content, and comments.
_NOT_PROSE_RE = re.compile(
    r"<(script|style)\b[^<>]{0,500}>.{0,20000}?</\1\s*>|<!--.{0,20000}?-->",
    re.IGNORECASE | re.DOTALL,
)
#: A tag :data:`_TAG_RE` does not know (which :func:`clean_text` keeps as text: "a <b" is prose).
_OTHER_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,500}>")


def clean_html(text: str | None) -> str:
    """:func:`clean_text` for a field that is HTML whatever it holds (a feed's
    ``content:encoded``): scripts, styles and comments go with their content, and a tag
    :func:`clean_text` does not know separates words instead of staying as text."""
    if not text:
        return ""
    text = _NOT_PROSE_RE.sub(" ", text)
    text = _TAG_RE.sub(_tag_space, text)
    return clean_text(_OTHER_TAG_RE.sub(" ", text))


def clean_text(text: str | None) -> str:
    """One line of readable Unicode text from a source's title or abstract (``None`` → ``""``).

    Order matters: entities first (so ``&lt;i&gt;`` is handled like ``<i>``), then markup,
    then LaTeX, then whitespace and Unicode normalisation.
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if "SCPLOW" in text:
        text = _SCPLOW_RE.sub("", text)
    if "{" in text:
        text = _PLACEHOLDER_RE.sub(_placeholder, text)
    text = strip_html(text)
    text = strip_latex(text)
    if not text.isprintable():  # control characters (newlines and tabs are handled below)
        text = _CONTROL_RE.sub("", text)
        # a lone surrogate (a "\ud800" escape in a JSON feed) cannot be stored or written as
        # UTF-8: it becomes the replacement character, as an undecodable byte does
        text = without_surrogates(text)
    if not text.isascii():
        text = text.replace("\ufeff", "")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    # str.split() splits on every Unicode space (NBSP included) and is faster than a regex.
    return " ".join(text.split())


def without_surrogates(value: Any) -> Any:
    """``value`` (text, or JSON data: lists and dicts of it) with every lone surrogate replaced
    by U+FFFD. A JSON feed may escape one ("\\ud800"); Python reads it into a string that
    SQLite and UTF-8 files refuse, which would lose the record or the whole page."""
    if isinstance(value, str):
        return value if value.isascii() else _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def printable_line(value: object) -> str:
    """One line of printable text: no controls (NUL, ESC, CR…), no bidi overrides or other
    invisible format characters (the word joiner that neutralises @mentions is kept)."""
    text = " ".join(str(value if value is not None else "").split())
    if not text.isprintable():
        text = "".join(ch for ch in text if is_shown(ch))
    return text


def is_shown(ch: str) -> bool:
    """A printable character, or the word joiner that neutralises @mentions."""
    return ch.isprintable() or ch == "\u2060"


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"
