"""`fmwatch state replay`: curators' decisions pushed while a run worked, carried into its state.

Real SQLite files and real exports: a base state, a curator's copy of it with decisions made from
the terminal, and a run's copy that went on fetching; the run's copy takes the curator's
decisions, keeps its own work, and refuses a copy that changed more than decisions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch import proposals
from fmwatch.cli import cli
from fmwatch.errors import StoreError
from fmwatch.models import Paper
from fmwatch.proposal_store import ProposalStore
from fmwatch.state_io import export_state, import_state
from fmwatch.state_merge import replay
from fmwatch.store import Store

PROPOSED = ("arxiv:2605.18298", "arxiv:2605.08207")


def paper(source_id: str) -> Paper:
    return Paper("arxiv", source_id, f"A pathology foundation model {source_id}", version=1)


def copy_of(export: Path, db: Path) -> Store:
    import_state(db, export)
    return Store(db)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """The state both sides started from: two works proposed, one curator decision already."""
    with Store(tmp_path / "base.db") as store:
        store.upsert_papers([paper("2605.18298"), paper("2605.08207"), paper("2605.00001")])
        for work in PROPOSED:
            store.db.table("candidates").insert(
                {"work_id": work, "status": "proposed", "title": work, "keys": "[]"}
            )
        proposals.curator_decide(
            store, "arxiv:2605.00001", "rejected", "old", at="2026-05-01T00:00:00+00:00"
        )
        export_state(store, tmp_path / "base")
    return tmp_path / "base"


@pytest.fixture
def theirs(tmp_path: Path, base: Path) -> Path:
    """A curator's copy: one rejection, one acceptance and a declined link update."""
    with copy_of(base, tmp_path / "theirs.db") as store:
        proposals.curator_decide(
            store,
            PROPOSED[0],
            "rejected",
            "a fine-tune for one organ",
            at="2026-05-20T09:00:00+00:00",
        )
        proposals.curator_decide(store, PROPOSED[1], "accepted", at="2026-05-20T09:01:00+00:00")
        ProposalStore(store.db).decline_link(
            "arxiv:2401.00001", "10.1038/s41586-024-00001-1", "arxiv.org/abs/2401.00001", None
        )
        export_state(store, tmp_path / "theirs")
    return tmp_path / "theirs"


def statuses(store: Store) -> dict[str, str]:
    return {r["work_id"]: r["status"] for r in ProposalStore(store.db).candidates()}


def test_a_curators_decisions_are_replayed_into_a_runs_state_with_their_time(
    tmp_path: Path, base: Path, theirs: Path
) -> None:
    with copy_of(base, tmp_path / "ours.db") as ours:
        ours.upsert_papers([paper("2605.99999")])  # the run's own work
        done = replay(ours, theirs, base)
        assert [d["work_id"] for d in done.applied] == list(PROPOSED)
        assert statuses(ours)[PROPOSED[0]] == "rejected"
        assert statuses(ours)[PROPOSED[1]] == "accepted"
        assert ProposalStore(ours.db).candidate(PROPOSED[0])["reason"] == (  # type: ignore[index]
            "a fine-tune for one organ"
        )
        assert ("arxiv:2401.00001", "10.1038/s41586-024-00001-1") in ProposalStore(
            ours.db
        ).declined_links()
        assert done.links_declined == 1
        assert ours.db.execute(
            "SELECT COUNT(*) FROM papers WHERE source_id = '2605.99999'"
        ).fetchone() == (1,)
        # each decision keeps the time the curator made it
        with Store(tmp_path / "theirs.db") as store:
            made = {(d["work_id"], d["at"]) for d in ProposalStore(store.db).decisions()}
        assert {(d["work_id"], d["at"]) for d in ProposalStore(ours.db).decisions()} == made
        # replaying again changes nothing
        again = replay(ours, theirs, base)
        assert (again.applied, again.already, again.links_declined) == ([], 2, 0)
        assert len(ProposalStore(ours.db).decisions()) == 3


def test_without_a_base_only_the_missing_decisions_are_replayed(
    tmp_path: Path, base: Path, theirs: Path
) -> None:
    with copy_of(base, tmp_path / "ours.db") as ours:
        done = replay(ours, theirs)
        assert len(done.applied) == 2 and done.already == 1  # the base's own decision
        assert statuses(ours)[PROPOSED[0]] == "rejected"


def test_a_later_decision_of_the_run_stands(tmp_path: Path, base: Path, theirs: Path) -> None:
    """The run's sync saw the pull request merged after the curator's rejection: the merge, the
    curators' published catalog, is the later word."""
    with copy_of(base, tmp_path / "ours.db") as ours:
        ProposalStore(ours.db).decide(
            PROPOSED[0], "accepted", source="pr-merged", at="2999-01-01T00:00:00+00:00"
        )
        done = replay(ours, theirs, base)
        assert [d["work_id"] for d in done.superseded] == [PROPOSED[0]]
        assert statuses(ours)[PROPOSED[0]] == "accepted"
        assert statuses(ours)[PROPOSED[1]] == "accepted"
        assert "older than this state's own decision (arxiv:2605.18298)" in done.summary()


def test_a_reopened_link_is_reopened_here_too(tmp_path: Path, base: Path) -> None:
    key = ("arxiv:2401.00001", "10.1038/s41586-024-00001-1")
    with copy_of(base, tmp_path / "declined.db") as store:
        ProposalStore(store.db).decline_link(*key, "arxiv.org/abs/2401.00001", None)
        export_state(store, tmp_path / "base2")
        ProposalStore(store.db).reopen_link({key[0]})
        export_state(store, tmp_path / "theirs2")
    with copy_of(tmp_path / "base2", tmp_path / "ours.db") as ours:
        done = replay(ours, tmp_path / "theirs2", tmp_path / "base2")
        assert done.links_reopened == 1
        assert key not in ProposalStore(ours.db).declined_links()


def test_a_state_changed_beyond_decisions_is_refused_and_nothing_is_replayed(
    tmp_path: Path, base: Path
) -> None:
    with copy_of(base, tmp_path / "theirs.db") as store:
        proposals.curator_decide(store, PROPOSED[0], "rejected")
        store.upsert_papers([paper("2605.77777")])  # another run's work
        ProposalStore(store.db).decide(PROPOSED[1], "accepted", source="pr-merged")
        export_state(store, tmp_path / "theirs")
    with copy_of(base, tmp_path / "ours.db") as ours:
        with pytest.raises(StoreError) as caught:
            replay(ours, tmp_path / "theirs", base)
        message = str(caught.value)
        assert "changed more than curators' decisions" in message
        assert "decisions: 1 row(s)" in message and "papers: 1 row(s)" in message
        assert "reconcile by hand" in message
        assert statuses(ours)[PROPOSED[0]] == "proposed"


def test_a_file_of_a_curators_beside_the_tables_is_a_change_too(
    tmp_path: Path, base: Path, theirs: Path
) -> None:
    (theirs / "decisions-by-hand.txt").write_text("reject 2605.08207\n", encoding="utf-8")
    with (
        copy_of(base, tmp_path / "ours.db") as ours,
        pytest.raises(StoreError, match=r"files beside the tables: 1 file\(s\)"),
    ):
        replay(ours, theirs, base)


def test_the_command_replays_and_reports_in_one_line(
    tmp_path: Path, base: Path, theirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_state(tmp_path / "ours.db", base)
    monkeypatch.setenv("FMWATCH_DB", str(tmp_path / "ours.db"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(cli, ["state", "replay", "--from", str(theirs), "--base", str(base)])
    assert done.exit_code == 0, done.output
    assert "2 curator decision(s) replayed" in done.output
    with Store(tmp_path / "ours.db") as ours:
        assert statuses(ours)[PROPOSED[0]] == "rejected"
    missing = runner.invoke(cli, ["state", "replay", "--from", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0
    lines = [line for line in missing.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "no state export found in" in lines[0], missing.output
    assert "Traceback" not in missing.output
    # the export's rows are left as they were
    assert json.loads((theirs / "decisions.jsonl").read_text(encoding="utf-8").splitlines()[0])


LINK = ("arxiv:2401.00001", "10.1038/s41586-024-00001-1")


@pytest.mark.parametrize("damage", ["file", "file and manifest"])
def test_an_incomplete_other_export_is_refused_and_no_link_decline_is_lost(
    tmp_path: Path, damage: str
) -> None:
    """The other export lacks declined_links.jsonl (its manifest lists it, or an older export
    without a manifest): read as an emptied table, every decline the run holds was deleted."""
    with Store(tmp_path / "b.db") as store:
        store.db.table("candidates").insert({"work_id": PROPOSED[0], "status": "proposed"})
        ProposalStore(store.db).decline_link(*LINK, "arxiv.org/abs/2401.00001", None)
        export_state(store, tmp_path / "base")
    with copy_of(tmp_path / "base", tmp_path / "theirs.db") as store:
        proposals.curator_decide(store, PROPOSED[0], "rejected")
        export_state(store, tmp_path / "theirs")
    (tmp_path / "theirs" / "declined_links.jsonl").unlink()
    if damage == "file and manifest":
        (tmp_path / "theirs" / "fmwatch-export.json").unlink()
    with copy_of(tmp_path / "base", tmp_path / "ours.db") as ours:
        with pytest.raises(StoreError, match=r"incomplete|declined_links: 1 row"):
            replay(ours, tmp_path / "theirs", tmp_path / "base")
        assert LINK in ProposalStore(ours.db).declined_links()
        assert statuses(ours)[PROPOSED[0]] == "proposed"


def test_a_hand_edit_of_a_candidate_is_a_change_too(
    tmp_path: Path, base: Path, theirs: Path
) -> None:
    """A candidate's row changed with no curator's decision on its work cannot be replayed
    (only decisions are): refused, not silently replaced by the run's row."""
    with copy_of(base, tmp_path / "edited.db") as store:
        proposals.curator_decide(store, PROPOSED[0], "rejected", at="2026-05-20T09:00:00+00:00")
        store.db.execute("UPDATE candidates SET title = 'fixed' WHERE work_id = ?", [PROPOSED[1]])
        store.db.conn.commit()
        export_state(store, tmp_path / "edited")
    with copy_of(base, tmp_path / "ours.db") as ours:
        with pytest.raises(StoreError, match=r"candidates: 1 row\(s\)"):
            replay(ours, tmp_path / "edited", base)
        # the candidates a curator's decisions change are no reason to refuse
        assert len(replay(ours, theirs, base).applied) == 2


def test_a_link_declined_again_with_another_reason_is_carried(tmp_path: Path) -> None:
    with Store(tmp_path / "b.db") as store:
        ProposalStore(store.db).decline_link(*LINK, "arxiv.org/abs/2401.00001", None)
        export_state(store, tmp_path / "base")
    with copy_of(tmp_path / "base", tmp_path / "theirs.db") as store:
        ProposalStore(store.db).decline_link(*LINK, "arxiv.org/abs/2401.00001", "retracted")
        export_state(store, tmp_path / "theirs")
    with copy_of(tmp_path / "base", tmp_path / "ours.db") as ours:
        assert replay(ours, tmp_path / "theirs", tmp_path / "base").links_declined == 1
        rows = list(ours.db.table("declined_links").rows)
        assert [r["reason"] for r in rows] == ["retracted"]
        assert replay(ours, tmp_path / "theirs", tmp_path / "base").links_declined == 0
