"""The local forge against real git repositories: the user's checkout is never touched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fmwatch.errors import ForgeError
from fmwatch.forge import BOT_EMAIL, LocalForge, PullRequest, make_forge, outbox_name
from proposal_helpers import (
    CATALOG,
    curator_commit,
    git,
    make_catalog_repo,
    make_config,
    use_git_before_2_38,
)


def _snapshot(repo: Path) -> tuple[str, str, str, str]:
    """Everything a user could notice: HEAD, its branch, status and the index."""
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "symbolic-ref", "HEAD"),
        git(repo, "status", "--porcelain"),
        git(repo, "ls-files", "--stage"),
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_catalog_repo(tmp_path)


def test_commit_leaves_checkout_index_and_working_tree_untouched(
    repo: Path, tmp_path: Path
) -> None:
    # A user mid-work: an unstaged edit of the catalog and a staged new file.
    (repo / "CATALOG.md").write_text(CATALOG + "\nlocal draft\n", encoding="utf-8")
    (repo / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    before = _snapshot(repo)
    worktree_bytes = (repo / "CATALOG.md").read_bytes()

    forge = LocalForge(repo, tmp_path / "outbox")
    info = forge.ensure_branch("fmwatch/2026-W48")
    assert info.created
    sha = forge.commit_catalog("fmwatch/2026-W48", CATALOG + "| new |\n", "fmwatch: propose")

    assert _snapshot(repo) == before
    assert (repo / "CATALOG.md").read_bytes() == worktree_bytes
    assert git(repo, "rev-parse", "fmwatch/2026-W48") == sha
    assert git(repo, "show", "fmwatch/2026-W48:CATALOG.md").endswith("| new |")
    assert git(repo, "log", "-1", "--format=%ae", sha) == BOT_EMAIL
    # The parent is the base tip: one commit on top, nothing rewritten.
    assert git(repo, "rev-parse", f"{sha}^") == git(repo, "rev-parse", "main")


@pytest.mark.parametrize("old_git", [False, True], ids=["git", "git before 2.38"])
def test_catching_up_merges_main_without_touching_the_checkout(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_git: bool
) -> None:
    """main moved on (another file and another part of the catalog): one merge commit by the
    bot, both parents kept; the user's checkout, index and working tree as they were; a second
    catch-up finds nothing to do. A git before 2.38 has no ``merge-tree --write-tree``: the
    bot's branch changed only the catalog, so its three versions are merged file by file."""
    forge = LocalForge(repo, tmp_path / "outbox")
    tip = forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    (repo / "CATALOG.md").write_text("<!-- top -->\n" + CATALOG, encoding="utf-8")
    git(repo, "add", "README.md", "CATALOG.md")
    git(repo, "commit", "-q", "-m", "curators' edits")
    if old_git:
        use_git_before_2_38(tmp_path, monkeypatch)
    (repo / "CATALOG.md").write_text("a local draft\n", encoding="utf-8")  # mid-work
    before = _snapshot(repo)
    caught = forge.catch_up("fmwatch/w")
    assert caught.outcome == "merged" and caught.sha == git(repo, "rev-parse", "fmwatch/w")
    assert _snapshot(repo) == before
    assert git(repo, "rev-list", "--parents", "-n", "1", "fmwatch/w").split()[1:] == [
        tip,
        git(repo, "rev-parse", "main"),
    ]
    text = git(repo, "show", "fmwatch/w:CATALOG.md")
    assert text.startswith("<!-- top -->") and text.endswith("| bot row |")
    assert git(repo, "show", "fmwatch/w:README.md") == "readme"
    assert git(repo, "log", "-1", "--format=%ae", "fmwatch/w") == BOT_EMAIL
    assert forge.commits_since("fmwatch/w", None)[0].by_bot
    assert forge.catch_up("fmwatch/w").outcome == "current"


def _unsupported_detail(forge: LocalForge, repo: Path, tip: str) -> str:
    """Catch ``fmwatch/w`` up with a git that cannot merge it: the branch is left at ``tip``,
    and the outcome's detail is returned."""
    caught = forge.catch_up("fmwatch/w")
    assert caught.outcome == "unsupported"
    assert git(repo, "rev-parse", "fmwatch/w") == tip
    return caught.detail


def test_a_git_too_old_to_merge_in_memory_reports_a_catalog_both_changed_as_a_conflict(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forge = LocalForge(repo, tmp_path / "outbox")
    tip = forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    (repo / "CATALOG.md").write_text(CATALOG + "| curator row |\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a row by hand where the bot adds one")
    use_git_before_2_38(tmp_path, monkeypatch)
    caught = forge.catch_up("fmwatch/w")
    assert (caught.outcome, caught.detail) == ("conflict", "CATALOG.md")
    assert git(repo, "rev-parse", "fmwatch/w") == tip


def test_a_git_too_old_to_merge_in_memory_says_what_to_do_with_a_branch_of_other_files(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A branch that also changed another file (a curator's commit on it) cannot be merged
    file by file: the branch is left as it was and the outcome says to update git or merge by
    hand."""
    forge = LocalForge(repo, tmp_path / "outbox")
    forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    git(repo, "switch", "-q", "fmwatch/w")
    (repo / "notes.txt").write_text("a curator's notes\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "switch", "-q", "main")
    tip = git(repo, "rev-parse", "fmwatch/w")
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "readme")
    use_git_before_2_38(tmp_path, monkeypatch)
    assert _unsupported_detail(forge, repo, tip) == (
        "this git cannot merge without a working tree (git 2.38 or later can), and fmwatch/w "
        "changes more than CATALOG.md; update git, or merge main into fmwatch/w by hand"
    )


@pytest.mark.parametrize(
    "deleted_on", ["the branch", "main, the branch changing nothing"], ids=["branch", "main"]
)
def test_a_git_too_old_to_merge_in_memory_keeps_a_catalog_deleted_on_one_side_deleted(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deleted_on: str
) -> None:
    """A catalog deleted on one side and left alone on the other is deleted by the merge, as
    ``merge-tree`` has it: not written back as an empty file (a missing catalog is not an
    empty one)."""
    forge = LocalForge(repo, tmp_path / "outbox")
    git(repo, "branch", "fmwatch/w", "main")
    git(repo, "switch", "-q", "fmwatch/w" if deleted_on == "the branch" else "main")
    git(repo, "rm", "-q", "CATALOG.md")
    git(repo, "commit", "-q", "-m", "catalog deleted")
    git(repo, "switch", "-q", "main")
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "readme")
    use_git_before_2_38(tmp_path, monkeypatch)
    assert forge.catch_up("fmwatch/w").outcome == "merged"
    assert git(repo, "ls-tree", "--name-only", "fmwatch/w") == "README.md"


@pytest.mark.parametrize("path", ["docs/CATALOG.md", "./docs/CATALOG.md", "docs/Übersicht.md"])
def test_a_git_too_old_to_merge_in_memory_merges_a_catalog_in_a_folder(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """The catalog's path as git lists it: in a folder, given with "./", or named outside
    ASCII (which git quotes unless asked for raw names)."""
    name = path.removeprefix("./")
    (repo / name).parent.mkdir()
    git(repo, "mv", "CATALOG.md", name)
    git(repo, "commit", "-q", "-m", "the catalog moves")
    forge = LocalForge(repo, tmp_path / "outbox", catalog_path=path)
    forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    (repo / name).write_text("<!-- top -->\n" + CATALOG, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "an edit at the top")
    use_git_before_2_38(tmp_path, monkeypatch)
    caught = forge.catch_up("fmwatch/w")
    assert (caught.outcome, caught.detail) == ("merged", "")
    text = forge.read_catalog("fmwatch/w")
    assert text.startswith("<!-- top -->") and text.endswith("| bot row |\n")


def test_a_git_too_old_to_merge_in_memory_leaves_a_criss_cross_merge_to_git(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot merged main into its branch while a curator merged the branch into main,
    dropping the bot's row: two merge bases. Merged from the one on main, the bot's row would
    come back; git's recursive merge keeps it dropped, so the file-by-file merge stands
    aside."""
    forge = LocalForge(repo, tmp_path / "outbox")
    bot = forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    (repo / "CATALOG.md").write_text("<!-- top -->\n" + CATALOG, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "an edit at the top")
    assert forge.catch_up("fmwatch/w").outcome == "merged"
    git(repo, "merge", "-q", "--no-commit", bot)
    git(repo, "checkout", "HEAD", "--", "CATALOG.md")  # (the bot's row dropped)
    git(repo, "commit", "-q", "-m", "the proposal merged, its row dropped")
    tip = git(repo, "rev-parse", "fmwatch/w")
    use_git_before_2_38(tmp_path, monkeypatch)
    assert _unsupported_detail(forge, repo, tip) == (
        "this git cannot merge without a working tree (git 2.38 or later can), and fmwatch/w "
        "and main have 2 merge bases; update git, or merge main into fmwatch/w by hand"
    )


def test_a_git_too_old_to_merge_in_memory_names_git_merge_file_s_error(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git merge-file failing (a catalog with binary bytes) is its error, not a branch that
    "changes more than the catalog", and the branch is left as it was."""
    forge = LocalForge(repo, tmp_path / "outbox")
    tip = forge.commit_catalog("fmwatch/w", CATALOG + "\0| bot row |\n", "fmwatch: propose")
    (repo / "CATALOG.md").write_text("\0" + CATALOG, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "binary bytes")
    use_git_before_2_38(tmp_path, monkeypatch)
    assert _unsupported_detail(forge, repo, tip) == (
        "this git cannot merge without a working tree (git 2.38 or later can), and git "
        "merge-file cannot merge CATALOG.md (error: Cannot merge binary files: branch); update "
        "git, or merge main into fmwatch/w by hand"
    )


@pytest.mark.parametrize("old_git", [False, True], ids=["git", "git before 2.38"])
def test_catching_up_a_branch_someone_moves_meanwhile_leaves_their_commit_and_says_so(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_git: bool
) -> None:
    forge = LocalForge(repo, tmp_path / "outbox")
    forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "readme")
    if old_git:
        use_git_before_2_38(tmp_path, monkeypatch)
    run = forge._run

    def a_curator_commits_first(*args: str, **kwargs: Any) -> Any:
        if args[0] == "commit-tree":  # (the bot's merge is being made)
            curator_commit(repo, "fmwatch/w", lambda text: text + "| curator row |\n", "row")
        return run(*args, **kwargs)

    monkeypatch.setattr(forge, "_run", a_curator_commits_first)
    with pytest.raises(ForgeError, match="fmwatch/w moved while the bot was merging main"):
        forge.catch_up("fmwatch/w")
    assert git(repo, "log", "-1", "--format=%s", "fmwatch/w") == "row"


def test_catching_up_with_a_main_git_refuses_to_merge_says_git_s_reason(
    repo: Path, tmp_path: Path
) -> None:
    """main's history was rewritten (it shares no commit with the branch): a git that can
    merge in memory refuses, and the outcome gives git's own reason, not "update git"."""
    forge = LocalForge(repo, tmp_path / "outbox")
    tip = forge.commit_catalog("fmwatch/w", CATALOG + "| bot row |\n", "fmwatch: propose")
    tree = git(repo, "rev-parse", "main^{tree}")
    git(repo, "update-ref", "refs/heads/main", git(repo, "commit-tree", tree, "-m", "rewritten"))
    assert _unsupported_detail(forge, repo, tip) == (
        "git cannot merge them (fatal: refusing to merge unrelated histories); merge main into "
        "fmwatch/w by hand"
    )


def test_second_commit_appends_and_keeps_other_files(repo: Path, tmp_path: Path) -> None:
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "readme")
    forge = LocalForge(repo, tmp_path / "outbox")
    first = forge.commit_catalog("fmwatch/w", CATALOG + "a\n", "one")
    second = forge.commit_catalog("fmwatch/w", CATALOG + "a\nb\n", "two")
    assert git(repo, "rev-parse", f"{second}^") == first
    assert git(repo, "show", f"{second}:README.md") == "readme"
    assert forge.read_catalog("fmwatch/w") == CATALOG + "a\nb\n"


def test_crlf_catalog_bytes_round_trip(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path, CATALOG.replace("\n", "\r\n"))
    forge = LocalForge(repo, tmp_path / "outbox")
    text = forge.read_catalog()
    assert "\r\n" in text
    forge.commit_catalog("fmwatch/w", text + "x\r\n", "crlf")
    blob = forge.read_catalog("fmwatch/w")
    assert blob == text + "x\r\n"


def test_refuses_to_move_a_checked_out_branch(repo: Path, tmp_path: Path) -> None:
    git(repo, "switch", "-q", "-c", "fmwatch/w")
    forge = LocalForge(repo, tmp_path / "outbox")
    with pytest.raises(ForgeError, match=r"fmwatch/w is checked out .*switch to another branch"):
        forge.commit_catalog("fmwatch/w", "x", "msg")


def test_refuses_to_move_a_branch_checked_out_in_a_linked_worktree(
    repo: Path, tmp_path: Path
) -> None:
    """A curator reviewing the proposal in `git worktree add`: moving the branch under them
    would leave a staged change that reverts the bot's row."""
    forge = LocalForge(repo, tmp_path / "outbox")
    forge.commit_catalog("fmwatch/w", CATALOG + "a\n", "a")
    review = tmp_path / "review"
    git(repo, "worktree", "add", "-q", str(review), "fmwatch/w")
    with pytest.raises(ForgeError) as info:
        forge.commit_catalog("fmwatch/w", CATALOG + "a\nb\n", "b")
    assert f"fmwatch/w is checked out in {review}" in str(info.value)
    assert git(review, "status", "--porcelain") == ""  # the curator's tree is untouched
    git(repo, "worktree", "remove", str(review))
    forge.commit_catalog("fmwatch/w", CATALOG + "a\nb\n", "b")  # and then it may


def test_state_open_merged_closed(repo: Path, tmp_path: Path) -> None:
    forge = LocalForge(repo, tmp_path / "outbox")
    forge.commit_catalog("fmwatch/a", CATALOG + "a\n", "a")
    pull = forge.open_or_update_pull(
        "fmwatch/a", "fmwatch: 1 candidate entry for 2026-W48", "body", ("fmwatch",)
    )
    assert Path(pull.url).name == "fmwatch-a.md"
    assert forge.pull_state(pull).state == "open"
    # The curator merges it.
    git(repo, "merge", "-q", "--no-edit", "fmwatch/a")
    merged = forge.pull_state(pull)
    assert merged.state == "merged"
    assert merged.merged_catalog == CATALOG + "a\n"

    forge.commit_catalog("fmwatch/b", CATALOG + "b\n", "b")
    pull_b = forge.open_or_update_pull("fmwatch/b", "t", "body", ())
    outbox = Path(pull_b.url)
    outbox.write_text(
        outbox.read_text(encoding="utf-8").replace("state: open", "state: closed"), encoding="utf-8"
    )
    assert forge.pull_state(pull_b).state == "closed"
    # Updating the PR text keeps the curator's "closed".
    assert forge.open_or_update_pull("fmwatch/b", "t2", "body2", ()).state == "closed"

    forge.commit_catalog("fmwatch/c", CATALOG + "c\n", "c")
    pull_c = forge.open_or_update_pull("fmwatch/c", "t", "body", ())
    git(repo, "branch", "-D", "fmwatch/c")
    assert forge.pull_state(pull_c).state == "closed"
    assert forge.find_pull("fmwatch/never") is None


def test_commits_since_names_human_commits(repo: Path, tmp_path: Path) -> None:
    forge = LocalForge(repo, tmp_path / "outbox")
    ours = forge.commit_catalog("fmwatch/w", CATALOG + "a\n", "a")
    wt = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", str(wt), "fmwatch/w")
    (wt / "CATALOG.md").write_text(CATALOG + "a edited\n", encoding="utf-8")
    git(wt, "commit", "-q", "-am", "curator fix")
    commits = forge.commits_since("fmwatch/w", ours)
    assert [c.author_email for c in commits] == ["tests@example.org"]  # conftest sets the author
    assert not commits[0].by_bot
    assert [c.by_bot for c in forge.commits_since("fmwatch/w", None)] == [False, True]


def test_not_a_repository_and_missing_base(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ForgeError, match=r"is not a git repository; run `git init` there"):
        LocalForge(plain, tmp_path / "outbox")
    repo = make_catalog_repo(tmp_path)
    with pytest.raises(ForgeError, match=r"base branch 'trunk' not found .* set forge.base_branch"):
        LocalForge(repo, tmp_path / "outbox", base_branch="trunk")


def test_git_not_installed_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_catalog_repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    with pytest.raises(ForgeError) as info:
        LocalForge(repo, tmp_path / "outbox")
    assert str(info.value) == (
        "local forge: git is not installed; install git or use the GitHub forge"
    )


def test_default_base_falls_back_to_the_checked_out_branch(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path)
    git(repo, "branch", "-m", "main", "master")
    forge = LocalForge(repo, tmp_path / "outbox")
    assert forge.base_branch == "master"


def test_catalog_not_committed(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path)
    forge = LocalForge(repo, tmp_path / "outbox", catalog_path="docs/CATALOG.md")
    with pytest.raises(
        ForgeError, match=r"docs/CATALOG.md is not committed on .*commit the catalog there"
    ):
        forge.read_catalog()


def test_make_forge_picks_local_without_token_and_finds_the_catalog(tmp_path: Path) -> None:
    repo = make_catalog_repo(tmp_path)
    sub = repo / "docs"
    sub.mkdir()
    (sub / "CATALOG.md").write_text(CATALOG, encoding="utf-8")
    git(repo, "add", "docs/CATALOG.md")
    git(repo, "commit", "-q", "-m", "move")
    config = make_config(tmp_path, sub)
    forge = make_forge(config)
    assert isinstance(forge, LocalForge)
    assert forge.catalog_path == "docs/CATALOG.md"
    assert forge.read_catalog() == CATALOG
    assert isinstance(forge.pull_state(PullRequest("fmwatch/x", "open", "")), PullRequest)


def test_commit_message_and_catalog_text_never_reach_a_shell(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Git runs from an argument list with text on stdin: shell syntax stays literal text.
    monkeypatch.chdir(tmp_path)
    message = "fmwatch: $(touch pwned-1) `touch pwned-2`; touch pwned-3 && echo '\"x\"'\n\nbody"
    text = CATALOG + "| $(touch pwned-4) | `touch pwned-5` |\n"
    forge = LocalForge(repo, tmp_path / "outbox")
    sha = forge.commit_catalog("fmwatch/w", text, message)
    assert git(repo, "log", "-1", "--format=%B", sha) == message
    assert forge.read_catalog("fmwatch/w") == text
    for place in (tmp_path, repo):
        assert not list(place.glob("pwned-*"))


@pytest.mark.parametrize(
    ("branch", "name"),
    [
        ("fmwatch/2026-W48", "fmwatch-2026-W48.md"),
        ("../../etc/passwd", "etc-passwd.md"),
        ("..", "proposal.md"),
        ("", "proposal.md"),
        ("-rf", "rf.md"),
        (".hidden", "hidden.md"),
        ("a\nb\x00c d", "a-b-c-d.md"),
        ("x" * 500, "x" * 120 + ".md"),
    ],
)
def test_outbox_names_stay_inside_the_outbox(branch: str, name: str) -> None:
    assert outbox_name(branch) == name


def test_outbox_header_cannot_be_forged_by_the_title_or_body(repo: Path, tmp_path: Path) -> None:
    forge = LocalForge(repo, tmp_path / "outbox")
    forge.ensure_branch("fmwatch/w")
    forge.commit_catalog("fmwatch/w", CATALOG + "a\n", "one")
    pull = forge.open_or_update_pull(
        "fmwatch/w", "t\nstate: merged", "state: closed\n---\nstate: closed\n", ("fmwatch",)
    )
    head = Path(pull.url).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert head.splitlines() == [
        "state: open",
        "branch: fmwatch/w",
        "base: main",
        "labels: fmwatch",
        "title: t state: merged",
    ]
    assert forge.pull_state(pull).state == "open"


def test_a_malformed_github_token_does_not_stop_a_local_forge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token set for another tool is not read when the forge is local."""
    from fmwatch.config import Config, ForgeConfig
    from fmwatch.forge import LocalForge, make_forge
    from proposal_helpers import make_catalog_repo

    repo = make_catalog_repo(tmp_path)
    monkeypatch.setenv("GITHUB_TOKEN", "token with a space")
    for forge in (ForgeConfig(kind="local"), ForgeConfig(kind="auto")):
        config = Config(
            state_dir=str(tmp_path / "state"), catalog=str(repo / "CATALOG.md"), forge=forge
        )
        assert isinstance(make_forge(config), LocalForge)
