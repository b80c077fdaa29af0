"""The digest: rendering (golden file), escaping of hostile feed text, files, and real SMTP."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from fmwatch.config import Config, DigestConfig
from fmwatch.digest import (
    Decision,
    DigestData,
    DigestItem,
    LinkUpdate,
    Proposal,
    SourceHealth,
    build_message,
    deliver,
    md_escape,
    render,
    shown_path,
)
from fmwatch.errors import DigestError
from fmwatch.templating import safe_url
from smtp_server import SmtpServer

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = 'Evil <script>alert("x")</script> **bold** [click](javascript:alert(1)) | cell & co'


def sample() -> DigestData:
    return DigestData(
        week="2026-W21",
        since="2026-05-15",
        until="2026-05-22",
        candidates=[
            DigestItem(
                title="A pathology foundation model for whole-slide images",
                url="https://arxiv.org/abs/2605.01234",
                section="Image Data",
                score=0.91,
                evidence=["model: foundation model (title)", "biomedical: whole-slide"],
                model_name="SlideFM",
                code_url="https://github.com/example/slidefm",
                weights_url="https://huggingface.co/example/slidefm",
                source="arxiv",
            ),
            DigestItem(
                title="Pretraining on electronic health records at scale",
                url="https://doi.org/10.1101/2026.05.10.123456",
                section="Clinical Data",
                score=0.72,
                evidence=["EHR (abstract)"],
                source="medrxiv",
            ),
            DigestItem(
                title=HOSTILE,
                url="https://arxiv.org/abs/2605.09999",
                section="Image Data",
                score=0.65,
                evidence=["<b>x</b>"],
                model_name="*Evil*",
                code_url="javascript:alert(1)",
                source="arxiv",
            ),
        ],
        near_misses=[
            DigestItem(
                title="A protein language model survey",
                url="https://arxiv.org/abs/2605.04321",
                section="Review",
                score=0.41,
                evidence=["survey (title)"],
            )
        ],
        link_updates=[
            LinkUpdate(
                name="SlideFM",
                preprint_url="https://arxiv.org/abs/2501.00001",
                published_url="https://doi.org/10.1038/s41586-026-00001-x",
            )
        ],
        decisions=[Decision(title="CellFM", decision="accepted", when="2026-05-20")],
        sources=[
            SourceHealth("arxiv", requests=2, fetched=40, new=38),
            SourceHealth(
                "biorxiv",
                requests=1,
                fetched=0,
                new=0,
                warning="returned no records; it usually returns some",
            ),
            SourceHealth(
                "nature",
                requests=1,
                fetched=0,
                new=0,
                failure="HTTP 503 from the server; try again later",
            ),
        ],
        proposal=Proposal(branch="fmwatch/2026-W21", outbox="state/outbox/2026-W21.md", count=3),
    )


def email_config(tmp_path: Path, port: int, **digest: object) -> Config:
    settings: dict[str, object] = {
        "email": True,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "sender": "fmwatch@example.org",
        "recipients": ("curators@example.org", "lead@example.org"),
    }
    settings.update(digest)
    return Config(state_dir=str(tmp_path / "state"), digest=DigestConfig(**settings))  # type: ignore[arg-type]


def test_markdown_matches_golden_file() -> None:
    text = render(sample(), "md")
    golden = GOLDEN / "digest.md"
    if os.environ.get("FMWATCH_UPDATE_GOLDEN") and text != golden.read_text(encoding="utf-8"):
        golden.write_text(text, encoding="utf-8")
        pytest.fail("tests/golden/digest.md rewritten: review its diff, then run without it")
    assert text == golden.read_text(encoding="utf-8")


def test_hostile_title_is_inert_in_markdown() -> None:
    # CommonMark with raw HTML on, like GitHub's job summary: markup would come through here
    html = (
        MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(render(sample(), "md"))
    )
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" not in html
    assert "<em>Evil</em>" not in html
    # the pipe did not split the row: every candidate row still has six cells
    rows = [line for line in render(sample(), "md").splitlines() if line.startswith("| 0.")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 7 for row in rows)


def test_hostile_title_is_escaped_in_html() -> None:
    html = render(sample(), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="javascript' not in html
    assert "alert(1)" in html  # shown as text inside the title, never as a link


def test_text_part_keeps_values_on_one_line() -> None:
    data = sample()
    data.candidates[0].title = "Line one\nSubject: injected"
    text = render(data, "txt")
    assert "Line one Subject: injected" in text
    assert "\nSubject: injected" not in text


def test_text_part_gives_each_near_miss_detail_its_own_line() -> None:
    """The plain-text e-mail lists a near-miss as it lists a candidate: its paper, why it was
    held back and the words that raised its likeness each on a line of their own (they ran on
    after the title, on one line)."""
    data = sample()
    near = data.near_misses[0]
    near.reason = "a review, but not of foundation models"
    near.resembles = ["survey", "protein"]
    near.likeness = 0.6
    text = render(data, "txt")
    assert (
        "* [likeness 0.60, score 0.41] A protein language model survey (Review)\n"
        "    paper:   https://arxiv.org/abs/2605.04321\n"
        "    held back: a review, but not of foundation models\n"
        "    words that raised its likeness: survey, protein\n"
        "    evidence: survey (title)\n"
    ) in text
    # the HTML part names the evidence too, as the Markdown one does
    assert "; evidence: survey (title)</li>" in render(data, "html")
    data.sources[0].requests, data.sources[0].fetched = 1, 1
    assert "* arxiv: 1 request, 1 record, " in render(data, "txt")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("javascript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("https://x.org/a) [y](https://evil", "https://x.org/a%29%20%5By%5D%28https://evil"),
        ("", ""),
        # the one sanitiser of the PR body and the digests: no host, no link; a line break a
        # feed put inside a link is dropped, not encoded into another address
        ("https://", ""),
        ("https:///path-only", ""),
        ("https://[::1", ""),
        ("  https://example.org/a\nb  ", "https://example.org/ab"),
        ("HTTPS://Example.org/x", "HTTPS://Example.org/x"),
        ("https://x.org/\u202eevil", "https://x.org/evil"),
        ('https://x.org/"><script>', "https://x.org/%22%3E%3Cscript%3E"),
    ],
)
def test_safe_url(value: str, expected: str) -> None:
    assert safe_url(value) == expected


def test_md_escape_neutralises_markup() -> None:
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<img src=x>") == "&lt;img src=x&gt;"


def test_empty_week_still_says_so() -> None:
    data = DigestData(
        week="2026-W22",
        since="2026-05-22",
        until="2026-05-29",
        sources=[SourceHealth("arxiv", 1, 5, 0)],
    )
    for kind in ("md", "txt", "html"):
        assert "Nothing new this week" in render(data, kind)
    assert data.subject == "[fmwatch] 2026-W22: nothing new"


def test_markdown_written_and_appended_to_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    config = Config(state_dir=str(tmp_path / "state"))
    first = deliver(sample(), config)
    assert first.path == tmp_path / "state" / "digests" / "2026-W21.md"
    assert first.path.read_text(encoding="utf-8") == render(sample(), "md")
    assert summary.read_text(encoding="utf-8") == "## earlier step\n" + render(sample(), "md")
    second = deliver(sample(), config)
    assert second.path.name == "2026-W21-2.md"  # a rerun in the same week keeps the first digest
    assert first.path.exists()


def test_no_step_summary_without_the_variable(tmp_path: Path) -> None:
    result = deliver(sample(), Config(state_dir=str(tmp_path / "state")))
    assert result.step_summary is None


def test_email_arrives_as_one_multipart_message(tmp_path: Path, smtp: SmtpServer) -> None:
    result = deliver(sample(), email_config(tmp_path, smtp.port))
    assert result.emailed_to == ("curators@example.org", "lead@example.org")
    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received.rcpt_tos == ["curators@example.org", "lead@example.org"]
    msg = received.message
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"] == "[fmwatch] 2026-W21: 3 candidates, 1 source(s) failed"
    parts = [part.get_content_type() for part in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    assert "A pathology foundation model for whole-slide images" in text.get_content()
    assert "<script>" not in html.get_content()
    assert "&lt;script&gt;" in html.get_content()


def test_email_not_sent_on_dry_run_or_when_disabled(tmp_path: Path, smtp: SmtpServer) -> None:
    assert (
        deliver(sample(), email_config(tmp_path, smtp.port), dry_run=True).skipped_email
        == "dry run"
    )
    deliver(sample(), email_config(tmp_path, smtp.port), email=False)
    assert smtp.messages == []


def test_empty_week_email_follows_send_when_empty(tmp_path: Path, smtp: SmtpServer) -> None:
    empty = DigestData(week="2026-W22", since="2026-05-22", until="2026-05-29")
    skipped = deliver(empty, email_config(tmp_path, smtp.port, send_when_empty=False))
    assert skipped.skipped_email is not None and smtp.messages == []
    deliver(empty, email_config(tmp_path, smtp.port))
    assert len(smtp.messages) == 1
    assert "nothing new" in smtp.messages[0].message["Subject"]


# AUTH without TLS is deliberate: the server is on loopback and TLS certificates would add nothing
NO_TLS_WARNING = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@NO_TLS_WARNING
def test_login_with_credentials_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer(user="bot", password="s3cret-pass").start()
    try:
        monkeypatch.setenv("FMWATCH_SMTP_USER", "bot")
        monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "s3cret-pass")
        deliver(sample(), email_config(tmp_path, server.port))
        assert len(server.messages) == 1
    finally:
        server.stop()


@NO_TLS_WARNING
def test_rejected_login_names_server_and_hides_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer(user="bot", password="right-password").start()
    try:
        monkeypatch.setenv("FMWATCH_SMTP_USER", "bot")
        monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "wrong-password-123")
        with pytest.raises(DigestError) as info:
            deliver(sample(), email_config(tmp_path, server.port))
    finally:
        server.stop()
    message = str(info.value)
    assert message == (
        f"SMTP server 127.0.0.1:{server.port} rejected the login (535); "
        "check FMWATCH_SMTP_USER and FMWATCH_SMTP_PASSWORD"
    )
    assert "wrong-password-123" not in message
    assert "\n" not in message


def test_unreachable_server_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = SmtpServer().start()
    port = server.port
    server.stop()  # nothing listens there now
    monkeypatch.setenv("FMWATCH_SMTP_USER", "bot")
    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "hunter2-secret")
    with pytest.raises(DigestError) as info:
        deliver(sample(), email_config(tmp_path, port))
    message = str(info.value)
    assert message.startswith(f"cannot connect to SMTP server 127.0.0.1:{port} (")
    assert message.endswith("); check digest.smtp_host and digest.smtp_port")
    assert "hunter2-secret" not in message


def test_starttls_against_a_plain_server_says_how_to_fix(tmp_path: Path, smtp: SmtpServer) -> None:
    with pytest.raises(
        DigestError,
        match=r'does not offer STARTTLS; set digest.smtp_security to "ssl" .* or "none"$',
    ):
        deliver(sample(), email_config(tmp_path, smtp.port, smtp_security="starttls"))
    assert smtp.messages == []


def test_half_configured_credentials_are_refused(
    tmp_path: Path, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "only-password")
    with pytest.raises(
        DigestError, match="only one of FMWATCH_SMTP_USER and FMWATCH_SMTP_PASSWORD is set"
    ):
        deliver(sample(), email_config(tmp_path, smtp.port))


# -- hostile feed text in every format -----------------------------------------------------------
NASTY = (
    "Evil `tick` <img src=x onerror=alert(2)> @octocat fixes #123 www.evil.example\r\n"
    "# Heading\x00\x07\x1b[31m \u202egnp.exe\u2066 end"
)


def nasty_sample() -> DigestData:
    data = sample()
    data.candidates[0].title = NASTY
    data.candidates[0].evidence = [NASTY]
    data.near_misses[0].title = "Near " + NASTY
    data.near_misses[0].likeness = 0.7
    data.near_misses[0].resembles = [NASTY]
    data.sources[2].failure = "HTTP 500 [/red] " + NASTY
    return data


@pytest.mark.parametrize("kind", ["md", "txt", "html"])
def test_controls_and_bidi_overrides_never_reach_any_format(kind: str) -> None:
    out = render(nasty_sample(), kind)
    for bad in ("\x00", "\x07", "\x1b", "\u202e", "\u2066", "\r"):
        assert bad not in out
    assert "gnp.exe end" in out  # the text itself is kept, only the invisible characters go


def test_markdown_digest_mentions_nobody_and_links_nothing() -> None:
    md = render(nasty_sample(), "md")
    assert "@octocat" not in md and "@\u2060octocat" in md
    assert "#123" not in md
    html = MarkdownIt("commonmark").enable(["table"]).render(md)
    assert "<img" not in html and "onerror=alert(2)&gt;" in html
    assert "<h1>Heading" not in html
    assert "www\\.evil" in md  # no extended autolink either
    links = re.findall(r'href="([^"]*)"', html)
    assert all(link.startswith("https://") for link in links)


def test_html_part_escapes_the_img_onerror_payload() -> None:
    html = render(nasty_sample(), "html")
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_long_values_are_clipped_in_every_format() -> None:
    data = sample()
    data.candidates[0].title = "Foundation " + "x" * 5000
    for kind in ("md", "txt", "html"):
        out = render(data, kind)
        assert "x" * 400 not in out and "x" * 250 in out
        assert "…" in out


def test_code_spans_cannot_be_closed_by_a_backtick() -> None:
    data = sample()
    data.proposal.branch = "fmwatch/`x` <b>"
    md = render(data, "md")
    assert "``fmwatch/`x` <b>``" in md
    html = MarkdownIt("commonmark").render(md)
    assert "<code>fmwatch/`x` &lt;b&gt;</code>" in html


def test_subject_takes_no_feed_text_and_bad_addresses_are_one_line(tmp_path: Path) -> None:
    data = sample()
    data.candidates[0].title = "x\r\nBcc: victim@example.org"
    msg = build_message(data, email_config(tmp_path, 25).digest, text="t", html="<p>h</p>")
    assert msg["Subject"] == "[fmwatch] 2026-W21: 3 candidates, 1 source(s) failed"
    assert msg["Bcc"] is None
    bad = email_config(tmp_path, 25, sender="fmwatch@example.org\r\nBcc: victim@example.org")
    with pytest.raises(DigestError) as info:
        build_message(data, bad.digest, text="t", html="h")
    assert str(info.value).startswith("digest.sender contains a line break or control character")
    assert str(info.value).endswith("write one plain address per entry in fmwatch.toml")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "{cwd}/fmwatch-demo/state/outbox/fmwatch-2026-W22.md",
            "fmwatch-demo/state/outbox/fmwatch-2026-W22.md",
        ),
        ("/elsewhere/state/outbox/x.md", "/elsewhere/state/outbox/x.md"),
        ("state/outbox/x.md", "state/outbox/x.md"),
        (None, None),
    ],
)
def test_shown_path_is_relative_under_the_current_directory(
    tmp_path: Path, path: str | None, expected: str | None
) -> None:
    given = path.format(cwd=tmp_path) if path else None
    assert shown_path(given, cwd=tmp_path) == expected


@pytest.mark.parametrize("host", ["smtp.example.org", "192.0.2.10", "[2001:db8::1]"])
def test_a_login_is_never_sent_in_clear_text_beyond_this_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.setenv("FMWATCH_SMTP_USER", "bot")
    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", "s3cret-pass")
    cfg = email_config(tmp_path, 25, smtp_host=host.strip("[]") if ":" in host else host)
    # refused before any connection (the network guard would fail the test on one)
    with pytest.raises(DigestError) as info:
        deliver(sample(), cfg)
    assert str(info.value) == (
        f"refusing to send the SMTP login in clear text to {host.strip('[]')}:25; set "
        'digest.smtp_security to "starttls" or "ssl", or unset FMWATCH_SMTP_USER and '
        "FMWATCH_SMTP_PASSWORD if the relay needs no login"
    )
    assert "s3cret-pass" not in str(info.value)


def test_the_message_is_seven_bit_clean_whatever_the_titles(tmp_path: Path) -> None:
    """smtplib announces 8BITMIME only for non-ASCII addresses: a body in 8 bits could be
    mangled by an older relay, so both parts travel as quoted-printable ASCII."""
    data = sample()
    msg = build_message(
        data, email_config(tmp_path, 25).digest, text="Évo 2 — ß", html="<p>Évo 2 — ß</p>"
    )
    raw = msg.as_bytes()
    assert raw.isascii()
    for part in msg.iter_parts():
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
    text = msg.get_body(("plain",))
    assert text is not None and "Évo 2 — ß" in text.get_content()


def test_what_waits_for_a_curator_is_listed_inert_in_every_format() -> None:
    """Held-back candidates are named in the digest (readers who never see the console), and
    their lines (a section heading a curator wrote is part of them) are escaped like feed text."""
    data = sample()
    data.waiting = [f"w1: section {HOSTILE!r} (line 3) has no table\nSubject: injected"]
    md = render(data, "md")
    assert "## Waiting for a curator (1)" in md
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    assert "<script" not in html and 'href="javascript' not in html
    assert "<script>" not in render(data, "html")
    assert "Waiting for a curator (1)" in render(data, "html")
    text = render(data, "txt")
    assert "WAITING FOR A CURATOR (1)" in text and "\nSubject: injected" not in text
    data.candidates = []
    assert ": 1 waiting for a curator" in data.subject


def test_candidates_still_waiting_in_a_pull_request_are_named_in_every_format() -> None:
    data = sample()
    data.pending = [("https://github.com/o/r/pull/7", 3), (f"fmwatch/{HOSTILE}", 1)]
    md = render(data, "md")
    assert (
        "Still awaiting review: 3 candidates proposed earlier, in <https://github.com/o/r/pull/7>."
        in md
    )
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    assert "<script" not in html and 'href="javascript' not in html
    text = render(data, "txt")
    assert "Still awaiting review: 3 candidates proposed earlier, in the pull request " in text
    assert "Still awaiting review: 1 candidate proposed earlier, on branch fmwatch/Evil" in text
    page = render(data, "html")
    assert '<a href="https://github.com/o/r/pull/7">' in page and "<script>" not in page
    # each on a line of its own in the text part, the next section after a blank line
    assert "in the pull request https://github.com/o/r/pull/7\n\nStill awaiting" in text
    # a week with nothing new says in its subject that proposals still wait
    data.candidates, data.near_misses, data.link_updates, data.decisions = [], [], [], []
    data.sources = [s for s in data.sources if not s.failure]
    assert data.is_empty
    assert data.subject == "[fmwatch] 2026-W21: nothing new, 4 awaiting review"


def test_a_digest_without_candidates_says_in_its_subject_what_it_holds() -> None:
    """A week of curator decisions (or of link updates, or near-misses only) is not announced as
    "0 candidates"."""
    data = sample()
    data.candidates = []
    data.sources = [s for s in data.sources if not s.failure]
    assert data.subject == ("[fmwatch] 2026-W21: 1 curator decision, 1 link update, 1 near-miss")
    data.near_misses, data.link_updates = [], []
    data.decisions = data.decisions * 3
    assert data.subject == "[fmwatch] 2026-W21: 3 curator decisions"


def test_a_refused_recipient_leaves_the_others_served_and_says_which_and_why(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    """One address in digest.recipients is gone: the others have the digest (so its news was
    reported), and the one line names the address, the server's reason and the fix."""
    smtp.handler.refuse["lead@example.org"] = "550 5.1.1 <lead@example.org>: no such user"
    result = deliver(sample(), email_config(tmp_path, smtp.port))
    assert [m.rcpt_tos for m in smtp.messages] == [["curators@example.org"]]
    assert result.emailed_to == ("curators@example.org",)
    assert result.email_error == (
        f"SMTP server 127.0.0.1:{smtp.port} delivered the digest to curators@example.org but "
        "refused lead@example.org (550 5.1.1 <lead@example.org>: no such user); correct or "
        "remove them in digest.recipients"
    )


def test_a_temporary_refusal_says_to_run_again_later_not_to_change_settings(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    """4xx replies (greylisting, a full queue) mean "later": the settings are right, and a
    message telling the user to check digest.recipients or smtp_host sends them astray."""
    for address in ("curators@example.org", "lead@example.org"):
        smtp.handler.refuse[address] = "450 4.2.1 greylisted, try again in 5 minutes"
    with pytest.raises(DigestError) as info:
        deliver(sample(), email_config(tmp_path, smtp.port))
    message = str(info.value)
    assert message.startswith(f"SMTP server 127.0.0.1:{smtp.port} temporarily refused every ")
    assert "(450 4.2.1 greylisted, try again in 5 minutes)" in message
    assert message.endswith("run again later (the next digest carries this one's news)")
    assert "check digest" not in message

    smtp.handler.refuse.clear()
    smtp.handler.data_reply = "451 4.3.0 queue full, try again later"
    with pytest.raises(DigestError) as info:
        deliver(sample(), email_config(tmp_path, smtp.port))
    assert str(info.value) == (
        f"SMTP server 127.0.0.1:{smtp.port} refused the digest for now (451 4.3.0 queue full, "
        "try again later); nothing was sent; run again later (the next digest carries this "
        "one's news)"
    )
    assert smtp.messages == []


def test_a_message_refused_at_data_is_not_blamed_on_host_port_or_security(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    smtp.handler.data_reply = "552 5.3.4 message size exceeds fixed limit"
    with pytest.raises(DigestError) as info:
        deliver(sample(), email_config(tmp_path, smtp.port))
    message = str(info.value)
    assert message.startswith(
        f"SMTP server 127.0.0.1:{smtp.port} refused the digest (552 5.3.4 message size exceeds "
        "fixed limit); nothing was sent; "
    )
    assert "smtp_host" not in message and "smtp_security" not in message


def test_a_server_hanging_up_during_data_says_so(tmp_path: Path, smtp: SmtpServer) -> None:
    smtp.handler.hang_up_in_data = True
    with pytest.raises(DigestError) as info:
        deliver(sample(), email_config(tmp_path, smtp.port))
    message = str(info.value)
    assert message.startswith(
        f"SMTP server 127.0.0.1:{smtp.port} closed the connection while the digest was being sent ("
    )
    assert message.endswith("run again later (the next digest carries this one's news)")
    assert "smtp_security" not in message
