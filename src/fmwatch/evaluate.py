"""Quality metrics of the scorer on a labelled set: what ``fmwatch eval`` prints.

Definitions (chosen to match what a curator experiences):

- a *proposal* is a paper whose decision is ``propose``; only ``positive`` labels are right ones,
  so a proposed ``borderline`` counts against precision;
- **precision** = positives proposed / all proposed; **recall** = positives proposed / positives;
- **section accuracy** is measured over *all* positives: a positive scored as near-miss still
  carries a section, and a curator promoting it relies on it; the accuracy over the positives
  that were proposed (the rows a curator sees in a pull request) is reported too, as
  ``section_accuracy_proposed``;
- **borderline → near-miss** = share of ``borderline`` papers whose decision is ``near-miss``;
- the confusion table counts label × decision.

**Feedback protocol** (``fmwatch eval --feedback-labels FILE`` and ``--cross``): does learning
from curators help? A labelled set stands in for past weeks. Its papers are scored *without*
feedback, and each one a curator would have seen becomes the decision that curator would have
made, by its label: with the ``shown`` protocol (default) a paper proposed or listed as a
near-miss is *accepted* when positive and *rejected* otherwise (borderline or negative); with
``proposed``, only proposed papers are decided (what a PR's merge or close records on its own,
without a curator promoting or rejecting near-misses by hand). Dropped papers were never seen:
no decision. The evaluated papers are then scored with and without that feedback and the two
sets of metrics are printed side by side. The feedback set and the evaluated set are disjoint:
a feedback paper that is the same work as an evaluated one (same id, arXiv id, DOI or
normalised title) is left out, and :class:`fmwatch.feedback.Feedback` itself never compares a
paper with a decided work sharing its identity.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmwatch.feedback import Feedback
from fmwatch.identity import normalize_title
from fmwatch.models import NEAR_MISSES_SHOWN, near_miss_order

if TYPE_CHECKING:
    from fmwatch.ranker import Ranker
    from fmwatch.score import Scorer

LABELS = ("positive", "borderline", "negative")
DECISION_ORDER = ("propose", "near-miss", "drop", "known")

#: The never-read test halves of the project's labelled sets (``tests/data``):
#: ``blindN_test.jsonl`` from N = 4, the families split from the third session on
#: (``blind_test`` and ``blind3_test`` were read). No rule is shaped on them and no word model
#: trained on them; what measures them prints figures, never their papers.
NEVER_READ_RE = re.compile(r"blind([4-9]|[1-9][0-9]+)_test\.jsonl")


def never_read(directory: Path) -> list[Path]:
    """The never-read test halves in ``directory`` (:data:`NEVER_READ_RE`), in family order: a
    family written after the last one is among them without anyone listing it."""
    found = [
        (int(m.group(1)), path)
        for path in directory.glob("blind*_test.jsonl")
        if (m := NEVER_READ_RE.fullmatch(path.name))
    ]
    return [path for _, path in sorted(found)]


@dataclass(slots=True)
class Outcome:
    id: str
    label: str
    section: str | None
    decision: str
    predicted_section: str
    score: float
    title: str = ""
    split: str | None = None
    #: a near-miss's likeness (fmwatch.ranker), which orders near-misses as the digest does
    likeness: float | None = None


def ratio(num: float, den: float) -> float | None:
    """num / den to four places, or None when there is nothing to divide by."""
    return round(num / den, 4) if den else None


def f1_of(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(slots=True)
class Metrics:
    n: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    proposed: int = 0
    positives: int = 0
    true_positives: int = 0
    section_accuracy: float | None = None
    section_accuracy_proposed: float | None = None
    borderline_near_miss: float | None = None
    #: positives among the NEAR_MISSES_SHOWN best near-misses (what a pull request lists)
    near_miss_top_positives: int = 0
    near_misses: int = 0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    missed_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_sections: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, with_errors: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "n": self.n,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "proposed": self.proposed,
            "positives": self.positives,
            "true_positives": self.true_positives,
            "section_accuracy": self.section_accuracy,
            "section_accuracy_proposed": self.section_accuracy_proposed,
            "borderline_near_miss": self.borderline_near_miss,
            "near_misses": self.near_misses,
            "near_miss_top_positives": self.near_miss_top_positives,
            "confusion": self.confusion,
        }
        if with_errors:
            data["false_positives"] = self.false_positives
            data["missed_positives"] = self.missed_positives
            data["wrong_sections"] = self.wrong_sections
        return data


def _brief(o: Outcome) -> dict[str, Any]:
    return {
        "id": o.id,
        "title": o.title[:120],
        "label": o.label,
        "decision": o.decision,
        "score": o.score,
        "section": o.section,
        "predicted_section": o.predicted_section,
    }


def compute(outcomes: Iterable[Outcome]) -> Metrics:
    rows = list(outcomes)
    m = Metrics(n=len(rows))
    m.confusion = {label: dict.fromkeys(DECISION_ORDER, 0) for label in LABELS}
    right_section = right_section_all = borderline = borderline_nm = 0
    for o in rows:
        m.confusion.setdefault(o.label, dict.fromkeys(DECISION_ORDER, 0))
        m.confusion[o.label][o.decision] = m.confusion[o.label].get(o.decision, 0) + 1
        proposed = o.decision == "propose"
        if proposed:
            m.proposed += 1
        if o.label == "positive":
            m.positives += 1
            section_ok = (o.section or "").lower() == o.predicted_section.lower()
            right_section_all += section_ok
            if proposed:
                m.true_positives += 1
                right_section += section_ok
                if not section_ok:
                    m.wrong_sections.append(_brief(o))
            else:
                m.missed_positives.append(_brief(o))
        elif proposed:
            m.false_positives.append(_brief(o))
        if o.label == "borderline":
            borderline += 1
            borderline_nm += o.decision == "near-miss"
    m.precision = ratio(m.true_positives, m.proposed)
    m.recall = ratio(m.true_positives, m.positives)
    if m.precision is not None and m.recall is not None and (m.precision + m.recall) > 0:
        m.f1 = round(f1_of(m.precision, m.recall), 4)
    m.section_accuracy = ratio(right_section_all, m.positives)
    m.section_accuracy_proposed = ratio(right_section, m.true_positives)
    m.borderline_near_miss = ratio(borderline_nm, borderline)
    # best first as the digest and pull request order them (likeness when it was measured)
    near = sorted(
        (o for o in rows if o.decision == "near-miss"),
        key=lambda o: near_miss_order(o.likeness, o.score, o.id),
    )
    m.near_misses = len(near)
    m.near_miss_top_positives = sum(o.label == "positive" for o in near[:NEAR_MISSES_SHOWN])
    return m


def fmt_value(value: float | None) -> str:
    """A metric as printed: three places, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"


def render_text(metrics: Metrics, title: str = "", show_errors: bool = False) -> str:
    lines = [title] if title else []
    lines += [
        f"papers: {metrics.n}  positives: {metrics.positives}  proposed: {metrics.proposed}",
        f"propose precision: {fmt_value(metrics.precision)}  recall: {fmt_value(metrics.recall)}"
        f"  F1: {fmt_value(metrics.f1)}",
        f"section accuracy (all positives): {fmt_value(metrics.section_accuracy)}"
        f"  (positives proposed: {fmt_value(metrics.section_accuracy_proposed)})",
        f"borderline -> near-miss: {fmt_value(metrics.borderline_near_miss)}",
        f"positives among the {NEAR_MISSES_SHOWN} best of {metrics.near_misses} near-misses "
        f"(as the digest orders them): {metrics.near_miss_top_positives}",
        "",
        "label \\ decision " + "".join(f"{d:>10}" for d in DECISION_ORDER),
    ]
    for label, row in metrics.confusion.items():
        lines.append(f"{label:<17}" + "".join(f"{row.get(d, 0):>10}" for d in DECISION_ORDER))
    if show_errors:
        for name, items in (
            ("false positives", metrics.false_positives),
            ("missed positives", metrics.missed_positives),
            ("wrong sections", metrics.wrong_sections),
        ):
            if items:
                lines.append("")
                lines.append(f"{name}:")
                for it in items:
                    lines.append(
                        f"  {it['id']}  {it['label']}->{it['decision']} {it['score']:.2f}"
                        f"  [{it['section']} -> {it['predicted_section']}]  {it['title']}"
                    )
    return "\n".join(lines)


# -- feedback protocol -----------------------------------------------------------------------------

PROTOCOLS = ("shown", "proposed")
#: What a curator sees under each protocol: proposals, and near-misses listed in the PR body.
_SEEN = {"shown": ("propose", "near-miss"), "proposed": ("propose",)}


def outcomes(
    scorer: Scorer, rows: Iterable[Mapping[str, Any]], ranker: Ranker | None = None
) -> list[Outcome]:
    """Score labelled rows: one :class:`Outcome` each, in order; with ``ranker``, each
    near-miss's likeness too."""
    out = []
    for row in rows:
        result = scorer.score(row)
        likeness = None
        if ranker is not None and result.decision == "near-miss":
            likeness = ranker.likelihood(row.get("title"), row.get("abstract"))
        out.append(
            Outcome(
                id=str(row.get("id")),
                label=str(row.get("label")),
                section=row.get("section"),
                decision=result.decision,
                predicted_section=result.section,
                score=result.score,
                title=str(row.get("title") or ""),
                split=row.get("split"),
                likeness=likeness,
            )
        )
    return out


def identity(row: Mapping[str, Any]) -> tuple[frozenset[str], str]:
    """A labelled paper's work keys and normalised title: what makes two rows one work."""
    from fmwatch.score import Item

    item = Item.of(row)
    return frozenset(item.keys()), normalize_title(item.title)


def disjoint(
    feedback_rows: Iterable[Mapping[str, Any]], evaluated: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Feedback rows that are not the same work as any evaluated row (id, keys or title)."""
    ids: set[str] = set()
    keys: set[str] = set()
    titles: set[str] = set()
    for row in evaluated:
        ids.add(str(row.get("id")))
        row_keys, title = identity(row)
        keys |= row_keys
        if title:
            titles.add(title)
    kept = []
    for row in feedback_rows:
        row_keys, title = identity(row)
        if str(row.get("id")) in ids or row_keys & keys or (title and title in titles):
            continue
        kept.append(row)
    return kept


@dataclass(slots=True)
class SimulatedDecisions:
    """The decisions curators would have made on a labelled set, as :class:`Feedback`."""

    feedback: Feedback
    accepted: int = 0
    rejected: int = 0
    unseen: int = 0
    protocol: str = "shown"

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "unseen": self.unseen,
            "protocol": self.protocol,
        }


def simulate_decisions(
    scorer: Scorer,
    rows: Iterable[Mapping[str, Any]],
    protocol: str = "shown",
    feedback: Feedback | None = None,
) -> SimulatedDecisions:
    """Turn labelled papers into curator decisions, by what the scorer (without feedback) showed.

    ``scorer`` must carry no feedback of its own: curators decided on what the bot showed
    before it learned anything from them.
    """
    if protocol not in _SEEN:
        raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, not {protocol!r}")
    sim = SimulatedDecisions(
        feedback=feedback if feedback is not None else Feedback(), protocol=protocol
    )
    seen = _SEEN[protocol]
    for row in rows:
        if row.get("label") not in LABELS:
            continue
        decision = scorer.score(row).decision
        if decision not in seen:
            sim.unseen += 1
            continue
        status = "accepted" if row.get("label") == "positive" else "rejected"
        keys, _ = identity(row)
        sim.feedback.add(status, str(row.get("title") or ""), str(row.get("abstract") or ""), keys)
        if status == "accepted":
            sim.accepted += 1
        else:
            sim.rejected += 1
    return sim


_COMPARED = (
    ("precision", "propose precision"),
    ("recall", "recall"),
    ("f1", "F1"),
    ("section_accuracy", "section accuracy"),
    ("borderline_near_miss", "borderline -> near-miss"),
)


def ranking_auc(outcomes: Sequence[Outcome]) -> float | None:
    """Probability that a positive outscores a non-positive (ties count half): how well the score
    orders papers, which is what "highest score first" selection relies on; finer than the
    decisions, so it shows a nudge that moves scores without crossing a threshold."""
    pos = sorted(o.score for o in outcomes if o.label == "positive")
    neg = sorted(o.score for o in outcomes if o.label != "positive")
    if not pos or not neg:
        return None
    wins = 0.0
    for p in pos:
        below = bisect.bisect_left(neg, p)
        ties = bisect.bisect_right(neg, p) - below
        wins += below + ties / 2
    return round(wins / (len(pos) * len(neg)), 4)


def nudges(without: Sequence[Outcome], with_feedback: Sequence[Outcome]) -> dict[str, int]:
    """Scores feedback moved the right way (up for positives, down for the rest) and the wrong."""
    right = wrong = 0
    for a, b in zip(without, with_feedback, strict=True):
        if abs(b.score - a.score) < 1e-4:
            continue
        if (b.score > a.score) == (a.label == "positive"):
            right += 1
        else:
            wrong += 1
    return {"right": right, "wrong": wrong}


def changed_decisions(
    without: Sequence[Outcome], with_feedback: Sequence[Outcome]
) -> dict[str, int]:
    """How many papers changed decision, as ``"label: before -> after"`` counts."""
    changes: dict[str, int] = {}
    for a, b in zip(without, with_feedback, strict=True):
        if a.decision != b.decision:
            key = f"{a.label}: {a.decision} -> {b.decision}"
            changes[key] = changes.get(key, 0) + 1
    return dict(sorted(changes.items()))


def render_comparison(
    without: Metrics,
    with_feedback: Metrics,
    title: str = "",
    changes: Mapping[str, int] | None = None,
    auc: tuple[float | None, float | None] | None = None,
    moved: Mapping[str, int] | None = None,
) -> str:
    """Metrics without and with feedback, side by side, with the difference."""
    lines = [title] if title else []
    lines.append(f"{'':<26}{'without':>10}{'with':>10}{'change':>10}")
    rows = [
        (label, getattr(without, name), getattr(with_feedback, name)) for name, label in _COMPARED
    ]
    if auc is not None:
        rows.append(("ranking AUC", auc[0], auc[1]))
    for label, a, b in rows:
        diff = "n/a" if a is None or b is None else f"{round(b - a, 3) + 0.0:+.3f}"
        lines.append(f"{label:<26}{fmt_value(a):>10}{fmt_value(b):>10}{diff:>10}")
    lines.append(
        f"{'proposed (right)':<26}{f'{without.proposed} ({without.true_positives})':>10}"
        f"{f'{with_feedback.proposed} ({with_feedback.true_positives})':>10}"
    )
    if moved is not None:
        lines.append(
            f"scores moved: {moved['right']} the right way, {moved['wrong']} the wrong way"
        )
    if changes is not None:
        if changes:
            lines.append("changed decisions: " + ", ".join(f"{k} {v}" for k, v in changes.items()))
        else:
            lines.append("changed decisions: none")
    return "\n".join(lines)
