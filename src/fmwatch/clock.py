"""The one timestamp format fmwatch stores: UTC, whole seconds, ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
