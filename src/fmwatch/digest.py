"""The weekly digest: one set of facts, rendered three ways, delivered two ways.

Why the facts live in plain dataclasses (:class:`DigestData`) rather than being queried from the
templates: the pipeline already holds everything the digest says, the templates stay dumb, and
tests can render a digest without a database.

Everything in a digest that came from a feed (titles, model names, evidence phrases, URLs) is
untrusted. HTML is rendered with Jinja2 autoescape; Markdown and plain text go through
:func:`md_escape` / :func:`safe_url`, because Markdown has no autoescape and a hostile title could
otherwise inject links, images or raw HTML into the job summary or the digest file. In every
format, control characters (NUL, ESC, CR…) and bidi overrides are removed from every value
(the environment's ``finalize``), so that no title can reorder what a reader sees or smuggle
terminal escapes into a file; long values are clipped; ``@name`` and ``#123`` get a word joiner
so that a job summary never notifies anyone.

E-mail is one ``multipart/alternative`` message (plain text first, HTML second, as RFC 2046 asks)
sent with :mod:`smtplib`. Credentials come from the environment only and never appear in errors.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from fmwatch.config import Config, DigestConfig, is_loopback, smtp_credentials
from fmwatch.errors import DigestError, redact
from fmwatch.templating import neutralize_mentions, safe_url
from fmwatch.text import clip, is_shown, printable_line

TEMPLATE_NAMES = {"md": "digest.md.j2", "html": "digest.html.j2", "txt": "digest.txt.j2"}


@dataclass(slots=True)
class DigestItem:
    """One work as the digest shows it: a candidate, a near-miss, or a dropped-but-close one."""

    title: str
    url: str | None = None
    section: str = ""
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    model_name: str | None = None
    code_url: str | None = None
    weights_url: str | None = None
    source: str = ""
    #: a near-miss's reason for not being proposed (the scorer's cap, or its score)
    reason: str = ""
    #: a near-miss's likeness to the papers curators add (fmwatch.ranker) and the words behind it
    likeness: float | None = None
    resembles: list[str] = field(default_factory=list)
    #: a carried candidate's proposal: its pull request's URL, or its local branch
    proposed_in: str = ""


@dataclass(slots=True)
class LinkUpdate:
    """A catalog row that points at a preprint whose journal version has appeared."""

    name: str
    preprint_url: str | None
    published_url: str | None
    title: str = ""


@dataclass(slots=True)
class Decision:
    """What a curator did with an earlier proposal."""

    title: str
    decision: str  # accepted | rejected
    url: str | None = None
    when: str = ""


@dataclass(slots=True)
class SourceHealth:
    """One source's line in the health table; ``warning`` is set when silence looks wrong."""

    source: str
    requests: int = 0
    fetched: int = 0
    new: int = 0
    failure: str | None = None
    warning: str | None = None
    #: what else it did, for a healthy source ("3 abstracts found")
    note: str | None = None


@dataclass(slots=True)
class Proposal:
    """Where the proposals went: a PR on the forge, or a local branch plus an outbox file."""

    pr_url: str | None = None
    branch: str | None = None
    outbox: str | None = None
    dry_run: bool = False
    count: int = 0


@dataclass(slots=True)
class DigestData:
    """Everything one digest says. Built by the pipeline; rendered by :func:`render`."""

    week: str
    since: str
    until: str
    candidates: list[DigestItem] = field(default_factory=list)
    near_misses: list[DigestItem] = field(default_factory=list)
    link_updates: list[LinkUpdate] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    sources: list[SourceHealth] = field(default_factory=list)
    proposal: Proposal = field(default_factory=Proposal)
    demo: bool = False
    #: what waits for a curator: candidates held back by the catalog (a broken row, a missing
    #: section), accepted works whose row is not in the catalog; one line each, with the fix
    waiting: list[str] = field(default_factory=list)
    #: candidates an earlier run proposed whose digest reached nobody (its e-mail failed)
    carried: list[DigestItem] = field(default_factory=list)
    #: candidates earlier digests reported that still await a curator's review: (where they
    #: wait, a pull request's URL or a branch; how many), so a quiet week does not read as all
    #: clear while a pull request waits
    pending: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing a curator needs to act on (source health alone does not count)."""
        return not (
            self.candidates
            or self.carried
            or self.near_misses
            or self.link_updates
            or self.decisions
            or self.waiting
        )

    @property
    def failed_sources(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.failure]

    @property
    def warnings(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.warning]

    def by_section(self) -> list[tuple[str, list[DigestItem]]]:
        """Candidates grouped by catalog section, sections in first-seen order, best first."""
        groups: dict[str, list[DigestItem]] = {}
        for item in sorted(self.candidates, key=lambda c: (-c.score, c.title)):
            groups.setdefault(item.section or "Unplaced", []).append(item)
        return list(groups.items())

    @property
    def subject(self) -> str:
        prefix = "[fmwatch demo]" if self.demo else "[fmwatch]"
        if self.is_empty:
            what = "nothing new"
            waiting = sum(count for _, count in self.pending)
            if waiting:
                # (a reminder, not news: the week still counts as empty for send_when_empty)
                what += f", {waiting} awaiting review"
        elif self.candidates or self.carried:
            what = f"{len(self.candidates)} candidate{'s' if len(self.candidates) != 1 else ''}"
            if self.carried:
                what += f", {len(self.carried)} proposed earlier"
        else:
            # nothing proposed: say what the digest does hold (a week of curator decisions
            # was announced as "0 candidates")
            held = [
                (len(self.waiting), "waiting for a curator", "waiting for a curator"),
                (len(self.decisions), "curator decision", "curator decisions"),
                (len(self.link_updates), "link update", "link updates"),
                (len(self.near_misses), "near-miss", "near-misses"),
            ]
            what = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in held if n)
        trouble = f", {len(self.failed_sources)} source(s) failed" if self.failed_sources else ""
        # Built from counts only, never from feed text; still forced to one printable line.
        return _text_line(f"{prefix} {self.week}: {what}{trouble}")


def shown_path(path: str | Path | None, cwd: Path | None = None) -> str | None:
    """``path`` relative to the current directory when it lies under it, else as given.

    Why: the demo keeps everything under ``./fmwatch-demo/``, and a weekly job runs from the
    checkout, so ``fmwatch-demo/state/outbox/….md`` is what a reader can open or paste; a path
    elsewhere stays absolute rather than becoming a confusing ``../../…``.
    """
    if path is None or str(path) == "":
        return None
    p = Path(path)
    if not p.is_absolute():
        return str(p)
    try:
        base = (cwd or Path.cwd()).resolve()
        return str(p.resolve().relative_to(base))
    except (ValueError, OSError):
        return str(p)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# -- escaping ---------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([#+\-=]|\d+[.)])")
_WWW = re.compile(r"(?i)\bwww\.")
#: Characters of one feed value shown in a digest (titles, evidence, failure messages).
TEXT_LIMIT = 300


def plain(value: Any, limit: int | None = None) -> str:
    """:func:`fmwatch.text.printable_line`, clipped to ``limit`` characters when given."""
    text = printable_line(value)
    return clip(text, limit) if limit else text


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(1)
    if marker[0].isdigit():  # "1." starts a list; "1\." does not
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def md_escape(value: Any, limit: int = TEXT_LIMIT) -> str:
    """Make untrusted text inert in Markdown: one line, no markup, no raw HTML, no autolinks.

    ``<``, ``>`` and ``&`` become entities (GitHub renders raw HTML in job summaries); the
    characters that open inline constructs (emphasis, code, links, table cells) are
    backslash-escaped, as is a leading list/heading marker; ``://`` and ``www.`` are broken so a
    URL in a title is not turned into a link. Parentheses stay: with brackets escaped they cannot
    form a link. Mentions and issue references are neutralised; the value is clipped.
    """
    text = plain(value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(_escape_marker, text)
    text = _WWW.sub(lambda m: m.group(0)[:3] + "\\.", text.replace("://", ":\\/\\/"))
    return neutralize_mentions(text)


def md_code(value: Any) -> str:
    """A Markdown code span that no backtick in ``value`` can close early."""
    text = plain(value)
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text_line(value: Any, limit: int | None = TEXT_LIMIT) -> str:
    """Plain text needs no escaping, but must stay on one printable line (no header-injection
    tricks, no terminal escapes) and reasonably short."""
    return plain(value, limit)


def _short(value: Any, limit: int = TEXT_LIMIT) -> str:
    """For the HTML part: clipped, one line; autoescape does the rest."""
    return plain(value, limit)


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` output, in every format, loses control and bidi characters."""
    if isinstance(value, str) and not isinstance(value, Markup) and not value.isprintable():
        return "".join(ch for ch in value.replace("\n", " ") if is_shown(ch))
    return value


def _score(value: Any) -> str:
    return f"{float(value):.2f}"


# -- rendering --------------------------------------------------------------------------------


def environment() -> jinja2.Environment:
    """The digest's own environment: same package templates as :mod:`fmwatch.templating`, plus
    the digest's filters (``md``, ``url``, ``line``, ``score``)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fmwatch", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["md"] = md_escape
    env.filters["code"] = md_code
    env.filters["url"] = safe_url
    env.filters["line"] = _text_line
    env.filters["short"] = _short
    env.filters["score"] = _score
    return env


def render(data: DigestData, kind: str) -> str:
    """Render ``kind`` (md, html or txt)."""
    try:
        template = environment().get_template(TEMPLATE_NAMES[kind])
        text = template.render(d=data)
    except KeyError as exc:
        raise DigestError(f"unknown digest format {kind!r}; use md, html or txt") from exc
    except jinja2.TemplateError as exc:
        raise DigestError(
            f"the digest template {TEMPLATE_NAMES.get(kind)} failed ({exc}); "
            "the installed package is damaged; reinstall fmwatch"
        ) from exc
    if kind == "html":
        return str(Markup(text))
    return text


# -- delivery: files --------------------------------------------------------------------------


def digest_path(state_dir: Path, week: str) -> Path:
    """``digests/<week>.md``, or ``<week>-2.md``… when a digest of that week already exists.

    A second run in the same week must not overwrite the first digest, which may be the one that
    listed the week's candidates.
    """
    folder = state_dir / "digests"
    path = folder / f"{week}.md"
    n = 2
    while path.exists():
        path = folder / f"{week}-{n}.md"
        n += 1
    return path


def write_markdown(markdown: str, state_dir: Path, week: str) -> Path:
    path = digest_path(state_dir, week)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise DigestError(
            f"cannot write the digest to {path} ({exc}); check state_dir and its permissions"
        ) from exc
    return path


def append_step_summary(markdown: str, env: dict[str, str] | None = None) -> Path | None:
    """Append to ``$GITHUB_STEP_SUMMARY`` when Actions provides it; otherwise do nothing."""
    env = dict(os.environ) if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(markdown)
            if not markdown.endswith("\n"):
                fh.write("\n")
    except OSError as exc:
        raise DigestError(
            f"cannot append to GITHUB_STEP_SUMMARY {path} ({exc}); check the runner's file system"
        ) from exc
    return path


# -- delivery: e-mail -------------------------------------------------------------------------


def build_message(data: DigestData, digest: DigestConfig, *, text: str, html: str) -> EmailMessage:
    """One multipart/alternative message. No header takes feed text: the Subject is built from
    counts and the ISO week; the addresses come from the config and are checked here, because
    the e-mail library would otherwise fail with a traceback on a newline in one."""
    for name, value in (
        ("digest.sender", digest.sender),
        *(("digest.recipients", r) for r in digest.recipients),
    ):
        if any(ch in value for ch in "\r\n\0") or not value.isprintable():
            raise DigestError(
                f"{name} contains a line break or control character ({value!r}); "
                "write one plain address per entry in fmwatch.toml"
            )
    msg = EmailMessage()
    try:
        msg["Subject"] = data.subject
        msg["From"] = digest.sender
        msg["To"] = ", ".join(digest.recipients)
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        domain = digest.sender.rpartition("@")[2] or "fmwatch.invalid"
        msg["Message-ID"] = make_msgid("fmwatch", domain=domain)
    except (ValueError, TypeError, IndexError) as exc:
        raise DigestError(
            f"cannot build the digest e-mail headers ({exc}); "
            "check digest.sender and digest.recipients in fmwatch.toml"
        ) from None
    # 7-bit safe on the wire: smtplib announces 8BITMIME only for non-ASCII addresses, and a
    # relay without it may mangle an 8-bit body ("Évo 2" in a title)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


class PartlyDelivered(DigestError):
    """The server took the message for some recipients and refused the others: those it took
    have the digest (``delivered_to``), so its news is reported; the refusal is still an error."""

    def __init__(self, message: str, delivered_to: tuple[str, ...]) -> None:
        super().__init__(message)
        self.delivered_to = delivered_to


def _temporary(code: object) -> bool:
    """Whether an SMTP reply code is a 4xx (temporary: the same message may succeed later)."""
    return isinstance(code, int) and 400 <= code < 500


#: what a temporary failure of the server asks of the user
_RUN_AGAIN = "run again later (the next digest carries this one's news)"


def _settings_fault(where: str, exc: BaseException, password: str | None) -> DigestError:
    """A failure sending the digest that no reply explains: the connection settings."""
    return DigestError(
        f"sending the digest via {where} failed ({_cause(exc, password)}); "
        "check digest.smtp_host, smtp_port and smtp_security"
    )


def _refusals(refused: dict[str, Any], password: str | None) -> str:
    """``a@x (550 5.1.1 no such user), b@y (450 …)``: each refused address with the reply."""
    out = []
    for address in sorted(refused):
        code, text = refused[address]
        reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        out.append(f"{address} ({' '.join(f'{code} {reply}'.split())})")
    return redact(", ".join(out), (password,) if password else ())


def send_email(
    message: EmailMessage,
    digest: DigestConfig,
    *,
    credentials: tuple[str | None, str | None] | None = None,
    timeout: float = 30.0,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Send one message; any failure becomes a one-line :class:`DigestError` without secrets.

    A reply of the 4xx class (greylisting, a full queue) says to try again later, not that a
    setting is wrong, and the message says so; a server that closes the connection once the
    message is under way is not misconfigured either. Recipients refused while others took
    the message: :class:`PartlyDelivered`.
    """
    user, password = credentials if credentials is not None else smtp_credentials()
    where = f"{digest.smtp_host}:{digest.smtp_port}"
    if not digest.sender or not digest.recipients:
        raise DigestError(
            "cannot send the digest: digest.sender or digest.recipients is empty; "
            "set both in fmwatch.toml"
        )
    if bool(user) != bool(password):
        raise DigestError(
            f"cannot log in to SMTP server {where}: only one of FMWATCH_SMTP_USER and "
            "FMWATCH_SMTP_PASSWORD is set; set both, or neither for an open relay"
        )
    if user and digest.smtp_security == "none" and not is_loopback(digest.smtp_host):
        # the login would cross the network readable by anyone on the way; a relay on this
        # machine (a local postfix, the tests' server) is the one place plain text is safe
        raise DigestError(
            f"refusing to send the SMTP login in clear text to {where}; set "
            'digest.smtp_security to "starttls" or "ssl", or unset FMWATCH_SMTP_USER and '
            "FMWATCH_SMTP_PASSWORD if the relay needs no login"
        )
    context = ssl_context or ssl.create_default_context()
    server: smtplib.SMTP | None = None
    sending = False  # (the server accepted the connection, TLS and login: the message is sent)
    try:
        if digest.smtp_security == "ssl":
            server = smtplib.SMTP_SSL(
                digest.smtp_host, digest.smtp_port, timeout=timeout, context=context
            )
        else:
            server = smtplib.SMTP(digest.smtp_host, digest.smtp_port, timeout=timeout)
        server.ehlo()
        if digest.smtp_security == "starttls":
            server.starttls(context=context)
            server.ehlo()
        if user and password:
            server.login(user, password)
        sending = True
        refused = server.send_message(
            message, from_addr=digest.sender, to_addrs=list(digest.recipients)
        )
        if refused:
            took = tuple(r for r in digest.recipients if r not in refused)
            later = all(_temporary(reply[0]) for reply in refused.values())
            fix = (
                "a temporary refusal: they miss this digest, the next one goes to them again"
                if later
                else "correct or remove them in digest.recipients"
            )
            raise PartlyDelivered(
                f"SMTP server {where} delivered the digest to {', '.join(took)} but refused "
                f"{_refusals(refused, password)}; {fix}",
                took,
            )
    except smtplib.SMTPAuthenticationError as exc:
        raise DigestError(
            f"SMTP server {where} rejected the login ({exc.smtp_code}); "
            "check FMWATCH_SMTP_USER and FMWATCH_SMTP_PASSWORD",
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        if "STARTTLS" in str(exc):
            fix = (
                'does not offer STARTTLS; set digest.smtp_security to "ssl" if it speaks TLS '
                'from the first byte (usually port 465), or "none"'
            )
        else:  # AUTH: often offered only once the connection is encrypted
            fix = (
                "does not offer a login (AUTH) on this connection; set digest.smtp_security to "
                '"starttls" or "ssl" if it wants TLS first, or unset FMWATCH_SMTP_USER if it '
                "needs no login"
            )
        raise DigestError(f"SMTP server {where} {fix}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        if all(_temporary(reply[0]) for reply in exc.recipients.values()):
            raise DigestError(
                f"SMTP server {where} temporarily refused every recipient "
                f"({_refusals(exc.recipients, password)}); nothing was sent; {_RUN_AGAIN}"
            ) from None
        raise DigestError(
            f"SMTP server {where} refused every recipient "
            f"({_refusals(exc.recipients, password)}); check digest.recipients"
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise DigestError(_certificate_problem(where, exc, password)) from None
    except smtplib.SMTPResponseException as exc:  # (a refused sender among them)
        if _temporary(exc.smtp_code):
            raise DigestError(
                f"SMTP server {where} refused the digest for now ({_cause(exc, password)}); "
                f"nothing was sent; {_RUN_AGAIN}"
            ) from None
        if isinstance(exc, smtplib.SMTPSenderRefused):
            raise DigestError(
                f"SMTP server {where} refused the sender {exc.sender!r} ({exc.smtp_code}); "
                "check digest.sender"
            ) from None
        if sending:  # (connection, TLS and login were fine: the server refused this message)
            raise DigestError(
                f"SMTP server {where} refused the digest ({_cause(exc, password)}); nothing "
                "was sent; its reply says why (a size limit, a policy on the sender): ask the "
                "relay's administrator, or check digest.sender"
            ) from None
        raise _settings_fault(where, exc, password) from None
    except smtplib.SMTPServerDisconnected as exc:
        if sending:
            raise DigestError(
                f"SMTP server {where} closed the connection while the digest was being sent "
                f"({_cause(exc, password)}); it may not have been delivered; {_RUN_AGAIN}"
            ) from None
        raise _settings_fault(where, exc, password) from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise _settings_fault(where, exc, password) from None
    except TimeoutError as exc:
        raise DigestError(
            f"SMTP server {where} timed out ({_cause(exc, password)}); "
            "check digest.smtp_host and smtp_port"
        ) from None
    except OSError as exc:
        raise DigestError(
            f"cannot connect to SMTP server {where} ({_cause(exc, password)}); "
            "check digest.smtp_host and digest.smtp_port"
        ) from None
    finally:
        if server is not None:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()


#: OpenSSL's verify codes for a certificate issued to another name or IP address, and for one
#: outside its validity period: their fixes differ from an untrusted issuer's.
_NAME_MISMATCH = (62, 64)  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
_OUT_OF_DATE = (9, 10)  # X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED


def _certificate_problem(
    where: str, exc: ssl.SSLCertVerificationError, password: str | None
) -> str:
    """One line for a TLS certificate the client refused: which check failed, and the fix for it.

    Why three fixes: an untrusted issuer (a private CA, a self-signed relay) is fixed on this
    machine, by trusting that CA; the system trust store is what ``ssl.create_default_context``
    reads, and OpenSSL lets ``SSL_CERT_FILE`` replace it without touching the system. A name
    mismatch is fixed in ``digest.smtp_host``; an expired certificate only on the server.
    """
    reason = _cause(exc, password)
    if exc.verify_message:
        shown = " ".join(exc.verify_message.split()).rstrip(".")
        reason = redact(shown, (password,) if password else ())
    subject = f"the TLS certificate of SMTP server {where}"
    if exc.verify_code in _NAME_MISMATCH:
        return (
            f"{subject} is not valid for that name ({reason}); "
            "set digest.smtp_host to a name the certificate lists"
        )
    if exc.verify_code in _OUT_OF_DATE:
        return (
            f"{subject} is out of its validity period ({reason}); "
            "the server's certificate must be renewed (or this machine's clock is wrong)"
        )
    return (
        f"{subject} is not trusted ({reason}); add the CA that signed it to the system trust "
        "store, or set SSL_CERT_FILE to a PEM file holding that CA"
    )


def _cause(exc: BaseException, password: str | None) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, smtplib.SMTPResponseException):
        raw = exc.smtp_error
        text = (
            f"{exc.smtp_code} {raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else raw}"
        )
    return redact(" ".join(text.split()), (password,) if password else ())


# -- one call for the pipeline ----------------------------------------------------------------


@dataclass(slots=True)
class Delivered:
    """Where a digest went."""

    path: Path
    step_summary: Path | None = None
    emailed_to: tuple[str, ...] = ()
    skipped_email: str | None = None
    #: the e-mail reached ``emailed_to`` but not every recipient: why (one line, with the fix)
    email_error: str | None = None


def deliver(
    data: DigestData,
    config: Config,
    *,
    email: bool | None = None,
    dry_run: bool = False,
    state_dir: Path | None = None,
    env: dict[str, str] | None = None,
) -> Delivered:
    """Write the Markdown digest, append it to the step summary, and e-mail it when enabled.

    ``email=None`` follows ``config.digest.email``. A dry run writes files but sends nothing.
    An empty week is still written; it is e-mailed only when ``digest.send_when_empty`` is true.
    Recipients refused while others got the message: ``email_error`` says which, and the result
    is returned (the digest did reach curators), not raised.
    """
    markdown = render(data, "md")
    path = write_markdown(markdown, state_dir or config.state_path, data.week)
    summary = append_step_summary(markdown, env)
    result = Delivered(path=path, step_summary=summary)
    wants_email = config.digest.email if email is None else email
    if not wants_email:
        return result
    if dry_run:
        result.skipped_email = "dry run"
        return result
    if data.is_empty and not config.digest.send_when_empty:
        result.skipped_email = "nothing new and digest.send_when_empty is false"
        return result
    message = build_message(
        data,
        config.digest,
        text=render(data, "txt"),
        html=render(data, "html"),
    )
    try:
        send_email(message, config.digest)
    except PartlyDelivered as exc:  # (some curators have it: its news is reported)
        result.emailed_to = exc.delivered_to
        result.email_error = str(exc)
        return result
    result.emailed_to = tuple(config.digest.recipients)
    return result
