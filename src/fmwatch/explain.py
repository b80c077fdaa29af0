"""The scorer's evidence as a curator reads it.

A score's evidence is a list of matched phrases, each with the vocabulary it counted for, where
it was found and its weight (:class:`fmwatch.models.Evidence`): data for ``classify`` and the
store. The vocabularies' names are the scorer's own ("domain_fm", "existing_fm"), and one phrase
often counts for several of them, so the pull request and the digest do not show them as they
are: :func:`explain` groups the first phrases by what they tell a reader ("model",
"biomedical", "single task", …), each phrase once, marked "(title)" when the title has it, and
the scorer's rules and notes as the sentences they are. A phrase is spelled as its vocabulary
spells it ("pre-trained on", "x-ray"), not in the normalised form the scorer matched it in.

Older versions stored a candidate's evidence as strings, "foundation/llm: foundation model": those
are read back as the phrase and its vocabularies; any other string is shown as it is.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from fmwatch.phrases import phrase_key
from fmwatch.vocab import DEFAULT_VOCABULARIES

#: what each kind of evidence tells a curator, in the order the groups are shown: the scorer's
#: own sentences first (why a paper was held back, moved to another section or lifted by the
#: words or by curators' past decisions), then what makes it a model paper, its field, and what
#: counts against it
READER_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("note", frozenset({"cap", "floor", "section", "note", "likeness", "feedback"})),
    (
        "model",
        frozenset(
            {
                "foundation",
                "domain_fm",
                "llm",
                "pretraining",
                "generality",
                "title_model",
                "intro",
                "intro_head",
                "release",
            }
        ),
    ),
    ("scale", frozenset({"scale", "breadth"})),
    (
        "biomedical",
        frozenset({"biomedical", "clinical", "image", "genomic", "multimodal", "vision_language"}),
    ),
    ("review", frozenset({"review"})),
    ("benchmark", frozenset({"benchmark"})),
    ("existing model", frozenset({"existing_fm"})),
    ("adapts or studies models", frozenset({"adaptation", "agent", "probe", "object", "question"})),
    ("single task", frozenset({"task", "narrow"})),
    ("outside biomedicine", frozenset({"non_biomedical"})),
)
_GROUP_OF = {kind: label for label, kinds in READER_GROUPS for kind in kinds}
_ORDER = {label: n for n, (label, _) in enumerate(READER_GROUPS)}
#: where a phrase is worth naming (the abstract is where most are found, and the scorer's
#: sentences say where themselves), each with the pattern of a phrase that names it already
#: ("title announces a model"; "this commentary" does not)
_NAMED_PLACES = {place: re.compile(rf"\b{place}\b") for place in ("title", "comment", "journal")}
#: evidence as older versions stored it in the candidates table: "foundation/llm: foundation
#: model", the phrase after the vocabularies it counted for
_OLD_FORM = re.compile(r"([a-z_]+(?:/[a-z_]+)*): (.+)", re.DOTALL)


def explain(raw: Any, limit: int, omit: str = "") -> list[str]:
    """The first ``limit`` phrases of ``raw`` (stored JSON or a list), grouped for a reader:
    ``["model: foundation model (title), pretrained", "biomedical: pathology (title)"]``.

    A phrase is shown once, in the group of the first kind it counted for (a kind without a
    group, which the scorer does not make, is shown under its own name, after the others), with
    every named place it was found. Phrases are taken in the evidence's order (the strongest
    first), so the limit keeps the strongest; a phrase already shown may still gain a place.
    ``omit``: a phrase said elsewhere (a near-miss's reason for being held back), not repeated
    here."""
    if limit <= 0:
        return []
    places: dict[str, list[str]] = {}  # phrase -> where it was named, in order
    group: dict[str, str] = {}  # phrase -> its group ("" for a plain string)
    spellings = _spellings()
    for phrase, kind, where in _items(raw):
        if omit and phrase == omit:
            continue
        if kind in DEFAULT_VOCABULARIES:  # (a vocabulary's phrase, as the vocabulary spells it)
            phrase = spellings.get(phrase, phrase)
        if phrase not in group:
            if len(group) == limit:
                continue
            group[phrase] = _GROUP_OF.get(kind, kind) if kind else ""
            places[phrase] = []
        elif not group[phrase] and kind:
            group[phrase] = _GROUP_OF.get(kind, kind)
        named = _NAMED_PLACES.get(where)
        if named is not None and where not in places[phrase] and not named.search(phrase):
            places[phrase].append(where)
    grouped: dict[str, list[str]] = {}
    for phrase, label in group.items():
        shown = f"{phrase} ({', '.join(places[phrase])})" if places[phrase] else phrase
        grouped.setdefault(label, []).append(shown)
    labels = sorted(grouped, key=lambda label: (_ORDER.get(label, len(_ORDER)), label))
    return [
        ", ".join(grouped[label]) if not label else f"{label}: {', '.join(grouped[label])}"
        for label in labels
    ]


@functools.cache
def _spellings() -> Mapping[str, str]:
    """The vocabularies' own spelling of each phrase the scorer records in its normalised form:
    "pre trained on" is shown as "pre-trained on", "x ray" as "x-ray", "gpt 4" as "gpt-4". A
    normalised form that is itself a vocabulary's phrase ("single center" beside
    "single-center") stays as it is. (Phrases only an ``fmwatch.toml`` adds are shown in their
    normalised form.)"""
    phrases = {phrase for words in DEFAULT_VOCABULARIES.values() for phrase in words}
    return MappingProxyType(
        {
            phrase_key(phrase): phrase
            for phrase in sorted(phrases)
            if phrase_key(phrase) not in phrases
        }
    )


def _items(raw: Any) -> Iterable[tuple[str, str, str]]:
    """(phrase, vocabulary, where) of each item of stored evidence; a plain string is a phrase
    with neither; anything else (a number, an empty phrase, bad JSON) is skipped."""
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return
    if not isinstance(raw, list):
        return
    for item in raw:
        if isinstance(item, dict):
            phrase = str(item.get("phrase") or "")
            kind, where = str(item.get("kind") or ""), str(item.get("where") or "")
        elif isinstance(item, str):
            old = _OLD_FORM.fullmatch(item)
            kinds = old.group(1).split("/") if old else []
            if old and all(kind in _GROUP_OF for kind in kinds):
                phrase, kind, where = old.group(2), kinds[0], ""
            else:
                phrase, kind, where = item, "", ""
        else:
            continue
        if phrase:
            yield phrase, kind, where
