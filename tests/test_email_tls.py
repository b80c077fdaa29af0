"""The e-mail digest over real TLS on loopback: STARTTLS and implicit TLS ("ssl").

Each test makes a throwaway CA with ``trustme`` and serves a certificate for 127.0.0.1 and
localhost from it, through aiosmtpd relays that, like real ones, accept a login only over TLS
(``tests/smtp_server.py``). Nothing here trusts that CA unless a test says so: through the
``ssl_context`` parameter of :func:`send_email`, or, for the path production takes (``deliver``
builds ``ssl.create_default_context()``, the system trust store), through ``SSL_CERT_FILE``, the
OpenSSL variable that replaces that store and the one the untrusted-certificate error points at.
"""

from __future__ import annotations

import base64
import logging
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
import trustme
from click.testing import CliRunner

from fmwatch.cli import cli
from fmwatch.config import Config, DigestConfig
from fmwatch.digest import DigestData, DigestItem, build_message, deliver, render, send_email
from fmwatch.errors import DigestError
from smtp_server import Login, SmtpServer

# aiosmtpd 1.4 counts only STARTTLS as TLS for ``auth_require_tls``, so the implicit-TLS relay
# turns it off and refuses clear-text logins in its authenticator instead (see smtp_server.py);
# the plain relay of the STARTTLS-stripping test accepts AUTH in the clear on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

USER = "fmwatch-bot"
PASSWORD = "Tr0ub4dor-smtp-secret"
#: every shape in which the password could leak: as is, and as AUTH LOGIN / AUTH PLAIN send it
SECRET_FORMS = (
    PASSWORD,
    base64.b64encode(PASSWORD.encode()).decode(),
    base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode(),
)
TLS_VERSIONS = ("TLSv1.2", "TLSv1.3")
UNTRUSTED_FIX = (
    "add the CA that signed it to the system trust store, "
    "or set SSL_CERT_FILE to a PEM file holding that CA"
)


@dataclass
class Relay:
    mode: str  # the digest.smtp_security value that matches this server
    server: SmtpServer


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


def trusting(ca: trustme.CA) -> ssl.SSLContext:
    """A client context that trusts the test CA and nothing else."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies the chain and the host name
    ca.configure_trust(context)
    return context


def start_relay(mode: str, cert: trustme.LeafCert, **auth: str) -> SmtpServer:
    context = server_context(cert)
    if mode == "starttls":
        return SmtpServer(**auth, starttls=context).start()
    return SmtpServer(**auth, implicit_tls=context).start()


@pytest.fixture(params=["starttls", "ssl"])
def relay(request: pytest.FixtureRequest, ca: trustme.CA) -> Iterator[Relay]:
    """A relay that requires AUTH over TLS, with a certificate for 127.0.0.1 from the test CA."""
    server = start_relay(
        request.param, ca.issue_cert("127.0.0.1", "localhost"), user=USER, password=PASSWORD
    )
    try:
        yield Relay(request.param, server)
    finally:
        server.stop()


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """The credentials where the product reads them: the environment, never the config."""
    monkeypatch.setenv("FMWATCH_SMTP_USER", USER)
    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", PASSWORD)


@pytest.fixture
def system_trust_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the developer's machine trusts, it is not a CA made a moment ago."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def digest_data() -> DigestData:
    return DigestData(
        week="2026-W21",
        since="2026-05-15",
        until="2026-05-22",
        candidates=[DigestItem(title="A foundation model for chest X-rays", section="Image")],
    )


def config(tmp_path: Path, port: int, security: str, host: str = "127.0.0.1") -> Config:
    digest = DigestConfig(
        email=True,
        smtp_host=host,
        smtp_port=port,
        smtp_security=security,
        sender="fmwatch@example.org",
        recipients=("curators@example.org",),
    )
    return Config(state_dir=str(tmp_path / "state"), digest=digest)


def send(tmp_path: Path, port: int, security: str, context: ssl.SSLContext | None) -> None:
    """What ``deliver`` does, with the one thing it does not pass: an ``ssl_context``."""
    data = digest_data()
    digest = config(tmp_path, port, security).digest
    message = build_message(data, digest, text=render(data, "txt"), html=render(data, "html"))
    send_email(message, digest, ssl_context=context, timeout=5.0)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for form in SECRET_FORMS:
            assert form not in text


# -- delivery -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("credentials")
def test_digest_is_delivered_over_tls_trusting_the_ca_given_as_ssl_context(
    tmp_path: Path, ca: trustme.CA, relay: Relay
) -> None:
    send(tmp_path, relay.server.port, relay.mode, trusting(ca))

    [login] = relay.server.logins
    assert login == Login(USER, accepted=True, tls_version=login.tls_version)
    assert login.tls_version in TLS_VERSIONS  # the credentials travelled encrypted
    [received] = relay.server.messages
    assert received.rcpt_tos == ["curators@example.org"]
    assert received.message["Subject"] == "[fmwatch] 2026-W21: 1 candidate"
    assert received.message.get_content_type() == "multipart/alternative"


@pytest.mark.usefixtures("credentials")
def test_production_path_trusts_a_private_ca_through_ssl_cert_file(
    tmp_path: Path, ca: trustme.CA, relay: Relay, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``deliver`` (what ``fmwatch run`` calls) passes no context: it verifies against the
    default trust store, which ``SSL_CERT_FILE`` replaces. The untrusted-certificate error
    recommends exactly this, so it must work."""
    bundle = tmp_path / "private-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))

    result = deliver(digest_data(), config(tmp_path, relay.server.port, relay.mode))

    assert result.emailed_to == ("curators@example.org",)
    assert len(relay.server.messages) == 1
    assert [login.tls_version in TLS_VERSIONS for login in relay.server.logins] == [True]


# -- certificates that must be refused ------------------------------------------------------------


@pytest.mark.usefixtures("credentials", "system_trust_store")
def test_untrusted_certificate_is_one_line_with_cause_and_fix(tmp_path: Path, relay: Relay) -> None:
    with pytest.raises(DigestError) as info:
        deliver(digest_data(), config(tmp_path, relay.server.port, relay.mode))

    assert str(info.value) == (
        f"the TLS certificate of SMTP server 127.0.0.1:{relay.server.port} is not trusted "
        f"(unable to get local issuer certificate); {UNTRUSTED_FIX}"
    )
    assert relay.server.logins == []  # the credentials were never sent to that server
    assert relay.server.messages == []


@pytest.mark.usefixtures("credentials")
def test_certificate_for_another_name_says_to_fix_smtp_host(tmp_path: Path, ca: trustme.CA) -> None:
    server = start_relay("starttls", ca.issue_cert("localhost"), user=USER, password=PASSWORD)
    try:
        with pytest.raises(DigestError) as info:
            send(tmp_path, server.port, "starttls", trusting(ca))
        assert str(info.value) == (
            f"the TLS certificate of SMTP server 127.0.0.1:{server.port} is not valid for that "
            "name (IP address mismatch, certificate is not valid for '127.0.0.1'); "
            "set digest.smtp_host to a name the certificate lists"
        )
        assert server.logins == []
        # the advice works: the name the certificate lists is accepted
        data = digest_data()
        digest = config(tmp_path, server.port, "starttls", host="localhost").digest
        message = build_message(data, digest, text="text", html="<p>html</p>")
        send_email(message, digest, ssl_context=trusting(ca), timeout=5.0)
        assert len(server.messages) == 1
    finally:
        server.stop()


@pytest.mark.usefixtures("credentials")
def test_expired_certificate_says_it_must_be_renewed(tmp_path: Path, ca: trustme.CA) -> None:
    now = datetime.now(UTC)
    expired = ca.issue_cert(
        "127.0.0.1", not_before=now - timedelta(days=30), not_after=now - timedelta(days=1)
    )
    server = start_relay("ssl", expired, user=USER, password=PASSWORD)
    try:
        with pytest.raises(DigestError) as info:
            send(tmp_path, server.port, "ssl", trusting(ca))
    finally:
        server.stop()
    assert str(info.value) == (
        f"the TLS certificate of SMTP server 127.0.0.1:{server.port} is out of its validity "
        "period (certificate has expired); "
        "the server's certificate must be renewed (or this machine's clock is wrong)"
    )
    assert server.logins == []


# -- credentials ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("credentials", "system_trust_store")
def test_credentials_never_appear_in_output_or_errors(
    tmp_path: Path,
    ca: trustme.CA,
    relay: Relay,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A login that works, one the server rejects, and a certificate refused before any login:
    nothing the product prints, logs or raises carries the password, plain or base64."""
    caplog.set_level(logging.DEBUG)
    port = relay.server.port
    errors: list[str] = []

    send(tmp_path, port, relay.mode, trusting(ca))
    assert len(relay.server.messages) == 1

    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", PASSWORD + "-wrong")
    with pytest.raises(DigestError) as rejected:
        send(tmp_path, port, relay.mode, trusting(ca))
    errors.append(str(rejected.value))
    attempts = len(relay.server.logins)  # smtplib tries PLAIN, then LOGIN
    assert attempts >= 2 and not any(login.accepted for login in relay.server.logins[1:])
    assert str(rejected.value) == (
        f"SMTP server 127.0.0.1:{port} rejected the login (535); "
        "check FMWATCH_SMTP_USER and FMWATCH_SMTP_PASSWORD"
    )

    monkeypatch.setenv("FMWATCH_SMTP_PASSWORD", PASSWORD)
    with pytest.raises(DigestError) as untrusted:
        send(tmp_path, port, relay.mode, None)
    errors.append(str(untrusted.value))

    assert len(relay.server.logins) == attempts  # nothing was sent to the untrusted server
    out, err = capfd.readouterr()
    product_logs = [r.getMessage() for r in caplog.records if r.name.startswith("fmwatch")]
    assert_no_secret(out, err, *product_logs, *errors)
    assert all("\n" not in error for error in errors)


@pytest.mark.usefixtures("credentials")
def test_starttls_missing_refuses_before_sending_credentials(tmp_path: Path) -> None:
    """``starttls`` against a relay that offers no STARTTLS (or one where it was stripped on the
    way) stops with the line the code has, and never falls back to a login in the clear."""
    server = SmtpServer(user=USER, password=PASSWORD).start()  # would accept a clear-text login
    try:
        with pytest.raises(DigestError) as info:
            deliver(digest_data(), config(tmp_path, server.port, "starttls"))
    finally:
        server.stop()
    message = str(info.value)
    assert message == (
        f"SMTP server 127.0.0.1:{server.port} does not offer STARTTLS; set "
        'digest.smtp_security to "ssl" if it speaks TLS from the first byte (usually port 465), '
        'or "none"'
    )
    assert "\n" not in message
    assert server.logins == []
    assert server.messages == []


# -- through the command line ---------------------------------------------------------------------


def catalog_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "catalog"
    repo.mkdir()
    catalog = resources.files("fmwatch") / "demo" / "CATALOG.md"
    (repo / "CATALOG.md").write_text(catalog.read_text(encoding="utf-8"), encoding="utf-8")
    for args in (["init", "--quiet", "--initial-branch=main"], ["add", "CATALOG.md"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    subprocess.run(
        ["git", "commit", "--quiet", "-m", "catalog"], cwd=repo, check=True, capture_output=True
    )
    return repo


@pytest.mark.parametrize("trusted", [True, False], ids=["trusted", "untrusted"])
@pytest.mark.usefixtures("credentials", "system_trust_store")
def test_fmwatch_run_over_starttls(
    tmp_path: Path, ca: trustme.CA, trusted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fmwatch run`` (sources off: a "nothing new" week) e-mails through a STARTTLS relay when
    the CA is trusted; when it is not, exit 1 and one error line, and no secret in any output."""
    server = start_relay("starttls", ca.issue_cert("127.0.0.1"), user=USER, password=PASSWORD)
    if trusted:
        bundle = tmp_path / "private-ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    config_file = tmp_path / "fmwatch.toml"
    config_file.write_text(
        f"""
contact_email = "tests@example.org"
state_dir = "{tmp_path / "state"}"
catalog = "{catalog_repo(tmp_path) / "CATALOG.md"}"
[sources.arxiv]
enabled = false
[sources.biorxiv]
enabled = false
[sources.nature]
enabled = false
[sources.europepmc]
enabled = false
[forge]
kind = "local"
[digest]
email = true
smtp_host = "127.0.0.1"
smtp_port = {server.port}
smtp_security = "starttls"
sender = "fmwatch@example.org"
recipients = ["curators@example.org"]
""",
        encoding="utf-8",
    )
    try:
        result = CliRunner().invoke(cli, ["--config", str(config_file), "run"])
    finally:
        server.stop()

    assert_no_secret(result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    if trusted:
        assert result.exit_code == 0, result.stderr
        assert errors == []
        assert len(server.messages) == 1
        assert "nothing new" in str(server.messages[0].message["Subject"])
    else:
        assert result.exit_code == 1
        assert errors == [
            f"error: digest: the TLS certificate of SMTP server 127.0.0.1:{server.port} is not "
            f"trusted (unable to get local issuer certificate); {UNTRUSTED_FIX}"
        ]
        assert server.logins == [] and server.messages == []


def test_a_relay_that_offers_login_only_after_starttls_says_to_use_starttls(
    tmp_path: Path, ca: trustme.CA, credentials: None
) -> None:
    """``none`` against a relay that offers AUTH only once encrypted: the line names the fix
    ("starttls"), and nothing, credentials included, was sent in the clear."""
    server = start_relay("starttls", ca.issue_cert("127.0.0.1"), user=USER, password=PASSWORD)
    try:
        with pytest.raises(DigestError) as info:
            deliver(digest_data(), config(tmp_path, server.port, "none"))
    finally:
        server.stop()
    message = str(info.value)
    assert message == (
        f"SMTP server 127.0.0.1:{server.port} does not offer a login (AUTH) on this connection; "
        'set digest.smtp_security to "starttls" or "ssl" if it wants TLS first, or unset '
        "FMWATCH_SMTP_USER if it needs no login"
    )
    assert server.logins == [] and server.messages == []
