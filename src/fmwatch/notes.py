"""The figures curators put in a catalog note, pulled out of an abstract by regular expressions.

Curators' notes state the training-data scale (whole-slide images, images, cells, patients,
image–text pairs, tokens…), the number of tissues, organs or cancer types, the model size
(parameters, an architecture such as ViT-L) and the number and kind of downstream tasks. A draft
note is built from those figures *as the abstract states them*: every figure is a phrase matched
in the text and quoted with its own number and qualifier ("more than 30,000 patients", "about a
hundred thousand breast whole-slide images", "10–20 million cells"), so nothing is invented and
nothing is rounded.

Why the surrounding sentence matters: "2,000 patients" may be what a model was trained on or
what it was validated on. A figure is called training data only when the sentence says so
(pretrained, trained, curated…); evaluation cues (evaluated, validated, external…) put it with
the tasks; a figure with no cue is listed as plain data rather than guessed at.

Vague quantities ("dozens of", "thousands of", "several million") are not figures. A figure is
recognised in digits ("60,530", "1.3", "47k", "15M", "1.3B"), with scale words ("3.1 million",
"300-million-parameter"), in words ("two million", "a hundred thousand", "half a million"), as a
range ("10–20 million", "between 5 and 10 thousand") and with a qualifier ("more than", "over",
"about", "~"). Image sizes ("256 × 256 patches") and context lengths ("2,048 tokens") are not
data scale.

When the abstract states no figure, the note says what is known without pretending more: the
domain and kind of model from the title, abstract and section, e.g. "Pathology foundation
model."; what it lacks ("no training-data figures in the abstract") is said to the curator in the
pull request, not written into the public catalog. Reviews get no note (the catalog leaves them
"-").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Abstracts longer than this are read in their first part only (untrusted input, linear cost).
MAX_CHARS = 20_000
#: How far (characters) a training/evaluation cue may be from its figure, and how many figures
#: of one kind are looked at: real abstracts need far less; hostile ones stay cheap.
_CUE_WINDOW = 200
_MAX_FIGURES = 40

_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES})"
_SCALE_WORD = "thousand|million|billion|trillion"
# "a hundred thousand", "two million", "half a million", "twelve"; never "a few" or "hundreds of".
_WORD_NUMBER = (
    rf"(?:(?:a|one|{_SMALL})\s+hundred(?:\s+(?:{_SCALE_WORD}))?"
    rf"|(?:half\s+a|a|{_SMALL})\s+(?:{_SCALE_WORD})"
    rf"|{_SMALL})"
)
_DIGIT_NUMBER = (
    r"(?:\d{1,3}(?:[,\u2009\u202f]\d{3})+|\d+(?:\.\d+)?)"
    rf"(?:[\s-]*(?:{_SCALE_WORD})\b|[kKMB]\b)?"
)
# A figure never starts inside a word or an identifier: "COVID-19 patients" is not 19 patients.
_NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})\b\+?"
_RANGE = (
    rf"(?<![\w\-./,])(?:between\s+{_NUMBER}\s+and\s+{_NUMBER}"
    rf"|{_NUMBER}(?:\s*(?:–|—|-|to)\s*{_NUMBER})?)"
)
_QUALIFIER = (
    r"(?:(?:more than|over|nearly|almost|about|approximately|around|roughly|up to|at least|"
    r"some|an estimated|>|≥|~|≈)\s*)?"
)
_FIGURE = rf"(?P<q>{_QUALIFIER})(?P<n>{_RANGE})"
# Up to seven words between a figure and its unit ("1.3 billion 256 × 256 pathology image tiles"),
# but never another figure or a clause ("In 2023 we collected 1,200 scans" is 1,200 scans).
_FILLER_STOP = (
    r"(?:we|our|was|were|is|are|be|been|has|have|had|to|by|on|at|which|that|than|into|per|with)\b"
)
_FILLER_WORD = r"(?:\d+\s*[×x]\s*\d+|[^\W\d][\w\-–&()]*|\([\w\-–&]+\)[\w\-–]*)"
_FILLER = rf"(?:(?!{_FILLER_STOP}){_FILLER_WORD}\s+){{0,7}}?"

_DATA_UNITS = (
    r"whole[- ]slide images?|whole slides|WSIs|slides|tissue sections|sections|"
    r"image[- –]text pairs|image[- –]caption pairs|image[- –]report pairs|pairs|"
    r"images|image tiles|tiles|patches|crops|cells|transcriptomes|spots|"
    r"patients|participants|individuals|subjects|people|donors|"
    r"studies|scans|volumes|radiographs|X-rays|mammograms|photographs|ECGs|electrocardiograms|"
    r"EEGs|recordings|hours(?: of [\w\-]+)?|clinical notes|notes|reports|documents|"
    r"encounters|visits|health records|EHRs|examinations|exams|"
    r"tokens|sequences|proteins|genomes|nucleotides|base pairs|molecules|samples|cases|"
    r"videos|frames|articles|papers|datasets|cohorts"
)
_DATA_RE = re.compile(rf"\b{_FIGURE}\s+{_FILLER}(?:{_DATA_UNITS})\b", re.IGNORECASE)
_SCOPE_RE = re.compile(
    rf"\b{_FIGURE}\s+(?:(?:distinct|major|different|diverse|human|common|rare|independent|"
    r"anatomical|organ|solid|medical)\s+){0,2}"
    r"(?:tissue types|tissues|organs|organ types|anatomical sites|anatomic sites|body parts|"
    r"cancer types|tumou?r types|cancers|species|cell types|imaging modalities|modalities|"
    r"diseases|disease types|institutions|hospitals|centres|centers|countries)\b",
    re.IGNORECASE,
)
_PARAMS_RE = re.compile(rf"\b{_FIGURE}[\s-]*(?:parameters?|params)\b", re.IGNORECASE)
_ARCH_RE = re.compile(
    r"\b(?:ViT-(?:[SBLHGg]|Base|Large|Huge|giant)(?:/\d+)?(?:-reg\d+)?|ResNet-?\d{2,3}|"
    r"Swin-[TSBL]|ConvNeXt(?:-[A-Za-z]+)?)(?![\w/])"
)
_TASKS_RE = re.compile(
    rf"\b{_FIGURE}\s+(?:[\w\-]+\s+){{0,3}}?(?:tasks|benchmarks|applications|endpoints)\b",
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
)
_KIND_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _TASK_KINDS) + r")\b", re.IGNORECASE)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|;\s*")
_TRAIN_CUES = re.compile(
    r"pre-?train|\btrain|curat|collect|assembl|corpus|corpora|learn\w* from|self-supervis|"
    r"built (?:on|from)|compris|consist|harness|ingest|pre-?training|scal\w* (?:up )?to",
    re.IGNORECASE,
)
_EVAL_CUES = re.compile(
    r"evaluat|validat|\btest|benchmark|external|held[- ]out|hold[- ]out|retrospective|prospective|"
    r"reader study|downstream|assess",
    re.IGNORECASE,
)
_DIMENSION_AFTER = re.compile(r"\s*[×x]\s*\d")
_DIMENSION_BEFORE = re.compile(r"(?:×|(?<![A-Za-z])x)\s*$")
_SCALE_IN = re.compile(rf"(?:{_SCALE_WORD})|\d[kKMB]\b", re.IGNORECASE)
_WORD_VALUES = {w: i + 1 for i, w in enumerate(f"{_ONES}|{_TEENS}".split("|"))} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS.split("|"))
}

# Domain words for the note's lead, most specific first; matched in the title, then the abstract.
_DOMAINS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("Spatial transcriptomics", r"spatial transcriptom"),
        ("Spatial proteomics", r"spatial proteom"),
        ("Single-cell", r"single[- ]cell|scRNA"),
        ("Pathology", r"patholog|histolog|whole[- ]slide|(?-i:\bWSIs?\b)|\bH&E\b"),
        ("Ultrasound", r"ultrasound|sonograph"),
        ("Ophthalmic", r"ophthalm|retina|fundus|(?-i:\bOCT\b)"),
        ("Dermatology", r"dermatolog|skin lesion"),
        ("Endoscopy", r"endoscop|colonoscop"),
        ("Chest X-ray", r"chest x-?rays?|chest radiograph"),
        (
            "Radiology",
            r"radiolog|radiograph|(?-i:\bCT\b)|computed tomography|(?-i:\bMRI\b)|"
            r"magnetic resonance|mammogra",
        ),
        ("EEG", r"(?-i:\bEEG\b)|electroencephalogra"),
        ("ECG", r"(?-i:\bECGs?\b)|electrocardiogra"),
        ("EHR", r"(?-i:\bEHRs?\b)|electronic health records?"),
        ("Clinical language", r"clinical (?:notes|text)"),
        ("Protein", r"\bprotein"),
        ("Genomic", r"(?-i:\bDNA\b)|\bgenom"),
        ("Medical imaging", r"medical imag"),
        ("Biomedical", r"biomedic"),
        ("Medical", r"\bmedic|\bclinical"),
    )
)
_SECTION_DOMAINS = {
    "clinical data": "Clinical",
    "image data": "Medical imaging",
    "genomic data": "Genomic",
    "multimodal data": "Multimodal",
}


@dataclass(slots=True)
class NoteFacts:
    """Each list holds phrases exactly as the abstract gives them (whitespace normalised)."""

    data: list[str] = field(default_factory=list)  # training data
    eval_data: list[str] = field(default_factory=list)  # what the model was evaluated on
    other_data: list[str] = field(default_factory=list)  # no cue either way
    scope: list[str] = field(default_factory=list)  # tissues, organs, cancer types, sites
    size: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    task_kinds: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.data or self.eval_data or self.other_data or self.scope or self.size or self.tasks
        )

    @property
    def tissues(self) -> list[str]:
        return self.scope


def _clean(text: str) -> str:
    return " ".join(text.split())


def _unique(items: list[str], limit: int) -> list[str]:
    """Drop repeats and phrases contained in a longer one; keep first-seen order."""
    kept: list[str] = []
    for item in items:
        low = item.lower()
        if any(low in other.lower() for other in items if other.lower() != low):
            continue
        if low not in (k.lower() for k in kept):
            kept.append(item)
    return kept[:limit]


def _magnitude(figure: str) -> float:
    """The first number of a figure, roughly: enough to tell "two images" from "two million"."""
    if _SCALE_IN.search(figure):
        return 1e6
    digits = re.search(r"\d[\d,\u2009\u202f]*(?:\.\d+)?", figure)
    if digits:
        try:
            return float(re.sub(r"[,\u2009\u202f]", "", digits.group(0)))
        except ValueError:
            return 0.0
    if "hundred" in figure.lower():
        return 100.0
    words = re.findall(r"[a-z]+", figure.lower())
    return float(sum(_WORD_VALUES.get(w, 0) for w in words[:2]))


def _sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) pairs; a cue only counts within its own sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        out.append((start, text[start : match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return out


def _role(text: str, sentences: list[tuple[int, str]], start: int, end: int) -> str:
    """A figure's role (train, eval or data): the nearest cue before it, else the first after."""
    for offset, sentence in reversed(sentences):
        if offset <= start:
            before = text[max(offset, start - _CUE_WINDOW) : start]
            after = text[end : min(offset + len(sentence), end + _CUE_WINDOW)]
            break
    else:  # pragma: no cover - the first sentence starts at 0
        before, after = text[:start], text[end:]
    last: tuple[int, str] | None = None
    for cue, role in ((_TRAIN_CUES, "train"), (_EVAL_CUES, "eval")):
        for found in cue.finditer(before):
            if last is None or found.start() > last[0]:
                last = (found.start(), role)
    if last is not None:
        return last[1]
    first: tuple[int, str] | None = None
    for cue, role in ((_TRAIN_CUES, "train"), (_EVAL_CUES, "eval")):
        found_after = cue.search(after)
        if found_after and (first is None or found_after.start() < first[0]):
            first = (found_after.start(), role)
    return first[1] if first else "data"


def _figures(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for match in pattern.finditer(text):
        if len(found) >= _MAX_FIGURES:
            break
        if _DIMENSION_AFTER.match(text, match.end("n")) or _DIMENSION_BEFORE.search(
            text[max(0, match.start("n") - 4) : match.start("n")]
        ):
            continue  # "256 × 256 patches" is an image size, not a count
        found.append(match)
    return found


def extract(abstract: str | None) -> NoteFacts:
    """The note-worthy figures an abstract states; empty when it states none."""
    facts = NoteFacts()
    if not abstract:
        return facts
    text = _clean(abstract[:MAX_CHARS])
    sentences = _sentences(text)
    scope_matches = _figures(_SCOPE_RE, text)
    scope_spans = [(m.start(), m.end()) for m in scope_matches]
    buckets: dict[str, list[str]] = {"train": [], "eval": [], "data": []}
    for match in _figures(_DATA_RE, text):
        phrase = _clean(match.group(0))
        magnitude = _magnitude(match.group("n"))
        if magnitude < 10:
            continue  # "two images", "three cohorts": not a data scale
        if phrase.lower().endswith("tokens") and magnitude < 1e6:
            continue  # "2,048 tokens" is a context length
        if any(s <= match.start() < e for s, e in scope_spans):
            continue
        buckets[_role(text, sentences, match.start(), match.end())].append(phrase)
    facts.data = _unique(buckets["train"], 3)
    facts.eval_data = _unique(buckets["eval"], 2)
    facts.other_data = _unique(buckets["data"], 2)
    facts.scope = _unique([_clean(m.group(0)) for m in scope_matches], 3)
    size = [_clean(m.group(0)) for m in _ARCH_RE.finditer(text)]
    size += [_clean(m.group(0)) for m in _figures(_PARAMS_RE, text)]
    facts.size = _unique(size, 3)
    facts.tasks = _unique([_clean(m.group(0)) for m in _figures(_TASKS_RE, text)], 2)
    kinds = [m.group(1).lower() for m in _KIND_RE.finditer(text)]
    facts.task_kinds = list(dict.fromkeys(kinds))[:4]
    return facts


def _lower_first(label: str) -> str:
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def describe(title: str = "", abstract: str | None = None, section: str = "") -> str:
    """What kind of work this is, from words the title or abstract use ("Pathology foundation
    model", "EEG foundation model", "Radiology benchmark"); ``""`` for a review."""
    sec = section.strip().lower()
    if sec.startswith("review"):
        return ""
    text = f"{title} {abstract or ''}"
    domain = ""
    for source in (title, abstract or ""):
        domain = next((label for label, rx in _DOMAINS if rx.search(source)), "")
        if domain:
            break
    if not domain:
        domain = _SECTION_DOMAINS.get(sec, "")
    if sec.startswith("multimodal") and domain and not domain.startswith("Multimodal"):
        domain = "Multimodal " + _lower_first(domain)
    if sec.startswith("benchmark"):
        return f"{domain} benchmark" if domain else "Benchmark"
    low = text.lower().replace("–", "-")
    if "foundation model" in low:
        vlm = "vision-language" in low
        noun = "vision–language foundation model" if vlm else "foundation model"
    elif "language model" in low:
        noun = "language model"
    else:
        noun = "model"
    return f"{domain} {noun}" if domain else noun.capitalize()


def build_note(
    abstract: str | None, *, title: str = "", section: str = "", from_summary: bool = False
) -> str:
    """A note in the catalog's style, from the abstract's own figures; see the module docstring.
    ``""`` (the row shows "-") for reviews and when nothing at all is known."""
    return draft_note(abstract, title=title, section=section, from_summary=from_summary)[0]


def draft_note(
    abstract: str | None, *, title: str = "", section: str = "", from_summary: bool = False
) -> tuple[str, str]:
    """The note for the catalog row, and what it lacks for the curator (``""`` when nothing):
    "no training-data figures in the abstract" is a remark for the pull request, not text for
    the public catalog, where a merged row would keep it.

    ``from_summary``: ``abstract`` is a journal's one-sentence summary (no abstract yet), which
    the remark says.
    """
    lead = describe(title, abstract, section)
    if not lead:
        return "", ""
    benchmark = section.strip().lower().startswith("benchmark")
    if not abstract or not abstract.strip():
        return f"{lead}.", "no abstract available"
    facts = extract(abstract)
    if not facts:
        what = "task or dataset counts" if benchmark else "training-data figures"
        if from_summary:
            return f"{lead}.", f"no {what} in the journal's summary (abstract not yet available)"
        return f"{lead}.", f"no {what} in the abstract"
    parts: list[str] = []
    if facts.data:
        parts.append(f"{lead} trained on " + ", ".join(facts.data))
    else:
        parts.append(lead)
    if facts.other_data:
        parts.append("data: " + ", ".join(facts.other_data))
    if facts.scope:
        parts.append(", ".join(facts.scope))
    if facts.size:
        parts.append(_size_phrase(facts.size))
    evaluated = facts.tasks + facts.eval_data
    if evaluated:
        phrase = ("covers " if benchmark else "evaluated on ") + ", ".join(evaluated)
        if facts.tasks and facts.task_kinds:
            phrase += " (" + ", ".join(facts.task_kinds) + ")"
        parts.append(phrase)
    note = "; ".join(parts)
    return note[0].upper() + note[1:] + ".", ""


def _size_phrase(size: list[str]) -> str:
    """The model's size as curators write it: "ViT-G/14, 1.1 billion parameters", "a
    632-million-parameter model", "ConvNeXt backbone" (not "model: 632-million-parameter")."""
    text = ", ".join(size)
    if text.endswith("-parameter"):
        return f"{text} model"
    if "parameter" not in text:
        return f"{text} backbone{'s' if len(size) > 1 else ''}"
    return text
