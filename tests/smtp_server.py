"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives.

Plain by default; ``starttls=`` or ``implicit_tls=`` (a server-side :class:`ssl.SSLContext`, see
``tests/test_email_tls.py`` for one made from a throwaway CA) makes it a TLS relay that, like a
real one, only accepts a login over TLS.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        msg = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Login:
    """One AUTH attempt as the server saw it (never the password)."""

    user: str
    accepted: bool
    tls_version: str | None  # e.g. "TLSv1.3"; None when the connection was not encrypted


@dataclass
class _Handler:
    messages: list[Received] = field(default_factory=list)
    #: recipient -> the reply refusing it ("550 5.1.1 no such user")
    refuse: dict[str, str] = field(default_factory=dict)
    #: a reply refusing every message at the end of DATA ("451 4.3.0 try again later")
    data_reply: str | None = None
    #: drop the connection once the message has arrived, before answering it
    hang_up_in_data: bool = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hang_up_in_data:
            server.transport.abort()
            return "421 closing"  # (never read: the connection is gone)
        if self.data_reply is not None:
            return self.data_reply
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tls_version(server: Any) -> str | None:
    """The TLS version of the connection an aiosmtpd ``SMTP`` instance is serving, if any."""
    transport = getattr(server, "transport", None)
    ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
    return ssl_object.version() if isinstance(ssl_object, ssl.SSLObject) else None


class SmtpServer:
    """``SmtpServer(user="u", password="p")`` requires AUTH.

    Without TLS, AUTH is allowed in the clear (loopback only). With ``starttls=context`` the server
    offers STARTTLS, refuses every command but EHLO/NOOP/QUIT before it, and advertises and accepts
    AUTH only after it (aiosmtpd's ``require_starttls`` and ``auth_require_tls``). With
    ``implicit_tls=context`` the listening socket speaks TLS from the first byte (port 465 style).
    aiosmtpd 1.4 counts only STARTTLS as TLS for ``auth_require_tls``, so that server turns it off
    and its authenticator refuses any login that did not arrive over TLS instead: either way a login
    in the clear is refused, as by a real relay.
    """

    def __init__(
        self,
        user: str | None = None,
        password: str | None = None,
        *,
        starttls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
    ) -> None:
        if starttls is not None and implicit_tls is not None:
            raise ValueError("a server speaks STARTTLS or implicit TLS, not both")
        self.handler = _Handler()
        self.logins: list[Login] = []
        self.port = _free_port()
        tls = starttls is not None or implicit_tls is not None
        kwargs: dict[str, Any] = {}
        if starttls is not None:
            kwargs.update(tls_context=starttls, require_starttls=True)
        if implicit_tls is not None:
            kwargs.update(ssl_context=implicit_tls)
        if user is not None:

            def authenticator(
                server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
            ) -> AuthResult:
                version = _tls_version(server)
                name = (
                    auth_data.login.decode("utf-8", "replace")
                    if isinstance(auth_data, LoginPassword)
                    else ""
                )
                ok = (
                    isinstance(auth_data, LoginPassword)
                    and auth_data.login.decode() == user
                    and auth_data.password.decode() == password
                    and (version is not None or not tls)
                )
                self.logins.append(Login(name, ok, version))
                return AuthResult(success=ok, handled=False)

            kwargs.update(
                authenticator=authenticator,
                auth_required=True,
                auth_require_tls=starttls is not None,
            )
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def start(self) -> SmtpServer:
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        if getattr(self, "running", False):
            self.controller.stop()
            self.running = False
