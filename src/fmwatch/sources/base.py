"""What every source is: a date window in, a stream of :class:`~fmwatch.models.Paper` out.

A source never writes to the database itself. It yields Papers, and where it has per-feed state
that must only be saved once that feed's records are safely stored (Nature's ETag and
Last-Modified), it yields a :class:`Checkpoint` right after them; :mod:`fmwatch.ingest` flushes
the pending batch, then saves the checkpoint's state. So a crash between the two can at worst
re-fetch a feed, never skip one.

A source signals failure by raising :class:`~fmwatch.errors.FetchError` (after the retries that
make sense); whatever it yielded before that is kept.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fmwatch.config import Config
from fmwatch.http import PoliteClient
from fmwatch.models import Paper, Window
from fmwatch.store import Store


@dataclass(frozen=True)
class Checkpoint:
    """Save ``state`` for feed ``feed`` once every Paper yielded before this is stored."""

    feed: str
    state: dict[str, Any] = field(default_factory=dict)


class Source(ABC):
    """One source of papers. Subclasses set :attr:`name` and implement :meth:`papers`."""

    #: the name used in ``--source``, in the ``feeds`` table and in the run summary
    name: str = ""
    #: days re-read before the last successful window's end (catches late announcements)
    overlap_days: int = 0

    def __init__(self, config: Config, store: Store, client: PoliteClient) -> None:
        self.config = config
        self.store = store
        self.client = client
        #: records seen but deliberately not yielded (news items, out-of-window entries)
        self.skipped = 0
        #: conditional GETs answered 304 Not Modified
        self.not_modified = 0

    @abstractmethod
    def papers(self, window: Window) -> Iterator[Paper | Checkpoint]:
        """Yield the records of ``window`` (and checkpoints); raise FetchError on failure."""

    def uses_window(self) -> bool:
        """Whether the source reads a date window (Nature's feeds are always 'the latest')."""
        return True

    def close(self) -> None:
        self.client.close()
