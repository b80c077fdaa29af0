"""Regular expressions searched only where a match can begin.

Python's ``re`` tries a pattern at every character of the text unless the pattern opens with a
plain literal or character class; ``\\b(?:we|they|this paper) …`` opens with a word boundary,
so an abstract of 1,500 characters costs 20 - 30 µs per search however rare the match. Most of
the scorer's sentence patterns are of that shape and every match starts with one of a few
words ("we", "the authors", "the"). :class:`Anchored` finds those words (all of them in one
Aho-Corasick pass over an ASCII text, else with ``str.find``) and tries the pattern only there,
with ``Pattern.match(text, at)``, which reads the text before ``at`` for ``\\b`` and
look-behinds exactly as a search does. The answers are the same as the pattern's own ``search``
and ``finditer``, three to five times faster on real abstracts (measured by
``benchmarks/bench_classify.py``; the equality is tested on every labelled abstract in
``tests/test_anchored.py``).

The caller states the literal starts: the text of every match of the pattern must begin with
one of them (case included), which also rules out a pattern that matches the empty string; a
match that is empty raises ValueError rather than answer differently from the pattern.

A text of many starts ("wewewe…") makes many candidates: past :data:`LONG_TEXT` characters
the pattern's own search runs instead (real abstracts are far shorter), so time and memory stay
those of the plain pattern on hostile input.

:class:`Words` answers the cheaper question a rule often asks first, whether a text holds a
word at all, for many words in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick_rs

#: texts longer than this are searched by the pattern itself (see the module's docstring)
LONG_TEXT = 8192


class Anchored:
    """``regex``, tried only at the occurrences of ``starts`` in the text."""

    __slots__ = ("_finder", "regex", "starts")

    def __init__(self, regex: re.Pattern[str], starts: Iterable[str]) -> None:
        self.regex = regex
        self.starts = tuple(starts)
        if not self.starts or not all(self.starts):
            raise ValueError("an anchored pattern needs non-empty literal starts")
        if regex.match("") is not None:
            raise ValueError(f"pattern {regex.pattern!r} matches the empty string")
        # a start that begins with another ("were" with "we") adds only positions the shorter
        # one finds: keep the shorter
        self.starts = tuple(
            dict.fromkeys(
                s for s in self.starts if not any(o != s and s.startswith(o) for o in self.starts)
            )
        )
        #: all the starts found in one pass over an ASCII text, overlapping occurrences too (a
        #: ``str.find`` scan per start cost about 1 µs each on an abstract), read as its bytes:
        #: the automaton over ``str`` maps every match back to a character position, which costs
        #: a quarter of the search, and an ASCII text's byte positions are its characters'
        self._finder = ahocorasick_rs.BytesAhoCorasick(
            [start.encode("utf-8") for start in self.starts],
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def _candidates(self, text: str) -> list[int]:
        """Every position where one of the starts occurs, in order, each once."""
        if text.isascii():  # (else a scan per start: only ASCII bytes are characters)
            found = [
                at
                for _, at, _ in self._finder.find_matches_as_indexes(
                    text.encode("ascii"), overlapping=True
                )
            ]
            # (reported by where they end: a shorter start's occurrence may come after a longer
            # one's that begins before it)
            found.sort()
            return found
        found = []
        find = text.find
        for start in self.starts:
            at = find(start)
            while at != -1:
                found.append(at)
                at = find(start, at + 1)
        # (no two starts occur at one position: one would begin the other, and only the shorter
        # is kept; so sorting is all the merging needs)
        if len(self.starts) > 1:
            found.sort()
        return found

    def search(self, text: str) -> re.Match[str] | None:
        """As ``regex.search(text)``: the leftmost match."""
        if len(text) > LONG_TEXT:
            return self.regex.search(text)
        match = self.regex.match
        for at in self._candidates(text):
            found = match(text, at)
            if found is not None:
                return self._checked(found)
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """As ``regex.finditer(text)``: the non-overlapping matches, left to right."""
        if len(text) > LONG_TEXT:
            yield from self.regex.finditer(text)
            return
        match = self.regex.match
        end = 0
        for at in self._candidates(text):
            if at < end:
                continue  # inside the previous match
            found = match(text, at)
            if found is not None:
                yield self._checked(found)
                end = found.end()

    def _checked(self, found: re.Match[str]) -> re.Match[str]:
        if found.end() == found.start():
            raise ValueError(
                f"pattern {self.regex.pattern!r} matched the empty string: its matches must "
                f"begin with one of {self.starts!r}"
            )
        return found


class Words:
    """Which of some words (ASCII) a text holds, as ``word in text`` would say, for all of them
    in one pass: an ``in`` test reads the whole text each time (0.7 µs on an abstract), the pass
    reads it once (3 µs for the scorer's words; a handful of words with few first letters is
    slower, the automaton then skipping from letter to letter)."""

    __slots__ = ("_finder", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(dict.fromkeys(words))
        if not self.words or not all(word and word.isascii() for word in self.words):
            raise ValueError("words to look for must be non-empty ASCII text")
        self._finder = ahocorasick_rs.BytesAhoCorasick(
            [word.encode("ascii") for word in self.words],
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def held_in(self, text: str) -> set[str]:
        """The words that occur in ``text``. An ASCII word is in the UTF-8 bytes of a text
        exactly where it is in the text (a lone surrogate, which has no UTF-8, is written as
        three bytes that are none of a word's)."""
        words = self.words
        return {
            words[index]
            for index, _, _ in self._finder.find_matches_as_indexes(
                text.encode("utf-8", "surrogatepass"), overlapping=True
            )
        }
