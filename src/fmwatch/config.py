"""``fmwatch.toml`` plus the environment, turned into frozen dataclasses.

Why dataclasses and not a dict: every key has one place where its type and default live, so the
loader can name an unknown or mistyped key precisely (``config error: sources.arxiv.page_size``)
and suggest the fix. Secrets are never read from the file, only from the environment.

Environment overrides (all optional):

- ``FMWATCH_CONFIG``: path of the config file (default ``./fmwatch.toml`` when it exists)
- ``FMWATCH_STATE_DIR``: state directory (default ``state``)
- ``FMWATCH_DB``: database path (default ``<state_dir>/fmwatch.db``)
- ``FMWATCH_CONTACT_EMAIL``: contact address sent in the User-Agent
- ``FMWATCH_CATALOG``: path of the catalog Markdown file
- ``GITHUB_TOKEN`` / ``FMWATCH_GITHUB_TOKEN``: forge token (never stored, never printed)
- ``FMWATCH_SMTP_USER`` / ``FMWATCH_SMTP_PASSWORD``: SMTP credentials
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import math
import os
import re
import tomllib
import types
import typing
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from fmwatch.errors import ConfigError, not_a_file
from fmwatch.models import KINDS

T = TypeVar("T")

ARXIV_DEFAULT_CATEGORIES: tuple[str, ...] = (
    "cs.CV",
    "cs.LG",
    "cs.AI",
    "cs.CL",
    "eess.IV",
    "q-bio.*",
)

NATURE_DEFAULT_FEEDS: dict[str, str] = {
    "nature": "nature.rss",
    "nature-medicine": "nm.rss",
    "nature-biomedical-engineering": "natbiomedeng.rss",
    "nature-methods": "nmeth.rss",
    "nature-biotechnology": "nbt.rss",
    "nature-machine-intelligence": "natmachintell.rss",
    "nature-communications": "ncomms.rss",
    "npj-digital-medicine": "npjdigitalmed.rss",
}


@dataclass(frozen=True)
class HttpConfig:
    """Network behaviour shared by every source."""

    timeout: float = 30.0
    attempts: int = 4
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    max_retry_after: float = 120.0


@dataclass(frozen=True)
class ArxivConfig:
    enabled: bool = True
    base_url: str = "https://export.arxiv.org/api/query"
    categories: tuple[str, ...] = ARXIV_DEFAULT_CATEGORIES
    page_size: int = 2000
    delay: float = 3.0
    overlap_days: int = 3
    #: also ask arXiv, by id, about the catalog's arXiv-linked rows still without a journal
    #: DOI, so a row whose paper appeared in a journal gets a link update
    catalog_links: bool = True


@dataclass(frozen=True)
class BiorxivConfig:
    enabled: bool = True
    base_url: str = "https://api.biorxiv.org"
    servers: tuple[str, ...] = ("biorxiv", "medrxiv")
    delay: float = 1.0
    overlap_days: int = 2
    #: also read the ``pubs`` endpoint: which preprints (of any date) appeared in a journal
    publications: bool = True


@dataclass(frozen=True)
class NatureConfig:
    enabled: bool = True
    base_url: str = "https://www.nature.com"
    feeds: dict[str, str] = field(default_factory=lambda: dict(NATURE_DEFAULT_FEEDS))
    delay: float = 1.0


#: Europe PMC's journal search (PubMed records indexed in the window, with abstracts): phrases
#: that any foundation-model paper's title or abstract has; the scorer does the rest.
EUROPEPMC_DEFAULT_QUERY = (
    '(TITLE_ABS:"foundation model" OR TITLE_ABS:"foundation models" '
    'OR TITLE_ABS:"self-supervised" OR TITLE_ABS:"pretrained" OR TITLE_ABS:"pre-trained" '
    'OR TITLE_ABS:"pretraining" OR TITLE_ABS:"pre-training" OR TITLE_ABS:"vision-language" '
    'OR TITLE_ABS:"large language model" OR TITLE_ABS:"large language models" '
    'OR TITLE_ABS:"generalist") AND SRC:MED'
)


@dataclass(frozen=True)
class EuropePmcConfig:
    """Journal articles beyond Nature's feeds (PubMed through Europe PMC's search), and the
    abstracts of stored journal records (Nature's RSS has none), looked up by DOI."""

    enabled: bool = True
    base_url: str = "https://www.ebi.ac.uk/europepmc/webservices/rest"
    delay: float = 1.0
    #: search the window's newly indexed PubMed records with ``query`` (every journal)
    search: bool = True
    query: str = EUROPEPMC_DEFAULT_QUERY
    #: days re-read before the last window's end (PubMed indexing lags)
    overlap_days: int = 3
    #: DOIs per query
    batch: int = 50
    #: runs that ask for one DOI's abstract before giving up (PubMed indexes articles late)
    max_tries: int = 4
    #: days before a DOI not found is asked for again
    retry_days: int = 6


@dataclass(frozen=True)
class SourcesConfig:
    arxiv: ArxivConfig = field(default_factory=ArxivConfig)
    biorxiv: BiorxivConfig = field(default_factory=BiorxivConfig)
    nature: NatureConfig = field(default_factory=NatureConfig)
    europepmc: EuropePmcConfig = field(default_factory=EuropePmcConfig)


@dataclass(frozen=True)
class ScoringConfig:
    """Thresholds and vocabulary overrides; see :mod:`fmwatch.score` for the defaults."""

    propose_threshold: float = 0.6
    near_miss_threshold: float = 0.35
    #: extra or replacement phrases per vocabulary: {"foundation": {"phrase": weight}}
    vocabularies: dict[str, dict[str, float]] = field(default_factory=dict)
    replace_vocabularies: bool = False
    #: nudge scores towards curators' accepted/rejected works (fmwatch.feedback)
    feedback: bool = True
    #: the word models that order near-misses, help decide and choose sections (fmwatch.ranker),
    #: a file `fmwatch train-ranker` wrote; empty: the models packaged with fmwatch
    ranker: str = ""
    #: choose the section of a proposed or held-back paper with the section word models as well
    #: as the rules (false: the rules alone)
    section_model: bool = True
    #: the likeness word model's say in the decision (see fmwatch.score, step 8): a near-miss
    #: of a kind in ``likeness_propose_kinds`` at least this like the papers curators add is
    #: proposed (1: never) …
    likeness_propose: float = 0.8
    #: … the kinds it may propose (since the eighteenth session benchmarks only: the kind most
    #: missed; proposing alike near-misses of every kind gained on the team's summaries but on
    #: a real month's abstracts most of them were not catalog-worthy; benchmarks/eval_likeness.py)
    likeness_propose_kinds: tuple[str, ...] = ("benchmark",)
    #: … and a proposal less alike than this is held back as a near-miss (0: never)
    likeness_hold: float = 0.02


@dataclass(frozen=True)
class ProposeConfig:
    max_candidates: int = 15
    branch_prefix: str = "fmwatch/"
    labels: tuple[str, ...] = ("fmwatch", "catalog-proposal")


@dataclass(frozen=True)
class ForgeConfig:
    """Where proposals go. ``kind = "auto"`` means GitHub when a token is set, else local."""

    kind: str = "auto"
    repository: str = ""
    api_url: str = "https://api.github.com"
    base_branch: str = "main"
    catalog_path: str = "CATALOG.md"


@dataclass(frozen=True)
class DigestConfig:
    email: bool = False
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | ssl | none
    sender: str = ""
    recipients: tuple[str, ...] = ()
    send_when_empty: bool = True


@dataclass(frozen=True)
class Config:
    contact_email: str = ""
    state_dir: str = "state"
    database: str = ""
    catalog: str = "CATALOG.md"
    http: HttpConfig = field(default_factory=HttpConfig)
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    propose: ProposeConfig = field(default_factory=ProposeConfig)
    forge: ForgeConfig = field(default_factory=ForgeConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    #: where the file was read from, for messages; not a config key
    source_path: str = field(default="", compare=False)

    @property
    def state_path(self) -> Path:
        return Path(self.state_dir)

    @property
    def db_path(self) -> Path:
        return Path(self.database) if self.database else self.state_path / "fmwatch.db"

    @property
    def user_agent(self) -> str:
        from fmwatch import __version__

        contact = f"; mailto:{self.contact_email}" if self.contact_email else ""
        return f"fmwatch/{__version__} (+https://github.com/fmwatch/fmwatch{contact})"

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


_NOT_KEYS = {"source_path"}


#: what a GitHub token can hold: printable ASCII without spaces (classic, fine-grained and app
#: tokens are letters, digits and underscores)
_TOKEN_RE = re.compile(r"[!-~]+")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ::1)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_BAD_HOST = "has a host name with an empty part or a part longer than 63 characters"


def _host_name_ok(host: str) -> bool:
    """Whether ``host`` can be looked up at all: a name with an empty label ("a..b") or one
    longer than 63 characters failed only when first used, with a UnicodeError from the IDNA
    codec (a traceback for SMTP, "unexpected UnicodeError… please report this" for a source)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def _check_url(key: str, url: str, fix: str) -> None:
    """An http(s) URL with a host (and a valid port when it has one), or a ConfigError: a URL
    that only fails when a request is made would fail every run with a less helpful line."""
    problem = ""
    if not url.startswith(("http://", "https://")):
        problem = "is not an http(s) URL"
    elif not url.isprintable() or any(c.isspace() for c in url):
        problem = "holds a space or a control character"
    else:
        try:
            parts = urllib.parse.urlsplit(url)
            _ = parts.port  # (raises ValueError for a port that is not a number in range)
            if not parts.hostname:
                problem = "has no host"
            elif not _host_name_ok(parts.hostname):
                problem = _BAD_HOST
        except ValueError as exc:
            problem = f"is not a valid URL ({exc})"
    if problem:
        raise ConfigError(key, f"{url!r} {problem}", fix)


def github_token() -> str | None:
    """The forge token, from the environment only (``FMWATCH_GITHUB_TOKEN`` first).

    Spaces and line breaks around it are dropped (``$(cat token.txt)`` keeps a newline); a
    token with anything else that no token holds (a space inside, a non-ASCII character) is a
    ConfigError naming the variable, never showing the value: sent as it is, it would fail as a
    protocol error that says nothing of the token.
    """
    for name in ("FMWATCH_GITHUB_TOKEN", "GITHUB_TOKEN"):
        token = os.environ.get(name, "").strip()
        if not token:
            continue
        if not _TOKEN_RE.fullmatch(token):
            raise ConfigError(
                name,
                "the token holds a space, a line break or a character no GitHub token has "
                "(it is not shown here)",
                "set the variable to the token alone, copied again from GitHub",
            )
        return token
    return None


def smtp_credentials() -> tuple[str | None, str | None]:
    return os.environ.get("FMWATCH_SMTP_USER") or None, os.environ.get(
        "FMWATCH_SMTP_PASSWORD"
    ) or None


def load_config(path: str | Path | None = None, *, env: dict[str, str] | None = None) -> Config:
    """Read the config file (if any) and apply environment overrides.

    ``path=None`` means ``$FMWATCH_CONFIG`` or ``./fmwatch.toml`` when it exists, else defaults.
    """
    env = dict(os.environ) if env is None else env
    # (an empty FMWATCH_CONFIG is unset, as for the other variables: a CI variable that is not
    # defined arrives empty, and Path("") is the current folder, "not a file")
    named = env.get("FMWATCH_CONFIG", "")
    explicit = path is not None or bool(named)
    file = Path(path) if path is not None else Path(named or "fmwatch.toml")
    data: dict[str, Any] = {}
    if file.is_file():
        try:
            # ("utf-8-sig": the byte-order mark some Windows editors write is not TOML, and
            # tomllib reported it only as an "invalid statement" at line 1, column 1)
            data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                str(file), f"not valid TOML ({exc})", "fix the syntax at that line"
            ) from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(
                str(file),
                f"is not UTF-8 text (bad byte at offset {exc.start})",
                "re-save it as UTF-8",
            ) from exc
        except OSError as exc:
            raise ConfigError(
                str(file), f"cannot be read ({exc})", "check the path and permissions"
            ) from exc
    elif file.exists():
        # (named or not: an fmwatch.toml here that cannot be read was meant to be read, and
        # running on the defaults instead would fetch, score and propose with other settings)
        raise ConfigError(
            str(file),
            str(not_a_file(file)),
            "point FMWATCH_CONFIG (or --config) at the fmwatch.toml file itself"
            if explicit
            else "rename or remove it, or give the config file with --config",
        )
    elif explicit:
        raise ConfigError(
            str(file),
            "file not found",
            "create it (see fmwatch.toml in the project) or fix the path",
        )
    config = _build(Config, data, prefix="")
    overrides: dict[str, Any] = {"source_path": str(file) if data else ""}
    if env.get("FMWATCH_STATE_DIR"):
        overrides["state_dir"] = env["FMWATCH_STATE_DIR"]
    if env.get("FMWATCH_DB"):
        overrides["database"] = env["FMWATCH_DB"]
    if env.get("FMWATCH_CONTACT_EMAIL"):
        overrides["contact_email"] = env["FMWATCH_CONTACT_EMAIL"]
    # (a space pasted around an address in a CI variable or the file is not part of it)
    overrides["contact_email"] = str(overrides.get("contact_email", config.contact_email)).strip()
    if env.get("FMWATCH_CATALOG"):
        overrides["catalog"] = env["FMWATCH_CATALOG"]
    config = dataclasses.replace(config, **overrides)
    config = _one_catalog(config, data, catalog_given="catalog" in data or "catalog" in overrides)
    validate(config)
    return config


def _one_catalog(config: Config, data: Mapping[str, Any], *, catalog_given: bool) -> Config:
    """``catalog`` (the file a run scores against, here) and ``forge.catalog_path`` (the file
    proposals change, in the repository) name one catalog: when only one of them is given, the
    other follows it. (Moving the catalog and setting only one would score every catalogued
    work as new, with one line on stderr, while the pull request kept them out.) A ``catalog``
    outside the working folder (absolute, or with "..") says nothing of the repository's path."""
    forge = data.get("forge")
    path_given = isinstance(forge, Mapping) and "catalog_path" in forge
    if path_given and not catalog_given:
        # (a path in the repository, "/docs/CATALOG.md" too, is relative to its top)
        return dataclasses.replace(config, catalog=config.forge.catalog_path.lstrip("/") or ".")
    if catalog_given and not path_given:
        local = PurePosixPath(Path(config.catalog).as_posix())
        outside = (
            local.is_absolute()
            or Path(config.catalog).is_absolute()
            or bool(PureWindowsPath(config.catalog).drive)
            or ".." in local.parts
        )
        if not outside and str(local) != ".":
            return dataclasses.replace(
                config, forge=dataclasses.replace(config.forge, catalog_path=str(local))
            )
    return config


#: A GitHub repository as ``owner/name`` (GitHub's own characters for each).
_REPOSITORY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/(?!\.\.?$)[A-Za-z0-9._-]+")

#: What may start a git branch name here (checked further for ".." and "//").
_BRANCH_PREFIX_RE = re.compile(r"[A-Za-z0-9_@][A-Za-z0-9._/@-]*")


#: The longest wait any ``[http]`` or ``delay`` setting may ask for, in seconds (a day).
MAX_SECONDS = 86400

_HTTP_SECONDS = ("timeout", "backoff_initial", "backoff_max", "max_retry_after")
#: The ``[sources.*]`` sections (bioRxiv's serves medRxiv too), as :class:`SourcesConfig` has them
_SOURCE_SECTIONS = tuple(f.name for f in dataclasses.fields(SourcesConfig))


def validate(config: Config) -> None:
    """Checks that span more than one value's type."""
    email = config.contact_email
    if email and ("@" not in email or not email.isascii() or not email.isprintable()):
        # it goes into every request's User-Agent header: ASCII, one line
        raise ConfigError(
            "contact_email",
            f"{email!r} is not a plain e-mail address",
            "give an ASCII address on one line, such as curator@example.org",
        )
    http = config.http
    if http.timeout <= 0:
        raise ConfigError("http.timeout", "must be more than 0 seconds", "use e.g. timeout = 30")
    for key in ("backoff_initial", "backoff_max", "max_retry_after"):
        if getattr(http, key) < 0:
            raise ConfigError(f"http.{key}", "must not be negative", "use 0 or more seconds")
    # (a finite but huge wait, such as 1e300, overflowed the clock's arithmetic in the middle of
    # a fetch: one source failed with "unexpected OverflowError… please report this")
    for key, value in (
        *((f"http.{key}", getattr(http, key)) for key in _HTTP_SECONDS),
        *(
            (f"sources.{name}.delay", getattr(config.sources, name).delay)
            for name in _SOURCE_SECTIONS
        ),
    ):
        if value > MAX_SECONDS:
            raise ConfigError(
                key,
                f"{value:g} seconds is out of range",
                f"use at most {MAX_SECONDS} seconds (a day)",
            )
    for name in ("arxiv", "biorxiv", "europepmc"):
        source = getattr(config.sources, name)
        overlap, default = source.overlap_days, type(source)().overlap_days
        if not 0 <= overlap <= 365:
            raise ConfigError(
                f"sources.{name}.overlap_days",
                f"{overlap} is out of range",
                f"use a number of days from 0 to 365 ({default} is the default)",
            )
    prefix = config.propose.branch_prefix
    if prefix and (
        not _BRANCH_PREFIX_RE.fullmatch(prefix)
        or ".." in prefix
        or "//" in prefix
        or "/." in prefix
        or ".lock/" in prefix
    ):
        raise ConfigError(
            "propose.branch_prefix",
            f"{prefix!r} cannot start a git branch name",
            'use letters, digits, "-", "_", "@", "." and "/" (not "..", "//", "/." or a '
            'leading "/"), such as "fmwatch/"',
        )
    for label in config.propose.labels:
        if not label.strip() or not label.isprintable() or len(label) > 50:
            raise ConfigError(
                "propose.labels",
                f"{label!r} is not a usable label",
                'use short one-line labels such as "catalog-proposal"',
            )
    if config.digest.email and not config.digest.smtp_host.strip():
        raise ConfigError(
            "digest.smtp_host",
            "e-mail is enabled but no SMTP host is set",
            "set digest.smtp_host (e.g. smtp.example.org), or digest.email = false",
        )
    if not _host_name_ok(config.digest.smtp_host.strip()):
        raise ConfigError(
            "digest.smtp_host",
            f"{config.digest.smtp_host!r} {_BAD_HOST}",
            "give the relay's host name, such as smtp.example.org",
        )
    if not 1 <= config.digest.smtp_port <= 65535:
        raise ConfigError(
            "digest.smtp_port", f"{config.digest.smtp_port} is not a port", "use e.g. 587"
        )
    for name in _SOURCE_SECTIONS:
        _check_url(
            f"sources.{name}.base_url",
            getattr(config.sources, name).base_url,
            "give a URL such as https://export.arxiv.org/api/query",
        )
    for journal, path in config.sources.nature.feeds.items():
        # each is read at base_url + "/" + path: a path with a line break or a space failed
        # only at the request ("unexpected InvalidURL… please report this"), and a whole URL
        # was appended to base_url, a 404 that did not say why
        if not path.strip() or not path.isprintable() or any(c.isspace() for c in path):
            problem = "is empty or holds a space or a control character"
        elif "://" in path:
            problem = "is a whole URL, but it is read under sources.nature.base_url"
        else:
            continue
        raise ConfigError(
            f"sources.nature.feeds.{journal}",
            f"{path!r} {problem}",
            'give the feed\'s path under base_url, such as "nm.rss"',
        )
    _check_url("forge.api_url", config.forge.api_url, "give a URL such as https://api.github.com")
    api = urllib.parse.urlsplit(config.forge.api_url)
    if api.scheme.lower() == "http" and not is_loopback(api.hostname or ""):
        # every request carries the token: in clear text, anyone on the way could read it (as
        # for an SMTP login, plain text is for a server on this machine only)
        raise ConfigError(
            "forge.api_url",
            f"{config.forge.api_url!r} is plain http: the GitHub token would cross the network "
            "unencrypted",
            "use its https:// address (GitHub Enterprise: https://HOST/api/v3)",
        )
    if not 1 <= config.sources.arxiv.page_size <= 2000:
        raise ConfigError(
            "sources.arxiv.page_size",
            f"{config.sources.arxiv.page_size} is out of range",
            "use a number from 1 to 2000 (the arXiv API's limit)",
        )
    if (
        config.sources.arxiv.delay < 0
        or config.sources.biorxiv.delay < 0
        or config.sources.nature.delay < 0
        or config.sources.europepmc.delay < 0
    ):
        raise ConfigError(
            "sources.*.delay", "a delay is negative", "use 0 or more seconds (arXiv asks for 3)"
        )
    epmc = config.sources.europepmc
    if epmc.search and (not epmc.query.strip() or not epmc.query.isprintable()):
        raise ConfigError(
            "sources.europepmc.query",
            "is empty or not one line of text",
            "give a Europe PMC search query on one line, or set search = false",
        )
    default = EuropePmcConfig()
    for key, low, high, what in (
        ("batch", 1, 100, "a number of DOIs per query"),
        ("max_tries", 1, 52, "a number of runs"),
        ("retry_days", 0, 365, "a number of days"),
    ):
        value = getattr(epmc, key)
        if not low <= value <= high:
            raise ConfigError(
                f"sources.europepmc.{key}",
                f"{value} is out of range",
                f"use {what} from {low} to {high} ({getattr(default, key)} is the default)",
            )
    for server in config.sources.biorxiv.servers:
        if server not in ("biorxiv", "medrxiv"):
            raise ConfigError(
                "sources.biorxiv.servers",
                f"unknown server {server!r}",
                'use "biorxiv" and/or "medrxiv"',
            )
    if config.http.attempts < 1:
        raise ConfigError(
            "http.attempts", "must be at least 1", "set attempts = 4 (1 means no retry)"
        )
    if not 0 <= config.scoring.near_miss_threshold <= config.scoring.propose_threshold <= 1:
        raise ConfigError(
            "scoring.propose_threshold",
            "thresholds must satisfy 0 <= near_miss_threshold <= propose_threshold <= 1",
            "adjust the two thresholds",
        )
    for key in ("likeness_propose", "likeness_hold"):
        value = getattr(config.scoring, key)
        if not 0 <= value <= 1:
            raise ConfigError(
                f"scoring.{key}",
                f"{value} is not a likeness from 0 to 1",
                "give a number such as 0.98 (likeness_propose = 1 and likeness_hold = 0: the "
                "rules alone decide)",
            )
    for kind in config.scoring.likeness_propose_kinds:
        if kind not in KINDS:
            raise ConfigError(
                "scoring.likeness_propose_kinds",
                f"unknown kind {kind!r}",
                'use some of "model", "review" and "benchmark" ([] proposes none)',
            )
    if config.scoring.likeness_hold > config.scoring.likeness_propose:
        raise ConfigError(
            "scoring.likeness_hold",
            f"{config.scoring.likeness_hold} is above likeness_propose "
            f"({config.scoring.likeness_propose})",
            "hold back only proposals less alike than what proposes a near-miss, such as 0.02",
        )
    if config.scoring.ranker:
        # read now, not after a fetch: a file that is not a ranker fails here, in one line
        from fmwatch.ranker import RankerError, load

        try:
            load(config.scoring.ranker)
        except RankerError as exc:
            raise ConfigError(
                "scoring.ranker", str(exc), "or remove the key to use the packaged model"
            ) from None
    if config.propose.max_candidates < 0:
        raise ConfigError(
            "propose.max_candidates", "must not be negative", "use a number such as 15"
        )
    repository = config.forge.repository
    if repository and not _REPOSITORY_RE.fullmatch(repository):
        # checked at load (exit 2, before any source is read), not first when the forge is made
        raise ConfigError(
            "forge.repository",
            f"{repository!r} is not a GitHub repository's owner/name",
            'write it as "owner/name", e.g. "example-org/fm-catalog" (not its URL)',
        )
    if config.forge.kind not in ("auto", "github", "local"):
        raise ConfigError(
            "forge.kind", f"unknown forge {config.forge.kind!r}", 'use "auto", "github" or "local"'
        )
    if config.digest.smtp_security not in ("starttls", "ssl", "none"):
        raise ConfigError(
            "digest.smtp_security",
            f"unknown value {config.digest.smtp_security!r}",
            'use "starttls", "ssl" or "none"',
        )
    for key, address in [
        ("digest.sender", config.digest.sender),
        *(("digest.recipients", r) for r in config.digest.recipients),
    ]:
        # checked when set, e-mail on or not (`run --email` turns it on): a bad address would
        # otherwise fail only at the end of a run, when the digest is sent
        if address and not address.isprintable():
            raise ConfigError(
                key,
                f"{address!r} holds a line break or a control character",
                "give one address per entry, such as curators@example.org",
            )
        if address and "@" not in address:
            raise ConfigError(
                key,
                f"{address!r} is not an e-mail address",
                "give one such as curators@example.org",
            )
    if config.digest.email and (not config.digest.sender or not config.digest.recipients):
        raise ConfigError(
            "digest.sender",
            "e-mail is enabled but sender or recipients are empty",
            "set digest.sender and digest.recipients, or digest.email = false",
        )


def _build(cls: type[T], data: Any, prefix: str) -> T:
    if not isinstance(data, dict):
        raise ConfigError(
            prefix.rstrip(".") or "(top level)",
            "must be a table",
            f"write it as [{prefix.rstrip('.')}]",
        )
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _NOT_KEYS}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = (
                f"did you mean {prefix}{close[0]}?"
                if close
                else f"known keys here: {', '.join(sorted(fields))}"
            )
            raise ConfigError(full, "unknown key", f"remove it or fix the spelling ({hint})")
        kwargs[key] = _coerce(hints[key], value, full)
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, key: str) -> Any:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build(hint, value, key + ".")
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(
                key,
                f"expected a list, got {type(value).__name__}",
                f'write it as {key.rsplit(".", 1)[-1]} = ["...", "..."]',
            )
        return tuple(_coerce(args[0], item, key) for item in value)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(
                key,
                f"expected a table, got {type(value).__name__}",
                f"write it as [{key}] with key = value lines",
            )
        return {str(k): _coerce(args[1], v, f"{key}.{k}") for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(
                key, f"expected a number, got {value!r}", "write a plain number without quotes"
            )
        if not math.isfinite(value):
            raise ConfigError(
                key, f"{value!r} is not a finite number", "write a plain number such as 1.5"
            )
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(
                key,
                f"expected a whole number, got {value!r}",
                "write a whole number without quotes",
            )
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(
                key, f"expected true or false, got {value!r}", "write true or false without quotes"
            )
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(
                key, f"expected text, got {value!r}", "put the value in double quotes"
            )
        if "\x00" in value:
            # (no path, URL or header can hold one: a path with it raised ValueError, a
            # traceback, wherever it was first opened)
            raise ConfigError(key, "holds a NUL character (\\u0000)", "remove it")
        return value
    return value
