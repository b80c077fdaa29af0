"""State as sorted JSON Lines (for the weekly job's state branch) and the Datasette views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch.cli import cli
from fmwatch.errors import StoreError
from fmwatch.models import Paper, SourceStats, Window
from fmwatch.state_io import export_state, import_state
from fmwatch.store import Store
from fmwatch.views import VIEWS


def filled(path: Path) -> Store:
    store = Store(path)
    store.upsert_papers(
        [
            Paper(
                "arxiv",
                "2605.18298",
                "DARE-EEG: A Foundation Model",
                version=1,
                authors=("Yang Shao",),
            ),
            Paper("arxiv", "2605.08207", "A Breast Vision Pathology Foundation Model", version=1),
            Paper("medrxiv", "10.64898/2026.07.30.26359325", "Acutelines: ünïcode", version=1),
        ]
    )
    run_id = store.start_run("run", Window("2026-05-11", "2026-05-24"))
    store.record_source(run_id, SourceStats("arxiv", requests=1, fetched=2, new=2))
    store.finish_run(run_id, "ok")
    return store


def read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.jsonl"))}


def test_export_is_sorted_and_round_trips(tmp_path: Path) -> None:
    with filled(tmp_path / "a.db") as store:
        counts = export_state(store, tmp_path / "export")
    assert counts["papers"] == 3 and counts["runs"] == 1 and counts["run_sources"] == 1
    lines = (tmp_path / "export" / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source_id"] for line in lines] == [
        "2605.08207",
        "2605.18298",
        "10.64898/2026.07.30.26359325",
    ]
    assert "ünïcode" in lines[2]  # readable, not \u-escaped
    assert not set(VIEWS) & {p.stem for p in (tmp_path / "export").glob("*.jsonl")}
    import_state(tmp_path / "b.db", tmp_path / "export")
    with Store(tmp_path / "b.db") as rebuilt:
        export_state(rebuilt, tmp_path / "again")
    assert read_all(tmp_path / "again") == read_all(tmp_path / "export")


def test_unchanged_database_exports_identical_bytes(tmp_path: Path) -> None:
    with filled(tmp_path / "a.db") as store:
        export_state(store, tmp_path / "one")
        export_state(store, tmp_path / "two")
    assert read_all(tmp_path / "one") == read_all(tmp_path / "two")


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    with filled(tmp_path / "a.db") as store:
        export_state(store, tmp_path / "export")
    with pytest.raises(StoreError) as info:
        import_state(tmp_path / "a.db", tmp_path / "export")
    assert str(info.value) == (
        f"the database {tmp_path / 'a.db'} already exists; pass --replace to rebuild it from "
        f"{tmp_path / 'export'}, or move it aside"
    )


def test_import_names_a_broken_line(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "papers.jsonl").write_text('{"source": "arxiv"\n', encoding="utf-8")
    with pytest.raises(
        StoreError, match=r"papers.jsonl line 1 is not JSON .*; restore the file from git"
    ):
        import_state(tmp_path / "new.db", tmp_path / "export")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"source": "arxiv"\n', "line 2 is not JSON (Expecting ',' delimiter, column 19)"),
        # (an error whose own message ends in "at" is told where)
        (b'{"title": "a\tb"}\n', "line 2 is not JSON (Invalid control character at, column 13)"),
        (b"[1, 2]\n", "line 2 is not a row (a JSON object with columns)"),
        (b"\xff\xfe\n", "is not UTF-8 text (invalid start byte at byte 0)"),
    ],
)
def test_a_broken_export_never_costs_the_database_it_would_replace(
    tmp_path: Path, content: bytes, message: str
) -> None:
    with filled(tmp_path / "a.db") as store:
        export_state(store, tmp_path / "export")
        before = store.dump_json("papers")
    papers = tmp_path / "export" / "papers.jsonl"
    good = papers.read_bytes().splitlines(keepends=True)[0]
    papers.write_bytes(content if content.startswith(b"\xff") else good + content)
    with pytest.raises(StoreError) as info:
        import_state(tmp_path / "a.db", tmp_path / "export", replace=True)
    assert message in str(info.value) and str(info.value).endswith("restore the file from git")
    with Store(tmp_path / "a.db") as kept:
        assert kept.dump_json("papers") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.db"]
    # nor does it leave a half-built database that a retry would refuse to replace
    with pytest.raises(StoreError):
        import_state(tmp_path / "new.db", tmp_path / "export")
    assert not (tmp_path / "new.db").exists()


def test_export_removes_only_the_files_an_earlier_export_wrote(tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "my-labels.jsonl").write_text('{"mine": 1}\n', encoding="utf-8")  # someone's file
    with filled(tmp_path / "a.db") as store:
        export_state(store, out)
        store.db.execute("CREATE TABLE scratch (x)")
        export_state(store, out)
        assert (out / "scratch.jsonl").is_file()
        store.db.execute("DROP TABLE scratch")
        export_state(store, out)
    assert not (out / "scratch.jsonl").exists()  # a table that went: its file goes
    assert (out / "my-labels.jsonl").read_text(encoding="utf-8") == '{"mine": 1}\n'
    manifest = json.loads((out / "fmwatch-export.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["papers"] == 3 and "my-labels" not in manifest["tables"]
    # and the import reads the manifest's tables, not the stranger
    import_state(tmp_path / "b.db", out)
    with Store(tmp_path / "b.db") as rebuilt:
        assert "my-labels" not in rebuilt.db.table_names()


def test_a_foreign_manifest_is_left_alone_and_a_hostile_one_refused(tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "someone else\'s"}', encoding="utf-8")
    (tmp_path / "notes.jsonl").write_text("{}\n", encoding="utf-8")
    with filled(tmp_path / "a.db") as store:
        export_state(store, out)  # another tool's manifest.json is not ours
        assert (out / "manifest.json").read_text(encoding="utf-8") == '{"name": "someone else\'s"}'
        (out / "fmwatch-export.json").write_text(
            json.dumps({"format": "fmwatch-export/1", "tables": {"../notes": 1}}),
            encoding="utf-8",
        )
        with pytest.raises(StoreError, match="is not an fmwatch export manifest"):
            export_state(store, out)
    assert (tmp_path / "notes.jsonl").exists()  # nothing outside the folder was touched


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_an_incomplete_export_is_refused(tmp_path: Path, damage: str) -> None:
    with filled(tmp_path / "a.db") as store:
        export_state(store, tmp_path / "export")
    papers = tmp_path / "export" / "papers.jsonl"
    if damage == "missing":
        papers.unlink()
        expected = "is incomplete (papers.jsonl missing); restore the folder from git"
    else:
        papers.write_text(papers.read_text(encoding="utf-8").splitlines()[0] + "\n")
        expected = "does not match its manifest (papers: other row counts than were exported)"
    with pytest.raises(StoreError) as info:
        import_state(tmp_path / "new.db", tmp_path / "export")
    assert expected in str(info.value)
    assert not (tmp_path / "new.db").exists()


def test_an_export_from_a_newer_fmwatch_is_refused(tmp_path: Path) -> None:
    with filled(tmp_path / "a.db") as store:
        store.db.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES ('999_future', '2027-01-01')"
        )
        export_state(store, tmp_path / "export")
    with pytest.raises(StoreError) as info:
        import_state(tmp_path / "new.db", tmp_path / "export")
    assert "comes from a newer fmwatch (schema 999_future); upgrade fmwatch" in str(info.value)
    assert not (tmp_path / "new.db").exists()


def test_import_waits_for_no_running_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`state import --replace` while a run holds the database would sweep its writes away."""
    from fmwatch.runlock import run_lock

    monkeypatch.chdir(tmp_path)
    db = tmp_path / "state" / "fmwatch.db"
    filled(db).close()
    assert CliRunner().invoke(cli, ["state", "export"]).exit_code == 0
    with run_lock(db):
        refused = CliRunner().invoke(cli, ["state", "import", "--replace"])
    assert refused.exit_code == 1
    assert "another fmwatch run (or propose / sync) is using" in refused.stderr
    replaced = CliRunner().invoke(cli, ["state", "import", "--replace"])
    assert replaced.exit_code == 0, replaced.stderr


def test_import_without_export_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(
        StoreError, match=r"no state export found in .*; run `fmwatch state export` first"
    ):
        import_state(tmp_path / "new.db", tmp_path / "missing")


def test_state_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    filled(tmp_path / "state" / "fmwatch.db").close()
    runner = CliRunner()
    exported = runner.invoke(cli, ["state", "export"])
    assert exported.exit_code == 0, exported.stderr
    assert (tmp_path / "state" / "export" / "papers.jsonl").is_file()
    refused = runner.invoke(cli, ["state", "import"])
    assert refused.exit_code == 1
    assert "already exists; pass --replace" in refused.stderr
    replaced = runner.invoke(cli, ["state", "import", "--replace"])
    assert replaced.exit_code == 0, replaced.stderr
    with Store(tmp_path / "state" / "fmwatch.db") as store:
        assert store.count_papers() == {"arxiv": 2, "medrxiv": 1}


def test_datasette_views_exist_and_read_the_tables(tmp_path: Path) -> None:
    with filled(tmp_path / "a.db") as store:
        assert set(VIEWS) <= set(store.db.view_names())
        rows = list(store.db.query("SELECT source, requests, records, new FROM source_health"))
        assert rows == [{"source": "arxiv", "requests": 1, "records": 2, "new": 2}]
        assert list(store.db.query("SELECT * FROM candidates_by_week")) == []


def _papers(store: Store, first: int, count: int) -> None:
    store.upsert_papers(
        [
            Paper(
                source="arxiv",
                source_id=f"2605.{i:05d}",
                title=f"Paper number {i} on a foundation model",
                abstract="An abstract long enough to fill a part of the export. " * 4,
            )
            for i in range(first, first + count)
        ]
    )


def test_a_table_too_large_for_one_file_is_split_by_key_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub refuses files over 100 MB: a large table is written in parts, each row in the
    part its key hashes to (one new row changes one part), and imported whole."""
    import fmwatch.state_io

    monkeypatch.setattr(fmwatch.state_io, "PART_BYTES", 20_000)
    store = Store(tmp_path / "fmwatch.db")
    _papers(store, 0, 200)
    out = tmp_path / "export"
    counts = export_state(store, out)
    manifest = json.loads((out / "fmwatch-export.json").read_text(encoding="utf-8"))
    parts = manifest["parts"]["papers"]
    assert parts >= 4 and parts & (parts - 1) == 0  # doubled from 1
    files = sorted(p.name for p in out.glob("papers*.jsonl"))
    assert files == sorted(["papers.jsonl", *(f"papers.{i}.jsonl" for i in range(1, parts))])
    assert all(p.stat().st_size <= 20_000 for p in out.glob("papers*.jsonl"))
    before = read_all(out)
    # the parts stay as many (they only ever double), whatever the limit now
    monkeypatch.setattr(fmwatch.state_io, "PART_BYTES", 10**9)
    export_state(store, out)
    assert read_all(out) == before
    _papers(store, 200, 1)  # one more paper: one part changes
    export_state(store, out)
    after = read_all(out)
    changed = sorted(n for n in after if n.startswith("papers") and after[n] != before.get(n))
    assert len(changed) == 1
    rebuilt = tmp_path / "rebuilt.db"
    assert import_state(rebuilt, out)["papers"] == counts["papers"] + 1
    with Store(rebuilt) as again:
        assert again.db.table("papers").count == 201
    # a part beyond the manifest's (left by an older, larger export, or brought back by a
    # merge) is not part of this export: its rows are not imported
    stale = out / f"papers.{parts}.jsonl"
    stale.write_text((out / "papers.jsonl").read_text(encoding="utf-8").replace("2605.", "2699."))
    assert import_state(tmp_path / "again.db", out)["papers"] == counts["papers"] + 1
    with Store(tmp_path / "again.db") as again:
        stale_rows = "select count(*) from papers where source_id like '2699.%'"
        assert again.db.execute(stale_rows).fetchone()[0] == 0
    # a missing part is an incomplete export, named, never a smaller database
    (out / "papers.1.jsonl").unlink()
    with pytest.raises(StoreError, match=r"is incomplete \(papers\.1\.jsonl missing\)"):
        import_state(tmp_path / "other.db", out)
    assert not (tmp_path / "other.db").exists()


def test_rows_larger_than_a_part_or_without_their_key_do_not_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row bigger than a part cannot be split: the doubling stops at MAX_PARTS and the export
    is written (and reads back whole); a table whose rows lack their key is split by text."""
    import sqlite_utils

    import fmwatch.state_io

    monkeypatch.setattr(fmwatch.state_io, "PART_BYTES", 100)
    monkeypatch.setattr(fmwatch.state_io, "MAX_PARTS", 8)
    store = Store(tmp_path / "fmwatch.db")
    _papers(store, 0, 3)  # each row is far more than 100 bytes
    sqlite_utils.Database(store.db.conn).table("notes_without_key").insert_all(
        [{"text": f"note {i} " * 20} for i in range(5)]
    )
    out = tmp_path / "export"
    counts = export_state(store, out)
    manifest = json.loads((out / "fmwatch-export.json").read_text(encoding="utf-8"))
    assert manifest["parts"]["papers"] == 8 and manifest["parts"]["notes_without_key"] == 8
    rebuilt = import_state(tmp_path / "rebuilt.db", out)
    assert rebuilt["papers"] == counts["papers"] == 3 and rebuilt["notes_without_key"] == 5
