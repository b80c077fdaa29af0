"""Model name, code repository and weights link of a work, each with where it came from.

Why provenance: a proposal row is a claim a curator signs. "code: comment" or "model name: title
prefix" tells them what to check; a wrong guess from the abstract is cheaper to spot when the row
says it was a guess from the abstract.

Rules, in order of trust:

- model name: a ``NAME:`` title prefix ("UNI: …", "Virchow2: …"); else the abstract's
  "we present/introduce X, a …", "X, a … foundation model", "… named X", or an acronym it
  defines whose letters spell the words before it ("… for Histopathology (CONCH)") and which
  the paper makes (not a disease, score or data set it defines in passing). Never a
  common word, a generic acronym (CT, MRI, LLM, ViT) or a well-known existing model the paper
  merely uses (SAM, CLIP, GPT-4, LLaVA …);
- code: the first GitHub/GitLab repository URL in the comment, the abstract, then the links,
  normalised to ``https://github.com/owner/repo`` by :func:`fmwatch.identity.code_url`;
- weights: a Hugging Face model id (``huggingface.co/owner/name``, ``hf.co/…``) or collection
  (``huggingface.co/collections/owner/slug``), or a ModelScope model, unless the words that
  lead to it call it data ("Dataset: …", "Codes and benchmarks at …"); else a Zenodo record
  or DOI, figshare, Google Drive, Dropbox, Docker Hub or Hugging Face DOI link that its own
  sentence says holds weights or checkpoints; else a Hugging Face account's page that its
  sentence says holds the models. Never a Hugging Face dataset, Space, paper page, docs or blog.

Feed text is untrusted: nothing here is executed, and the URLs are rebuilt from the parts the
regexes accept rather than copied through.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from fmwatch.anchored import Anchored, Words
from fmwatch.identity import code_url
from fmwatch.models import Enrichment
from fmwatch.text import strip_latex

if TYPE_CHECKING:
    from fmwatch.score import Item

#: Words that open a title ("Review: …") or follow "we present" without being a name.
_NOT_NAMES = {
    "review", "survey", "perspective", "position", "commentary", "editorial", "correction",
    "erratum", "retraction", "news", "research", "article", "letter", "background", "objective",
    "objectives", "purpose", "introduction", "methods", "results", "conclusion", "conclusions",
    "importance", "abstract", "summary", "aim", "aims", "case report", "brief report", "title",
    "benchmarking", "benchmark", "towards", "toward", "beyond", "rethinking", "revisiting",
    "foundation models", "foundation model", "large language models", "llms", "tutorial",
    "a", "an", "the", "this", "that", "these", "our", "we", "it", "its", "here", "in", "on",
    "new", "novel", "first", "two", "three", "both", "each", "such", "several", "multiple",
    "foundation", "model", "models", "framework", "method", "approach", "dataset",
    "pathology", "radiology", "medicine", "healthcare", "deep", "learning", "large", "general",
    "medical", "clinical", "biomedical", "self-supervised", "vision", "language", "multimodal",
    "transformer", "transformers", "network", "system", "tool", "pipeline", "study", "analysis",
}  # fmt: skip
#: Acronyms of modalities, fields and model families: "(CT)", "(LLM)", "(ViT)" define terms,
#: not the paper's model.
_COMMON_ACRONYMS = {
    "ct", "mri", "oct", "ehr", "ehrs", "emr", "wsi", "wsis", "ecg", "eeg", "emg", "ppg", "fm",
    "fms", "llm", "llms", "ai", "ml", "dl", "ssl", "vlm", "vlms", "lvlm", "lvlms", "mllm",
    "mllms", "lmm", "lmms", "vqa", "st", "us", "cxr", "pet", "spect", "icu", "nlp", "cnn",
    "cnns", "rnn", "lstm", "gan", "vae", "vit", "vits", "gnn", "mlp", "rna", "dna", "scrna-seq",
    "h&e", "he", "ihc", "tcga", "auc", "auroc", "roc", "sota", "gpu", "api", "rag", "mil",
    "mae", "lora", "peft", "rl", "rlhf", "dpo", "sft", "cot", "icl", "sam", "clip", "gpt",
    "bert", "ffa", "ubm", "cpath", "mimic", "uk", "usa", "eu", "fda", "who", "covid-19",
    "covid", "oa", "hf", "ner", "qa", "nli", "ocr", "asr", "tts", "iot", "xai", "ood", "3d",
    "2d", "mr", "xr", "dr", "amd", "ad", "pd", "cvd", "nsclc", "hcc", "gi", "ed", "er",
    "bci", "pocus", "cbct", "fmri", "dmri", "dwi", "ecgs", "eegs", "convnext", "resnet",
    "unet", "u-net", "swin", "yolo", "detr", "dino", "moe", "kan", "ssm", "mamba", "sae",
}  # fmt: skip

#: Modalities that take a lower-case prefix: "fMRI", "dMRI", "rtMRI", "sCT".
_MODALITIES = frozenset({"mri", "ct", "pet", "eeg", "ecg", "oct", "cbct", "us", "dwi"})

_TITLE_PREFIX_RE = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][\w\-.+]{0,30}(?:[ \-][\w.+]{1,15}){0,2})"
    # (its acronym after it is no part of it: "PathOmni (PO): …")
    r"(?:\s\([\w\-.+]{1,15}\))?"
    # "UNI: …", "Foresight—a generative …", "HuatuoGPT-Vision, Towards …"
    r"(?:\s*:\s+|\s*[\u2014\u2013]\s*|,\s+(?=(?:[Aa]n?|[Tt]he|[Tt]owards?)\b))\S"
)
#: "we present", "here we introduce", "this paper proposes", "the authors develop" …
_PRESENT_RE = Anchored(
    re.compile(
        r"(?:\bwe|\bthis (?:paper|work|study|article)|\bthe authors)\s+"
        r"(?:also\s+|further\s+|then\s+)?"
        r"(?:present|introduce|propose|develop|release|build|train|pretrain|pre-train|describe|"
        r"curate|create|construct|establish|design)(?:s|d|ed)?\s+"
    ),
    ("we", "this paper", "this work", "this study", "this article", "the authors"),
)  # matched against the lower-cased text
#: What follows the verb: an optional article, then the name and a comma, colon, parenthesis
#: or "a/an/the …" (an appositive): "UNI, a general-purpose …", "the Virchow model".
_NAME_AFTER_RE = re.compile(
    r"(?:the\s+)?(?P<name>[A-Za-z][\w\-.+]*(?:[ \-][A-Z0-9][\w.+]*)?)"
    r"\s*(?:,|:|\(|\s+(?:a|an|which|that|is)\b)"
)
#: "BRAVE, a pathology foundation model" or "BiomedGPT is an open, lightweight … foundation
#: model" without "we": a name, an appositive or "is a", a model noun.
_APPOSITIVE_RE = re.compile(
    r"(?P<name>\b[A-Z][\w\-.+]*[A-Z0-9][\w\-.+]*|\b[a-z]+[A-Z][\w\-.+]*)(?:,|\s+is)\s+(?:a|an)\s+"
    r"(?:[\w\-]+,?\s+){0,6}?$"
)  # matched against the 120 characters before a model noun
_MODEL_NOUNS = (
    "foundation model", "language model", "vision-language model", "generalist model",
    "pretrained model", "pre-trained model", "foundation encoder", "pretrained transformer",
)  # fmt: skip
_NAMING_WORDS = ("named", "called", "termed", "dubbed", "coined", "entitled")
#: … both found in one pass over an abstract that names no model in "we present …" (fourteen
#: ``in`` tests and finds read it fourteen times)
_NOUNS_AND_NAMING = Words([*_MODEL_NOUNS, *_NAMING_WORDS])
_NAMED_RE = re.compile(
    r"\b(?:named|called|termed|dubbed|coined|entitled)\s+[\"'“]?(?P<name>[A-Za-z][\w\-.+]{1,30})"
)
#: "… Foundation Model (UNI)", "CONtrastive learning from Captions for Histopathology (CONCH)"
_ACRONYM_RE = re.compile(r"\((?P<name>[A-Za-z][\w\-.+]{1,24})\)")
#: Other hosting of weights: each host (lower-cased, as the cheap test before the pattern looks
#: for it) and what must follow it (a Zenodo record or DOI; anything elsewhere)
_OTHER_WEIGHT_HOSTS = {
    "zenodo.org/": r"(?:records?|doi)/",
    # (a Zenodo record is most often cited by its DOI; a Hugging Face repository can have one)
    "doi.org/10.5281/zenodo.": r"\d",
    "doi.org/10.57967/hf/": r"\d",
    "figshare.com/": "",
    "drive.google.com/": "",
    "dropbox.com/": "",
    "hub.docker.com/": "",
}
_OTHER_HOSTS = tuple(_OTHER_WEIGHT_HOSTS)
_URL_REST = r"[^\s<>\"'`)\]},;|]+"  # (up to a space, a quote or closing punctuation)
_OTHER_WEIGHTS_RE = re.compile(
    r"https?://(?:www\.)?(?:"
    + "|".join(re.escape(host) + rest + _URL_REST for host, rest in _OTHER_WEIGHT_HOSTS.items())
    + ")",
    re.IGNORECASE,
)
_WEIGHT_WORDS = re.compile(
    r"\b(?:weights?|checkpoints?|pre-?trained models?|model files?)\b", re.IGNORECASE
)
#: What the words leading to a link say it holds (see :func:`_said`): models ("Code and models
#: are at …"), or data ("Dataset: …", "Codes and benchmarks at …", "Tokenizer artifact at …").
_MODEL_WORDS = re.compile(r"\b(?:models?|weights?|checkpoints?)\b", re.IGNORECASE)
_DATA_WORDS = re.compile(
    r"\b(?:datasets?|data|benchmarks?|corpus|corpora|leaderboards?|tokenizers?|demos?)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?;](?:\s|$)")
#: A URL in the words before a link: the words after it are what is said of the link.
_URL_START_RE = re.compile(
    r"(?:https?://|www\.|\b(?:github|gitlab)\.com/|\bhuggingface\.co/|\bhf\.co/)\S*",
    re.IGNORECASE,
)
#: How far before (and after) a link its words are read.
_SAID_SPAN = 300
_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.\-]+/[A-Za-z0-9_.\-~/?=&%+:#]*$")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_FUNCTION_WORDS = frozenset(
    {"for", "of", "the", "and", "from", "with", "in", "on", "to", "a", "an"}
)
_DATA_HEAD_RE = re.compile(r"\b(?:dataset|data set|corpus|database|collection|benchmark)\b")
_DATASET_ONLY_RE = re.compile(r"\b(?:dataset|data set|corpus|database)\b")
#: "X, a benchmark of …", "X, the first dataset for …": an appositive whose head is a test set
#: (not "a database", "a collection" or "an archive", what public sources are called).
_BENCHMARK_APPOSITIVE_RE = re.compile(
    r"\s*(?:an?|the)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:benchmark|test set|dataset|data set|corpus|suite|question set)s?\b"
)
#: Public sources a benchmark is built from, never its own name ("MIMIC-IV" is a source,
#: "MIMIC-IV-BHC" a benchmark made from it).
_PUBLIC_DATA_RE = re.compile(
    r"(?:mimic(?:-?(?:ii|iii|iv|cxr|cxr-jpg|iv-ecg|iv-note|iv-ed))?|eicu(?:-crd)?|chexpert|"
    r"padchest|openi|tcga|camelyon1[67]|pubmed|pmc|uk biobank|cellxgene|uniprot|gtex|medqa|"
    r"pubmedqa|medmcqa|vqa-rad|slake|path-vqa)"
)
#: The rest of a parenthesis after a name, up to its comma: "(REddit Drug DOSe and Effect),"
_SPELLED_OUT_RE = re.compile(r"[^()]{1,80}\),?")
_MODEL_HEAD_RE = re.compile(r"\b(?:model|encoder|transformer|llm|vlm|network|assistant)s?\b")
#: What makes a defined acronym the paper's own (see :func:`_owned`): a verb of making with
#: "we", "our", "this paper", "the authors" or "they" before it in its sentence ("This work
#: reframes … and proposes Director-Experts (DEX)", "we propose a distillation framework …
#: to learn a generalizable pathology foundation model (GPFM)"); "design" is left out, being
#: said of a model's parts ("we design a core component termed …");
_OWN_ACT_RE = re.compile(
    r"\b(?:(?:present|introduce|develop|propose|release|build|pretrain|pre-train|train|"
    r"construct|create)(?:s|d|ed)?|to learn)\b",
    re.IGNORECASE,
)
_OWN_SUBJECT_RE = re.compile(
    r"\b(?:we|our|they|this (?:paper|work|study|article)|the authors)\b", re.IGNORECASE
)
#: … or "our framework," before it …
_OUR_NOUN_RE = re.compile(
    r"\bour\s+(?:[\w-]+\s+){0,2}?(?:framework|model|method|approach|system|network|"
    r"architecture|pipeline|tool|agent|platform)s?\b",
    re.IGNORECASE,
)
#: … with no relative clause or preposition between them and the spelled-out name (which
#: then belongs to something the paper's work does or uses, not to the work) …
_CLAUSE_BREAK_RE = re.compile(
    r"(?<![\w-])(?:that|which|who|whose|where|when|while|using|on|from|via|by|built|based|"
    r"through|against|including|such as)(?![\w-])",
    re.IGNORECASE,
)
#: … or the acronym described as a model after it: "(CPA) is a deep generative model",
#: "(TDD), an LLM-driven, automated … system", or trained as one: "(LCLM) is trained from
#: scratch on …", "(HVE) learns from 1M slides" (a disease or a score is not trained).
_ACRONYM_DESCRIBED_RE = re.compile(
    r",?\s*(?:(?:is|was)\s+)?(?:an?|the)\s+(?:[\w-]+,?\s+){0,8}?(?:(?:foundation\s+)?model|"
    r"framework|method|approach|system|network|architecture|pipeline|transformer|encoder|"
    r"decoder|autoencoder|agent|assistant|platform|tool)s?\b|"
    r"\s*(?:(?:is|was)\s+(?:first\s+)?(?:pre-?)?trained|learns|pre-?trains)\b",
    re.IGNORECASE,
)
_OWN_VERB_RE = re.compile(
    r"\b(?:we|this (?:paper|work|study))\s+(?:present|introduce|develop|propose|release|build)",
    re.IGNORECASE,
)


def _existing_models() -> frozenset[str]:
    """Names of well-known existing models (SAM, CLIP, GPT-4, LLaVA …): a paper that uses one
    does not get it as its own model name."""
    from fmwatch.vocab import EXISTING_FM

    return frozenset(phrase.lower() for phrase in EXISTING_FM if " " not in phrase.strip()) | {
        # general models an abstract defines in passing ("PaLM is a pretrained language
        # model …") that the scoring vocabulary does not list by these spellings
        "palm", "palm-2", "llama-2", "llama-3", "t5", "flan-t5", "phi-3", "blip-2",
    }  # fmt: skip


_EXISTING = _existing_models()


def _plausible(name: str) -> bool:
    """Not a common word, not a generic acronym, not one in the plural ("PFMs", "VLMs") and not
    a modality with a prefix ("dMRI", "rtMRI", "fMRI")."""
    clean = name.strip(" .,-:;")
    low = clean.lower()
    if not clean or len(clean) > 40 or low in _NOT_NAMES or low in _COMMON_ACRONYMS:
        return False
    if clean.endswith("s") and clean[:-1].isupper() and len(clean) <= 8:
        return False
    bare = clean.lstrip("abcdefghijklmnopqrstuvwxyz")
    return not (len(clean) - len(bare) <= 2 and bare.lower() in _MODALITIES)


def _introduced_here(name: str, text: str, at: int) -> bool:
    """Whether a well-known model's name is this paper's own: only when the sentence that
    carries it says "we present/introduce/develop/propose/release/build" ("we develop …
    (CONCH)"), not "we adapt the Segment Anything Model (SAM)"."""
    if name.lower() not in _EXISTING:
        return True
    start = max(text.rfind(". ", 0, at), 0)
    return bool(_OWN_VERB_RE.search(text, start, at))


def _looks_like_name(name: str) -> bool:
    """A model name has capitals or digits beyond its first letter: "UNI", "scGPT", "Virchow2"."""
    clean = name.strip(" .,-:;")
    if not _plausible(clean):
        return False
    first_word = clean.split()[0]
    # (each character's test in C: no generator per name)
    return (
        any(map(str.isupper, first_word[1:]))
        or any(map(str.isdigit, first_word))
        or (first_word[:1].islower() and any(map(str.isupper, first_word)))
    )


def _is_capitalised_name(name: str) -> bool:
    """ "Virchow", "Merlin": one capitalised word, acceptable when an appositive confirms it."""
    clean = name.strip(" .,-:;")
    return (
        _plausible(clean)
        and " " not in clean
        and clean[:1].isupper()
        and clean[1:2].islower()
        and 3 <= len(clean) <= 20
    )


def _descriptive(words: list[str]) -> bool:
    """Whether a title's words before its colon describe a topic rather than name a model:
    "EEG Foundation Models: …" ends in a generic noun, "GPT-4 in Radiology: …" joins its words
    with a preposition ("MedFabric and EtHER: …" still names two)."""
    return words[-1].lower() in _NOT_NAMES or any(
        w in _FUNCTION_WORDS and w != "and" for w in words[1:-1]
    )


def _acronym_defined(name: str, before: str) -> int:
    """Where in ``before`` the words that ``name``'s letters spell begin, or -1 when they do not:
    "Foundation Model (UNI)" does not spell its acronym, "CONtrastive learning from Captions for
    Histopathology (CONCH)" does, as does "Universal Cell Embeddings (UCE)". The first letter
    must start one of the last words, and the spelled-out name must be capitalised as names
    are, or end in "model": "masked image modeling (MIM)" or "spatial domain identification
    (SDI)" define terms, not models."""
    letters = [c.lower() for c in name if c.isalpha()]
    found = list(_WORD_RE.finditer(before))[-10:]
    words = [match.group(0) for match in found]
    if len(letters) < 2 or not words:
        return -1
    text = " ".join(w.lower() for w in words)
    starts = [i for i, w in enumerate(words) if w[0].lower() == letters[0]]
    # (the nearest start that spells it: "a model trained on Mild Cognitive Impairment (MCI)"
    # spells MCI from "model" too, but the name spelt out is "Mild Cognitive Impairment")
    for first in reversed(starts):
        content = [w for w in words[first:] if w.lower() not in _FUNCTION_WORDS]
        named = sum(w[0].isupper() for w in content) * 2 >= len(content)
        if not named and words[-1].lower() not in ("model", "encoder", "transformer"):
            continue
        pos = sum(len(w) + 1 for w in words[:first])
        ok = True
        for letter in letters:
            pos = text.find(letter, pos)
            if pos == -1:
                ok = False
                break
            pos += 1
        if ok:
            return found[first].start()
    return -1


def model_name(
    item: Item, full: bool = True, benchmark: bool = False
) -> tuple[str | None, str | None]:
    """The paper's own model name and where it was found, or (None, None); for a ``benchmark``
    paper, the name of the dataset or benchmark it builds (what its catalog row is called)."""
    title = " ".join((item.title or "").split())
    match = _TITLE_PREFIX_RE.match(title)
    if match:
        name = match.group("name").strip()
        words = name.split()
        low = name.lower()
        # "MIMIC-IV, a freely accessible … dataset": after a comma, a dataset's name is not the
        # paper's product in the catalog's sense ("NAME: a … benchmark" still names one)
        described = title[match.end() - 1 : match.end() + 80]
        dataset = title[match.end("name") :].lstrip().startswith(",") and bool(
            _DATASET_ONLY_RE.search(described) and not _MODEL_HEAD_RE.search(described)
        )
        if (
            len(words) <= 3
            and low not in _NOT_NAMES
            and not (len(words) > 1 and _descriptive(words))
            and low not in _COMMON_ACRONYMS
            and (_looks_like_name(name) or _is_capitalised_name(name) or name.isupper())
            and not dataset
        ):
            return name, "title prefix"
    abstract = item.abstract or ""
    if not (abstract and full):
        return None, None
    text = abstract[:20_000]
    if "\\" in text:
        # arXiv abstracts keep their LaTeX: "we present \textbf{BRAVE}, a … model" names BRAVE
        # only once the markup is gone (the acronym pass reads the same clean text)
        text = strip_latex(text)
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    for found in _PRESENT_RE.finditer(low):
        after = _NAME_AFTER_RE.match(text, found.end())
        if after is None:
            continue
        name = after.group("name").strip(" .,-")
        confirmed = text[after.end(0) - 1 : after.end(0)] in ",:("
        described = appositive = text[after.end(0) : after.end(0) + 80].split(".")[0]
        if text[after.end(0) - 1] == "(":
            # "we introduce ReDose (REddit Drug DOSe and Effect), a dataset of …": the
            # appositive that says what it is follows the name's spelling-out
            spelled = _SPELLED_OUT_RE.match(text, after.end(0))
            if spelled is not None:
                appositive = text[spelled.end() : spelled.end() + 80].split(".")[0]
                described = text[after.end(0) : spelled.end()] + appositive
        # "we present PMC-15M, a dataset of …": a dataset's name, not a model's; but a benchmark
        # paper is named by the benchmark it builds ("we build WardBench, a benchmark of …"),
        # not by a public source it draws on ("we curate MIMIC-IV, a database of …",
        # "CheXpert, MIMIC-CXR and PadChest")
        if (
            _DATA_HEAD_RE.search(described)
            and not _MODEL_HEAD_RE.search(described)
            and not (
                benchmark
                and _BENCHMARK_APPOSITIVE_RE.match(appositive)
                and not _PUBLIC_DATA_RE.fullmatch(name.lower())
            )
        ):
            continue
        if (_looks_like_name(name) or (confirmed and _is_capitalised_name(name))) and (
            _introduced_here(name, text, after.start("name"))
        ):
            return name, "abstract (we present …)"
    held = _NOUNS_AND_NAMING.held_in(low)
    for noun in _MODEL_NOUNS:
        if noun not in held:
            continue
        at = low.find(noun)
        while at != -1:
            window = text[max(0, at - 120) : at]
            apposed = _APPOSITIVE_RE.search(window)
            if apposed is not None:
                name = apposed.group("name")
                if _looks_like_name(name) and name.lower() not in _EXISTING:
                    return name, "abstract (X, a … model)"
            at = low.find(noun, at + len(noun))
    if held.isdisjoint(_NAMING_WORDS):
        return _acronym(text)
    for found in _NAMED_RE.finditer(text):
        name = found.group("name").strip(" .,-")
        if (_looks_like_name(name) or _is_capitalised_name(name)) and name.lower() not in _EXISTING:
            return name, "abstract (named …)"
    return _acronym(text)


def _owned(text: str, spelled: int, paren: int) -> bool:
    """Whether the acronym defined at ``paren``, spelled out from ``spelled``, names what the
    paper makes rather than a term it uses: an abstract defines diseases ("Mild Cognitive
    Impairment (MCI)"), scores ("Dice Similarity Coefficient (DSC)"), data sets, scales and
    baselines the same way it defines its own model. Its own is the object of the sentence's
    "we propose/introduce/develop …" ("we propose Director-Experts (DEX)"), follows "our
    framework," ("Our framework, Disentangled Anatomy-Disease Diffusion (DADD), …"), or is
    described as one ("(CPA) is a deep generative model", "(TDD), an LLM-driven … system");
    not one a relative clause or a preposition reaches after the verb ("we present a framework
    that performs White Blood Cell (WBC) classification", "a benchmark built on the Speech
    Accessibility Project (SAP) dataset")."""
    if _ACRONYM_DESCRIBED_RE.match(text, paren):
        return True
    # (its sentence, read back at most 500 characters: an abstract of one 20 KB "sentence"
    # defining a thousand acronyms made each of them read it all, half a second)
    back = max(spelled - 500, 0)
    start = max(text.rfind(". ", back, spelled) + 1, back)
    # (the verb nearest the name: "we use X and develop Y (ACR)" is judged by "develop")
    lead = None
    for act in _OWN_ACT_RE.finditer(text, start, spelled):
        lead = act
    if lead is not None and not _OWN_SUBJECT_RE.search(text, start, lead.start()):
        lead = None
    if lead is None:
        lead = _OUR_NOUN_RE.search(text, start, spelled)
    return lead is not None and not _CLAUSE_BREAK_RE.search(text, lead.end(), spelled)


#: How many acronyms an abstract may define before the rest are not read: a real one defines
#: a dozen, and a 20 KB run of a thousand cost 50 ms to read them all.
_MAX_ACRONYMS = 64


def _acronym(text: str) -> tuple[str | None, str | None]:
    read = 0
    for found in _ACRONYM_RE.finditer(text):
        name = found.group("name")
        if not _looks_like_name(name) and not (name.isupper() and _plausible(name)):
            continue
        read += 1
        if read > _MAX_ACRONYMS:
            break
        before = max(0, found.start() - 160)
        spelled = _acronym_defined(name, text[before : found.start()])
        if (
            spelled != -1
            and _owned(text, before + spelled, found.end())
            and _introduced_here(name, text, found.start())
        ):
            return name, "abstract (acronym)"
    return None, None


def _fields(item: Item) -> list[tuple[str, str]]:
    return [
        ("comment", item.comment or ""),
        ("abstract", (item.abstract or "")[:20_000]),
        ("links", " ".join(item.links)),
        ("url", item.url or ""),
    ]


_HOSTS = (
    "github.com/", "gitlab.com/", "huggingface.co/", "hf.co/", "modelscope.cn/", "modelscope.ai/",
)  # fmt: skip
_URL_TAIL_RE = re.compile(r"[A-Za-z.]+/[^\s<>\"'`)\]},;|]+")
#: LaTeX escapes inside a URL typed into an abstract: "github.com/lab/seg\_tool" is
#: github.com/lab/seg_tool, not the repository "seg" the backslash would cut it to.
_TEX_ESCAPE_RE = re.compile(r"\\([_%&#~])")
#: GitHub accounts made to hide the authors during review ("Anonymous-Submissions/…"): their
#: repositories are emptied or moved after it, so the link is no row's code.
_ANONYMOUS_OWNER_RE = re.compile(r"(?:github|gitlab)\.com/anonym", re.IGNORECASE)
#: The parts of a Hugging Face path: an account, a repository, a collection's slug.
#: (ASCII only, as the hub's names are: the link is rebuilt from these parts)
_HF_PATH_RE = re.compile(
    r"(?P<first>[A-Za-z0-9][A-Za-z0-9_.\-]*)(?:/(?P<second>[A-Za-z0-9][A-Za-z0-9_.\-]*))?"
    r"(?:/(?P<third>[A-Za-z0-9][A-Za-z0-9_.\-]*))?"
)
#: Hugging Face pages of the site's own, not an account's: "huggingface.co/papers/2605.01234"
#: is the paper's page, "/docs/transformers" the library's documentation; neither is weights.
_HF_SITE_PAGES = frozenset({
    "datasets", "spaces", "papers", "docs", "blog", "learn", "course", "models", "tasks",
    "organizations", "posts", "chat", "api", "settings", "join", "login", "pricing",
    "enterprise", "search", "new", "new-dataset", "new-space", "transformers", "inference-api",
    "inference-endpoints", "changelog", "terms-of-service", "privacy", "notifications",
})  # fmt: skip
_MODELSCOPE_RE = re.compile(
    r"modelscope\.(?:cn|ai)/models/(?P<owner>[A-Za-z0-9][A-Za-z0-9_.\-]*)/"
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]*)",
    re.IGNORECASE,
)

#: Links a line wrap broke, as arXiv's listings keep them: the host ("https://github.
#: com/lab/tool"), after the host ("huggingface.co/ lab/model", the next word holding a slash),
#: after the owner ("github.com/lab/ seg-tool", the next word no plain word: a hyphen, an
#: underscore, a digit or a capital in it, but not a number alone) or at a hyphen
#: ("github.com/lab/seg- tool"). The break is a space, or a new line in a listing's raw text.
#: "github.com/lab/tool/ This …" is a whole link: a repository's path is never joined on, nor
#: an account's on a number ("github.com/lab/ 11 pages, 4 figures" in a comment).
_HOST_BREAK_RE = re.compile(r"\b(github|gitlab|huggingface)\s?\.\s{1,3}(com|co)/", re.IGNORECASE)
_LINK_HEAD = r"\b(?:github\.com|gitlab\.com|huggingface\.co|hf\.co)/"
#: what every break above has (a slash or a hyphen before white space, a host's ". co"): a
#: new line is white space too ("github.com/lab/\n  seg-tool" as arXiv's raw listing has it)
_BREAK_HINT_RE = re.compile(r"[/\-]\s|\.\s{1,3}co", re.IGNORECASE)
_PATH_BREAK_RE = re.compile(
    rf"(?P<head>{_LINK_HEAD})\s{{1,3}}(?=[A-Za-z0-9][\w.\-]{{0,100}}/[A-Za-z0-9])"
    rf"|(?P<owner>{_LINK_HEAD}[A-Za-z0-9][\w.\-]{{0,100}}/)\s{{1,3}}(?!\d[\d.,]*(?:[\s;:)\]]|$))"
    r"(?=(?-i:[A-Za-z0-9][\w.]{0,100}?(?:[-_\d]|[A-Z]))[\w.\-]{0,100}(?:[\s.,;:)\]]|$))"
    rf"|(?P<hyphen>{_LINK_HEAD}[A-Za-z0-9][\w./\-]{{0,200}}?[A-Za-z0-9]-)\s{{1,3}}(?=[A-Za-z0-9])",
    re.IGNORECASE,
)


#: the hosts whose links :func:`_joined` mends, and how far after a host's name a break can be
#: (the host, an owner of up to 100 characters, a path of up to 200, the white space)
_JOIN_HOSTS = ("github", "gitlab", "huggingface", "hf.co")
_JOIN_REACH = 330


def _joined(text: str, low: str) -> str:
    """``text`` (``low``: lower-cased) with the links a line wrap broke joined again (see
    :data:`_PATH_BREAK_RE`); ``text`` itself when it has none (most links have no break within
    reach, only hyphens elsewhere)."""
    for host in _JOIN_HOSTS:
        at = low.find(host)
        while at != -1:
            if _BREAK_HINT_RE.search(text, at, at + _JOIN_REACH) is not None:
                text = _HOST_BREAK_RE.sub(r"\1.\2/", text)
                return _PATH_BREAK_RE.sub(
                    lambda m: m.group("head") or m.group("owner") or m["hyphen"], text
                )
            at = low.find(host, at + len(host))
    return text


def _host_links(text: str, low: str | None = None) -> list[tuple[int, int, str]]:
    """Where each GitHub/GitLab/Hugging Face/ModelScope URL in ``text`` (``low``: lower-cased,
    when the caller has it) starts and ends, and the URL (without the scheme), in order.

    Found with ``str.find`` per host and matched only there: a regex search for the hosts
    would try its alternation at every character of a 20 KB abstract.
    """
    if "/" not in text:
        return []  # (every host ends with "/": most abstracts link nothing)
    if low is None:
        low = text.lower()
    found: list[tuple[int, int, str]] = []
    for host in _HOSTS:
        at = low.find(host)
        while at != -1:
            after = at + len(host)
            if at == 0 or not low[at - 1].isalnum() or low[at - 1] == ".":
                match = _URL_TAIL_RE.match(text, at)
                if match:
                    url = match.group(0)
                    # (the link ends before a full stop after it: what follows is another
                    # sentence, whose words say nothing of this link)
                    end = match.end() - (len(url) - len(url.rstrip(".")))
                    if "\\" in url:
                        url = _TEX_ESCAPE_RE.sub(r"\1", url)
                    found.append((at, end, url.rstrip(".")))
                    # (on past the URL: the host again inside it starts no URL of its own, and
                    # matching from each one made a 100 KB run of them cost a second)
                    after = max(after, match.end())
            at = low.find(host, after)
    return sorted(found)


def _hf_link(url: str) -> tuple[str, str] | None:
    """What a Hugging Face URL (without its scheme; ``hf.co/…`` too) links, as ``(kind, path)``:
    a model repository ``("repo", "owner/name")`` (its ``/tree/main``, ``/blob/…`` or ``.git``
    cut off), a collection ``("collection", "collections/owner/slug")``, or an account's page
    ``("org", "owner")``; None for a dataset, a Space or a page of the site's own (a paper's
    page, the docs, the blog)."""
    match = _HF_PATH_RE.match(url, url.find("/") + 1)
    if match is None:
        return None
    first, second, third = match.group("first", "second", "third")
    if first.lower() == "collections":
        if second and third:
            return "collection", f"collections/{second}/{third.rstrip('.')}"
        return None
    if first.lower() in _HF_SITE_PAGES:
        return None
    if second:
        name = second.rstrip(".")
        name = name[:-4] if name.lower().endswith(".git") else name
        return ("repo", f"{first}/{name}") if name else None
    return "org", first.rstrip(".")


def _said(text: str, start: int, end: int) -> tuple[bool, bool, bool]:
    """Whether the words that lead to the link at ``text[start:end]`` speak of weights (or
    checkpoints, pretrained models), of models at all, and of data: those since the URL before
    it in its sentence ("Code: github.com/… Weights: huggingface.co/…"), else its sentence up
    to it ("Code and models are available at github.com/… and huggingface.co/…"), else the
    rest of its sentence after it ("zenodo.org/records/1 holds the checkpoints")."""
    back = max(start - _SAID_SPAN, 0)
    clause = text[back:start]
    ends = list(_SENTENCE_END_RE.finditer(clause))
    if ends:
        clause = clause[ends[-1].end() :]
    urls = list(_URL_START_RE.finditer(clause))
    after = text[end : end + _SAID_SPAN]
    stop = _SENTENCE_END_RE.search(after)
    after = after[: stop.start()] if stop else after
    follow = _URL_START_RE.search(after)
    candidates = (
        clause[urls[-1].end() :] if urls else clause,
        clause,
        after[: follow.start()] if follow else after,
    )
    for words in candidates:
        said = (
            bool(_WEIGHT_WORDS.search(words)),
            bool(_MODEL_WORDS.search(words)),
            bool(_DATA_WORDS.search(words)),
        )
        if any(said):
            return said
    return False, False, False


def _holds_weights(said: tuple[bool, bool, bool]) -> bool:
    """Whether a link that needs words to be weights (an account's page, a Zenodo record) has
    them: weights or checkpoints, or models and no data ("Models: huggingface.co/lab")."""
    weights, models, data = said
    return weights or (models and not data)


def _said_of_data(said: tuple[bool, bool, bool]) -> bool:
    """Whether a model repository's link is called data and not models ("Dataset: …")."""
    _, models, data = said
    return data and not models


#: How many weights links of a paper are read, each with the words around it: a real paper
#: gives a handful, and a 95 KB comment of five thousand cost a quarter of a second.
_MAX_WEIGHTS_LINKS = 32


def code_and_weights(
    item: Item, full: bool = True
) -> tuple[str | None, str | None, str | None, str | None]:
    code = code_from = None
    # weights links in reading order (a field's Hugging Face and ModelScope links before its
    # other hosts'), the repositories some words call data (in any field: "Tokenizer artifact
    # at …" in the comment, "We release the artifact at …" in the abstract), and accounts' pages
    found: list[tuple[str, str]] = []
    data: set[str] = set()
    accounts: list[tuple[str, str]] = []
    judged = 0
    for where, text in _fields(item):
        if "/" not in text:
            continue  # (no link of any host, or scheme, without one: most abstracts)
        # (lower-cased once for the field: the broken links, the hosts, the other hosts)
        low = text.lower()
        joined = _joined(text, low)
        if joined is not text:
            text, low = joined, joined.lower()
        for start, end, url in _host_links(text, low):
            low_url = url.lower()
            if (
                code is None
                and low_url.startswith(("github.com/", "gitlab.com/"))
                and not _ANONYMOUS_OWNER_RE.match(low_url)
            ):
                repo = code_url(url)
                if repo:
                    code, code_from = repo, where
            if judged >= _MAX_WEIGHTS_LINKS:
                continue
            if low_url.startswith(("huggingface.co/", "hf.co/")):
                hf = _hf_link(url)
                if hf is None:
                    continue
                kind, path = hf
                link = f"https://huggingface.co/{path}"
            elif low_url.startswith("modelscope."):
                ms = _MODELSCOPE_RE.match(url)
                if ms is None:
                    continue
                kind, link = "repo", f"https://modelscope.cn/models/{ms['owner']}/{ms['name']}"
            else:
                continue
            said = _said(text, start, end)
            judged += 1
            if kind == "org":
                if _holds_weights(said):
                    accounts.append((link, where))
            elif _said_of_data(said):
                data.add(link.lower())
            else:
                found.append((link, where))
        if (
            full
            and "http" in text
            and not any(link.lower() not in data for link, _ in found)
            # (a cheap test of what _OTHER_WEIGHTS_RE needs before the costlier _WEIGHT_WORDS)
            and any(host in low for host in _OTHER_HOSTS)
            and _WEIGHT_WORDS.search(text)
        ):
            for other in _OTHER_WEIGHTS_RE.finditer(text):
                if judged >= _MAX_WEIGHTS_LINKS:
                    break
                url = other.group(0).rstrip(".")
                if not _SAFE_URL.match(url):
                    continue
                judged += 1
                if _holds_weights(_said(text, other.start(), other.end())):
                    found.append((url, where))
                    break
    for link, where in (*found, *accounts):
        if link.lower() not in data:
            return code, code_from, link, where
    return code, code_from, None, None


class Enricher:
    """Stateless today; a class so a future version can carry a lookup table of known repos."""

    def enrich(self, item: Item, full: bool = True, benchmark: bool = False) -> Enrichment:
        """``full=False`` (dropped papers): title-prefix name, GitHub and Hugging Face only;
        ``benchmark``: a benchmark paper's name may be its dataset's."""
        name, name_from = model_name(item, full, benchmark)
        code, code_from, weights, weights_from = code_and_weights(item, full)
        return Enrichment(
            model_name=name,
            model_name_from=name_from,
            code_url=code,
            code_url_from=code_from,
            weights_url=weights,
            weights_url_from=weights_from,
        )

    def as_benchmark(self, item: Item, found: Enrichment) -> Enrichment:
        """``found`` (a full enrichment of ``item``) with the name a benchmark paper takes: its
        dataset's or benchmark's (only the name depends on the kind; the links do not)."""
        name, name_from = model_name(item, True, True)
        return dataclasses.replace(found, model_name=name, model_name_from=name_from)
