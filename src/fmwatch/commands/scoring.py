"""``fmwatch score``, ``fmwatch classify`` and ``fmwatch eval``.

``classify`` is a filter: JSON Lines in, JSON Lines out, same order, no database or network.
Exit status: 0 when every input line was a JSON object, 1 when at least one line was skipped
(each skipped line is reported on standard error as ``line N: …; skipped``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click
import orjson

from fmwatch import ranker
from fmwatch.cli import EXIT_FAILED, Context, cli, handle_errors, pass_ctx, reconfigure_stream
from fmwatch.errors import FmwatchError, require_catalog, require_file
from fmwatch.evaluate import (
    LABELS,
    PROTOCOLS,
    Outcome,
    changed_decisions,
    compute,
    disjoint,
    nudges,
    outcomes,
    ranking_auc,
    render_comparison,
    render_text,
    simulate_decisions,
)
from fmwatch.feedback import Feedback
from fmwatch.jsonl import read_jsonl
from fmwatch.models import SECTIONS, ScoreResult
from fmwatch.score import Scorer, result_dict
from fmwatch.scoring import decided_works, feedback_from_store, load_known, score_stored
from fmwatch.text import printable_line
from fmwatch.works import KnownWorks

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


#: What orjson cannot write (an integer beyond 64 bits, a lone surrogate from a bad input line)
#: is written by the standard encoder in the same compact form. (One encoder for every line:
#: ``json.dumps`` with options builds a new one per call.)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    """One compact JSON value: orjson (a result line with its evidence is ten times faster to
    write than with the ``json`` module, about 3 % of ``classify``), else the standard encoder."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return _ENCODER.encode(value)


def _known_from(catalog: str | None) -> KnownWorks | None:
    if not catalog:
        return None
    require_catalog(catalog)
    known, _ = load_known(catalog)
    if not len(known):
        click.echo(
            f"note: catalog {catalog} lists no works (no table rows with links): nothing will "
            "be marked known",
            err=True,
        )
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
    default=None,
    help="Nudge scores towards earlier curator decisions (default: scoring.feedback).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_ctx
@handle_errors
def score(ctx: Context, catalog: str | None, feedback: bool | None, as_json: bool) -> None:
    """Group stored papers into works, score them and record the verdicts (idempotent)."""
    if catalog:
        # (else every catalogued work would be stored as a proposal instead of "known")
        require_catalog(catalog)
    with ctx.open_store(existing=True) as store:
        summary = score_stored(ctx.config, store, catalog, use_feedback=feedback)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=1))
        return
    if summary.catalog_note:
        click.echo(f"note: {summary.catalog_note}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
    learned = f"; feedback from {summary.feedback} curator decisions" if summary.feedback else ""
    click.echo(f"scored {summary.works} works ({counts}); {summary.written} rows changed{learned}")
    for update in summary.link_updates:
        where = f" (line {update.line})" if update.line else ""
        click.echo(
            printable_line(
                f"link update{where}: {update.name or update.title}: "
                f"{update.old_url} -> {update.new_url}"
            )
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
    arxiv_id, url, summary (a journal's one-sentence summary, read when abstract is null or
    absent). Output: the input's id plus score, decision, section, kind, evidence,
    model_name, code_url, weights_url. Exit status 1 when some input lines were skipped.
    """
    if sys.stdin is None:
        raise FmwatchError(
            "standard input is closed; pipe JSON Lines into fmwatch classify (or use < FILE)"
        )
    if sys.stdout is None:
        raise FmwatchError(
            "standard output is closed; classify writes its results there: redirect it to a file"
        )
    # JSON Lines are UTF-8 whatever the locale: a Latin-1 or cp1252 stdout would otherwise turn
    # an emoji into a Python escape ("\U0001f9ec"), which is not JSON
    reconfigure_stream(sys.stdout, encoding="utf-8", errors="backslashreplace")
    scorer = Scorer(ctx.config.scoring, known=_known_from(catalog))
    try:
        bad = classify_stream(
            scorer, sys.stdin.buffer, sys.stdout, lambda m: click.echo(m, err=True)
        )
        sys.stdout.flush()
    except BrokenPipeError:  # `fmwatch classify | head` is a normal way to use a filter
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:
        if exc.filename is not None:
            raise  # (a file, not the output stream: the generic one-line error names it)
        # reading stdin or writing stdout failed: say which stream, not only the errno text
        raise FmwatchError(
            f"cannot read standard input or write standard output ({exc.strerror or exc}); "
            "check where they are redirected (a full disk?)"
        ) from exc
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
    dumps = _dumps
    # Most of a feed is dropped by the prefilter with one shared verdict object; its JSON (all
    # but the id) is rendered once, which halves the cost of writing such a line.
    shared = {
        id(verdict): "," + dumps(_row(verdict))[1:] + "\n"
        for verdict in (scorer.dropped_no_bio, scorer.dropped_no_model)
    }
    for _, item in read_jsonl(source, errors):
        while reported < len(errors):
            report(errors[reported])
            reported += 1
        result = scorer.score(item)
        tail = shared.get(id(result))
        if tail is not None:
            write('{"id":' + dumps(item.get("id")) + tail)
            continue
        row = {"id": item.get("id"), **_row(result)}
        write(dumps(row) + "\n")
    for message in errors[reported:]:
        report(message)
    return len(errors)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _first_sentences(text: Any, n: int) -> str | None:
    """The first ``n`` sentences of ``text`` (a full stop, then a capital, ends one)."""
    if not isinstance(text, str) or not text.strip():
        return None
    return " ".join(_SENTENCE_END.split(text.strip())[:n])


def _row(result: ScoreResult) -> dict[str, Any]:
    verdict = result_dict(result)
    row = {key: verdict[key] for key in OUTPUT_FIELDS}
    if verdict["known_as"]:
        row["known_as"] = verdict["known_as"]
    return row


def _read_labels(path_text: str, errors: list[str]) -> list[dict[str, Any]]:
    require_file(path_text, "labels file", "give a JSON Lines file with a label on every line")
    path = Path(path_text)
    rows: list[dict[str, Any]] = []
    with path.open("rb") as stream:
        for number, row in read_jsonl(stream, errors):
            if row.get("label") not in LABELS:
                errors.append(
                    f"line {number}: label must be positive, negative or borderline, "
                    f"not {row.get('label')!r}; skipped"
                )
                continue
            section = row.get("section")
            if section is not None and not isinstance(section, str):
                errors.append(f'line {number}: "section" must be text or null; skipped')
                continue
            if row["label"] == "positive" and section not in SECTIONS:
                # section accuracy would count it wrong whatever the scorer said
                errors.append(
                    f"line {number}: a positive needs its catalog section "
                    f"({', '.join(SECTIONS)}), not {section!r}; skipped"
                )
                continue
            rows.append(row)
    if not rows:
        first = f" (first problem: {errors[0]})" if errors else ""
        raise FmwatchError(
            f"no labelled papers in {path_text}{first}; give JSON Lines with title, abstract and "
            "label (positive, negative or borderline) on every line"
        )
    return rows


def _split(rows: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return rows if split == "all" else [r for r in rows if r.get("split") == split]


@dataclass(slots=True)
class _Comparison:
    """One eval with feedback: where the feedback came from, and both sets of outcomes."""

    title: str
    without: list[Outcome]
    with_feedback: list[Outcome]
    feedback: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "feedback": self.feedback,
            "without": compute(self.without).as_dict(with_errors=False),
            "with": compute(self.with_feedback).as_dict(with_errors=False),
            "changed": changed_decisions(self.without, self.with_feedback),
            "auc": {"without": ranking_auc(self.without), "with": ranking_auc(self.with_feedback)},
            "nudges": nudges(self.without, self.with_feedback),
        }

    def render(self) -> str:
        fb = self.feedback
        what = ", ".join(f"{k}: {v}" for k, v in fb.items() if v not in (None, ""))
        return render_comparison(
            compute(self.without),
            compute(self.with_feedback),
            f"{self.title}\nfeedback ({what})",
            changed_decisions(self.without, self.with_feedback),
            auc=(ranking_auc(self.without), ranking_auc(self.with_feedback)),
            moved=nudges(self.without, self.with_feedback),
        )


def _likeness(ctx: Context) -> ranker.Ranker:
    """The likeness model that orders near-misses in the digest, for eval to order them alike."""
    return ranker.load(ctx.config.scoring.ranker).likeness


def _compare(
    ctx: Context,
    title: str,
    evaluated: list[dict[str, Any]],
    feedback: Feedback,
    about: dict[str, Any],
) -> _Comparison:
    base = Scorer(ctx.config.scoring)
    learned = Scorer(ctx.config.scoring, feedback=feedback)
    likeness = _likeness(ctx)
    return _Comparison(
        title=title,
        without=outcomes(base, evaluated, likeness),
        with_feedback=outcomes(learned, evaluated, likeness),
        feedback={**about, "decisions": len(feedback)},
    )


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
    help="Treat this file's labelled papers (minus any that are evaluated) as past curator "
    "decisions on what the scorer showed; print metrics without and with that feedback.",
)
@click.option(
    "--cross",
    is_flag=True,
    help="Feedback from the dev split measured on holdout, and from holdout measured on dev, "
    "each side by side with the metrics without feedback.",
)
@click.option(
    "--protocol",
    type=click.Choice(PROTOCOLS),
    default="shown",
    show_default=True,
    help="Which simulated papers get a decision: shown = proposed and near-misses (curators "
    "accept positives, reject the rest), proposed = only proposals.",
)
@click.option(
    "--second-opinion",
    "second_opinion",
    type=click.Path(dir_okay=False),
    default=None,
    help="A second annotator's labels (id, label, section) for the same papers: print how far "
    "the two annotators agree, and the scorer's metrics on the papers both label alike and "
    "against the second annotator.",
)
@click.option(
    "--without-abstracts",
    is_flag=True,
    help="Score every paper without its abstract, as a journal RSS item arrives before its "
    "abstract is found: what the abstract look-ups are worth.",
)
@click.option(
    "--summary-sentences",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="With --without-abstracts: give each paper the first N sentences of its abstract as a "
    "journal's one-sentence summary (a proxy for Nature's standfirst, read until the "
    "abstract is found).",
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
    cross: bool,
    protocol: str,
    second_opinion: str | None,
    without_abstracts: bool,
    summary_sentences: int | None,
) -> None:
    """Measure precision/recall of `propose`, section accuracy and a confusion table.

    Lines need the classify fields plus label (positive/negative/borderline), section and,
    for --split, split (dev/holdout). Precision counts only positives as right proposals;
    section accuracy is over all positives (over those proposed in parentheses).

    With feedback (--feedback-labels, --feedback-from, --cross) the metrics without and with
    feedback are printed side by side; the feedback never includes an evaluated paper.
    """
    if summary_sentences is not None and not without_abstracts:
        # bad usage (exit 2, as README says), told before the labels are read
        raise click.UsageError("--summary-sentences goes with --without-abstracts; add that flag")
    errors: list[str] = []
    all_rows = _read_labels(labels, errors)
    if without_abstracts:
        all_rows = [
            {
                **row,
                "abstract": None,
                "summary": _first_sentences(row.get("abstract"), summary_sentences)
                if summary_sentences
                else row.get("summary"),
            }
            for row in all_rows
        ]
    for message in errors:
        click.echo(f"{labels}: {message}", err=True)
    rows = _split(all_rows, split)
    if not rows and not cross:
        raise FmwatchError(
            f'no papers with "split": "{split}" in {labels}; give each line a split '
            '("dev" or "holdout"), or leave out --split'
        )
    if cross and not (_split(all_rows, "dev") and _split(all_rows, "holdout")):
        raise FmwatchError(
            f'--cross needs papers of both splits in {labels}; give each line "split": "dev" '
            'or "holdout"'
        )
    if second_opinion:
        _second_opinion(ctx, labels, split, rows, second_opinion, as_json, errors)
        if errors:
            sys.exit(EXIT_FAILED)
        return
    comparisons: list[_Comparison] = []
    if cross:
        for source, target in (("dev", "holdout"), ("holdout", "dev")):
            evaluated = _split(all_rows, target)
            sim = simulate_decisions(
                Scorer(ctx.config.scoring),
                disjoint(_split(all_rows, source), evaluated),
                protocol,
            )
            comparisons.append(
                _compare(
                    ctx,
                    f"{labels}: feedback from {source}, evaluated on {target} "
                    f"({len(evaluated)} papers)",
                    evaluated,
                    sim.feedback,
                    {"from": f"{source} split", **sim.as_dict()},
                )
            )
    elif feedback_db or feedback_labels:
        feedback = Feedback()
        about: dict[str, Any] = {}
        if feedback_db:
            from fmwatch.store import Store  # sqlite-utils: only for the commands that use it

            # read-only: measuring must not migrate, or write to, the database it reads
            with Store(feedback_db, read_only=True) as store:
                feedback_from_store(store, feedback)
            about["store"] = len(feedback)
        if feedback_labels:
            extra_errors: list[str] = []
            extra = (
                all_rows
                if feedback_labels == labels
                else _read_labels(feedback_labels, extra_errors)
            )
            for message in extra_errors:
                click.echo(f"{feedback_labels}: {message}", err=True)
            errors += extra_errors
            sim = simulate_decisions(
                Scorer(ctx.config.scoring), disjoint(extra, rows), protocol, feedback
            )
            about.update(sim.as_dict())
        comparisons.append(_compare(ctx, f"{labels} (split: {split})", rows, feedback, about))
    if comparisons:
        if as_json:
            data: dict[str, Any] = {
                "split": split,
                "comparisons": [c.as_dict() for c in comparisons],
            }
            click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        else:
            click.echo("\n\n".join(c.render() for c in comparisons))
    else:
        metrics = compute(outcomes(Scorer(ctx.config.scoring), rows, _likeness(ctx)))
        if as_json:
            data = metrics.as_dict()
            data["split"] = split
            click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        else:
            click.echo(render_text(metrics, f"{labels} (split: {split})", show_errors=show_errors))
    if errors:
        sys.exit(EXIT_FAILED)


def _second_opinion(
    ctx: Context,
    labels: str,
    split: str,
    rows: list[dict[str, Any]],
    path: str,
    as_json: bool,
    errors: list[str],
) -> None:
    """``eval --second-opinion``: annotator agreement, then the scorer on the consensus and
    against the second annotator, beside its metrics against the first."""
    from fmwatch import agreement

    own_errors: list[str] = []
    opinions = agreement.read_opinions(path, own_errors)
    for message in own_errors:
        click.echo(f"{path}: {message}", err=True)
    errors += own_errors
    shared = [row for row in rows if str(row.get("id")) in opinions]
    if not shared:
        raise FmwatchError(
            f"{path} and {labels} share no paper ids; give the second opinion of these papers "
            "(the same id on each line)"
        )
    agreed = agreement.compare(rows, opinions)
    scorer = Scorer(ctx.config.scoring)
    # each paper scored once; the consensus and the second annotator's view relabel the results
    scored = outcomes(scorer, shared, _likeness(ctx))
    measured = {
        "first annotator": compute(scored),
        "consensus (both annotators agree)": compute(agreement.consensus(scored, opinions)),
        "second annotator": compute(agreement.as_labelled(scored, opinions)),
    }
    if as_json:
        data = {
            "split": split,
            "agreement": agreed.as_dict(),
            "scorer": {k: m.as_dict(with_errors=False) for k, m in measured.items()},
        }
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    parts = [f"{labels} (split: {split}) with a second opinion from {path}", agreed.render()]
    parts += [render_text(m, f"scorer against the {name}:") for name, m in measured.items()]
    click.echo("\n\n".join(parts))


#: the share of positive training papers outside which train-ranker warns: the labelled sets
#: hold about a third, and the decision thresholds (likeness_hold 0.02; likeness_propose 0.8,
#: benchmarks only) were chosen for that share
SKEW_LOW, SKEW_HIGH = 0.15, 0.6


@cli.command(name="train-ranker")
@click.argument("labels", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--decisions-from",
    "decisions_db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also learn from curators' decisions in this fmwatch database: accepted works as "
    "positives, rejected ones against them.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    required=True,
    help="Where to write the model (gzipped JSON); point [scoring] ranker in fmwatch.toml at it.",
)
@handle_errors
def train_ranker(labels: tuple[str, ...], decisions_db: str | None, out: str) -> None:
    """Train the word models that order near-misses, help decide and choose sections.

    From labelled JSON Lines (as `fmwatch eval` reads: title, abstract, label, section) and/or
    curators' decisions (--decisions-from). Likeness: positives against the rest; sections:
    one model per section, from the positives that name one. The same input always gives the
    same models. The decision model (words alone) has a say in decisions at its extremes
    ([scoring] likeness_propose / likeness_hold in fmwatch.toml).
    """
    if not labels and not decisions_db:
        raise click.UsageError(  # (bad usage: exit 2)
            "nothing to train on; give labelled JSON Lines files, --decisions-from DB, or both"
        )
    examples, files = ranker.examples_from_jsonl(Path(p) for p in labels)
    meta: dict[str, Any] = {"files": files}
    if decisions_db:
        from fmwatch.store import Store  # sqlite-utils: only when a database is read

        decided: list[ranker.Example] = []
        # read-only: training must not migrate, or write to, the database it reads
        with Store(decisions_db, read_only=True) as store:
            for status, title, abstract, _ in decided_works(store):
                if abstract:
                    decided.append(ranker.Example(title, abstract, status == "accepted"))
        examples += decided
        meta["decisions"] = {
            "database": Path(decisions_db).name,
            "papers": len(decided),
            "positives": sum(e.positive for e in decided),
        }
    meta["fingerprint"] = ranker.fingerprint(examples)
    models = ranker.train_models(examples, meta=meta)
    ranker.save(models, Path(out))
    sources = f"{len(files)} file(s)" + (" and the curators' decisions" if decisions_db else "")
    positives = sum(e.positive for e in examples)
    click.echo(
        f"trained on {len(examples)} papers ({positives} positive) "
        f"from {sources}; likeness, decision and "
        f"{len(models.sections.names) if models.sections else 0} section models written to {out}"
    )
    share = positives / len(examples)
    if not SKEW_LOW <= share <= SKEW_HIGH:
        more = (
            "hold back more proposals"
            if share < SKEW_LOW
            else "hold back fewer proposals (and propose more near-miss benchmarks)"
        )
        click.echo(
            f"warning: {share:.0%} of these papers are positive, about a third of the labelled "
            f"sets'; the decision model's likeness follows that share, so with [scoring] ranker "
            f"pointing at this file it will {more} than the packaged one; add the labelled sets "
            "(tests/data/*.jsonl) to the training, or set likeness_propose = 1 and "
            "likeness_hold = 0 to leave decisions to the rules",
            err=True,
        )
