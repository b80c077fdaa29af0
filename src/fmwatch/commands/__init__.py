"""Command modules: each adds its click commands to fmwatch.cli.cli on import.

Shared option helpers live here so that every command parses its options the same way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import click


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """click callback: a YYYY-MM-DD option, normalised, or a usage error that shows the form."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-05-04"
        ) from None


def not_in_the_future(option: str, day: str | None) -> None:
    """A usage error for a day after today (UTC): as a start it would fetch nothing, silently;
    as an end it would be saved as each source's window end, and the next runs would start
    there, skipping every day until then."""
    today = datetime.now(UTC).date().isoformat()
    if day and day > today:
        raise click.UsageError(
            f"{option} {day} is in the future (today is {today}); give today or an earlier day"
        )
