"""PoliteClient: retries, Retry-After, politeness, error conversion, no secrets in messages."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpcore
import httpx
import pytest

from fmwatch.config import Config, HttpConfig
from fmwatch.errors import FetchError
from fmwatch.http import PoliteClient, _as_httpx_errors, parse_retry_after
from ingest_support import fast_retries, make_config  # noqa: F401
from loopback import LoopbackServer, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 5, 11, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Mon, 11 May 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 11 May 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_user_agent_names_fmwatch_and_contact(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/x", Reply(body="ok", content_type="text/plain"))
    with PoliteClient(make_config(server, tmp_path), "test") as client:
        client.get(server.url + "/x")
    agent = server.requests[0].headers["user-agent"]
    assert agent.startswith("fmwatch/") and "mailto:curator@example.org" in agent


def test_not_found_is_not_retried(server: LoopbackServer, tmp_path: Path) -> None:
    with (
        PoliteClient(make_config(server, tmp_path), "biorxiv") as client,
        pytest.raises(FetchError) as info,
    ):
        client.get(server.url + "/missing")
    assert (
        str(info.value)
        == f"biorxiv: HTTP 404 Not Found; check the source's base_url and parameters "
        f"({server.url}/missing)"
    )
    assert client.requests == 1 and client.errors == 1


def test_retries_then_gives_up_with_one_line(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/flaky", Reply(status=500))
    with (
        PoliteClient(make_config(server, tmp_path), "nature") as client,
        pytest.raises(FetchError) as info,
    ):
        client.get(server.url + "/flaky")
    assert str(info.value) == (
        "nature: HTTP 500 Internal Server Error after 3 attempts; the service is failing or "
        "throttling, "
        f"try again later ({server.url}/flaky)"
    )
    assert client.requests == 3 and client.errors == 3


def test_retry_after_date_is_honoured(server: LoopbackServer, tmp_path: Path) -> None:
    server.add(
        "/slow",
        Reply(status=429, headers={"Retry-After": "3"}),
        Reply(body="ok", content_type="text/plain"),
    )
    with PoliteClient(make_config(server, tmp_path), "arxiv") as client:
        assert client.get(server.url + "/slow").text == "ok"
    assert client.waits == [3.0]


def test_politeness_delay_is_between_request_starts(tmp_path: Path) -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="ok"))
    client = PoliteClient(
        Config(), "arxiv", delay=3.0, transport=transport, sleep=sleep, clock=lambda: now[0]
    )
    client.get("http://127.0.0.1/a")
    now[0] += 1.0  # the caller spent a second parsing
    client.get("http://127.0.0.1/b")
    client.get("http://127.0.0.1/c")
    assert sleeps == [2.0, 3.0]


def test_secrets_never_appear_in_messages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "s3cr3t-token-value")
    transport = httpx.MockTransport(lambda request: httpx.Response(403))
    client = PoliteClient(Config(), "arxiv", transport=transport)
    with pytest.raises(FetchError) as info:
        client.get("http://127.0.0.1/q?key=s3cr3t-token-value")
    assert "s3cr3t-token-value" not in str(info.value) and "***" in str(info.value)


def test_connection_refused_is_one_line(tmp_path: Path) -> None:
    client = PoliteClient(make_config_unreachable(), "medrxiv")
    with pytest.raises(FetchError) as info:
        client.get("http://127.0.0.1:9/nothing")
    assert (
        str(info.value)
        == "medrxiv: could not connect; check the network and the source's base_url (http://127.0.0.1:9/nothing)"
    )


def make_config_unreachable() -> Config:
    from fmwatch.config import HttpConfig

    return Config(http=HttpConfig(timeout=1.0, attempts=2, backoff_initial=0.001, backoff_max=0.01))


def test_retries_print_nothing_of_their_own(caplog: pytest.LogCaptureFixture) -> None:
    """A retry used to log a bare "stamina.retry_scheduled" line on stderr: no cause, no fix."""
    replies = iter([httpx.Response(503), httpx.Response(200, text="ok")])
    transport = httpx.MockTransport(lambda request: next(replies))
    client = PoliteClient(make_config_unreachable(), "arxiv", transport=transport)
    with caplog.at_level("DEBUG"):
        assert client.get("http://127.0.0.1/x").text == "ok"
    assert client.errors == 1
    # (httpx's own INFO records are below what Python prints without a logging set-up)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_response_that_trickles_in_is_cut_off_at_its_deadline() -> None:
    """http.timeout bounds each wait for data; a server sending a few bytes at a time never
    trips it, so a whole response has a deadline too: 10 x http.timeout (at least 60 s)."""
    now = [0.0]

    def trickle() -> Iterator[bytes]:
        for _ in range(1000):
            now[0] += 1.0  # one second per few bytes
            yield b"<entry>"

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=trickle()))
    client = PoliteClient(Config(), "arxiv", transport=transport, clock=lambda: now[0])
    with pytest.raises(FetchError) as info:
        client.get("http://127.0.0.1/slow")
    assert "the response took longer than 300s (10 × http.timeout)" in str(info.value)
    assert now[0] < 310  # it stopped reading at the deadline, not at the end of the body
    # a response that arrives in time is whole, and its content-encoding already undone
    import gzip

    packed = gzip.compress(b"<feed/>")
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=packed, headers={"Content-Encoding": "gzip", "ETag": '"x"'}
        )
    )
    fine = PoliteClient(Config(), "arxiv", transport=transport).get("http://127.0.0.1/ok")
    assert fine.content == b"<feed/>" and fine.headers["ETag"] == '"x"'
    assert str(fine.url) == "http://127.0.0.1/ok"


class _TrickleServer:
    """A loopback TCP server that answers every request with ``HTTP/1.1 200 OK`` and then one
    header byte every ``gap`` seconds, without end: each wait is far below the client's per-read
    timeout, the whole exchange longer than anyone should wait."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        host, port = self._listener.getsockname()[:2]
        self.url = f"http://{host}:{port}"

    def __enter__(self) -> _TrickleServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            # (an OSError: the client gave up and closed the connection)
            with conn, contextlib.suppress(OSError):
                self._trickle(conn)

    def _trickle(self, conn: socket.socket) -> None:
        received = b""
        while b"\r\n\r\n" not in received:
            data = conn.recv(4096)
            if not data:
                return
            received += data
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not self._stop.wait(self.gap):
            conn.sendall(b"a")


def _get_guarded(
    client: PoliteClient, url: str, what: str, guard: float = 20.0
) -> BaseException | httpx.Response:
    """``client.get(url)`` in a daemon thread, with a guard far beyond any deadline under test:
    a client still "{what}" after ``guard`` seconds fails the test instead of hanging it.
    Returns the response or the exception it raised."""
    outcome: list[BaseException | httpx.Response] = []

    def fetch() -> None:
        try:
            outcome.append(client.get(url))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(timeout=guard)
    assert not worker.is_alive(), f"the client was still {what} after {guard:.0f} s"
    [result] = outcome
    return result


def test_headers_that_trickle_in_are_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """httpx's timeouts are per read: a status line, then a header byte every so often, would
    hold a run for hours. The deadline covers the whole exchange, headers too, at the socket."""
    monkeypatch.setattr("fmwatch.http.MIN_TOTAL_TIME", 0.0)  # 10 x 0.2 s: a 2 s deadline
    config = Config(http=HttpConfig(timeout=0.2, attempts=3, backoff_initial=0.001))
    with _TrickleServer(gap=0.02) as server, PoliteClient(config, "nature") as client:
        error = _get_guarded(client, server.url + "/feed.rss", "reading trickled headers")
    assert isinstance(error, FetchError)
    assert str(error) == (
        "nature: the response took longer than 2s (10 × http.timeout) to arrive; the server is "
        f"too slow, try again later or raise http.timeout ({server.url}/feed.rss)"
    )
    # like the body deadline: one attempt, not retried (a retry would wait as long again)
    assert client.requests == 1 and client.errors == 1 and server.connections == 1


def test_every_httpcore_error_becomes_an_httpx_error() -> None:
    """The default transport maps httpcore's exceptions itself (httpx's mapping is private): an
    exception httpcore adds in an upgrade must still reach PoliteClient as an httpx error."""
    exceptions = [
        value
        for value in vars(httpcore).values()
        if isinstance(value, type)
        and issubclass(value, Exception)
        # raised and caught inside httpcore's pool, never out of it (httpx does not map it either)
        and value is not httpcore.ConnectionNotAvailable
    ]
    assert httpcore.ReadTimeout in exceptions and httpcore.RemoteProtocolError in exceptions
    for core in exceptions:
        with pytest.raises(httpx.TransportError), _as_httpx_errors():
            raise core("x")


def test_a_proxy_from_the_environment_is_honoured(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a proxy (a CI runner's HTTP_PROXY) every request goes through it: the socket-level
    deadline transport has no proxy support, so httpx's own transport is used there."""
    server.handle("/*", lambda rec: Reply(body="via the proxy", content_type="text/plain"))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    with PoliteClient(make_config(server, tmp_path), "test") as client:
        # a host nobody could resolve here: only the proxy can answer
        response = client.get("http://feeds.fmwatch-test.invalid/rss")
    assert response.text == "via the proxy"
    [request] = server.requests
    assert request.path == "/rss" and request.headers["host"] == "feeds.fmwatch-test.invalid"


def test_a_name_lookup_that_never_answers_is_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """getaddrinfo takes no timeout: a resolver that never answers would hold a run as long as
    the system's retries last. The lookup is bounded by the exchange's deadline too, and the
    error names the cause (DNS) and the host."""
    release = threading.Event()
    looked_up: list[str] = []

    def silent_resolver(host: object, *args: object, **kwargs: object) -> object:
        looked_up.append(str(host))
        release.wait(30)  # never answered while the test runs
        raise socket.gaierror("no answer")

    monkeypatch.setattr(socket, "getaddrinfo", silent_resolver)
    monkeypatch.setattr("fmwatch.http.MIN_TOTAL_TIME", 0.0)  # 10 x 0.2 s: a 2 s deadline
    config = Config(http=HttpConfig(timeout=0.2, attempts=3, backoff_initial=0.001))
    try:
        with PoliteClient(config, "arxiv") as client:
            error = _get_guarded(
                client, "http://export.example.invalid/api/query", "waiting for DNS"
            )
            # the lookup still waiting cannot hold the process at exit
            lookups = [t for t in threading.enumerate() if t.name.startswith("fmwatch-resolve")]
            assert lookups and all(t.daemon for t in lookups)
    finally:
        release.set()
    assert isinstance(error, FetchError)
    assert str(error) == (
        "arxiv: looking up export.example.invalid took longer than 2s; check this machine's "
        "DNS settings (or its network), or try again later "
        "(http://export.example.invalid/api/query)"
    )
    assert looked_up == ["export.example.invalid"]  # one attempt: a retry would wait as long


def test_a_host_name_is_resolved_and_each_address_tried(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolving outside the socket module's create_connection keeps its behaviour: every
    address the name has is tried in turn (here the first refuses: nothing listens on
    127.0.0.2, the loopback server is on 127.0.0.1)."""
    port = int(server.url.rsplit(":", 1)[1])
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
    ]
    asked: list[object] = []
    literal = socket.getaddrinfo  # (the network guard's: addresses resolve to themselves)

    def resolver(host: object, *args: object, **kwargs: object) -> object:
        if host != "localhost":
            return literal(host, *args, **kwargs)  # type: ignore[arg-type]
        asked.append(host)
        return answers

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    server.add("/feed.rss", Reply(body="<rss/>", content_type="application/rss+xml"))
    with PoliteClient(Config(), "nature") as client:
        assert client.get(f"http://localhost:{port}/feed.rss").content == b"<rss/>"
    assert asked == ["localhost"]


def test_a_response_larger_than_the_cap_is_cut_off_in_one_line() -> None:
    """A server (or a gzip stream) sending gigabytes is not read into memory to the end."""
    read: list[int] = []

    def large() -> Iterator[bytes]:
        for _ in range(64):  # 4 MiB (finite: without the cap this test fails, not hangs)
            read.append(1)
            yield b"x" * 65536

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=large()))
    client = PoliteClient(Config(), "arxiv", transport=transport)
    client.max_response_bytes = 1 << 20
    with pytest.raises(FetchError) as info:
        client.get("http://127.0.0.1/huge")
    assert str(info.value) == (
        "arxiv: the response is larger than 1 MiB; the server is sending something other than "
        "a page of records, check the source's base_url (http://127.0.0.1/huge)"
    )
    assert len(read) == 17  # stopped at the first chunk past the cap
    assert client.requests == 1  # not retried: it would only come back as large


def test_the_cap_counts_the_body_once_decompressed() -> None:
    import gzip

    packed = gzip.compress(b"\x00" * (4 << 20))  # 4 MiB of zeros: a few KB on the wire
    assert len(packed) < 64 * 1024
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=packed, headers={"Content-Encoding": "gzip"})
    )
    client = PoliteClient(Config(), "nature", transport=transport)
    client.max_response_bytes = 1 << 20
    with pytest.raises(FetchError, match="the response is larger than 1 MiB"):
        client.get("http://127.0.0.1/bomb")


def test_a_corrupt_compressed_body_names_the_cause() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=b"not gzip at all", headers={"Content-Encoding": "gzip"}
        )
    )
    client = PoliteClient(Config(), "nature", transport=transport)
    with pytest.raises(FetchError) as info:
        client.get("http://127.0.0.1/bad-gzip")
    assert str(info.value) == (
        "nature: the response's compressed body is corrupt (Content-Encoding); try again later, "
        "or check the source's base_url if it persists (http://127.0.0.1/bad-gzip)"
    )
