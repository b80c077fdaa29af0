"""Every failure fmwatch reports to a user is an :class:`FmwatchError`.

The hierarchy::

    FmwatchError                 one line: what went wrong and how to fix it
    ├── ConfigError              a bad value in fmwatch.toml or the environment (names the key)
    ├── FetchError               a source could not be read (names source, URL, cause)
    │   └── FeedFormatError      the response arrived but is not the format we expect
    ├── StoreError               the SQLite database cannot be opened or written
    ├── CatalogError             the catalog Markdown cannot be read or changed
    ├── UnknownWorkError         a work id or catalog link given that fmwatch has no record of
    ├── ForgeError               git or the GitHub API refused an operation
    └── DigestError              the digest could not be rendered or sent

Third-party exceptions are converted at the module boundary (``raise FetchError(...) from exc``)
so that the CLI only has to print ``str(error)``. Messages never contain secrets: anything that
might carry one goes through :func:`redact` first.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

#: Environment variables whose values must never appear in output.
SECRET_ENV_VARS = (
    "GITHUB_TOKEN",
    "FMWATCH_GITHUB_TOKEN",
    "FMWATCH_SMTP_PASSWORD",
    "SMTP_PASSWORD",
)

_TOKEN_SHAPES = re.compile(
    r"(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|(?i:bearer|token)\s+[A-Za-z0-9._\-]{8,})"
)


#: ``user:password@`` in a URL (a mirror or proxy configured with credentials in its base_url)
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@")


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a readable regular file, in words for a message ("not found", "is a
    folder", "is not a regular file"), or None when it is one."""
    if path.is_file():
        return None
    if not path.exists():
        return "not found"
    return "is a folder" if path.is_dir() else "is not a regular file"


def file_in_the_way(path: Path) -> Path | None:
    """``path`` or the first of its parents that is there and is not a folder: what stops a
    folder being made at ``path`` (None when nothing is in the way)."""
    return next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)


def strip_userinfo(text: str) -> str:
    """``https://user:pw@host/x`` -> ``https://***@host/x``, wherever a URL appears in ``text``."""
    return _URL_USERINFO.sub(r"\1***@", text)


def redact(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    """Remove every known secret value, credentials in URLs and anything shaped like a token
    from ``text``."""
    secrets = [os.environ.get(name, "") for name in SECRET_ENV_VARS]
    secrets.extend(extra_secrets)
    for value in secrets:
        if value and len(value) >= 4:
            text = text.replace(value, "***")
    return _TOKEN_SHAPES.sub("***", strip_userinfo(text))


class FmwatchError(Exception):
    """Base class: ``str(error)`` is a complete, single-line, user-facing message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(redact(" ".join(message.split())))

    @property
    def message(self) -> str:
        return str(self.args[0])


class ConfigError(FmwatchError):
    """A configuration value is missing, malformed or of the wrong type."""

    exit_code = 2

    def __init__(self, key: str, problem: str, fix: str) -> None:
        self.key = key
        super().__init__(f"config error: {key}: {problem}; {fix}")


class FetchError(FmwatchError):
    """A source failed for this run. The other sources go on."""

    def __init__(self, source: str, url: str, cause: str) -> None:
        self.source = source
        self.url = url
        self.cause = cause
        super().__init__(f"{source}: {cause} ({url})")


class FeedFormatError(FetchError):
    """The server answered, but not with the format this source speaks."""


class EmptyPage(FetchError):
    """A page without records before the end the API announced: an overloaded server's glitch,
    worth fetching again (:meth:`fmwatch.sources.base.Source.retried`)."""


class MissingFileError(FmwatchError):
    """A file named on the command line is not there (a usage error, like a mistyped
    argument: exit 2, as click gives for a folder named in its place)."""

    exit_code = 2


def require_file(path: str, what: str, fix: str) -> None:
    """A file named on the command line (``what``: "catalog", "labels file"…) that is not a
    regular file: a :class:`MissingFileError` saying why ("not found", "is a folder"…) and
    ``fix``."""
    why = not_a_file(Path(path))
    if why:
        raise MissingFileError(f"{what} {path} {why}; {fix}")


def require_catalog(path: str) -> None:
    """:func:`require_file` for a catalog named on the command line (only the configured one
    may be absent, and says which setting names it: scored against none, every catalogued work
    would be taken for a new one)."""
    require_file(path, "catalog", "give the path of the catalog Markdown file")


class UnknownWorkError(FmwatchError):
    """A work id or catalog link given on the command line that fmwatch has no record of (a
    usage error, like a mistyped argument)."""

    exit_code = 2


class StoreError(FmwatchError):
    """The database could not be opened, migrated or written."""


class CatalogError(FmwatchError):
    """The catalog file is missing, unreadable or cannot take the change."""


class ForgeError(FmwatchError):
    """git or the forge API refused an operation."""


class DigestError(FmwatchError):
    """The digest could not be rendered or delivered."""


def unexpected_io_error(exc: BaseException, db_path: object = None) -> FmwatchError | None:
    """The one-line error for a database or file-system failure that no module converted.

    Modules convert the failures they expect; a database damaged *inside* (a page that only a
    later query reads), a state folder that turned read-only, or a full disk can surface
    anywhere, and a user should still get one line naming the cause and the fix, not a
    traceback. ``None`` for anything else (a genuine bug keeps its traceback).
    """
    where = f"the database {db_path}" if db_path else "the database"
    if isinstance(exc, sqlite3.DatabaseError):
        cause = " ".join(str(exc).split()) or type(exc).__name__
        lowered = cause.lower()
        if "readonly" in lowered or "read-only" in lowered:
            fix = "make it and its folder writable, or set FMWATCH_STATE_DIR to a writable folder"
        elif "locked" in lowered or "busy" in lowered:
            fix = "another fmwatch is using it; let that finish, then run again"
        elif "full" in lowered:
            fix = "free some disk space, then run again"
        elif "unable to open" in lowered:
            fix = "check that its folder exists and is writable (FMWATCH_STATE_DIR / FMWATCH_DB)"
        else:
            fix = (
                "it may be damaged: rebuild it from the state export with "
                "`fmwatch state import --replace`, or move it aside and run again"
            )
        return StoreError(f"{where} failed ({cause}); {fix}")
    if isinstance(exc, OSError):
        cause = exc.strerror or str(exc) or type(exc).__name__
        if isinstance(exc, FileExistsError | NotADirectoryError) and exc.filename is not None:
            # (a folder to make where a file stands: "File exists" named neither)
            blocking = file_in_the_way(Path(os.fsdecode(exc.filename)))
            if blocking is not None:
                return FmwatchError(
                    f"cannot use {exc.filename}: {blocking} is a file where a folder is needed; "
                    "move it aside, or choose another path (for the state folder: "
                    "FMWATCH_STATE_DIR or state_dir)"
                )
        if exc.filename is not None:
            return FmwatchError(
                f"cannot use {exc.filename} ({cause}); check that the path exists, is writable "
                "and the disk is not full"
            )
        return FmwatchError(f"{cause}; check the file system and the network, then run again")
    return None
