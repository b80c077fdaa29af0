"""Proposals and the curator loop, end to end on a catalog in a real git repository."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fmwatch import catalog as catalog_mod
from fmwatch.cli import cli
from fmwatch.config import Config, ProposeConfig
from fmwatch.forge import LocalForge, make_forge
from fmwatch.lint import lint_catalog
from fmwatch.models import SUMMARY_ONLY_NOTE, Paper
from fmwatch.proposal_store import ProposalStore
from fmwatch.proposals import curator_decide, near_misses, propose, sync
from fmwatch.store import Store
from proposal_helpers import (
    CATALOG,
    add_work,
    curator_commit,
    git,
    make_catalog_repo,
    make_config,
    use_git_before_2_38,
    without_lines,
)

W48 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
W49 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

HOSTILE = (
    "Evil | Model `rm -rf` <script>alert(1)</script> [click](javascript:alert(1)) "
    "](javascript:alert(2))\nSecond line"
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Store, LocalForge, Path]:
    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo)
    store = Store(config.db_path)
    forge = make_forge(config)
    assert isinstance(forge, LocalForge)
    return config, store, forge, repo


def _sections(text: str) -> list[tuple[str, int]]:
    return [(s.title, len(s.columns)) for s in catalog_mod.parse_catalog(text).sections]


def _assert_table_intact(text: str) -> None:
    parsed = catalog_mod.parse_catalog(text)
    assert [t for t, _ in _sections(text)] == [t for t, _ in _sections(CATALOG)]
    for section in parsed.sections:
        assert section.ragged_rows == []
        for entry in section.entries:
            assert len(entry.cells) == len(section.columns)


def test_first_proposal(setup: tuple[Config, Store, LocalForge, Path]) -> None:
    config, store, forge, repo = setup
    head_before = git(repo, "rev-parse", "HEAD")
    status_before = git(repo, "status", "--porcelain")
    add_work(
        store,
        "2611.00001",
        "PathoNova: a whole-slide foundation model for pathology",
        abstract="We pretrain PathoNova on 120,000 whole-slide images from 25 organs. It is a "
        "ViT-L with 300 million parameters and is evaluated on 14 downstream tasks including "
        "classification.",
        model_name="PathoNova",
        code_url="https://github.com/example/pathonova",
        weights_url="https://huggingface.co/example/pathonova",
        score=0.9,
    )
    add_work(
        store,
        "2611.00002",
        "CellAtlasFM: single-cell foundation model",
        section="Genomic data",
        score=0.7,
        abstract="Trained on 40 million cells.",
    )
    add_work(store, "2611.00003", "A near miss", decision="near-miss", score=0.4)

    result = propose(config, store, forge, now=W48)

    assert result.status == "proposed"
    assert result.branch == "fmwatch/2026-W48"
    assert result.title == "fmwatch: 2 candidate entries for 2026-W48"
    assert [c.work_id for c in result.candidates] == ["arxiv:2611.00001", "arxiv:2611.00002"]
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md") + "\n"
    _assert_table_intact(text)
    image = catalog_mod.parse_catalog(text).section("Image Data")
    assert image is not None
    row = image.entries[-1]
    assert row.name == "PathoNova"
    assert row.paper_url == "https://arxiv.org/abs/2611.00001"
    assert row.code_url == "https://github.com/example/pathonova"
    assert row.weights_url == "https://huggingface.co/example/pathonova"
    assert "120,000 whole-slide images" in row.note and "300 million parameters" in row.note
    assert "14 downstream tasks" in row.note
    genomic = catalog_mod.parse_catalog(text).section("Genomic data")
    assert genomic is not None and genomic.entries[-1].cells[2] == "-"  # no code known: a dash
    # The body: candidates with score, section, checkbox and sources; then the near-misses.
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert body.startswith("state: open\nbranch: fmwatch/2026-W48\n")
    assert "- [ ] **PathoNova**" in body and "score 0.90 · section Image Data" in body
    assert "<https://arxiv.org/abs/2611.00001>" in body
    assert body.index("## Candidates") < body.index("## Near misses") and "A near miss" in body
    # the code and weights are there to check from the pull request, as the branch's row has
    # them; a near-miss opens from its title
    assert (
        "  - code <https://github.com/example/pathonova> · "
        "weights <https://huggingface.co/example/pathonova>\n"
    ) in body
    assert "| [A near miss](https://arxiv.org/abs/2611.00003) |" in body
    # The user's checkout is untouched.
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert git(repo, "status", "--porcelain") == status_before
    rows = {r["work_id"]: r for r in ProposalStore(store.db).candidates()}
    assert {r["status"] for r in rows.values()} == {"proposed"}
    assert rows["arxiv:2611.00001"]["pr_branch"] == "fmwatch/2026-W48"


def test_each_near_miss_says_why_it_was_held_back(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A curator triaging near-misses sees the scorer's reason for each: the cap that held it
    back, or a score below the threshold."""
    config, store, forge, _ = setup
    add_work(store, "2611.00061", "A proposed model", score=0.9)
    capped = add_work(store, "2611.00062", "Adapting SAM for one task", score=0.55)
    low = add_work(store, "2611.00063", "A weak candidate", score=0.4)
    untold = add_work(store, "2611.00064", "A journal item without abstract", score=0.4)
    summarised = add_work(store, "2611.00065", "A journal item with a standfirst", score=0.4)
    cap = "adapts, fine-tunes, prompts or distils a model (title)"
    missing = {"kind": "note", "phrase": "abstract missing", "where": "abstract", "weight": 0.0}
    with store.db.conn:
        store.db.execute(
            "UPDATE scores SET decision = 'near-miss', evidence = ? WHERE work_id = ?",
            [json.dumps([{"kind": "cap", "phrase": cap, "where": "rule", "weight": 0.0}]), capped],
        )
        store.db.execute("UPDATE scores SET decision = 'near-miss' WHERE work_id = ?", [low])
        store.db.execute(
            "UPDATE scores SET decision = 'near-miss', evidence = ? WHERE work_id = ?",
            [json.dumps([missing]), untold],
        )
        store.db.execute(
            "UPDATE scores SET decision = 'near-miss', evidence = ? WHERE work_id = ?",
            [json.dumps([{**missing, "phrase": SUMMARY_ONLY_NOTE}]), summarised],
        )
    result = propose(config, store, forge, now=W48)
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert "| score | section | title | held back because | id |" in body
    shown = cap  # (its parentheses stay: only brackets could open a link)
    page = "](https://arxiv.org/abs/2611.000{}) |"
    assert f"| [Adapting SAM for one task{page.format(62)} {shown} | {capped} |" in body
    assert f"| [A weak candidate{page.format(63)} score below the threshold | {low} |" in body
    assert (
        f"| [A journal item without abstract{page.format(64)} score below the threshold, from "
        f"the title alone (no abstract) | {untold} |"
    ) in body
    assert (
        f"| [A journal item with a standfirst{page.format(65)} score below the threshold, from "
        f"the title and the journal's one-line summary | {summarised} |"
    ) in body


def test_a_journal_work_without_abstract_gets_its_note_from_the_journal_summary(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A Nature item proposed before its abstract is found: the catalog note takes the figures
    its standfirst states, and says so when it states none."""

    config, store, forge, repo = setup
    rows = {
        "10.1038/s41591-026-00001-1": (
            "A foundation model for retinal imaging",
            "Pretrained on 1.6 million retinal images, the model transfers to 14 eye diseases.",
        ),
        "10.1038/s41591-026-00002-2": (
            "A foundation model for dermatology",
            "A dermatology model that transfers across tasks with little labelled data.",
        ),
    }
    for doi, (title, summary) in rows.items():
        aid = add_work(store, f"2611.{doi[-7:-2]}", title, score=0.9)
        store.upsert_papers(
            [Paper(source="nature", source_id=doi, title=title, doi=doi, summary=summary)]
        )
        with store.db.conn:  # the work is the journal record's, with no abstract anywhere
            store.db.execute("DELETE FROM papers WHERE source = 'arxiv' AND title = ?", [title])
            store.db.execute(
                "UPDATE works SET keys = ?, abstract = NULL WHERE work_id = ?",
                [json.dumps([f"doi:{doi}"]), aid],
            )
    result = propose(config, store, forge, now=W48)
    notes = {c.title: c.note for c in result.candidates}
    assert "1.6 million retinal images" in notes["A foundation model for retinal imaging"]
    # what the note lacks is said to the curator in the pull request, not in the catalog
    assert notes["A foundation model for dermatology"] == "Dermatology foundation model."
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert (
        "  - note to complete from the paper: no training-data figures in the journal's summary "
        "\\(abstract not yet available\\)\n"  # (inert Markdown, as all text in the body)
    ) in body
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert "no training-data figures" not in text


def test_a_near_miss_whose_work_lost_its_title_shows_the_one_it_was_scored_under(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A work row without a title (its records were merged away) is shown, and its likeness
    read, by the title it was scored under, as the proposals' order reads it, not by its id."""
    _, store, _, _ = setup
    work = add_work(store, "2611.00066", "A retinal foundation model held back", score=0.55)
    with store.db.conn:
        store.db.execute("UPDATE scores SET decision = 'near-miss' WHERE work_id = ?", [work])
        store.db.execute("UPDATE works SET title = '' WHERE work_id = ?", [work])
    [shown] = near_misses(store)
    assert shown.title == "A retinal foundation model held back"


def test_a_near_miss_with_unreadable_evidence_does_not_stop_the_proposal(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Evidence a hand edit or another version left as JSON null (or an object): the reason
    falls back to the score, nothing crashes."""
    config, store, forge, _ = setup
    add_work(store, "2611.00071", "A proposed model", score=0.9)
    odd = add_work(store, "2611.00072", "An odd near miss", score=0.5, decision="near-miss")
    for value in ("null", '{"kind": "cap"}'):
        with store.db.conn:
            store.db.execute("UPDATE scores SET evidence = ? WHERE work_id = ?", [value, odd])
        result = propose(config, store, forge, dry_run=True, now=W48)
        [near] = [n for n in result.near_misses if n.work_id == odd]
        assert near.reason == "score below the threshold"


def test_the_note_on_a_curator_s_commit_stays_while_the_commit_is_on_the_branch(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00081", "Model one", score=0.8)
    propose(config, store, forge, now=W48)
    curator_commit(
        repo, "fmwatch/2026-W48", lambda t: t.replace("Model one", "Model one!"), "curator fix"
    )
    for arxiv_id, title in (("2611.00082", "Model two"), ("2611.00083", "Model three")):
        add_work(store, arxiv_id, title, score=0.8)
        result = propose(config, store, forge, now=W49)
        assert [c.message for c in result.human_commits] == ["curator fix"]
        body = Path(result.outbox_file or "").read_text(encoding="utf-8")
        assert "1 commit(s) by someone other than fmwatch" in body


def test_a_dry_run_after_a_merge_previews_the_next_proposal(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Merged since the last sync: the dry run shows what the real run would do (a new
    branch), not an update of the merged one."""
    config, store, forge, repo = setup
    add_work(store, "2611.00091", "Merged model", score=0.8)
    propose(config, store, forge, now=W48)
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    add_work(store, "2611.00092", "Next model", score=0.8)
    preview = propose(config, store, forge, dry_run=True, now=W49)
    real = propose(config, store, forge, now=W49)
    assert preview.branch == real.branch == "fmwatch/2026-W49"


def test_a_proposal_of_the_other_forge_is_not_updated(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A local proposal left open when the user switched to GitHub: the GitHub proposal is a
    new one, never an "update" that would list (and then reject) the local one's rows."""
    config, store, forge, _ = setup
    add_work(store, "2611.00095", "Local one", score=0.8)
    propose(config, store, forge, now=W48)
    pstore = ProposalStore(store.db)
    with store.db.conn:
        store.db.execute("UPDATE proposals SET forge = 'github'")
    add_work(store, "2611.00096", "Another one", score=0.8)
    result = propose(config, store, forge, now=W48)
    assert result.branch == "fmwatch/2026-W48-2" and result.status == "proposed"
    assert [c.work_id for c in result.candidates] == ["arxiv:2611.00096"]
    assert pstore.candidate("arxiv:2611.00095")["status"] == "proposed"  # type: ignore[index]


def test_no_op_week_opens_nothing(setup: tuple[Config, Store, LocalForge, Path]) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00009", "Only a near miss", decision="near-miss")
    result = propose(config, store, forge, now=W48)
    assert result.status == "nothing-new"
    assert result.branch is None
    assert git(repo, "branch", "--list", "fmwatch/*") == ""
    assert not (Path(config.state_dir) / "outbox").exists()


def test_known_and_low_scores_are_not_selected_and_limit_applies(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo).replace(propose=ProposeConfig(max_candidates=2))
    store = Store(config.db_path)
    for i, score in enumerate([0.7, 0.95, 0.8, 0.6]):
        add_work(store, f"2611.0010{i}", f"Foundation model number {i}", score=score)
    add_work(store, "2502.06750", "Patho-Bench again", score=0.99)  # already in the catalog
    result = propose(config, store, make_forge(config), now=W48)
    assert [c.score for c in result.candidates] == [0.95, 0.8]


def test_proposals_tied_at_one_score_come_most_curator_like_first(tmp_path: Path) -> None:
    """Near-misses the word model promotes are all scored at the proposal threshold: among
    works of one score, the likeness model (the near-misses' order) decides which come first
    and which ``max_candidates`` cuts, not the work id."""
    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo).replace(propose=ProposeConfig(max_candidates=2))
    store = Store(config.db_path)
    unlike = [
        ("2611.00201", "Gradient clipping schedules for recurrent language models on code"),
        ("2611.00202", "A dataset of household robot grasps in cluttered kitchens"),
    ]
    for arxiv_id, title in unlike:
        add_work(store, arxiv_id, title, abstract=title + ". We study it.", score=0.6)
    alike = add_work(
        store,
        "2611.00209",
        "A whole-slide pathology foundation model pretrained on a million slides",
        abstract="We pretrain a vision transformer by self-supervised learning on 1.2 million "
        "whole-slide images of 30 cancer types and evaluate it on 40 pathology tasks, "
        "including zero-shot slide retrieval and few-shot subtyping.",
        score=0.6,
    )
    best = add_work(store, "2611.00210", "Scored above the threshold", score=0.9)
    result = propose(config, store, make_forge(config), now=W48)
    assert [c.work_id for c in result.candidates] == [best, alike]


def test_tied_proposals_are_judged_by_their_abstracts_too(tmp_path: Path) -> None:
    """Likeness reads title and abstract, as the model learned them: two works titled alike
    are told apart by what their abstracts say."""
    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo).replace(propose=ProposeConfig(max_candidates=1))
    store = Store(config.db_path)
    title = "Notes on learning from tissue images"
    add_work(store, "2611.00301", title, abstract="We tune a learning rate schedule.", score=0.6)
    alike = add_work(
        store,
        "2611.00302",
        title,
        abstract="We pretrain a vision transformer by self-supervised learning on 1.2 million "
        "whole-slide images of 30 cancer types and evaluate it on 40 pathology tasks, "
        "including zero-shot slide retrieval and few-shot subtyping.",
        score=0.6,
    )
    result = propose(config, store, make_forge(config), now=W48)
    assert [c.work_id for c in result.candidates] == [alike]


def test_update_of_the_open_proposal_never_duplicates(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00011", "First model", score=0.8, code_url="https://github.com/ex/first")
    first = propose(config, store, forge, now=W48)
    add_work(store, "2611.00012", "Second model", score=0.8)
    second = propose(config, store, forge, now=W49)

    assert second.status == "updated"
    assert second.branch == first.branch == "fmwatch/2026-W48"
    assert [c.work_id for c in second.candidates] == ["arxiv:2611.00012"]
    assert second.title == "fmwatch: 2 candidate entries for 2026-W48"
    assert len(git(repo, "rev-list", "main..fmwatch/2026-W48").split()) == 2
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert text.count("First model") == 1 and text.count("Second model") == 1
    assert sorted(p.name for p in (Path(config.state_dir) / "outbox").iterdir()) == [
        "fmwatch-2026-W48.md"
    ]
    body = Path(second.outbox_file or "").read_text(encoding="utf-8")
    assert (
        "First model" in body
        and "Second model" in body
        and "Updated 2026-W49: 1 new entry added" in body
    )
    # the earlier row keeps its code link in the updated list (as its row on the branch has it)
    assert "  - code <https://github.com/ex/first>\n" in body
    # A third run with nothing new changes nothing.
    before = git(repo, "rev-parse", "fmwatch/2026-W48")
    assert propose(config, store, forge, now=W49).status == "nothing-new"
    assert git(repo, "rev-parse", "fmwatch/2026-W48") == before


def test_merged_with_curator_edits_and_a_removed_row(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    kept = add_work(store, "2611.00021", "Kept model", model_name="KeptFM", score=0.9)
    dropped = add_work(store, "2611.00022", "Dropped model", score=0.8)
    propose(config, store, forge, now=W48)
    # The curator edits the note of one row, deletes the other, and merges.
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: without_lines(t, "Dropped model").replace("| KeptFM |", "| KeptFM (curated) |"),
        "curator edits",
    )
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")

    summary = sync(config, store, forge)

    assert (summary.merged, summary.accepted, summary.rejected, summary.edited) == (
        1,
        [kept],
        [dropped],
        [kept],
    )
    pstore = ProposalStore(store.db)
    row = pstore.candidate(kept)
    assert (
        row is not None
        and row["status"] == "accepted"
        and "KeptFM (curated)" in row["curator_edit"]
    )
    gone = pstore.candidate(dropped)
    assert gone is not None and gone["status"] == "rejected"
    # (the reason says what sync saw, not when the row went: it reads the merged catalog)
    assert gone["reason"] == "its row is not in the catalog the proposal was merged into"
    assert {d["source"] for d in pstore.decisions()} == {"pr-merged"}
    assert pstore.proposal("fmwatch/2026-W48")["state"] == "merged"  # type: ignore[index]
    # Neither is proposed again, and the next week gets a new branch for new work.
    add_work(store, "2611.00023", "Next week's model", score=0.8)
    nxt = propose(config, store, forge, now=W49)
    assert nxt.branch == "fmwatch/2026-W49" and [c.work_id for c in nxt.candidates] == [
        "arxiv:2611.00023"
    ]


def test_a_merged_row_is_read_from_its_own_line_past_odd_line_separators(
    tmp_path: Path,
) -> None:
    """A note pasted with a U+2028 line separator or a NEL (U+0085, a mis-decoded '…') is one
    line to Markdown and to the catalog's parser, but two to ``str.splitlines``: the merged row
    was read a line or two off (a separator row), and recorded as the curators' edit of a row
    they had not touched."""
    odd = CATALOG.replace(
        "Generative model over EHR concept timelines.",
        "Generative model over EHR\u2028concept timelines\x85 (pasted).",
    )
    repo = make_catalog_repo(tmp_path, odd)
    config = make_config(tmp_path, repo)
    store = Store(config.db_path)
    forge = make_forge(config)
    untouched = add_work(store, "2611.00031", "Untouched model", model_name="SameFM", score=0.9)
    edited = add_work(store, "2611.00032", "Edited model", model_name="EditFM", score=0.8)
    propose(config, store, forge, now=W48)
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: t.replace("| EditFM |", "| EditFM (curated) |"),
        "curator edits",
    )
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")

    summary = sync(config, store, forge)

    assert sorted(summary.accepted) == sorted([untouched, edited])
    assert summary.edited == [edited]
    pstore = ProposalStore(store.db)
    assert pstore.candidate(untouched)["curator_edit"] is None  # type: ignore[index]
    edit = pstore.candidate(edited)["curator_edit"]  # type: ignore[index]
    assert edit.startswith("| EditFM (curated) | [Edited model](https://arxiv.org/abs/2611.00032)")


def test_a_row_moved_to_another_section_is_recorded_as_the_curators_edit(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The curator moves a proposed row, unchanged, from Image Data to Multimodal data and
    merges: the work is accepted, and the move is recorded as the curators' edit (where from,
    where to), not taken as the row as proposed."""
    config, store, forge, repo = setup
    moved = add_work(store, "2611.00024", "Slide and caption model", model_name="MovedFM")
    propose(config, store, forge, now=W48)

    def move(text: str) -> str:
        [row] = [line for line in text.splitlines(keepends=True) if "| MovedFM |" in line]
        text = text.replace(row, "", 1)
        conch = next(line for line in text.splitlines(keepends=True) if "| CONCH |" in line)
        return text.replace(conch, conch + row, 1)

    curator_commit(repo, "fmwatch/2026-W48", move, "curator moves a row")
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    merged = catalog_mod.parse_catalog((repo / "CATALOG.md").read_text(encoding="utf-8"))
    assert [e.section for e in merged.entries() if e.name == "MovedFM"] == ["Multimodal data"]

    summary = sync(config, store, forge)

    assert (summary.accepted, summary.rejected, summary.edited) == ([moved], [], [moved])
    pstore = ProposalStore(store.db)
    assert "| MovedFM |" in pstore.candidate(moved)["curator_edit"]  # type: ignore[index]
    [decision] = [d for d in pstore.decisions() if d["work_id"] == moved]
    details = json.loads(decision["details"])
    assert (details["moved_from"], details["moved_to"]) == ("Image Data", "Multimodal data")


def test_closed_unmerged_rejects_all_and_same_week_gets_a_new_branch(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, _repo = setup
    a = add_work(store, "2611.00031", "Model A", score=0.8)
    result = propose(config, store, forge, now=W48)
    outbox = Path(result.outbox_file or "")
    outbox.write_text(
        outbox.read_text(encoding="utf-8").replace("state: open", "state: closed", 1),
        encoding="utf-8",
    )

    summary = sync(config, store, forge)
    assert (summary.closed, summary.rejected) == (1, [a])
    assert (
        ProposalStore(store.db).candidate(a)["reason"]
        == "the pull request was closed without merging"
    )  # type: ignore[index]
    add_work(store, "2611.00032", "Model B", score=0.8)
    again = propose(config, store, forge, now=W48)
    assert again.branch == "fmwatch/2026-W48-2"
    assert [c.work_id for c in again.candidates] == ["arxiv:2611.00032"]


def test_rows_of_a_closed_proposal_copied_to_the_catalog_one_at_a_time_are_each_accepted(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The pull request closed, its works rejected; a curator then copies its rows into the
    catalog by hand, one now and one a week later. Each is accepted when its row arrives: the
    first copy marked the proposal merged, and the second row's work was left rejected while
    catalogued (only closed proposals were looked at). The proposal is counted merged once."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00035", "Copied first", score=0.9)
    b = add_work(store, "2611.00036", "Copied a week later", score=0.8)
    propose(config, store, forge, now=W48)
    proposed_text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md") + "\n"
    git(repo, "branch", "-q", "-D", "fmwatch/2026-W48")  # closed without merging
    assert sorted(sync(config, store, forge).rejected) == sorted([a, b])

    def copy(text: str) -> None:
        (repo / "CATALOG.md").write_text(text, encoding="utf-8", newline="")
        git(repo, "commit", "-q", "-am", "rows copied by hand")

    copy(without_lines(proposed_text, "Copied a week later"))
    first = sync(config, store, forge)
    assert (first.accepted, first.merged) == ([a], 1)
    copy(proposed_text)
    second = sync(config, store, forge)
    assert (second.accepted, second.merged) == ([b], 0)
    pstore = ProposalStore(store.db)
    assert [pstore.candidate(w)["status"] for w in (a, b)] == ["accepted", "accepted"]  # type: ignore[index]
    assert sync(config, store, forge).accepted == []


def test_squash_merge_counts_as_merged(setup: tuple[Config, Store, LocalForge, Path]) -> None:
    config, store, forge, repo = setup
    a = add_work(store, "2611.00041", "Squashed model", score=0.8)
    propose(config, store, forge, now=W48)
    git(repo, "merge", "-q", "--squash", "fmwatch/2026-W48")
    git(repo, "commit", "-q", "-m", "squash")
    summary = sync(config, store, forge)
    assert summary.accepted == [a] and summary.edited == []


def test_one_row_copied_to_main_by_hand_is_not_a_merge_of_the_open_proposal(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """While the proposal is open, a curator adds one of its rows to main by hand: that work
    is in the catalog, the proposal stays open, and no other row is taken as removed. Merging
    the branch afterwards accepts them all."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00051", "First proposed model", score=0.9)
    b = add_work(store, "2611.00052", "Second proposed model", score=0.8)
    propose(config, store, forge, now=W48)
    branch_text = forge.read_catalog("fmwatch/2026-W48")
    row = next(line for line in branch_text.splitlines() if "2611.00051" in line)
    uni = next(line for line in CATALOG.splitlines() if line.startswith("| UNI |"))
    on_main = repo / "CATALOG.md"  # (main is the checked-out branch)
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{row}"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "one of them now")
    summary = sync(config, store, forge)
    assert (summary.open, summary.merged, summary.rejected) == (1, 0, [])
    pstore = ProposalStore(store.db)
    assert [pstore.candidate(w)["status"] for w in (a, b)] == ["proposed", "proposed"]  # type: ignore[index]
    # the rest of the proposal squash-merged later (main already holds the first row)
    on_main.write_text(forge.read_catalog("fmwatch/2026-W48"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "the rest, squashed")
    summary = sync(config, store, forge)
    assert (summary.merged, sorted(summary.accepted), summary.rejected) == (1, sorted([a, b]), [])


@pytest.mark.parametrize("squash", [False, True])
def test_a_merged_branch_that_was_then_deleted_is_accepted_not_rejected(
    setup: tuple[Config, Store, LocalForge, Path], squash: bool
) -> None:
    """`git merge fmwatch/…` then `git branch -d`: the usual tidy-up after a merge, not a
    rejection (the rejected rows would also hold back similar papers as feedback)."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00043", "Merged then deleted model", score=0.8)
    propose(config, store, forge, now=W48)
    if squash:
        git(repo, "merge", "-q", "--squash", "fmwatch/2026-W48")
        git(repo, "commit", "-q", "-m", "squash")
    else:
        git(repo, "merge", "-q", "fmwatch/2026-W48")
    git(repo, "branch", "-D", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.merged, summary.closed, summary.accepted) == (1, 0, [a])
    assert ProposalStore(store.db).candidate(a)["status"] == "accepted"  # type: ignore[index]


def test_a_row_whose_link_the_curator_changed_is_accepted_with_the_edit(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The curator pointed the proposed row at the journal article before merging: the row
    is found by its title (no stored key matches the new link), and the work is accepted with
    the edit recorded — not rejected as "removed"."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00101", "A spatial omics foundation model for tissue niches")
    propose(config, store, forge, now=W48)
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: t.replace(
            "https://arxiv.org/abs/2611.00101", "https://www.nature.com/articles/s41592-026-00101-1"
        ),
        "journal link",
    )
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.accepted, summary.rejected, summary.edited) == ([a], [], [a])


def test_a_row_the_curator_renamed_and_relinked_is_still_its_proposal(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The curator called the proposed "Quilt-1M: …" row by its model's name, "QuiltNet", and
    pointed it at the journal article before merging: the row names another model than the
    title's "Quilt-1M", but it is the very same title, so the work is accepted (with the edit),
    not read as deleted."""
    config, store, forge, repo = setup
    title = "Quilt-1M: One Million Image-Text Pairs for Histopathology"
    quilt = add_work(store, "2611.00111", title, model_name="Quilt-1M")
    propose(config, store, forge, now=W48)

    def edit(text: str) -> str:
        row = next(line for line in text.splitlines() if "2611.00111" in line)
        cells = row.split(" | ")
        cells[0] = "| QuiltNet"
        renamed = " | ".join(cells).replace(
            "https://arxiv.org/abs/2611.00111", "https://doi.org/10.5555/quilt.2026"
        )
        return text.replace(row, renamed)

    curator_commit(repo, "fmwatch/2026-W48", edit, "name and journal link")
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.accepted, summary.rejected) == ([quilt], [])


@pytest.mark.parametrize("squash", [False, True])
def test_a_deleted_row_is_never_taken_for_its_edited_neighbour(
    setup: tuple[Config, Store, LocalForge, Path], squash: bool
) -> None:
    """Two proposed works with titles one word apart: the curator re-links one and deletes
    the other. The re-linked one is accepted (merged or squashed), the deleted one rejected —
    it is not matched, by its similar title, to the row that is left."""
    config, store, forge, repo = setup
    mouse = add_work(
        store, "2611.00201", "A foundation model of the developing mouse visual cortex"
    )
    human = add_work(
        store, "2611.00202", "A foundation model of the developing human visual cortex"
    )
    propose(config, store, forge, now=W48)
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: without_lines(t, "2611.00202").replace(
            "https://arxiv.org/abs/2611.00201", "https://www.nature.com/articles/s41586-026-00201-1"
        ),
        "curate",
    )
    if squash:
        git(repo, "merge", "-q", "--squash", "fmwatch/2026-W48")
        git(repo, "commit", "-q", "-m", "squash")
        git(repo, "branch", "-D", "fmwatch/2026-W48")
    else:
        git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.accepted, summary.rejected) == ([mouse], [human])


def test_human_commit_on_the_branch_is_kept_and_reported(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00051", "Model one", score=0.8)
    propose(config, store, forge, now=W48)
    human_sha = curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: t.replace("Model one", "Model one (title fixed by curator)"),
        "curator fix",
    )

    add_work(store, "2611.00052", "Model two", score=0.8)
    result = propose(config, store, forge, now=W49)

    assert [c.author_email for c in result.human_commits] == ["tests@example.org"]
    tip = git(repo, "rev-parse", "fmwatch/2026-W48")
    assert git(repo, "rev-parse", f"{tip}^") == human_sha  # appended on top, never rewritten
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert "title fixed by curator" in text and "Model two" in text
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert "by someone other than fmwatch" in body and "new commit on top" in body


def _opens_script_link(markdown: str) -> bool:
    """Whether ``markdown`` holds a "](javascript" whose bracket is not escaped (an escaped one,
    "\\](javascript", is text)."""
    return re.search(r"(?<!\\)\]\(\s*javascript", markdown, re.IGNORECASE) is not None


def test_hostile_title_cannot_break_the_table(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(
        store,
        "2611.00061",
        HOSTILE,
        model_name="Evil|Name](javascript:x)",
        abstract=HOSTILE,
        score=0.9,
    )
    result = propose(config, store, forge, now=W48)
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md") + "\n"
    _assert_table_intact(text)
    before = catalog_mod.parse_catalog(CATALOG)
    after = catalog_mod.parse_catalog(text)
    assert len(after.entries()) == len(before.entries()) + 1
    new_lines = set(text.splitlines()) - set(CATALOG.splitlines())
    assert len(new_lines) == 1
    row = new_lines.pop()
    assert "<script>" not in row and not _opens_script_link(row) and "\n" not in row
    entry = after.section("Image Data").entries[-1]  # type: ignore[union-attr]
    assert entry.urls == ["https://arxiv.org/abs/2611.00061"]  # the only link is the paper's
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert "<script>" not in body and not _opens_script_link(body)


def test_dry_run_changes_nothing(setup: tuple[Config, Store, LocalForge, Path]) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00071", "Dry model", score=0.8)
    result = propose(config, store, forge, dry_run=True, now=W48)
    assert result.status == "dry-run" and result.count == 1 and "Dry model" in result.body
    assert git(repo, "branch", "--list", "fmwatch/*") == ""
    assert ProposalStore(store.db).candidates() == []


def test_reject_is_respected_and_reopen_restores(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, _repo = setup
    a = add_work(store, "2611.00081", "Rejected before proposal", score=0.9)
    runner = CliRunner()
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    out = runner.invoke(cli, ["reject", a, "--reason", "not a foundation model"], env=env)
    assert out.exit_code == 0, out.output
    assert out.output.strip() == f"{a}: rejected (not a foundation model)"
    assert propose(config, store, forge, now=W48).status == "nothing-new"
    out = runner.invoke(cli, ["candidates", "--status", "rejected", "--json"], env=env)
    data = json.loads(out.output)
    assert [(d["work_id"], d["reason"]) for d in data] == [(a, "not a foundation model")]
    assert runner.invoke(cli, ["reopen", a], env=env).exit_code == 0
    # reopened: no longer shown with the reason it was rejected for (the log keeps it)
    assert ProposalStore(store.db).candidate(a)["reason"] is None  # type: ignore[index]
    assert propose(config, store, forge, now=W48).status == "proposed"
    decisions = ProposalStore(store.db).decisions()
    assert [d["source"] for d in decisions] == ["curator-reopen", "curator-cli"]
    assert decisions[1]["reason"] == "not a foundation model"


def test_candidates_table_shows_why_a_work_was_rejected(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`reject --help` says the reason is "shown in `fmwatch candidates`": the table shows it
    (one printable line) under the work's id and title, and the whole table fits a terminal of
    80 columns with every id whole (what accept and reject take)."""
    config, store, _forge, _repo = setup
    a = add_work(store, "2611.00082", "A model curators turn down", score=0.9)
    b = add_work(store, "2611.00083", "A model accepted", score=0.8,
                 section="Multimodal data")  # fmt: skip
    runner = CliRunner()
    env = {
        "FMWATCH_STATE_DIR": config.state_dir,
        "FMWATCH_CATALOG": config.catalog,
        "COLUMNS": "80",
    }
    assert runner.invoke(cli, ["accept", b], env=env).exit_code == 0
    table = runner.invoke(cli, ["candidates"], env=env)
    assert table.exit_code == 0 and "reason:" not in table.output
    reason = "a task model, not \x1b[31ma foundation model"
    assert runner.invoke(cli, ["reject", a, "--reason", reason], env=env).exit_code == 0
    table = runner.invoke(cli, ["candidates"], env=env)
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    cells = [line.split("│")[1:-1] for line in lines if line.startswith("│")]
    first = [c[0].strip() for c in cells]
    at = first.index(a)
    assert [c.strip() for c in cells[at][1:]] == ["rejected", "0.90", "Image"]
    assert first[at + 1] == "A model curators turn down"
    assert " ".join(first[at + 2 : at + 4]) == "reason: a task model, not [31ma foundation model"
    assert "\x1b" not in table.output
    assert [c.strip() for c in cells[first.index(b)][1:]] == ["accepted", "0.80", "Multimodal"]


def test_rejecting_a_work_whose_row_is_on_the_open_proposal_says_where_the_row_is(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`fmwatch reject` from the terminal while the work's row waits on the open pull request:
    the row stays there, and merging it accepts the work (the merged catalog wins). A curator
    told only "rejected" merges it; the command says where the row is and what to do."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00085", "A foundation model rejected while proposed", score=0.9)
    assert propose(config, store, forge, now=W48).status == "proposed"
    b = add_work(store, "2611.00086", "Another foundation model, never proposed", score=0.9)
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    out = CliRunner().invoke(cli, ["reject", a, "--reason", "not a model"], env=env)
    assert out.exit_code == 0, out.output
    outbox = ProposalStore(store.db).proposal("fmwatch/2026-W48")["url"]  # type: ignore[index]
    assert out.output.splitlines() == [
        f"{a}: rejected (not a model)",
        f"  its row is still on the open proposal fmwatch/2026-W48 ({outbox}): delete it there "
        "before merging, or the merge accepts the work",
    ]
    # what the note warns of
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    assert sync(config, store, forge).accepted == [a]
    # a work on no open proposal: the one line, as before
    out = CliRunner().invoke(cli, ["reject", b], env=env)
    assert out.exit_code == 0 and out.output.splitlines() == [f"{b}: rejected"]


def test_cli_propose_sync_and_candidates(setup: tuple[Config, Store, LocalForge, Path]) -> None:
    config, store, _forge, _repo = setup
    add_work(store, "2611.00091", "CLI model", score=0.8)
    runner = CliRunner()
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    dry = runner.invoke(cli, ["propose", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("would propose 1 candidate(s) on fmwatch/")
    real = runner.invoke(cli, ["propose"], env=env)
    assert real.exit_code == 0 and real.output.startswith("proposed 1 candidate(s) on fmwatch/")
    table = runner.invoke(cli, ["candidates"], env=env)
    assert "arxiv:2611.00091" in table.output and "proposed" in table.output
    synced = runner.invoke(cli, ["sync"], env=env)
    assert synced.output.strip() == (
        "checked 1 proposal(s): 1 open, 0 merged, 0 closed; "
        "0 accepted (0 edited by curators), 0 rejected"
    )
    unknown = runner.invoke(cli, ["accept", "arxiv:0000.00000"], env=env)
    assert unknown.exit_code == 2
    assert unknown.output.strip() == (
        "fmwatch: no work with id 'arxiv:0000.00000'; run `fmwatch candidates` to see the ids "
        "(they look like arxiv:2408.00738 or doi:10.1038/…)"
    )


@pytest.mark.parametrize("command", ["candidates", "accept", "reject", "reopen", "propose", "sync"])
def test_every_command_has_help(command: str) -> None:
    out = CliRunner().invoke(cli, [command, "--help"])
    assert out.exit_code == 0
    assert len(out.output.split("\n\n")[1].strip()) > 20


def test_done_when_two_weekly_runs_with_a_rejection_in_between(tmp_path: Path) -> None:
    """Two weekly runs, a rejection between them: one PR each, nothing twice, lint clean."""
    repo = make_catalog_repo(tmp_path)
    config = make_config(tmp_path, repo)
    store = Store(config.db_path)
    forge = make_forge(config)
    seen: list[str] = []

    week1 = [
        add_work(store, f"2611.0110{i}", f"Week one foundation model {i}", score=0.7 + i / 100)
        for i in range(3)
    ]
    sync(config, store, forge)
    r1 = propose(config, store, forge, now=W48)
    seen += [c.work_id for c in r1.candidates]
    assert sorted(seen) == sorted(week1)
    # Between runs: the curator rejects one work from the terminal, deletes its row on the
    # branch, merges; a new paper arrives and an old rejected one is re-scored.
    rejected = week1[0]
    assert (
        CliRunner()
        .invoke(
            cli,
            ["reject", rejected],
            env={"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog},
        )
        .exit_code
        == 0
    )
    curator_commit(repo, r1.branch or "", lambda t: without_lines(t, "model 0"), "drop one")
    git(repo, "merge", "-q", "--no-edit", r1.branch or "")
    week2 = [add_work(store, "2612.00001", "Week two foundation model", score=0.75)]
    add_work(
        store, rejected.split(":")[1], "Week one foundation model 0", score=0.99
    )  # re-scored higher

    summary = sync(config, store, forge)
    assert sorted(summary.accepted) == sorted(week1[1:])
    r2 = propose(config, store, forge, now=W49)
    assert r2.branch == "fmwatch/2026-W49" and r2.status == "proposed"
    assert [c.work_id for c in r2.candidates] == week2
    seen += [c.work_id for c in r2.candidates]
    assert len(seen) == len(set(seen))
    assert rejected not in [c.work_id for c in r2.candidates]
    assert propose(config, store, forge, now=W49).status == "nothing-new"
    final = git(repo, "show", f"{r2.branch}:CATALOG.md") + "\n"
    _assert_table_intact(final)
    assert [f for f in lint_catalog(CATALOG) if f.severity == "error"] == []
    errors = [f for f in lint_catalog(final) if f.severity == "error"]
    assert errors == []
    assert len(list((Path(config.state_dir) / "outbox").iterdir())) == 2


# -- untrusted text in the pull request ----------------------------------------------------------
NASTY = (
    "Evil | `tick` <script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[x](javascript:alert(3)) ](javascript:alert(4)) @octocat cc @org/team fixes #123 and GH-7 "
    "see www.evil.example or https://evil.example\r\n# Heading\n- item\x00\x07\x1b[31m "
    "\u202egnp.exe\u2066 end"
)


def _rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_hostile_text_in_the_pr_body_is_inert_and_mentions_nobody(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00071", NASTY, model_name="@octocat|x", abstract=NASTY, score=0.9)
    add_work(store, "2611.00072", "Near " + NASTY, score=0.45, decision="near-miss")
    result = propose(config, store, forge, now=W48)
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    _, _, body = body.partition("\n---\n")
    # GitHub would notify @octocat and @org/team and cross-reference #123 / GH-7: not any more
    assert "@octocat" not in body and "@org" not in body
    assert "@\u2060octocat" in body and "@\u2060org/team" in body
    assert "#123" not in body and "#\u2060123" in body and "GH-\u20607" in body
    # nothing that could reorder text, ring a bell or colour a terminal, no stray line breaks
    for bad in ("\x00", "\x07", "\x1b", "\u202e", "\u2066", "\r"):
        assert bad not in body
    html = _rendered(body)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text
    assert "<h1>" not in html  # "# Heading" from the title did not become a heading
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith("https://arxiv.org/abs/2611.000") for link in links)
    # both the candidate list and the near-miss table carry the title, each on one line
    assert sum("Heading" in line for line in body.splitlines()) == 2
    # and the catalog row is one clean line too
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md") + "\n"
    _assert_table_intact(text)
    row = next(line for line in text.splitlines() if "2611.00071" in line)
    for bad in ("\x00", "\x1b", "\u202e"):
        assert bad not in row
    assert not _opens_script_link(row)
    row_html = _rendered(text)
    assert "<script" not in row_html and "<img" not in row_html
    assert 'href="javascript' not in row_html


def test_a_candidate_without_a_model_name_asks_the_curator_for_one(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, _ = setup
    add_work(store, "2611.00091", "A generalist foundation model", score=0.9)
    add_work(store, "2611.00092", "UNI: a foundation model", model_name="UNI", score=0.9)
    body = propose(config, store, forge, now=W48).body
    lines = body.splitlines()
    unnamed = lines.index("- [ ] A generalist foundation model")
    assert lines[unnamed + 1].endswith("· no model name found: fill in the row's Name")
    # (the title's own "UNI:" is not repeated after the name)
    named = lines.index("- [ ] **UNI**: a foundation model")
    assert "no model name" not in lines[named + 1]
    assert "**-**" not in body
    # each candidate is one tight list item: its details follow one another without a blank
    # line (one there made GitHub render the details as spaced paragraphs)
    for start in (unnamed, named):
        assert lines[start + 2].startswith("  - "), lines[start : start + 4]


def test_very_long_titles_are_clipped_and_the_body_stays_under_githubs_limit(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, _ = setup
    long_title = "Foundation " + "model " * 5000
    add_work(store, "2611.00081", long_title, score=0.9)
    result = propose(config, store, forge, now=W48)
    title_line = next(line for line in result.body.splitlines() if line.startswith("- [ ]"))
    assert len(title_line) < 400 and title_line.endswith("…")
    assert len(result.body) < 65_536
    row = result.candidates[0].row
    assert len(row) < 600 and "model model…](https://arxiv.org/abs/2611.00081)" in row


def test_clip_body_cuts_at_a_line_and_says_so() -> None:
    from fmwatch.proposals import clip_body

    body = "".join(f"- line {i}\n" for i in range(20_000))
    clipped = clip_body(body)
    assert len(clipped) <= 60_100
    head, note = clipped.rstrip("\n").rsplit("\n\n", 1)
    assert note == "*(Truncated: the list is longer than a pull-request body allows.)*"
    assert all(re.fullmatch(r"- line \d+", line) for line in head.splitlines())
    assert clip_body("short\n") == "short\n"


def test_terminal_output_carries_no_escape_sequences(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, _forge, _repo = setup
    add_work(store, "2611.00095", "Term \x9b2J\x1b[31m \u202eevil [bold]x[/bold]", score=0.8)
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    runner = CliRunner()
    for args in (["propose", "--dry-run"], ["propose"], ["candidates"]):
        out = runner.invoke(cli, args, env=env)
        assert out.exit_code == 0, out.output
        for bad in ("\x9b", "\x1b", "\u202e"):
            assert bad not in out.output
        # shown literally, never read as rich markup (the table folds long titles over lines)
        assert "[bold]x[/bold]" in out.output or "[/bo" in out.output


def _cellplm_preprint(published_doi: str) -> Paper:
    """The bioRxiv record of a catalogued preprint, with the journal DOI the server gives."""
    return Paper(
        source="biorxiv",
        source_id="10.1101/2023.10.03.560734",
        title="CellPLM",
        doi="10.1101/2023.10.03.560734",
        published_doi=published_doi,
    )


def test_link_updates_name_rows_whose_preprint_has_a_journal_version(tmp_path: Path) -> None:
    from fmwatch import catalog as catalog_mod
    from fmwatch.proposals import link_updates
    from fmwatch.store import Store

    text = (
        "## 3) Genomic data\n\n| Name | Paper | GitHub | Model weight | Note |\n"
        "|---|---|---|---|---|\n"
        "| CellPLM | [t](https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1.full.pdf)"
        " | - | - | - |\n"
        "| Linked | [t](https://doi.org/10.1038/s41592-024-02201-0) | - | - | - |\n"
    )
    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers([_cellplm_preprint("10.1000/journal.cellplm")])
        updates = link_updates(store, catalog_mod.parse_catalog(text))
    assert [(u.name, u.new_url, u.line) for u in updates] == [
        ("CellPLM", "https://doi.org/10.1000/journal.cellplm", 5)
    ]


def test_a_declined_link_update_is_not_offered_again_until_reopened(tmp_path: Path) -> None:
    """`fmwatch reject-link LINK` records a curator's "no" to one preprint -> journal update,
    matched by the preprint's identity whatever spelling of its link is pasted; a different
    journal version found later is offered again, and `reopen-link` undoes it."""
    from fmwatch.proposal_store import ProposalStore
    from fmwatch.proposals import link_updates
    from fmwatch.store import Store

    preprint = "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1.full.pdf"
    text = (
        "## 3) Genomic data\n\n| Name | Paper | GitHub | Model weight | Note |\n"
        f"|---|---|---|---|---|\n| CellPLM | [t]({preprint}) | - | - | - |\n"
    )
    catalog = catalog_mod.parse_catalog(text)
    state = tmp_path / "state"
    catalog_file = tmp_path / "CATALOG.md"
    catalog_file.write_text(text, encoding="utf-8")
    env = {"FMWATCH_STATE_DIR": str(state), "FMWATCH_CATALOG": str(catalog_file)}
    runner = CliRunner()

    def offered() -> list[str]:
        with Store(state / "fmwatch.db") as store:
            return [u.new_url for u in link_updates(store, catalog)]

    def journal_version(doi: str) -> None:
        with Store(state / "fmwatch.db") as store:
            store.upsert_papers([_cellplm_preprint(doi)])

    state.mkdir()
    journal_version("10.1000/wrong.match")
    # the spellings a curator may paste for the same preprint
    for pasted in (
        f"<{preprint}>",
        "https://www.biorxiv.org/content/10.1101/2023.10.03.560734v2",
        "http://biorxiv.org/content/10.1101/2023.10.03.560734",
        "https://dx.doi.org/10.1101/2023.10.03.560734",
        "doi:10.1101/2023.10.03.560734",
        "10.1101/2023.10.03.560734.",
        f"[CellPLM]({preprint})",
    ):
        assert offered() == ["https://doi.org/10.1000/wrong.match"], pasted
        out = runner.invoke(cli, ["reject-link", pasted, "--reason", "not this paper"], env=env)
        assert out.exit_code == 0, (pasted, out.output)
        assert "declined" in out.output and "https://doi.org/10.1000/wrong.match" in out.output
        assert offered() == [], pasted
        with Store(state / "fmwatch.db") as store:
            assert [r["reason"] for r in store.db.table("declined_links").rows] == [
                "not this paper"
            ]
            ProposalStore(store.db).reopen_link({"doi:10.1101/2023.10.03.560734"})
    out = runner.invoke(cli, ["reject-link", preprint], env=env)
    assert out.exit_code == 0 and offered() == []
    journal_version("10.1000/right.one")  # the server corrects its link
    assert offered() == ["https://doi.org/10.1000/right.one"]
    journal_version("10.1000/wrong.match")
    assert offered() == []
    # reopened by another spelling of the same preprint
    out = runner.invoke(cli, ["reopen-link", "doi:10.1101/2023.10.03.560734"], env=env)
    assert out.exit_code == 0, out.output
    assert offered() == ["https://doi.org/10.1000/wrong.match"]
    # a link nothing is offered for, and nothing to reopen: one line each, naming the fix
    # (exit 2 for both, as for an unknown work id: a usage error)
    out = runner.invoke(cli, ["reject-link", "https://arxiv.org/abs/2401.00001"], env=env)
    assert out.exit_code == 2 and "no link update is offered for" in out.output
    assert "arXiv id or DOI" in out.output
    out = runner.invoke(cli, ["reopen-link", "https://arxiv.org/abs/2401.00001"], env=env)
    assert out.exit_code == 2 and "as given to reject-link" in out.output
    # a preprint with a journal version but no catalog row: nothing is offered, nothing stored
    with Store(state / "fmwatch.db") as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id="2402.05555",
                    title="A preprint the catalog does not list",
                    arxiv_id="2402.05555",
                    published_doi="10.1000/other.journal",
                )
            ]
        )
        declines = store.db.table("declined_links").count
    out = runner.invoke(cli, ["reject-link", "https://arxiv.org/abs/2402.05555"], env=env)
    assert out.exit_code == 2 and "no catalog row links" in out.output, out.output
    assert len(out.output.strip().splitlines()) == 1
    with Store(state / "fmwatch.db") as store:
        assert store.db.table("declined_links").count == declines


def test_a_declined_link_update_leaves_the_score_summary_and_the_pull_request(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`fmwatch score` lists link updates too, and the pull request tells curators how to
    decline one: a declined update is in neither."""
    from fmwatch.proposals import decline_link
    from fmwatch.scoring import score_stored

    config, store, forge, repo = setup
    row = "| Prior | [paper](https://arxiv.org/abs/2401.04444) | - | - | - |\n"
    catalog_file = repo / "CATALOG.md"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8") + row, encoding="utf-8")
    git(repo, "commit", "-qam", "a catalogued preprint")
    store.upsert_papers(
        [
            Paper(
                source="arxiv",
                source_id="2401.04444",
                title="A prior preprint of the catalog",
                arxiv_id="2401.04444",
                published_doi="10.1000/prior.journal",
            )
        ]
    )
    catalog = str(catalog_file)
    assert [u.new_url for u in score_stored(config, store, catalog).link_updates] == [
        "https://doi.org/10.1000/prior.journal"
    ]
    add_work(store, "2611.00071", "A proposed model", score=0.9)  # (scored by hand, after)
    result = propose(config, store, forge, now=W48)
    assert result.status == "proposed", result
    body = Path(result.outbox_file or "").read_text()
    assert "https://doi.org/10.1000/prior.journal" in body
    assert "fmwatch reject-link" in body
    decline_link(store, "https://arxiv.org/pdf/2401.04444v3", None)
    assert score_stored(config, store, catalog).link_updates == []
    assert propose(config, store, forge, now=W48, dry_run=True).link_updates == []


def test_the_digest_shows_the_best_near_misses_not_yet_reported(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Ten near-misses were reported: an eleventh, scored lower, is the next digest's news (the
    cap applies to what is new, not before it)."""
    from fmwatch.pipeline import _new_near_misses

    _, store, _, _ = setup
    ids = [
        add_work(
            store,
            f"2611.003{i:02d}",
            f"Near miss number {i}",
            score=0.5 - i / 100,
            decision="near-miss",
        )
        for i in range(11)
    ]
    items, shown = _new_near_misses(store, near_misses(store, limit=None))
    assert shown == ids[:10] and len(items) == 10
    with store.db.conn:
        store.db.table("digests").insert(
            {
                "run_id": 1,
                "week": "2026-W48",
                "path": "x",
                "last_decision_id": 0,
                "written": "2026-11-25T09:00:00Z",
                "near_misses": json.dumps(shown),
            }
        )
    _, later = _new_near_misses(store, near_misses(store, limit=None))
    assert later == [ids[10]]


@pytest.mark.parametrize(
    ("migration", "table", "rows", "column", "reported"),
    [
        # near-misses: the last old digest showed (at most) what is a near-miss now
        (
            "007_digest_near_misses",
            "scores",
            [
                {"work_id": "arxiv:2611.00401", "decision": "near-miss", "score": 0.5},
                {"work_id": "arxiv:2611.00402", "decision": "propose", "score": 0.9},
            ],
            "near_misses",
            "arxiv:2611.00401",
        ),
        # candidates: the last old digest came after every open proposal
        (
            "011_digest_candidates",
            "candidates",
            [
                {"work_id": "arxiv:2611.00402", "status": "proposed", "score": 0.9},
                {"work_id": "arxiv:2611.00403", "status": "accepted", "score": 0.8},
            ],
            "candidates",
            "arxiv:2611.00402",
        ),
    ],
    ids=["near-misses", "open-proposals"],
)
def test_the_upgrade_counts_what_the_last_old_digest_reported(
    tmp_path: Path,
    migration: str,
    table: str,
    rows: list[dict[str, Any]],
    column: str,
    reported: str,
) -> None:
    """Digests written before what they reported was recorded: the last one is given what it
    must have reported, so the first digest after the upgrade does not report it again."""
    from db_support import database_before

    path = tmp_path / "old.db"
    db = database_before(path, migration)
    db.table(table).insert_all(rows)
    db.table("digests").insert_all(
        [
            {"run_id": 1, "week": "2026-W47", "path": "a", "last_decision_id": 0, "written": "x"},
            {"run_id": 2, "week": "2026-W48", "path": "b", "last_decision_id": 0, "written": "y"},
        ]
    )
    db.conn.commit()
    db.close()
    with Store(path) as store:
        found = list(store.db.execute(f"SELECT week, {column} FROM digests ORDER BY id"))
    assert found == [("2026-W47", None), ("2026-W48", f'["{reported}"]')]


def test_a_curators_broken_row_is_named_and_leaves_no_branch_behind(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A row of the curators' own with a cell missing: its section's candidates wait, with one
    line naming the row and the fix (not "a bug, please report it"), and no branch is left at
    that commit; once main is fixed the proposal is built on the fixed catalog."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00061", "A model proposed after a broken row", score=0.9)
    uni = next(line for line in CATALOG.splitlines() if line.startswith("| UNI |"))
    broken = "| Short | [A review](https://arxiv.org/abs/2402.00002) | - | - |"
    on_main = repo / "CATALOG.md"
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{broken}"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "a row with four cells")
    line = on_main.read_text(encoding="utf-8").splitlines().index(broken) + 1
    held = propose(config, store, forge, now=W48)
    assert held.candidates == [] and held.unplaced == [
        f"{a}: the catalog's row at line {line} has 4 cells, not as many as its table's columns "
        "(section 'Image Data'); fix that row (`fmwatch catalog lint` lists such rows)"
    ]
    assert forge.branch_sha("fmwatch/2026-W48") is None
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{broken} - |"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "fixed")
    result = propose(config, store, forge, now=W48)
    assert result.status == "proposed" and [c.work_id for c in result.candidates] == [a]
    assert f"{broken} - |" in forge.read_catalog("fmwatch/2026-W48")


def test_an_updated_body_describes_the_branch_as_it_is(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Rows curators deleted from the open branch are not listed again; a work whose row is
    still on the branch is not counted as added, and no commit is claimed when none was made."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00111", "Kept foundation model", score=0.9)
    b = add_work(store, "2611.00112", "Deleted foundation model", score=0.8)
    propose(config, store, forge, now=W48)
    curator_commit(
        repo, "fmwatch/2026-W48", lambda t: without_lines(t, "2611.00112"), "not this one"
    )
    d = add_work(store, "2611.00113", "A later foundation model", score=0.7)
    second = propose(config, store, forge, now=W48)
    assert second.status == "updated"
    body = second.body
    assert "A later foundation model" in body and "Kept foundation model" in body
    assert "Deleted foundation model" not in body.split("## Near misses")[0]
    assert "fmwatch proposes **2** candidate entries" in body
    assert (
        "Updated 2026-W48: 1 new entry added. 1 earlier row was removed from the branch and is "
        "no longer listed (recorded as rejected when this is merged)." in body
    )
    assert "its changes were added as a new commit on top." in body
    # a work reopened while its row is still on the branch: listed, but nothing is added
    curator_decide(store, a, "rejected")
    curator_decide(store, a, "pending")
    third = propose(config, store, forge, now=W48)
    assert third.status == "updated"
    assert "new entry added" not in third.body and "new commit on top" not in third.body
    assert "fmwatch never rewrites them." in third.body
    assert "Kept foundation model" in third.body and "A later foundation model" in third.body
    assert [c.work_id for c in second.candidates] == [d] and b not in third.body


def test_a_work_rejected_from_the_terminal_but_merged_with_its_row_is_accepted(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`fmwatch reject ID`, then the pull request merged with that row still in it: the
    catalog holds the work, so it is accepted (a rejection would hold back papers like it);
    a row the curators did delete stays rejected."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00121", "Rejected then merged model", score=0.9)
    b = add_work(store, "2611.00122", "Rejected and deleted model", score=0.8)
    propose(config, store, forge, now=W48)
    curator_decide(store, a, "rejected", "changed my mind")
    curator_decide(store, b, "rejected")
    curator_commit(repo, "fmwatch/2026-W48", lambda t: without_lines(t, "2611.00122"), "drop b")
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    pstore = ProposalStore(store.db)
    assert summary.accepted == [a]
    assert pstore.candidate(a)["status"] == "accepted"  # type: ignore[index]
    assert pstore.candidate(b)["status"] == "rejected"  # type: ignore[index]


@pytest.mark.parametrize(("how", "state"), [("merge", "merged"), ("delete", "closed")])
def test_the_pr_file_says_what_became_of_the_proposal(
    setup: tuple[Config, Store, LocalForge, Path], how: str, state: str
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00131", "A model whose proposal ends", score=0.9)
    result = propose(config, store, forge, now=W48)
    outbox = Path(result.outbox_file or "")
    assert outbox.read_text(encoding="utf-8").startswith("state: open\n")
    if how == "merge":
        git(repo, "merge", "-q", "fmwatch/2026-W48")
    else:
        git(repo, "branch", "-q", "-D", "fmwatch/2026-W48")
    sync(config, store, forge)
    text = outbox.read_text(encoding="utf-8")
    assert text.startswith(f"state: {state}\nbranch: fmwatch/2026-W48\n")
    assert "## Candidates" in text  # the body is kept as it was


def test_a_deleted_row_with_a_title_like_a_kept_ones_stays_rejected(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Two works with nearly the same title; the curators delete one row and merge: the other
    row is not taken for it (it stays rejected, once)."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00141", "RetFound: a foundation model for retinal images", score=0.9)
    b = add_work(store, "2611.00142", "RetFound: A foundation model for retinal images", score=0.8)
    propose(config, store, forge, now=W48)
    curator_commit(repo, "fmwatch/2026-W48", lambda t: without_lines(t, "2611.00142"), "dup")
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.accepted, summary.rejected) == ([a], [b])
    assert ProposalStore(store.db).candidate(b)["status"] == "rejected"  # type: ignore[index]


def test_a_deleted_row_is_not_taken_for_a_catalogued_row_naming_another_model(
    tmp_path: Path,
) -> None:
    """The catalog already holds KRONOS, linked by a title without its name; the bot proposes
    another group's "SPARC: <the same words>", and the curators delete that row and merge. The
    proposal stays rejected: the KRONOS row, alike by title, names another model."""
    row = (
        "| KRONOS | [A Foundation Model for Spatial Proteomics](https://arxiv.org/abs/2506.03373)"
        " | - | - | Spatial proteomics encoder. |\n"
    )
    heading = "## 3) Genomic data\n"
    at = CATALOG.index("|", CATALOG.index("|------|", CATALOG.index(heading))) + 1
    text = CATALOG[:at] + CATALOG[at:].replace("\n", "\n" + row, 1)
    assert "KRONOS" in [e.name for e in catalog_mod.parse_catalog(text).entries()]
    repo = make_catalog_repo(tmp_path, text)
    config = make_config(tmp_path, repo)
    store = Store(config.db_path)
    forge = make_forge(config)
    sparc = add_work(
        store,
        "2611.00151",
        "SPARC: a foundation model for spatial proteomics",
        model_name="SPARC",
        section="Genomic data",
    )
    propose(config, store, forge, now=W48)
    curator_commit(repo, "fmwatch/2026-W48", lambda t: without_lines(t, "2611.00151"), "not ours")
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert (summary.accepted, summary.rejected) == ([], [sparc])


def test_a_dry_run_writes_nothing_to_the_pr_file_and_a_squash_merge_is_recorded(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    config, store, forge, repo = setup
    add_work(store, "2611.00151", "A squash-merged foundation model", score=0.9)
    outbox = Path(propose(config, store, forge, now=W48).outbox_file or "")
    git(repo, "merge", "-q", "fmwatch/2026-W48")
    before = outbox.read_text(encoding="utf-8")
    add_work(store, "2611.00152", "Another foundation model", score=0.9)
    propose(config, store, forge, now=W48, dry_run=True, synced=True)
    assert outbox.read_text(encoding="utf-8") == before  # a dry run changes nothing
    # a squash merge (the branch stays; its rows copied to main) is found by sync and noted
    add_work(store, "2611.00153", "A third foundation model", score=0.9)
    sync(config, store, forge)
    second = propose(config, store, forge, now=W48)
    on_main = repo / "CATALOG.md"
    on_main.write_text(forge.read_catalog(second.branch or ""), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "squash")
    summary = sync(config, store, forge)
    assert summary.merged == 1
    second_file = Path(second.outbox_file or "")
    assert second_file.read_text(encoding="utf-8").startswith("state: merged\n")


def test_a_work_accepted_from_the_terminal_whose_proposal_closes_is_pointed_out(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`fmwatch accept ID`, then the proposal closed unmerged: the work stays accepted (the
    curator said so) but its row is not in the catalog, and fmwatch never proposes an accepted
    work again: sync says which, and how to mend it."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00161", "An accepted foundation model", score=0.9)
    b = add_work(store, "2611.00162", "A merely proposed foundation model", score=0.8)
    propose(config, store, forge, now=W48)
    curator_decide(store, a, "accepted")
    git(repo, "branch", "-q", "-D", "fmwatch/2026-W48")  # closed without merging
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    out = CliRunner().invoke(cli, ["sync"], env=env)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1:] == [
        f"  {a} was accepted but its proposal was closed, so its row is not in the catalog; "
        f"add the row by hand, or `fmwatch reopen {a}` to have it proposed again"
    ]
    assert ProposalStore(store.db).candidate(b)["status"] == "rejected"  # type: ignore[index]
    assert CliRunner().invoke(cli, ["reopen", a], env=env).exit_code == 0
    assert [c.work_id for c in propose(config, store, forge, now=W48).candidates] == [a]


def test_a_merged_work_whose_row_later_leaves_the_catalog_is_pointed_out_each_sync(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """Merged, so accepted (never proposed again); then a curator reverts the merge or deletes
    the row on main. The work is neither catalogued nor proposable: every sync says so, and how
    to settle it, until a curator does (`reject` keeps it out, `reopen` proposes it again)."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00171", "A kept foundation model for pathology slides", score=0.9)
    b = add_work(store, "2611.00172", "A removed foundation model for retinal images", score=0.8)
    propose(config, store, forge, now=W48)
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    first = sync(config, store, forge)
    assert sorted(first.accepted) == sorted([a, b]) and first.accepted_then_removed == []
    catalog = repo / "CATALOG.md"  # a curator deletes one of the merged rows on main
    catalog.write_text(without_lines(catalog.read_text("utf-8"), "retinal images"), "utf-8")
    git(repo, "commit", "-q", "-am", "drop a row")
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    for _ in range(2):  # (until settled, every sync)
        out = CliRunner().invoke(cli, ["sync"], env=env)
        assert out.exit_code == 0, out.output
        assert out.output.splitlines()[1:] == [
            f"  {b} was accepted (its proposal was merged) but its row is no longer in the "
            f"catalog (removed, or the merge reverted?); `fmwatch reject {b}` if that was meant, "
            f"or `fmwatch reopen {b}` to have it proposed again"
        ]
    assert CliRunner().invoke(cli, ["reject", b, "--reason", "not a model"], env=env).exit_code == 0
    assert sync(config, store, forge).accepted_then_removed == []


def test_when_every_candidate_waits_the_command_says_why_dry_or_not(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A broken row holds back the only candidate: `propose` and `propose --dry-run` agree
    (nothing new, no branch) and both name the row to fix."""
    config, store, forge, repo = setup
    a = add_work(store, "2611.00181", "A held back foundation model", score=0.9)
    uni = next(line for line in CATALOG.splitlines() if line.startswith("| UNI |"))
    on_main = repo / "CATALOG.md"
    broken = "| Short | [A review](https://arxiv.org/abs/2402.00002) | - | - |"
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{broken}"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "a row with four cells")
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    for args in (["propose", "--dry-run"], ["propose"]):
        out = CliRunner().invoke(cli, args, env=env)
        assert out.exit_code == 0, out.output
        lines = out.output.splitlines()
        assert lines[0] == "nothing new to propose"
        assert lines[1].startswith(f"  skipped {a}: the catalog's row at line ")
        as_json = json.loads(CliRunner().invoke(cli, [*args, "--json"], env=env).output)
        assert as_json["status"] == "nothing-new" and as_json["branch"] is None
    assert forge.branch_sha("fmwatch/2026-W48") is None


def _branch_with_a_row_main_then_fixes(
    config: Config, store: Store, forge: LocalForge, repo: Path
) -> tuple[str, Path, str]:
    """The branch is made while main has a broken row in Image Data (another section's
    candidate goes in); then main fixes the row. Returns the row as broken, main's catalog file
    and the id of an Image Data candidate waiting for the next run."""
    uni = next(line for line in CATALOG.splitlines() if line.startswith("| UNI |"))
    broken = "| Short | [A review](https://arxiv.org/abs/2402.00002) | - | - |"
    on_main = repo / "CATALOG.md"
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{broken}"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "a row with four cells")
    add_work(store, "2611.00191", "A genomic language model of regulatory DNA", score=0.9,
             section="Genomic data")  # fmt: skip
    assert propose(config, store, forge, now=W48).status == "proposed"
    waiting = add_work(store, "2611.00192", "A whole-slide pathology foundation model", score=0.8)
    on_main.write_text(CATALOG.replace(uni, f"{uni}\n{broken} - |"), encoding="utf-8", newline="")
    git(repo, "commit", "-q", "-am", "fixed on main")
    return broken, on_main, waiting


def test_a_row_fixed_on_main_reaches_the_open_branch_before_rows_are_added(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """main is merged into the open proposal's branch first (one merge commit, by the bot), so
    the fix is on the branch, the waiting candidate goes in, and the branch merges cleanly."""
    config, store, forge, repo = setup
    broken, on_main, waiting = _branch_with_a_row_main_then_fixes(config, store, forge, repo)
    again = propose(config, store, forge, now=W48)
    assert again.unplaced == [] and again.behind is None
    assert [c.work_id for c in again.candidates] == [waiting] and again.status == "updated"
    assert again.human_commits == []  # (the merge commit is the bot's)
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert f"{broken} - |" in text and "regulatory DNA" in text and "whole-slide" in text
    merge = git(repo, "rev-parse", "fmwatch/2026-W48^")
    assert git(repo, "rev-list", "--parents", "-n", "1", merge).split()[1:] == [
        git(repo, "rev-parse", "fmwatch/2026-W48~2"),
        git(repo, "rev-parse", "main"),
    ]
    assert git(repo, "log", "-1", "--format=%ae %s", merge) == (
        "fmwatch-bot@users.noreply.github.com fmwatch: bring the proposal up to date with main"
    )
    # what the curator's merge will do: no conflict, main's rows and the proposal's
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    merged = on_main.read_text(encoding="utf-8")
    assert f"{broken} - |" in merged and "whole-slide" in merged and "<<<<" not in merged


def _branch_that_conflicts_with_main(
    config: Config, store: Store, forge: LocalForge, repo: Path
) -> str:
    """:func:`_branch_with_a_row_main_then_fixes`, then a curator renames the broken row on the
    branch, another way than main fixed it: merging main would conflict. The waiting work."""
    broken, _, waiting = _branch_with_a_row_main_then_fixes(config, store, forge, repo)
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda t: t.replace(broken, broken.replace("Short", "Shorter")),
        "renamed on the branch",
    )
    return waiting


def test_a_branch_that_conflicts_with_main_is_updated_as_it_is_and_says_so(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A curator changed the broken row on the branch one way and main another: the merge
    would conflict, so the branch is left as it was; the reason names the branch and the
    warning says how to settle it."""
    config, store, forge, repo = setup
    waiting = _branch_that_conflicts_with_main(config, store, forge, repo)
    tip = git(repo, "rev-parse", "fmwatch/2026-W48")
    again = propose(config, store, forge, now=W48)
    assert [reason.split(": ", 1)[0] for reason in again.unplaced] == [waiting]
    assert again.unplaced[0].endswith(" on branch fmwatch/2026-W48 too, or close that proposal")
    assert again.behind == (
        "the pull request's branch fmwatch/2026-W48 conflicts with main (CATALOG.md), so it was "
        "not brought up to date: merge main into fmwatch/2026-W48 and keep both sides' rows in "
        "CATALOG.md"
    )
    assert git(repo, "rev-parse", "fmwatch/2026-W48") == tip  # no half-made merge


def test_the_propose_command_says_the_branch_conflicts_even_when_nothing_is_new(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The same conflict, with the week's only candidate held back by the branch's broken row:
    nothing new goes on the branch, and `fmwatch propose` still says how to settle the conflict
    (the run's warnings and --json do; the terminal said only "nothing new")."""
    config, store, forge, repo = setup
    waiting = _branch_that_conflicts_with_main(config, store, forge, repo)
    env = {"FMWATCH_STATE_DIR": config.state_dir, "FMWATCH_CATALOG": config.catalog}
    out = CliRunner().invoke(cli, ["propose"], env=env)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "nothing new to propose"
    assert lines[1].startswith(f"  skipped {waiting}: ")
    assert lines[2:] == [
        "  warning: the pull request's branch fmwatch/2026-W48 conflicts with main (CATALOG.md), "
        "so it was not brought up to date: merge main into fmwatch/2026-W48 and keep both "
        "sides' rows in CATALOG.md"
    ]


def test_lookups_of_many_works_stay_under_sqlite_s_variable_limit(tmp_path: Path) -> None:
    """A store holding thousands of rejected works (years of weekly runs) is read in slices: one
    ``IN (…)`` list of them all outgrows the limit older SQLite builds have (999 variables),
    set here on the connection."""
    from fmwatch.proposals import _work_keys

    ids = [f"arxiv:2401.{n:05d}" for n in range(1_500)]
    with Store(tmp_path / "db.sqlite") as store:
        store.db["works"].insert_all(
            {"work_id": work_id, "keys": json.dumps([work_id])} for work_id in ids
        )
        pstore = ProposalStore(store.db)
        for work_id in ids:
            pstore.decide(work_id, "rejected", source="pr-closed")
        store.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        keys = _work_keys(store, [{"work_id": work_id} for work_id in ids])
        assert keys == {work_id: [work_id] for work_id in ids}
        assert pstore.last_sources(ids) == dict.fromkeys(ids, "pr-closed")


def _by_hand_at_the_end_of_image_data(repo: Path, row: str) -> None:
    """A curator's commit on main (checked out in ``repo``): ``row`` after the last row of
    Image Data, right where the bot appends, so git cannot merge main into the proposal."""
    on_main = repo / "CATALOG.md"
    lines = on_main.read_bytes().decode("utf-8").splitlines(keepends=True)
    end = lines.index(next(ln for ln in lines if ln.startswith("## 3)"))) - 1
    while not lines[end].startswith("| "):
        end -= 1
    newline = "\r\n" if lines[end].endswith("\r\n") else "\n"
    lines.insert(end + 1, row + newline)
    on_main.write_bytes("".join(lines).encode("utf-8"))
    git(repo, "commit", "-q", "-am", "a row added by hand")


def _hand_row(n: int) -> str:
    link = f"https://arxiv.org/abs/2401.0000{n}"
    return f"| Hand{n} | [A model catalogued by hand, {n}]({link}) | - | - | - |"


@pytest.mark.parametrize("old_git", [False, True], ids=["git", "git before 2.38"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_branch_the_bot_resolves_week_after_week_merges_and_syncs_exactly(
    tmp_path: Path, newline: str, old_git: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Main gets a row by hand where the open proposal appends, two weeks running: each time
    the bot resolves the conflict itself (its merge commits are never "someone other than
    fmwatch"), a dry run in between changes nothing, the catalog keeps its line endings, and
    once the curators merge and delete the branch, sync accepts exactly the proposed rows,
    none of them as edited; with a git too old to merge in memory too."""
    if old_git:
        use_git_before_2_38(tmp_path, monkeypatch)
    repo = make_catalog_repo(tmp_path, CATALOG.replace("\n", newline))
    config = make_config(tmp_path, repo)
    store = Store(config.db_path)
    forge = make_forge(config)
    branch = "fmwatch/2026-W48"
    works = [add_work(store, "2611.00301", "Alpha pathology foundation model", score=0.9)]
    assert propose(config, store, forge, now=W48).status == "proposed"
    for n, week in ((1, W49), (2, datetime(2026, 12, 9, 9, 0, tzinfo=UTC))):
        _by_hand_at_the_end_of_image_data(repo, _hand_row(n))
        works.append(add_work(store, f"2611.0030{n + 1}", f"Model {n + 1} of pathology", score=0.8))
        tip = git(repo, "rev-parse", branch)
        assert propose(config, store, forge, dry_run=True, now=week).status == "dry-run"
        assert git(repo, "rev-parse", branch) == tip
        result = propose(config, store, forge, now=week)
        assert (result.status, result.behind, result.human_commits) == ("updated", None, [])
        body = Path(result.outbox_file or "").read_text(encoding="utf-8")
        assert "someone other than fmwatch" not in body
    text = forge.read_catalog(branch)
    assert text.count("\r\n") == (text.count("\n") if newline == "\r\n" else 0)
    image = text.split("## 2) Image Data", 1)[1].split("## 3)", 1)[0]
    assert [ln.split(" | ", 2)[1][:12] for ln in image.splitlines()[4:] if ln] == [
        "[Towards a g",
        "[A model cat",
        "[A model cat",
        "[Alpha patho",
        "[Model 2 of ",
        "[Model 3 of ",
    ]
    git(repo, "merge", "-q", "--no-edit", branch)
    git(repo, "branch", "-D", branch)
    summary = sync(config, store, forge)
    assert (summary.merged, sorted(summary.accepted), summary.rejected, summary.edited) == (
        1,
        sorted(works),
        [],
        [],
    )


@pytest.mark.parametrize("decision", ["accepted", "rejected"])
def test_a_row_decided_from_the_terminal_stays_on_the_branch_the_bot_resolves(
    setup: tuple[Config, Store, LocalForge, Path], decision: str
) -> None:
    """`fmwatch accept` / `reject` while the row waits on the open proposal leaves the row
    there for the curators (the command says so). The bot resolving a conflict on that branch
    keeps it too: an accepted work whose row silently left the proposal would never reach the
    catalog, and a rejected one's row would not be where the command said it is."""
    config, store, forge, repo = setup
    decided = add_work(store, "2611.00311", "DecidedPath: a whole-slide foundation model",
                       score=0.9)  # fmt: skip
    add_work(store, "2611.00312", "Another pathology foundation model", score=0.85)
    assert propose(config, store, forge, now=W48).status == "proposed"
    curator_decide(store, decided, decision)
    _by_hand_at_the_end_of_image_data(repo, _hand_row(1))
    add_work(store, "2611.00313", "A third pathology foundation model", score=0.8)
    result = propose(config, store, forge, now=W49)
    assert result.behind is None
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert "DecidedPath" in text and "Hand1" in text and "A third pathology" in text
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    sync(config, store, forge)
    assert ProposalStore(store.db).candidate(decided)["status"] == "accepted"  # type: ignore[index]


@pytest.mark.parametrize("where", ["at the bot's place, new link", "at the top of Image Data"])
def test_a_row_copied_to_main_by_hand_is_dropped_from_the_bot_branch_not_listed_twice(
    setup: tuple[Config, Store, LocalForge, Path], where: str
) -> None:
    """A curator copies one proposed row to main by hand while the proposal waits: right where
    the bot appends, pointing it at the journal article (no key of the work matches it any
    more, its title does, as sync finds it; git cannot merge), or at the top of the section
    (git merges it cleanly). Either way the next week's update of the bot-only branch drops
    the bot's own row of that work (the paper would be in the catalog twice once merged),
    keeps the other rows, says so in the pull request, and the merge accepts the work."""
    config, store, forge, repo = setup
    add_work(store, "2611.00321", "Alpha pathology foundation model", score=0.9)
    copied = add_work(store, "2611.00322", "DeltaPath: a whole-slide foundation model for "
                      "computational pathology", score=0.85)  # fmt: skip
    assert propose(config, store, forge, now=W48).status == "proposed"
    row = next(
        ln for ln in forge.read_catalog("fmwatch/2026-W48").splitlines() if "DeltaPath" in ln
    )
    if where.startswith("at the bot's"):
        doi = "https://doi.org/10.1038/s41591-026-00322-x"
        _by_hand_at_the_end_of_image_data(
            repo, row.replace(f"https://arxiv.org/abs/{copied[6:]}", doi)
        )
    else:
        on_main = repo / "CATALOG.md"
        text = on_main.read_text(encoding="utf-8")
        image = text.index("## 2) Image Data")
        first = text.index("\n", text.index("|---", image)) + 1  # (the section's first row)
        on_main.write_text(text[:first] + row + "\n" + text[first:], encoding="utf-8")
        git(repo, "commit", "-q", "-am", "DeltaPath copied by hand")
    add_work(store, "2611.00323", "A third pathology foundation model", score=0.8)
    result = propose(config, store, forge, now=W49)
    assert (result.status, result.behind) == ("updated", None)
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert text.count("DeltaPath") == 1
    assert "Alpha pathology" in text and "A third pathology" in text
    diff = git(repo, "diff", "main", "fmwatch/2026-W48", "--", "CATALOG.md").splitlines()
    assert [ln for ln in diff if ln[:1] in "+-" and "DeltaPath" in ln] == []
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert "1 earlier row was dropped from the branch because `main` holds its work" in body
    assert "removed from the branch" not in body
    listed = body.split("## Candidates", 1)[1].split("\n## ", 1)[0]
    assert "DeltaPath" not in listed and "Alpha pathology" in listed
    # (dropped by the bot's own merge when git could not merge, else by the week's commit)
    dropping = "drop 1 row main holds already"
    log = git(repo, "log", "-2", "--format=%s", "fmwatch/2026-W48")
    assert (dropping in log) is where.startswith("at the top")
    # the next week: nothing is dropped again, and nothing said of it
    add_work(store, "2611.00324", "A fourth pathology foundation model", score=0.8)
    later = propose(config, store, forge, now=datetime(2026, 12, 9, 9, 0, tzinfo=UTC))
    assert later.status == "updated"
    assert dropping not in git(repo, "log", "-1", "--format=%s", "fmwatch/2026-W48")
    body = Path(later.outbox_file or "").read_text(encoding="utf-8")
    assert "dropped from the branch" not in body and "removed from the branch" not in body
    assert "DeltaPath" not in body.split("## Candidates", 1)[1].split("\n## ", 1)[0]
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    summary = sync(config, store, forge)
    assert copied in summary.accepted and summary.rejected == []
    assert ProposalStore(store.db).candidate(copied)["status"] == "accepted"  # type: ignore[index]


def test_a_row_accepted_from_the_terminal_then_copied_to_main_is_dropped_and_counted_once(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """`fmwatch accept` on a proposed work, then its row copied to main by hand: the bot drops
    its own row of it; the pull request says one row was dropped, and no row "removed" (the
    accepted work is no longer among the proposed ones: it must not count twice)."""
    config, store, forge, repo = setup
    add_work(store, "2611.00341", "Alpha pathology foundation model", score=0.9)
    taken = add_work(store, "2611.00342", "EpsilonPath: a whole-slide foundation model for "
                     "computational pathology", score=0.85)  # fmt: skip
    assert propose(config, store, forge, now=W48).status == "proposed"
    curator_decide(store, taken, "accepted")
    row = next(
        ln for ln in forge.read_catalog("fmwatch/2026-W48").splitlines() if "EpsilonPath" in ln
    )
    on_main = repo / "CATALOG.md"
    text = on_main.read_text(encoding="utf-8")
    first = text.index("\n", text.index("|---", text.index("## 2) Image Data"))) + 1
    on_main.write_text(text[:first] + row + "\n" + text[first:], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "EpsilonPath copied by hand")
    add_work(store, "2611.00343", "A third pathology foundation model", score=0.8)
    result = propose(config, store, forge, now=W49)
    body = Path(result.outbox_file or "").read_text(encoding="utf-8")
    assert "1 earlier row was dropped from the branch" in body
    assert "removed from the branch" not in body
    assert git(repo, "show", "fmwatch/2026-W48:CATALOG.md").count("EpsilonPath") == 1


def _checked(text: str) -> str:
    return text.replace("[Alpha ", "[Alpha (checked) ")


@pytest.mark.parametrize("where", ["main", "branch"])
def test_a_commit_landing_while_the_bot_resolves_a_conflict_is_never_undone(
    setup: tuple[Config, Store, LocalForge, Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A curator commits to main, or to the proposal's branch, while the bot is resolving a
    conflict (after it read the catalogs, before its merge commit). The merge is made of the
    commits it read: main's new fix is not reverted by it (merging the proposal keeps it), and
    a branch that moved is left as the curator made it, and said so."""
    config, store, forge, repo = setup
    add_work(store, "2611.00331", "Alpha pathology foundation model", score=0.9)
    assert propose(config, store, forge, now=W48).status == "proposed"
    _by_hand_at_the_end_of_image_data(repo, _hand_row(1))
    add_work(store, "2611.00332", "Beta pathology foundation model", score=0.8)
    resolve = forge.merge_with_catalog

    def meanwhile(*args: Any, **kwargs: Any) -> str:
        if where == "main":
            on_main = repo / "CATALOG.md"
            fixed = on_main.read_text("utf-8").replace("ViT-L/16 pathology", "ViT-L/16 (fixed)")
            on_main.write_text(fixed, encoding="utf-8", newline="")
            git(repo, "commit", "-q", "-am", "a fix on main meanwhile")
        else:
            curator_commit(repo, "fmwatch/2026-W48", _checked, "checked")
        return resolve(*args, **kwargs)

    monkeypatch.setattr(forge, "merge_with_catalog", meanwhile)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated"
    text = git(repo, "show", "fmwatch/2026-W48:CATALOG.md")
    assert "Beta pathology" in text
    if where == "branch":
        assert "Alpha (checked)" in text and "Hand1" not in text
        assert result.behind == (
            "the pull request's branch fmwatch/2026-W48 was not brought up to date with main: "
            "local forge: fmwatch/2026-W48 moved while the bot was merging main into it (someone "
            "committed to it), so it was left as they made it; the next run tries again"
        )
        return
    assert result.behind is None and "Hand1" in text
    git(repo, "merge", "-q", "--no-edit", "fmwatch/2026-W48")
    merged = (repo / "CATALOG.md").read_text("utf-8")
    assert "ViT-L/16 (fixed)" in merged and "Beta pathology" in merged


def test_the_digest_lists_rejections_before_acceptances(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """A merge records a dozen acceptances; the one row a curator removed is the news, so the
    digest's decisions list rejections first, each kind in the order it was made."""
    from fmwatch.pipeline import _decisions_since

    _, store, _, _ = setup
    ids = [add_work(store, f"2611.004{i:02d}", f"Decided model {i}") for i in range(4)]
    for work_id, status in zip(ids, ["accepted", "rejected"] * 2, strict=True):
        curator_decide(store, work_id, status)
    decisions, newest = _decisions_since(store, 0)
    assert [(d.decision, d.title) for d in decisions] == [
        ("rejected", "Decided model 1"),
        ("rejected", "Decided model 3"),
        ("accepted", "Decided model 0"),
        ("accepted", "Decided model 2"),
    ]
    assert newest == 4


def test_the_note_to_complete_stays_in_an_updated_pull_request_until_the_note_is(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """What a drafted note lacks is said only in the pull request: an update lists it again for
    the earlier row, until a curator has completed the row's note on the branch."""
    config, store, forge, repo = setup
    gap = "note to complete from the paper: no training-data figures in the abstract"
    add_work(store, "2611.00501", "A dermatology foundation model", abstract="It transfers.")
    propose(config, store, forge, now=W48)
    add_work(store, "2611.00502", "A radiology foundation model", abstract="It transfers.")
    body = Path(propose(config, store, forge, now=W49).outbox_file or "").read_text("utf-8")
    assert body.count(gap) == 2
    curator_commit(
        repo,
        "fmwatch/2026-W48",
        lambda text: text.replace(
            "Dermatology foundation model.", "Trained on 1.2 million skin photographs."
        ),
        "complete a note",
    )
    add_work(store, "2611.00503", "An ECG foundation model", abstract="It transfers.")
    body = Path(propose(config, store, forge, now=W49).outbox_file or "").read_text("utf-8")
    assert body.count(gap) == 2  # radiology's and the ECG model's, not dermatology's


def test_links_that_are_no_web_address_are_not_rendered_as_links_in_the_pr_body() -> None:
    """The PR body's one URL sanitiser (fmwatch.templating.safe_url) gives "" for anything but
    an http(s) address with a host: a source that is none is left out of the sources line (not
    listed as <about:blank>), and a catalog row's link that is none is shown as text."""
    from fmwatch.proposals import Candidate, LinkUpdate, render_body

    cand = Candidate(
        work_id="arxiv:2611.00101",
        title="A model",
        score=0.9,
        section="Image Data",
        name="M",
        keys=["arxiv:2611.00101"],
        paper_url="https://arxiv.org/abs/2611.00101",
        code_url="javascript:alert(1)",
        weights_url="https://",
        links=[("DOI", "javascript:alert(2)"), ("arXiv", "https://arxiv.org/abs/2611.00101")],
    )
    updates = [LinkUpdate("Old", "see the paper", "https://doi.org/10.1/x", 12)]
    body = render_body(week="2026-W48", candidates=[cand], near=[], updates=updates)
    assert "about:blank" not in body and "javascript" not in body
    assert "  - sources: arXiv <https://arxiv.org/abs/2611.00101>\n" in body
    assert "code <" not in body and "weights <" not in body  # neither link is usable
    assert "- Old: see the paper → <https://doi.org/10.1/x>\n" in body
    only_bad = Candidate(**{**cand.as_dict(), "links": [("DOI", "data:text/html,x")]})
    body = render_body(week="2026-W48", candidates=[only_bad], near=[], updates=[])
    assert "  - sources: none\n" in body


def test_a_near_misses_evidence_in_the_digest_does_not_repeat_why_it_was_held_back(
    setup: tuple[Config, Store, LocalForge, Path],
) -> None:
    """The digest says why a near-miss was held back ("held back: …"); its evidence, which the
    scorer keeps that reason in too, lists the rest (with little evidence the reason was among
    the few phrases shown, said twice on one line)."""
    from fmwatch.pipeline import _new_near_misses

    _, store, _, _ = setup
    work_id = add_work(store, "2611.00401", "Tuning a model", score=0.5, decision="near-miss")
    cap = "adapts, fine-tunes, prompts or distils a model (title)"
    evidence = [
        {"kind": "foundation", "phrase": "foundation model", "where": "title", "weight": 0.4},
        {"kind": "cap", "phrase": cap, "where": "rule", "weight": 0.0},
    ]
    with store.db.conn:
        store.db.execute(
            "UPDATE scores SET evidence = ? WHERE work_id = ?", [json.dumps(evidence), work_id]
        )
    items, _ = _new_near_misses(store, near_misses(store, limit=None))
    assert items[0].reason == cap
    assert items[0].evidence == ["model: foundation model (title)"]
