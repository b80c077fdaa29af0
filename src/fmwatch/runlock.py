"""One weekly run at a time per database (and one demo at a time per folder).

Two ``fmwatch run`` started together would both sync, fetch and then race to write the same
proposal branch; the loser used to fail at ``git update-ref`` with a message that did not say
another run held it. The lock is an advisory ``flock``, released by the operating system when the
process ends however it ends (a killed run leaves no stale lock): on ``<database>.run.lock``
(the database's real path, so a symlink to it is the same lock), or, for the demo, on the folder
it runs in, taken before ``--fresh`` deletes anything.
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
    if str(db_path) == ":memory:":
        yield
        return
    lock_path = Path(f"{Path(db_path).resolve()}.run.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with _flock(
        os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644),
        f"another fmwatch run (or propose / sync) is using {db_path} (lock {lock_path}); let it "
        "finish, then run again",
    ):
        yield


@contextlib.contextmanager
def demo_lock(folder: Path) -> Iterator[None]:
    """Hold the demo lock of ``folder`` (where ``fmwatch-demo/`` lives), creating no file."""
    with _flock(
        os.open(folder, os.O_RDONLY),
        f"another fmwatch demo is running in {folder}; let it finish, then run again",
    ):
        yield


@contextlib.contextmanager
def _flock(fd: int, busy: str) -> Iterator[None]:
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise FmwatchError(busy) from None
            except OSError:
                pass  # a file system without flock (some network mounts): run unlocked
        yield
    finally:
        os.close(fd)  # (closing releases the lock)
