"""``fmwatch score``, ``fmwatch classify`` and ``fmwatch eval``.

``classify`` is a filter: JSON Lines in, JSON Lines out, same order, no database or network.
Exit status: 0 when every input line was a JSON object, 1 when at least one line was skipped
(each skipped line is reported on standard error as ``line N: …; skipped``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from fmwatch.cli import EXIT_FAILED, Context, cli, handle_errors, pass_ctx
from fmwatch.errors import FmwatchError, StoreError
from fmwatch.evaluate import Outcome, compute, render_text
from fmwatch.models import ScoreResult
from fmwatch.score import Scorer, result_dict
from fmwatch.scoring import feedback_from_store, load_known, score_stored
from fmwatch.store import Store
from fmwatch.works import Feedback, KnownWorks

OUTPUT_FIELDS = (
    "score",
    "decision",
    "section",
    "kind",
    "evidence",
    "model_name",
    "code_url",
    "weights_url",
)


#: One encoder for every line (``json.dumps`` with options builds a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def read_jsonl(stream: IO[bytes], errors: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Objects of a JSON Lines byte stream; bad lines are described in ``errors`` and skipped.

    Bytes are decoded as UTF-8 with replacement: one stray Latin-1 byte in an abstract should cost
    a replacement character, not the paper.
    """
    for number, raw in enumerate(stream, start=1):
        if raw.isspace() or not raw:
            continue
        try:
            try:
                value = json.loads(raw)  # valid UTF-8: decoded by json itself, no copy
            except UnicodeDecodeError:
                value = json.loads(raw.decode("utf-8", errors="replace"))
        except json.JSONDecodeError as exc:
            errors.append(
                f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); skipped"
            )
            continue
        if not isinstance(value, dict):
            errors.append(
                f"line {number}: expected a JSON object, got {type(value).__name__}; skipped"
            )
            continue
        yield number, value


def _known_from(catalog: str | None) -> KnownWorks | None:
    if not catalog:
        return None
    if not Path(catalog).is_file():
        raise FmwatchError(
            f"catalog {catalog} not found; give the path of the catalog Markdown file"
        )
    known, _ = load_known(catalog)
    return known


@cli.command()
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    default=None,
    help="Catalog Markdown file whose works count as known (default: config catalog).",
)
@click.option(
    "--feedback/--no-feedback",
    default=False,
    help="Nudge scores towards earlier curator decisions.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_ctx
@handle_errors
def score(ctx: Context, catalog: str | None, feedback: bool, as_json: bool) -> None:
    """Group stored papers into works, score them and record the verdicts (idempotent)."""
    with ctx.open_store() as store:
        summary = score_stored(ctx.config, store, catalog, use_feedback=feedback)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=1))
        return
    if summary.catalog_note:
        click.echo(f"note: {summary.catalog_note}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
    click.echo(f"scored {summary.works} works ({counts}); {summary.written} rows changed")
    for update in summary.link_updates:
        where = f" (line {update.line})" if update.line else ""
        click.echo(
            f"link update{where}: {update.name or update.title}: "
            f"{update.old_url} -> {update.new_url}"
        )


@cli.command()
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    default=None,
    help="Mark works already in this catalog as known.",
)
@pass_ctx
@handle_errors
def classify(ctx: Context, catalog: str | None) -> None:
    """Score papers given as JSON Lines on stdin; one JSON line per paper on stdout.

    Input fields: id, title, abstract, and optionally source, categories, journal, comment, doi,
    arxiv_id, url. Output: the input's id plus score, decision, section, kind, evidence,
    model_name, code_url, weights_url. Exit status 1 when some input lines were skipped.
    """
    scorer = Scorer(ctx.config.scoring, known=_known_from(catalog))
    try:
        bad = classify_stream(
            scorer, sys.stdin.buffer, sys.stdout, lambda m: click.echo(m, err=True)
        )
        sys.stdout.flush()
    except BrokenPipeError:  # `fmwatch classify | head` is a normal way to use a filter
        sys.stderr.close()
        sys.exit(0)
    if bad:
        click.echo(f"{bad} bad input line(s) skipped", err=True)
        sys.exit(EXIT_FAILED)


def classify_stream(
    scorer: Scorer, source: IO[bytes], sink: IO[str], report: Callable[[str], None]
) -> int:
    """The ``classify`` loop: one line in, one line out, nothing kept; returns bad-line count.

    Streaming keeps memory flat whatever the input size; ``benchmarks/bench_classify.py`` runs
    this same function.
    """
    errors: list[str] = []
    reported = 0
    write = sink.write
    dumps = _ENCODER.encode
    # Most of a feed is dropped by the prefilter with one shared verdict object; its JSON (all
    # but the id) is rendered once, which halves the cost of writing such a line.
    shared = {
        id(verdict): ", " + dumps(_row(verdict))[1:] + "\n"
        for verdict in (scorer.dropped_no_bio, scorer.dropped_no_model)
    }
    for _, item in read_jsonl(source, errors):
        while reported < len(errors):
            report(errors[reported])
            reported += 1
        result = scorer.score(item)
        tail = shared.get(id(result))
        if tail is not None:
            write('{"id": ' + dumps(item.get("id")) + tail)
            continue
        row = {"id": item.get("id"), **_row(result)}
        write(dumps(row) + "\n")
    for message in errors[reported:]:
        report(message)
    return len(errors)


def _row(result: ScoreResult) -> dict[str, Any]:
    verdict = result_dict(result)
    row = {key: verdict[key] for key in OUTPUT_FIELDS}
    if verdict["known_as"]:
        row["known_as"] = verdict["known_as"]
    return row


def _feedback_from_labels(path: str, exclude: set[str]) -> Feedback:
    feedback = Feedback()
    errors: list[str] = []
    with open(path, "rb") as stream:
        for _, row in read_jsonl(stream, errors):
            if str(row.get("id")) in exclude:
                continue
            label = row.get("label") or row.get("status")
            status = (
                "accepted"
                if label in ("positive", "accepted")
                else "rejected"
                if label in ("negative", "borderline", "rejected")
                else None
            )
            if status:
                feedback.add(status, str(row.get("title") or ""), str(row.get("abstract") or ""))
    return feedback


@cli.command(name="eval")
@click.argument("labels", type=click.Path(dir_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print metrics as JSON (with the errors listed)."
)
@click.option(
    "--split",
    type=click.Choice(["dev", "holdout", "all"]),
    default="all",
    show_default=True,
    help="Which labelled split to evaluate.",
)
@click.option(
    "--show-errors", is_flag=True, help="List false positives, missed positives and wrong sections."
)
@click.option(
    "--feedback-from",
    "feedback_db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use curator decisions from this fmwatch database as feedback.",
)
@click.option(
    "--feedback-labels",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use labelled papers (outside the evaluated set) as curator feedback.",
)
@pass_ctx
@handle_errors
def eval_command(
    ctx: Context,
    labels: str,
    as_json: bool,
    split: str,
    show_errors: bool,
    feedback_db: str | None,
    feedback_labels: str | None,
) -> None:
    """Measure precision/recall of `propose`, section accuracy and a confusion table.

    Lines need the classify fields plus label (positive/negative/borderline), section and,
    for --split, split (dev/holdout). Precision counts only positives as right proposals;
    section accuracy is over all positives (over those proposed in parentheses).
    """
    path = Path(labels)
    if not path.is_file():
        raise FmwatchError(
            f"labels file {labels} not found; give a JSON Lines file with a label on every line"
        )
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    with path.open("rb") as stream:
        for number, row in read_jsonl(stream, errors):
            if row.get("label") not in ("positive", "negative", "borderline"):
                errors.append(
                    f"line {number}: label must be positive, negative or borderline, "
                    f"not {row.get('label')!r}; skipped"
                )
                continue
            if split != "all" and row.get("split") != split:
                continue
            rows.append(row)
    for message in errors:
        click.echo(f"{labels}: {message}", err=True)
    feedback: Feedback | None = None
    if feedback_db:
        if not Path(feedback_db).is_file():
            raise StoreError(
                f"database {feedback_db} not found; "
                "give the path of an fmwatch database (FMWATCH_DB)"
            )
        with Store(feedback_db) as store:
            feedback = feedback_from_store(store)
    if feedback_labels:
        feedback = feedback or Feedback()
        extra = _feedback_from_labels(feedback_labels, {str(r.get("id")) for r in rows})
        for status, items in (("accepted", extra.accepted), ("rejected", extra.rejected)):
            for title, abstract in items:
                feedback.add(status, title, abstract)
    scorer = Scorer(ctx.config.scoring, feedback=feedback if feedback else None)
    outcomes = []
    for row in rows:
        result = scorer.score(row)
        outcomes.append(
            Outcome(
                id=str(row.get("id")),
                label=str(row["label"]),
                section=row.get("section"),
                decision=result.decision,
                predicted_section=result.section,
                score=result.score,
                title=str(row.get("title") or ""),
                split=row.get("split"),
            )
        )
    metrics = compute(outcomes)
    if as_json:
        data = metrics.as_dict()
        data["split"] = split
        data["feedback"] = len(feedback) if feedback else 0
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
    else:
        heading = f"{labels} (split: {split}" + (
            f", feedback: {len(feedback)} decisions)" if feedback else ")"
        )
        click.echo(render_text(metrics, heading, show_errors=show_errors))
    if errors:
        sys.exit(EXIT_FAILED)
