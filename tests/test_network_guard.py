import socket

import httpx
import pytest

from conftest import OutsideNetworkError
from loopback import LoopbackServer, Reply


def test_outside_address_is_refused() -> None:
    with pytest.raises(OutsideNetworkError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_outside_name_is_refused() -> None:
    with pytest.raises(OutsideNetworkError):
        httpx.get("http://export.arxiv.org/api/query", timeout=1)


def test_loopback_server_serves_and_records(server: LoopbackServer) -> None:
    server.add("/hello", Reply(body="hi", content_type="text/plain"))
    response = httpx.get(server.url + "/hello?x=1")
    assert response.text == "hi"
    assert server.requests[0].query == {"x": ["1"]}


def test_unused_fixture_replies_are_reported_but_handlers_are_not() -> None:
    srv = LoopbackServer().start()
    try:
        srv.add("/used", Reply(body="x"))
        srv.add("/never", Reply(body="y"))
        srv.handle("/api/*", lambda rec: Reply(body="z"))
        httpx.get(srv.url + "/used")
    finally:
        srv.stop()
    assert srv.unused_routes(replies_only=True) == ["GET /never "]
    assert "GET /api/* " in srv.unused_routes()
