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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

LABELS = ("positive", "borderline", "negative")
DECISION_ORDER = ("propose", "near-miss", "drop", "known")


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


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


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
    m.precision = _ratio(m.true_positives, m.proposed)
    m.recall = _ratio(m.true_positives, m.positives)
    if m.precision is not None and m.recall is not None and (m.precision + m.recall) > 0:
        m.f1 = round(2 * m.precision * m.recall / (m.precision + m.recall), 4)
    m.section_accuracy = _ratio(right_section_all, m.positives)
    m.section_accuracy_proposed = _ratio(right_section, m.true_positives)
    m.borderline_near_miss = _ratio(borderline_nm, borderline)
    return m


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_text(metrics: Metrics, title: str = "", show_errors: bool = False) -> str:
    lines = [title] if title else []
    lines += [
        f"papers: {metrics.n}  positives: {metrics.positives}  proposed: {metrics.proposed}",
        f"propose precision: {_fmt(metrics.precision)}  recall: {_fmt(metrics.recall)}"
        f"  F1: {_fmt(metrics.f1)}",
        f"section accuracy (all positives): {_fmt(metrics.section_accuracy)}"
        f"  (positives proposed: {_fmt(metrics.section_accuracy_proposed)})",
        f"borderline -> near-miss: {_fmt(metrics.borderline_near_miss)}",
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
