"""The figures curators put in a catalog note, pulled out of an abstract by regular expressions.

Curators' notes state the training-data scale (whole-slide images, images, cells, patients,
image–text pairs, tokens…), the number of tissues or organs, the model size (parameters, an
architecture such as ViT-L) and the number and kind of downstream tasks. A draft note is built
from those figures *as the abstract states them*: every fact is a phrase matched in the text,
quoted with its own number, so nothing is ever invented. When the abstract gives no figure the
note falls back to the abstract's first sentence; with no abstract it is empty (the row shows
"-").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundreds|thousands|millions"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:[,\u2009\u202f ]\d{{3}})+|\d+(?:\.\d+)?|{_NUMBER_WORDS})"
    r"(?:\s*(?:million|billion|thousand|trillion|[MBK])\b)?\+?"
)
_QUALIFIER = r"(?:(?:more than|over|nearly|about|approximately|around|up to|>|~)\s+)?"
_FILLER = r"(?:[\w\-–×]+\s+){0,4}?"

_DATA_UNITS = (
    r"whole[- ]slide images?|whole slides|WSIs|slides|image[- –]text pairs|image[- –]caption pairs|"
    r"image[- –]report pairs|images|image tiles|tiles|patches|cells|single[- ]cell transcriptomes|"
    r"transcriptomes|patients|participants|individuals|studies|scans|volumes|radiographs|"
    r"X-rays|ECGs|electrocardiograms|recordings|clinical notes|notes|reports|tokens|sequences|"
    r"proteins|genomes|samples|cases|videos|frames|articles|papers"
)
_DATA_RE = re.compile(rf"\b{_QUALIFIER}{_NUM}\s+{_FILLER}(?:{_DATA_UNITS})\b", re.IGNORECASE)
_TISSUE_RE = re.compile(
    rf"\b{_NUM}\s+(?:distinct\s+|major\s+|different\s+|diverse\s+|human\s+)*"
    r"(?:tissue types|tissues|organs|organ types|anatomical sites|anatomic sites|body parts|"
    r"cancer types|tumou?r types|species)\b",
    re.IGNORECASE,
)
_PARAMS_RE = re.compile(rf"\b{_NUM}[- ]?(?:parameters?|params)\b", re.IGNORECASE)
_ARCH_RE = re.compile(r"\bViT-(?:[SBLHGg]|Base|Large|Huge|giant)(?:/\d+)?(?:-reg\d+)?\b")
_TASKS_RE = re.compile(
    rf"\b{_NUM}\s+(?:\w+[- ]){{0,3}}?"
    r"(?:tasks|benchmarks|clinical tasks|downstream tasks|datasets)\b",
    re.IGNORECASE,
)
_TASK_KINDS = (
    "classification",
    "segmentation",
    "detection",
    "retrieval",
    "report generation",
    "captioning",
    "visual question answering",
    "question answering",
    "survival prediction",
    "prognosis",
    "biomarker prediction",
    "mutation prediction",
    "grading",
    "subtyping",
    "registration",
    "reconstruction",
    "cell type annotation",
    "perturbation prediction",
    "gene expression prediction",
    "zero-shot",
    "few-shot",
)
_KIND_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _TASK_KINDS) + r")\b", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"(.+?[.!?])(?:\s+[A-Z]|\s*$)", re.DOTALL)


@dataclass(slots=True)
class NoteFacts:
    """Each list holds phrases exactly as the abstract gives them (whitespace normalised)."""

    data: list[str] = field(default_factory=list)
    tissues: list[str] = field(default_factory=list)
    size: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    task_kinds: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.data or self.tissues or self.size or self.tasks)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _unique(items: list[str], limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        key = item.lower()
        if not any(key in other.lower() for other in seen if other.lower() != key):
            seen.setdefault(item, None)
    return list(seen)[:limit]


def extract(abstract: str | None) -> NoteFacts:
    """The note-worthy figures an abstract states; empty when it states none."""
    facts = NoteFacts()
    if not abstract:
        return facts
    text = _clean(abstract)
    facts.data = _unique([_clean(m.group(0)) for m in _DATA_RE.finditer(text)], 3)
    facts.tissues = _unique([_clean(m.group(0)) for m in _TISSUE_RE.finditer(text)], 2)
    size = [_clean(m.group(0)) for m in _ARCH_RE.finditer(text)]
    size += [_clean(m.group(0)) for m in _PARAMS_RE.finditer(text)]
    facts.size = _unique(size, 3)
    facts.tasks = _unique([_clean(m.group(0)) for m in _TASKS_RE.finditer(text)], 2)
    kinds = [m.group(1).lower() for m in _KIND_RE.finditer(text)]
    facts.task_kinds = list(dict.fromkeys(kinds))[:4]
    # A tissue phrase is not a data phrase, and vice versa.
    facts.data = [d for d in facts.data if d not in facts.tissues]
    return facts


def first_sentence(abstract: str | None, limit: int = 220) -> str:
    if not abstract:
        return ""
    text = _clean(abstract)
    match = _SENTENCE_RE.match(text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def build_note(abstract: str | None) -> str:
    """A note in the catalog's style: figures first; else the first sentence; else ""."""
    facts = extract(abstract)
    if not facts:
        return first_sentence(abstract)
    parts: list[str] = []
    if facts.data:
        parts.append("Trained on " + ", ".join(facts.data))
    if facts.tissues:
        parts.append(", ".join(facts.tissues))
    if facts.size:
        parts.append("model: " + ", ".join(facts.size))
    if facts.tasks:
        tasks = ", ".join(facts.tasks)
        if facts.task_kinds:
            tasks += " (" + ", ".join(facts.task_kinds) + ")"
        parts.append("evaluated on " + tasks)
    elif facts.task_kinds:
        parts.append("tasks: " + ", ".join(facts.task_kinds))
    note = "; ".join(parts)
    return note[0].upper() + note[1:] + "."
