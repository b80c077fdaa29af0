"""The one Jinja2 environment every renderer uses.

Where templates live, and why: the product's layout names a top-level ``templates/`` folder, and
the templates must also ship inside the wheel. Keeping two copies would let them drift, so the
files live once, in ``src/fmwatch/templates/`` (package data, see ``pyproject.toml``), and the
top-level ``templates/README.md`` points there. :class:`jinja2.PackageLoader` finds them the same
way from a checkout, an editable install or a wheel.

Markdown templates are rendered with autoescape off: they escape untrusted text explicitly with
the ``cell`` filter (a Markdown table cell) or ``md`` (inline Markdown), because HTML escaping is
the wrong escaping for Markdown. ``*.html.j2`` templates get HTML autoescaping.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

import jinja2


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
    env.filters["md"] = md_inline
    env.filters["url"] = safe_url
    return env


def _cell(value: object) -> str:
    """Escape for one Markdown table cell; the catalog owns the rules (imported late)."""
    from fmwatch.catalog import escape_cell

    return escape_cell("" if value is None else str(value))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|!~])")
_SCHEME = re.compile(r"(?i)\b(https?|ftp|javascript|vbscript|data|file|mailto):")
_WWW = re.compile(r"(?i)\bwww\.")


def md_inline(value: object) -> str:
    """Untrusted text as inert inline Markdown: one line, no links, no HTML, no emphasis."""
    text = " ".join(("" if value is None else str(value)).split())
    text = "".join(ch for ch in text if ch.isprintable())
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # No autolinks either: a scheme or "www." in a title must not become a link.
    text = _SCHEME.sub(lambda m: f"{m.group(1)}\\:", text)
    return _WWW.sub(lambda m: m.group(0)[:3] + "\\.", text)


def safe_url(value: object) -> str:
    """An http(s) URL made safe inside ``<…>`` or ``(…)``; anything else becomes ``about:blank``."""
    text = "".join(ch for ch in ("" if value is None else str(value)).strip() if ch.isprintable())
    if not text.lower().startswith(("http://", "https://")):
        return "about:blank"
    return quote(text, safe="/:?&=#%@+,;~!$*'.-_")


def render(template_name: str, /, **context: object) -> str:
    return environment().get_template(template_name).render(**context)
