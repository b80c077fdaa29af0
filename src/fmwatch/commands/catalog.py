"""``fmwatch catalog``: look at the curated catalog as data.

``fmwatch catalog lint [PATH]`` prints one ``PATH:LINE: severity: message (fix: …)`` line per
finding and a summary; it exits 1 when any error is found (so CI can gate on it), 0 otherwise.
The published versions of preprints come from the database when it exists; linting never
creates or changes the database.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from fmwatch.catalog import parse_catalog, read_catalog_text
from fmwatch.cli import EXIT_FAILED, Context, cli, handle_errors, pass_ctx
from fmwatch.errors import StoreError, require_catalog
from fmwatch.lint import ERROR, lint_catalog, summary
from fmwatch.store import Store
from fmwatch.text import printable_line


def published_versions(db_path: str | Path) -> dict[str, str]:
    """Preprint work key -> published DOI, from the store, read-only; {} without a database.

    A database that exists but cannot be read is reported on standard error (one line) and
    linting goes on without published versions: they only ever add warnings.
    """
    path = Path(db_path)
    if not path.is_file():
        return {}
    try:
        with Store(path, read_only=True) as store:
            return store.published_versions()
    except (StoreError, sqlite3.Error) as exc:
        click.echo(
            f"fmwatch: note: cannot read published versions from {path} ({exc}); "
            "linting without them (check FMWATCH_DB / state_dir)",
            err=True,
        )
        return {}


@cli.group()
def catalog() -> None:
    """Read and check the curated catalog (CATALOG.md)."""


@catalog.command("lint")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as one JSON document.")
@pass_ctx
@handle_errors
def lint_command(ctx: Context, path: str | None, as_json: bool) -> None:
    """Check a catalog for broken, misplaced, duplicate and untidy entries.

    PATH defaults to the configured catalog. Exits 1 when any error is found.
    """
    target = path or ctx.config.catalog
    if path:  # (named: a usage error, 2; the configured one missing names its setting, 1)
        require_catalog(path)
    text = read_catalog_text(target)
    known = published_versions(ctx.config.db_path)
    findings = lint_catalog(text, known)
    errors = sum(1 for f in findings if f.severity == ERROR)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "path": str(target),
                    "errors": errors,
                    "warnings": len(findings) - errors,
                    "findings": [f.as_dict() for f in findings],
                },
                indent=1,
                ensure_ascii=False,
            )
        )
    else:
        for finding in findings:
            click.echo(finding.format(str(target)))
        click.echo(f"{target}: {summary(findings)}")
    if errors:
        raise SystemExit(EXIT_FAILED)


@catalog.command("show")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@pass_ctx
@handle_errors
def show_command(ctx: Context, path: str | None) -> None:
    """List the catalog's sections with their entry counts."""
    target = path or ctx.config.catalog
    if path:  # (named: a usage error, 2; the configured one missing names its setting, 1)
        require_catalog(path)
    parsed = parse_catalog(read_catalog_text(target))
    table = Table(title=f"Catalog {printable_line(target)}")
    table.add_column("section")
    table.add_column("heading line", justify="right")
    table.add_column("entries", justify="right")
    table.add_column("columns")
    for section in parsed.sections:
        # (one printable line each: a heading or column name with an escape sequence in it
        # must not reach the terminal)
        table.add_row(
            printable_line(section.title),
            str(section.heading_line),
            str(len(section.entries)),
            printable_line(" | ".join(section.columns)),
        )
    table.add_row("total", "", str(len(parsed.entries())), "", style="bold")
    Console(highlight=False, markup=False).print(table)
