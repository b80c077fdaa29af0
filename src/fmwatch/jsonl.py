"""Reading papers as JSON Lines: what ``classify`` and ``eval`` take on standard input or from
a file, one object per line, with a bad line reported by its number and skipped, never fatal."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from typing import IO, Any

import orjson


def read_jsonl(stream: IO[bytes], errors: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Objects of a JSON Lines byte stream; bad lines are described in ``errors`` and skipped.

    Bytes are decoded as UTF-8 with replacement: one stray Latin-1 byte in an abstract should cost
    a replacement character, not the paper.
    """
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]  # a byte-order mark some editors write: not part of the JSON
        if raw.isspace() or not raw:
            continue
        try:
            value = _parse(raw)
        except _BadLine as exc:
            errors.append(f"line {number}: not valid JSON ({exc}); skipped")
            continue
        if not isinstance(value, dict):
            errors.append(
                f"line {number}: expected a JSON object, got {_json_type(value)}; skipped"
            )
            continue
        problem = _field_problem(value)
        if problem:
            errors.append(f"line {number}: {problem}; skipped")
            continue
        yield number, value


class _BadLine(ValueError):
    """Why a line is not JSON (the message goes into the line's report)."""


def _parse(raw: bytes) -> Any:
    """One line's JSON value, or _BadLine. orjson first (bytes in, no decoding copy: 2-3x
    json.loads); the standard parser, on text with bad bytes replaced, for what orjson refuses
    (invalid UTF-8, NaN, lone surrogate escapes, integers beyond 64 bits) and to explain."""
    try:
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return _standard(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        if value.__class__ is dict and value.get("id").__class__ is float:
            # orjson reads an integer beyond 64 bits as a float: the id must come back as it
            # was given, so the standard parser reads this (rare) line
            return _standard(raw.decode("utf-8", errors="replace"))
        return value
    except RecursionError:  # (the standard parser gives up at a shallower depth than orjson)
        raise _BadLine("nested too deeply") from None


def _standard(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = exc.msg.lower().removesuffix(" at")  # "invalid control character at"
        raise _BadLine(f"{what} at column {exc.colno}") from None


_BOM = b"\xef\xbb\xbf"
_TEXT_FIELDS = (
    "title", "abstract", "comment", "journal", "source", "doi", "arxiv_id", "url", "published_doi",
    "summary",
)  # fmt: skip


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages ("an array", not "list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_STR_TYPES = itertools.repeat(str)  # endless: ``map`` stops at the shorter iterable


#: The fields :func:`_field_problem` checks (a paper's other fields are not read).
_CHECKED_FIELDS = frozenset({"id", *_TEXT_FIELDS, "categories", "links"})


def _field_problem(value: dict[str, Any]) -> str | None:
    """Why a paper object cannot be scored as given, or None. Empty text is fine; a number or
    an object where text belongs is a caller's mistake worth reporting, not guessing. A paper
    with no title and no abstract is scored (it is dropped, with evidence saying why)."""
    # (nearly every paper, in one pass over its own fields: text or null, and categories a list
    # of text; any other value is judged field by field, in their order, below)
    for name, field in value.items():
        if field is None or field.__class__ is str or name not in _CHECKED_FIELDS:
            continue
        if (
            name == "categories"
            and field.__class__ is list
            and all(map(isinstance, field, _STR_TYPES))
        ):
            continue
        return _first_field_problem(value)
    return None


def _first_field_problem(value: dict[str, Any]) -> str | None:
    """:func:`_field_problem`, field by field."""
    get = value.get
    ident = get("id")
    if ident.__class__ is not str and ident is not None:
        if isinstance(ident, bool) or not isinstance(ident, int | float):
            return f'"id" must be text or a number, not {_json_type(ident)}'
        if isinstance(ident, float) and not math.isfinite(ident):
            # NaN and Infinity are not JSON: the result line could not carry them
            return '"id" must be text or a finite number, not NaN or infinity'
    for name in _TEXT_FIELDS:
        field = get(name)
        # (most text fields of a paper are absent: None first)
        if field is not None and field.__class__ is not str and not isinstance(field, str):
            return f'"{name}" must be text or null, not {_json_type(field)}'
    categories = get("categories")
    if categories is not None and not (
        isinstance(categories, str)
        or (isinstance(categories, list) and all(map(isinstance, categories, _STR_TYPES)))
    ):
        return '"categories" must be a list of text'
    links = get("links")
    if links is not None and not (
        isinstance(links, list) and all(map(isinstance, links, _STR_TYPES))
    ):
        return '"links" must be a list of text'
    return None
