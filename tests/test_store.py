"""The SQLite store: migrations, idempotent upserts, latest version wins, feed state, runs."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fmwatch.errors import StoreError
from fmwatch.models import Paper, SourceStats, Window
from fmwatch.sources.base import Draft
from fmwatch.store import MIGRATIONS, Store


def _paper(version: int = 1, title: str = "A foundation model for cells", **kw: Any) -> Paper:
    return Paper(
        source="arxiv",
        source_id="2605.00001",
        arxiv_id="2605.00001",
        version=version,
        title=title,
        **kw,
    )


def test_migrations_run_once_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        names = [r[0] for r in store.db.execute("SELECT name FROM _migrations ORDER BY name")]
        assert names == sorted(name for name, _ in MIGRATIONS)
        assert {"papers", "feeds", "runs", "run_sources"} <= set(store.db.table_names())
    with Store(path) as again:
        assert again.migrate() == []


def test_a_database_from_before_summaries_is_upgraded_keeping_its_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database as the release before migration 009 wrote it (migrations 001–008, records
    without a summary column) opens, upgrades in place, reads its records back unchanged, and
    the next read of the same records reports nothing updated (their hashes did not change)."""
    import fmwatch.store as store_mod

    path = tmp_path / "db.sqlite"
    old = [m for m in MIGRATIONS if m[0] <= "008"]
    monkeypatch.setattr(store_mod, "MIGRATIONS", old)
    records = [_paper(), Paper(source="nature", source_id="10.1038/s", title="T", doi="10.1038/s")]
    with Store(path) as store:
        assert "summary" not in store.db.table("papers").columns_dict
        with store.db.conn:
            store.db.table("papers").insert_all(_as_written_before_summaries(p) for p in records)
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    with Store(path) as store:
        assert [p.source_id for p in store.iter_papers()] == [r.source_id for r in records]
        assert all(p.summary is None for p in store.iter_papers())
        assert store.upsert_papers(records) == (0, 0)
        journal = Paper(source="nature", source_id="10.1038/s", title="T", summary="Says more.")
        assert store.upsert_papers([journal]) == (0, 1)
        assert store.get_paper("nature", "10.1038/s") == journal


def _as_written_before_summaries(paper: Paper) -> dict[str, object]:
    """The row the release before migration 009 stored: no summary, and its content hash
    computed over the fields it had (sha256 of the repr of the sorted items)."""
    import hashlib

    row = {k: v for k, v in paper.to_row().items() if k not in ("summary", "content_hash")}
    payload = repr(sorted(row.items()))
    row["content_hash"] = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    return row


def test_upsert_counts_new_updated_and_unchanged(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        assert store.upsert_papers([_paper()]) == (1, 0)
        first = store.dump_json("papers")
        assert store.upsert_papers([_paper()]) == (0, 0)
        assert store.dump_json("papers") == first  # not even last_changed moved
        assert store.upsert_papers([_paper(version=2, abstract="new text")]) == (0, 1)
        stored = store.get_paper("arxiv", "2605.00001")
        assert stored is not None and stored.version == 2 and stored.abstract == "new text"


def test_lower_version_never_overwrites(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers([_paper(version=3, title="v3")])
        assert store.upsert_papers([_paper(version=1, title="v1")]) == (0, 0)
        # several versions in one batch: the latest wins, whatever the order
        assert store.upsert_papers(
            [_paper(version=5, title="v5"), _paper(version=4, title="v4")]
        ) == (0, 1)
        stored = store.get_paper("arxiv", "2605.00001")
        assert stored is not None and stored.title == "v5"


def test_roundtrip_keeps_tuples_and_missing_abstract(tmp_path: Path) -> None:
    paper = Paper(
        source="nature",
        source_id="10.1038/x",
        title="T",
        authors=("A", "B"),
        categories=(),
        abstract=None,
    )
    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers([paper])
        assert store.get_paper("nature", "10.1038/x") == paper
        assert store.get_paper("nature", "absent") is None


def test_feed_state_and_runs(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        assert store.feed_state("arxiv") == {} and store.last_success_until("arxiv") is None
        store.save_feed_state("arxiv", window_since="2026-05-01", window_until="2026-05-10")
        store.save_feed_state("arxiv", last_success="2026-05-10T06:00:00+00:00")
        assert store.last_success_until("arxiv") == "2026-05-10"
        run = store.start_run("fetch", Window("2026-05-01", "2026-05-10"))
        store.record_source(run, SourceStats("arxiv", requests=2, fetched=10, new=7, updated=1))
        store.finish_run(run, "ok")
        [row] = store.last_runs(1)
        assert (row["status"], row["window_since"]) == ("ok", "2026-05-01") and row["finished"]
        assert store.run_sources(run)[0]["new"] == 7


def test_damaged_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(info.value).startswith(f"cannot open the database {path} (file is not a database)")
    assert str(info.value).endswith(
        "check the path (FMWATCH_DB / state_dir) or move a damaged file aside"
    )


def test_a_database_of_a_newer_fmwatch_is_refused_not_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # (as a newer version might keep it)
    with conn:
        conn.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES ('999_from_the_future', 'x')"
        )
    conn.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as info:
            Store(path, read_only=read_only)
        assert str(info.value) == (
            f"the database {path} was written by a newer fmwatch (migration 999_from_the_future "
            "is unknown to this one); upgrade fmwatch to use it, and do not rebuild it"
        )
    assert path.read_bytes() == before  # nothing written to it, not even the journal mode
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.parametrize(
    ("error", "free", "fix"),
    [
        (
            "database or disk is full",
            10 << 30,
            "the disk holding {folder} is full; free some space",
        ),
        ("disk I/O error", 0, "the disk holding {folder} is full; free some space"),
        ("disk I/O error", 10 << 30, "the file system under {folder} failed a read or write"),
    ],
)
def test_a_full_or_failing_disk_at_open_is_not_blamed_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str, free: int, fix: str
) -> None:
    import shutil

    import fmwatch.store

    def failing_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError(error)

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(fmwatch.store.sqlite3, "connect", failing_connect)
    monkeypatch.setattr(fmwatch.store.shutil, "disk_usage", lambda _: usage._replace(free=free))
    path = tmp_path / "db.sqlite"
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert message.startswith(f"cannot open the database {path} ({error}); ")
    assert fix.format(folder=tmp_path) in message
    assert "damaged" not in message


def test_batches_are_transactions(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        papers = [
            Paper(source="arxiv", source_id=f"2605.{i:05d}", title=f"t{i}") for i in range(1200)
        ]
        assert store.upsert_papers(papers, batch_size=500) == (1200, 0)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM papers").fetchone() == (1200,)

    def interrupted() -> Iterator[Paper]:
        for i in range(700):
            yield Paper(source="nature", source_id=f"10.1038/{i}", title=f"n{i}")
        raise KeyboardInterrupt  # the user presses Ctrl-C while the second batch is read

    with Store(path) as store, pytest.raises(KeyboardInterrupt):
        store.upsert_papers(interrupted(), batch_size=500)
    # the first batch is whole and committed; nothing of the second one was written
    assert sqlite3.connect(path).execute(
        "SELECT count(*) FROM papers WHERE source = 'nature'"
    ).fetchone() == (500,)


def test_stored_signatures_match_an_unchanged_draft(tmp_path: Path) -> None:
    paper = _paper(
        2,
        authors=("Ana Ruiz", "Bo Li"),
        categories=("cs.LG", "q-bio.QM"),
        updated="2026-05-08T09:30:00Z",
        doi="10.1000/x",
    )
    fields = {
        f.name: getattr(paper, f.name)
        for f in dataclasses.fields(paper)
        if f.name not in ("title", "abstract")
    }
    draft = Draft(fields, raw_title="A foundation model for cells", raw_abstract=None)
    with Store(tmp_path / "db.sqlite") as store:
        store.upsert_papers([paper])
        stored = store.stored_signatures("arxiv", ["2605.00001", "2605.99999"])
        assert stored == {"2605.00001": draft.signature()}  # unknown ids are simply absent
        assert draft.finish() == paper
        # Any field but the text differs -> the signature differs (so the record is re-stored).
        fields["journal_ref"] = "Nature 1 (2026)"
        assert stored["2605.00001"] != draft.signature()


def test_a_lone_surrogate_in_any_field_is_stored_as_the_replacement_character(
    tmp_path: Path,
) -> None:
    paper = Paper(
        source="biorxiv",
        source_id="10.1101/x",
        title="A \ud800 model",
        authors=("Doe, J.\udfff",),
        categories=("bio \ud800",),
    )
    row = paper.to_row()
    assert row["title"] == "A \ufffd model"
    assert json.loads(row["authors"]) == ["Doe, J.\ufffd"]
    with Store(tmp_path / "s.db") as store:
        assert store.upsert_papers([paper]) == (1, 0)


def test_an_interrupted_migration_leaves_nothing_half_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All migrations run in one transaction: interrupted after creating a table (a crash, or a
    second process racing a new database), nothing of it stays, and the next open migrates the
    database whole. (Each CREATE used to commit on its own: tables without their _migrations
    row made a database no later open could migrate.)"""
    import fmwatch.store as store_module

    def broken(db: Any) -> None:
        db.table("papers").create({"source": str}, pk="source")
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "MIGRATIONS", [("001_initial", broken)])
    path = tmp_path / "fmwatch.db"
    with pytest.raises(KeyboardInterrupt):
        Store(path)
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "papers" not in tables
    monkeypatch.undo()
    with Store(path) as store:
        assert {name for name, _ in MIGRATIONS} <= {
            row[0] for row in store.db.execute("SELECT name FROM _migrations")
        }


def test_a_database_another_process_holds_is_waited_for_then_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fmwatch.store as store_module

    monkeypatch.setattr(store_module.time, "sleep", lambda seconds: None)
    calls: list[int] = []

    def busy() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")

    store_module._retry_when_busy(busy)
    assert len(calls) == 3
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        store_module._retry_when_busy(
            lambda: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error"))
        )
    monkeypatch.setattr(
        Store,
        "migrate",
        lambda self: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked")),
    )
    with pytest.raises(StoreError, match="another fmwatch command is using it"):
        Store(tmp_path / "other.db")


def test_someone_elses_database_is_not_blamed_on_another_fmwatch(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE papers (x)")
    with pytest.raises(StoreError) as info:
        Store(foreign)
    assert "another fmwatch command" not in str(info.value)
    assert "move a damaged file aside" in str(info.value)


def test_another_programs_database_is_left_unchanged(tmp_path: Path) -> None:
    """FMWATCH_DB pointed at another program's database: it is refused, not migrated (fmwatch's
    tables, a ``_migrations`` table and WAL mode were added to it)."""
    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(StoreError, match=r"not an fmwatch database.*'notes'"):
        Store(foreign)
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_run_left_running_for_half_a_day_is_marked_interrupted(tmp_path: Path) -> None:
    """kill -9 leaves a run "running" forever; the next run marks old ones interrupted, not
    a run started minutes ago (which may be another command still at work)."""
    with Store(tmp_path / "s.db") as store:
        killed = store.start_run("run")
        recent = store.start_run("fetch")
        store.db.execute(
            "UPDATE runs SET started = '2026-01-01T00:00:00+00:00' WHERE id = ?", [killed]
        )
        store.db.conn.commit()
        store.start_run("run")
        status = {row["id"]: row["status"] for row in store.last_runs(10)}
        assert status[killed] == "interrupted" and status[recent] == "running"
