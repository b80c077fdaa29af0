"""Where a feed's next window starts, and the state a read window leaves: one rule for the
sources' windows (:mod:`fmwatch.ingest`) and for a source's own second feed (bioRxiv ``pubs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from fmwatch.clock import now_iso
from fmwatch.models import Window


def resume_since(state: Mapping[str, Any], overlap_days: int) -> str | None:
    """The first day to read again: the last successful window's end minus the overlap, or,
    when the feed never succeeded, where its first (failed) attempt started; None for a feed
    never tried."""
    last, pending = state.get("window_until"), state.get("window_since")
    if last:
        start = date.fromisoformat(str(last)[:10]) - timedelta(days=max(0, overlap_days))
        return start.isoformat()
    if pending:
        return date.fromisoformat(str(pending)[:10]).isoformat()
    return None


def advanced_state(previous: Mapping[str, Any], window: Window) -> dict[str, Any]:
    """The feed state after ``window`` was read whole (the end never moves back)."""
    return {
        "window_since": window.since,
        "window_until": max(window.until, str(previous.get("window_until") or "")),
        "last_success": now_iso(),
    }
