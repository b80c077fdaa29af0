"""One weekly run at a time per database: a lock file next to it.

Two ``fmwatch run`` started together would both sync, fetch and then race to write the same
proposal branch; the loser used to fail at ``git update-ref`` with a message that did not say
another run held it. The lock is an advisory ``flock`` on ``<database>.run.lock``, released by
the operating system when the process ends however it ends (a killed run leaves no stale lock).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from fmwatch.errors import FmwatchError

try:  # POSIX; elsewhere runs are not locked (GitHub Actions and cron run on Linux)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def run_lock(db_path: Path) -> Iterator[None]:
    """Hold the run lock of the database at ``db_path``; FmwatchError if another run holds it."""
    if fcntl is None or str(db_path) == ":memory:":
        yield
        return
    lock_path = Path(f"{db_path}.run.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FmwatchError(
                f"another fmwatch run is using {db_path} (lock {lock_path}); let it finish, "
                "then run again"
            ) from None
        yield
    finally:
        os.close(fd)  # (closing releases the lock)
