"""What the proposal logic needs from a forge, and nothing more.

Two forges implement it: :mod:`fmwatch.forge.github` (REST over httpx) and
:mod:`fmwatch.forge.local` (a branch in the catalog's own git repository plus a PR file in the
outbox). :mod:`fmwatch.proposals` only talks to this protocol, so it is tested once against both.

Why commits are always *appended*: a curator may push to the proposal branch (fix a note,
drop a row). The bot never rewrites history: every update is one new commit whose parent is the
branch tip as it is now, built from the catalog *on that tip*, so a human's edits survive.
:meth:`Forge.commits_since` lets the caller see those commits and say so in the PR.

Why an open proposal is brought up to date with the base first (:meth:`Forge.catch_up`): a
pull request stays open across weeks while curators keep editing the base. A row a curator
adds by hand at the end of a section, next to where the bot appends, made the pull request
conflict; a row fixed on the base stayed broken on the branch. Merging the base into the branch
(a merge commit, history kept) before each update avoids both. When git cannot merge (a row
added by hand where the bot added one) on a branch only the bot committed to, the bot writes the
merge itself (:meth:`Forge.merge_with_catalog`: the base's files, its catalog with the branch's
rows after the base's own); on a branch a curator also pushed to, the conflict is reported in
words instead of being resolved for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

#: The identity the bot commits as. A commit on a proposal branch by anyone else is "human".
BOT_NAME = "fmwatch"
BOT_EMAIL = "fmwatch-bot@users.noreply.github.com"

#: The subject of the bot's merge of the base into a proposal branch; on GitHub the merge commit
#: is authored by the token's account, so the subject is how it is known as the bot's own.
CATCH_UP_SUBJECT = "fmwatch: bring the proposal up to date with "

#: States a proposal can be in, as the forge reports them.
PR_STATES = ("open", "merged", "closed")


@dataclass(frozen=True, slots=True)
class PullRequest:
    """One proposal as the forge sees it.

    For the local forge ``number`` is ``None`` and ``url`` is the outbox file's path.
    ``merged_catalog`` is the catalog text on the base branch after the merge (only when merged),
    which is what sync compares the proposed rows against.
    """

    branch: str
    state: str
    url: str
    number: int | None = None
    title: str = ""
    head_sha: str | None = None
    merged_catalog: str | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author_name: str
    author_email: str
    message: str = ""

    @property
    def by_bot(self) -> bool:
        return self.author_email.lower() == BOT_EMAIL or self.message.startswith(CATCH_UP_SUBJECT)


def catch_up_message(base: str) -> str:
    return f"{CATCH_UP_SUBJECT}{base}"


@dataclass(frozen=True, slots=True)
class CatchUp:
    """What :meth:`Forge.catch_up` did to a branch.

    ``outcome``: ``current`` (the base has nothing the branch lacks), ``merged`` (the base was
    merged in; ``sha`` is the branch's new tip), ``conflict`` (the base and the branch change
    the same lines; the branch is left as it was) or ``unsupported`` (git cannot merge them
    here: a git too old to merge without a working tree, or one refusing, as for histories
    that share no commit; ``detail`` says why and what to do)."""

    outcome: str
    sha: str | None = None
    detail: str = ""


@dataclass(slots=True)
class BranchInfo:
    """A branch's tip and, when the forge knows it, the commits on it that are not on the base."""

    name: str
    sha: str
    created: bool = False
    commits: list[Commit] = field(default_factory=list)


class Forge(Protocol):
    """Where proposals are committed and reviewed."""

    #: "github" or "local", for messages and the ``proposals.forge`` column.
    kind: str
    base_branch: str
    catalog_path: str

    def read_catalog(self, ref: str | None = None) -> str:
        """The catalog's text on ``ref`` (branch or commit sha; the base branch by default)."""
        ...

    def branch_sha(self, branch: str) -> str | None:
        """The tip of ``branch``, or ``None`` when it does not exist."""
        ...

    def ensure_branch(self, branch: str) -> BranchInfo:
        """Create ``branch`` from the base's tip unless it exists; never moves an existing one."""
        ...

    def catch_up(self, branch: str) -> CatchUp:
        """Merge the base's tip into ``branch`` when the base has commits the branch lacks; a
        conflict leaves the branch untouched."""
        ...

    def merge_with_catalog(
        self, branch: str, text: str, message: str, *, tip: str, base: str
    ) -> str:
        """Append to ``branch`` a merge of the base commit ``base`` whose files are that
        commit's, with the catalog set to ``text`` (the bot's own resolution of a conflict on a
        branch only it committed to); returns the merge commit's sha.

        ``tip`` and ``base`` are the commits ``text`` was made from: the merge's parents are
        exactly those, and the branch moves only from ``tip``, so a commit someone added to the
        branch (or the base) meanwhile is never undone by a text made before it; a branch
        that moved is refused with a :class:`~fmwatch.errors.ForgeError` saying so."""
        ...

    def commit_catalog(self, branch: str, text: str, message: str) -> str:
        """Append one commit to ``branch`` that sets the catalog to ``text``; returns its sha."""
        ...

    def commits_since(self, branch: str, since_sha: str | None) -> list[Commit]:
        """Commits on ``branch`` after ``since_sha`` (or after the base), newest first."""
        ...

    def find_pull(self, branch: str) -> PullRequest | None:
        """The proposal for ``branch`` (any state), or ``None`` when there never was one."""
        ...

    def open_or_update_pull(
        self, branch: str, title: str, body: str, labels: tuple[str, ...]
    ) -> PullRequest:
        """Open a draft proposal for ``branch``, or update the open one's title and body."""
        ...

    def pull_state(self, pull: PullRequest) -> PullRequest:
        """Read back the proposal's state; merged ones carry the merged catalog text."""
        ...

    def record_state(self, branch: str, state: str) -> None:
        """Note on the proposal what sync found became of it, where the forge does not know
        by itself (a hosted pull request does: nothing to do there)."""
        ...
