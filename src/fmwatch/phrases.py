"""Finding vocabulary phrases in text: one Aho-Corasick pass, whole words only.

Why this shape: ``classify`` must score 20,000 papers/s on one core, so a paper may cost about
50 µs including JSON. A regular-expression alternation of ~700 phrases tries every phrase at every
word; an Aho-Corasick automaton reads each character once whatever the vocabulary size, and
reports overlapping matches, so "pathology foundation model" also credits "foundation model" and
"pathology" without a second search. The automaton is ``ahocorasick_rs`` (Rust): one call returns
every match of a text as a list, about twice as fast as iterating ``pyahocorasick``'s C automaton
from Python, which the project used before (same matches, in the same order: end position, then
longest first).

Whole words without per-match checks: text is normalised so that every character that is not a
lower-case letter or digit becomes a space (:func:`normalize`), and each phrase is stored with a
space on both sides. A match therefore starts and ends at word boundaries by construction: every
match of a text is one call (:meth:`PhraseMatcher.matches`).

Phrase syntax (as the vocabularies write them): lower-case words; a hyphen matches a hyphen, a
space or nothing (``pre-trained`` matches "pretrained", "pre-trained", "pre trained"); other
punctuation matches any non-word character; a plural ``s``/``es`` is always allowed at the end.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from typing import Any

import ahocorasick_rs

#: Bytes that survive normalisation: ASCII digits and lower-case letters, and every byte of a
#: multi-byte UTF-8 character (so non-ASCII letters stay letters). Everything else is a space.
_BYTE_MAP = bytes(c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32 for c in range(256))
#: Non-ASCII characters that separate words as ASCII punctuation does (dashes, quotes, spaces).
_UNICODE_SEPARATORS = {
    ord(c): " " for c in "‐‑‒–—―−’‘‚“”„«»·•…\u00a0\u2002\u2003\u2009\u200a\u202f\u2028\u2029"
}
_SEPARATOR_BYTES = tuple(chr(c).encode("utf-8") for c in _UNICODE_SEPARATORS)
#: One search for all separators (a search per separator cost 30 µs on an abstract), made only
#: when the text has one of their first bytes at all (a byte search is a ``memchr``).
_SEPARATOR_RE = re.compile(b"|".join(map(re.escape, _SEPARATOR_BYTES)))
_SEPARATOR_LEADS = tuple(sorted({sequence[:1] for sequence in _SEPARATOR_BYTES}))
#: :data:`_BYTE_MAP` that also lower-cases ASCII capitals: ASCII text needs no ``str.lower``.
_LOWER_BYTE_MAP = bytes(_BYTE_MAP[c + 32] if 65 <= c <= 90 else _BYTE_MAP[c] for c in range(256))
_PHRASE_SPLIT = re.compile(r"([^0-9a-z\u0080-\U0010ffff]+)")  # (astral characters are letters too)

#: (vocabulary, canonical phrase, weight) triples that one matched key stands for.
Hits = tuple[tuple[str, str, float], ...]


def normalize(text: str) -> str:
    """Lower-cased ``text`` with every non-word character replaced by a space, same length.

    Same length matters: a match position in the normalised text is a position in
    ``text.lower()`` too, so callers can look at the punctuation around a match (sentence ends).
    """
    if text.isascii():
        return normalize_ascii(text).decode("ascii")
    # lone surrogates (invalid input) become "?" and then a space; a separator character becomes
    # one space; every other character keeps its UTF-8 bytes, so the decoded text has as many
    # characters as ``text.lower()`` (``str.translate`` would do the same, ten times slower)
    data = text.lower().encode("utf-8", "replace")
    if any(lead in data for lead in _SEPARATOR_LEADS):
        data = _SEPARATOR_RE.sub(b" ", data)
    return data.translate(_BYTE_MAP).decode("utf-8", "replace")


def normalize_ascii(text: str) -> bytes:
    """:func:`normalize` of an ASCII ``text``, as its bytes: what :meth:`PhraseMatcher.matches`
    reads without encoding it again (the prefilter's gates read every paper of a feed)."""
    return text.encode("ascii").translate(_LOWER_BYTE_MAP)


@functools.lru_cache(maxsize=8192)
def phrase_variants(phrase: str) -> tuple[str, ...]:
    """The normalised spellings a phrase matches, without the surrounding spaces or plurals.

    Cached: every :class:`PhraseMatcher` a scorer builds (all vocabularies, the biomedical gate,
    the model gate) spells the same phrases, and building them is most of a scorer's start-up.
    """
    parts = _PHRASE_SPLIT.split(phrase.translate(_UNICODE_SEPARATORS).strip().lower())
    words = parts[0::2]
    seps = parts[1::2]
    if not any(words):
        return ()
    choices: list[tuple[str, ...]] = []
    for sep in seps:
        choices.append((" ", "") if sep.strip() == "-" else (" ",))
    if len(choices) > 6:  # 2**6 variants is plenty; longer phrases keep their spaced form only
        choices = [(" ",)] * len(choices)
    variants = []
    for combo in itertools.product(*choices):
        text = words[0]
        for sep, word in zip(combo, words[1:], strict=True):
            text += sep + word
        text = " ".join(text.split())
        if text:
            variants.append(text)
    return tuple(dict.fromkeys(variants))


@functools.lru_cache(maxsize=8192)
def phrase_key(phrase: str) -> str:
    """The canonical spelling of a phrase: its normalised, space-joined form."""
    return " ".join(normalize(phrase).split())


def _build(keys: list[str]) -> ahocorasick_rs.AhoCorasick | None:
    # the contiguous NFA searches as fast as the DFA form here (measured with
    # benchmarks/bench_classify.py) without the DFA's 14 MB
    if not keys:
        return None
    return ahocorasick_rs.AhoCorasick(
        keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA
    )


def _build_ascii(keys: list[str]) -> ahocorasick_rs.BytesAhoCorasick | None:
    # (a DFA: the contiguous NFA of the same keys is slower than the spaced form's; a key
    # with non-ASCII letters keeps its index and can never match ASCII text)
    if not keys:
        return None
    return ahocorasick_rs.BytesAhoCorasick(
        [key[1:].encode("utf-8") for key in keys], implementation=ahocorasick_rs.Implementation.DFA
    )


def phrase_table(vocabularies: Mapping[str, Mapping[str, float]]) -> dict[str, Hits]:
    """Every key (a phrase's spelling with a space on both sides, plurals too) of a set of
    vocabularies, in the order a :class:`PhraseMatcher` numbers its patterns, with the
    (vocabulary, phrase, weight) hits it stands for."""
    table: dict[str, dict[tuple[str, str], float]] = {}
    for vocab, words in vocabularies.items():
        # "multimodal" and "multi-modal" are one phrase: keep the heavier spelling only, so
        # that one word in the text is not counted twice
        spelled: dict[str, tuple[float, int, str]] = {}
        for phrase, weight in words.items():
            compact = phrase_key(phrase).replace(" ", "")
            rank = (float(weight), len(phrase_variants(phrase)), phrase)
            if compact and (compact not in spelled or spelled[compact] < rank):
                spelled[compact] = rank
        for weight, _, phrase in spelled.values():
            canonical = phrase_key(phrase)
            if not canonical:
                continue
            for variant in phrase_variants(phrase):
                for plural in ("", "s", "es"):
                    hits = table.setdefault(f" {variant}{plural} ", {})
                    previous = hits.get((vocab, canonical))
                    if previous is None or previous < weight:
                        hits[(vocab, canonical)] = float(weight)
    return {key: tuple((v, p, w) for (v, p), w in hits.items()) for key, hits in table.items()}


class PhraseMatcher:
    """All phrases of a set of vocabularies, compiled once; reuse one instance."""

    def __init__(
        self, vocabularies: Mapping[str, Mapping[str, float]], *, ascii_dfa: bool = False
    ) -> None:
        """``ascii_dfa``: also build the byte-level form :meth:`matches` uses on ASCII text,
        for the prefilter's gates, which read every paper of a feed (see :meth:`matches`)."""
        table = phrase_table(vocabularies)
        keys = list(table)
        #: per pattern index: the (vocabulary, phrase, weight) hits its key stands for
        self.payload: list[Hits] = list(table.values())
        self._keys = keys
        self._automaton = _build(keys)
        self._ascii = _build_ascii(keys) if ascii_dfa else None

    def hits_of(self, table: Mapping[str, Hits]) -> list[Hits]:
        """Per pattern index here, the hits of its key in ``table`` (a :func:`phrase_table` of
        other vocabularies; ``()`` for a key not there). A matcher of ``table``'s keys would find
        in a text the matches of these patterns that it has, in the same order (see
        :meth:`matches`), so what it would total can be read from a search of this matcher's."""
        return [table.get(key, ()) for key in self._keys]

    def __getstate__(self) -> dict[str, object]:
        # the Rust automaton cannot be pickled (multiprocessing, copy.deepcopy): its keys can
        return {"keys": self._keys, "payload": self.payload, "ascii_dfa": self._ascii is not None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._keys = state["keys"]
        self.payload = state["payload"]
        self._automaton = _build(self._keys)
        self._ascii = _build_ascii(self._keys) if state.get("ascii_dfa") else None

    def matches(self, padded: str | bytes) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every match in ``padded`` (normalised text with a space
        on both sides, or the bytes of such a text that is ASCII, as :func:`normalize_ascii`
        gives them), overlapping, in order of end position then longest first; look the
        pattern index up in :attr:`payload`."""
        automaton = self._automaton
        if automaton is None:
            return []
        ascii_dfa = self._ascii
        if isinstance(padded, bytes):
            data = padded
        elif ascii_dfa is not None and padded.isascii():
            data = padded.encode("ascii")
        else:
            return automaton.find_matches_as_indexes(padded, overlapping=True)
        if ascii_dfa is None:
            return automaton.find_matches_as_indexes(data.decode("ascii"), overlapping=True)
        # The byte-level DFA of the keys without their leading space scans a paper about twice as
        # fast as the spaced keys' automaton (biomedical gate: 8 -> 3.5 µs, measured on the
        # May-2026 arXiv month); a match counts only where a space precedes it, which is what
        # the leading space required, and is reported from that space, as the spaced key's would
        # be.
        return [
            (index, start - 1, end)
            for index, start, end in ascii_dfa.find_matches_as_indexes(data, overlapping=True)
            if start and data[start - 1] == 32
        ]
