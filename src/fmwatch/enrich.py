"""Model name, code repository and weights link of a work, each with where it came from.

Why provenance: a proposal row is a claim a curator signs. "code: comment" or "model name: title
prefix" tells them what to check; a wrong guess from the abstract is cheaper to spot when the row
says it was a guess from the abstract.

Rules, in order of trust:

- model name: a ``NAME:`` title prefix ("UNI: …", "Virchow2: …"); else an acronym the abstract
  defines ("we present UNI, a …", "… for Histopathology (CONCH) …", "… named scGPT");
- code: the first GitHub/GitLab repository URL in the comment, the abstract, then the links,
  normalised to ``https://github.com/owner/repo`` by :func:`fmwatch.identity.code_url`;
- weights: a Hugging Face model id (``huggingface.co/owner/name``); else a Zenodo, figshare,
  Google Drive, Dropbox or Docker Hub link when the text talks about weights or checkpoints.

Feed text is untrusted: nothing here is executed, and the URLs are rebuilt from the parts the
regexes accept rather than copied through.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fmwatch.identity import code_url, huggingface_id
from fmwatch.models import Enrichment

if TYPE_CHECKING:
    from fmwatch.score import Item

_NOT_NAMES = {
    "review", "survey", "perspective", "position", "commentary", "editorial", "correction",
    "erratum", "retraction", "news", "research", "article", "letter", "background", "objective",
    "objectives", "purpose", "introduction", "methods", "results", "conclusion", "conclusions",
    "importance", "abstract", "summary", "aim", "aims", "case report", "brief report", "title",
    "benchmarking", "benchmark", "towards", "toward", "beyond", "rethinking", "revisiting",
    "foundation models", "foundation model", "large language models", "ai", "llms", "tutorial",
}  # fmt: skip
_COMMON_ACRONYMS = {
    "ct", "mri", "oct", "ehr", "ehrs", "wsi", "wsis", "ecg", "eeg", "fm", "fms", "llm", "llms",
    "ai",
    "ml", "dl", "ssl", "vlm", "vlms", "mllm", "mllms", "vqa", "st", "us", "cxr", "pet", "icu",
    "nlp", "cnn", "vit", "gnn", "rna", "dna", "scrna-seq", "h&e", "tcga", "auc", "auroc", "roc",
    "sota", "gpu", "api", "rag", "mil", "mae", "lora", "peft", "sam", "clip", "gpt", "bert", "ffa",
    "ubm", "ihc", "cpath", "mimic", "uk", "usa", "fda", "who", "covid-19", "oa", "hf",
}  # fmt: skip

_TITLE_PREFIX_RE = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][\w\-.+]{0,30}(?:[ \-][\w.+]{1,15}){0,2})\s*:\s+\S"
)
_PRESENT_RE = re.compile(
    r"\b(?:we|here,? we|this (?:paper|work|study))\s+(?:present|introduce|propose|develop|release|"
    r"build|train|pretrain|pre-train|describe|curate)\w*\s+(?:the\s+)?(?P<name>[A-Za-z][\w\-.+]*[A-Z0-9][\w\-.+]*)\s*(?:[,(:]|\s+(?:a|an|the|which)\b)"
)
_DEFINED_RE = re.compile(
    r"\b(?:model|models|encoder|transformer|network|framework|system|assistant|llm|fm|"
    r"pathology|histopathology|radiology|learning)\b[^().;]{0,80}?\((?P<name>[A-Za-z][\w\-.+]{1,24})\)"
)
_NAMED_RE = re.compile(
    r"\b(?:named|called|termed|dubbed|coined|entitled)\s+[\"'“]?(?P<name>[A-Za-z][\w\-.+]{1,24})"
)
_URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|hf\.co)/[^\s<>\"'`)\]},;|]+",
    re.IGNORECASE,
)
_OTHER_WEIGHTS_RE = re.compile(
    r"https?://(?:www\.)?(?:zenodo\.org/(?:records?|doi)/[^\s<>\"'`)\]},;|]+|figshare\.com/[^\s<>\"'`)\]},;|]+|"
    r"drive\.google\.com/[^\s<>\"'`)\]},;|]+|(?:www\.)?dropbox\.com/[^\s<>\"'`)\]},;|]+|hub\.docker\.com/[^\s<>\"'`)\]},;|]+)",
    re.IGNORECASE,
)
_WEIGHT_WORDS = re.compile(
    r"\b(?:weights?|checkpoints?|pre-?trained models?|model files?)\b", re.IGNORECASE
)
_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.\-]+/[A-Za-z0-9_.\-~/?=&%+:#]*$")


def _looks_like_name(name: str) -> bool:
    """A model name has capitals or digits beyond its first letter: "UNI", "scGPT", "Virchow2"."""
    clean = name.strip(" .,-")
    if not clean or len(clean) > 40 or clean.lower() in _NOT_NAMES:
        return False
    if clean.lower() in _COMMON_ACRONYMS:
        return False
    first_word = clean.split()[0]
    inner_caps = sum(1 for ch in first_word[1:] if ch.isupper())
    digits = any(ch.isdigit() for ch in first_word)
    return (
        inner_caps >= 1
        or digits
        or (first_word[:1].islower() and any(ch.isupper() for ch in first_word))
    )


def model_name(item: Item, full: bool = True) -> tuple[str | None, str | None]:
    title = " ".join((item.title or "").split())
    match = _TITLE_PREFIX_RE.match(title)
    if match:
        name = match.group("name").strip()
        words = name.split()
        if len(words) <= 3 and (
            _looks_like_name(name)
            or (
                len(words) == 1
                and name[:1].isupper()
                and len(name) <= 20
                and name.lower() not in _NOT_NAMES
            )
        ):
            return name, "title prefix"
    abstract = item.abstract or ""
    if abstract and full:
        text = abstract[:20_000]
        for regex, where in (
            (_PRESENT_RE, "abstract (we present …)"),
            (_DEFINED_RE, "abstract (acronym)"),
            (_NAMED_RE, "abstract (named …)"),
        ):
            for found in regex.finditer(text):
                name = found.group("name").strip(" .,-")
                if _looks_like_name(name):
                    return name, where
    return None, None


def _fields(item: Item) -> list[tuple[str, str]]:
    return [
        ("comment", item.comment or ""),
        ("abstract", (item.abstract or "")[:20_000]),
        ("links", " ".join(item.links)),
        ("url", item.url or ""),
    ]


def code_and_weights(
    item: Item, full: bool = True
) -> tuple[str | None, str | None, str | None, str | None]:
    code = code_from = weights = weights_from = None
    for where, text in _fields(item):
        if not text:
            continue
        low = text.lower()
        if "github" in low or "gitlab" in low or "huggingface" in low or "hf.co" in low:
            for match in _URL_RE.finditer(text):
                url = match.group(0).rstrip(".")
                if code is None and ("github" in url.lower() or "gitlab" in url.lower()):
                    repo = code_url(url)
                    if repo:
                        code, code_from = repo, where
                if weights is None and ("huggingface" in url.lower() or "hf.co" in url.lower()):
                    hf = huggingface_id(url.replace("hf.co/", "huggingface.co/"))
                    if hf and not hf.startswith(("datasets/", "spaces/")):
                        weights, weights_from = f"https://huggingface.co/{hf}", where
        if full and weights is None and _WEIGHT_WORDS.search(text):
            other = _OTHER_WEIGHTS_RE.search(text)
            if other:
                url = other.group(0).rstrip(".")
                if _SAFE_URL.match(url):
                    weights, weights_from = url, where
    return code, code_from, weights, weights_from


class Enricher:
    """Stateless today; a class so a future version can carry a lookup table of known repos."""

    def enrich(self, item: Item, full: bool = True) -> Enrichment:
        """``full=False`` (dropped papers): title-prefix name, GitHub and Hugging Face only."""
        name, name_from = model_name(item, full)
        code, code_from, weights, weights_from = code_and_weights(item, full)
        return Enrichment(
            model_name=name,
            model_name_from=name_from,
            code_url=code,
            code_url_from=code_from,
            weights_url=weights,
            weights_url_from=weights_from,
        )
