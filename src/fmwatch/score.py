"""Explainable scoring: is this a biomedical foundation-model paper, and where does it go?

Pure: no I/O, no clock, no network. Every number that moves the score is an :class:`Evidence`
(phrase, where it was found, weight) so that a curator reading a proposal can see *why*.

How a paper is scored (the phrases and weights live in :mod:`fmwatch.vocab` and ``fmwatch.toml``):

1. **Prefilter.** Nothing is catalog-worthy unless it is biomedical *and* about a model. One
   Aho-Corasick pass (:mod:`fmwatch.phrases`) totals the ``biomedical`` evidence (plus q-bio /
   physics.med-ph categories), and the pass of all vocabularies that step 2 reads (only for a
   paper that passed the first) totals the evidence of a model (foundation, pre-training, LLM,
   agent… vocabularies). Below ``MIN_BIOMEDICAL`` or ``MIN_MODEL`` the paper is dropped with
   score 0 and one note as evidence. The totals are computed exactly as the full scorer
   computes them, and the full scorer drops such papers too, so the prefilter changes nothing
   but speed (``Scorer(prefilter=False)`` checks that in the tests); it is what lets
   ``classify`` skip ~90 % of a CS-heavy feed after one C pass.
2. **Evidence.** One pass over each field finds every vocabulary phrase (title matches count
   double, comment and journal half; a repeated phrase adds a quarter, at most three times).
   Data scale ("1.3 billion tiles", "100,000 whole-slide images"), breadth ("across 40 clinical
   datasets") and the curator's cues read from structure are evidence too: "we present X, a
   foundation model" in one sentence and what it introduces (a *model*, or a *framework /
   method*), a title that names a model ("UNI: …") or announces one ("A foundation model for
   …"), a title whose model is the *object* of the work ("… steering of medical VLMs", "…
   with large language models"), a question in the title, a dataset or study title.
3. **Score.** A weighted sum of a handful of such components (:data:`SCORE_WEIGHTS`, fitted by
   logistic regression on the dev split, then rounded and reviewed), squashed to [0, 1];
   ``propose`` at ``propose_threshold``, ``near-miss`` at ``near_miss_threshold``.
4. **Caps** — what curators decline is at most ``near-miss`` whatever the score (:meth:`_cap`): a
   dataset, an agent/RAG system, an adaptation / fine-tune / distillation of a model, a model that
   is the object of the work ("… alignment for medical LLMs", "LLM alignment …"), a probe of
   general models, a question or study title, a training-free method, a challenge entry, a
   framework or method rather than a model, a task-specific model ("we developed a NER model"),
   pre-training for one task ("… for BI-RADS classification"), a model paper with no sign of a
   broadly transferable model (no foundation-model claim, data scale, breadth or transfer),
   benchmarks that do not evaluate biomedical foundation models (the title names them, or a
   sentence of the abstract evaluates them: an outlook "… will spur foundation models" is not
   enough), benchmarks of one task or of agents, reviews not about foundation models. Adapting a
   model to a whole domain at scale (millions of images, many tasks) is not capped: that is how
   MedSAM came about.
5. **Floor** — a biomedical paper that builds on, adapts or evaluates a foundation model, an
   LLM or an agent is at least ``near-miss``: a curator may want to see it, and it is never
   silently dropped.
6. The kind (model / review / benchmark) comes from review/benchmark evidence, the section from
   the kind or modality evidence (Clinical, Image, Genomic; Multimodal for images with text or
   several kinds of data). An image encoder whose title disowns text ("beyond text
   supervision") and an image generator that text only conditions are Image Data. A paper
   that pre-trains its own models on data at scale is a model paper whatever "benchmarking"
   its title promises; the organisers' overview of a shared task is a benchmark.
7. A work already in the catalog (or decided by a curator) is ``known`` and never proposed.
8. **The words' say.** A learned likeness model (:mod:`fmwatch.ranker`'s decision model: the
   title's and abstract's words, trained on the labelled sets) reads a paper with an abstract
   that the rules propose or hold back (not one only the floor lifted): a proposal whose words
   are unlike those of the papers curators add (below ``likeness_hold``, 0.02) is held back,
   and a near-miss benchmark whose words are theirs (``likeness_propose``, 0.8; the kinds in
   ``likeness_propose_kinds``) and whose biomedical evidence is as clear as the floor asks is
   proposed (a benchmark only when its text names foundation models, LLMs or pretrained
   models); one line of evidence says so, with the words.
   Holding back gave more precision on papers no rule was tuned on; proposing near-misses of
   every kind gave more recall on the team's summaries but mostly wrong proposals on a real
   month's abstracts, while proposing benchmarks only (the kind most missed) did better than
   not proposing on every pool measured (``benchmarks/eval_likeness.py``). It does
   not overrule curators' decisions on similar works (feedback)."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from fmwatch.anchored import Anchored, Words
from fmwatch.config import ScoringConfig
from fmwatch.errors import ConfigError
from fmwatch.identity import work_keys, work_keys_from_url
from fmwatch.models import KINDS, SUMMARY_ONLY_NOTE, Enrichment, Evidence, Paper, ScoreResult
from fmwatch.phrases import (
    Hits,
    PhraseMatcher,
    normalize,
    normalize_ascii,
    phrase_key,
    phrase_table,
)
from fmwatch.ranker import PackedWords, Ranker, Sections, load, normalized_features, packaged
from fmwatch.vocab import (
    BIOMEDICAL_EXISTING_FM,
    DEFAULT_VOCABULARIES,
    MODALITY_SECTIONS,
    build_vocabularies,
)

#: the kind a section implies (every other section is the home of models)
_SECTION_KINDS = {"Review paper": "review", "Benchmark paper": "benchmark"}
#: where the section word models may move a paper the rules filed as a model: another
#: modality, or Benchmark paper (a benchmark the rules read as a model paper). A review or a
#: benchmark the rules named stays: they rest on explicit cues ("survey of the literature",
#: "benchmark" in the title) that also tell a survey of people from a review, which the words
#: do not.
_WORDED_SECTIONS = frozenset([*MODALITY_SECTIONS.values(), "Benchmark paper"])

if TYPE_CHECKING:
    from fmwatch.enrich import Enricher

#: Below this much ``biomedical`` evidence a paper is dropped: one passing "health" or "brain"
#: in a CS abstract does not make a biomedical paper.
MIN_BIOMEDICAL = 1.5
#: Below this much evidence of a model (foundation, pre-training, LLM, agent… vocabularies
#: together) a biomedical paper is no foundation-model paper: dropped.
MIN_MODEL = 1.0
#: A near-miss by the floor rule needs clearer biomedical evidence than mere scoring does: a
#: "diagnostic benchmark" of LLM agents is not biomedical work. So does a near-miss the words
#: propose (step 8): "PointQ-Bench: Benchmarking Diagnostic … Point Cloud Quality Assessment"
#: is worded as benchmarks are, and about point clouds.
MIN_BIOMEDICAL_FLOOR = 2.0
#: A title naming molecules or chemistry: the model is of compounds, ligands, molecular graphs
#: or cryo-EM densities, which curators do not add however general it is (the labelling
#: standard's AlphaFold 3 precedent; Chem42, MolE and CryoFM were proposed as Genomic data).
#: Protein and nucleic-acid language models, which they add, are named otherwise.
_MOLECULE_TITLE_RE = re.compile(
    r"\bchemical|\bchemistry\b|ligand|cryo-?em\b|docking|\bsmiles\b|small[- ]molecule"
    r"|molecular graph|\bmolecules?\b|drug-like|retrosynth"
)
_PLAIN_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")
#: The word itself ("benchmark", "benchmarking", "…Bench"), not its evaluation synonyms.
_BENCHMARK_WORD_RE = re.compile(r"bench(?:mark\w*)?\b")
#: The noun alone ("… Benchmark", "OralMLLM-Bench"), not the verb ("Benchmarking GPT-4V …").
_BENCHMARK_NOUN_RE = re.compile(r"bench(?:marks?)?\b")

#: How much a phrase counts depending on where it was found.
FIELD_WEIGHTS: dict[str, float] = {"title": 2.0, "abstract": 1.0, "comment": 0.5, "journal": 0.5}

#: Texts longer than this are scored on their first part only: a 100 KB "abstract" is not an
#: abstract, and scanning it would make one bad record cost as much as a thousand good ones.
MAX_FIELD_CHARS = 20_000
#: the decision model's column among the word models the scorer reads at once (not a section)
_DECISION = "\x00decision"
#: the fewest abstract words for the likeness model to have its say (it learned from abstracts
#: of 60–180 words; a journal's one-line summary or a stub says too little)
LIKENESS_MIN_WORDS = 40

# -- data scale ---------------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "tens": 10,
    "dozens": 24, "hundred": 100, "hundreds": 100, "thousands": 1000, "millions": 1e6,
    "billions": 1e9, "trillions": 1e12,
    # "over a million pairs", "half a million instructions", "several hundred thousand images"
    "a million": 1e6, "half a million": 5e5, "a billion": 1e9, "a trillion": 1e12,
}  # fmt: skip
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
    "t": 1e12,
}
_NUM_HEAD_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")(?:\s*(?:of\s+)?(?P<mult>[kmbt]\b|(?:thousand|million|billion|trillion)(?=s?\b)))?s?\+?"
)
_UNITS = (
    "whole-slide images", "slides", "wsis", "images", "image-text pairs", "pairs", "cells",
    "patients", "tiles", "patches", "scans", "volumes", "sequences", "proteins", "genomes",
    "species", "reports", "notes", "records", "tokens", "participants", "individuals", "samples",
    "studies", "ecgs", "recordings", "exams", "examinations", "radiographs", "x-rays", "videos",
    "parameters", "sections", "lesions", "visits", "encounters", "amino acids", "residues",
    "nucleotides", "base pairs", "molecules", "compounds", "structures", "documents", "articles",
    "abstracts", "publications", "words", "masks", "profiles", "spectra", "subjects", "hours",
    "people", "persons", "photographs", "photos", "frames", "clips", "figures", "captions",
    "cases", "transcriptomes", "spots", "papers", "dialogues", "conversations", "questions",
    "segments", "beats", "heartbeats", "waveforms", "signals",
)  # fmt: skip
#: Where a large number may start: digits followed by a separator group, five digits or a
#: magnitude, or a number word followed by a magnitude ("two million").
_NUMBER_RE = re.compile(r"[0-9][0-9,.]*")
#: ASCII digits as "0", "," and "." as ",", every other byte a space: in an ASCII text so
#: masked, :data:`_NUMBER_RE`'s matches are the runs of :data:`_MASKED_NUMBER_RE`, which opens
#: with a literal (a fast scan) where the other opens with a class (tested at every character:
#: 8 µs on an abstract, against 2.5)
_NUMBER_MASK = bytes(48 if 48 <= c <= 57 else 44 if c in (44, 46) else 32 for c in range(256))
_MASKED_NUMBER_RE = re.compile(rb"0[0,]*")
_MAGNITUDE_WORDS = (" thousand", " million", " billion", " trillion", "k ", "m ", "b ", "t ")
#: Units whose scale is evidence of biomedical pre-training data (not people in a trial, not
#: parameters of a model, not questions of a benchmark).
_PEOPLE_UNITS = {"patients", "participants", "individuals", "subjects", "people", "persons"}
_WEAK_UNITS = {"questions", "dialogues", "conversations", "cases"}

# -- breadth: "across 40 clinical datasets", "nine modalities" ------------------------------------
_BREADTH_UNITS_LIST = (
    "tasks", "datasets", "benchmarks", "cohorts", "organs", "modalities", "cancer types",
    "tissue types", "diseases", "disease types", "applications", "institutions", "hospitals",
    "centers", "centres", "countries", "species", "endpoints", "anatomical sites", "anatomies",
    "body parts", "tumor types", "tumour types", "cell types", "evaluations", "assays",
    "specialties", "conditions", "languages", "domains",
)  # fmt: skip
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
#: What may not stand between a number and its unit of scale, or of breadth (one search, not a
#: test per character).
_CLAUSE_BREAK = re.compile(r"[.;:()]")
_COUNT_BREAK = re.compile(r"[.;:()%]")
_BREADTH_WORDS: dict[str, int] = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "dozens": 24, "hundreds": 100,
}  # fmt: skip


# -- title shapes ------------------------------------------------------------------------------
#: "UNI: …", "SAM-Med3D: …", "Virchow 2: …": the paper names its own model.
#: ("Seizure-Semiology-Suite (S3): …": a name may carry its acronym)
_TITLE_NAME_RE = re.compile(
    r"^\s*(?P<name>[A-Za-z][\w\-.+]{1,30}(?:\s[\w\-.+]{1,15})?)(?:\s\([\w\-.+]{1,15}\))?\s*:"
)
#: A foundation-model phrase preceded by a preposition or a verb of use: the model is the object
#: of the work ("steering of medical VLMs", "adapting SAM for …", "benchmarking … models").
_OBJECT_MARKERS = (
    "of", "for", "in", "on", "with", "using", "from", "via", "into", "by", "to", "across", "at",
    "adapting", "adapt", "tuning", "steering", "steer", "prompting", "probing", "benchmarking",
    "evaluating", "auditing", "distilling", "pruning", "leveraging", "unlocking", "boosting",
    "interpreting", "explaining", "analyzing", "analysing", "attacking", "compressing",
    "customizing", "customising", "repurposing", "tailoring", "specializing", "specialising",
    "do", "does", "can", "are", "will", "what", "when", "how", "why",
    # a model compared against ("Comparing pathology foundation models …", "simple baselines
    # outperform single-cell foundation models"): what the study measures, not its product
    "comparing", "compare", "versus", "vs", "than", "outperform", "outperforms", "outperforming",
    "beat", "beats", "beating", "surpass", "surpasses", "rival", "rivals",
)  # fmt: skip
#: What is done *to* a model in "… alignment / fine-tuning / distillation for medical LLMs".
_ADAPTING_NOUNS = frozenset(
    {
        "alignment", "tuning", "finetuning", "fine-tuning", "post-training", "posttraining",
        "adaptation", "distillation", "prompt", "prompting", "steering", "pruning", "quantization",
        "unlearning", "editing", "jailbreaking", "jailbreak", "jailbreaks", "attacks",
        "watermarking", "compression", "red-teaming", "calibration",
    }
)  # fmt: skip
#: Words of scale after "… models pretrained on": the title's own pre-training.
_TRAINED_AT_SCALE = frozenset(
    {"large", "massive", "millions", "million", "billions", "billion", "trillions", "trillion"}
)
#: Foundation-model claims a title makes about its own product ("a general-purpose …").
_CLAIM_PHRASES = frozenset(
    phrase_key(p)
    for p in (
        "foundation model", "foundational model", "generalist", "general-purpose",
        "all-purpose", "generalist medical",
        *(f"multimodal {d} ai" for d in ("biomedical", "medical", "clinical", "health")),
    )
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"of", "for", "in", "on", "with", "using", "from", "via", "into", "by", "to", "across"}
)
#: Prepositions that make a title's model the means, not the subject: "… prediction with
#: protein language model embeddings" uses one model for a task, it does not evaluate models.
_INSTRUMENTAL = frozenset({"with", "using", "via", "by"})
_MODEL_NOUN = re.compile(
    r"\b(?:models?|encoders?|transformers?|learners?|assistants?|llms?|vlms?|mllms?|lvlms?)$"
)
#: Titles of studies about models: "… scaling laws", "rethinking …", "… matters", "mapping …".
_STUDY_OF_MODELS_WORDS = (
    r"scaling laws?|lessons|insights|revisiting|rethinking|pitfalls|"
    r"case study|empirical study|audit|auditing"
)
#: Where a match of :data:`_STUDY_RE` begins (its words, for :class:`Anchored`).
_STUDY_STARTS = (
    "scaling law", "lessons", "insights", "revisiting", "rethinking", "pitfalls", "case study",
    "empirical study", "audit", "analy", "mapping", "diagnos", "gap", "matters", "detour",
    "pilot study", "experimental study", "mirage", "improve", "compar", "validation",
    "evaluation", "assessment",
)  # fmt: skip
_STUDY_RE = Anchored(
    re.compile(
        r"\b(?:" + _STUDY_OF_MODELS_WORDS + r"|analys[ie]s of|analy[sz]ing|mapping|"
        r"diagnos(?:is|ing) of|gap|matters|detour|"
        r"pilot study|experimental study|mirage|improves|"
        r"(?<!to )improve|comparing|comparison of|comparative)\b|"
        r"^(?:validation|evaluation|assessment) of\b"
    ),
    _STUDY_STARTS,
)
#: Words that make a title a study of models whatever else it says ("Exploring Scaling Laws for
#: EHR Foundation Models" announces no model of its own): unlike "analysis of" or "gap", no
#: model paper's title uses them of its own product.
_STUDY_OF_MODELS_RE = re.compile(r"\b(?:" + _STUDY_OF_MODELS_WORDS + r")\b")
#: The abstract's own words for a product made from someone else's model: "a version of Gemini
#: fine-tuned to …", "combines two existing foundation models", "takes an existing retinal
#: foundation model and further trains it", "built from existing foundation models", "by
#: adapting a pretrained model with specialty corpora".
_EXISTING_MODELS = r"existing (?:[\w-]+ ){0,3}?(?:models?|llms?|vlms?|encoders?|backbones?)\b"
#: The paper puts someone's pretrained model to use: "the authors use the ESM1b protein language
#: model", "we use as encoders a vision transformer pretrained on …", "the model uses DINOv2, a
#: vision foundation model, …". Not "we use large language models to caption …" (a tool for the
#: data) nor "we use our pretrained encoder" (its own). Read only for the count it was
#: pretrained on (:data:`_PRETRAINED_ON_RE`): as a derived-product phrase it capped new
#: vision-language models that say "we use a pretrained text encoder", as most do, and slide
#: models that use "Virchow, a pathology foundation model" to embed their tiles.
_USES_NAMED_FM = (
    r"\b(?:uses|employs|adopts|leverages|repurposes|adapts) [\w.-]+, an? (?:[\w-]+ ){0,3}?"
    r"foundation model\b"
)
_USES_PRETRAINED_RE = re.compile(
    r"\b(?:we|the authors|they|the model|it) (?:use|uses|employ|employs|adopt|adopts|leverage|"
    r"leverages) (?:as [\w-]+ )?(?!our |its |their )(?:an? |the )?(?:[\w.-]+ ){0,3}?"
    r"(?:pre-?trained|foundation models?|protein language models?)\b|" + _USES_NAMED_FM
)
#: A count that is what a model was pretrained on ("… a vision transformer pretrained on 104
#: million patches"), not what the paper trains it on ("… and continue pre-training it on 2
#: million scans", "fine-tune it on …"): read just before the number.
_PRETRAINED_ON_RE = re.compile(r"\bpre-?trained on (?:over |about |nearly |more than )?$")
#: Where a match of :data:`_DERIVED_PRODUCT_RE` begins (for :class:`Anchored`).
_DERIVED_PRODUCT_STARTS = (
    "buil", "developed", "derived", "obtained", "constructed", "combines", "couples",
    "integrates", "takes a", "adapt", "repurpos", "a version", "an version", "a variant",
    "an variant", "by adapting", "by fine", "start", "fine-tun", "finetun",
)  # fmt: skip
_DERIVED_PRODUCT_RE = Anchored(
    re.compile(
        r"\b(?:built|developed|derived|obtained|constructed) (?:up)?(?:on|from) (?:top of )?"
        r"(?:two |several |an? )?" + _EXISTING_MODELS + "|"
        r"\b(?:combines|couples|integrates) (?:two |several )?" + _EXISTING_MODELS + "|"
        r"\btakes an? " + _EXISTING_MODELS + "|"
        # "adapting an existing segmentation foundation model to volumetric CT"
        r"\b(?:adapt(?:s|ed|ing)?|repurpos(?:e|es|ed|ing)) (?:an? |the )?" + _EXISTING_MODELS + "|"
        r"\ban? (?:version|variant) of [\w.-]+ (?:that is |which is )?"
        r"(?:fine-?tuned|adapted|instruction-tuned)\b|"
        r"\bby (?:adapting|fine-?tuning) an? (?:existing |general[- ]purpose |general[- ]domain )?"
        r"pre-?trained (?:language |vision )?model\b|"
        # "our network builds on a vision foundation model pretrained on natural images", "a
        # plugin built on the X foundation model": someone's foundation model is what it is made of
        # (not "builds upon the recent success of foundation models", "builds on advances in
        # foundation models" or "builds on the foundation model paradigm": a background of a field)
        r"\bbuil(?:ds?|t) (?:up)?on (?:top of )?(?:an? |the )?"
        r"(?:(?!(?:of|in|recent|advances?|progress|success(?:es)?|developments?|ideas?)\b)"
        r"[\w-]+ ){0,3}?"
        r"foundation models?\b(?! (?:paradigm|approach|concept|idea|era|literature|research|"
        r"revolution|success|advances|trend)\b)|"
        # "starts from a pretrained genome model and trains it further", "starting from a network
        # pretrained on natural images": initialised from someone's model, then adapted (not
        # "starts from scratch rather than pretrained weights", nor "starts from our pretrained
        # encoder", the paper's own)
        r"\b(?:starts?|started|starting) from (?:an? |the )?"
        r"(?:(?!(?:scratch|random\w*|rather|instead|than|not|our|its)\b)[\w-]+ ){0,3}?"
        r"(?:pre-?trained|foundation)\b|"
        # "they fine-tune a LLaVA-style model on this data to obtain X": X is that model, tuned
        r"\bfine-?tun(?:e|es|ed|ing) (?:an? |the )?[^.;]{0,80}?\bto (?:obtain|produce|yield)\b"
    ),
    _DERIVED_PRODUCT_STARTS,
)
#: Words that put a sentence about others' work before the phrase: "most current tools are
#: built on …", "unlike prior systems such as …".
_BACKGROUND_RE = re.compile(
    r"\b(?:(?<!the )most|many|prior|previous|current|existing (?:approaches|methods|tools|"
    r"systems)|"
    r"unlike|such as|typically|usually|often|commonly|conventional(?:ly)?|recent)\b"
)
#: What a title claims models lack ("Medical large language models are vulnerable to …",
#: "VLMs fail to …"): a study of their weakness, not the announcement of a model.
_WEAK_VERBS = frozenset(
    {"fail", "fails", "struggle", "struggles", "cannot", "lack", "lacks", "hallucinate", "mislead"}
)
_WEAK_STATES = frozenset(
    {
        "vulnerable", "not", "unreliable", "biased", "brittle", "susceptible", "unsafe",
        "fragile", "overconfident",
    }
)  # fmt: skip


def _weakness_claim(after: list[str]) -> bool:
    """The words after a title's model phrase claim a weakness: "fail …", "are vulnerable …"."""
    return bool(after) and (
        after[0] in _WEAK_VERBS
        or (
            after[0] in ("are", "is", "remain", "remains")
            and after[1:2] != []
            and after[1] in _WEAK_STATES
        )
    )


#: Text as what an image model does without: "beyond text supervision", "image-only".
_TEXT_NEGATED_RE = Anchored(
    re.compile(
        r"\b(?:beyond|without|no|instead of|rather than) (?:text|language|report)s?"
        r"(?:[- ](?:supervision|supervised|pairs|labels))?\b|"
        r"\b(?:image-only|image only|vision-only|unimodal|uni-modal|"
        r"solely on (?:unimodal|images))\b"
    ),
    (
        "beyond",
        "without",
        "no",
        "instead of",
        "rather than",
        "image-only",
        "image only",
        "vision-only",
        "unimodal",
        "uni-modal",
        "solely on",
    ),
)
#: A model whose output is images: "generation of realistic chest X-ray images", "text-to-image".
_GENERATES_IMAGES_RE = Anchored(
    re.compile(
        r"\btext-to-image\b(?!(?: and [\w-]+)? (?:retrieval|search|matching))|"
        r"\b(?:image|x-ray|radiograph|scan) (?:generation|synthesis)\b|"
        r"\b(?:generation of|generat(?:e|es|ing)|synthesi[sz](?:e|es|ing)) (?:[\w-]+ ){0,3}"
        r"(?:images|x-rays|radiographs|scans|volumes)\b"
    ),
    ("text-to-image", "image", "x-ray", "radiograph", "scan", "generat", "synthesi"),
)
#: What makes an image generator multimodal after all: it also answers, reports or captions.
_UNDERSTANDS_IMAGES_RE = re.compile(
    r"\b(?:question answering|vqa|report generation|generates? (?:\w+ )?reports|captioning|"
    r"dialogue|conversation|understanding)\b"
)
#: A release of models: "technical report", "a family / collection of … models", "open-source …
#: models", "we release the weights", "the models are publicly available". With a model the
#: abstract introduces, the mark of a new model rather than of work done *on* one.
_RELEASE_RE = Anchored(
    re.compile(
        r"\btechnical report\b|"
        r"\b(?:family|collection|suite|series) of (?:[\w-]+ ){0,5}?"
        r"(?:models?|llms?|encoders?|transformers?|fms?)\b|"
        r"\bopen-?source[d]? (?:[\w-]+ ){0,4}?(?:models?|llms?|encoders?|weights)\b|"
        r"\b(?:we|are|is|were|been) (?:openly |publicly |freely )?(?:release[ds]?|open-sourced?)\b|"
        r"\breleas(?:e|ing) (?:the |our |all )?(?:[\w-]+ ){0,3}?(?:models?|weights|checkpoints)\b|"
        r"\b(?:models?|weights|checkpoints)\b[^.;]{0,60}\b(?:are|is) "
        r"(?:openly |publicly |freely )?(?:available|released)\b"
    ),
    (
        "technical report",
        "family",
        "collection",
        "suite",
        "series",
        "open-source",
        "opensource",
        "we",
        "are",
        "is",
        "been",
        "releas",
        "model",
        "weights",
        "checkpoints",
    ),
)
#: The authors release *pre-trained* models for others to build on: "the pretrained models are
#: released", "we release the pre-trained weights". A foundation model's offer to its field,
#: whatever its title studies or names as a task; unlike "code and pretrained weights are
#: available at …", which a task model's checkpoint link also says (the verb must release).
_RELEASES_PRETRAINED_RE = Anchored(
    re.compile(
        r"\bpre-?trained (?:models?|weights|encoders?|checkpoints|backbones?)\b[^.;]{0,40}\b"
        r"(?:are|is|will be|have been|has been) (?:openly |publicly |freely )?"
        r"(?:released|open-sourced?)\b|"
        r"\b(?:we|authors) (?:also |publicly |openly )?(?:release|open-source)[sd]? "
        r"(?:the |our |all )?(?:[\w-]+ ){0,2}?pre-?trained "
        r"(?:models?|weights|checkpoints|encoders?|backbones?)\b"
    ),
    ("pretrained", "pre-trained", "we", "authors"),
)
_SENTENCE_END_RE = re.compile(r"[.;?!]\s")
#: A sentence that evaluates models: "we evaluate / benchmark / compare …", "assessing …".
_EVALUATES_RE = re.compile(
    r"\b(?:evaluat\w*|benchmarking|benchmarked|we benchmark|compar(?:e|es|ed|ing)|"
    r"assess(?:es|ed|ing)?|we test|tested|testing|outperform\w*)\b"
)
#: "The Biosignal Transformer (BIOT) turns …": a model name defined by its acronym and used as
#: the subject of a verb introduces that model as surely as "we propose BIOT, a …".
_DEFINED_NAME_RE = Anchored(
    re.compile(
        r"(?:^|(?<=[.;!?]\s))[Tt]he ((?:[A-Z][\w\-]*\s+){0,4}[A-Za-z][\w\-]*)\s+"
        r"\(([A-Z][\w\-]{1,20})\)\s+(?:is an?\s|[a-z]+s\b)"
    ),
    ("The ", "the "),
)
#: Names of resources in a title: a capital after the first letter ("CMExam", "EHRNoteQA",
#: "MI-CXR"); acronyms of model classes and data types are not names.
_RESOURCE_NAME_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
_GENERIC_ACRONYMS = frozenset(
    {
        "llm", "llms", "vlm", "vlms", "mllm", "mllms", "lmm", "lmms", "ai", "ct", "mri", "ehr",
        "ehrs", "ecg", "eeg", "gpt-4", "gpt-4v", "gpt-4o", "qa", "vqa", "nlp", "pet", "oct",
        "wsi", "wsis", "rag", "fm", "fms", "x-ray", "x-rays", "covid-19",
    }
)  # fmt: skip
#: What follows a resource's name when the abstract describes it: "… is built from", "…
#: contains 962 question-answer pairs".
_DESCRIBES_RE = re.compile(
    r"\s+(?:(?:is|was)\s+(?:built|constructed|curated|derived|drawn|collected|compiled|"
    r"sourced|assembled)|contains|comprises|consists\s+of|includes|covers|spans|holds|provides)\b"
)
#: A character that joins a name to the word before it ("sub-CMExam", "xCMExam").
_NAME_JOINER_RE = re.compile(r"[\w-]")
#: Pre-training on a public corpus of a whole domain: data at scale even without a count.
_CORPORA = (
    "pubmed", "pmc", r"mimic(?:-iii|-iv|-cxr)?", "uk biobank", "tcga", "cellxgene", r"uniref\d*",
    "uniprot", "human cell atlas", "gtex",
)  # fmt: skip
_NAMED_CORPUS_RE = Anchored(
    re.compile(
        r"\b(?:pre-?train(?:ed|ing|s)?|self-supervised)\b[^.;]{0,160}?"
        r"\b(?:on|using|from)\b[^.;]{0,60}?"
        rf"\b({'|'.join(_CORPORA)})\b"
    ),
    ("pretrain", "pre-train", "self-supervised"),
)
#: Pre-training on data at scale said in words: "pretraining on large unlabelled ECG
#: collections", "learning from vast unannotated MRI archives", "we pretrain on a large
#: collection of public CT volumes", "continued pretraining on a large corpus of medical text".
_PRETRAINING_ON_UNLABELLED_RE = Anchored(
    re.compile(
        r"\b(?:pre-?train(?:ed|ing|s)?|learn(?:ed|ing|s)?)\s+(?:[a-z-]+\s+){0,4}?(?:on|from)\s+"
        r"(?:large|vast|massive|large-scale)\s+(?:amounts\s+of\s+)?(?:unlabell?ed|unannotated)\s+"
        r"(?:[a-z0-9-]+\s+){0,2}?"
        r"(?:collections?|corpora|corpus|archives?|datasets?|data|recordings|"
        r"scans|images|volumes|videos|cohorts|slides|sequences)\b|"
        r"\bpre-?train(?:ed|ing|s)?\s+(?:[a-z-]+\s+){0,4}?(?:on|from)\s+"
        r"(?:an?\s+|the\s+|[a-z]+\s+)?(?:very\s+)?(?:large|vast|massive|large-scale)\s+"
        r"(?:[a-z0-9-]+\s+){0,2}?(?:collections?|corpora|corpus|compendium|archives?|cohorts)\b"
    ),
    ("pretrain", "pre-train", "learn"),
)
#: The words of size one of which :data:`_PRETRAINING_ON_UNLABELLED_RE` needs (a cheap test).
_LARGE_WORDS = ("large", "vast", "massive")
#: … and one of which it needs too: "unlabelled"/"unannotated" or "pre-train"
_PRETRAIN_WORDS = ("unlabel", "unannotated", "pretrain", "pre-train")
#: Words by which a sentence speaks of what others usually do, not of the paper's own work.
_ELSEWHERE_CUES = r"unlike|existing|conventional[a-z]*|typically|usually|often"
#: A sentence that says what others do or need, not what the paper does: "Unlike foundation
#: models, which require pretraining on …", "… has transformed natural image recognition".
_BACKGROUND_CUE_RE = re.compile(
    r"\b(?:" + _ELSEWHERE_CUES + r"|requir[a-z]*|ha(?:s|ve) (?:transformed|revolutioni[sz]ed|"
    r"enabled)|semi-supervised|alongside|natural images?|such as|whereas|prior|previous)\b"
)
#: Background cues that, after a phrase, name what the paper compares itself with.
_COMPARED_CUE_RE = re.compile(r"such as|existing|prior|previous|unlike|conventional[a-z]*")
#: A vision-language product: "a vision-language model", "a multimodal large language
#: model", "an image-text foundation model", "VLM".
_VL_PRODUCT_RE = re.compile(
    r"\b(?:vision[- ]language|visual[- ]language|image[- ]text|language[- ]image|"
    r"multi-?modal (?:large )?language)\s+(?:foundation\s+)?(?:models?|assistants?)\b|"
    r"\b(?:vlm|mllm|lvlm)s?\b"
)
#: One of these is in every match of :data:`_VL_PRODUCT_RE`: the product an introducing phrase
#: names (at most 120 characters after it) is cut out and searched only when they are there
#: (for one phrase in five; cutting and searching cost 8 µs)
_VL_WORDS = ("language", "text", "vlm", "mllm")
#: An evaluation suffix naming what was evaluated on: ": A Systematic Evaluation in Brain
#: Tumor Classification", ": a comparative study for polyp segmentation".
_EVALUATION_SUFFIX_RE = re.compile(
    r":\s*(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:evaluation|study|analysis|comparison|benchmark(?:ing)?)"
    r"\s+(?:in|on|for|of)\s+([\w -]{3,60}?)\s*$"
)
#: Where a sentence that introduces a product turns from naming it to other things.
_PRODUCT_STOP_RE = re.compile(
    r",?\s+(?:which|that|than|such as|like|outperform[a-z]*|surpass[a-z]*|beat[s]?|over|"
    r"against|compared|whereas|while|without)\b|(?<!family )(?<!series )(?<!suite )\bof\b"
)
#: A cheap test before :data:`_NAMED_CORPUS_RE`: one of its corpora is named at all.
_CORPUS_NAMES = tuple(re.match(r"[a-z ]+", piece).group(0) for piece in _CORPORA)  # type: ignore[union-attr]
#: One of these is in every match of :data:`_SELF_OVERVIEW_RE`: the cheap test before it
#: (:func:`_mentions_overview`)
_OVERVIEW_WORDS = ("overview", "review", "survey", "summar")
#: Words whose mere presence in the lower-cased abstract the scorer asks about before a
#: costlier search (a pattern needs one of them): a paper was asked fifteen of them, each an
#: ``in`` test of the whole abstract, where one pass finds all (:attr:`Features.abstract_cues`)
_ABSTRACT_CUES = Words(
    [
        *("trained", "releas", "open-sourc", "train", *_LARGE_WORDS, *_PRETRAIN_WORDS),
        *("from scratch", "benchmark", "dataset", "corpus", "test s", "evaluation suite"),
        *_CORPUS_NAMES,
        *_OVERVIEW_WORDS,
    ]
)


#: A benchmark's name: "LAB-Bench", "MedXpertQA", "MedHELM", "MedEval", "BioMedArena".
_BENCHMARK_NAME_RE = re.compile(r"(?:bench|qa|helm|eval|arena|exam)(?:[- ]?\d+(?:\.\d+)?)?\s*$")
#: Any "(ACRONYM)" of an abstract: the candidates :data:`_DEFINED_NAME_RE` looks at.
_PAREN_ACRONYM_RE = re.compile(r"\(([A-Z][\w\-]{1,20})\)")
#: A title that evaluates a class of models: "Measuring … of medical vision-language models",
#: "Evaluating multimodal models for …", "Benchmarking pathology foundation models".
_TITLE_EVALUATES_RE = re.compile(
    r"\b(?:evaluat(?:ing|ion of|ions of)|measuring|assessing|assessment of|quantifying|"
    r"comparing|comparison of|benchmarking|auditing)\b"
    # (bounded: an unbounded lazy run made a 20,000-character title cost a third of a second)
    r"[^:]{0,300}?\b(?:models|llms|vlms|mllms|lvlms|lmms|fms|encoders)\b"
)
#: What every match of :data:`_TITLE_EVALUATES_RE` opens with: a title without any of them (nine
#: in ten) is not searched
_EVALUATING_WORDS = (
    "evaluat", "measuring", "assess", "quantifying", "compar", "benchmarking", "auditing",
)  # fmt: skip
#: A test set the paper builds: a benchmark, or a count of test items ("on 856 stratified
#: radiographs", "draws on 284 datasets", "1,200 clinical vignettes").
_TEST_SET_RE = re.compile(
    r"\b(?:benchmark|test set|test suite|evaluation set|evaluation suite)\b|"
    r"\b[0-9][0-9,.]*(?:\s+(?:thousand|k))?\s+(?:[\w\-]+\s+){0,3}"
    r"(?:datasets|questions|question-answer pairs|qa pairs|cases|vignettes|images|radiographs|"
    r"scans|slides|items|tasks|samples|reports)\b"
)
#: Vocabularies of a model class a title may evaluate ("medical VLMs", "multimodal models").
_EVALUATED_CLASSES = frozenset(
    {"domain_fm", "foundation", "llm", "vision_language", "multimodal", "pretraining"}
)
#: "… for general medical AI": the generalist medical model as a class.
_GENERAL_MEDICAL_RE = re.compile(
    r"\b(?:general|generalist|general-purpose) (?:medical|biomedical|clinical|healthcare) "
    r"(?:ai|intelligence|models?)\b"
)
#: "a Genomic Pre-trained Network": a network that is pre-trained is a model, not a method.
_PRETRAINED_WORDS = frozenset({"pretrained", "pre-trained", "foundation", "self-supervised"})
#: "Accepted to the … (FETUS) Challenge" in a comment (not "grand-challenge.org", a platform).
_COMMENT_CHALLENGE_RE = re.compile(r"(?<![\w\-])challenge(?![\w\-.])", re.IGNORECASE)
#: "… for BI-RADS classification": what follows the title's last "for", one task, no list.
_FOR_TASK_RE = Anchored(re.compile(r"\bfor\s+(?!.*\bfor\b)([^,;:&]*)$"), ("for",))
_TAIL_STOP_RE = re.compile(r" (?:in|of|on|from|with|using|via|beyond|under|across|by) ")
#: a title naming a foundation model or LLM as what its system is built on ("FM-FoG: A Real-Time
#: Foundation Model-based Wearable System …", "… using a language model-based deep learning
#: approach"), not a foundation model that the title then names as its product ("GPT-PPG: A
#: GPT-based Foundation Model for …")
_BUILT_ON_FM_TITLE_RE = re.compile(
    r"\b(?:foundation[- ]models?|m?llms?|lmms?|l?vlms?|(?:large )?language models?|"
    r"(?:chat)?gpt(?:-?\d(?:\.\d)?)?(?:o|v)?(?:-mini)?)-based\b"
    # (a model the title names after it as its product, a few words between, none of them a
    # preposition: "… for clinical language models" names what the system works on)
    r"(?! (?:(?!(?:for|of|to|into|with|using|via|in|on|and)\b)\w+[ -]){0,4}"
    r"(?:foundation|language) models?\b)"
)
#: an abstract saying its dataset is a benchmark ("the dataset serves as a benchmark for …")
_SERVES_AS_BENCHMARK_RE = re.compile(
    r"\b(?:serves?|serving|used|acts?) as (?:an?|the) (?:\w+ )?benchmark\b"
)
#: the abstract saying a resource is released ("… and is released as an open dataset", "we
#: release …"), not only available ("the publicly available MIMIC-IV")
_RESOURCE_RELEASED_RE = re.compile(
    r"\b(?:is|are|will be|has been|have been) (?:also )?(?:openly |publicly |freely )?"
    r"(?:released|made (?:openly |publicly |freely )?available|open-sourced)\b|"
    r"\bwe (?:also )?(?:publicly |openly )?release\b|\bopen dataset\b"
)
#: the abstract describing the benchmark or dataset it made as its subject, by what it holds
#: ("the benchmark consists of 90 multiple-choice questions", "this dataset comprises …")
_THIS_RESOURCE_RE = re.compile(
    r"\b(?:the|this|our) (?:new |resulting |proposed )?(?:benchmark|dataset|test set|question set) "
    r"(?:consists of|comprises|contains|includes|covers|is made up of)\b"
)
_CHALLENGE_RE = Anchored(
    re.compile(r"\b(?:shared task|track|competition)\b|\bchallenge (?:20\d\d|overview)"),
    ("shared task", "track", "competition", "challenge"),
)
#: The organisers' report of a shared task: "Overview of the MedHopQA Track at BioCreative IX",
#: "Findings of the … Shared Task" (not "An Overview of the Challenges of …": plural, a review's).
_TASK_OVERVIEW_RE = re.compile(
    r"\s*(?:an?\s+)?(?:overview|findings|summary)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,8}?"
    r"(?:shared\s+tasks?|track|challenge|competition)\b"
)
_DATASET_RE = re.compile(
    r"\b(?:datasets?|data ?set|resource|corpus|corpora|instructions|charts|cohort)\b", re.IGNORECASE
)
#: What every match of :data:`_DATASET_RE` in an ASCII text holds, lower-cased.
_DATASET_WORDS = ("data", "resource", "corp", "instructions", "charts", "cohort")
#: "… across / from / on (many) datasets": data the model learns from, not the product.
_DATA_USED_RE = re.compile(
    r"\b(?:across|from|on|over|between|using|with)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
#: The review phrases in which a paper speaks of itself ("this review", "we survey"): taken
#: from the review vocabulary, so a genre added there ("this primer") counts here too; as
#: (vocabulary, phrase) keys, which :attr:`Features.phrases` holds.
_SELF_REVIEW = frozenset(
    ("review", phrase_key(p))
    for p in DEFAULT_VOCABULARIES["review"]
    if p.startswith(("this ", "we review", "we survey", "in this review"))
)
#: The abstract calls the paper an overview of others' work: "we provide a comprehensive
#: overview of …", "this article surveys …", "we summarise recent advances in …".
_SELF_OVERVIEW_RE = Anchored(
    re.compile(
        r"\b(?:we|they|the authors|this (?:paper|article|work|chapter|manuscript))\s+"
        r"(?:(?:provide|present|offer|give|conduct|perform)s?\s+an?\s+(?:[a-z-]+\s+){0,2}?"
        r"(?:overview|review|survey)\b(?!\s+(?:of|on)\s+(?:our|the proposed))"
        r"|(?:survey|summari[sz]e|overview)s?\s+(?:the\s+)?(?:recent|current)\s+"
        r"(?:advances|progress|developments|literature|work|research))"
        r"|\bthis\s+(?:narrative|systematic|scoping|comprehensive|critical|brief)\s+"
        r"(?:review|survey|overview)\b"
        # "this international collaborative review", "this Korean-society review": any words
        # before "review" (not "survey": "this nationwide survey" asks people; not "this
        # retrospective chart review" or "this retrospective review of 400 patients", clinical
        # studies of patients' records)
        r"|\bthis\s+(?:[a-z-]+\s+){1,3}?(?<!chart\s)(?<!record\s)(?<!records\s)"
        r"(?<!retrospective\s)review\b"
    ),
    ("we", "they", "the authors", "this"),
)
#: The abstract introduces a benchmark: "we present MorphoHELM, an open benchmark …", "we
#: construct a benchmark of …" (the object of the introducing verb, within one clause).
_BUILDING_VERBS = (
    "introduce|present|propose|release|construct|build|curate|develop|establish|assemble|"
    "compile|create"
)


#: Who introduces something in an abstract ("we", "this paper", "the authors"), as a pattern
#: and as the literal starts an :class:`Anchored` search tries it at.
_INTRODUCER = r"\b(?:we|they|(?:this|the) (?:paper|work|study)|the authors)\s+"
_INTRODUCER_STARTS = (
    "we", "they", "this paper", "this work", "this study", "the paper", "the work", "the study",
    "the authors",
)  # fmt: skip


def _introduces(verbs: str, nouns: str) -> Anchored:
    """ "We / they / this paper / the authors <verb> … a/the/our … <noun>", within one
    clause (of lower-cased text). The name may be spelt out in parentheses before the noun
    ("we introduce ReDose (REddit Drug DOSe and Effect), a dataset of …")."""
    return Anchored(
        re.compile(
            _INTRODUCER
            + r"(?:"
            + verbs
            + r")s?\s+(?:[^.;:()]{0,60}?(?:\([^()]{0,40}\),?)?[\s,])?(?:an?|the|our)\s+"
            r"(?:[a-z0-9-]+\s+){0,4}?(?:" + nouns + r")\b"
        ),
        _INTRODUCER_STARTS,
    )


_BENCHMARK_INTRO_RE = _introduces(_BUILDING_VERBS, "benchmark|benchmarking suite|evaluation suite")
#: The abstract introduces a dataset of its own ("the authors curate a dataset of 2,400 …", "we
#: release a corpus of …"): in a paper that is about evaluating models, a test set it releases.
_DATASET_INTRO_RE = _introduces(
    _BUILDING_VERBS + "|collect", "dataset|data set|corpus|test set|question set"
)
#: A resource the authors build, named and counted in place of a noun: "the authors assemble
#: K-QA, 1,212 questions …", "this work assembles ReDis-QA, 1,360 question-answer pairs": a
#: dataset of their own as surely as "a dataset of 1,212 questions" would be.
_COUNTED_RESOURCE_INTRO_RE = Anchored(
    re.compile(
        _INTRODUCER
        + r"(?:(?:"
        + _BUILDING_VERBS
        # (each part can match a stretch of text one way only: "a-a-a-…" without the comma, or
        # a run of spaces, once made it quadratic, 37 s on 100 KB)
        + r")s?\s+[a-z][\w-]*(?: [\w-]+)?,\s+(?:an? (?:set|collection|bank|corpus) of )?"
        # (what is generated, named and said to be a set is data: "the authors generate EBMQA,
        # a set of about 105,000 … questions"; without the set, "they generate rationales, 5
        # samples at …" is the models' output)
        r"|generates?\s+[a-z][\w-]*(?: [\w-]+)?,\s+an? (?:set|collection|bank|corpus) of )"
        r"(?:about |over |more than |nearly )?"
        r"\d[\d,.]*(?:\s*(?:k|thousand|million))?\s+(?:[\w-]+\s+){0,3}?(?:questions|"
        r"question-answer pairs|question–answer pairs|qa pairs|cases|vignettes|items|"
        r"image-text pairs|reports|instances|samples|pairs)\b"
    ),
    _INTRODUCER_STARTS,
)
#: The object of an introducing verb is data: "… release the dataset", "… curate a corpus of".
_DATA_OBJECT_RE = re.compile(
    r"\s+(?:also\s+)?(?:an?|the|our|this|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:dataset|data set|corpus|benchmark|test set|data|annotations)s?\b"
)
#: A title that evaluates learned representations: "… for Evaluating Representations for …",
#: "Benchmarking … Embeddings".
_EVALUATES_REPRESENTATIONS_RE = re.compile(
    r"\b(?:evaluat|benchmark|assess|compar)\w*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:representations|embeddings|encoders|feature extractors)\b"
)
#: A title that claims breadth for its method ("Universal Medical Self-Supervised Learning",
#: "Foundation Ark"): a pre-training method whose product is meant to serve a whole domain.
_BROAD_TITLE_RE = re.compile(r"\b(?:universal|foundation(?:al)?|general[- ]purpose|generalist)\b")
#: A sentence that evaluates models: "we evaluate 14 open and proprietary multimodal models".
_EVALUATED_MODELS_RE = re.compile(
    r"\b(?:evaluat|benchmark|test|assess|compar)[a-z]*\b[^.;]{0,120}?"
    r"\b(?:language|multimodal|multi-modal|vision|vision-language|foundation|reasoning)"
    r"(?: and [a-z-]+)? models\b"
)
#: A count of the models a benchmark runs: "across twelve proprietary and open-weight language
#: models", "nine models from 0.1B to 100B parameters", "14 leading LLMs".
_COUNTED_MODELS_RE = re.compile(
    r"\b(?:[2-9]|[1-9][0-9]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"multiple|various|leading|frontier)\s+(?:[a-z-]+\s+){0,4}?"
    # a class of foundation models, not "three mouse models" or "several regression models"
    r"(?:llms|vlms|mllms|lvlms|(?:language|vision-language|multimodal|foundation|chat|audio|"
    r"speech|reasoning)\s+models)\b"
)
#: The authors' model trained from scratch: "pretraining the transformer from scratch",
#: "a series of large language models trained from scratch".
_OWN_FROM_SCRATCH_RE = re.compile(
    r"\b(?:pre-?)?train(?:ed|ing|s)?\s+(?:[a-z0-9-]+\s+){0,3}?from scratch\b"
)
#: Words that make a model "trained from scratch" someone else's: a baseline ("than models
#: trained from scratch", "compared with", "as reference"), the problem ("generalise poorly",
#: "usually trained from scratch for each new tissue"). "More than 18 million" is a quantity.
_BASELINE_CUE_RE = re.compile(
    r"(?<!more )(?<!less )(?<!fewer )\bthan\b|"
    r"\b(?:" + _ELSEWHERE_CUES + r"|versus|vs|compar[a-z]*|against|baselines?|references?|"
    r"outperform[a-z]*|beat[s]?|surpass[a-z]*|instead of|rather than|poor(?:ly)?|limited|"
    r"fail[a-z]*|struggle[a-z]*|suffer[a-z]*|lack[a-z]*|costly|expensive|commonly|"
    r"traditional[a-z]*|each|per)\b"
)
#: A count of data in a sentence: "21 million", "1,200,000", "15T", "250000".
_LARGE_COUNT_RE = re.compile(
    r"\b\d{1,3}(?:,\d{3})+\b|\b\d{5,}\b|\b\d+(?:\.\d+)?\s*(?:thousand|million|billion|trillion|[kmbt])\b"
)
#: A sentence about someone else's pre-trained model: "we fine-tune Llama 3, an open LLM
#: pretrained on 15 trillion tokens", "the existing Geneformer model, pretrained on …".
_BORROWED_RE = re.compile(
    r"\b(?:existing|off-the-shelf|base model|backbone|publicly available|open-source|"
    r"open large language|(?:we|they|the authors) (?:fine-?tune|adapt)|"
    r"fine-?tun(?:e|es|ing) (?:an?|the|two|three|several))\b"
)
#: The longest stretch either side of a phrase read as its sentence (real sentences are shorter).
_SENTENCE_SPAN = 400
#: A benchmark's stated purpose, to evaluate a class of foundation models: "… benchmark for
#: evaluating large language models", "… to assess medical VLMs".
_MODEL_CLASS_RE = re.compile(
    r"\b(?:for|to)\s+(?:evaluat|assess|test|benchmark|measur|prob)\w*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:llms?|vlms?|mllms?|lvlms?|lmms?|(?:large|multimodal|vision-language|foundation|"
    r"language)\s+models?)\b"
)
#: Words that cannot describe a benchmark between "NAME is a" and "benchmark": "NAME, a model
#: that sets a new benchmark", "NAME is the best model on the held-out test set".
_NOT_A_BENCHMARKS_WORD = (
    r"(?:that|which|who|on|of|in|at|for|across|sets?|achieves?|reaches?|establish\w*|"
    r"model|models|method|framework|approach|system)(?![\w-])"
)
#: What follows the title's own name where the abstract defines it as a benchmark.
_DEFINED_AS_BENCHMARK_RE = re.compile(
    r"\s*(?:\([^()]{0,40}\))?(?:,|\s+is)\s+(?:an?|the)\s+"
    rf"(?:(?!{_NOT_A_BENCHMARKS_WORD})[\w-]+\s+){{0,5}}?"
    r"(?:benchmark|test set|test suite|evaluation suite)\b"
)
#: Agents, tools and retrieval: what a benchmark of models is not about.
_AGENT_WORDS_RE = re.compile(r"\b(?:agent(?:s|ic)?|tool|tools|retriev\w*|rag)\b")
#: Agents themselves: a benchmark whose defining sentence names them tests agents.
_AGENTS_RE = re.compile(r"\b(?:agents?|agentic)\b")
#: The agent vocabulary's retrieval phrases: a way of running a model (retrieval-augmented
#: generation), which a benchmark of the paper's own may compare as one of its conditions
#: ("MIRAGE, a benchmark of … questions", "BERT-based, LLM-based and RAG models"), unlike an
#: agent that acts on its own.
_RETRIEVAL_PHRASES = frozenset(
    ("agent", phrase_key(p))
    for p in ("retrieval-augmented", "retrieval-augmented generation", "rag", "graphrag")
)
#: A title that studies what it names ("Benchmarking Retrieval-Augmented Generation for
#: Medicine"): retrieval in it is a condition compared, not the paper's system ("GraphRAG for
#: Rare Disease Diagnosis" builds one, whatever benchmark it tests it on).
_TITLE_STUDIES_RE = re.compile(r"\b(?:benchmark\w*|bench|evaluat\w*|assess\w*|compar\w*)\b")


def _what_a_benchmark_tests(low_abstract: str, at: int) -> tuple[bool, bool]:
    """Whether the sentence introducing a benchmark (at ``at``) says it evaluates a class of
    foundation models without agents, tools or retrieval, and whether it says agents."""
    sentence = _sentence_at(low_abstract, at)
    models = bool(_MODEL_CLASS_RE.search(sentence) and not _AGENT_WORDS_RE.search(sentence))
    return models, bool(_AGENTS_RE.search(sentence))


#: Agents named by the models they run on: "medical LLM agents", "VLM-based agents".
_MODEL_AGENTS_RE = re.compile(
    r"\b(?:llm|vlm|mllm|lmm|model|language model)s?[\s-]+(?:based\s+)?agents?\b"
)


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """Start and end of the sentence (or clause after a semicolon) around ``at``.

    A "sentence" is at most :data:`_SENTENCE_SPAN` characters either side: an abstract without
    full stops (100 KB of run-on text) must not make a search per phrase quadratic.
    """
    floor = max(at - _SENTENCE_SPAN, 0)
    begin = max(text.rfind(". ", floor, at), text.rfind("; ", floor, at), floor - 1) + 1
    end = text.find(". ", at, at + _SENTENCE_SPAN)
    if end == -1:
        end = min(at + _SENTENCE_SPAN, len(text))
    return begin, end


def _serves_as_benchmark(abstract_lower: str, named_at: int) -> bool:
    """Whether the sentence introducing a dataset by name (at ``named_at``), or the one after it
    ("It serves as a benchmark for …"), says the dataset serves as a benchmark: not a sentence
    elsewhere about something else ("MedQA, used as a benchmark, …" in the related work)."""
    if named_at < 0:
        return False
    begin, end = _sentence_bounds(abstract_lower, named_at)
    if end < len(abstract_lower):
        end = _sentence_bounds(abstract_lower, end + 2)[1]
    return _SERVES_AS_BENCHMARK_RE.search(abstract_lower, begin, end) is not None


def _number_spans(text: str) -> list[tuple[int, int]]:
    """The spans of :data:`_NUMBER_RE`'s matches in ``text`` (digits with their separators)."""
    if text.isascii():
        masked = text.encode("ascii").translate(_NUMBER_MASK)
        return [m.span() for m in _MASKED_NUMBER_RE.finditer(masked)]
    return [m.span() for m in _NUMBER_RE.finditer(text)]


def _outermost(words: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Number words by position, without those inside a longer one ("a million" inside "half
    a million" is not a number of its own)."""
    kept: list[tuple[int, str]] = []
    reach = -1
    for at, phrase in sorted(words, key=lambda word: (word[0], -len(word[1]))):
        if at + len(phrase) > reach:
            kept.append((at, phrase))
            reach = at + len(phrase)
    return kept


def _sentence_at(text: str, at: int) -> str:
    begin, end = _sentence_bounds(text, at)
    return text[begin:end]


def _background_around(text: str, at: int, end: int) -> bool:
    """The sentence around the phrase ``text[at:end]`` speaks of others' work ("Unlike
    foundation models, which require pretraining on …", "… has transformed natural image
    recognition"). After the phrase, words that name what the paper's own work is compared
    with or gives as examples ("… benchmarks, such as BTCV, where it beats previous methods",
    "… is promising, but existing methods ignore …") do not make the phrase others'."""
    begin, stop = _sentence_bounds(text, at)
    return _BACKGROUND_CUE_RE.search(text, begin, end) is not None or any(
        not _COMPARED_CUE_RE.fullmatch(cue.group(0))
        for cue in _BACKGROUND_CUE_RE.finditer(text, end, stop)
    )


def _introduced_product(text: str, at: int) -> str:
    """What an introducing phrase at ``at`` calls the product: the words up to where the
    sentence turns to something else ("…, which outperforms vision-language models such as
    …", "… the visual backbone of multimodal LLMs"), at most 120 characters."""
    end = min(_sentence_bounds(text, at)[1], at + 120)
    stop = _PRODUCT_STOP_RE.search(text, at, end)
    return text[at : stop.start() if stop else end]


def _evaluates_one_task(title_lower: str) -> bool:
    """ "…: A Systematic Evaluation in Brain Tumor Classification": the title's suffix says the
    evaluation is of one task."""
    suffix = _EVALUATION_SUFFIX_RE.search(title_lower)
    return suffix is not None and suffix.group(1).split()[-1] in _TASK_WORDS


def _own_from_scratch(text: str) -> str:
    """The phrase by which the abstract pre-trains its own model from scratch on data it
    counts, or "": "… and pretraining the transformer from scratch on 21 million profiles", or
    "a series of models trained from scratch …. Training uses 20 trillion tokens". Not a
    sentence that makes it a baseline or the problem, and the count must not be another
    model's pre-training ("the existing Geneformer, pretrained on 30 million cells")."""
    for match in _OWN_FROM_SCRATCH_RE.finditer(text):
        begin, end = _sentence_bounds(text, match.start())
        if _BASELINE_CUE_RE.search(text, begin, end):
            continue
        following = _sentence_at(text, end + 2) if end + 2 < len(text) else ""
        for sentence in (text[begin:end], following):
            if _LARGE_COUNT_RE.search(sentence) and not _BORROWED_RE.search(sentence):
                return match.group(0)[:80]
    return ""


def _mentions_overview(f: Features) -> bool:
    """A cheap test before :data:`_SELF_OVERVIEW_RE` (most abstracts are not overviews): a word
    of overviews in the abstract, as :meth:`Scorer.features` found its cue words (the abstract
    itself is read only for features made otherwise)."""
    if f.abstract_cues is None:
        return any(word in f.abstract_lower for word in _OVERVIEW_WORDS)
    return not f.abstract_cues.isdisjoint(_OVERVIEW_WORDS)


#: A pretrained model's output used as the input of a task model: "embeddings from a
#: pretrained protein language model fed to a classifier", "ESM-2 embeddings as features",
#: "as a frozen feature extractor" (not "embeddings from our model": that is the product).
_FEATURE_SOURCE_RE = Anchored(
    re.compile(
        r"\b(?:embeddings?|representations?|features?)\s+(?:\w+\s+){0,1}"
        r"(?:from|of|by|generated by)\s+"
        r"(?!(?:our|its|their|this|the proposed)\b)(?:[\w-]+\s+){0,3}?"
        r"(?:pre-?trained|protein|large|existing|foundation)\s+(?:[\w-]+\s+){0,3}?models?\b|"
        r"\b(?:pre-?trained|protein)\s+(?:[\w-]+\s+){0,2}?language\s+models?\s+"
        r"(?:\([\w-]+\)\s+)?(?:embeddings?|representations?|features?)\b|"
        r"\bas (?:a |the )?(?:frozen )?feature extractors?\b"
    ),
    ("embedding", "representation", "feature", "pretrained", "pre-trained", "protein", "as "),
)
#: Biomedical foundation models by name, as :attr:`Features.phrases` holds them.
_BIOMEDICAL_FM_KEYS = frozenset(("existing_fm", phrase_key(n)) for n in BIOMEDICAL_EXISTING_FM)
#: A sentence that introduces the paper's product: "we present …", "X is a …".
_INTRODUCING_RE = re.compile(
    r"\b(?:we|they|the authors)\s+(?:propose|present|introduce|develop|describe)|\bis an?\b"
)
_PEOPLE = (
    r"(?:clinicians|physicians|doctors|nurses|radiologists|pathologists|professionals|"
    r"practitioners|students|patients|residents|surgeons|staff|users|experts|specialists|"
    r"pharmacists|dentists|members|trainees|providers|public|people|participants)"
)
#: A survey of people, in the title (with "survey" in it): medical journals' "…: Survey Study",
#: "Cross-Sectional Survey", "A Survey of Clinicians' Views …", "Professionals' Perceptions of
#: …", "Attitudes towards …". ("… for medical image perception: a survey" is a review.)
_PEOPLE_SURVEY_TITLE_RE = re.compile(
    r"\b(?:survey study|(?:cross[- ]sectional|online|national|web[- ]based) survey|"
    r"questionnaires?)\b|"
    r"\b(?:perceptions?|attitudes?|opinions) (?:of|towards?|on|about|regarding|among)\b|"
    r"\b" + _PEOPLE + r"['’]?s?['’]? (?:perceptions?|attitudes?|views|opinions|experiences)\b|"
    r"\bsurvey (?:of|among) (?:[\w'’-]+ ){0,3}" + _PEOPLE + r"\b"
)
#: … or in the abstract: the people who answered it.
_PEOPLE_SURVEY_ABSTRACT_RE = re.compile(
    r"\b(?:\d[\d,]* respondents|respondents \(n ?= ?\d[\d,]*\)|response rate|"
    r"completed (?:the|an|our) (?:online )?survey)"
)
#: An abstract that reviews the literature: not a questionnaire, whatever its title's words.
_LITERATURE_RE = re.compile(
    r"\b(?:literature (?:review|search)|review of the literature|systematic(?:ally)? "
    r"(?:review|search)|we (?:review|survey|summari[sz]e)\b|this (?:review|survey) "
    r"(?:covers|summari[sz]es|reviews|examines|provides|discusses))"
)
#: The abstract makes a model of its own besides its data: "They propose M3D-LM, a multimodal
#: LLM …", "we also train a generative model …" (a dataset paper that also trains a model).
_MODEL_NOUNS = r"(?:models?|llms?|mllms?|vlms?|encoders?|networks?|transformers?|assistants?)"
_OWN_MODEL_RE = Anchored(
    re.compile(
        r"\b(?:we|they|the authors)\s+(?:also\s+|further\s+|then\s+)?(?:propose|present|introduce|"
        r"develop|train|pretrain|pre-train|build)(?:s|ed)?\s+[^.;]{0,60}?\b"
        + _MODEL_NOUNS
        # (not "an LLM-as-a-judge protocol", "an LLM-based pipeline": the model is a tool there)
        + r"(?![\w-])|"
        # "we fine-tune Llama-3-70B on …", "instruction tuning LLaVA … produces RadLLaVA, a …
        # model", "the resulting CardioLlama …": a model of the paper's own, made from another
        r"\b(?:we|they|the authors)\s+(?:also\s+|further\s+|then\s+)?(?:fine-?tune|"
        r"instruction-tune|continue pre-?training|further pre-?train|continually pre-?train)|"
        r"\b(?:produces|yields)\s+[\w-]+,\s+(?:an?\s+)?[^.;]{0,40}?\b" + _MODEL_NOUNS + r"\b|"
        r"\bthe resulting (?!(?:benchmark|dataset|data|corpus|collection|test|set|questions?|"
        r"scores?|items?|cases?|performance|gaps?|accuracy|differences?|drops?|gains?|changes?|"
        r"labels?|annotations?|pairs?)\b)[\w-]+"
    ),
    ("we", "they", "the authors", "produces", "yields", "the resulting"),
)
#: (the pieces the patterns of the paper's own training share: who, how, and "NAME, a … model")
_AUTHORS_THEN = r"\b(?:we|they|the authors)\s+(?:also\s+|further\s+|then\s+)?"
_PRETRAIN_VERB = r"pre-?train(?:s|ed)?\b"
_NAME_A_MODEL = r"[\w-]+,\s+(?:an?\s+)?[^.;]{0,60}?\b" + _MODEL_NOUNS + r"\b"
#: A model of the paper's own that it pre-trains, not one it fine-tunes: "the authors train
#: gLM2, a mixed-modality genomic language model", "we continually pretrain CLIP-style models"
#: (a dataset paper released with it is catalogued for the model; "we fine-tune three
#: existing VLMs on it", "we train convolutional networks as a reference" are not such models).
_OWN_PRETRAINED_RE = re.compile(
    _AUTHORS_THEN + r"(?:continually\s+)?(?:" + _PRETRAIN_VERB + r"|"
    r"(?:train|develop|build|present|introduce|propose)(?:s|ed)?\s+" + _NAME_A_MODEL + r")"
)
#: The abstract pre-trains models of its own: "we pretrain ResNet-50 and ViT backbones …",
#: "… curate 400 hours of audio and pretrain three self-supervised models" (not "we fine-tune
#: …"; not "… and pretrained models", an adjective).
_PRETRAINS_OWN_RE = Anchored(
    re.compile(
        _AUTHORS_THEN
        + r"(?:continually\s+)?"
        + _PRETRAIN_VERB
        + r"|\band\s+(?:then\s+)?pre-?trains?\s"
    ),
    ("we", "they", "the authors", "and"),
)
#: … or trains a model it names: "they train BioVFM, a large … model pretrained on …" (only
#: the training verb: "we build X, a benchmark for … models" names a benchmark).
_TRAINS_NAMED_RE = Anchored(
    re.compile(_AUTHORS_THEN + r"train(?:s|ed)?\s+" + _NAME_A_MODEL),
    ("we", "they", "the authors"),
)
#: A benchmark the abstract introduces by name: "we introduce MetaMedQA, a benchmark …", "the
#: authors construct X, an extension of a … benchmark" (not "we introduce a benchmark for
#: measuring …" in a study of a weakness).
_NAMED_BENCHMARK_RE = Anchored(
    re.compile(
        r"\b(?:we|they|the authors|this (?:paper|work|study))\s+"
        r"(?:" + _BUILDING_VERBS + r")s?\s+[\w-]+(?:\s+[\w-]+)?\s*"
        r"(?:\([^()]{0,30}\))?,\s+"
        r"(?:an?|the)\s+(?:[\w-]+\s+){0,5}?(?:benchmark|test set|evaluation suite|dataset)\b"
    ),
    ("we", "they", "the authors", "this paper", "this work", "this study"),
)
#: The article type medical journals append to a title when the paper evaluates or asks
#: rather than builds: "…: Evaluation Study", "…: Cross-Sectional Survey Study" (not
#: "…: Development and Validation Study" or "…: a Retrospective Study": model papers say those).
_STUDY_SUFFIX_RE = re.compile(
    r":\s*(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:evaluation|comparative|cross[- ]sectional|survey|"
    r"observational|qualitative|mixed[- ]methods?|pilot|feasibility|case|experimental|"
    r"empirical|simulation|usability|vignette|questionnaire)\s+study"
    # (": A Simulation Study with Electronic Health Records": what it was studied on)
    r"(?:\s+(?:with|of|in|on|using|among|across|at)\s+[^:;]{1,60})?\s*$"
)
#: "Can LLMs …?", "What do EEG foundation models capture …?": a study of existing models.
#: A question mark that ends a clause, or a question word that opens the title (two patterns:
#: the first is searched only in a title with a question mark, as few have one).
_QUESTION_MARK_RE = re.compile(r"\?\s*(?:$|[:\-–—])")
_QUESTION_WORD_RE = re.compile(
    r"\s*(?:[\w\-]+:\s*)?(?:can|do|does|are|is|how(?!\s+to\b)|what|why|which|should)\b",
    re.IGNORECASE,
)
#: The paper's method trains nothing ("a training-free framework", "without any training",
#: "requires no training"): it uses someone's pretrained model as it is, so it cannot be a new
#: pretrained one. ("Without additional training" is not it: that is how a foundation model
#: says it transfers zero-shot.)
_TRAINING_FREE_RE = re.compile(
    r"\btraining[- ]free\b|\bwithout any training\b|"
    r"\b(?:requires?|requiring|needs?) no (?:additional |extra |further )?training\b"
    # ("requires no training labels" is self-supervision, which pre-trains)
    r"(?! (?:data|labels?|examples|samples|sets?|annotations?)\b)"
)
#: … unless the authors pre-train a model of their own: "we pretrain a transformer on 60,000
#: ECGs …; it supports training-free zero-shot retrieval" is the ability of a new model, as it
#: is of a model the abstract introduces "pretrained on 60,000 videos".
_AUTHORS_PRETRAIN_RE = re.compile(
    r"\b(?:we|the authors)\s+(?:also\s+|first\s+|further\s+|then\s+)?(?:continually\s+)?"
    + _PRETRAIN_VERB
)
#: (a model "pretrained on" data anywhere in the abstract; not :data:`_PRETRAINED_ON_RE`, which
#: reads the words just before a count)
_INTRODUCED_PRETRAINED_ON_RE = re.compile(r"\bpre-?trained (?:with [\w\s-]{0,40}? )?on\b")
#: Nouns before "of"/"in" that make the foundation model the product: "training of … models".
_PRODUCT_NOUNS = frozenset(
    {
        "training", "pretraining", "scaling", "development", "building", "construction",
        "learning", "family", "collection", "suite", "series",
    }
)  # fmt: skip

#: arXiv categories / journal words that are biomedical evidence in themselves.
_CATEGORY_EVIDENCE: tuple[tuple[str, str, float], ...] = (
    ("q-bio", "biomedical", 1.0),
    ("q-bio.gn", "genomic", 1.0),
    ("q-bio.qm", "genomic", 0.3),
    ("q-bio.bm", "genomic", 0.6),
    ("q-bio.cb", "genomic", 0.6),
    ("q-bio.to", "image", 0.3),
    ("q-bio.nc", "clinical", 0.3),
    ("physics.med-ph", "biomedical", 1.0),
    ("eess.iv", "image", 0.3),
    ("eess.sp", "clinical", 0.2),
)

#: Weights of :meth:`Scorer.components`; the score is ``sigmoid(SCORE_BIAS + sum(w * x))``.
#: Calibrated on the dev split of tests/data/labels.jsonl (positives against everything else)
#: and checked against a month of real arXiv listings; caps and the floor come after.
SCORE_WEIGHTS: dict[str, float] = {
    "foundation": 1.5,
    "pretraining": 1.5,
    "biomedical": 1.7,
    "foundation_x_biomedical": 1.8,
    "scale": 1.2,
    "breadth": 1.3,
    "generality": 1.2,
    "pretrained_general": 0.7,
    "intro": 1.4,
    "intro_weak": 1.3,
    "intro_model": 1.3,
    "intro_method": -0.7,
    "title_model": 1.5,
    "fm_object": -0.7,
    "title_task": -0.2,
    "task": -0.7,
    "broad": 1.1,
    "existing_fm": -0.3,
    "adaptation": -1.4,
    "agent": -1.4,
    "probe": -1.0,
    "narrow": -1.1,
    "non_biomedical": -0.5,
    "review": 0.7,
    "benchmark": -1.0,
    "review_fm": 1.0,
    "benchmark_fm": 2.1,
    "modality": 1.8,
}
SCORE_BIAS = -3.9

DECISIONS = ("propose", "near-miss", "drop", "known")

#: Vocabularies whose abstract matches are kept with their positions, for sentence-level rules.
_POSITIONAL = frozenset(
    {"intro", "foundation", "domain_fm", "existing_fm", "adaptation", "pretraining", "llm"}
)


class KnownLookup(Protocol):
    """What the scorer needs from :class:`fmwatch.works.KnownWorks` (kept abstract: no cycle)."""

    def match(self, keys: Iterable[str], title: str | None) -> Any | None: ...


class FeedbackLookup(Protocol):
    """What the scorer needs from :class:`fmwatch.feedback.Feedback`."""

    #: the most the feedback moves a score: papers that cannot reach a threshold skip it
    strength: float

    def assess(self, title: str, abstract: str = "", keys: Iterable[str] = ()) -> Any: ...


@dataclass(slots=True)
class Item:
    """The classify fields of one paper, whatever it came as."""

    title: str = ""
    abstract: str | None = None
    comment: str = ""
    journal: str = ""
    categories: tuple[str, ...] = ()
    doi: str | None = None
    arxiv_id: str | None = None
    published_doi: str | None = None
    url: str | None = None
    source: str | None = None
    links: tuple[str, ...] = ()
    #: a stored work's keys of all its records, and its other records' titles: the catalog may
    #: know the work by either (``fmwatch score``; empty for a single paper)
    work_keys: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    #: ``abstract`` is a journal's one-sentence summary (input field ``summary``), read because
    #: the abstract is missing
    summary_only: bool = False

    @classmethod
    def of(cls, item: Paper | Mapping[str, Any] | Item) -> Item:
        if isinstance(item, Item):
            return item
        if isinstance(item, Paper):
            summary_only = item.abstract is None and bool(item.summary)
            return cls(
                title=item.title or "",
                abstract=item.summary if summary_only else item.abstract,
                comment=item.comment or "",
                journal=item.journal or item.journal_ref or "",
                categories=_unique_categories(item.categories),
                doi=item.doi,
                arxiv_id=item.arxiv_id,
                published_doi=item.published_doi,
                url=item.abs_url or item.doi_url,
                source=item.source,
                links=tuple(u for u in (item.abs_url, item.doi_url) if u),
                summary_only=summary_only,
            )
        get = item.get
        links = get("links") or ()
        title, abstract, comment, journal = (
            get("title"),
            get("abstract"),
            get("comment"),
            get("journal"),
        )
        summary_only = False
        if abstract is None:
            summary = get("summary")
            if summary and type(summary) is str:
                abstract, summary_only = summary, True
        # (the optional fields: most are absent from a paper, and None needs no call)
        doi, arxiv_id, published_doi, url, source = map(get, _OPTIONAL_FIELDS)
        work_keys, other_titles = get("work_keys"), get("other_titles")
        if work_keys or other_titles:
            work_keys, other_titles = _work_fields(work_keys, other_titles)
        else:
            work_keys = other_titles = ()
        return cls(  # positional: this runs for every paper of a feed
            title if type(title) is str else _text(title),
            abstract if abstract is None or type(abstract) is str else _text(abstract),
            comment if type(comment) is str else "" if comment is None else _text(comment),
            journal if type(journal) is str else "" if journal is None else _text(journal),
            _categories_of(get("categories")),
            None if doi is None else _opt(doi),
            None if arxiv_id is None else _opt(arxiv_id),
            None if published_doi is None else _opt(published_doi),
            None if url is None else _opt(url),
            None if source is None else _opt(source),
            tuple(map(str, links)) if links and isinstance(links, _LIST_OR_TUPLE) else (),
            work_keys,
            other_titles,
            summary_only,
        )

    def keys(self) -> set[str]:
        return _keys_of(self.doi, self.arxiv_id, self.published_doi, self.url)


def _keys_of(
    doi: str | None, arxiv_id: str | None, published_doi: str | None, url: str | None
) -> set[str]:
    """:meth:`Item.keys` of an item with these fields."""
    if not (doi or published_doi or url):
        if not arxiv_id:
            return set()
        if _PLAIN_ARXIV_ID.fullmatch(arxiv_id):
            # the common case, as identity.work_keys would give it, at a tenth of the cost
            return {f"arxiv:{arxiv_id}"}
    keys = work_keys(arxiv_id=arxiv_id, doi=doi, published_doi=published_doi)
    if url:
        keys |= work_keys_from_url(url)
    return keys


_LIST_OR_TUPLE = (list, tuple)
_STR_TYPES = itertools.repeat(str)  # (endless: ``map`` stops at the shorter iterable)
#: The :class:`Item` fields read by :func:`_opt`, in their order in the class.
_OPTIONAL_FIELDS = ("doi", "arxiv_id", "published_doi", "url", "source")


def _work_fields(keys: Any, titles: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not keys and not titles:
        return (), ()
    return (
        tuple(str(k) for k in keys) if isinstance(keys, list | tuple) else (),
        tuple(str(t) for t in titles) if isinstance(titles, list | tuple) else (),
    )


#: PackedWords made for a scorer, by the ids of its models (kept alive here with them): the
#: packaged models meet in every scorer of a process, and packing them costs milliseconds
_PACKED: dict[tuple[int, int], tuple[Sections | None, Ranker | None, PackedWords | None]] = {}


def _packed_words(sections: Sections | None, likeness: Ranker | None) -> PackedWords | None:
    """The word models a scorer asks about a paper, read at once: a words-only decision model
    as a file keeps it packs with the section models (one set intersection per field for
    both); another (word pairs, or weights a file would not hold) is read on its own."""
    decision = likeness if likeness is not None and likeness.packable else None
    if decision is None:
        return sections
    key = (id(sections), id(decision))
    cached = _PACKED.get(key)
    if cached is not None and cached[0] is sections and cached[1] is decision:
        return cached[2]
    models = {**(sections.models if sections is not None else {}), _DECISION: decision}
    packed = PackedWords(models)
    if len(_PACKED) >= 8:
        _PACKED.clear()
    _PACKED[key] = (sections, decision, packed)
    return packed


def _floored(value: float, digits: int) -> str:
    """``value`` shown with ``digits`` decimals, rounded down: a likeness of 0.0195, held back
    below 0.02, must not read "0.02"; one of 0.98 or more, which proposes when
    ``likeness_propose`` is 0.98, reads 0.98 at least."""
    scale = 10**digits
    return f"{math.floor(value * scale) / scale:.{digits}f}"


def _known_label(match: Any) -> str:
    return str(getattr(match, "label", match))


def _known_early(verdict: ScoreResult, known: Any) -> ScoreResult:
    """A prefilter ``verdict`` on a work the catalog knows (``known``: its entry)."""
    return ScoreResult(
        score=verdict.score,
        decision="known",
        section=verdict.section,
        kind=verdict.kind,
        evidence=list(verdict.evidence),
        known_as=_known_label(known),
    )


def _categories_of(value: Any) -> tuple[str, ...]:
    """:attr:`Item.categories` of an input's ``categories``: a list, or text ("cs.CV q-bio.GN",
    commas too); each category once (a repeated "q-bio.GN" is not more biomedical)."""
    if not value:
        return ()
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return _unique_categories(value) if isinstance(value, _LIST_OR_TUPLE) else ()


def _unique_categories(categories: Iterable[Any]) -> tuple[str, ...]:
    """Each category once, whatever its case ("q-bio.GN" and "q-bio.gn" are one)."""
    if type(categories) is list and len(categories) == 1:  # (most papers: one, kept as it is)
        return (str(categories[0]),)
    texts = tuple(map(str, categories))
    if len(set(map(str.lower, texts))) == len(texts):
        return texts  # (nearly every paper: no two alike)
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.lower(), text)
    return tuple(seen.values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value)
    return str(value)


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = (value if type(value) is str else _text(value)).strip()
    return text or None


@dataclass(slots=True)
class Features:
    """Per-vocabulary totals, structural cues and the evidence behind them."""

    totals: dict[str, float] = field(default_factory=dict)
    title_totals: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    scale: float = 0.0
    scale_text: str = ""
    breadth: float = 0.0
    breadth_text: str = ""
    intro: bool = False
    intro_weak: bool = False
    #: what "we present …" introduces: "model" (X, a foundation model) or "method" (a framework)
    intro_head: str = ""
    title_name: bool = False
    title_model: bool = False
    title_fm: bool = False
    #: the title claims a general-purpose product ("towards a general-purpose X-ray AI system")
    title_claim: bool = False
    fm_object: bool = False
    #: the word that makes the title's model the object ("with", "adapting", "… alignment")
    object_marker: str = ""
    title_question: bool = False
    title_task: bool = False
    title_dataset: bool = False
    #: the title ends "… for <one task>" ("… pretraining … for BI-RADS classification")
    title_for_task: bool = False
    #: the comment says the paper is an entry to a challenge
    comment_challenge: bool = False
    #: foundation-model nouns ("foundation model", "medical VLM") in a sentence of the abstract
    #: that evaluates ("we evaluate 12 pathology foundation models"): what a benchmark is about,
    #: unlike a model it uses or an outlook ("… will spur foundation models")
    evaluated_fm: int = 0
    #: the title evaluates a class of models ("Measuring … of medical VLMs") and the abstract
    #: builds a test set for them: a benchmark whatever it calls itself
    title_evaluates: bool = False
    #: the abstract introduces a model under its own name ("GPN, a … pre-trained network",
    #: "The Biosignal Transformer (BIOT) turns …"): trained here, not taken from elsewhere
    named_model: bool = False
    abstract_missing: bool = False
    #: the abstract introduces a benchmark ("we present X, an open benchmark for …")
    benchmark_intro: bool = False
    #: the abstract introduces a dataset of its own ("the authors curate a dataset of …")
    dataset_intro: bool = False
    #: the title's own name is a benchmark's ("LAB-Bench: …", "MedXpertQA: …", "MedHELM: …")
    benchmark_name: bool = False
    #: the abstract introduces or defines the title's own name as a benchmark or test set ("We
    #: introduce SurgCheck, a diagnostic benchmark for …", "RealICU is a … benchmark")
    named_benchmark: bool = False
    #: the sentence that introduces a benchmark or dataset by name (:data:`_NAMED_BENCHMARK_RE`,
    #: read once, when the abstract introduces one), or ""
    named_resource: str = ""
    #: where :attr:`named_resource` starts in the lower-cased abstract (-1: none)
    named_resource_at: int = -1
    #: the sentence that introduces the paper's benchmark says it is for evaluating a class of
    #: foundation models, and not agents or retrieval ("RealICU, a … benchmark for evaluating
    #: large language models"): what the benchmark is for, whatever else the title mentions
    benchmark_of_models: bool = False
    #: … or that it tests agents ("SpatialBench-Long, a benchmark … in which agents must …"):
    #: a benchmark of systems built on models, however few agent words the abstract has
    benchmark_of_agents: bool = False
    #: how much of the agent vocabulary's total (in the abstract, in the title) is retrieval
    #: (:data:`_RETRIEVAL_PHRASES`), not agents or tools: see :meth:`agents`
    retrieval: float = 0.0
    retrieval_in_title: float = 0.0
    #: a benchmark of the paper's own that evaluates foundation models, LLMs or VLMs on
    #: biomedical data (:meth:`Scorer._releases_benchmark`, decided once per paper)
    releases_benchmark: bool = False
    #: the paper releases models ("a family of … models", "we release the weights", "technical
    #: report"): see :data:`_RELEASE_RE`; looked for only when the abstract introduces a model
    releases: bool = False
    #: the abstract releases pre-trained models for reuse (:data:`_RELEASES_PRETRAINED_RE`)
    releases_pretrained: bool = False
    #: text is named only as what the model does without ("beyond text supervision",
    #: "image-only"): an image encoder, not a vision-language model
    text_negated: bool = False
    #: the abstract's introducing sentence calls its model a vision-language one ("Prima, a
    #: vision-language model for neuroimaging"): images with text, whatever the counts say
    intro_vl: bool = False
    #: the title's "survey" asks people, not the literature ("Clinicians' Perceptions of …:
    #: Cross-Sectional Survey Study", abstracts with respondents): neither a review nor a model
    people_survey: bool = False
    abstract_lower: str = ""
    #: the words of :data:`_ABSTRACT_CUES` the abstract holds (None: not looked for)
    abstract_cues: set[str] | None = None
    title_lower: str = ""
    #: the title's own name ("PathOmni" of "PathOmni (PO): …"), lower-cased; "" without one
    own_stem: str = ""
    phrases: set[tuple[str, str]] = field(default_factory=set)

    def get(self, vocab: str) -> float:
        return self.totals.get(vocab, 0.0)

    def in_title(self, vocab: str) -> float:
        return self.title_totals.get(vocab, 0.0)

    def agents(self, title: bool = False) -> float:
        """The agent vocabulary without retrieval: agents, tools, chatbots (in the title; there
        retrieval is left out only when the title studies it, :data:`_TITLE_STUDIES_RE`)."""
        # (rounded: the difference of two sums of the same weights may be 1e-16, not 0)
        if title:
            if not _TITLE_STUDIES_RE.search(self.title_lower):
                return self.in_title("agent")
            return round(self.in_title("agent") - self.retrieval_in_title, 6)
        return round(self.get("agent") - self.retrieval, 6)


def _sat(x: float, scale: float) -> float:
    """Diminishing returns: the fifth phrase of a kind says less than the first."""
    # (``max(x, 0.0)`` written out, as in the sigmoids: Python 3.11's min() and max() parse
    # keyword arguments on every call, and a paper's score takes a dozen of these)
    return 1.0 - math.exp(-(0.0 if x < 0.0 else x) / scale)


def _sigmoid(x: float) -> float:
    # (``max(min(x, 40.0), -40.0)``, written out: see :func:`_sat`)
    clipped = 40.0 if x > 40.0 else x
    return 1.0 / (1.0 + math.exp(-(-40.0 if clipped < -40.0 else clipped)))


#: Pre-training vocabulary that says how a model was trained (as opposed to "language model",
#: which only names a family): what makes "we introduce X, a … model" a pretrained one.
_TRAINING_PHRASES = frozenset(
    ("pretraining", phrase_key(p))
    for p in (
        "pre-training", "pre-trained", "pretrain", "self-supervised", "self-supervision",
        "masked autoencoder", "masked image modeling", "masked language modeling",
        "contrastive pre-training", "unannotated", "unlabeled", "unlabelled", "unsupervised",
        "representation learning",
    )
)  # fmt: skip

#: Clinical phrases of physiological signals: ECG, EEG, sleep, wearables (Clinical Data).
_SIGNAL_PHRASES = frozenset(
    ("clinical", phrase_key(p))
    for p in (
        "ecg", "electrocardiogram", "eeg", "wearable", "physiological signals", "biosignal",
        "ppg", "photoplethysmography", "polysomnography", "sleep", "emg", "electromyography",
        "accelerometer", "waveforms", "respiratory audio", "respiratory sounds", "lung sounds",
        "breath sounds", "breathing sounds", "heart sounds", "cough sounds", "body sounds",
        "auscultation", "phonocardiogram", "health acoustics",
    )
)  # fmt: skip

#: Generality phrases that say the model needs no training for a new task.
_NO_TASK_TRAINING = frozenset(
    ("generality", phrase_key(p))
    for p in (
        "without fine-tuning", "without task-specific", "without additional training",
        "task-agnostic", "out of the box",
    )
)  # fmt: skip

_NO_BIO = Evidence("note", "too little biomedical evidence", "all", 0.0)
_NO_MODEL = Evidence("note", "no foundation-model, pre-training or LLM term", "all", 0.0)
#: Vocabularies whose terms say "this paper is about a model"; see :meth:`Scorer._too_weak`.
_MODEL_VOCABULARIES = (
    "foundation", "domain_fm", "existing_fm", "llm", "pretraining", "generality", "agent",
)  # fmt: skip


def _subjects(f: Features) -> float:
    """Evidence of the models a benchmark evaluates being of the catalog's kind: foundation
    models, LLMs, pretrained models by name (a benchmark of task models has none). The rules
    ask for a mention or two (:meth:`Scorer._releases_benchmark`); the words' say (step 8), for
    any."""
    return f.get("llm") + f.get("foundation") + f.get("domain_fm") + f.get("existing_fm")


#: One pattern's hits as :meth:`Scorer.features` reads them (see ``Scorer._feature_hits``).
_FeatureHits = tuple[
    tuple[tuple[str, str], ...], tuple[tuple[str, str, float, tuple[str, str], bool], ...]
]
#: The weight of a phrase found ``n`` times is its best weight times ``_REPEATS[min(n, 4)]``:
#: ``1 + 0.25 * min(n - 1, 3)`` (each value exact in binary, so the products are the same).
_REPEATS = (1.0, 1.0, 1.25, 1.5, 1.75)
#: The evidence of a phrase's matches made so far, by ((vocabulary, phrase), field, weight
#: before rounding): a vocabulary's phrases, fields and few weights are all there is, and a
#: look-up costs less than a rounding and an Evidence (evidence is never changed once made:
#: verdicts share it, as the prefilter's verdicts share theirs).
_EVIDENCE: dict[tuple[tuple[str, str], str, float], Evidence] = {}


def _evidence(key: tuple[str, str], where: str, weight: float) -> Evidence:
    """The evidence of a phrase found in ``where`` for ``weight`` (shown rounded), kept in
    :data:`_EVIDENCE` (never for a weight of zero: 0.0 and -0.0 are one key there but not one
    number in the output; and only so many, whatever the vocabularies)."""
    made = Evidence(key[0], key[1], where, round(weight, 3))
    if weight and len(_EVIDENCE) < 8192:
        _EVIDENCE[key, where, weight] = made
    return made


#: the end of a match (index, start, end): the key :meth:`Scorer.features` bisects by (an
#: item getter, where a function of our own was a call per step)
_match_end = operator.itemgetter(2)


def _cut_fields(joined: str | bytes, lengths: tuple[int, int, int]) -> tuple[str, str, str, str]:
    """The four normalised fields of a joined text (:meth:`Scorer._gate_text`): title,
    abstract, comment and journal, given the lengths of the first three."""
    text = joined.decode("ascii") if isinstance(joined, bytes) else joined
    a = lengths[0] + 4
    c = a + lengths[1] + 3
    j = c + lengths[2] + 3
    return text[1 : a - 3], text[a : c - 3], text[c : j - 3], text[j:-1]


#: A paper's fields normalised and joined for the prefilter (see :func:`_gate_text_of`).
_GateText = tuple[str | bytes, tuple[int, int, int], tuple[str, str, str, str] | None]
#: The input fields :meth:`Item.keys` reads, in the order :func:`_keys_of` takes them.
_KEY_FIELDS = ("doi", "arxiv_id", "published_doi", "url")


def _gate_text_of(title: str, abstract: str, comment: str, journal: str) -> _GateText:
    """All four fields normalised in one call, as far as the prefilter reads them: the
    joined text (padded with spaces, fields three spaces apart so that no phrase spans two
    of them), as its bytes when it is ASCII (as the gates read it:
    :meth:`PhraseMatcher.matches`); the lengths of its title, abstract and comment; and the
    four fields only when they were normalised one by one (a text whose length lower-casing
    changes); else None, and :func:`_cut_fields` cuts them out of the joined text for a
    paper the prefilter keeps (most of a feed never needs them)."""
    title = title[:MAX_FIELD_CHARS]
    abstract = abstract[:MAX_FIELD_CHARS]
    comment = comment[:MAX_FIELD_CHARS]
    journal = journal[:2000]
    # (built in one go: fields three NULs apart, which normalise to spaces)
    text = f" {title}\x00\x00\x00{abstract}\x00\x00\x00{comment}\x00\x00\x00{journal} "
    if text.isascii():
        return normalize_ascii(text), (len(title), len(abstract), len(comment)), None
    joined = normalize(text)
    if len(joined) != len(text):  # lower-casing changed a length: slow path
        fields = (normalize(title), normalize(abstract), normalize(comment), normalize(journal))
        padded = f" {fields[0]}   {fields[1]}   {fields[2]}   {fields[3]} "
        return padded, (len(fields[0]), len(fields[1]), len(fields[2])), fields
    return joined, (len(title), len(abstract), len(comment)), None


class Scorer:
    """Scores papers against the vocabularies; reuse one instance (compiling is the costly part)."""

    def __init__(
        self,
        config: ScoringConfig | None = None,
        known: KnownLookup | None = None,
        feedback: FeedbackLookup | None = None,
        enricher: Enricher | None = None,
        *,
        prefilter: bool = True,
        sections: Sections | None = None,
        likeness: Ranker | None = None,
    ) -> None:
        """``prefilter=False`` scores every paper in full (same verdicts, slower; for tests).
        ``sections``: the section word models (default: those of ``config.ranker``, the
        packaged ones when it is empty; none when ``config.section_model`` is false).
        ``likeness``: the likeness model that has its say in the decision (default: the
        decision model of ``config.ranker``, :attr:`fmwatch.ranker.WordModels.decider`; none
        when ``likeness_propose`` is 1, or ``likeness_propose_kinds`` empty, and
        ``likeness_hold`` 0)."""
        self.config = config or ScoringConfig()
        self.prefilter = prefilter
        decides = (
            self.config.likeness_propose < 1.0 and bool(self.config.likeness_propose_kinds)
        ) or self.config.likeness_hold > 0.0
        if (likeness is None and decides) or (sections is None and self.config.section_model):
            models = load(self.config.ranker)
            likeness = likeness or models.decider
            # a configured file without section models (trained on decisions alone, say)
            # orders near-misses; sections then come from the packaged ones
            sections = sections or models.sections or packaged().sections
        self.likeness = likeness if decides else None
        self.sections = sections if self.config.section_model else None
        self._words = _packed_words(self.sections, self.likeness)
        for name, words in self.config.vocabularies.items():
            if name not in DEFAULT_VOCABULARIES:
                raise ConfigError(
                    f"scoring.vocabularies.{name}",
                    "unknown vocabulary",
                    f"use one of {', '.join(DEFAULT_VOCABULARIES)}",
                )
            for phrase, weight in words.items():
                if not any(ch.isalnum() for ch in phrase):
                    # ("" or "!!!" would match nothing, silently)
                    raise ConfigError(
                        f"scoring.vocabularies.{name}",
                        f"the phrase {phrase.strip()!r} has no word in it",
                        'write a phrase of words, e.g. "tissue foundation model" = 1.0',
                    )
                if not isinstance(weight, int | float) or weight < 0:
                    raise ConfigError(
                        f"scoring.vocabularies.{name}.{phrase}",
                        f"weight {weight!r} is not a non-negative number",
                        "give a number such as 1.0",
                    )
        self.vocabularies = build_vocabularies(
            self.config.vocabularies, self.config.replace_vocabularies
        )
        self.known = known
        self.feedback = feedback
        if enricher is None:
            from fmwatch.enrich import Enricher

            enricher = Enricher()
        self.enricher = enricher
        # internal vocabularies (names start with "_") mark positions only: units of data scale
        # and of breadth, and number words, so that one pass over the text finds everything
        self._matcher = PhraseMatcher(
            {
                **self.vocabularies,
                "_unit": dict.fromkeys(_UNITS, 1.0),
                "_breadth": dict.fromkeys(_BREADTH_UNITS_LIST, 1.0),
                "_number": dict.fromkeys([*_BREADTH_WORDS, *_WORD_NUMBERS], 1.0),
            }
        )
        self._gate = PhraseMatcher(
            {"biomedical": self.vocabularies.get("biomedical", {})}, ascii_dfa=True
        )
        #: per pattern index of :attr:`_matcher`, its hits as :meth:`features` reads them: the
        #: positions it marks (a unit or number word: ``(vocabulary, phrase)``, not evidence),
        #: then its evidence ``(vocabulary, phrase, weight, (vocabulary, phrase), positional)``,
        #: positional for a vocabulary in :data:`_POSITIONAL` (split once here: a kept paper
        #: reads some eighty hits)
        self._feature_hits: list[_FeatureHits] = [
            (
                tuple((vocab, phrase) for vocab, phrase, _ in hits if vocab[0] == "_"),
                tuple(
                    (vocab, phrase, weight, (vocab, phrase), vocab in _POSITIONAL)
                    for vocab, phrase, weight in hits
                    if vocab[0] != "_"
                ),
            )
            for hits in self._matcher.payload
        ]
        #: per pattern index of :attr:`_matcher`, the hits of the model vocabularies' pattern of
        #: the same key as a matcher of those vocabularies alone has them (``()`` for a key of
        #: none): the prefilter's second question, asked of the matches :meth:`features` reads
        #: anyway (see :meth:`_prefilter`)
        self._model_hits = self._matcher.hits_of(
            phrase_table({name: self.vocabularies.get(name, {}) for name in _MODEL_VOCABULARIES})
        )
        image = MODALITY_SECTIONS["image"]
        self.dropped_no_bio = ScoreResult(0.0, "drop", image, "model", [_NO_BIO])
        self.dropped_no_model = ScoreResult(0.0, "drop", image, "model", [_NO_MODEL])

    # -- prefilter ----------------------------------------------------------------------------
    def _normalized(self, item: Item) -> tuple[str, str, str, str]:
        """The four fields normalised (:func:`fmwatch.phrases.normalize`), as
        :meth:`features` reads them (:meth:`score` cuts them out of :meth:`_gate_text`'s joined
        text only for a paper its prefilter keeps)."""
        joined, lengths, fields = self._gate_text(item)
        return fields or _cut_fields(joined, lengths)

    @staticmethod
    def _gate_text(item: Item) -> _GateText:
        """:func:`_gate_text_of` the item's fields."""
        return _gate_text_of(item.title, item.abstract or "", item.comment, item.journal)

    def _plain_gate(self, item: dict[str, Any]) -> ScoreResult | _GateText | None:
        """The prefilter's first question (:meth:`_prefilter`) asked of a paper as ``classify``
        reads it, without building its :class:`Item`, when its fields are plain (a title and
        an abstract, a comment and a journal that are text or absent): most of a feed is
        dropped here. Returns the verdict when the paper is dropped (the shared one, or a
        known work's, as :meth:`_early` gives it); else its :meth:`_gate_text`, which passed;
        None when its fields are not plain (:meth:`Item.of` reads them)."""
        get = item.get
        title, abstract, comment, journal = (
            get("title"),
            get("abstract"),
            get("comment"),
            get("journal"),
        )
        if title.__class__ is not str or abstract.__class__ is not str:
            return None
        if comment is None:
            comment = ""
        elif comment.__class__ is not str:
            return None
        if journal is None:
            journal = ""
        elif journal.__class__ is not str:
            return None
        gate = _gate_text_of(title, abstract, comment, journal)
        joined, lengths, _ = gate
        categories = get("categories")
        if categories.__class__ is list and all(map(isinstance, categories, _STR_TYPES)):
            bonus = sum(map(_biomedical_category_weight, categories))
            if bonus and len(categories) > 1:  # (a category given twice counts once)
                bonus = sum(map(_biomedical_category_weight, _unique_categories(categories)))
        else:
            bonus = sum(map(_biomedical_category_weight, _categories_of(categories)))
        need = MIN_BIOMEDICAL - bonus
        bio = self._weighted_total(
            self._gate.payload, self._gate.matches(joined), lengths[0], lengths[1], need
        )
        if bio >= need:
            return gate
        if self.known is not None:
            doi, arxiv_id, published_doi, url = map(get, _KEY_FIELDS)
            if (
                doi is None
                and published_doi is None
                and url is None
                and arxiv_id.__class__ is str
                and _PLAIN_ARXIV_ID.fullmatch(arxiv_id)
            ):
                keys = {f"arxiv:{arxiv_id}"}  # (:func:`_keys_of` of an arXiv paper, shortly)
            else:
                keys = _keys_of(
                    None if doi is None else _opt(doi),
                    None if arxiv_id is None else _opt(arxiv_id),
                    None if published_doi is None else _opt(published_doi),
                    None if url is None else _opt(url),
                )
            # (the keys :meth:`_early` looks up: its verdict, without reading the paper again)
            known = self.known.match(keys, None)
            if known is not None:
                return _known_early(self.dropped_no_bio, known)
        return self.dropped_no_bio

    def _prefilter(
        self,
        item: Item,
        joined: str | bytes,
        title_len: int,
        abstract_len: int,
        bio_passed: bool = False,
    ) -> ScoreResult | tuple[str, list[tuple[int, int, int]]]:
        """The verdict on a paper that cannot matter, or, when it needs scoring, its joined
        text as a ``str`` and the matches of :attr:`_matcher` in it (what :meth:`features`
        reads).

        Two questions: is there enough biomedical evidence (the same ``biomedical`` total,
        computed the same way, that :meth:`score` requires: ``MIN_BIOMEDICAL``), and is there
        any term of a model (foundation, pre-training, LLM, agent…)? A paper failing either is
        dropped by the full scorer too (see :meth:`_too_weak`), so the answer is the same, only
        cheaper: most of a feed never reaches the full scorer. The first is one pass of the
        small biomedical automaton, which drops most of a feed; the second reads the matches
        of all vocabularies at once, which a paper that passes it needs anyway: the model
        gate's keys are among them, found in the same order (end position, then longest
        first), and each is read with the model gate's own hits (:attr:`_model_hits`).
        """
        if not bio_passed:  # (:meth:`_plain_gate` may have asked the first question)
            bonus = sum(map(_biomedical_category_weight, item.categories))
            need = MIN_BIOMEDICAL - bonus
            bio = self._weighted_total(
                self._gate.payload, self._gate.matches(joined), title_len, abstract_len, need
            )
            if bio < need:
                return self._early(item, self.dropped_no_bio)
        padded = joined.decode("ascii") if isinstance(joined, bytes) else joined
        found = self._matcher.matches(padded)
        if (
            self._weighted_total(self._model_hits, found, title_len, abstract_len, MIN_MODEL)
            < MIN_MODEL
        ):
            return self._early(item, self.dropped_no_model)
        return padded, found

    @staticmethod
    def _weighted_total(
        payload: Sequence[Hits],
        matches: list[tuple[int, int, int]],
        title_len: int,
        abstract_len: int,
        enough: float = math.inf,
    ) -> float:
        """The sum of a matcher's vocabulary totals over its ``matches`` in a joined text
        (:meth:`_gate_text`), its ``payload`` giving each pattern's hits, computed as
        :meth:`features` does (best weight per phrase by field, repeats add a quarter, at most
        three times).

        Returns early, with a partial sum of at least ``enough``, as soon as the best weights
        alone reach it: repeats only add, so the full total would be no smaller.
        """
        if not matches:
            return 0.0  # (four papers in five of a feed: nothing biomedical at all)
        best: dict[tuple[str, str, float], float] = {}
        counts: dict[tuple[str, str, float], int] = {}
        title_end = title_len + 1  # ``joined`` starts with a space
        abstract_end = title_end + abstract_len + 3
        running = 0.0
        for index, start, _ in matches:
            hits = payload[index]
            if not hits:
                continue  # (a match of none of these vocabularies: :attr:`_model_hits`)
            factor = 2.0 if start < title_end else 1.0 if start < abstract_end else 0.5
            hit: tuple[str, str, float]
            for hit in hits:  # one (vocab, phrase, weight) tuple per phrase: a key as it is
                counts[hit] = counts.get(hit, 0) + 1
                value: float = hit[2] * factor
                prev = best.get(hit, 0.0)
                if value > prev:
                    best[hit] = value
                    running += value - prev
                    if running >= enough:
                        return running
        total = 0.0
        for key, value in best.items():
            total += value * (1.0 + 0.25 * min(counts[key] - 1, 3))
        return total

    def _early(self, it: Item, verdict: ScoreResult) -> ScoreResult:
        """A prefilter verdict: shared, unless the paper is a known work.

        Papers dropped here carry no enrichment: model names and links are looked up for papers
        a curator may see, and a third of arXiv abstracts carry a GitHub link.
        """
        known = self.known.match(it.keys(), None) if self.known is not None else None
        if known is None:
            return verdict  # shared object: ``classify`` recognises it and writes it fast
        return _known_early(verdict, known)

    # -- evidence -----------------------------------------------------------------------------
    def features(
        self,
        item: Item,
        normalized: tuple[str, str, str, str] | None = None,
        padded: str | None = None,
        found: list[tuple[int, int, int]] | None = None,
    ) -> Features:
        """All evidence of one item (``normalized``: its fields from :meth:`_normalized`;
        ``padded``: those fields joined as :meth:`_gate_text` joins them, and ``found``: the
        matches of :attr:`_matcher` in that text, when at hand)."""
        title = item.title[:MAX_FIELD_CHARS]
        abstract = (item.abstract or "")[:MAX_FIELD_CHARS]
        norm = normalized or self._normalized(item)
        feats = Features(abstract_missing=item.abstract is None, title_lower=title.lower())
        fields = (
            ("title", norm[0]),
            ("abstract", norm[1]),
            ("comment", norm[2]),
            ("journal", norm[3]),
        )
        own = _TITLE_NAME_RE.match(title)
        own_name_end = title.find(":") + 1 if own else -1
        # (the title's own name without its acronym, lower-cased after the cut: a few letters,
        # "İ", grow when lower-cased, and a cut of the lower-cased title would miss its end)
        feats.own_stem = own.group("name").lower() if own else ""
        # per (vocabulary, phrase): [its best weight, the field that gave it, times found]
        best: dict[tuple[str, str], list[Any]] = {}
        title_totals: dict[str, float] = {}
        positions: list[tuple[int, str, str]] = []
        title_hits: list[tuple[int, str, str, float]] = []
        marks: dict[str, list[tuple[int, str, str]]] = {"title": [], "abstract": []}
        hits_of = self._feature_hits
        # One search over all four fields, each padded with a space as a search of its own
        # would read it and three spaces apart (no phrase spans two); a match is in the field
        # whose padded text holds its end, at ``start - offset`` in it.
        if found is None:
            found = self._matcher.matches(
                padded or f" {norm[0]}   {norm[1]}   {norm[2]}   {norm[3]} "
            )
        first = offset = 0
        for where, text in fields:
            field_end = offset + len(text) + 2
            last = bisect.bisect_right(found, field_end, first, key=_match_end)
            factor = FIELD_WEIGHTS[where]
            field_marks = marks.get(where)
            in_title = where == "title"
            in_abstract = where == "abstract"
            for index, start, _ in found[first:last]:
                start -= offset
                positioned, scored = hits_of[index]
                if positioned and field_marks is not None:
                    # a unit or number word: a position, not evidence
                    for vocab, phrase in positioned:
                        field_marks.append((start, vocab, phrase))
                for vocab, phrase, weight, key, positional in scored:
                    if in_title:
                        if vocab == "existing_fm" and start < own_name_end:
                            continue  # "scGPT: …" names the paper's own model, not an existing one
                        title_hits.append((start, vocab, phrase, weight))
                    elif in_abstract and positional:
                        positions.append((start, vocab, phrase))
                    value = weight * factor
                    entry = best.get(key)
                    if entry is None:
                        best[key] = [value, where, 1]
                    else:
                        entry[2] += 1
                        if value > entry[0]:
                            entry[0] = value
                            entry[1] = where
            first = last
            offset = field_end + 1
        feats.title_claim = any(
            vocab == "foundation" and phrase in _CLAIM_PHRASES for _, vocab, phrase, _ in title_hits
        )
        seen_title: set[tuple[str, str]] = set()
        for _, vocab, phrase, weight in title_hits:
            if (vocab, phrase) not in seen_title:
                seen_title.add((vocab, phrase))
                title_totals[vocab] = title_totals.get(vocab, 0.0) + weight
                if vocab == "agent" and (vocab, phrase) in _RETRIEVAL_PHRASES:
                    feats.retrieval_in_title += weight
        totals: dict[str, float] = {}
        evidence = feats.evidence
        retrieval = 0.0
        made = _EVIDENCE
        for key, (value, where, count) in best.items():
            contribution = value * _REPEATS[count if count < 4 else 4]
            vocab = key[0]
            totals[vocab] = totals.get(vocab, 0.0) + contribution
            if vocab == "agent" and key in _RETRIEVAL_PHRASES:
                retrieval += contribution
            said = made.get((key, where, contribution))
            evidence.append(said or _evidence(key, where, contribution))
        feats.retrieval = retrieval
        for cat in item.categories:
            for vocab, weight in _hits_of_category(cat):
                totals[vocab] = totals.get(vocab, 0.0) + weight
                evidence.append(Evidence(vocab, cat, "categories", weight))
        feats.totals = totals
        feats.title_totals = title_totals
        feats.phrases = set(best)
        feats.title_name = own_name_end > 0
        # ("MedQA-Bench (MQB): …" is a benchmark's name: its acronym is no part of it)
        feats.benchmark_name = bool(own and _BENCHMARK_NAME_RE.search(feats.own_stem))
        feats.title_question = bool(
            ("?" in title and _QUESTION_MARK_RE.search(title)) or _QUESTION_WORD_RE.match(title)
        )
        feats.title_dataset = (
            # (an ASCII title without any of the pattern's words is not searched)
            not title.isascii() or any(word in feats.title_lower for word in _DATASET_WORDS)
        ) and any(
            not _DATA_USED_RE.search(title[max(m.start() - 40, 0) : m.start()])
            for m in _DATASET_RE.finditer(title)
        )
        comment = item.comment[:2000]
        feats.comment_challenge = (
            # (an ASCII comment without the word is not searched)
            not comment.isascii() or "challenge" in comment.lower()
        ) and bool(_COMMENT_CHALLENGE_RE.search(comment))
        tail = _FOR_TASK_RE.search(norm[0])
        if tail:
            # the head of the phrase after "for" ("… for BI-RADS classification in …")
            head_words = _TAIL_STOP_RE.split(f" {tail.group(1)} ", 1)[0].split()
            feats.title_for_task = (
                bool(head_words)
                and head_words[-1] in _TASK_WORDS
                # ("… for seizure prediction and classification": two tasks of one problem are
                # still narrow; a longer list is a general model's)
                and (
                    "and" not in head_words
                    or (head_words.count("and") == 1 and len(head_words) <= 5)
                )
                and not set(head_words) & {"foundation", "generalist", "universal", "general"}
            )
        if feats.title_question:
            evidence.append(Evidence("question", "the title asks a question", "title", 1.0))
        feats.title_task = title_totals.get("task", 0.0) > 0 and not (
            title_totals.get("foundation", 0.0)
            + title_totals.get("domain_fm", 0.0)
            + title_totals.get("generality", 0.0)
        )
        self._title_shape(feats, norm[0], title_hits, own_name_end)
        low_abstract = abstract.lower()
        if "survey" in feats.title_lower:
            feats.people_survey = bool(
                _PEOPLE_SURVEY_TITLE_RE.search(feats.title_lower)
                or _PEOPLE_SURVEY_ABSTRACT_RE.search(low_abstract)
            ) and not _LITERATURE_RE.search(low_abstract)
        # (the title only: an abstract says "vision-only" of the prior work it improves on)
        feats.text_negated = bool(_TEXT_NEGATED_RE.search(feats.title_lower))
        feats.abstract_lower = low_abstract
        if own_name_end > 0:
            # "MAIRA-2: …" and "MAIRA-2 is a large multimodal model …": the abstract defines the
            # title's own model, which introduces it as surely as "we present MAIRA-2, a …"
            # ("PathOmni (PO): …" is defined as "PathOmni is a …")
            name = feats.own_stem
            for form in (f"{name} is a", f"{name}, a"):
                at = low_abstract.find(form)
                after = at + len(form)
                if (
                    at >= 0
                    # (a slice: the abstract may end right after "NAME is a")
                    and low_abstract[after : after + 1] in (" ", "n")
                    and _word_start(low_abstract, at)
                ):
                    positions.append((at, "intro", form[:-2]))
                    positions.sort()
                    break
        defined = self._defined_names(title, abstract, low_abstract, positions)
        feats.evaluated_fm = self._evaluated_fm(low_abstract, positions)
        feats.intro = self._intro_sentence(low_abstract, positions, ("foundation", "domain_fm"))
        if feats.intro:
            evidence.append(Evidence("intro", "introduces a model (one sentence)", "abstract", 1.0))
        else:
            # ("they release the dataset and use it to benchmark GPT-4": an introducing verb
            # whose object is data introduces the data, not a pretrained model)
            feats.intro_weak = self._intro_sentence(
                low_abstract, positions, ("pretraining", "llm"), of_data=True
            )
            if feats.intro_weak:
                evidence.append(
                    Evidence(
                        "intro", "introduces a pretrained model (one sentence)", "abstract", 0.5
                    )
                )
        if feats.intro or feats.intro_weak:
            feats.intro_vl = any(
                _VL_PRODUCT_RE.search(_introduced_product(low_abstract, p))
                for p, v, _ in positions
                if v == "intro" and any(word in low_abstract[p : p + 120] for word in _VL_WORDS)
            )
        heads = _intro_heads(
            low_abstract, [(p, ph) for p, v, ph in positions if v == "intro" and p not in defined]
        ) + [head for head in defined.values() if head]
        if heads:
            feats.intro_head = next((h for h in ("model", "task") if h in heads), heads[-1])
            head_word = {"model": "a model", "task": "a task-specific model"}.get(
                feats.intro_head, "a method"
            )
            evidence.append(
                Evidence("intro_head", f"what it introduces is {head_word}", "abstract", 1.0)
            )
        if feats.intro_head == "model":
            feats.named_model = any(defined.values()) or _names_model(
                abstract, low_abstract, [(p, ph) for p, v, ph in positions if v == "intro"]
            )
            # (only what :meth:`Scorer._new_model` reads: the search is not free)
            for where, text in (("title", feats.title_lower), ("abstract", low_abstract)):
                release = _RELEASE_RE.search(text)
                if release:
                    feats.releases = True
                    evidence.append(Evidence("release", release.group(0)[:80], where, 1.0))
                    break
        cues = feats.abstract_cues = _ABSTRACT_CUES.held_in(low_abstract)
        if "trained" in cues and ("releas" in cues or "open-sourc" in cues):
            reused = _RELEASES_PRETRAINED_RE.search(low_abstract)
            if reused:
                feats.releases_pretrained = True
                evidence.append(Evidence("release", reused.group(0)[:80], "abstract", 1.0))
        if feats.abstract_missing:
            evidence.append(Evidence("note", "abstract missing", "abstract", 0.0))
        elif item.summary_only:
            evidence.append(Evidence("note", SUMMARY_ONLY_NOTE, "abstract", 0.0))
        for where, text in (("title", feats.title_lower), ("abstract", low_abstract)):
            field_marks = marks[where]
            # (number words alone: no unit of scale or breadth for them to count)
            if any(vocab != "_number" for _, vocab, _ in field_marks):
                numbers = _number_spans(text)
                words = _outermost(
                    [(at, phrase) for at, vocab, phrase in field_marks if vocab == "_number"]
                )
                self._scale(feats, text, field_marks, numbers, words)
                self._breadth(feats, text, field_marks, numbers, words)
        if (
            feats.scale < 1.5
            # (the pattern needs "pre-train"/"pretrain" and a corpus's name)
            and "train" in cues
            and not cues.isdisjoint(_CORPUS_NAMES)
        ):
            corpus = _NAMED_CORPUS_RE.search(low_abstract)
            if corpus:
                # "pretraining … on PubMed abstracts and MIMIC-IV notes": a public corpus of a
                # whole domain is data at scale, counted or not
                feats.scale = 1.5
                # (the evidence names the corpus: the words before it may be a long clause)
                feats.scale_text = f"pre-training on {corpus.group(1)}"
        if (
            feats.scale < 1.5
            and not cues.isdisjoint(_LARGE_WORDS)
            and not cues.isdisjoint(_PRETRAIN_WORDS)
        ):
            # (the first that is not about others' models: an abstract often opens with them)
            in_words = next(
                (
                    m
                    for m in _PRETRAINING_ON_UNLABELLED_RE.finditer(low_abstract)
                    if not _background_around(low_abstract, m.start(), m.end())
                ),
                None,
            )
            if in_words:
                # "after pretraining on large unlabelled ECG collections": pre-training on data
                # at scale, said in words (a bare "a large unlabelled set" is a task paper's)
                feats.scale = 1.5
                feats.scale_text = in_words.group(0)[:80]
        if feats.scale:
            feats.evidence.append(Evidence("scale", feats.scale_text, "abstract", feats.scale))
        if feats.scale >= 1.5 and not (feats.intro or feats.intro_weak) and "from scratch" in cues:
            scratch = _own_from_scratch(low_abstract)
            if scratch:
                # "pretraining the transformer from scratch on 21 million profiles": the
                # authors' own model, pre-trained on data at scale (not "than models trained
                # from scratch", a baseline)
                feats.intro_weak = True
                evidence.append(Evidence("intro", scratch, "abstract", 0.5))
        if feats.breadth:
            feats.evidence.append(
                Evidence("breadth", feats.breadth_text, "abstract", feats.breadth)
            )
        if "benchmark" in cues:
            bench = _BENCHMARK_INTRO_RE.search(low_abstract)
            if bench:
                feats.benchmark_intro = True
                feats.benchmark_of_models, feats.benchmark_of_agents = _what_a_benchmark_tests(
                    low_abstract, bench.start()
                )
                evidence.append(Evidence("benchmark", bench.group(0)[:80], "abstract", 1.0))
        if not feats.benchmark_intro and ("dataset" in cues or "corpus" in cues):
            data = _DATASET_INTRO_RE.search(low_abstract)
            if data:
                feats.dataset_intro = True
                evidence.append(Evidence("benchmark", data.group(0)[:80], "abstract", 0.5))
        counted = None
        if not (feats.benchmark_intro or feats.dataset_intro):
            counted = _COUNTED_RESOURCE_INTRO_RE.search(low_abstract)
            if counted:
                feats.dataset_intro = True
                evidence.append(Evidence("benchmark", counted.group(0)[:80], "abstract", 0.5))
        if feats.own_stem and (
            "benchmark" in cues or "test s" in cues or "evaluation suite" in cues
        ):
            named = _defined_as(low_abstract, feats.own_stem, _DEFINED_AS_BENCHMARK_RE)
            feats.named_benchmark = named is not None
            if named is not None and not (feats.benchmark_intro or feats.dataset_intro):
                # "SurgCheck is a diagnostic benchmark with …": the paper defines the name its
                # title carries as a benchmark, as "we introduce SurgCheck, a …" would
                feats.benchmark_intro = True
                feats.benchmark_of_models, feats.benchmark_of_agents = _what_a_benchmark_tests(
                    low_abstract, named[0]
                )
                evidence.append(
                    Evidence("benchmark", low_abstract[named[0] : named[1]][:80], "abstract", 1.0)
                )
        if not feats.benchmark_intro and title_totals.get("benchmark"):
            described = self._described_resource(title, low_abstract, cues)
            if described:
                feats.benchmark_intro = True
                evidence.append(Evidence("benchmark", described, "abstract", 1.0))
        if feats.intro_head != "model":
            feats.title_evaluates = self._title_evaluates(feats, title_hits, low_abstract)
            if feats.title_evaluates:
                evidence.append(
                    Evidence("benchmark", "the title evaluates a class of models", "title", 1.0)
                )
        if feats.benchmark_intro or feats.dataset_intro:
            introduced = _NAMED_BENCHMARK_RE.search(low_abstract) or counted
            feats.named_resource = introduced.group(0) if introduced else ""
            feats.named_resource_at = introduced.start() if introduced else -1
        feats.releases_benchmark = self._releases_benchmark(feats)
        return feats

    def _title_shape(
        self,
        feats: Features,
        norm_title: str,
        title_hits: list[tuple[int, str, str, float]],
        own_name_end: int,
    ) -> None:
        """Does the title announce a model, or is a foundation model the object of the work?

        The first model phrase of the title decides ("foundation model", "medical VLM", "large
        language models"): preceded by a preposition or a verb of use ("steering of …", "with
        vision-language models", "adapting SAM …") the model is the object of the work; else, if
        it is a foundation-model phrase, the title announces one ("A foundation model for …").
        """
        model_hits = [
            (start, vocab)
            for start, vocab, phrase, _ in title_hits
            if vocab == "domain_fm"
            or (vocab in ("foundation", "llm") and _MODEL_NOUN.search(phrase))
        ]
        if not model_hits:
            return
        feats.title_fm = any(vocab != "llm" for _, vocab in model_hits)
        first, first_vocab = min(model_hits)
        if first_vocab == "llm" and any(
            start == first and vocab != "llm" for start, vocab in model_hits
        ):
            first_vocab = "foundation"
        words_before = norm_title[:first].split()
        name_words = len(norm_title[: max(own_name_end, 0)].split())
        # only the words after a "NAME:" prefix count ("UNI: a foundation model …")
        words_before = words_before[name_words:] if len(words_before) > name_words else []
        at = next(
            (i for i in range(len(words_before) - 1, -1, -1) if words_before[i] in _OBJECT_MARKERS),
            None,
        )
        marker = None if at is None else words_before[at]
        if at and any(
            word in _PRODUCT_NOUNS and words_before[i + 1 : i + 2] != ["to"]
            for i, word in enumerate(words_before[:at])
        ):
            # a verb or noun of making governs the phrase ("training of …", "building and
            # evaluating …", "learning … representations in …"): the models are built here
            marker = None
        if at is not None and marker in _PREPOSITIONS and {"a", "an"} & set(words_before[at + 1 :]):
            marker = None  # "… with a foundation model": one model, named as the paper's own
        first_phrase = next(p for s, v, p, _ in title_hits if s == first and v == first_vocab)
        after = norm_title[first:].split()[len(first_phrase.split()) :]
        if (
            marker is not None
            and (after[:1] in (["pretrained"], ["trained"]) or after[:2] == ["pre", "trained"])
            and _TRAINED_AT_SCALE & set(after[1:9])
        ):
            # "… using foundation models pretrained on a large-scale unannotated dataset": the
            # title says how its own models were trained, so they are its product
            marker = None
        elif after and after[0] in _ADAPTING_NOUNS and marker is None:
            marker = "… " + after[0]  # "LLM alignment", "foundation model distillation"
        elif marker is None and not words_before and _weakness_claim(after):
            marker = "… " + " ".join(after[:2])  # "Medical LLMs are vulnerable to …"
        elif marker in ("for", "to") and _ADAPTING_NOUNS & set(words_before[:at]):
            marker = "… " + marker  # "safety alignment for medical LLMs": the LLM is worked on
        if marker is not None and marker not in ("for", "via", "to"):
            feats.fm_object = True
            feats.object_marker = marker
            feats.evidence.append(
                Evidence(
                    "object", f"a model is the object of the work ('{marker} …')", "title", 1.0
                )
            )
        elif first_vocab != "llm" and (marker is None or feats.in_title("intro") > 0):
            feats.title_model = True
            feats.evidence.append(Evidence("title_model", "title announces a model", "title", 1.0))

    @staticmethod
    def _defined_names(
        title: str, abstract: str, low_abstract: str, positions: list[tuple[int, str, str]]
    ) -> dict[int, str]:
        """Models the abstract defines by name: "The Biosignal Transformer (BIOT) turns …".

        Only a name the title also uses (the paper's own model, not "The Segment Anything Model
        (SAM) has …" that it builds on). Adds an introducing position for each and returns
        {position: "model" or ""}: the head is read from the defined name itself, since what
        follows is a verb, not an appositive.
        """
        found: dict[int, str] = {}
        if len(abstract) != len(low_abstract) or "(" not in abstract:
            return found
        if not any(acronym in title for acronym in _PAREN_ACRONYM_RE.findall(abstract)):
            return found  # (cheap: no acronym in parentheses that the title also uses)
        for m in _DEFINED_NAME_RE.finditer(abstract):
            acronym = m.group(2)
            if m.group(0).rstrip().endswith(("has", "was")) or not re.search(
                rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", title
            ):
                continue
            words = m.group(1).lower().split()
            head = words[-1]
            model = head in _MODEL_HEADS or (
                head in ("network", "networks") and bool(_PRETRAINED_WORDS & set(words))
            )
            found[m.start()] = "model" if model else ""
            positions.append((m.start(), "intro", "the"))
        if found:
            positions.sort()
        return found

    @staticmethod
    def _title_evaluates(
        feats: Features, title_hits: list[tuple[int, str, str, float]], low_abstract: str
    ) -> bool:
        """ "Measuring … of medical vision-language models", "Evaluating multimodal models for
        general medical AI": the title evaluates biomedical foundation models, or VLMs / LLMs
        as a class, and the abstract builds a test set (a benchmark, "856 radiographs",
        "284 datasets"). A benchmark-like paper whatever it calls itself."""
        if not any(word in feats.title_lower for word in _EVALUATING_WORDS):
            return False
        m = _TITLE_EVALUATES_RE.search(feats.title_lower)
        if m is None:
            return False
        classes = {
            vocab for start, vocab, _, _ in title_hits if m.start() <= start < m.end()
        } & _EVALUATED_CLASSES
        # biomedical models: "medical VLMs", or general models evaluated as generalist medical
        # AI across many datasets; general LLMs on one clinical task are probes, not this
        biomedical = "domain_fm" in classes or (
            bool(classes)
            and feats.breadth >= 1.0
            and bool(_GENERAL_MEDICAL_RE.search(feats.title_lower))
        )
        return biomedical and bool(_TEST_SET_RE.search(low_abstract))

    @staticmethod
    def _described_resource(title: str, low_abstract: str, cues: set[str]) -> str:
        """A resource the title names and the abstract describes as its subject ("CMExam is
        built from …", "EHRNoteQA contains 962 …"): the paper's own dataset or benchmark,
        told in the third person; or, named nowhere, one the abstract describes by what it
        holds and says is released ("the benchmark consists of 90 multiple-choice questions
        … released as an open dataset": "the benchmark consists of 1,273 questions" in a paper
        that evaluates models on MedQA describes someone else's). Returns the describing
        words, or ""."""
        for name in _RESOURCE_NAME_RE.findall(title[:MAX_FIELD_CHARS]):
            low = name.lower()
            if low in _GENERIC_ACRONYMS:
                continue
            # each occurrence of the name, not preceded by a word character or a hyphen, then
            # the describing words (one static pattern, not one compiled per title's name)
            found = _defined_as(low_abstract, low, _DESCRIBES_RE)
            if found:
                return low_abstract[found[0] : found[1]][:80]
        if not ("benchmark" in cues or "dataset" in cues or "test s" in cues):
            return ""
        this = _THIS_RESOURCE_RE.search(low_abstract)
        return this.group(0) if this and _RESOURCE_RELEASED_RE.search(low_abstract) else ""

    @staticmethod
    def _evaluated_fm(abstract_lower: str, positions: list[tuple[int, str, str]]) -> int:
        """How many foundation-model nouns stand in a sentence that evaluates or compares."""
        found: set[str] = set()
        verdicts: dict[tuple[int, int], bool] = {}  # one search per sentence, not per phrase
        for start, vocab, phrase in positions:
            if vocab not in ("foundation", "domain_fm") or not _MODEL_NOUN.search(phrase):
                continue
            key = _sentence_bounds(abstract_lower, start)
            if key not in verdicts:
                verdicts[key] = bool(_EVALUATES_RE.search(abstract_lower, *key))
            if verdicts[key]:
                found.add(phrase)
        return len(found)

    @staticmethod
    def _intro_sentence(
        abstract_lower: str,
        positions: list[tuple[int, str, str]],
        nouns: tuple[str, ...],
        of_data: bool = False,
    ) -> bool:
        """ "We present/introduce X, a … foundation model" within one sentence of the abstract
        (``of_data``: not by an introducing phrase whose object is data, "… release the
        dataset", :data:`_DATA_OBJECT_RE`)."""
        intros = [(p, phrase) for p, vocab, phrase in positions if vocab == "intro"]
        if not intros:
            return False
        models = [p for p, vocab, _ in positions if vocab in nouns]
        if not models:
            return False
        for intro, phrase in intros:
            for model in models:
                if (
                    intro < model <= intro + 200
                    and not _SENTENCE_END_RE.search(abstract_lower, intro, model)
                    # (last: the pattern is tried only after a phrase with a model after it)
                    and not (of_data and _DATA_OBJECT_RE.match(abstract_lower, intro + len(phrase)))
                ):
                    return True
        return False

    @staticmethod
    def _scale(
        feats: Features,
        text: str,
        marks: list[tuple[int, str, str]],
        numbers: list[tuple[int, int]],
        words: list[tuple[int, str]],
    ) -> None:
        """Data scale: "1.3 billion tiles", "100,000 whole-slide images", "33M cells".

        A large number (digits with separators, five or more digits, a magnitude word) whose
        unit comes within six words, with no sentence or clause break in between. ``numbers``
        are the digit runs of ``text``, ``words`` its number words (both found once per field).
        """
        units = [(at, phrase) for at, vocab, phrase in marks if vocab == "_unit"]
        if not units:
            return
        starts = [
            begin
            for begin, end in numbers
            if end - begin >= 5
            or "," in text[begin:end].rstrip(",.")
            or text[end : end + 10].startswith(_MAGNITUDE_WORDS)
        ]
        starts += [at for at, _ in words]
        unit_starts = [at for at, _ in units]
        for start in starts:
            # "Qwen3-4B", "v2.1": a number glued to a name is a model size or version
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,-/_"):
                continue
            head = _NUM_HEAD_RE.match(text, start)
            if head is None:
                continue
            value = _scale_value(head)
            if value < 1e4:
                continue
            k = bisect.bisect_left(unit_starts, head.end() - 1)
            if k == len(units):
                continue
            at, unit = units[k]
            between = text[head.end() : at]
            if len(between.split(None, 7)) > 6 or _CLAUSE_BREAK.search(between):
                continue
            weight = _scale_weight(value, unit)
            if weight > 1.5 and (
                (
                    unit.startswith(("token", "word"))
                    and _BORROWED_RE.search(_sentence_at(text, start))
                )
                # "we use as encoders a vision transformer pretrained on 104 million patches":
                # whatever the unit, the data of a model the paper uses, not of one it trains
                or (
                    _PRETRAINED_ON_RE.search(text, max(start - 40, 0), start)
                    and _USES_PRETRAINED_RE.search(text, _sentence_bounds(text, start)[0], start)
                )
            ):
                # "we fine-tune Llama 3, an open LLM pretrained on 15 trillion tokens": the
                # base model's pre-training, not this paper's
                weight = 1.5
            if weight > feats.scale:
                feats.scale = weight
                feats.scale_text = f"{head.group(0)} … {unit}"[:80]

    @staticmethod
    def _breadth(
        feats: Features,
        text: str,
        marks: list[tuple[int, str, str]],
        numbers: list[tuple[int, int]],
        words: list[tuple[int, str]],
    ) -> None:
        """Breadth of evaluation: "across 40 clinical datasets", "nine modalities".

        A count (digits or a number word) followed within three words by a unit of breadth
        (tasks, datasets, cohorts, organs…).
        """
        unit_marks = [(at, phrase) for at, vocab, phrase in marks if vocab == "_breadth"]
        if not unit_marks:
            return
        units = [at for at, _ in unit_marks]
        counts: list[tuple[int, int, int]] = []  # (start, end, value)
        for begin, end in numbers:
            digits = text[begin:end].rstrip(".,")
            # "1,000 diseases": a thousands separator is part of the count
            plain = (
                digits.replace(",", "")
                if "," in digits and _THOUSANDS_RE.fullmatch(digits)
                else digits
            )
            if plain.isdigit() and len(plain) <= 4:
                value = int(plain)
                if value >= 4 and not 1900 <= value <= 2100:
                    counts.append((begin, begin + len(digits), value))
        for at, word in words:
            if word in _BREADTH_WORDS:
                counts.append((at, at + len(word), _BREADTH_WORDS[word]))
        for begin, end, value in counts:
            if begin and (text[begin - 1].isalnum() or text[begin - 1] in ".,"):
                continue
            if end < len(text) and not text[end].isspace():
                continue  # "75-speaker", "16k": a count glued to a word names something
            k = bisect.bisect_right(units, end)
            if k == len(units):
                continue
            between = text[end : units[k]]
            if len(between.split(None, 4)) > 3 or _COUNT_BREAK.search(between):
                continue
            weight = 1.0 if value >= 10 else 0.6
            if weight > feats.breadth:
                at, unit = unit_marks[k]
                stop = at + len(unit)
                while stop < len(text) and text[stop].isalpha():  # the plural the match allowed
                    stop += 1
                feats.breadth = weight
                feats.breadth_text = " ".join(text[begin:stop].split())[:80]

    # -- verdict ------------------------------------------------------------------------------
    def score(self, item: Paper | Mapping[str, Any] | Item) -> ScoreResult:
        plain = self._plain_gate(item) if self.prefilter and type(item) is dict else None
        if isinstance(plain, ScoreResult):
            return plain  # (most of a feed)
        return self._score(item, plain)

    def _score(
        self, item: Paper | Mapping[str, Any] | Item, plain: _GateText | None
    ) -> ScoreResult:
        """:meth:`score` of a paper :meth:`_plain_gate` did not drop (``plain``: its gate text,
        which passed, when it read the paper)."""
        it = Item.of(item)
        joined, lengths, fields = plain or self._gate_text(it)
        found = None
        if self.prefilter:
            kept = self._prefilter(it, joined, lengths[0], lengths[1], bio_passed=plain is not None)
            if isinstance(kept, ScoreResult):
                return kept
            padded, found = kept
        else:
            padded = joined.decode("ascii") if isinstance(joined, bytes) else joined
        fields = fields or _cut_fields(padded, lengths)
        feats = self.features(it, fields, padded, found)
        kind = self._kind(feats)
        section = self._section(feats, kind)
        evidence = feats.evidence
        outside = (
            _NO_BIO
            if feats.get("biomedical") < MIN_BIOMEDICAL
            else _NO_MODEL
            if self._too_weak(feats)
            else None
        )
        if outside is not None:
            # the verdict of the prefilter, reached the long way (``prefilter=False``)
            evidence.append(outside)
            return self._verdict(it, 0.0, "drop", section, kind, evidence, Enrichment())
        score = _sigmoid(self._raw(feats, kind))
        near_at = self.config.near_miss_threshold
        capped_by = self._cap(feats, kind)
        curators_lean = 0.0
        if self.feedback is not None and score + self.feedback.strength >= near_at:
            # (below that, feedback could change nothing: the paper is dropped either way)
            score, capped_by, curators_lean = self._feedback(it, score, evidence, capped_by)
        if capped_by:
            evidence.append(Evidence("cap", capped_by, "rule", 0.0))
            score = self._capped(score)
        floor = self._floor(feats)
        floored = False
        if floor and score < near_at:
            evidence.append(Evidence("floor", floor, "rule", 0.0))
            score, floored = near_at, True
        decision = self._decide(score, capped_by)
        enrichment = self.enricher.enrich(
            it, full=decision != "drop", benchmark=kind == "benchmark"
        )
        verdict = self._verdict(it, score, decision, section, kind, evidence, enrichment)
        # (both after the catalog check: a known work stays known, in no section)
        if verdict.decision not in ("propose", "near-miss"):
            return verdict
        says = (
            # a floored paper had too little evidence to be even a near-miss: the floor keeps it
            # in sight, the words do not make it a proposal (and the scorer saves their cost)
            (verdict.decision == "propose" or not floored)
            and self.likeness is not None
            and not it.summary_only
            # the model learned from abstracts: a title alone says too little
            and len(fields[1].split(None, LIKENESS_MIN_WORDS)) >= LIKENESS_MIN_WORDS
        )
        sections = self.sections is not None and verdict.section not in _SECTION_KINDS
        if not (says or sections):
            return verdict
        p = self._words.probabilities(fields[0], fields[1]) if self._words is not None else {}
        # (the section first: the words may make a paper the rules filed as a model a
        # benchmark, the kind the likeness may propose)
        if sections:
            self._worded_section(verdict, p)
            if kind != "benchmark" and verdict.kind == "benchmark":
                # (named as the rules' benchmarks are: by the dataset or benchmark it builds)
                verdict.enrichment = self.enricher.as_benchmark(it, verdict.enrichment)
        if says:
            assert self.likeness is not None
            likeness = p.get(_DECISION)
            if likeness is None:  # (a model with word pairs: read on its own)
                likeness = self.likeness.likelihood_normalized(fields[0], fields[1])
            self._likeness_say(fields, verdict, likeness, bool(capped_by), curators_lean, feats)
        return verdict

    def _likeness_say(
        self,
        fields: tuple[str, str, str, str],
        verdict: ScoreResult,
        likeness: float,
        capped: bool,
        curators_lean: float,
        feats: Features,
    ) -> None:
        """The likeness model's say (step 8 above): a near-miss whose words are those of the
        papers curators add (likeness at least ``likeness_propose``) is proposed when it is of a
        kind in ``likeness_propose_kinds`` (benchmarks, by default), a proposal
        whose words are unlike them (below ``likeness_hold``) is held back, each with one line
        of evidence, first (the pull request and the digest show the first few). Asked only
        for a paper with an abstract of :data:`LIKENESS_MIN_WORDS` words or more (the model
        learned from abstracts). The score moves to the decision's
        side of ``propose_threshold``, so that score and decision never disagree. Curators'
        decisions on similar works (``curators_lean``, from feedback) are not overruled: a paper
        they lean against is not proposed by the model, nor one they lean towards held back.
        The words know how benchmarks are written, not what they are about: a paper with faint
        ``biomedical`` evidence (less than :data:`MIN_BIOMEDICAL_FLOOR`, the floor's own bar)
        is not proposed by them, nor a benchmark whose text names no model of the catalog's
        kind (no foundation model, LLM or pretrained model: a challenge's benchmark of task
        models)."""
        assert self.likeness is not None
        config = self.config
        if (
            verdict.decision == "near-miss"
            and likeness >= config.likeness_propose
            and verdict.kind in config.likeness_propose_kinds
            and curators_lean >= 0
            and feats.get("biomedical") >= MIN_BIOMEDICAL_FLOOR
            and (verdict.kind != "benchmark" or _subjects(feats) > 0)
        ):
            words = ", ".join(self.likeness.reasons_of(normalized_features(fields[0], fields[1])))
            rules = (
                "the rules alone would hold it back"
                if capped
                else f"the rules' score alone ({verdict.score:.2f}) is below the threshold"
            )
            shown = _floored(likeness, 2)
            because = f"the words are those of papers curators add ({shown}: {words}); {rules}"
            verdict.evidence.insert(0, Evidence("likeness", because, "model", 0.0))
            verdict.decision = "propose"
            verdict.score = max(verdict.score, config.propose_threshold)
        elif (
            verdict.decision == "propose" and likeness < config.likeness_hold and curators_lean <= 0
        ):
            shown = _floored(likeness, 3)
            because = f"the words are unlike those of papers curators add ({shown})"
            verdict.evidence.insert(0, Evidence("cap", because, "model", 0.0))
            verdict.decision = "near-miss"
            # (a proposal scored at least the proposal threshold: held back, it sits at the top
            # of the near-misses' band)
            verdict.score = round(self._near_miss_top(), 4)

    def _worded_section(self, verdict: ScoreResult, p: Mapping[str, float]) -> None:
        """For a paper the rules filed as a model: the section the section word models choose
        among :data:`_WORDED_SECTIONS` from their probabilities ``p``, the rules' one counting
        extra (:meth:`fmwatch.ranker.Sections.choose_from`), set on ``verdict``; Benchmark
        paper sets the kind to match, and a change is stated in the evidence."""
        assert self.sections is not None
        chosen, probability = self.sections.choose_from(p, verdict.section, among=_WORDED_SECTIONS)
        if chosen == verdict.section:
            return
        # first: the pull request and the digest show only the first few items of evidence
        verdict.evidence.insert(
            0,
            Evidence(
                "section",
                f"{chosen}: the words say so ({probability:.2f}), the rules said {verdict.section}",
                "model",
                0.0,
            ),
        )
        verdict.section = chosen
        verdict.kind = _SECTION_KINDS.get(chosen, "model")

    def _feedback(
        self, it: Item, score: float, evidence: list[Evidence], capped_by: str | None
    ) -> tuple[float, str | None, float]:
        """The score moved towards curators' decisions on similar works (bounded).

        Feedback is a nudge, not a verdict: it moves the score by at most the feedback's
        strength, a paper the rules scored below the near-miss threshold cannot become a
        proposal through it alone, and the rules' caps still hold. It adds one cap of its own:
        nearly the same text as a rejected work is at most a near-miss. Also returned: which
        way curators lean (the score's move; -1 for a rejected work's near-duplicate), which
        the likeness model does not overrule.
        """
        assert self.feedback is not None
        verdict = self.feedback.assess(it.title, it.abstract or "", it.keys())
        delta: float = verdict.delta
        if delta:
            evidence.extend(verdict.evidence)
            moved = min(1.0, max(0.0, score + delta))
            if score < self.config.near_miss_threshold:
                moved = min(moved, max(self.config.propose_threshold - 0.01, 0.0))
            score = moved
        if verdict.rejected_duplicate and not capped_by:
            capped_by = f"nearly the same as a rejected work: {verdict.rejected_duplicate[:100]}"
        return score, capped_by, -1.0 if verdict.rejected_duplicate else delta

    def _verdict(
        self,
        it: Item,
        score: float,
        decision: str,
        section: str,
        kind: str,
        evidence: list[Evidence],
        enrichment: Enrichment,
    ) -> ScoreResult:
        known_as = None
        if self.known is not None:
            # Keys are one dict lookup each; the fuzzy title lookup is only worth its cost for a
            # paper that would otherwise reach a curator (a dropped paper stays dropped).
            title = it.title if decision != "drop" else None
            match = self.known.match(it.keys(), title)
            if match is None and title is not None and (it.work_keys or it.other_titles):
                # a stored work: the catalog may know it by a key only another of its records
                # carries, or by another record's title (the journal's, when the row links a
                # page that gives no key)
                match = self.known.match(it.work_keys, None)
                for other in it.other_titles:
                    if match is not None:
                        break
                    match = self.known.match(it.work_keys, other)
            if match is not None:
                decision = "known"
                known_as = _known_label(match)
        evidence.sort(key=lambda e: (-e.weight, e.kind, e.phrase))
        return ScoreResult(
            score=round(score, 4),
            decision=decision,
            section=section,
            kind=kind,
            evidence=evidence,
            enrichment=enrichment,
            known_as=known_as,
        )

    def _capped(self, score: float) -> float:
        """A capped score: below the proposal threshold, but still in the order of the evidence.

        Scores from the near-miss threshold up are squeezed into [near-miss threshold, proposal
        threshold - 0.01] (not all set to the top of it), so that near-misses, which the pull
        request lists best first, keep the evidence's order: a capped paper with overwhelming
        evidence comes before one that barely made it. Lower scores are left as they are, so no
        decision changes.
        """
        near_at = self.config.near_miss_threshold
        top = self._near_miss_top()
        if score < near_at:
            return score
        if near_at >= 1.0:
            return min(score, top)
        return near_at + (top - near_at) * (score - near_at) / (1.0 - near_at)

    def _near_miss_top(self) -> float:
        """The highest score a near-miss has: just under the proposal threshold."""
        return max(self.config.propose_threshold - 0.01, self.config.near_miss_threshold)

    def _decide(self, score: float, capped_by: str | None) -> str:
        if score >= self.config.propose_threshold and not capped_by:
            return "propose"
        if score >= self.config.near_miss_threshold:
            return "near-miss"
        return "drop"

    def _kind(self, f: Features) -> str:
        if _TASK_OVERVIEW_RE.match(f.title_lower):
            # the organisers built the test data and compared the teams' systems on it: a
            # benchmark, though its title calls it an overview (capped as a challenge report)
            return "benchmark"
        # "a review" in the title, or the abstract speaking of itself as one ("this review",
        # "we survey"): "Cochrane systematic review abstracts" is data, not a review
        if not f.people_survey and (
            f.in_title("review") >= 1.0
            or not _SELF_REVIEW.isdisjoint(f.phrases)
            or (_mentions_overview(f) and _SELF_OVERVIEW_RE.search(f.abstract_lower))
        ):
            return "review"
        # a title that introduces a named foundation model stays a model paper even when it
        # also promises a benchmark ("DNABERT-2: Efficient Foundation Model and Benchmark …")
        introduces = f.title_model and (f.title_name or f.intro)
        # … and "evaluation" / "validation" words beside a foundation model the title announces
        # ("… foundation model for real-world radiology and comprehensive evaluation") describe
        # how it was tested; only the word "benchmark" itself makes such a title a benchmark
        evaluated_product = (
            introduces and f.title_fm and not _BENCHMARK_WORD_RE.search(f.title_lower)
        )
        if (
            (f.in_title("benchmark") >= 1.5 and not evaluated_product)
            or (
                not introduces
                and (
                    f.in_title("benchmark") >= 0.5 or f.get("benchmark") >= 4.0 or f.benchmark_name
                )
            )
        ) and not self._pretrains_own(f):
            # (… unless the abstract pre-trains models of its own at scale: those are what
            # the paper makes, and its "benchmarking" is how it tested them)
            return "benchmark"
        if f.title_evaluates and f.get("adaptation") < 2.0 and f.get("agent") < 1.0:
            return "benchmark"
        # (a dataset introduced by name, "we introduce ReDose (…), a dataset of 6,435 posts",
        # is as much the paper's product as a benchmark so introduced)
        benchmark_named = bool(f.named_resource) and (
            not f.named_resource.endswith("dataset")
            # (… and so is a dataset introduced by name that the abstract says serves as a
            # benchmark: "RuCCoD, a new dataset … serves as a benchmark for several approaches")
            or _serves_as_benchmark(f.abstract_lower, f.named_resource_at)
        )
        if (
            f.releases_benchmark
            # a dataset or benchmark the title names as the paper's product, or one the abstract
            # introduces by name ("the authors construct MetaMedQA, an extension of a …
            # benchmark" under "LLMs lack essential metacognition …")
            and (
                ((f.dataset_intro or f.benchmark_intro) and (f.title_dataset or f.title_name))
                or f.named_resource
            )
            and not (f.title_model or f.intro or f.intro_head == "model")
            # ("introduces a pretrained model" is the benchmark's own sentence when it names one)
            and not (f.intro_weak and not f.benchmark_intro)
            # (nor a paper that also makes a model of its own on it: "M3D: …" releases data,
            # a benchmark and "M3D-LM, a multimodal LLM")
            and not _OWN_MODEL_RE.search(f.abstract_lower)
            and (
                # a benchmark the abstract introduces by name ("this work introduces MedR-Bench,
                # a benchmark …") is the paper's product whatever words of adapting or of
                # agents its methods use (a LoRA-tuned baseline, an agentic answer checker)
                benchmark_named or (f.get("adaptation") < 1.5 and f.agents() < 1.0)
            )
            and (
                f.get("benchmark") + f.get("probe") >= 2.0
                # (the naming sentence is evidence enough of a benchmark when the abstract
                # speaks of no pre-trained or foundation model that could be the product
                # instead: "We curate MultiMedBench, a … benchmark" before introducing
                # Med-PaLM M, or BLURB beside PubMedBERT, stay model papers)
                or (
                    benchmark_named
                    and f.get("foundation") + f.get("domain_fm") + f.get("pretraining") < 1.0
                )
            )
        ):
            # a dataset of its own, released to compare models on biomedical data ("CORAL:
            # Expert-Curated Oncology Reports …", "Checkup2Action: … Report Dataset"): the
            # paper's product is a benchmark, whatever its title calls it
            return "benchmark"
        if (
            f.fm_object
            and f.title_fm
            and f.evaluated_fm
            and f.object_marker not in _INSTRUMENTAL
            and not f.intro
            and f.get("adaptation") < 2.0
            and f.get("agent") < 1.0
        ):
            # "A Deep Dive into Single-Cell Foundation Models" that compares them with
            # baselines: an evaluation of foundation models, filed with benchmarks
            return "benchmark"
        return "model"

    @staticmethod
    def _pretrains_own(f: Features) -> bool:
        """The abstract pre-trains models of its own on data at scale and releases them ("we
        pretrain … on 19 million histopathology patches … and release the pretrained weights"),
        or trains one it names ("they train BioVFM, a … model pretrained on 21 million
        images"): the paper's product is that model, and the "Benchmarking" / "Evaluating" of
        its title says how it was tested. Pre-training variants only to compare methods, kept
        to itself, is a benchmark of pre-training; so is a paper whose title's own name is a
        benchmark's ("LAB-Bench: …")."""
        if f.scale < 1.5 or f.benchmark_name:
            return False
        low = f.abstract_lower
        return _TRAINS_NAMED_RE.search(low) is not None or (
            _PRETRAINS_OWN_RE.search(low) is not None and _RELEASE_RE.search(low) is not None
        )

    def _section(self, f: Features, kind: str) -> str:
        """The catalog section: the kind for reviews and benchmarks, else the data modality.

        Multimodal data means images with text (vision-language pre-training, VQA, report
        generation) or several kinds of data together (histology with omics, EHR with images);
        "multimodal" alone often means several imaging modalities, which is still Image Data.
        """
        if kind == "review":
            return "Review paper"
        if kind == "benchmark":
            return "Benchmark paper"
        votes = {name: f.get(name) + f.in_title(name) for name in ("clinical", "image", "genomic")}
        vl = f.get("vision_language") + f.in_title("vision_language")
        mm = f.get("multimodal") + f.in_title("multimodal")
        signals = _signal_total(f)
        if (
            vl < 1.5
            and votes["clinical"] > max(votes["image"], votes["genomic"])
            and signals >= max(2.0, 0.5 * f.get("clinical"))
        ):
            # ECG, EEG, sleep recordings, wearables: physiological signals are Clinical Data,
            # however many channels ("multi-modal" sleep recordings) a model reads
            return MODALITY_SECTIONS["clinical"]
        if min(f.in_title("image"), f.in_title("genomic")) >= 1.5:
            # "… bridging histopathology with spatial transcriptomics": two kinds of data
            return MODALITY_SECTIONS["multimodal"]
        if (
            votes["image"] >= max(votes["clinical"], votes["genomic"])
            and vl >= 1.5
            and (f.text_negated or _generates_images(f.title_lower, f.abstract_lower))
        ):
            # an image encoder trained without text, or an image generator that text conditions
            # (RoentGen): the catalog files both under Image Data
            return MODALITY_SECTIONS["image"]
        if (
            vl >= 4.0
            or (f.in_title("vision_language") >= 1.0 and vl >= 3.0)
            or (f.intro_vl and votes["image"] >= max(votes["clinical"], votes["genomic"]))
        ):
            return MODALITY_SECTIONS["multimodal"]
        if f.in_title("multimodal") >= 0.8 and f.get("vision_language") >= 1.5:
            return MODALITY_SECTIONS["multimodal"]  # "multimodal" with text in the abstract
        ranked = sorted(votes.values(), reverse=True)
        if ranked[2] >= 3.0:
            return MODALITY_SECTIONS["multimodal"]  # text, images and genomics in one model
        if ranked[1] >= 3.0 and mm >= 1.5:
            return MODALITY_SECTIONS["multimodal"]  # e.g. histology with gene expression
        if mm >= 3.0 and votes["image"] < max(votes["clinical"], votes["genomic"]) + 2.0:
            return MODALITY_SECTIONS["multimodal"]  # several kinds of data, not only images
        best = max(votes, key=lambda name: votes[name])
        if votes[best] <= 0:
            if f.get("llm") >= 1.0 and vl < 1.5 and mm < 1.5:
                return MODALITY_SECTIONS["clinical"]  # a (bio)medical language model: text
            return MODALITY_SECTIONS["image"] if mm + vl <= 0 else MODALITY_SECTIONS["multimodal"]
        return MODALITY_SECTIONS[best]

    def components(self, f: Features, kind: str) -> dict[str, float]:
        """The handful of numbers the score is a weighted sum of (see :data:`SCORE_WEIGHTS`)."""
        # (:meth:`Features.get` and :meth:`Features.in_title`, read without a call of their own)
        get, in_title = f.totals.get, f.title_totals.get
        bio_total = get("biomedical", 0.0) + 0.3 * get("genomic", 0.0)
        fm_total = get("foundation", 0.0) + get("domain_fm", 0.0)
        if kind == "review":
            # a review's topic may be "LLMs in medicine": existing models are its subject
            fm_total += get("existing_fm", 0.0) + 0.5 * (
                get("probe", 0.0) + get("pretraining", 0.0)
            )
            # (… or LLMs by that name: the review cap reads them as its subject too)
            fm_total += get("llm", 0.0)
        elif kind == "benchmark":
            fm_total += 0.7 * get("pretraining", 0.0)
            if f.releases_benchmark:
                # its own benchmark of the models (LLMs, VLMs, foundation models) it evaluates:
                # those models are its subject whatever vocabulary names them
                fm_total = max(fm_total, 2.0)
        fm = _sat(fm_total, 3.0)
        bio = _sat(bio_total, 3.0)
        own_benchmark = kind == "benchmark" and f.releases_benchmark
        return {
            "foundation": fm,
            "pretraining": _sat(get("pretraining", 0.0), 3.0),
            "biomedical": bio,
            "foundation_x_biomedical": fm * bio,
            "scale": f.scale / 2.0,
            "breadth": f.breadth,
            "generality": _sat(get("generality", 0.0), 2.0),
            "pretrained_general": _sat(get("pretraining", 0.0), 2.0)
            * _sat(get("generality", 0.0) + 2.0 * f.breadth + f.scale, 2.0),
            "intro": 1.0 if f.intro else 0.0,
            "intro_weak": 1.0 if f.intro_weak else 0.0,
            "intro_model": 1.0 if f.intro_head == "model" else 0.0,
            "intro_method": 1.0 if f.intro_head == "method" else 0.0,
            "title_model": 1.0 if f.title_model else 0.0,
            "fm_object": 1.0 if f.fm_object and kind == "model" else 0.0,
            "title_task": 1.0 if f.title_task else 0.0,
            "task": _sat(get("task", 0.0), 3.0),
            "broad": 1.0 if self._broad(f) else 0.0,
            "existing_fm": _sat(get("existing_fm", 0.0), 2.0) if kind == "model" else 0.0,
            # (a benchmark of the paper's own runs models as they are, fine-tuned, or with
            # retrieval: those words describe its conditions; agent benchmarks are capped)
            "adaptation": 0.0 if own_benchmark else _sat(get("adaptation", 0.0), 2.0),
            "agent": 0.0 if own_benchmark else _sat(get("agent", 0.0), 1.5),
            "probe": _sat(get("probe", 0.0), 2.0) if kind == "model" else 0.0,
            "narrow": _sat(get("narrow", 0.0), 2.0),
            "non_biomedical": _sat(max(get("non_biomedical", 0.0) - 0.5 * bio_total, 0.0), 2.0),
            "review": _sat(get("review", 0.0), 2.0) if kind == "review" else 0.0,
            "review_fm": 1.0
            if kind == "review"
            and in_title("domain_fm", 0.0) + in_title("foundation", 0.0) + in_title("llm", 0.0)
            else 0.0,
            "benchmark_fm": (
                1.0
                if in_title("domain_fm", 0.0)
                or in_title("foundation", 0.0) >= 1.0
                or f.releases_benchmark
                else 0.6
                if get("domain_fm", 0.0) or get("foundation", 0.0) >= 2.5
                else 0.0
            )
            if kind == "benchmark"
            else 0.0,
            "benchmark": _sat(get("benchmark", 0.0), 2.0) if kind == "benchmark" else 0.0,
            "modality": _sat(
                max(
                    get(m, 0.0)
                    for m in ("clinical", "image", "genomic", "multimodal", "vision_language")
                ),
                3.0,
            ),
        }

    def _raw(self, f: Features, kind: str) -> float:
        parts = self.components(f, kind)
        # (the weighted sum in the parts' order, in C: each part's weight, 0 for one without)
        weights = map(SCORE_WEIGHTS.get, parts, itertools.repeat(0.0))
        total: float = sum(map(operator.mul, weights, parts.values()))
        return SCORE_BIAS + total

    def _titled_study(self, f: Features) -> bool:
        """The title says the paper studies models ("Revisiting …", "…: Evaluation Study"); an
        article-type suffix not when the abstract introduces a model of its own or at scale."""
        if _STUDY_RE.search(f.title_lower):
            # ("Generative Medical Event Models Improve with Scale" over an abstract that
            # pre-trains its own model family at scale and evaluates it broadly: a model paper)
            return not (self._new_model(f) and self._broad(f) and f.breadth >= 1.0)
        # (the suffix ends with "study": the pattern is not tried on most titles)
        return bool("study" in f.title_lower and _STUDY_SUFFIX_RE.search(f.title_lower)) and not (
            f.intro or self._new_model(f) or self._broad(f)
        )

    def _broad(self, f: Features) -> bool:
        """Pre-training or adaptation at the scale of a domain, not of a task."""
        return f.scale >= 2.0 and (f.breadth > 0 or f.intro or f.intro_weak)

    def _cap(self, f: Features, kind: str) -> str | None:
        """Why this paper is at most a near-miss, or None.

        Curators decline work that adapts, fine-tunes, prompts, distils, steers or builds an
        agent on an existing model for a task, and probes of general models on medical data.
        """
        if _CHALLENGE_RE.search(f.title_lower):
            return "a challenge or shared-task report, not a model"
        if f.comment_challenge:
            return "a challenge entry (comment), not a new model"
        if f.people_survey:
            return "a survey of people's views (questionnaire), not a review or a model"
        if kind != "review" and _MOLECULE_TITLE_RE.search(f.title_lower):
            return "a model of molecules or chemistry (title), not of biomedical data"
        if kind == "review":
            if not (
                f.in_title("domain_fm") + f.in_title("foundation") + f.in_title("llm")
                or f.get("foundation") + f.get("domain_fm") >= 2.0
                or f.get("llm") >= 2.0
            ):
                return "a review, but not of foundation models"
            return None
        if f.title_question and not (
            # "How Good Are LLMs at …? Dataset and Benchmarking", "NeuroQA: Do VLMs …?": the
            # question is what a benchmark of the paper's own, which the title names as a
            # dataset, a benchmark or by a benchmark's name, answers ("…? Benchmarking GPT-4V on
            # MIMIC-CXR" runs models on data: a probe)
            (
                kind == "benchmark"
                and f.releases_benchmark
                and (
                    f.benchmark_name
                    or f.named_benchmark
                    or f.title_dataset
                    or _BENCHMARK_NOUN_RE.search(f.title_lower)
                    # … or the abstract introduces it by name, as surely as a title would
                    # ("Can Multimodal Large Language Models Understand OCT?" answered by
                    # "we introduce OCT-Bench, …", released)
                    or (f.benchmark_intro and bool(f.named_resource))
                )
            )
            # … or one the paper answers with pre-trained models of its own, released for
            # others to reuse ("Are genomic language models all you need?" training and
            # releasing a new one): a model paper, whatever its title asks
            or f.releases_pretrained
        ):
            return "the title asks a question about models: a study, not a new model"
        if (
            self._titled_study(f)
            and (
                not f.title_model
                or f.in_title("existing_fm") >= 1.0
                # (not when the title names a model of its own: "GenoMax: scaling laws and a
                # 10B-parameter genomic foundation model")
                or (_STUDY_OF_MODELS_RE.search(f.title_lower) and not f.title_name)
            )
            and kind != "benchmark"
        ):
            return "a study or analysis of models (title), not a new model"
        if kind == "benchmark":
            if not (
                f.in_title("domain_fm") > 0
                or f.title_fm
                or f.evaluated_fm > 0
                or f.title_evaluates
                # (pre-training methods compared on one kind of task, "… SSL pretraining to …
                # segmentation tasks", are a study of training recipes for that task)
                or (self._benchmarks_pretraining(f) and not f.title_task)
                or f.releases_benchmark
            ):
                return "benchmarks general models or methods, not biomedical foundation models"
            if (f.title_for_task or _evaluates_one_task(f.title_lower)) and not (
                f.releases_benchmark
            ):
                # (a test set of its own for one task is still a benchmark the field can reuse)
                return "evaluates models on one task (title '… for <task>'), not a benchmark"
            if (
                self._titled_study(f)
                and not f.in_title("domain_fm")
                and (
                    f.in_title("existing_fm") >= 1.0
                    # "Evaluating Zero-Shot Foundation Models for Time Series Forecasting in
                    # Clinical Settings: A Simulation Study …": general models, no benchmark built
                    or (
                        _STUDY_SUFFIX_RE.search(f.title_lower)
                        and not f.releases_benchmark
                        and not self._evaluates_biomedical_fms(f)
                    )
                )
            ):
                return "a study of an existing general model (title), not a benchmark"
            if (
                # (retrieval in the title of a paper that releases its own benchmark is a
                # condition of the models it runs, not a retrieval system it evaluates)
                (f.agents(title=True) if f.releases_benchmark else f.in_title("agent")) >= 0.8
                and (not f.in_title("domain_fm") or _MODEL_AGENTS_RE.search(f.title_lower))
                # (a benchmark said to evaluate LLMs is not an agent benchmark for an agent
                # word in its title, unless the title names agents built on the models)
                and not (f.benchmark_of_models and not _MODEL_AGENTS_RE.search(f.title_lower))
            ):
                # "… Medical LLM Agents": agents built on the models, not the models themselves
                # ("… of Medical VLMs and Tool-Augmented Agents" evaluates both)
                return "evaluates agents or retrieval systems built on models (title)"
            return None
        broad = self._broad(f)
        if f.title_dataset and not (
            f.title_model
            # (a corpus released with the model the authors pre-train on it at scale, "The OMG
            # dataset: … corpus for … genomic language modeling" training gLM2: a model too)
            or (broad and _OWN_PRETRAINED_RE.search(f.abstract_lower))
        ):
            return "a dataset or resource, not a model (title)"
        if f.in_title("agent") >= 0.8:
            return "builds an agent or retrieval system on a model (title)"
        new_model = self._new_model(f)
        if (
            "-based" in f.title_lower
            and _BUILT_ON_FM_TITLE_RE.search(f.title_lower)
            and not (broad or new_model)
        ):
            return "built on a foundation model or LLM (title '…-based'), not a new one"
        # "… with motif-aware pretraining and type-guided fine-tuning": a title naming its own
        # pre-training at least as much as the adaptation, with data at scale, makes a model
        pretrains_too = f.in_title("pretraining") >= f.in_title("adaptation") and f.scale >= 1.5
        if f.in_title("adaptation") >= 0.8 and not (
            broad or f.title_model or new_model or pretrains_too
        ):
            return "adapts, fine-tunes, prompts or distils a model (title)"
        # (a title's model class is the paper's own product when the abstract releases models
        # it pre-trained: "Are genomic language models all you need?" training a new one)
        if f.fm_object and not (broad or self._own_trained_model(f) or f.releases_pretrained):
            return "a foundation model is the object of the work, not its product (title)"
        if f.in_title("probe") >= 0.8 and not f.title_name:
            return "evaluates general models on medical data (title)"
        if f.intro_head == "method" and not (
            f.title_model
            or f.title_claim
            or f.scale >= 1.5
            or f.breadth > 0
            or self._pretrains_to_transfer(f)
            or (_BROAD_TITLE_RE.search(f.title_lower) and f.get("pretraining") >= 2.0)
        ):
            return "introduces a method or framework, not a new pretrained model"
        if f.intro_head == "task" and not (f.intro or f.scale >= 1.5 or f.breadth >= 1.0):
            return "introduces a task-specific model (a segmentation, NER … model)"
        if (
            (f.intro_head == "task" and f.in_title("existing_fm") >= 1.5)
            # ("pLDDT-Predictor: High-Speed Protein Screening using transformer and esm2": a
            # title naming a task and the existing model it is done with, at any data scale)
            or (f.title_task and f.in_title("existing_fm") > 0)
        ) and not f.title_model:
            return "a task model built on an existing foundation model named in the title"
        if f.title_for_task and not (
            f.title_model
            or broad
            # (image-text pre-training at scale that transfers zero-shot and is tested across
            # datasets: "a vision-language model for annotation-free pathology localization"
            # pretrained on 220,000 pairs, validated on eight external datasets)
            or (f.scale >= 1.5 and f.breadth > 0 and self._zero_shot_vl(f))
            # (pre-training on data at scale whose pre-trained models are released for others:
            # "self-supervised learning for activity recognition using 700,000 person-days"
            # offers its encoders to the field, not only a classifier for the task it names)
            or (f.scale >= 1.5 and f.releases_pretrained)
        ):
            return "pre-trains or adapts for one task (title '… for <task>')"
        if (
            not (broad or new_model)
            and (f.title_task or f.title_for_task or f.get("task") >= 1.0)
            and self._fed_with_embeddings(f)
        ):
            return "a task model fed with a pretrained model's embeddings, not a new model"
        if self._no_general_model(f):
            return (
                "no sign of a broadly transferable model "
                "(no foundation-model claim, data scale, breadth or transfer)"
            )
        if broad:
            return None
        if (
            f.get("adaptation") >= 2.0
            and f.get("existing_fm") >= 1.0
            and not f.intro
            # "GPT-PPG: A GPT-based Foundation Model for …" pretrained on 200 million segments of
            # its own: an existing architecture, adapted, but a new model at scale
            and not (f.title_model and f.scale >= 2.0)
        ):
            return "adapts, prompts or builds on an existing model"
        if (
            "training" in f.abstract_lower
            and not new_model
            and _TRAINING_FREE_RE.search(f.abstract_lower)
            and not _AUTHORS_PRETRAIN_RE.search(f.abstract_lower)
            and not (
                f.intro_head == "model" and _INTRODUCED_PRETRAINED_ON_RE.search(f.abstract_lower)
            )
        ):
            return "a training-free method on an existing model, not a new pretrained model"
        derived = self._derived_product(f) if f.scale < 2.0 else None
        if derived:
            # "PH-LLM, a version of Gemini fine-tuned to …", "… combines two existing
            # foundation models", "a … model developed by adapting a pretrained model": the
            # abstract says its product is someone's model, adapted (not pre-trained further
            # at scale, as a domain foundation model made from a general one is)
            return f"adapts or combines existing models ('{derived[:60]}')"
        if f.get("agent") >= 2.0 and not f.intro:
            return "builds an agent or retrieval system on a model"
        if f.get("probe") >= 2.0 and f.get("existing_fm") >= 1.0 and not (f.intro or f.intro_weak):
            return "evaluates a general model on medical data"
        return None

    @staticmethod
    def _new_model(f: Features) -> bool:
        """The paper's own model, released or built at scale: what the abstract introduces is a
        model ("we present X, a family of … models") and it is released, trained on large data
        or evaluated broadly. Title heuristics ("… for long sequences" after a model phrase, an
        existing model's name) must not hide such a paper."""
        return f.intro_head == "model" and (f.releases or f.scale >= 1.5 or f.breadth >= 1.0)

    @staticmethod
    def _evaluates_biomedical_fms(f: Features) -> bool:
        """The abstract names biomedical foundation models among what it evaluates ("five
        single-cell foundation models, including scGPT, Geneformer and UCE"): an evaluation of
        the catalog's own kind of model, not a probe of general ones."""
        return f.get("domain_fm") > 0 or not _BIOMEDICAL_FM_KEYS.isdisjoint(f.phrases)

    @staticmethod
    def _fed_with_embeddings(f: Features) -> bool:
        """The abstract feeds a pretrained model's embeddings to a task model ("uses
        embeddings from a pretrained protein language model (ESM-2) as input to a small
        network"). An introducing sentence elsewhere makes a model of the paper's own; one that
        is itself that sentence ("X is a lightweight predictor that uses embeddings from …")
        introduces the task model, not a foundation model."""
        source = _FEATURE_SOURCE_RE.search(f.abstract_lower)
        if source is None:
            return False
        if not f.intro:
            return True
        # ("we present ProtoLM, a protein language model …, whose embeddings outperform
        # representations from existing protein language models": a model of its own)
        return f.intro_head != "model" and bool(
            _INTRODUCING_RE.search(_sentence_at(f.abstract_lower, source.start()))
        )

    @staticmethod
    def _own_trained_model(f: Features) -> bool:
        """The abstract introduces a named model the authors pre-train ("GPN, a Genomic
        Pre-trained Network trained by masked language modelling"): a title "… with DNA
        language models" then speaks of the paper's own model class, not of one it uses. Only
        after a preposition: "adapting …" or "… alignment" still works on someone's model."""
        return (
            f.named_model
            and f.object_marker in _PREPOSITIONS
            and f.get("pretraining") >= 1.0
            and f.get("adaptation") < 1.0
            and f.get("existing_fm") < 1.0
        )

    @staticmethod
    def _pretrains_to_transfer(f: Features) -> bool:
        """A "method" whose product predicts zero-shot, without task-specific training (ETHOS:
        "an approach that … trains a generative transformer" predicting many outcomes
        zero-shot): a method by its head noun, a foundation model by what it makes. Transfer
        after fine-tuning is not enough: every self-supervised method claims that. Not when
        the title names a task or the system is an agent."""
        if f.title_task or f.get("agent") >= 1.0:
            return False
        return ("generality", "zero shot") in f.phrases and not _NO_TASK_TRAINING.isdisjoint(
            f.phrases
        )

    @staticmethod
    def _derived_product(f: Features) -> str | None:
        """Where the abstract says the paper's product is an existing model adapted or
        combined (:data:`_DERIVED_PRODUCT_RE`): not in a sentence about others' work before it
        ("Most tools are built on existing foundation models", "unlike prior systems such as a
        version of PaLM fine-tuned …"), nor of a variant of its own model ("we also release a
        variant of PathOmni fine-tuned …")."""
        text = f.abstract_lower
        own = f.own_stem  # ("PathOmni (PO): …" is PathOmni's)
        for found in _DERIVED_PRODUCT_RE.finditer(text):
            begin = _sentence_bounds(text, found.start())[0]
            if _BACKGROUND_RE.search(text, begin, found.start()):
                continue
            if own and own in found.group(0):
                continue
            return found.group(0)
        return None

    @staticmethod
    def _releases_benchmark(f: Features) -> bool:
        """A new benchmark of its own ("NeuroQA: A … Benchmark for …", "we present X, an open
        benchmark"), built to evaluate foundation models, LLMs or VLMs on biomedical data: a
        reusable benchmark of the models biomedical foundation models compete with, which
        curators file under benchmarks (a study that only runs models on existing data is a
        probe, and is capped elsewhere)."""
        own = (
            f.benchmark_intro
            or f.benchmark_name
            or (f.title_name and f.in_title("benchmark") > 0)
            or f.dataset_intro
        )
        if not (
            own
            and f.get("biomedical") + f.get("clinical") >= 3.0  # not point clouds, not PHM
            # (retrieval mentioned in passing is not an agent benchmark, nor one the abstract
            # defines as a benchmark of models; retrieval-augmented generation, even in the
            # title, is a way of running the models it tests: "Benchmarking Retrieval-Augmented
            # Generation for Medicine" proposing MIRAGE, a benchmark of questions)
            and (f.benchmark_of_models or (f.agents() < 2.0 and not f.agents(title=True)))
            and not f.benchmark_of_agents
        ):
            return False
        subjects = _subjects(f)
        # "we evaluate leading proprietary and open large language and multimodal models"
        # (named that way, without model vocabulary, only with clear biomedical evidence)
        # (a benchmark the title names, "MedFrameQA: A … Medical VQA Benchmark", needs one
        # mention of the models it runs: its title already says what it is)
        titled = f.title_name and bool(_BENCHMARK_WORD_RE.search(f.title_lower))
        if titled and _EVALUATES_REPRESENTATIONS_RE.search(f.title_lower):
            # "MorphoHELM: A … Benchmark for Evaluating Representations for Microscopy …": the
            # learned representations (encoders, embeddings) it compares are the pretrained
            # models of the field, whatever the abstract calls them
            return True
        # … and so does one the abstract introduces by name ("we introduce EHR-ReasonCon, a
        # reasoning-intensive benchmark for …" under a title that names none): the sentence
        # says what it is as surely as a title would
        named = titled or bool(f.benchmark_intro and f.named_resource)
        return subjects >= (1.0 if named else 2.0) or (
            f.get("biomedical") >= 3.0
            and bool(
                _EVALUATED_MODELS_RE.search(f.abstract_lower)
                or _COUNTED_MODELS_RE.search(f.abstract_lower)
            )
        )

    @staticmethod
    def _benchmarks_pretraining(f: Features) -> bool:
        """A benchmark of pretrained representations or transfer learning across many datasets
        (BLUE, TAPE, BenchMD): it evaluates the biomedical foundation models of its day even
        when it never says "foundation model". Not a probe of LLMs or agents."""
        return (
            (f.breadth > 0 or f.scale >= 2.0)
            and f.get("llm") < 2.0
            and f.get("agent") < 1.0
            and not _TRAINING_PHRASES.isdisjoint(f.phrases)
        )

    @staticmethod
    def _no_general_model(f: Features) -> bool:
        """A model paper that claims nothing a foundation model has: no foundation-model
        phrase in the title or an introducing sentence, no data scale, no breadth of
        evaluation, and not both pre-training and transfer (zero-shot, downstream tasks)."""
        fm = f.get("foundation") + f.get("domain_fm")
        # "we introduce X, an efficient VLM" names a model, but with nothing else a foundation
        # model has (transfer, scale, breadth, a foundation-model phrase) it is a task model
        model_named = f.intro_head == "model" and (
            f.get("generality") >= 1.0
            or fm >= 1.0
            or f.scale >= 0.8
            or f.breadth > 0
            or not _TRAINING_PHRASES.isdisjoint(f.phrases)
        )
        return (
            not (f.title_model or f.intro or model_named)
            and f.scale < 1.5
            and f.breadth < 1.0
            and fm < 2.0
            and not (f.get("generality") >= 2.0 and f.get("pretraining") >= 2.5)
            # (pre-training of its own whose pretrained checkpoints it releases for others:
            # "… pan-cancer whole-slide pretraining …; code and pretrained checkpoints are
            # released" offers a model to transfer, whatever the abstract calls it)
            and not (
                f.releases_pretrained
                and f.get("pretraining") >= 2.5
                and (f.breadth > 0 or f.scale >= 0.8)  # (not one detector's weights)
            )
            and not Scorer._zero_shot_vl(f)
        )

    @staticmethod
    def _zero_shot_vl(f: Features) -> bool:
        """Image-text pre-training that transfers zero-shot (CheXzero: reports as supervision,
        pathologies never labelled): the mark of a vision-language foundation model."""
        return (
            ("generality", "zero shot") in f.phrases
            and f.get("vision_language") >= 3.0
            and not _TRAINING_PHRASES.isdisjoint(f.phrases)
        )

    @staticmethod
    def _floor(f: Features) -> str | None:
        """Why a biomedical paper is worth a curator's glance even when its score is low."""
        bio = f.get("biomedical") + 0.3 * f.get("genomic")
        if bio < MIN_BIOMEDICAL_FLOOR:
            return None
        if f.get("foundation") + f.get("domain_fm") >= 2.0:
            return "biomedical work about a foundation model"
        if f.get("existing_fm") >= 1.0:
            return "biomedical work that uses an existing foundation model"
        if f.get("llm") >= 1.0:
            return "biomedical work that uses or evaluates large language models"
        if f.get("agent") >= 1.0:
            return "biomedical agent, tool or retrieval system (built on a model)"
        return None

    @staticmethod
    def _too_weak(f: Features) -> bool:
        """Near-miss needs some foundation-model evidence; biomedical words alone are not it."""
        return (
            f.get("foundation")
            + f.get("domain_fm")
            + f.get("existing_fm")
            + f.get("llm")
            + f.get("pretraining")
            + f.get("generality")
            + f.get("agent")
            < MIN_MODEL
        )


_HEAD_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-]*|[,:;.()]")
_SKIP_WORDS = frozenset({"a", "an", "the", "our", "new", "novel", "first", "two", "three"})
_STOP_WORDS = frozenset(
    {
        "for", "that", "which", "to", "with", "designed", "trained", "pretrained", "using", "by",
        "in", "on", "of", "from", "and", "based", "built", "capable", "able", "where", "whose",
        "leveraging", "via", "named", "called", "termed", "dubbed", "who", "across", "as", "is",
        "tailored", "optimized", "optimised", "specialized", "specialised", "dedicated",
    }
)  # fmt: skip
_ING_NOUNS = frozenset(
    {
        "learning", "training", "pretraining", "pre-training", "modeling", "modelling",
        "imaging", "sequencing", "processing", "understanding", "reasoning", "encoding",
        "grounding", "captioning", "answering", "forecasting", "profiling", "labeling",
        "labelling", "screening", "staging", "grading", "tracking", "matching", "decoding",
    }
)  # fmt: skip
_MODEL_HEADS = frozenset(
    {
        "model", "models", "encoder", "encoders", "transformer", "transformers", "llm", "llms",
        "vlm", "vlms", "mllm", "mllms", "lmm", "lvlm", "generalist", "assistant", "family",
        "suite", "backbone", "backbones", "learner", "fm", "fms", "copilot", "foundation",
        "chatbot",
    }
)  # fmt: skip
_FM_MODIFIERS = frozenset(
    {
        "foundation", "foundational", "pretrained", "pre-trained", "language", "generalist",
        "general-purpose", "self-supervised", "large", "vision-language", "universal",
        "generative", "multimodal", "multi-modal", "unified", "open", "open-source",
        "transformer-based", "representation-learning", "bert", "gpt", "scalable",
        "promptable", "interactive", "all-purpose", "generic",
    }
)  # fmt: skip
#: Words of a narrow task: "a … named entity recognition model" is a task model.
_TASK_WORDS = frozenset(
    {
        "segmentation", "classification", "detection", "recognition", "estimation",
        "denoising", "registration", "reconstruction", "grading", "staging", "localization",
        "localisation", "extraction", "regression", "classifier", "detector", "ner",
        "stratification", "subtyping",
    }
)  # fmt: skip
#: "A family / collection / suite of … models": one release of several models.
_COLLECTIVE_NOUNS = frozenset({"family", "collection", "suite", "series", "set"})
_ALL_MODEL_HEADS = _MODEL_HEADS | {"model", "models"}
_METHOD_HEADS = frozenset(
    {
        "framework", "method", "approach", "pipeline", "strategy", "module", "mechanism",
        "technique", "algorithm", "paradigm", "scheme", "loss", "network", "architecture",
        "system", "tool", "toolkit", "agent", "workflow", "metric", "protocol", "platform",
        "block", "layer", "head", "adapter", "plugin", "objective", "procedure", "solution",
    }
)  # fmt: skip


def _intro_heads(low_abstract: str, intros: list[tuple[int, str]]) -> list[str]:
    """What each "we present …" introduces, by the head noun of its object.

    "We present UNI, a general-purpose self-supervised model for pathology" introduces a
    *model*; "we propose CapCLIP, a vision-language representation learning framework for …"
    introduces a *method*. The object is read up to the first preposition or clause word; an
    appositive after a name ("UNI, a …") replaces the name.
    """
    heads: list[str] = []
    for start, phrase in intros:
        end = start + len(phrase)
        stop = low_abstract.find(". ", end)
        segment = low_abstract[end : (stop if stop != -1 else end + 200)][:200]
        segment = segment.replace("named entity", "named-entity")  # a task, not "named X"
        words: list[str] = []
        chunks: list[list[str]] = []
        collective = ""
        depth = 0
        # (token by token: the object usually ends within a few words, and a whole segment
        # tokenised up front cost more than the reading)
        for found in _HEAD_TOKEN.finditer(segment):
            token = found.group()
            if token == "(":
                depth += 1
                continue
            if token == ")":
                depth = max(depth - 1, 0)
                continue
            if depth:
                continue
            if token in (",", ":"):
                if words:
                    chunks.append(words)
                words = []
                if len(chunks) >= 3:
                    break
                continue
            if token == "of" and words and words[-1] in _COLLECTIVE_NOUNS:
                collective = words.pop()  # "a family of … models": the members are the head
                continue
            if token in (";", ".") or token in _STOP_WORDS:
                break
            if token.endswith("ed") and words and words[-1] in _ALL_MODEL_HEADS:
                break  # "a … foundation model obtained by …": the object ended at its head
            if token.endswith("ing") and token.rsplit("-", 1)[-1] not in _ING_NOUNS and words:
                break  # "an architecture combining …": the object ended before the verb
            if not words and token in _SKIP_WORDS:
                continue
            words.append(token)
        if words:
            chunks.append(words)
        for chunk in reversed(chunks):
            head = chunk[-1]
            if head in ("model", "models"):
                # "a model" alone is any model; "a pretrained / foundation / language model" is
                # the kind a catalog lists; "a named entity recognition model" is a task model
                if _FM_MODIFIERS & set(chunk):
                    heads.append("model")
                    break
                if _TASK_WORDS & set(chunk):
                    heads.append("task")
                    break
                continue
            if head in _MODEL_HEADS or (
                head in ("network", "networks") and _PRETRAINED_WORDS & set(chunk)
            ):
                heads.append("model")
                break
            if head in _METHOD_HEADS:
                heads.append("method")
                break
        else:
            if collective in _MODEL_HEADS:  # "a family of highly capable …": still models
                heads.append("model")
    return heads


#: "X, a …" / "X (Y), a …" right after an introducing phrase: the intro names its model.
_NAMED_APPOSITIVE_RE = re.compile(r"\s*([A-Za-z][\w\-.+]{1,30})\s*(?:\([^()]{1,60}\)\s*)?,\s+an?\s")


def _names_model(abstract: str, low_abstract: str, intros: list[tuple[int, str]]) -> bool:
    """Does an introducing phrase ("the authors describe") name its model ("GPN, a …")? A
    name has a capital or a digit: "we present a, b" is no name."""
    if len(abstract) != len(low_abstract):
        return False
    for start, phrase in intros:
        m = _NAMED_APPOSITIVE_RE.match(abstract, start + len(phrase))
        if m and any(c.isupper() or c.isdigit() for c in m.group(1)):
            return True
    return False


def _signal_total(f: Features) -> float:
    """How much of the clinical evidence is physiological signals (ECG, EEG, sleep…)."""
    return sum(
        e.weight
        for e in f.evidence
        if e.kind == "clinical" and ("clinical", e.phrase) in _SIGNAL_PHRASES
    )


def _defined_as(text: str, name: str, then: re.Pattern[str]) -> tuple[int, int] | None:
    """(start, end) of the first ``name`` in ``text`` not preceded by a word character or a
    hyphen and followed by ``then`` (one static pattern, not one compiled per title's name)."""
    at = text.find(name)
    while at >= 0:
        if at == 0 or not _NAME_JOINER_RE.match(text, at - 1):
            m = then.match(text, at + len(name))
            if m:
                return at, m.end()
        at = text.find(name, at + 1)
    return None


def _word_start(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")


def _generates_images(title: str, abstract: str) -> bool:
    """The model's output is images ("generation of realistic chest X-ray images"), text at most
    its condition, and it answers no questions about them and writes no reports."""
    text = f"{title} {abstract}"
    if "generat" not in text and "synthes" not in text and "text-to-image" not in text:
        return False  # (the common case, without running the regular expressions)
    return bool(_GENERATES_IMAGES_RE.search(text)) and not _UNDERSTANDS_IMAGES_RE.search(text)


def _category_hits(categories: Iterable[str]) -> list[tuple[str, float]]:
    """(vocabulary, weight) of each biomedical arXiv category: "q-bio.GN" is genomic evidence."""
    found = []
    for cat in categories:
        low = cat.lower()
        for prefix, vocab, weight in _CATEGORY_EVIDENCE:
            if low == prefix or (prefix == "q-bio" and low.startswith("q-bio")):
                found.append((vocab, weight))
    return found


@functools.lru_cache(maxsize=1024)
def _hits_of_category(category: str) -> tuple[tuple[str, float], ...]:
    """:func:`_category_hits` of one category, cached (a feed's categories are a few dozen)."""
    return tuple(_category_hits((category,)))


@functools.lru_cache(maxsize=1024)
def _biomedical_category_weight(category: str) -> float:
    """The ``biomedical`` evidence an arXiv category gives (from :data:`_CATEGORY_EVIDENCE`,
    cached: the prefilter asks for every paper of a feed)."""
    return sum(weight for vocab, weight in _category_hits((category,)) if vocab == "biomedical")


def _scale_value(match: re.Match[str]) -> float:
    raw = match.group("num")
    value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else float(raw.replace(",", ""))
    mult = match.group("mult")
    if mult:
        value *= _MULTIPLIERS[mult]
    return value


def _scale_weight(value: float, unit: str) -> float:
    unit = unit.replace(" ", "")
    if unit.startswith("parameter"):
        return 1.0 if value >= 1e8 else 0.0
    if unit == "tokens" or unit == "words":
        # (a trillion tokens is pre-training from scratch; billions may be a fine-tune's)
        return 2.0 if value >= 1e12 else 1.5 if value >= 1e9 else 0.0
    if unit in _PEOPLE_UNITS:
        return 1.5 if value >= 1e6 else 1.0 if value >= 1e5 else 0.0
    if unit in _WEAK_UNITS:
        return 1.0 if value >= 1e5 else 0.0
    if value >= 1e6:
        return 2.0
    if value >= 1e5:
        return 1.5
    if value >= 1e4:
        return 0.8
    return 0.0


#: the notes of a paper dropped before its section or kind was weighed at all
_UNWEIGHED = frozenset({_NO_BIO.phrase, _NO_MODEL.phrase})


def result_dict(result: ScoreResult) -> dict[str, Any]:
    """The JSON shape of a verdict, shared by ``classify``, ``eval`` and the store.

    A paper dropped for having no biomedical or no model evidence at all was never placed: its
    ``section`` and ``kind`` are null (the scorer's defaults, "Image Data" and "model", read as
    a judgement they are not)."""
    enr = result.enrichment
    unweighed = (
        result.decision == "drop"
        and len(result.evidence) == 1
        and result.evidence[0].phrase in _UNWEIGHED
    )
    return {
        "score": result.score,
        "decision": result.decision,
        "section": None if unweighed else result.section,
        "kind": None if unweighed else result.kind,
        # (:meth:`Evidence.as_dict` of each, without a call per item)
        "evidence": [
            {"kind": e.kind, "phrase": e.phrase, "where": e.where, "weight": e.weight}
            for e in result.evidence
        ],
        "model_name": enr.model_name,
        "code_url": enr.code_url,
        "weights_url": enr.weights_url,
        "enrichment": {
            "model_name": enr.model_name_from,
            "code_url": enr.code_url_from,
            "weights_url": enr.weights_url_from,
        },
        "known_as": result.known_as,
    }


__all__ = [
    "DECISIONS",
    "KINDS",
    "Features",
    "Item",
    "Scorer",
    "phrase_key",
    "result_dict",
]
