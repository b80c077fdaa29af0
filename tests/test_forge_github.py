"""The GitHub forge over real sockets against a stateful fake GitHub (tests/fake_github.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from fake_github import FakeGitHub
from fmwatch.config import Config
from fmwatch.errors import ForgeError
from fmwatch.forge import BOT_EMAIL, GitHubForge, LocalForge, PullRequest, make_forge
from fmwatch.proposal_store import ProposalStore
from fmwatch.proposals import propose, sync
from fmwatch.store import Store
from loopback import LoopbackServer, Reply
from proposal_helpers import CATALOG, add_work, make_catalog_repo, make_config, without_lines

TOKEN = "ghp_" + "T0k3nValue" * 4
W48 = datetime(2026, 11, 25, tzinfo=UTC)
W49 = datetime(2026, 12, 2, tzinfo=UTC)


@pytest.fixture
def fake(server: LoopbackServer) -> Iterator[FakeGitHub]:
    gh = FakeGitHub(server, token=TOKEN)
    gh.seed("CATALOG.md", CATALOG)
    yield gh
    assert gh.violations == []


def _config(tmp_path: Path, fake: FakeGitHub, **forge: object) -> Config:
    settings: dict[str, object] = {
        "kind": "github",
        "repository": "example-org/fm-catalog",
        "api_url": fake.api_url,
    }
    settings.update(forge)
    return make_config(tmp_path, None, **settings)


def _forge(tmp_path: Path, fake: FakeGitHub, **forge: object) -> GitHubForge:
    made = make_forge(_config(tmp_path, fake, **forge), token=TOKEN)
    assert isinstance(made, GitHubForge)
    return made


def test_make_forge_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_catalog_repo(tmp_path)
    auto = make_config(tmp_path, repo, repository="example-org/fm-catalog")
    assert isinstance(make_forge(auto), LocalForge)  # no token: local
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    assert isinstance(make_forge(auto), GitHubForge)
    no_repo = make_config(tmp_path, repo)
    assert isinstance(make_forge(no_repo), LocalForge)  # a token but nowhere to send it
    monkeypatch.delenv("GITHUB_TOKEN")
    with pytest.raises(
        ForgeError, match=r'forge.kind is "github" but no token is set; export GITHUB_TOKEN'
    ):
        make_forge(make_config(tmp_path, repo, kind="github", repository="a/b"))
    with pytest.raises(ForgeError, match=r"forge.repository is 'nope'; set it to \"owner/name\""):
        make_forge(make_config(tmp_path, repo, kind="github", repository="nope"), token=TOKEN)


def test_first_proposal_opens_a_labelled_draft(tmp_path: Path, fake: FakeGitHub) -> None:
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    add_work(store, "2611.00001", "GitHub model", model_name="GHM", score=0.9)
    result = propose(config, store, _forge(tmp_path, fake), now=W48)

    assert result.status == "proposed" and result.pr_number == 1
    assert result.pr_url == "https://github.example/example-org/fm-catalog/pull/1"
    pull = fake.pulls[0]
    assert (pull.head, pull.base, pull.draft, pull.title) == (
        "fmwatch/2026-W48",
        "main",
        True,
        "fmwatch: 1 candidate entry for 2026-W48",
    )
    assert pull.labels == ["fmwatch", "catalog-proposal"]
    assert "| GHM | [GitHub model](https://arxiv.org/abs/2611.00001) |" in fake.file(
        "fmwatch/2026-W48", "CATALOG.md"
    )
    assert fake.file("main", "CATALOG.md") == CATALOG
    tip = fake.commits[fake.refs["fmwatch/2026-W48"]]
    assert tip.author["email"] == BOT_EMAIL and tip.parents == [fake.refs["main"]]
    # The token only ever travels in the Authorization header.
    for rec in fake.requests():
        assert TOKEN.encode() not in rec.body and TOKEN not in rec.path
    assert ProposalStore(store.db).proposal("fmwatch/2026-W48")["number"] == 1  # type: ignore[index]
    store.close()
    assert b"T0k3nValue" not in Path(config.db_path).read_bytes()
    wal = Path(str(config.db_path) + "-wal")
    assert not wal.exists() or b"T0k3nValue" not in wal.read_bytes()


def test_update_of_the_open_pr(tmp_path: Path, fake: FakeGitHub) -> None:
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    add_work(store, "2611.00001", "First", score=0.9)
    propose(config, store, forge, now=W48)
    add_work(store, "2611.00002", "Second", score=0.9)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and result.pr_number == 1
    assert len(fake.pulls) == 1
    assert fake.pulls[0].title == "fmwatch: 2 candidate entries for 2026-W48"
    assert "Second" in fake.pulls[0].body and "First" in fake.pulls[0].body
    # (its state read first: a decided pull request is synced, never updated)
    assert [r.method for r in fake.requests() if r.path.endswith("/pulls/1")] == ["GET", "PATCH"]
    assert "PUT" in {r.method for r in fake.requests()}
    text = fake.file("fmwatch/2026-W48", "CATALOG.md")
    assert text.count("[First]") == 1 and text.count("[Second]") == 1


def test_merged_with_curator_edits(tmp_path: Path, fake: FakeGitHub) -> None:
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    kept = add_work(store, "2611.00001", "Kept", model_name="KeptFM", score=0.9)
    gone = add_work(store, "2611.00002", "Gone", score=0.8)
    propose(config, store, forge, now=W48)
    branch_text = fake.file("fmwatch/2026-W48", "CATALOG.md")
    edited = "".join(
        ln.replace("| KeptFM |", "| KeptFM v2 |")
        for ln in branch_text.splitlines(keepends=True)
        if "[Gone]" not in ln
    )
    fake.merge(1, "CATALOG.md", edited)
    summary = sync(config, store, forge)
    assert (summary.merged, summary.accepted, summary.rejected, summary.edited) == (
        1,
        [kept],
        [gone],
        [kept],
    )
    assert "KeptFM v2" in ProposalStore(store.db).candidate(kept)["curator_edit"]  # type: ignore[index]


def test_closed_unmerged(tmp_path: Path, fake: FakeGitHub) -> None:
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    a = add_work(store, "2611.00001", "Closed one", score=0.9)
    propose(config, store, forge, now=W48)
    fake.close(1)
    summary = sync(config, store, forge)
    assert (summary.closed, summary.rejected) == (1, [a])
    assert propose(config, store, forge, now=W49).status == "nothing-new"
    assert len(fake.pulls) == 1


def test_a_pull_request_reopened_and_merged_after_its_close_was_synced(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """A curator closes the pull request, a run records its works rejected, then the curator
    reopens it and merges it (without one of its rows). The merged rows' works were left
    rejected: held back as declined while catalogued, and pulling papers like them down."""
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    kept = add_work(store, "2611.00001", "Kept after all", score=0.9)
    dropped = add_work(store, "2611.00002", "Dropped before the merge", score=0.8)
    propose(config, store, forge, now=W48)
    fake.close(1)
    assert sorted(sync(config, store, forge).rejected) == sorted([kept, dropped])
    fake.pulls[0].state = "open"  # reopened
    branch_text = fake.file("fmwatch/2026-W48", "CATALOG.md")
    fake.merge(1, "CATALOG.md", without_lines(branch_text, "Dropped before the merge"))

    summary = sync(config, store, forge)

    assert (summary.accepted, summary.rejected, summary.merged) == ([kept], [], 1)
    pstore = ProposalStore(store.db)
    assert pstore.candidate(kept)["status"] == "accepted"  # type: ignore[index]
    assert pstore.candidate(dropped)["status"] == "rejected"  # type: ignore[index]
    assert pstore.proposal("fmwatch/2026-W48")["state"] == "merged"  # type: ignore[index]
    # decided once: the next sync changes nothing, and nothing is proposed again
    again = sync(config, store, forge)
    assert (again.accepted, again.rejected, again.accepted_then_removed) == ([], [], [])
    assert propose(config, store, forge, now=W49).status == "nothing-new"
    assert len(fake.pulls) == 1


@pytest.mark.parametrize("outcome", ["closed", "merged"])
def test_a_pull_request_decided_while_sync_failed_is_never_reopened(
    tmp_path: Path, fake: FakeGitHub, outcome: str
) -> None:
    """The run's sync failed (a 502) after a curator closed or merged the pull request: the
    proposal step records the decision itself and opens a new one for new works only, never a
    second pull request on the decided branch listing its rows again."""
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    a = add_work(store, "2611.00007", "Decided one", score=0.9)
    propose(config, store, forge, now=W48)
    if outcome == "closed":
        fake.close(1)
    else:
        fake.merge(1, "CATALOG.md")
    b = add_work(store, "2611.00008", "New one", score=0.9)
    result = propose(config, store, forge, now=W48)
    assert ProposalStore(store.db).candidate(a)["status"] == (  # type: ignore[index]
        "rejected" if outcome == "closed" else "accepted"
    )
    assert [c.work_id for c in result.candidates] == [b]
    assert result.branch == "fmwatch/2026-W48-2" and result.pr_number == 2
    assert [p.state for p in fake.pulls] == ["closed", "open"]
    assert "Decided one" not in fake.pulls[1].body


def test_a_second_pull_request_for_a_decided_branch_is_refused(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    forge = _forge(tmp_path, fake)
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    add_work(store, "2611.00009", "Closed one", score=0.9)
    propose(config, store, forge, now=W48)
    fake.close(1)
    with pytest.raises(ForgeError) as info:
        forge.open_or_update_pull("fmwatch/2026-W48", "t", "b", ())
    assert "already closed" in str(info.value) and "fmwatch sync" in str(info.value)
    assert len(fake.pulls) == 1


def test_human_commit_on_the_branch(tmp_path: Path, fake: FakeGitHub) -> None:
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    add_work(store, "2611.00001", "One", score=0.9)
    propose(config, store, forge, now=W48)
    text = fake.file("fmwatch/2026-W48", "CATALOG.md").replace("[One]", "[One, retitled]")
    human = fake.push("fmwatch/2026-W48", "CATALOG.md", text)
    add_work(store, "2611.00002", "Two", score=0.9)
    result = propose(config, store, forge, now=W49)
    assert [c.author_name for c in result.human_commits] == ["Curator"]
    tip = fake.commits[fake.refs["fmwatch/2026-W48"]]
    assert tip.parents == [human]
    final = fake.file("fmwatch/2026-W48", "CATALOG.md")
    assert "[One, retitled]" in final and "[Two]" in final
    assert "by someone other than fmwatch (Curator)" in fake.pulls[0].body


#: a row a curator adds to main by hand while the proposal is open
BY_HAND = "| Hand | [A hand-added model](https://arxiv.org/abs/2401.00009) | - | - | - |"


def _week_one(tmp_path: Path, fake: FakeGitHub) -> tuple[Config, Store, GitHubForge, str]:
    """The first week's pull request, proposing one work ("One", whose id is returned)."""
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    work = add_work(store, "2611.00001", "One", score=0.9)
    propose(config, store, forge, now=W48)
    return config, store, forge, work


def test_the_open_pr_is_brought_up_to_date_with_main_before_it_is_updated(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """A curator added a row to another section on main meanwhile: main is merged into the
    branch first (POST /merges, the bot's merge commit), so the pull request stays mergeable;
    the merge is not listed as a commit by someone else."""
    config, store, forge, _ = _week_one(tmp_path, fake)
    cell = CATALOG.index("| Foresight |")
    row_end = CATALOG.index("\n", cell)
    curated = CATALOG[:row_end] + "\n" + BY_HAND + CATALOG[row_end:]
    main_tip = fake.push("main", "CATALOG.md", curated)
    add_work(store, "2611.00002", "Two", score=0.9)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and result.behind is None and result.human_commits == []
    merges = [r for r in fake.requests("POST") if r.path.endswith("/merges")]
    assert len(merges) == 1
    tip = fake.commits[fake.refs["fmwatch/2026-W48"]]
    merge = fake.commits[tip.parents[0]]
    assert merge.parents[1] == main_tip
    assert merge.message == "fmwatch: bring the proposal up to date with main"
    # the curators reviewing the pull request are told, where they read it
    body = fake.pulls[0].body
    assert (
        "> **Note:** `main` was merged into this branch first, so that it merges cleanly." in body
    )
    assert "check those sections" not in body
    final = fake.file("fmwatch/2026-W48", "CATALOG.md")
    assert BY_HAND in final and "[One]" in final and "[Two]" in final


def test_a_proposed_row_a_curator_copied_to_main_elsewhere_is_not_left_twice(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """A curator copies the week's row "One" to main by hand, after Foresight in Clinical
    Data, while the pull request stays open: GitHub merges main into the branch cleanly, which
    would leave the work in the catalog twice once merged. The bot's next update drops its own
    row of it (its other rows stay) and says so; merging then accepts the work."""
    config, store, forge, one = _week_one(tmp_path, fake)
    row = next(ln for ln in fake.file("fmwatch/2026-W48", "CATALOG.md").splitlines()
               if "[One]" in ln)  # fmt: skip
    text = fake.file("main", "CATALOG.md")
    row_end = text.index("\n", text.index("| Foresight |"))
    fake.push("main", "CATALOG.md", text[:row_end] + "\n" + row + text[row_end:])
    add_work(store, "2611.00002", "Two", score=0.9)
    result = propose(config, store, forge, now=W49)
    assert (result.status, result.behind, result.caught_up) == ("updated", None, "merged")
    final = fake.file("fmwatch/2026-W48", "CATALOG.md")
    assert final.count("[One]") == 1 and "[Two]" in final
    assert final.index("[One]") < final.index("## 2) Image Data")  # (the curator's copy)
    body = fake.pulls[0].body
    assert "1 earlier row was dropped from the branch because `main` holds its work" in body
    assert "[One]" not in body.split("## Candidates", 1)[1].split("\n## ", 1)[0]
    fake.merge(1, "CATALOG.md")
    summary = sync(config, store, forge)
    assert one in summary.accepted and summary.rejected == []


def _by_hand_at_the_end_of_image_data(fake: FakeGitHub, row: str) -> str:
    """A curator's commit on main: ``row`` after the last row of Image Data, right where the
    bot appends (GitHub cannot merge main into the proposal then)."""
    text = fake.file("main", "CATALOG.md")
    head, image = text.split("## 2) Image Data", 1)
    section, rest = image.split("## 3)", 1)
    last = [line for line in section.splitlines() if line.startswith("| ")][-1]
    section = section.replace(last, f"{last}\n{row}")
    return fake.push("main", "CATALOG.md", f"{head}## 2) Image Data{section}## 3){rest}")


def _open_pr_then_a_row_by_hand_where_it_added_one(
    tmp_path: Path, fake: FakeGitHub
) -> tuple[Config, Store, GitHubForge]:
    """The week's pull request adds a row at the end of Image Data; a curator then adds a row
    by hand at the very same place on main (git cannot merge the two), and a second work
    waits for the next week."""
    config, store, forge, _ = _week_one(tmp_path, fake)
    _by_hand_at_the_end_of_image_data(fake, BY_HAND)
    add_work(store, "2611.00002", "Two", score=0.9)
    return config, store, forge


def test_a_conflict_on_a_branch_only_the_bot_wrote_is_resolved_by_the_bot(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """GitHub answers 409 to the merge; the branch holds only the bot's commits, so the bot
    makes the merge itself (Git Data API): main's catalog with the branch's rows after main's
    own, the pull request mergeable, no warning."""
    config, store, forge = _open_pr_then_a_row_by_hand_where_it_added_one(tmp_path, fake)
    before = fake.refs["fmwatch/2026-W48"]
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and [c.title for c in result.candidates] == ["Two"]
    assert result.behind is None and result.human_commits == []
    asked = [
        (r.method, r.path.rsplit("/repos/example-org/fm-catalog", 1)[1]) for r in fake.requests()
    ]
    at = asked.index(("POST", "/merges"))
    assert asked[at + 1 :].count(("POST", "/git/trees")) == 1
    assert ("PATCH", "/git/refs/heads/fmwatch/2026-W48") in asked[at:]
    tip = fake.commits[fake.refs["fmwatch/2026-W48"]]
    merge = fake.commits[tip.parents[0]]
    assert merge.parents == [before, fake.refs["main"]]
    assert merge.author == {"name": "fmwatch", "email": BOT_EMAIL}
    final = fake.file("fmwatch/2026-W48", "CATALOG.md")
    image = final.split("## 2) Image Data", 1)[1].split("## 3)", 1)[0]
    rows = [line.split(" | ", 1)[0] for line in image.splitlines() if line.startswith("| ")]
    assert (
        BY_HAND in image
        and rows[1:] == ["| UNI", "| Hand", "| -", "| -"]
        and "[One]" in image
        and "[Two]" in image
    )
    # what GitHub's merge button will do now: main is an ancestor, nothing to resolve
    assert fake.refs["main"] in fake._ancestors(fake.refs["fmwatch/2026-W48"])
    # and the curators are told where to look
    assert (
        "rows had been added on `main` where this branch adds its own, and fmwatch put this "
        "branch's rows after them: check those sections." in fake.pulls[0].body
    )


def test_the_bot_s_merge_keeps_an_executable_catalog_executable(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """The resolved catalog is written with the mode main gives it (git would keep it too)."""
    config, store, forge = _open_pr_then_a_row_by_hand_where_it_added_one(tmp_path, fake)
    fake.set_mode("main", "CATALOG.md", "100755")
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and result.human_commits == []
    tip = fake.commits[fake.refs["fmwatch/2026-W48"]]
    merge = fake.commits[tip.parents[0]]
    assert merge.parents[1] == fake.refs["main"]
    assert merge.modes == {"CATALOG.md": "100755"} and tip.modes == merge.modes
    assert fake.violations == []


def test_a_pr_that_conflicts_with_main_and_has_a_curator_s_commit_says_so(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """The same conflict on a branch a curator also pushed to: the bot does not resolve what
    it did not wholly write; the week's row still goes on the branch, and the warning says how
    to settle the conflict."""
    config, store, forge = _open_pr_then_a_row_by_hand_where_it_added_one(tmp_path, fake)
    text = fake.file("fmwatch/2026-W48", "CATALOG.md").replace("[One]", "[One, retitled]")
    before = fake.push("fmwatch/2026-W48", "CATALOG.md", text)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and [c.title for c in result.candidates] == ["Two"]
    assert result.behind == (
        "the pull request's branch fmwatch/2026-W48 conflicts with main (Merge conflict), so it "
        "was not brought up to date: merge main into fmwatch/2026-W48 and keep both sides' rows "
        "in CATALOG.md"
    )
    assert fake.commits[fake.refs["fmwatch/2026-W48"]].parents == [before]
    # said on the pull request too (inert Markdown), where the curators will settle it
    assert (
        "> **Warning:** the pull request's branch fmwatch/2026-W48 conflicts with main \\(Merge "
        "conflict\\), so it was not brought up to date: merge main into fmwatch/2026-W48 and keep "
        "both sides' rows in CATALOG.md.\n" in fake.pulls[0].body
    )


def test_a_merge_github_refuses_leaves_the_week_s_rows_going_on_the_branch(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """Bringing the branch up to date is a courtesy: GitHub refusing it (a rule on the branch)
    is a warning naming the cause, and the week's rows are still added."""
    config, store, forge, _ = _week_one(tmp_path, fake)
    fake.push("main", "README.md", "readme")
    fake.fail(
        "POST",
        "/merges",
        Reply.json({"message": "Repository rule violations found"}, status=403),
    )
    add_work(store, "2611.00002", "Two", score=0.9)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and [c.title for c in result.candidates] == ["Two"]
    assert result.behind is not None
    assert result.behind.startswith(
        "the pull request's branch fmwatch/2026-W48 was not brought up to date with main: "
        "GitHub: merge main into fmwatch/2026-W48: HTTP 403 (Repository rule violations found)"
    )
    assert TOKEN not in result.behind


def test_a_pr_brought_up_to_date_then_resolved_the_next_week_is_synced_exactly(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """Week two: main merges cleanly into the open pull request (GitHub's merge commit, by
    the token's account). Week three: a row by hand where the bot appends; that merge commit
    is the bot's own, so the branch is still one only the bot wrote and the bot resolves the
    conflict. Merged, the proposal's rows are accepted as proposed, none edited."""
    config, store, forge, first = _week_one(tmp_path, fake)
    works = [first]
    fake.push("main", "README.md", "readme")
    works.append(add_work(store, "2611.00002", "Two", score=0.9))
    assert propose(config, store, forge, now=W49).behind is None
    _by_hand_at_the_end_of_image_data(fake, BY_HAND)
    works.append(add_work(store, "2611.00003", "Three", score=0.9))
    result = propose(config, store, forge, now=datetime(2026, 12, 9, tzinfo=UTC))
    assert (result.status, result.behind, result.human_commits) == ("updated", None, [])
    assert "someone other than fmwatch" not in fake.pulls[0].body
    assert fake.refs["main"] in fake._ancestors(fake.refs["fmwatch/2026-W48"])
    fake.merge(1, "CATALOG.md")
    summary = sync(config, store, forge)
    assert (summary.merged, sorted(summary.accepted), summary.rejected, summary.edited) == (
        1,
        sorted(works),
        [],
        [],
    )


def test_a_push_while_the_bot_resolves_a_conflict_is_kept_and_said_in_one_line(
    tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A curator pushes to the proposal while the bot resolves a conflict (catalogs read,
    tree and commit not yet made). The bot's merge is made of the commit it read, so GitHub
    refuses to move the branch to it (not a fast forward): the curator's commit stays as they
    made it, the tree and commit made for nothing are seen by no one, the run says so in one
    line, and the week's row goes on top of the curator's commit."""
    config, store, forge = _open_pr_then_a_row_by_hand_where_it_added_one(tmp_path, fake)
    resolve = forge.merge_with_catalog
    pushed: list[str] = []

    def meanwhile(*args: object, **kwargs: str) -> str:
        checked = fake.file("fmwatch/2026-W48", "CATALOG.md").replace("[One]", "[One, checked]")
        pushed.append(fake.push("fmwatch/2026-W48", "CATALOG.md", checked))
        return resolve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forge, "merge_with_catalog", meanwhile)
    result = propose(config, store, forge, now=W49)
    assert result.status == "updated" and [c.title for c in result.candidates] == ["Two"]
    assert result.behind == (
        "the pull request's branch fmwatch/2026-W48 was not brought up to date with main: "
        "GitHub: merge main into fmwatch/2026-W48: HTTP 422 (Update is not a fast forward); "
        "fmwatch/2026-W48 moved or was deleted while the bot was merging (someone pushed to "
        "it), so it was left as they made it; the next run tries again"
    )
    assert fake.commits[fake.refs["fmwatch/2026-W48"]].parents == pushed
    final = fake.file("fmwatch/2026-W48", "CATALOG.md")
    assert "[One, checked]" in final and "[Two]" in final and BY_HAND not in final


def test_pagination_follows_link_headers(tmp_path: Path, fake: FakeGitHub) -> None:
    forge = _forge(tmp_path, fake)
    for i in range(3):
        forge.ensure_branch(f"b{i}")
        forge.commit_catalog(f"b{i}", CATALOG + f"{i}\n", f"c{i}")
        forge.open_or_update_pull(f"b{i}", f"t{i}", "", ())
    forge.commit_catalog("b0", CATALOG + "again\n", "c-again")
    fake.close(1)
    # a second PR for b0 (#4), opened by hand: fmwatch itself refuses to
    forge._request(
        "POST",
        f"{forge._repo_path}/pulls",
        json={"title": "t0 again", "head": "b0", "base": "main", "body": ""},
        what="open a second pull request",
    )
    fake.page_size_cap = 1
    before = len(fake.requests("GET"))
    found = forge.find_pull("b0")
    assert found is not None and found.number == 4 and found.state == "open"
    pages = [r for r in fake.requests("GET")[before:] if r.path.endswith("/pulls")]
    assert len(pages) == 2  # two matching PRs, one per page: the Link header was followed
    commits = forge.commits_since("b0", None)
    assert [c.message for c in commits] == ["c-again", "c0"]


def test_human_commits_are_the_branch_s_own_even_when_the_base_moved(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """Curators pushed to main after the proposal branch was cut: their commits are main's
    history, not "commits by someone other than fmwatch" on the proposal."""
    forge = _forge(tmp_path, fake)
    forge.ensure_branch("b1")
    bot = forge.commit_catalog("b1", CATALOG + "row\n", "fmwatch: propose")
    fake.push("main", "README.md", "readme", name="Alice", email="alice@example.org")
    fake.push("main", "README.md", "readme 2", name="Bob", email="bob@example.org")
    assert [c.message for c in forge.commits_since("b1", None)] == ["fmwatch: propose"]
    text = fake.file("b1", "CATALOG.md").replace("row", "row, fixed")
    fake.push("b1", "CATALOG.md", text)
    assert [c.author_name for c in forge.commits_since("b1", bot)] == ["Curator"]


def test_rate_limit_and_5xx_are_retried(tmp_path: Path, fake: FakeGitHub) -> None:
    forge = _forge(tmp_path, fake)
    fake.fail(
        "GET",
        "/git/ref/heads/main",
        Reply.json(
            {"message": "API rate limit exceeded"},
            status=403,
            headers={"x-ratelimit-remaining": "0", "Retry-After": "0"},
        ),
        Reply.json({"message": "Server Error"}, status=502),
    )
    assert forge.branch_sha("main") == fake.refs["main"]


def test_a_secondary_rate_limit_is_waited_for_not_blamed_on_the_token(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """GitHub's secondary rate limit answers 403 with neither Retry-After nor a spent quota:
    wait a minute (GitHub's advice), or say it is a rate limit — not that the token lacks
    permission."""
    secondary = Reply.json(
        {"message": "You have exceeded a secondary rate limit. Please wait a few minutes."},
        status=403,
    )
    forge = _forge(tmp_path, fake)
    response = httpx.Response(403, json={"message": "You have exceeded a secondary rate limit"})
    assert forge._wait_for(response) == 60.0
    fake.fail("GET", "/git/ref/heads/main", secondary)
    message = _error(lambda: forge.branch_sha("main"))  # 60 s > http.max_retry_after here
    assert "rate limit" in message and "run again later" in message
    assert "lacks permission" not in message


def test_a_catalog_missing_on_the_base_names_the_setting(tmp_path: Path, fake: FakeGitHub) -> None:
    forge = _forge(tmp_path, fake, catalog_path="docs/CATALOG.md")
    message = _error(lambda: forge.read_catalog())
    assert "docs/CATALOG.md not found on main in example-org/fm-catalog" in message
    assert "set forge.catalog_path" in message


def _error(call: object) -> str:
    with pytest.raises(ForgeError) as info:
        call()  # type: ignore[operator]
    message = str(info.value)
    assert TOKEN not in message and "T0k3nValue" not in message
    assert "\n" not in message
    return message


def test_token_is_redacted_in_every_error_path(
    tmp_path: Path, fake: FakeGitHub, server: LoopbackServer
) -> None:
    echo = {"message": f"token {TOKEN} is not allowed here"}
    cases = [
        (
            Reply.json({"message": "Bad credentials"}, status=401),
            "HTTP 401 (Bad credentials); the token is invalid or expired; set a valid GITHUB_TOKEN",
        ),
        (
            Reply.json(echo, status=403),
            "HTTP 403 (token *** is not allowed here); the token lacks permission",
        ),
        (
            Reply.json({"message": "Not Found"}, status=404),
            "HTTP 404 (Not Found); not found; check forge.repository",
        ),
        (
            Reply.json(
                {"message": "Validation Failed", "errors": [{"message": f"bad {TOKEN}"}]},
                status=422,
            ),
            "HTTP 422 (Validation Failed; bad ***)",
        ),
        (
            Reply.json(echo, status=500),
            "HTTP 500 after 3 attempts (token *** is not allowed here); "
            "GitHub is failing or throttling",
        ),
        (
            Reply.json(echo, status=429, headers={"Retry-After": "3600"}),
            "rate limit exhausted; GitHub asks to wait 3600s",
        ),
        (
            Reply(status=400, body="<html>token " + TOKEN + "</html>", content_type="text/html"),
            "HTTP 400 (Bad Request); check forge.api_url",
        ),
    ]
    for reply, expected in cases:
        forge = _forge(tmp_path, fake)
        fake.fail("GET", "/repos/example-org/fm-catalog", *([reply] * 3))
        message = _error(lambda f=forge: f.branch_sha("main"))
        assert message.startswith("GitHub: read repository example-org/fm-catalog: ")
        assert expected in message, message
        fake.failures.clear()
    # A wrong token: the fake answers 401 itself.
    wrong = make_forge(_config(tmp_path, fake), token="ghp_" + "Wr0ngWr0ng" * 4)
    assert "Wr0ngWr0ng" not in _error(lambda: wrong.branch_sha("main"))
    # Transport failure: nothing listens there.
    dead = make_forge(_config(tmp_path, fake, api_url="http://127.0.0.1:9/api/v3"), token=TOKEN)
    assert _error(lambda: dead.branch_sha("main")) == (
        "GitHub: read repository example-org/fm-catalog: could not connect; check the network "
        "and forge.api_url"
    )
    # Errors while writing, and the message a user sees through the CLI path.
    forge = _forge(tmp_path, fake)
    forge.ensure_branch("fmwatch/x")
    fake.fail("PUT", "/contents/CATALOG.md", Reply.json(echo, status=409))
    assert "commit CATALOG.md on fmwatch/x: HTTP 409" in _error(
        lambda: forge.commit_catalog("fmwatch/x", "x", "m")
    )
    fake.fail("POST", "/pulls", Reply.json(echo, status=422))
    assert "open a pull request for fmwatch/x: HTTP 422" in _error(
        lambda: forge.open_or_update_pull("fmwatch/x", "t", "b", ())
    )
    fake.fail("GET", "/pulls/7", Reply.json(echo, status=404))
    assert "read pull request #7: HTTP 404" in _error(
        lambda: forge.pull_state(PullRequest("fmwatch/x", "open", "", number=7))
    )


def test_token_set_in_environment_is_redacted_too(
    tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMWATCH_GITHUB_TOKEN", TOKEN)
    forge = make_forge(_config(tmp_path, fake))
    fake.fail(
        "GET", "/repos/example-org/fm-catalog", Reply.json({"message": f"leak {TOKEN}"}, status=403)
    )
    assert "leak ***" in _error(lambda: forge.branch_sha("main"))  # type: ignore[attr-defined]


def test_contents_too_large_and_missing_base(tmp_path: Path, fake: FakeGitHub) -> None:
    forge = _forge(tmp_path, fake, base_branch="trunk")
    assert (
        "base branch 'trunk' not found in example-org/fm-catalog; set forge.base_branch"
        in _error(lambda: forge.ensure_branch("fmwatch/x"))
    )
    forge = _forge(tmp_path, fake)
    fake.fail(
        "GET",
        "/contents/CATALOG.md",
        Reply.json({"type": "file", "encoding": "none", "content": "", "sha": "x"}),
    )
    assert "too large for the contents API" in _error(lambda: forge.read_catalog())


def test_github_enterprise_base_path_is_used(tmp_path: Path, fake: FakeGitHub) -> None:
    forge = _forge(tmp_path, fake)
    forge.read_catalog()
    assert all(r.path.startswith("/api/v3/repos/example-org/fm-catalog") for r in fake.requests())


def test_hostile_title_reaches_github_only_as_inert_json(tmp_path: Path, fake: FakeGitHub) -> None:
    # The PR body is sent as a JSON string (never hand-built), with mentions neutralised: a
    # title saying "@octocat" or "#1" must not notify a user or cross-reference an issue.
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    hostile = 'Ping @octocat re #1 "quoted" \\ back\\slash <script>x</script>\n# H\x00'
    add_work(store, "2611.00009", hostile, model_name="@octocat", score=0.9)
    propose(config, store, _forge(tmp_path, fake), now=W48)
    pull = fake.pulls[0]
    assert pull.title == "fmwatch: 1 candidate entry for 2026-W48"  # no feed text in the title
    assert "@octocat" not in pull.body and "@\u2060octocat" in pull.body
    assert "#1 " not in pull.body and "#\u20601" in pull.body
    assert "\x00" not in pull.body and "<script>" not in pull.body
    assert '\\"quoted\\"' not in pull.body  # JSON escaping was undone by the server, once
    assert '"quoted"' in pull.body


def test_pr_failing_after_the_commit_is_recovered_next_run(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """The branch got its commit, then opening the PR failed: the next run opens the PR with
    those rows, marks them proposed, and neither loses nor commits them twice."""
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    forge = _forge(tmp_path, fake)
    work = add_work(store, "2611.00001", "Interrupted model", score=0.9)
    fake.fail("POST", "/pulls", *[Reply.json({"message": "Server Error"}, status=502)] * 3)
    with pytest.raises(ForgeError, match=r"open a pull request for fmwatch/2026-W48: HTTP 502"):
        propose(config, store, forge, now=W48)
    assert fake.pulls == [] and ProposalStore(store.db).candidates() == []
    tip = fake.refs["fmwatch/2026-W48"]

    again = propose(config, store, forge, now=W48)

    assert again.status == "proposed" and [c.work_id for c in again.candidates] == [work]
    assert fake.refs["fmwatch/2026-W48"] == tip  # no second commit of the same row
    assert fake.file("fmwatch/2026-W48", "CATALOG.md").count("Interrupted model") == 1
    assert len(fake.pulls) == 1 and "Interrupted model" in fake.pulls[0].body
    assert fake.pulls[0].title == "fmwatch: 1 candidate entry for 2026-W48"
    pstore = ProposalStore(store.db)
    assert pstore.candidate(work)["status"] == "proposed"  # type: ignore[index]
    assert pstore.proposal("fmwatch/2026-W48")["head_sha"] == tip  # type: ignore[index]
    assert propose(config, store, forge, now=W48).status == "nothing-new"


BAD_GATEWAY = Reply.json({"message": "Server Error"}, status=502)


@pytest.mark.parametrize(
    ("method", "path", "answer"),
    [
        ("POST", "/git/refs", BAD_GATEWAY),
        ("PUT", "/contents/CATALOG.md", BAD_GATEWAY),
        ("POST", "/pulls", BAD_GATEWAY),
        ("POST", "/pulls", Reply(reset=True)),
    ],
    ids=["branch", "commit", "pull-request", "pull-request-connection-dropped"],
)
def test_a_create_github_did_but_answered_502_is_carried_on_from(
    tmp_path: Path, fake: FakeGitHub, method: str, path: str, answer: Reply
) -> None:
    """GitHub made the branch, the commit or the pull request, then answered 502 (or the
    connection dropped before the answer); the retry is refused because it exists (422, or 409
    for the file). The run looks it up and carries on as if the first attempt had answered:
    one branch, one commit, one labelled pull request."""
    config = _config(tmp_path, fake)
    store = Store(config.db_path)
    work = add_work(store, "2611.00001", "Gateway model", score=0.9)
    fake.answer_after(method, path, answer)

    result = propose(config, store, _forge(tmp_path, fake), now=W48)

    assert fake.lost_answers == []  # (the 502 was sent)
    assert [r.method for r in fake.requests() if r.path.endswith(path)].count(method) == 2
    assert result.status == "proposed" and result.pr_number == 1
    assert [c.work_id for c in result.candidates] == [work]
    tip = fake.refs["fmwatch/2026-W48"]
    assert fake.commits[tip].parents == [fake.refs["main"]]  # one commit, not two
    assert fake.file("fmwatch/2026-W48", "CATALOG.md").count("Gateway model") == 1
    [pull] = fake.pulls
    assert (pull.head, pull.draft, pull.labels) == (
        "fmwatch/2026-W48",
        True,
        ["fmwatch", "catalog-proposal"],
    )
    pstore = ProposalStore(store.db)
    assert pstore.proposal("fmwatch/2026-W48")["head_sha"] == tip  # type: ignore[index]
    assert pstore.candidate(work)["status"] == "proposed"  # type: ignore[index]
    assert propose(config, store, _forge(tmp_path, fake), now=W48).status == "nothing-new"


def test_a_pull_request_github_made_but_does_not_list_yet_is_one_line_for_the_next_run(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    forge = _forge(tmp_path, fake)
    forge.ensure_branch("b1")
    forge.commit_catalog("b1", CATALOG + "row\n", "fmwatch: propose")
    fake.answer_after("POST", "/pulls", BAD_GATEWAY)
    # the list GitHub answers from lags: neither before nor after the create does it show one
    fake.fail("GET", "/pulls", Reply.json([]), Reply.json([]))
    message = _error(lambda: forge.open_or_update_pull("b1", "t", "b", ("fmwatch",)))
    assert message == (
        "GitHub: open a pull request for b1: HTTP 502, then HTTP 422 on the retry (Validation "
        "Failed; A pull request already exists for example-org:b1.); GitHub may have done it "
        "before failing but does not show it yet: nothing is lost, the next run picks it up "
        "(run again later)"
    )
    # the next run finds it and updates it: still one pull request
    pull = forge.open_or_update_pull("b1", "t2", "b2", ("fmwatch",))
    assert pull.number == 1 and len(fake.pulls) == 1
    assert (fake.pulls[0].title, fake.pulls[0].labels) == ("t2", ["fmwatch"])


def test_a_refusal_after_a_502_that_did_nothing_is_not_taken_for_success(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    """The 502 did nothing and the retry's 409 means what it says (the file moved on): the
    branch does not hold the text, so that 409 is the error, not a recovered commit."""
    forge = _forge(tmp_path, fake)
    forge.ensure_branch("b1")
    moved = Reply.json({"message": "CATALOG.md does not match 0123abcd"}, status=409)
    fake.fail("PUT", "/contents/CATALOG.md", BAD_GATEWAY, moved)
    message = _error(lambda: forge.commit_catalog("b1", CATALOG + "row\n", "fmwatch: propose"))
    assert message == (
        "GitHub: commit CATALOG.md on b1: HTTP 409 (CATALOG.md does not match 0123abcd); the "
        "branch moved or the repository is empty; run again"
    )
    assert fake.file("b1", "CATALOG.md") == CATALOG


def test_api_url_answering_html_is_one_line(tmp_path: Path, server: LoopbackServer) -> None:
    """forge.api_url pointing at a web page (the github.com site, a proxy's login page): every
    answer is 200 HTML. That is a clear error naming the setting, never a traceback."""
    for method in ("GET", "POST", "PUT", "PATCH"):
        server.handle(
            "/*", lambda rec: Reply(body="<html>hi</html>", content_type="text/html"), method=method
        )
    config = make_config(
        tmp_path, None, kind="github", repository="example-org/fm-catalog", api_url=server.url
    )
    forge = make_forge(config, token=TOKEN)
    with pytest.raises(ForgeError) as info:
        forge.branch_sha("main")
    assert str(info.value) == (
        "GitHub: read branch main: unexpected answer (HTTP 200, text/html); check forge.api_url "
        "(for GitHub Enterprise: https://HOST/api/v3)"
    )
    store = Store(config.db_path)
    add_work(store, "2611.00001", "Some model", score=0.9)
    with pytest.raises(ForgeError, match=r"^GitHub: read CATALOG.md on main: unexpected answer"):
        propose(config, store, forge, now=W48)


def test_actions_not_allowed_to_open_prs_names_the_setting(
    tmp_path: Path, fake: FakeGitHub
) -> None:
    # GitHub's answer when the repository does not let GITHUB_TOKEN open pull requests (the
    # default for new repositories): no token permission fixes it, a repository setting does.
    forge = _forge(tmp_path, fake)
    forge.ensure_branch("fmwatch/x")
    denied = {"message": "GitHub Actions is not permitted to create or approve pull requests."}
    fake.fail("POST", "/pulls", Reply.json(denied, status=403))
    assert _error(lambda: forge.open_or_update_pull("fmwatch/x", "t", "b", ())) == (
        "GitHub: open a pull request for fmwatch/x: HTTP 403 (GitHub Actions is not permitted "
        "to create or approve pull requests.); allow it in the repository's Settings > Actions "
        '> General > Workflow permissions: "Allow GitHub Actions to create and approve pull '
        'requests"'
    )


def _mocked_forge(tmp_path: Path, answer: Callable[[httpx.Request], httpx.Response]) -> GitHubForge:
    """A GitHub forge for api.github.example whose requests ``answer`` answers (no sockets)."""
    config = make_config(
        tmp_path,
        None,
        kind="github",
        repository="example-org/fm-catalog",
        api_url="https://api.github.example",
    )
    return GitHubForge(config, TOKEN, transport=httpx.MockTransport(answer))


@pytest.mark.parametrize(
    "next_url",
    [
        "https://elsewhere.example/repos/example-org/fm-catalog/pulls?page=2",
        "http://api.github.example/repos/example-org/fm-catalog/pulls?page=2",  # not https
        "https://api.github.example:8443/repos/example-org/fm-catalog/pulls?page=2",
    ],
)
def test_a_next_page_on_another_host_is_not_sent_the_token(tmp_path: Path, next_url: str) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/fm-catalog"):
            return httpx.Response(200, json={"full_name": "example-org/fm-catalog"})
        return httpx.Response(200, json=[], headers={"Link": f'<{next_url}>; rel="next"'})

    forge = _mocked_forge(tmp_path, answer)
    with pytest.raises(ForgeError) as info:
        forge.find_pull("b0")
    assert "the next page is on another host" in str(info.value)
    assert "not sending the token there" in str(info.value)
    assert all(r.url.host == "api.github.example" and r.url.port is None for r in seen)
    assert TOKEN not in str(info.value)


def test_a_next_page_on_the_same_host_is_followed(tmp_path: Path) -> None:
    pages: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        pages.append(str(request.url))
        if "page=2" in str(request.url):
            return httpx.Response(200, json=[])
        next_url = "https://api.github.example/repos/example-org/fm-catalog/pulls?page=2"
        return httpx.Response(200, json=[], headers={"Link": f'<{next_url}>; rel="next"'})

    forge = _mocked_forge(tmp_path, answer)
    assert list(forge._paginate(f"{forge._repo_path}/pulls", {}, what="list")) == []
    assert pages[-1].endswith("page=2")
