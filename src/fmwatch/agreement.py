"""Two annotators on one labelled set: how far they agree, and the papers they agree on.

A scorer cannot be held to a bar that two people applying the same labelling standard do not
reach with each other. ``fmwatch eval LABELS --second-opinion OTHER`` reads a second
annotator's labels for the same ids (``id``, ``label``, ``section``), and reports:

- **agreement**: share of papers given the same label, Cohen's kappa over the three labels,
  and the second annotator scored as if it were the scorer (precision and recall of its
  ``positive`` against the first annotator's, section agreement on papers both call positive);
- **consensus**: the papers both label alike, on which the scorer is then measured (the
  first annotator's section is kept; papers whose section the two disagree on stay in, since
  the label, not the section, is what consensus means here).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fmwatch.errors import FmwatchError, require_file
from fmwatch.evaluate import LABELS, Outcome, fmt_value, ratio
from fmwatch.jsonl import read_jsonl


@dataclass(frozen=True, slots=True)
class Opinion:
    label: str
    section: str | None


def read_opinions(path_text: str, errors: list[str]) -> dict[str, Opinion]:
    """A second annotator's labels by id; bad lines are reported in ``errors`` and skipped."""
    require_file(
        path_text,
        "second-opinion file",
        "give JSON Lines with id, label and section on every line",
    )
    path = Path(path_text)
    opinions: dict[str, Opinion] = {}
    with path.open("rb") as stream:
        for number, row in read_jsonl(stream, errors):
            if row.get("label") not in LABELS or "id" not in row:
                errors.append(
                    f"line {number}: needs an id and a label (positive, negative or "
                    "borderline); skipped"
                )
                continue
            key = str(row["id"])
            if key in opinions:
                errors.append(f"line {number}: id {key!r} given twice; the first is kept")
                continue
            section = row.get("section")
            opinions[key] = Opinion(row["label"], section if isinstance(section, str) else None)
    if not opinions:
        first = f" (first problem: {errors[0]})" if errors else ""
        raise FmwatchError(
            f"no labels in {path_text}{first}; give JSON Lines with id, label and section on "
            "every line"
        )
    return opinions


@dataclass(slots=True)
class Agreement:
    compared: int
    missing: int
    same_label: float | None
    kappa: float | None
    second_precision: float | None
    second_recall: float | None
    section_agreement: float | None
    consensus: int
    table: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "compared": self.compared,
            "missing_in_second": self.missing,
            "same_label": self.same_label,
            "kappa": self.kappa,
            "second_annotator_precision": self.second_precision,
            "second_annotator_recall": self.second_recall,
            "section_agreement_on_shared_positives": self.section_agreement,
            "consensus_papers": self.consensus,
            "table": self.table,
        }

    def render(self) -> str:
        fmt = fmt_value
        lines = [
            f"annotators compared on {self.compared} papers"
            + (f" ({self.missing} have no second label)" if self.missing else ""),
            f"same label: {fmt(self.same_label)}  Cohen's kappa: {fmt(self.kappa)}",
            f"second annotator as a scorer: precision {fmt(self.second_precision)}  "
            f"recall {fmt(self.second_recall)}  section agreement {fmt(self.section_agreement)}",
            "",
            "first \\ second    " + "".join(f"{label:>11}" for label in LABELS),
        ]
        for first in LABELS:
            row = self.table[first]
            lines.append(f"{first:<17}" + "".join(f"{row[second]:>11}" for second in LABELS))
        return "\n".join(lines)


def compare(rows: Sequence[Mapping[str, Any]], opinions: Mapping[str, Opinion]) -> Agreement:
    """How the second annotator's labels agree with the rows' own."""
    table = {first: dict.fromkeys(LABELS, 0) for first in LABELS}
    missing = 0
    both_positive = same_section = 0
    for row in rows:
        other = opinions.get(str(row.get("id")))
        first = row.get("label")
        if other is None or first not in table:
            missing += other is None
            continue
        table[first][other.label] += 1
        if first == other.label == "positive":
            both_positive += 1
            same_section += (row.get("section") or "").lower() == (other.section or "").lower()
    n = sum(sum(r.values()) for r in table.values())
    same = sum(table[label][label] for label in LABELS)
    firsts = Counter({label: sum(table[label].values()) for label in LABELS})
    seconds = Counter({label: sum(table[f][label] for f in LABELS) for label in LABELS})
    expected = sum(firsts[label] * seconds[label] for label in LABELS) / (n * n) if n else 0.0
    observed = same / n if n else 0.0
    kappa = round((observed - expected) / (1 - expected), 4) if n and expected < 1 else None
    return Agreement(
        compared=n,
        missing=missing,
        same_label=ratio(same, n),
        kappa=kappa,
        second_precision=ratio(table["positive"]["positive"], seconds["positive"]),
        second_recall=ratio(table["positive"]["positive"], firsts["positive"]),
        section_agreement=ratio(same_section, both_positive),
        consensus=same,
        table=table,
    )


def consensus(outcomes: Sequence[Outcome], opinions: Mapping[str, Opinion]) -> list[Outcome]:
    """The scored papers whose label the second annotator shares, in order."""
    return [o for o in outcomes if o.id in opinions and opinions[o.id].label == o.label]


def as_labelled(outcomes: Sequence[Outcome], opinions: Mapping[str, Opinion]) -> list[Outcome]:
    """The scored papers relabelled with the second annotator's label and section (papers it did
    not label are left out): the scorer measured against the other annotator, without scoring
    the papers again."""
    return [
        dataclasses.replace(o, label=opinions[o.id].label, section=opinions[o.id].section)
        for o in outcomes
        if o.id in opinions
    ]
