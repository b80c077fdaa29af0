"""The one Jinja2 environment every renderer uses.

Where templates live, and why: the product's layout names a top-level ``templates/`` folder, and
the templates must also ship inside the wheel. Keeping two copies would let them drift, so the
files live once, in ``src/fmwatch/templates/`` (package data, see ``pyproject.toml``), and the
top-level ``templates/README.md`` points there. :class:`jinja2.PackageLoader` finds them the same
way from a checkout, an editable install or a wheel.

Markdown templates are rendered with autoescape off: they escape untrusted text explicitly with
the ``cell`` filter (a Markdown table cell), ``prcell`` (a table cell in a pull-request body) or
``md`` (inline Markdown in a pull-request body), because HTML escaping is the wrong escaping for
Markdown. ``*.html.j2`` templates get HTML autoescaping.

Why pull-request text needs more than Markdown escaping: GitHub turns ``@name`` into a
notification and ``#123`` / ``GH-123`` into a cross-reference on the referenced issue, *after*
rendering, so a backslash does not stop it. A feed title saying "@someone" must not page a
stranger, so ``md`` and ``prcell`` put an invisible WORD JOINER (U+2060) after ``@``, ``#`` and
``GH-``: the text reads the same, and GitHub no longer sees a mention or a reference. Titles are
also clipped (:data:`TEXT_LIMIT`) so that one hostile record cannot push the body past GitHub's
65,536-character limit.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote, urlsplit

import jinja2

from fmwatch.text import clip


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fmwatch", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = _cell
    env.filters["prcell"] = _pr_cell
    env.filters["md"] = md_inline
    env.filters["url"] = safe_url
    return env


#: Characters of untrusted text shown per value in a pull-request body (titles, evidence).
TEXT_LIMIT = 300
_WORD_JOINER = "\u2060"
_MENTION = re.compile(r"(@|#|\bGH-)(?=[A-Za-z0-9])", re.IGNORECASE)


def neutralize_mentions(text: str) -> str:
    """``@user`` / ``#123`` / ``GH-123`` that GitHub will not turn into a mention or reference."""
    return _MENTION.sub(lambda m: m.group(1) + _WORD_JOINER, text)


def _printable(value: object) -> str:
    """One line of printable text: controls, bidi overrides and other format characters go."""
    text = " ".join(("" if value is None else str(value)).split())
    return "".join(ch for ch in text if ch.isprintable())


def _cell(value: object) -> str:
    """Escape for one Markdown table cell; the catalog owns the rules (imported late)."""
    from fmwatch.catalog import escape_cell

    return escape_cell("" if value is None else str(value))


def _pr_cell(value: object, limit: int = TEXT_LIMIT) -> str:
    """A table cell in a pull-request body: :func:`_cell`, clipped, mentions neutralised."""
    return neutralize_mentions(_cell(clip(_printable(value), limit)))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|!~])")
_SCHEME = re.compile(r"(?i)\b(https?|ftp|javascript|vbscript|data|file|mailto):")
_WWW = re.compile(r"(?i)\bwww\.")


def md_inline(value: object, limit: int = TEXT_LIMIT) -> str:
    """Untrusted text as inert inline Markdown for a pull-request body: one line, no links, no
    HTML, no emphasis, no mentions or issue references, at most ``limit`` characters."""
    text = clip(_printable(value), limit)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # No autolinks either: a scheme or "www." in a title must not become a link.
    text = _SCHEME.sub(lambda m: f"{m.group(1)}\\:", text)
    text = _WWW.sub(lambda m: m.group(0)[:3] + "\\.", text)
    return neutralize_mentions(text)


def safe_url(value: object) -> str:
    """An http(s) URL with a host, safe inside ``<…>``, ``(…)``, an ``href`` or plain text; ``""``
    (falsy in a template's ``if``, so no link is shown at all) for anything else: another scheme
    (``javascript:``, ``data:``), a bare ``https://``, a missing link.

    The one URL sanitiser of every rendered text (pull-request body, digests): unprintable
    characters are dropped (a link a stray line break split in a feed is still that link), and
    the characters that could end a Markdown link, an autolink or an attribute are
    percent-encoded. (The catalog's own cells have theirs, :func:`fmwatch.catalog.safe_url`,
    which escapes as the catalog's format asks and keeps a row's link as a curator wrote it.)"""
    text = "".join(ch for ch in ("" if value is None else str(value)).strip() if ch.isprintable())
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # (an unbalanced "[" in the host part)
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    return quote(text, safe="/:?#&=%@+,;~!$*'-._")


def render(template_name: str, /, **context: object) -> str:
    return environment().get_template(template_name).render(**context)
