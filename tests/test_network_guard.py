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
