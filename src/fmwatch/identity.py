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

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from rapidfuzz import fuzz

_NEW_ARXIV = r"\d{4}\.\d{4,5}"
_OLD_ARXIV = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID_RE = re.compile(rf"(?<![\w.])(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?(?![\d])")
_ARXIV_URL_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html|format)|ar5iv(?:\.labs\.arxiv)?\.org/(?:abs|html)"
    rf"|alphaxiv\.org/(?:abs|overview|pdf)|huggingface\.co/papers|hf\.co/papers)"
    rf"/(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?",
    re.IGNORECASE,
)
_ARXIV_MENTION_RE = re.compile(
    rf"(?:arxiv[:\s]\s*|10\.48550/arxiv\.)(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v(?P<v>\d+))?",
    re.IGNORECASE,
)
#: A DOI; balanced parentheses are part of it (``10.1016/S0140-6736(20)30183-5``), a lone ``)``
#: ends it (so a DOI inside a Markdown link stops at the link's closing parenthesis).
DOI_RE = re.compile(r"\b(10\.\d{4,9}/(?:[^\s\"'<>\]\[)(|]|\([^\s\"'<>\]\[)(|]*\))+)", re.IGNORECASE)
_NATURE_ARTICLE_RE = re.compile(
    r"nature\.com/articles/(?P<id>[a-z]\d{5}-\d{3}-\d{5}-[\da-z](?![\w-])|[a-z]+\d{4,}[a-z]?(?![\w-])"
    # (the older ids with a dot: nbt.4235, nmeth.4244, ng.3000)
    r"|[a-z]{2,8}\.\d{3,5}(?![\w-]))",
    re.IGNORECASE,
)
_RXIV_EARLY_RE = re.compile(
    r"(?P<server>biorxiv|medrxiv)\.org/content/(?:biorxiv|medrxiv)/early/\d{4}/\d{2}/\d{2}/(?P<suffix>\d{4}\.\d{2}\.\d{2}\.\d+)",
    re.IGNORECASE,
)
#: A bioRxiv/medRxiv DOI with a version suffix: dated (2023.05.29.542705v2) or old-style (622803v4)
_RXIV_VERSION_RE = re.compile(r"^(10\.(?:1101|64898)/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+)v\d+$")
#: Elsevier's PII, plain (``/pii/S2589750024000256``) or in the bracketed form Cell and The
#: Lancet put in their URLs (``PIIS2589-7500(24)00025-6``, ``fulltext/S0092-8674(24)00538-0``)
_PII_RE = re.compile(
    r"(?:/pii/|/PII|/fulltext/|/abstract/)(?P<pii>S[\dX]{4}-?[\dX]{4}\(\d{2}\)\d{5}-[\dX]"
    r"|S?[\dX]{16,17})",
    re.IGNORECASE,
)
_PII_NOISE_RE = re.compile(r"[-()]")
#: An Elsevier DOI whose suffix is the PII (10.1016/S2589-7500(24)00025-6)
_ELSEVIER_PII_DOI_RE = re.compile(r"^10\.1016/(s[\dx]{4}-?[\dx]{4}\(\d{2}\)\d{5}-[\dx])$")
_GITHUB_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com)/(?P<owner>[A-Za-z0-9][A-Za-z0-9_.\-]*)/(?P<repo>[A-Za-z0-9_.\-]+)",
    re.IGNORECASE,
)
_GITHUB_NOT_REPOS = {
    "orgs",
    "sponsors",
    "features",
    "topics",
    "about",
    "marketplace",
    "settings",
    "login",
}
#: Query parameters that say how a reader arrived, not what they read. ``usp`` is Google Drive's
#: share marker; Dropbox's ``rlkey``/``dl`` are needed to open the file and are kept.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|pes|getft_integrator|fromPaywallRec|fbclid|gclid|mc_cid|mc_eid|ref|src|usp"
    # ScienceDirect's "?via=ihub" (often "via%3Dihub", the = encoded), Google Scholar's
    # "casa_token", nature.com's cookie-wall "error=cookies_not_supported&code=…"
    r"|via|via%3dihub|casa_token|error)$",
    re.IGNORECASE,
)


def split_arxiv_version(raw: str) -> tuple[str, int | None]:
    """``'2408.00738v2'`` -> ``('2408.00738', 2)``."""
    match = ARXIV_ID_RE.fullmatch(raw.strip())
    if not match:
        raise ValueError(f"not an arXiv id: {raw!r}")
    version = match.group("v")
    return canonical_arxiv_id(match.group("id")), int(version) if version else None


def canonical_arxiv_id(raw: str) -> str:
    """One spelling per arXiv id: old-style ids lose the subject class arXiv itself drops.

    ``math.GT/0309136`` and ``math/0309136`` are the same paper (arXiv redirects the first to the
    second), so only the archive is kept; new-style ids are returned unchanged.
    """
    if "/" not in raw:
        return raw
    archive, number = raw.split("/", 1)
    return f"{archive.split('.', 1)[0].lower()}/{number}"


_NEW_ID_PARTS_RE = re.compile(r"(\d{2})(\d{2})\.(\d+)")
_OLD_ID_PARTS_RE = re.compile(r"[a-z][a-z\-]+/(\d{2})(\d{2})\d{3}")


def is_valid_arxiv_id(arxiv_id: str) -> bool:
    """An id arXiv could have issued (versionless): a month 01-12, and four digits after the
    dot up to 2014, five since 2015 (``2101.1234`` is a typo arXiv refuses, and one such id in
    a query makes arXiv refuse the whole query); old-style ids from 1991 to 2007."""
    new = _NEW_ID_PARTS_RE.fullmatch(arxiv_id)
    if new:
        year, month, number = int(new.group(1)), int(new.group(2)), new.group(3)
        return 1 <= month <= 12 and year >= 7 and len(number) == (4 if year < 15 else 5)
    old = _OLD_ID_PARTS_RE.fullmatch(arxiv_id)
    if old:
        year, month = int(old.group(1)), int(old.group(2))
        return 1 <= month <= 12 and (year >= 91 or year <= 7)
    return False


def arxiv_id_from_url(url: str) -> str | None:
    """The versionless arXiv id of an arxiv.org URL or an arXiv DOI, or None."""
    match = _ARXIV_URL_RE.search(url) or _ARXIV_MENTION_RE.search(url)
    return canonical_arxiv_id(match.group("id")) if match else None


#: What comes before a DOI in feeds' ``doi`` fields: ``doi:``/``DOI `` or the resolver, with or
#: without its scheme and host prefix (``doi.org/…``, ``www.doi.org/…``, ``dx.doi.org/…``)
_DOI_PREFIX_RE = re.compile(r"^(?:(?:https?://)?(?:www\.|dx\.)?doi\.org/|doi:?\s*)", re.IGNORECASE)
_DOI_PAGE_SUFFIX_RE = re.compile(
    r"\.(?:full|abstract|short)(?:-text)?(?:\.pdf)?(?:\+html)?$", re.IGNORECASE
)
_PDF_SUFFIX_RE = re.compile(r"\.pdf$", re.IGNORECASE)
#: What publishers' pages append to a DOI in their URLs: a view (Frontiers' "/full", "/pdf"),
#: bioRxiv's tabs (".supplementary-material", ".article-info", ".article-metrics"), a
#: supplement's file path (NEJM's "/suppl_file/…", Springer's "/MediaObjects/…"), another
#: query parameter ("&type=printable")
_DOI_PATH_TAIL_RE = re.compile(
    r"(?:/(?:full|pdf|abstract|epub|fulltext|html)"
    r"|\.(?:supplementary-material|article-info|article-metrics)"
    r"|/(?:suppl_file|MediaObjects)/.*|&.*)$",
    re.IGNORECASE,
)


def normalize_doi(raw: str) -> str | None:
    """Lower-case, prefix-free DOI (``doi:``, ``https://doi.org/``, ``doi.org/`` gone), or None."""
    text = raw.strip()
    if "%" in text:
        text = unquote(text)
    text = _DOI_PREFIX_RE.sub("", text)
    match = DOI_RE.match(text)
    if not match:
        return None
    # (the query and fragment first: "….full.pdf?download=true" keeps no ".full.pdf")
    doi = match.group(1).split("#")[0].split("?")[0].rstrip(".,;/")
    if "." in doi:
        doi = _DOI_PAGE_SUFFIX_RE.sub("", doi)
        doi = _PDF_SUFFIX_RE.sub("", doi)
    doi = _DOI_PATH_TAIL_RE.sub("", doi).lower()
    if not doi.isprintable():  # an escape or control byte: no real DOI has one, a hostile one may
        return None
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
        # (the URL does not say which prefix: see :func:`work_keys_from_url`)
        return f"10.1101/{early.group('suffix')}"
    if "arxiv.org/" in clean.lower():
        return None
    match = DOI_RE.search(unquote(clean))
    if match:
        return normalize_doi(match.group(1))
    return None


def pii_from_url(url: str) -> str | None:
    match = _PII_RE.search(url)
    return _PII_NOISE_RE.sub("", match.group("pii")).lower() if match else None


def pii_from_doi(doi: str) -> str | None:
    """The PII an Elsevier DOI spells out (``10.1016/s2589-7500(24)00025-6`` →
    ``s2589750024000256``), so a catalog row linking ScienceDirect or The Lancet by PII and a
    record carrying the DOI are one work."""
    match = _ELSEVIER_PII_DOI_RE.match(doi)
    return _PII_NOISE_RE.sub("", match.group(1)) if match else None


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
        keys |= _doi_keys(doi)
        if _RXIV_EARLY_RE.search(url):
            # an "early" PDF link names the preprint by its date and number only: bioRxiv's
            # DOIs carry 10.1101/ until late 2025 and 10.64898/ since
            keys.add(doi_key("10.64898/" + doi.split("/", 1)[1]))
    pii = pii_from_url(url)
    if pii:
        keys.add(f"pii:{pii}")
    return keys


def work_keys(
    *, arxiv_id: str | None = None, doi: str | None = None, published_doi: str | None = None
) -> set[str]:
    keys: set[str] = set()
    if arxiv_id:
        keys.add(_arxiv_key(arxiv_id))
    for value in (doi, published_doi):
        if value:
            normal = normalize_doi(value)
            if normal:
                keys |= _doi_keys(normal)
    return keys


def _doi_keys(doi: str) -> set[str]:
    """The key of a DOI, plus the PII key an Elsevier DOI spells out."""
    pii = pii_from_doi(doi)
    return {doi_key(doi), f"pii:{pii}"} if pii else {doi_key(doi)}


def _arxiv_key(raw: str) -> str:
    raw = raw.strip()
    if raw[:6].lower() == "arxiv:":  # ("arXiv:2408.00738v2", as some feeds write it)
        raw = raw[6:].strip()
    if ARXIV_ID_RE.fullmatch(raw):
        raw = split_arxiv_version(raw)[0]
    return f"arxiv:{raw}"


def doi_key(doi: str) -> str:
    """``doi:…`` for a DOI, except arXiv's own DOIs, which name an arXiv id."""
    if is_arxiv_doi(doi):
        return _arxiv_key(doi.split("arxiv.", 1)[1])
    return f"doi:{doi}"


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


def tracking_noise(url: str) -> list[str]:
    """The parts of a URL that only track the reader: ``utm_source=…``, ``#Abs1``…, in order."""
    parts = urlsplit(url)
    noise = [
        piece
        for piece in parts.query.split("&")
        if piece and TRACKING_PARAMS.match(piece.split("=", 1)[0])
    ]
    if parts.fragment:
        noise.append(f"#{parts.fragment}")
    return noise


def strip_tracking(url: str) -> str:
    """Drop tracking query parameters and in-page fragments (``#Abs1``) from a URL.

    The remaining query is kept byte for byte (not re-encoded), so keys such as Dropbox's
    ``rlkey`` survive exactly.
    """
    parts = urlsplit(url)
    query = "&".join(
        piece
        for piece in parts.query.split("&")
        if piece and not TRACKING_PARAMS.match(piece.split("=", 1)[0])
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def canonical_paper_url(
    *, arxiv_id: str | None = None, doi: str | None = None, fallback: str | None = None
) -> str | None:
    """The link a catalog row should carry: the arXiv abstract page, else the DOI resolver."""
    if arxiv_id:
        return f"https://arxiv.org/abs/{arxiv_id}"
    if doi:
        return f"https://doi.org/{doi}"
    return strip_tracking(fallback) if fallback else None


#: DOI prefixes of bioRxiv/medRxiv preprints (old and new).
RXIV_DOI_PREFIXES = ("10.1101/", "10.64898/")
_RXIV_KEY_PREFIXES = tuple(f"doi:{p}" for p in RXIV_DOI_PREFIXES)


def is_preprint_key(key: str) -> bool:
    """Whether a work key names a preprint (arXiv, bioRxiv/medRxiv) that may be published later
    (not a Cold Spring Harbor journal article, which shares bioRxiv's DOI prefix)."""
    return key.startswith("arxiv:") or _is_rxiv_key(key)


def keys_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    """Two sets of work keys that cannot be one work: both name an arXiv paper, both a
    bioRxiv/medRxiv preprint, or both a journal article, and never the same one. Similar titles
    must not join them ("Virchow2" and a "Virchow3" preprint, a second paper of a series that
    reuses the first's wording)."""
    a, b = set(a), set(b)
    if a & b:
        return False
    for kind in (_is_arxiv_key, is_journal_key, _is_rxiv_key):
        if any(kind(k) for k in a) and any(kind(k) for k in b):
            return True
    return False


def _is_rxiv_key(key: str) -> bool:
    return key.startswith(_RXIV_KEY_PREFIXES) and is_rxiv_doi(key[4:])


def _is_arxiv_key(key: str) -> bool:
    return key.startswith("arxiv:")


def is_journal_key(key: str) -> bool:
    """``doi:…`` of a journal article (not a preprint's, not a repository's)."""
    return key.startswith("doi:") and is_journal_doi(key[4:])


#: DOI registrants that are repositories or preprint servers, not journals: Zenodo, figshare,
#: Research Square, SSRN, OSF and its preprint servers, Preprints.org, TechRxiv, ChemRxiv,
#: Authorea, ResearchGate, Mendeley Data, Harvard Dataverse, Code Ocean, Dryad (with
#: bioRxiv/medRxiv and arXiv, which :func:`is_journal_doi` names apart)
_REPOSITORY_DOI_PREFIXES = (
    "10.5281/", "10.6084/", "10.21203/", "10.2139/", "10.31219/", "10.31234/", "10.31235/",
    "10.31222/", "10.17605/", "10.20944/", "10.36227/", "10.26434/", "10.22541/", "10.13140/",
    "10.17632/", "10.7910/", "10.24433/", "10.5061/",
)  # fmt: skip


#: What follows the prefix in a bioRxiv/medRxiv DOI: dated ("2023.05.29.542705") or, before
#: December 2019, a number ("622803"). Cold Spring Harbor's journals share 10.1101/ with
#: letters ("gr.278404.123", Genome Research; "gad.…", Genes & Development).
_RXIV_SUFFIX_RE = re.compile(r"(?:\d{4}\.\d{2}\.\d{2}\.)?\d+")


def is_rxiv_doi(doi: str) -> bool:
    """A bioRxiv/medRxiv preprint DOI (normalised), not a Cold Spring Harbor journal's."""
    if not doi.startswith(RXIV_DOI_PREFIXES):
        return False
    return bool(_RXIV_SUFFIX_RE.fullmatch(doi.split("/", 1)[1]))


def is_journal_doi(doi: str) -> bool:
    """A DOI that can be a preprint's journal version: not itself a preprint's (bioRxiv,
    medRxiv, arXiv, other preprint servers) nor a repository's (Zenodo, figshare)."""
    return not (is_rxiv_doi(doi) or is_arxiv_doi(doi) or doi.startswith(_REPOSITORY_DOI_PREFIXES))


def published_versions(
    rows: Iterable[tuple[str | None, str | None, str | None]],
) -> dict[str, str]:
    """Preprint work key -> published DOI, from ``(arxiv_id, doi, published_doi)`` rows of the
    papers table. The one mapping that the linter and the proposals' link updates both read."""
    mapping: dict[str, str] = {}
    for arxiv_id, doi, published_doi in rows:
        if not published_doi:
            continue
        for key in work_keys(arxiv_id=arxiv_id, doi=doi):
            if is_preprint_key(key):
                mapping.setdefault(key, str(published_doi))
    return mapping


# -- what a link points at ------------------------------------------------------------------------

_PLACEHOLDER_HOSTS = {"paper.link", "example.com", "example.org", "example.net", "link", "url"}
_PLACEHOLDER_OWNERS = {"org", "owner", "user", "username", "your-org", "yourname", "name", "xxx"}
_PLACEHOLDER_REPOS = {"repo", "model", "repository", "project", "name", "xxx", "dataset"}
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_WEIGHT_HOSTS = (
    "huggingface.co",
    "hf.co",
    "drive.google.com",
    "dropbox.com",
    "hub.docker.com",
    "zenodo.org",
    "figshare.com",
    "ngc.nvidia.com",
    "modelscope.cn",
    "docs.google.com",
)
_PAPER_HOSTS = (
    "arxiv.org",
    "biorxiv.org",
    "medrxiv.org",
    "doi.org",
    "nature.com",
    "sciencedirect.com",
    "cell.com",
    "nejm.org",
    "thelancet.com",
    "science.org",
    "springer.com",
    "wiley.com",
    "ieee.org",
    "acm.org",
    "openreview.net",
    "aclanthology.org",
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "jamanetwork.com",
    "bmj.com",
    "oup.com",
    "mdpi.com",
    "frontiersin.org",
    "plos.org",
    "neurips.cc",
    "mlr.press",
    "thecvf.com",
    "rsna.org",
    "ahajournals.org",
    "aaai.org",
    "researchsquare.com",
    "ssrn.com",
    "tandfonline.com",
    "sagepub.com",
    "pnas.org",
)


def url_host(url: str) -> str:
    """Lower-case host without ``www.``; empty when the text is not an absolute URL."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _host_in(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


_TEMPLATE_ID_RE = re.compile(r"x{4}|\.\.\.|…|%E2%80%A6", re.IGNORECASE)


def is_placeholder_url(url: str) -> bool:
    """Template values left in a row: ``github.com/org/repo``, ``huggingface.co/org/model``…"""
    host = url_host(url)
    if not host or host in _PLACEHOLDER_HOSTS or "." not in host:
        return True
    if _host_in(host, ("github.com", "gitlab.com", "huggingface.co")):
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments and segments[0] in ("datasets", "spaces"):
            segments = segments[1:]
        if len(segments) < 2:
            return False
        owner, name = segments[0].lower(), segments[1].lower()
        return (owner in _PLACEHOLDER_OWNERS or owner.startswith("your-")) and (
            name in _PLACEHOLDER_REPOS or name.startswith("your-")
        )
    # "arxiv.org/abs/xxxx.xxxxx", "doi.org/10.xxxx/xxxxx"
    return _host_in(host, ("arxiv.org", "doi.org")) and bool(
        _TEMPLATE_ID_RE.search(urlsplit(url).path)
    )


def link_kind(url: str) -> str:
    """What a link is: ``placeholder``, ``code``, ``weights``, ``paper`` or ``other``.

    The catalog puts each kind in its own column; this is how the linter tells a Hugging Face
    link in the GitHub column, or a repository in the Paper column.
    """
    if is_placeholder_url(url):
        return "placeholder"
    if arxiv_id_from_url(url):  # (a paper's page on Hugging Face or alphaXiv is the paper)
        return "paper"
    host = url_host(url)
    if _host_in(host, _CODE_HOSTS):
        return "code"
    if _host_in(host, _WEIGHT_HOSTS):
        return "weights"
    if work_keys_from_url(url) or _host_in(host, _PAPER_HOSTS):
        return "paper"
    return "other"


# -- titles -------------------------------------------------------------------------------------

_STOP = {
    "a",
    "an",
    "the",
    "of",
    "for",
    "and",
    "in",
    "on",
    "with",
    "to",
    "via",
    "by",
    "from",
    "towards",
    "toward",
    "at",
    "as",
    "is",
    "are",
    "its",
    "into",
    "using",
    "based",
}
#: Words so common in this field's titles that a title made only of them names no one work.
_GENERIC = {
    "foundation",
    "model",
    "models",
    "medical",
    "medicine",
    "biomedical",
    "clinical",
    "health",
    "healthcare",
    "ai",
    "artificial",
    "intelligence",
    "deep",
    "learning",
    "machine",
    "large",
    "language",
    "llm",
    "llms",
    "review",
    "survey",
    "overview",
    "perspective",
    "generative",
    "data",
    "new",
    "era",
    "future",
    "opportunities",
    "challenges",
    "applications",
    "research",
    "multimodal",
    "vision",
    "image",
    "images",
    "imaging",
    "general",
    "purpose",
    "pathology",
    "radiology",
    "genomics",
    "single",
    "cell",
    "cells",
    "analysis",
    "approach",
    "study",
}


_TAG_RE = re.compile(r"<[^>]+>")
#: superscripts and subscripts are part of the word they follow ("M<sup>3</sup>oE" = "M3oE")
_SUP_SUB_TAG_RE = re.compile(r"</?su[bp]>", re.IGNORECASE)
_INLINE_MATH_RE = re.compile(r"\$([^$]*)\$")
_MATH_NOISE_RE = re.compile(r"\\[a-zA-Z]+|[^A-Za-z0-9]")
_LATEX_COMMAND_RE = re.compile(r"\\[a-zA-Z]+\*?")  # LaTeX commands such as \textit
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")
#: :data:`_NOT_ALNUM_RE`'s substitution of lower-cased ASCII text as a byte map: capitals to
#: small letters, letters and digits kept, every other byte a space
_ASCII_ALNUM = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "µ": "mu",  # (the micro sign, which NFKD would turn into Greek mu only later)
}  # fmt: skip
_GREEK_NAMES = str.maketrans(
    {
        **{letter: f" {name} " for letter, name in _GREEK.items()},
        **{
            letter.upper(): f" {name} "
            for letter, name in _GREEK.items()
            if letter.upper() != letter
        },
    }
)
_LATEX_GREEK_RE = re.compile(
    r"\\(?:var)?(" + "|".join(sorted(set(_GREEK.values()) - {"omicron"})) + r")(?![a-zA-Z])",
    re.IGNORECASE,
)


def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and markup-insensitive form of a title, for matching.

    Each step runs only when its trigger character is present (most titles are plain ASCII):
    grouping a store of 70,000 records calls this for every one of them.
    """
    text = html.unescape(title) if "&" in title else title
    if not text.isascii():
        # (Greek letters spelt out, as journals often do, before math and accents go:
        # "α-thalassemia" and "$β$-thalassemia" are two titles)
        text = text.translate(_GREEK_NAMES)
    if "\\" in text:
        text = _LATEX_GREEK_RE.sub(r" \1 ", text)
    if "<" in text:
        text = _TAG_RE.sub(" ", _SUP_SUB_TAG_RE.sub("", text))
    if "$" in text:
        # "ConceptM$^3$oE" is "ConceptM3oE": the math's letters and digits stay, its commands
        # and markup go ("$\\alpha$" leaves nothing)
        text = _INLINE_MATH_RE.sub(lambda m: _MATH_NOISE_RE.sub("", m.group(1)), text)
    if "\\" in text:
        text = _LATEX_COMMAND_RE.sub(" ", text)
    if text.isascii():
        # (lower-cased, and every other character a space, by one byte translation: the
        # pattern's substitution below cost three times as much on a title)
        return " ".join(text.encode("ascii").translate(_ASCII_ALNUM).decode("ascii").split())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_ALNUM_RE.sub(" ", text.lower())
    return " ".join(text.split())


def title_is_distinctive(normalized: str) -> bool:
    """Guard for fuzzy matching: short or generic titles must not match by title alone.

    "Foundation models in medicine" or "Generative artificial intelligence in medicine" are the
    titles of several different papers; two records sharing them are not thereby one work.
    """
    if len(normalized) < 25:
        return False
    words = [w for w in normalized.split() if w not in _STOP]
    # (four words at least, two of them not generic: counted in C)
    return len(words) >= 4 and len(words) - sum(map(_GENERIC.__contains__, words)) >= 2


#: Two distinctive normalised titles at least this similar are the same work.
TITLE_MATCH_THRESHOLD = 92.0


#: "Name: rest of the title": a model name a journal often adds or drops
_NAME_PREFIX_RE = re.compile(r"^\s*([^:]{1,60}?)\s*:\s+(\S.*)$", re.DOTALL)
#: A name with its acronym after it: "Seizure-Semiology-Suite (S3)", "PathOmni (PO)".
_NAME_ACRONYM_RE = re.compile(r"^(.*?\S)\s*\(([^()]{1,15})\)$")
#: what :func:`normalize_title` leaves but digits: deleted, they leave a title's digits
_LETTERS_AND_SPACE = b" abcdefghijklmnopqrstuvwxyz"
_LETTERS_OR_DIGITS_RE = re.compile(r"[a-z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class TitleForms:
    """A title as matching sees it: normalised, without a short "Name:" prefix (when the rest
    is still distinctive), without a study-design subtitle, and the numbers it holds."""

    full: str
    #: ``full`` without a short "Name:" prefix, when what is left is distinctive (else None);
    #: without a study-design subtitle too, when the title has one
    rest: str | None
    #: the title's digits, run together ("100,000" and "100000" hold the same number)
    digits: str
    #: the normalised "Name" of a "Name: …" title (None without one)
    name: str | None = None
    #: :func:`title_is_distinctive` of ``full``: only distinctive titles ever match
    distinctive: bool = False
    #: ``full`` without the "Name:" prefix's words, distinctive or not (``full`` without one)
    tail: str = ""
    #: ``full`` without a study-design subtitle (": a retrospective modelling study") that a
    #: journal adds to the title its preprint had, when what is left is distinctive (else None)
    core: str | None = None


#: "Name:" prefixes that are notices about another paper, not a model's name: such a title
#: never matches by title (a correction is not the paper it corrects)
_NOTICES = frozenset(
    (
        "author correction", "publisher correction", "correction", "erratum", "corrigendum",
        "retraction", "retraction note", "expression of concern", "addendum", "reply to",
        "matters arising", "editorial", "comment", "response to", "publisher s note",
        "publishers note", "editor s note", "editorial note", "news", "research highlight",
        "retracted", "retracted article", "notice of retraction", "retraction notice",
        "withdrawn", "reply", "withdrawal",
    )
)  # fmt: skip
_NOTICE_LINK_RE = re.compile(r" (?:to|for|on|of)$")
_ARTICLES = frozenset(("the", "a", "an"))


#: A subtitle naming the study design, as medical journals add to a preprint's title ("…: a
#: retrospective modelling study", "…: a multicentre, prospective diagnostic accuracy study",
#: "… — a randomised controlled trial", "…: a systematic review and meta-analysis"): the same
#: paper with or without it. Every word of it must be a design's: "…: a breast cancer cohort
#: study", "…: an external validation study", "…: a secondary analysis of …", "…: a prospective
#: study in children" say what else the paper is (often another paper), and keep their titles
#: apart.
_DESIGN_WORDS = frozenset(
    (
        "a", "an", "the", "and", "retrospective", "prospective", "cohort", "modelling",
        "modeling", "diagnostic", "accuracy", "development", "validation", "multicentre",
        "multicenter", "multi",
        "centre", "center", "cross", "sectional", "observational", "randomised", "randomized",
        "controlled", "population", "based", "case", "control", "nationwide", "registry",
        "longitudinal", "multisite", "site", "meta", "systematic", "phase", "1", "2", "3", "4", "i",
        "ii", "iii", "iv", "pragmatic", "non", "noninferiority", "inferiority", "single",
        "prognostic", "international", "multinational", "blinded", "double", "open", "label",
        "study", "studies", "trial", "analysis", "review",
    )
)  # fmt: skip
#: what such a subtitle ends with, and the words that name no design by themselves
_DESIGN_ENDS = frozenset(("study", "studies", "trial", "analysis", "review"))
_DESIGN_FILLERS = _DESIGN_ENDS | _ARTICLES | {"and", "case"}
#: where a subtitle starts: a colon or semicolon, a full stop, a dash between spaces, an em or
#: en dash
_SUBTITLE_MARK_RE = re.compile(r"[:;]|\.\s|\s-\s|[–—]")


def title_forms(title: str) -> TitleForms:
    forms = _plain_forms(title)
    if not forms.distinctive:
        return forms
    if forms.full.rpartition(" ")[2] not in _DESIGN_ENDS:
        return forms  # (the word every such subtitle ends with, looked at first: few titles do)
    head = _without_design_subtitle(title)
    if head:
        # the title as its preprint had it, and without its "Name:" prefix too
        plain = _plain_forms(head)
        if plain.distinctive:
            return replace(forms, core=plain.full, rest=plain.rest)
    return forms


def _without_design_subtitle(title: str) -> str | None:
    """``title`` without a study-design subtitle at its end, or None when it has none. Only
    the title's last 200 characters (spaces collapsed) are searched: a subtitle is short, and
    a hostile title costs no more than any other."""
    text = " ".join(title.split())
    window_at = max(len(text) - 200, 0)
    marks = list(_SUBTITLE_MARK_RE.finditer(text, window_at))
    if not marks or marks[-1].start() == 0:
        return None
    words = normalize_title(text[marks[-1].end() :]).split()
    if (
        not words
        or words[-1] not in _DESIGN_ENDS
        or not all(word in _DESIGN_WORDS for word in words)
        or all(word in _DESIGN_FILLERS for word in words)
    ):
        return None
    return text[: marks[-1].start()]


def _plain_forms(title: str) -> TitleForms:
    full = normalize_title(title)
    rest = name = None
    tail = ""
    prefix = _NAME_PREFIX_RE.match(title) if ":" in title else None
    if prefix:
        name_words = normalize_title(prefix.group(1)).split()
        words = full.split()
        notice = " ".join(name_words)
        # ("Correction to: …", "Erratum for: …", "Comment on: …": the same notices)
        if notice in _NOTICES or _NOTICE_LINK_RE.sub("", notice) in _NOTICES:
            return TitleForms(full, None, "", None, False)
        raw_name = prefix.group(1)
        skip = 0
        acronym = _NAME_ACRONYM_RE.match(raw_name)
        if acronym:
            # "PathOmni (PO): …" names PathOmni: the acronym after it is no part of the name
            raw_name = acronym.group(1)
            skip = len(normalize_title(acronym.group(2)).split())
            name_words = normalize_title(raw_name).split()
        if 0 < len(name_words) <= 3 and words[: len(name_words)] == name_words:
            # (the words just normalised are the name's, unless a "+" in it counts)
            name = name_key(raw_name) if "+" in raw_name else _key_of_words(name_words, raw_name)
            tail = " ".join(words[len(name_words) + skip :])
            if tail and title_is_distinctive(tail):
                rest = tail
    digits = full.encode("ascii").translate(None, _LETTERS_AND_SPACE).decode("ascii")
    return TitleForms(full, rest, digits, name, title_is_distinctive(full), tail or full)


def name_key(name: str) -> str:
    """One key for the spellings of one model name, wherever names are compared (the titles'
    "Name:" prefixes here, the catalog's Name cells in ``fmwatch catalog lint``): without case,
    accents, markup, spaces, punctuation or a leading article, each run of letters in its
    American spelling (:func:`_name_run`). "Prov-GigaPath" and "Prov GigaPath", "The Nucleotide
    Transformer" and "Nucleotide Transformer", "ESM-2" and "ESM2", "Tumour Atlas" and "Tumor
    Atlas" are one name; a "+" is part of it ("PathChat+", "UNet++" are other models than
    "PathChat", "UNet"), so are a final "s" ("Titans" is not "TITAN", "Chronos" not "Chrono":
    a name is no plural) and letters no Latin spelling exists for ("华佗GPT" is not "扁鹊GPT"),
    and a run of letters ends at a digit ("BrainMAE2" is not "BrainMoE2")."""
    return _key_of_words(normalize_title(name.replace("+", " plus ")).split(), name)


#: The British "ae"/"oe" of medical words, as they occur inside a model's name ("HaemNet",
#: "PaedCXR", "OesoNet", "AnaesthGPT", "BacteraemiaNet"). Only these are folded in names:
#: elsewhere in a name the letters are its own ("Maestro" is not "Mestro", "Phoenix" not
#: "Phenix", "BrainMAEv2" not "BrainMoEv2", "ChronoEarth" not "Chronearth"), whatever the case
#: it is written in.
_BRITISH_STEM_RE = re.compile(
    r"(?:(?<=h)|(?<=an)|(?<=leuk)|(?<=ptic)|(?<=glyc)|(?<=ur))ae(?=m)|ae(?=mi)|(?<=an)ae(?=s)"
    r"|(?<=p)ae(?=d)|(?<=gyn)ae(?=c)|(?<=c)ae(?=sar|c)|(?<=f)ae(?=c)|(?<![a-z])ae(?=ti)"
    r"|(?<![a-z])oe(?=s|d)|(?<=f)oe(?=t)|(?<=c)oe(?=li)|(?:(?<=rrh)|(?<=pn))oe(?=a)"
)


@functools.lru_cache(maxsize=1 << 16)
def _name_run(run: str) -> str:
    """A run of a name's letters in its American spelling: British endings as for any word
    (:func:`_american`), but "ae"/"oe" only in medical stems (:data:`_BRITISH_STEM_RE`)."""
    if len(run) >= 4 and ("ae" in run or "oe" in run):
        run = _BRITISH_STEM_RE.sub("e", run)
    return _american(run, digraphs=False)


def _key_of_words(words: list[str], name: str) -> str:
    """:func:`name_key` of ``name`` from its :func:`normalize_title` words ("+" spelt out)."""
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    key = "".join(_name_run(run) for word in words for run in _LETTERS_OR_DIGITS_RE.findall(word))
    if not name.isascii():
        spelled = unicodedata.normalize("NFKD", name.translate(_GREEK_NAMES))
        key += "".join(ch for ch in spelled if ch.isalpha() and not ch.isascii()).casefold()
    return key


#: where a catalog's Name cell holds more than one name ("Virchow / Virchow2", "CONCH (2024)",
#: "Prov-GigaPath, GigaPath")
_NAME_CELL_SPLIT_RE = re.compile(r"[\s/,;()\[\]&|]+")


def name_cell_keys(name_cell: str) -> list[str]:
    """The :func:`name_key` of each name a catalog's Name cell holds, but parts shorter than
    three letters and numbers, which say nothing ("Virchow / Virchow2", "CONCH (2024)")."""
    parts = [name_key(part) for part in _NAME_CELL_SPLIT_RE.split(name_cell)]
    return [part for part in parts if len(part) >= 3 and not part.isdigit()]


def names_another_model(name_cell: str, title: str | TitleForms, row_title: str = "") -> bool:
    """Whether ``title``'s "Name:" prefix names another model than a catalog row's Name cell,
    which makes the title another paper however alike the rest ("SPARC: a foundation model for
    spatial proteomics" is not the row "KRONOS", linked to "A foundation model for spatial
    proteomics"). Lenient, because a row wrongly taken for another paper is proposed again: a
    word of the cell that holds, or is held in, the title's name is the same model ("GigaPath"
    and "Prov-GigaPath", "CONCH (2024)" and "CONCH", not "Foresight" and "Foresight 2", which
    differ by a version number), and so is a cell spelling the initials of
    the name's words ("UCE", "Universal Cell Embeddings: …"); parts shorter than three letters
    and numbers say nothing; a title or cell without a name never clashes, nor does a title
    naming what the row's own link title (``row_title``) names ("QuiltNet", linked to
    "Quilt-1M: …", is the row of "Quilt-1M: …" under another link)."""
    forms = title if isinstance(title, TitleForms) else title_forms(title)
    named = forms.name
    if not named:
        return False
    parts = name_cell_keys(name_cell)
    if not parts or any(
        (part in named or named in part) and not _versions_differ(part, named) for part in parts
    ):
        return False
    if _initials(forms) in parts:
        return False
    own = _plain_forms(row_title).name if row_title and ":" in row_title else None
    return not (own and not _names_clash(own, named))


def _versions_differ(a: str, b: str) -> bool:
    """Two name keys of one family under different version numbers ("foresight" and
    "foresight2", "virchow2" and "virchow3"): another model, however much of the name agrees."""
    return a != b and a.rstrip("0123456789") == b.rstrip("0123456789")


def _initials(forms: TitleForms) -> str:
    """The initials of the words a title's name is made of ("universal cell embeddings" ->
    "uce"), or "" when its words do not spell the name."""
    spelled = initials = ""
    for word in forms.full.split():
        spelled += name_key(word)  # (spelled as the name's key is: "tumour" as "tumor")
        initials += word[0]
        if len(spelled) >= len(forms.name or ""):
            break
    return initials if len(initials) > 1 and spelled == forms.name else ""


#: letters that have no decomposition into a Latin letter and a mark, spelled as services that
#: write names in ASCII spell them ("Jørgensen" / "Jorgensen", "Strauß" / "Strauss")
_LATIN_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe",
     "Œ": "Oe", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def author_words(names: Iterable[str]) -> frozenset[str]:
    """The words of a record's author names that tell two groups apart (see
    :func:`words_disjoint`): each of two letters or more, without case or accents."""
    return frozenset(
        word
        for name in names
        for word in normalize_title(name.translate(_LATIN_LETTERS)).split()
        if len(word) >= 2 and not word.isdigit()
    )


def words_disjoint(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """Whether two records' (or works') author words, both known, share none: two groups'
    papers, however alike their titles ("A foundation model for X" in a journal, "NAME: a
    foundation model for X" on arXiv). Each service writes names its own way ("Richard J.
    Chen", "Chen, R. J.", "Chen RJ", "Jørgensen" / "Jorgensen"), so any shared word of two
    letters or more (a surname like "Li" too) makes them one group's; a list that is missing
    says nothing."""
    return bool(a) and bool(b) and a.isdisjoint(b)


def _numbers_clash(a: str, b: str) -> bool:
    """Both titles hold numbers, and not the same ("Virchow2"/"Virchow3"). A number on one side
    only is how titles are rewritten ("COVID-19"/"COVID", "Phase II"/"Phase 2", "one million")."""
    return bool(a) and bool(b) and a != b


def _names_clash(a: str | None, b: str | None) -> bool:
    """Two "Name:" titles naming different models ("UNI"/"CONCH", "CellFM"/"CellLM", "UNI"/
    "UNI2"); a name that only grew a prefix ("GigaPath"/"Prov-GigaPath") is the same."""
    if not a or not b or a == b:
        return False
    short, long = sorted((a, b), key=len)
    return not (len(short) >= 5 and long.endswith(short))


#: The most a title matched through a dropped "Name:" prefix scores: alike, never the same
#: title (100, which :class:`KnownWorks` accepts even between two arXiv ids, and grouping
#: unless the authors differ too: "SPARC: a foundation model for spatial proteomics" is not
#: the preprint titled "A foundation model for spatial proteomics" under another arXiv id)
_PREFIX_MATCH_MAX = 99.0


#: British spellings and their American forms, as endings or letter pairs ("tumour",
#: "modelling", "oesophageal", "haemorrhage", "centre", "analyse", "standardisation")
_BRITISH_DIGRAPH_RE = re.compile(r"[ao]e(?!$)")
_UK_US = (
    (re.compile(r"our(al|ally|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"is(ation|e|ed|er|ing|able|ability)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[bt])re$"), "er"),
    (re.compile(r"(?<=f)ence$"), "ense"),
    (re.compile(r"ll(ing|ed|er)$"), r"l\1"),
    (re.compile(r"ogue$"), "og"),
)
_IRREGULAR = {
    "ageing": "aging",
    "grey": "gray",
    "corpora": "corpus",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "nuclei": "nucleus",
    "vertebrae": "vertebra",
    # ("visual-language" and "vision-language" models, "visual" and "vision" transformers)
    "visual": "vision",
}
#: Values a title may name in words: numbers (as their digits, so "Phase II" is "Phase 2") and
#: Greek letters. Each side may drop one (a journal spells "α" out, a preprint drops "two-"),
#: but two titles naming different ones are two papers ("two-"/"three-dimensional",
#: "alpha"/"beta thalassemia", "zero-shot"/"one-shot").
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = (
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_GREEK_LETTERS = (
    "alpha", "beta", "gamma", "delta", "epsilon", "kappa", "lambda", "sigma", "theta", "omega",
    "mu",
)  # fmt: skip
_VALUES = {
    **{word: str(n) for n, word in enumerate(_NUMBER_WORDS)},
    "ten": "10",
    # ("Fifteen million image-text pairs" and "15 million", "twelve-lead" and "12-lead")
    **{word: str(n) for n, word in enumerate(_TEEN_WORDS, start=11)},
    **{word: str(n) for n, word in zip(range(20, 100, 10), _TENS_WORDS, strict=True)},
    **{"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"},
    **{"xi": "11", "xii": "12"},
    **{letter: letter for letter in _GREEK_LETTERS},
}
#: Qualifiers a journal adds to or drops from a preprint's title without naming another work
_DROPPABLE = frozenset(("deep", "novel", "new", "large", "scale", "shot"))


@functools.lru_cache(maxsize=1 << 18)
def _word_form(word: str) -> str:
    """One form for one word's spellings: American, singular ("tumours" → "tumor",
    "biopsies" → "biopsy", "LLMs" → "llm", "diagnoses" → "diagnose"); two different words keep
    different forms ("ECG" and "EEG", "hypoglycemia" and "hyperglycemia", "retinal" and
    "renal", "MAE" and "MoE")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 6 and word.endswith("sis"):
        word = word[:-2] + "e"  # "diagnosis" as "diagnoses" will be
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    else:
        if word.endswith(("sses", "ches", "shes", "xes")) or (
            # ("viruses", not "causes" nor "uses")
            word.endswith("uses") and len(word) > 5 and word[-5] not in "aeiou"
        ):
            word = word[:-2]
        if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "is")):
            # (every final s: "lens" and "lenss", "process" and "processes" come to one form)
            word = word.rstrip("s") or word
    return _american(word)


@functools.lru_cache(maxsize=1 << 16)
def _american(word: str, digraphs: bool = True) -> str:
    """A word's American spelling ("oesophageal", "haemorrhage", "tumour", "modelling"), its
    number left as it is; without ``digraphs``, "ae" and "oe" stay as they are."""
    if digraphs and len(word) >= 6:
        # "oesophageal", "haemorrhage" (a title's words; a model's name folds only medical
        # stems, :func:`_name_run`); not in words shorter than six letters ("MAE" is not "MoE")
        word = _BRITISH_DIGRAPH_RE.sub("e", word)
    for pattern, american in _UK_US:
        word = pattern.sub(american, word)
    return word


def _one_word(a: str, b: str) -> bool:
    """Two word forms that are one word whose plural :func:`_word_form` could not undo alone:
    "niche"/"nich" ("niches"), "mosquito"/"mosquitoe", "calory"/"calorie", "stimulus"/
    "stimuli", "medium"/"media"; and an adjective in "-ic" and "-ical" ("oncologic"/
    "oncological"). Only these inflections: "health"/"healthy", "sensor"/"sensory",
    "colon"/"colony" are other words."""
    short, long = sorted((a, b), key=len)
    if long == short + "e" and short.endswith(("ch", "sh", "x", "ss", "o")):
        return True
    if long == short + "al" and short.endswith("ic") and len(short) >= 7:
        # "oncologic"/"oncological", "histologic"/"histological" ("clinic"/"clinical" are two;
        # "economic"/"economical" are taken for one too, in titles otherwise the same)
        return True
    if short.endswith("y") and long == short[:-1] + "ie":
        return True
    for singular, plural in (("us", "i"), ("um", "a"), ("on", "a")):
        for one, other in ((a, b), (b, a)):
            stem = one[: -len(singular)]
            if len(stem) >= 4 and one.endswith(singular) and other == stem + plural:
                return True
    return False


def _words_changed(x: str, y: str) -> bool:
    """Whether two normalised titles, alike as strings, differ by a word that changes what
    they name: "A radiology foundation model for cancer…" is not "A pathology foundation model
    for cancer…", "… of plants" added, "are not" for "are", "few-shot" for "zero-shot", "two-"
    for "three-dimensional". Only function words, spelling (:func:`_word_form`), spacing
    ("pre trained"/"pretrained"), a value on one side only (:data:`_VALUES`) and
    :data:`_DROPPABLE` qualifiers may differ."""
    if x.replace(" ", "") == y.replace(" ", ""):
        # the same letters spaced otherwise ("multiscale"/"multi-scale"), whichever words the
        # spacing makes (a qualifier such as "scale" is no content word, "multi" is)
        return False
    x_words, y_words = x.split(), y.split()
    x_values, y_values = _values(x_words), _values(y_words)
    if x_values - y_values and y_values - x_values:
        return True
    x_forms = [_word_form(w) for w in x_words if _content(w)]
    y_forms = [_word_form(w) for w in y_words if _content(w)]
    x_set, y_set = set(x_forms), set(y_forms)
    only_x = [w for w in x_forms if w not in y_set]
    only_y = [w for w in y_forms if w not in x_set]
    if not (only_x or only_y):
        # the same words in another order: "CT from MRI" is not "MRI from CT"
        return x_forms != y_forms
    if "".join(only_x) == "".join(only_y):
        return False
    return len(only_x) != len(only_y) or not all(map(_one_word, only_x, only_y))


def _values(words: list[str]) -> set[str]:
    """The values a title names: its number words, Roman numerals and Greek letters, and its
    digits run together as one number, as :func:`_numbers_clash` reads them ("100,000" is
    "100000"; "type 1" is not "type II", "phase 2" is "phase II")."""
    values = {_VALUES[w] for w in words if w in _VALUES}
    digits = "".join(w for w in words if w.isdigit())
    if digits:
        values.add(str(int(digits)) if len(digits) < 20 else digits)
    return values


#: function words, numbers and values in words, and qualifiers a journal adds or drops
_NOT_CONTENT = frozenset(_STOP) | _VALUES.keys() | _DROPPABLE


def _content(word: str) -> bool:
    return word not in _NOT_CONTENT and not word.isdigit()


def _index_words(full: str) -> set[str]:
    """The words a :class:`TitleIndex` finds a title by: each in the one form of its spellings,
    without function words and the words a journal may add or drop."""
    words = full.split()
    if not _ACRONYM_WORDS.isdisjoint(words):
        words = _spelt_out(full).split()
    return {_word_form(w) for w in words if _content(w)}


#: The field's acronyms that a title writes out or not ("generalist medical AI" and "…
#: artificial intelligence", "using EHRs" and "using electronic health records"), by the
#: :func:`_word_form` of the acronym (so "LLMs" is "llm"): titles are compared, and indexed,
#: with them spelt out. Only acronyms with one common meaning in biomedical titles.
_ACRONYMS = {
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "llm": "large language model",
    "mllm": "multimodal large language model",
    "vlm": "vision language model",
    "ehr": "electronic health record",
    "nlp": "natural language processing",
    "gpt": "generative pretrained transformer",
    "wsi": "whole slide image",
    "vqa": "vision question answering",
}
_SPELT = {acronym: meaning.split() for acronym, meaning in _ACRONYMS.items()}
#: the acronyms as a title's words may write them (a plural too): most titles hold none, and
#: are left as they are without a word's form being made
_ACRONYM_WORDS = frozenset(_ACRONYMS) | {f"{acronym}s" for acronym in _ACRONYMS}


#: (one title's look-up spells out its forms several times, for its index words, its
#: same-words keys and each candidate it is compared with: the last few are kept)
@functools.lru_cache(maxsize=256)
def _spelt_out(text: str) -> str:
    """A normalised title with :data:`_ACRONYMS` spelt out, an acronym right after its own
    spelling ("generative pretrained transformer (GPT)") dropped."""
    words = text.split()
    if _ACRONYM_WORDS.isdisjoint(words):
        return text
    out: list[str] = []
    for word in words:
        meaning = _SPELT.get(word[:-1] if word.endswith("s") else word)
        if meaning is None:
            out.append(word)
        elif [_word_form(w) for w in out[-len(meaning) :]] != [_word_form(w) for w in meaning]:
            out.extend(meaning)
    return " ".join(out)


@functools.lru_cache(maxsize=256)
def _alike(x: str, y: str, cutoff: float, words: tuple[str, str] | None = None) -> float:
    """``fuzz.ratio`` of two normalised titles (0 below ``cutoff``), and 0 when they differ by
    a word that changes what they name (:func:`_words_changed`; in ``words`` when given: two
    named titles whose names agree are judged by the words after their names, "Prov-GigaPath:
    …" and "GigaPath: …" being one). Titles that do not match as written are compared again
    with the field's acronyms spelt out (:func:`_spelt_out`), when either holds one."""
    score = _alike_as_written(x, y, cutoff, words)
    if score:
        return score
    spelt_x, spelt_y = _spelt_out(x), _spelt_out(y)
    if spelt_x == x and spelt_y == y:
        return 0.0  # (no acronym in either)
    spelt_words = (_spelt_out(words[0]), _spelt_out(words[1])) if words else None
    return _alike_as_written(spelt_x, spelt_y, cutoff, spelt_words)


def _alike_as_written(x: str, y: str, cutoff: float, words: tuple[str, str] | None = None) -> float:
    score = float(fuzz.ratio(x, y, score_cutoff=cutoff))
    if score and score < 100.0 and _words_changed(*(words or (x, y))):
        return 0.0
    return score


def forms_similarity(a: TitleForms, b: TitleForms, threshold: float) -> float:
    """How alike two titles are (0 below ``threshold``): full against full, or, when only one
    has a "Name:" prefix, one side's full title against the other's without it ("Nicheformer: a
    foundation model …" and "A foundation model …" are one paper). Two named titles need the
    same name (:func:`_names_clash`), and titles whose numbers differ never match
    (:func:`_numbers_clash`)."""
    if _numbers_clash(a.digits, b.digits):
        return 0.0
    # (names first: two titles one normalised title apart from their names' "+" or letters
    # of another script, "ChatCAD+: X" and "ChatCAD: X", are two papers)
    if a.name and b.name and _names_clash(a.name, b.name):
        return 0.0
    if a.full == b.full:
        return 100.0
    if a.name and b.name:
        score = _alike(a.full, b.full, threshold, (a.tail, b.tail))
    else:
        score = _alike(a.full, b.full, threshold)
        # (a title without its "Name:" prefix against the other as its preprint had it)
        for one, other in ((a.rest, b.core or b.full), (a.core or a.full, b.rest)):
            if one is not None and other is not None:
                score = max(score, min(_alike(one, other, threshold), _PREFIX_MATCH_MAX))
    if a.core is not None or b.core is not None:
        # one title carries a study-design subtitle, the other none or another: alike at most
        score = max(
            score, min(_alike(a.core or a.full, b.core or b.full, threshold), _PREFIX_MATCH_MAX)
        )
    return score


def titles_match(a: str, b: str, threshold: float = TITLE_MATCH_THRESHOLD) -> bool:
    """Whether two raw titles name the same work; never for short or generic titles."""
    fa, fb = title_forms(a), title_forms(b)
    if not (fa.distinctive and fb.distinctive):
        return False
    return forms_similarity(fa, fb, threshold) >= threshold


#: The fewest words (function words aside) a title too generic to match by likeness needs to
#: match a title of the very same words (:func:`same_words_keys`)
_SAME_WORDS_MIN = 5


def same_words_keys(forms: TitleForms) -> tuple[str, ...]:
    """Keys under which a title matches another of the very same words, for titles that
    :func:`title_is_distinctive` keeps from fuzzy matching because nearly all their words are
    the field's ("Towards a general-purpose foundation model for computational pathology",
    "Foundation models for generalist medical artificial intelligence"): its words in order,
    as :func:`_word_form` spells them, without function words ("Towards a …" and "A …" are
    one), for the whole title and without its "Name:" prefix. A title needs five such words,
    one of them not generic; a shorter or wholly generic one ("Generative artificial
    intelligence in medicine", the title of several papers) gets none."""
    keys: tuple[str, ...] = ()
    for text in (forms.full, forms.tail) if forms.tail != forms.full else (forms.full,):
        words = [w for w in _spelt_out(text).split() if w not in _STOP]
        if len(words) >= _SAME_WORDS_MIN and not _GENERIC.issuperset(words):
            keys += (" ".join(map(_word_form, words)),)
    return keys


def words_contained(a: TitleForms, b: TitleForms, least: int = 5) -> bool:
    """Whether the words of one title after its "Name:" prefix (function words, values and
    droppable qualifiers aside) are all among the other's, the smaller holding ``least`` at
    least: a journal or preprint that adds or drops words around the same ones ("VisionFM: a
    vision foundation model for …" and "VisionFM: a multi-modal multi-task vision foundation
    model for …"). A word of the smaller title may be part of one of the other's ("trained" of
    "pretrained"); a word replaced by another ("pathology"/"cytology") is another paper, and
    so are titles whose numbers differ. Only for titles already known to name one model."""
    if _numbers_clash(a.digits, b.digits):
        return False
    small, large = sorted((_index_words(a.tail), _index_words(b.tail)), key=len)
    if len(small) < least:
        return False
    missing = small - large
    return all(len(w) >= 4 and any(w in other for other in large) for w in missing)


V = TypeVar("V")


class TitleIndex(Generic[V]):
    """Find the work a title names among many, without comparing against every title.

    Exact normalised titles are one dict lookup. For fuzzy matches each query is compared only
    with titles that share two of its three rarest words (a title similar enough to match shares
    nearly all of its words), found by intersecting the words' title lists, so matching N papers
    against a catalog of M titles costs about N lookups, not N x M comparisons, and grouping a
    store's N records grows about linearly (``benchmarks/bench_group.py``). Matching follows
    :func:`forms_similarity`: a "Name:" prefix added or dropped still matches, differing
    numbers never do.
    """

    def __init__(self, threshold: float = TITLE_MATCH_THRESHOLD, probe_words: int = 3) -> None:
        self.threshold = threshold
        self.probe_words = probe_words
        self._exact: dict[str, list[int]] = {}
        self._titles: list[tuple[TitleForms, V]] = []
        self._postings: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._titles)

    def add(self, title: str | TitleForms, value: V) -> bool:
        """Index a title; returns False (and indexes nothing) when it is too generic to match."""
        forms = title if isinstance(title, TitleForms) else title_forms(title)
        if not forms.distinctive:
            return False
        position = len(self._titles)
        self._titles.append((forms, value))
        for text in (forms.full, forms.rest, forms.core):
            if text is not None:
                self._exact.setdefault(text, []).append(position)
        for word in _index_words(forms.full):
            self._postings.setdefault(word, []).append(position)
        return True

    def find(
        self, title: str | TitleForms, accept: Callable[[V, float], bool] | None = None
    ) -> tuple[V, float] | None:
        """The best-matching indexed value and its similarity, or None; with ``accept``, the
        best that it accepts (a value and its similarity: the next best is tried when the best
        is another paper after all). (Give the :func:`title_forms` of a title that is also to
        be added: they are computed once.)"""
        forms = title if isinstance(title, TitleForms) else title_forms(title)
        if not forms.distinctive:
            return None
        candidates: set[int] = set()
        for text in (forms.full, forms.rest, forms.core):
            if text is not None:
                candidates.update(self._exact.get(text, ()))
        if candidates:
            exact = self._best(forms, candidates, accept)
            if exact is not None and exact[1] >= 100.0:
                return exact
        postings = self._postings
        # (found by the words of its title without a study-design subtitle: "retrospective"
        # may be rare among indexed titles without being in the one it names)
        probe = _index_words(forms.core or forms.full)
        rarest = sorted((len(postings[w]), w) for w in probe if w in postings)[: self.probe_words]
        # A title alike enough to match shares nearly all of the query's words (as
        # :func:`_word_form` spells them: "tumour" and "tumors" are one), so at least two of its
        # rarest three: the candidates are the titles holding a pair of them. (Titles
        # holding one word would be too many: "foundation", "pathology", and as an index of N
        # grows, any word's titles grow with N, so grouping N records would cost N².)
        for first in range(len(rarest)):
            held = set(postings[rarest[first][1]])
            for second in range(first + 1, len(rarest)):
                candidates.update(held.intersection(postings[rarest[second][1]]))
        return self._best(forms, candidates, accept)

    def _best(
        self,
        forms: TitleForms,
        positions: Iterable[int],
        accept: Callable[[V, float], bool] | None = None,
    ) -> tuple[V, float] | None:
        """The candidate most alike by :func:`forms_similarity` that ``accept`` accepts, the
        first indexed on a tie."""
        best: tuple[V, float] | None = None
        best_position = -1
        for position in positions:
            other, value = self._titles[position]
            score = forms_similarity(forms, other, self.threshold)
            if not score or (
                best is not None
                and (score < best[1] or (score == best[1] and position > best_position))
            ):
                continue  # (no better than the best found: not worth asking ``accept``)
            if accept is not None and not accept(value, score):
                continue
            best, best_position = (value, score), position
        return best
