"""Identifiers from URLs and text, and the keys that say two records are the same work.

One module owns every identifier shape so that sources, the catalog and the scorer agree:

- arXiv ids, new style (``2408.00738``, ``2408.00738v2``) and old style (``q-bio/0601001``), from
  ``arxiv.org/abs|pdf|html`` URLs, ``arXiv:`` mentions and arXiv DOIs (``10.48550/arXiv.…``);
- DOIs, lower-cased, from ``doi.org`` links, ``doi:`` prefixes, nature.com article URLs
  (``/articles/s41586-024-07894-z`` is ``10.1038/s41586-024-07894-z``), bioRxiv/medRxiv content
  URLs (``/content/10.1101/2023.10.03.560734v1.full.pdf``, version stripped), their ``early``
  PDF paths (``/early/2025/10/15/2025.10.14.682419.full.pdf``), NEJM AI (``/doi/full/10.1056/…``);
- ScienceDirect PII (``pii/S2589750024000256``), which carries no DOI in the URL;
- GitHub/GitLab repositories as ``owner/repo`` and Hugging Face model/dataset ids.

Work keys are strings such as ``arxiv:2408.00738``, ``doi:10.1038/s41586-024-07441-w`` and
``pii:s2589750024000256``; two records that share a key are one work.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_NEW_ARXIV = r"\d{4}\.\d{4,5}"
_OLD_ARXIV = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID_RE = re.compile(rf"(?<![\w.])(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?(?![\d])")
_ARXIV_URL_RE = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html|format)/(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?",
    re.IGNORECASE,
)
_ARXIV_MENTION_RE = re.compile(
    rf"(?:arxiv[:\s]\s*|10\.48550/arxiv\.)(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?",
    re.IGNORECASE,
)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>\]\[)(|]+)", re.IGNORECASE)
_NATURE_ARTICLE_RE = re.compile(r"nature\.com/articles/(?P<id>[a-z]\d{5}-\d{3}-\d{5}-[\dx]|[a-z]+\d{4,}[a-z]?)", re.IGNORECASE)
_RXIV_EARLY_RE = re.compile(
    r"(?P<server>biorxiv|medrxiv)\.org/content/(?:biorxiv|medrxiv)/early/\d{4}/\d{2}/\d{2}/(?P<suffix>\d{4}\.\d{2}\.\d{2}\.\d+)",
    re.IGNORECASE,
)
_RXIV_VERSION_RE = re.compile(r"^(10\.(?:1101|64898)/\d{4}\.\d{2}\.\d{2}\.\d+)v\d+$")
_PII_RE = re.compile(r"/pii/(?P<pii>S?[\dX]{16,17})", re.IGNORECASE)
_GITHUB_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com)/(?P<owner>[A-Za-z0-9][A-Za-z0-9_.\-]*)/(?P<repo>[A-Za-z0-9_.\-]+)",
    re.IGNORECASE,
)
_HF_RE = re.compile(
    r"(?:https?://)?huggingface\.co/(?P<kind>datasets/|spaces/)?(?P<owner>[A-Za-z0-9][A-Za-z0-9_.\-]*)/(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]*)",
    re.IGNORECASE,
)
_GITHUB_NOT_REPOS = {"orgs", "sponsors", "features", "topics", "about", "marketplace", "settings", "login"}
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|pes|getft_integrator|fromPaywallRec|fbclid|gclid|ref|src)$", re.IGNORECASE)


def split_arxiv_version(raw: str) -> tuple[str, int | None]:
    """``'2408.00738v2'`` -> ``('2408.00738', 2)``."""
    match = ARXIV_ID_RE.fullmatch(raw.strip())
    if not match:
        raise ValueError(f"not an arXiv id: {raw!r}")
    version = match.group("v")
    return match.group("id"), int(version) if version else None


def arxiv_id_from_url(url: str) -> str | None:
    """The versionless arXiv id of an arxiv.org URL or an arXiv DOI, or None."""
    match = _ARXIV_URL_RE.search(url) or _ARXIV_MENTION_RE.search(url)
    return match.group("id") if match else None


def find_arxiv_ids(text: str) -> list[str]:
    """Versionless arXiv ids mentioned in free text as URLs or ``arXiv:`` mentions, in order."""
    seen: dict[str, None] = {}
    for regex in (_ARXIV_URL_RE, _ARXIV_MENTION_RE):
        for match in regex.finditer(text):
            seen.setdefault(match.group("id"), None)
    return list(seen)


def normalize_doi(raw: str) -> str | None:
    """Lower-case, prefix-free DOI (``doi:``, ``https://doi.org/`` removed), or None if not a DOI."""
    text = unquote(raw.strip())
    text = re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", text, flags=re.IGNORECASE)
    match = DOI_RE.match(text)
    if not match:
        return None
    doi = match.group(1).rstrip(".,;")
    doi = re.sub(r"\.(?:full|abstract|short)(?:\.pdf)?(?:\+html)?$", "", doi, flags=re.IGNORECASE)
    doi = re.sub(r"\.pdf$", "", doi, flags=re.IGNORECASE)
    doi = doi.split("#")[0].split("?")[0].lower()
    rxiv = _RXIV_VERSION_RE.match(doi)
    if rxiv:
        doi = rxiv.group(1)
    return doi


def doi_from_url(url: str) -> str | None:
    """The DOI a URL names, directly or through a publisher's article-id convention."""
    clean = html.unescape(url.strip())
    nature = _NATURE_ARTICLE_RE.search(clean)
    if nature:
        return f"10.1038/{nature.group('id').lower()}"
    early = _RXIV_EARLY_RE.search(clean)
    if early:
        return f"10.1101/{early.group('suffix')}"
    if "arxiv.org/" in clean.lower():
        return None
    match = DOI_RE.search(unquote(clean))
    if match:
        return normalize_doi(match.group(1))
    return None


def pii_from_url(url: str) -> str | None:
    match = _PII_RE.search(url)
    return match.group("pii").lower() if match else None


def is_arxiv_doi(doi: str) -> bool:
    return doi.lower().startswith("10.48550/arxiv.")


def work_keys_from_url(url: str) -> set[str]:
    """Every work key a paper link gives (arXiv id, DOI, PII)."""
    keys: set[str] = set()
    arxiv_id = arxiv_id_from_url(url)
    if arxiv_id:
        keys.add(f"arxiv:{arxiv_id}")
    doi = doi_from_url(url)
    if doi:
        if is_arxiv_doi(doi):
            keys.add(f"arxiv:{doi.split('arxiv.', 1)[1]}")
        else:
            keys.add(f"doi:{doi}")
    pii = pii_from_url(url)
    if pii:
        keys.add(f"pii:{pii}")
    return keys


def work_keys(
    *, arxiv_id: str | None = None, doi: str | None = None, published_doi: str | None = None
) -> set[str]:
    keys: set[str] = set()
    if arxiv_id:
        keys.add(f"arxiv:{arxiv_id}")
    for value in (doi, published_doi):
        if value:
            normal = normalize_doi(value)
            if normal:
                keys.add(f"arxiv:{normal.split('arxiv.', 1)[1]}" if is_arxiv_doi(normal) else f"doi:{normal}")
    return keys


def github_repo(url: str) -> str | None:
    """``owner/repo`` of a GitHub or GitLab URL (``.git``, ``/tree/main`` and the like dropped)."""
    match = _GITHUB_RE.search(url)
    if not match:
        return None
    owner, repo = match.group("owner"), match.group("repo")
    repo = re.sub(r"\.git$", "", repo).rstrip(".")
    if owner.lower() in _GITHUB_NOT_REPOS or not repo:
        return None
    return f"{owner}/{repo}"


def code_url(url: str) -> str | None:
    """Canonical repository URL, e.g. ``https://github.com/mahmoodlab/UNI``."""
    match = _GITHUB_RE.search(url)
    repo = github_repo(url)
    if not match or not repo:
        return None
    return f"https://{match.group('host').lower()}/{repo}"


def huggingface_id(url: str) -> str | None:
    """``owner/name`` (or ``datasets/owner/name``) of a Hugging Face URL."""
    match = _HF_RE.search(url)
    if not match:
        return None
    kind = (match.group("kind") or "").lower()
    name = match.group("name").rstrip(".")
    return f"{kind}{match.group('owner')}/{name}"


def strip_tracking(url: str) -> str:
    """Drop tracking query parameters and in-page fragments (``#Abs1``) from a URL."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def canonical_paper_url(*, arxiv_id: str | None = None, doi: str | None = None, fallback: str | None = None) -> str | None:
    """The link a catalog row should carry: the arXiv abstract page, else the DOI resolver."""
    if arxiv_id:
        return f"https://arxiv.org/abs/{arxiv_id}"
    if doi:
        return f"https://doi.org/{doi}"
    return strip_tracking(fallback) if fallback else None


_STOP = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via", "by", "from", "towards", "toward"}


def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and markup-insensitive form of a title, for matching."""
    text = html.unescape(title)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("–", "-").replace("—", "-")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def title_is_distinctive(normalized: str) -> bool:
    """Guard for fuzzy matching: short or generic titles must not match by title alone."""
    words = [w for w in normalized.split() if w not in _STOP]
    return len(words) >= 4 and len(normalized) >= 25
