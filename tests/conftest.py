"""Shared fixtures. The autouse guard makes any non-loopback connection fail loudly."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loopback import LoopbackServer
from smtp_server import SmtpServer

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class OutsideNetworkError(AssertionError):
    """A test tried to reach the outside network."""


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise OutsideNetworkError(
            f"test tried to connect to {address!r}: tests must stay on loopback"
        )
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise OutsideNetworkError(
            f"test tried to connect to {address!r}: tests must stay on loopback"
        )
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and not _is_local((name, 0)):
        raise OutsideNetworkError(f"test tried to resolve {name!r}: tests must stay on loopback")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never see the developer's tokens, config or state."""
    for name in (
        "GITHUB_TOKEN",
        "FMWATCH_GITHUB_TOKEN",
        "FMWATCH_SMTP_USER",
        "FMWATCH_SMTP_PASSWORD",
        "FMWATCH_CONFIG",
        "FMWATCH_STATE_DIR",
        "FMWATCH_DB",
        "FMWATCH_CATALOG",
        "FMWATCH_CONTACT_EMAIL",
        "GITHUB_STEP_SUMMARY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "fmwatch tests")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "tests@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "fmwatch tests")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "tests@example.org")


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[LoopbackServer]:
    """A loopback server; a fixture reply registered but never requested fails the test (a test
    whose fixture goes unused is not testing what it claims), unless the test is marked
    ``allow_unused_routes`` (fault tests that stop early on purpose). Handlers are exempt."""
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()
    unused = srv.unused_routes(replies_only=True)
    if unused and request.node.get_closest_marker("allow_unused_routes") is None:
        pytest.fail(f"fixture routes never requested: {unused}", pytrace=False)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback that keeps the messages it receives."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()
