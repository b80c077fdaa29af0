"""The one place that builds HTTP clients.

Every request fmwatch makes goes through :class:`PoliteClient`, which owns the things each source
would otherwise re-implement slightly differently:

- a User-Agent naming fmwatch and the operator's contact address (arXiv and bioRxiv ask for one);
- timeouts, redirects (followed, at most 5), one connection per host when asked;
- a per-client politeness delay between the *start* of consecutive requests (arXiv: 3 s);
- retries with exponential backoff for timeouts, connection errors, 5xx and 429, honouring a
  ``Retry-After`` header (seconds or HTTP date) up to ``http.max_retry_after``; the retry loop
  itself is `stamina <https://stamina.hynek.me>`_, which is maintained, typed and well tested;
- conversion of every httpx exception into :class:`~fmwatch.errors.FetchError` naming source,
  URL and cause, so a caller only ever sees our own errors.

The transport is injectable so unit tests can use ``httpx.MockTransport``; end-to-end tests point
the base URLs at a loopback server instead.

Deadlines: ``http.timeout`` bounds each wait for data (httpx's timeouts are per read), so a server
that sends a byte now and then never trips it. Every exchange therefore also has one deadline,
:data:`TOTAL_TIME_FACTOR` × ``http.timeout`` (at least :data:`MIN_TOTAL_TIME`), that covers
looking up the host name, connecting, sending, the status line, the headers and the body. The
default transport, :class:`DeadlineTransport`, enforces it at the socket: an httpcore connection
pool over a network backend whose name lookup, and every connect, read and write, waits at most
until the deadline (public httpcore API, no patching). With an injected transport, which has no
sockets of ours, or behind a proxy set in the environment (httpx's own transport then, which
honours it), the body is still cut off at the deadline between chunks.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import functools
import ipaddress
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import certifi
import httpcore
import httpx
import stamina

from fmwatch.config import Config, HttpConfig
from fmwatch.errors import FetchError

#: A whole response may take at most this many times ``http.timeout`` (each wait for data is
#: bounded by ``http.timeout`` itself), and at least :data:`MIN_TOTAL_TIME` seconds.
TOTAL_TIME_FACTOR = 10
MIN_TOTAL_TIME = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The most a response body may hold once decoded. The largest pages fmwatch asks for (2,000
#: arXiv entries, 1,000 Europe PMC records with abstracts) are tens of megabytes; a server or
#: a gzip stream sending gigabytes would otherwise be read into memory until the machine ends
#: the run without a word.
MAX_RESPONSE_BYTES = 256 * 1024 * 1024

# stamina reports every scheduled retry through ``logging``; with no logging configured Python
# prints the bare event name ("stamina.retry_scheduled") on standard error, a line that names
# neither cause nor fix. fmwatch counts failed attempts itself (``PoliteClient.errors``, the
# ``errors`` column of a run) and reports what finally failed in one line, so the hooks are off.
stamina.instrumentation.set_on_retry_hooks([])


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One verified TLS context per process: loading the CA bundle costs tens of milliseconds,
    too much to pay again for every source's client."""
    return ssl.create_default_context(cafile=certifi.where())


#: When the current exchange must be over, on the :func:`time.monotonic` clock; ``None`` outside
#: :meth:`PoliteClient._get_within_deadline`. A context variable, so each thread has its own (the
#: sync client does all of a request's I/O in the thread that sends it).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fmwatch_http_deadline", default=None
)


class _DeadlineReached(httpcore.TimeoutException):
    """Raised by :class:`_DeadlineStream` when the exchange's deadline has passed."""


class DeadlineExceeded(httpx.TimeoutException):
    """The whole exchange (connect, send, status line, headers, body) outlived its deadline.

    A :class:`httpx.TimeoutException`, so code that knows only httpx treats it as a timeout."""


class _LookupDeadlineReached(_DeadlineReached):
    """The host name's lookup was still unanswered at the deadline (see :func:`_resolve`)."""


class LookupDeadlineExceeded(DeadlineExceeded):
    """The deadline passed while the host name was being looked up: a DNS problem, not a slow
    server."""


_T = TypeVar("_T")


def _within_deadline(timeout: float | None, call: Callable[[float | None], _T]) -> _T:
    """``call(timeout)``, but waiting no longer than the current deadline allows."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return call(timeout)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _DeadlineReached("the deadline for the whole response has passed")
    if timeout is not None and timeout < remaining:
        return call(timeout)  # the per-read timeout is the tighter bound: its usual error
    try:
        return call(remaining)
    except httpcore.TimeoutException as exc:
        raise _DeadlineReached("the deadline for the whole response has passed") from exc


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads, writes and TLS handshake end at the deadline.

    (A write is one bounded call of the wrapped stream, which may send in several pieces each
    bounded alone; fmwatch only sends small GET requests, one piece.)"""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _within_deadline(timeout, lambda t: self._stream.read(max_bytes, t))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _within_deadline(timeout, lambda t: self._stream.write(buffer, t))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        upgraded = _within_deadline(
            timeout, lambda t: self._stream.start_tls(ssl_context, server_hostname, t)
        )
        return _DeadlineStream(upgraded)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def _resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, in the resolver's order, looked up within the deadline.

    ``getaddrinfo`` takes no timeout: a resolver that never answers would hold a run as long as
    the system's own retries last. The lookup runs in a daemon thread, waited for until the
    deadline; a lookup still running then is left to finish on its own (it holds no socket of
    the run's, and the process ends with the run).
    """
    try:
        ipaddress.ip_address(host)
        return [host]  # an address already (the tests' loopback server, a literal in a URL)
    except ValueError:
        pass
    deadline = _DEADLINE.get()
    answer: list[Any] = []

    def lookup() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as exc:  # handed to the caller, as if it had called getaddrinfo
            answer.append(exc)

    if deadline is None:
        lookup()
    else:
        worker = threading.Thread(target=lookup, name=f"fmwatch-resolve-{host}", daemon=True)
        worker.start()
        worker.join(max(deadline - time.monotonic(), 0.0))
        if not answer:
            raise _LookupDeadlineReached(f"resolving {host} outlived the deadline")
    if isinstance(answer[0], OSError):  # (what httpcore's backend makes of a failed lookup)
        raise httpcore.ConnectError(str(answer[0])) from answer[0]
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return _addresses(answer[0])


def _addresses(infos: list[Any]) -> list[str]:
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own blocking-socket backend, with :class:`_DeadlineStream` streams, and name
    resolution bounded by the deadline too (:func:`_resolve`)."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | None = None
        # each address in turn, as the socket module's create_connection does, all within the
        # one deadline (TLS still checks the certificate against the host name, not the address)
        for address in _resolve(host, port):
            try:
                stream = _within_deadline(
                    timeout,
                    lambda t, a=address: self._backend.connect_tcp(  # type: ignore[misc]
                        a, port, t, local_address=local_address, socket_options=socket_options
                    ),
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"no address found for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - fmwatch never connects to a Unix socket
        stream = _within_deadline(
            timeout,
            lambda t: self._backend.connect_unix_socket(path, t, socket_options=socket_options),
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - only for httpcore's retries
        self._backend.sleep(seconds)


#: httpcore's exceptions as httpx's, most specific first (what ``httpx.HTTPTransport`` does too).
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (_LookupDeadlineReached, LookupDeadlineExceeded),
    (_DeadlineReached, DeadlineExceeded),
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for core, ours in _EXCEPTIONS:
            if isinstance(exc, core):
                raise ours(str(exc)) from exc
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            with _as_httpx_errors():
                close()


class DeadlineTransport(httpx.BaseTransport):
    """What ``httpx.HTTPTransport`` does for a direct HTTP/1.1 connection, over
    :class:`_DeadlineBackend`, so the deadline :meth:`PoliteClient._get_within_deadline` sets
    bounds every socket operation of the exchange.

    Built from public API only (``httpx.BaseTransport``, ``httpcore.ConnectionPool`` and its
    ``network_backend``): ``httpx.HTTPTransport`` takes no network backend, and swapping its
    private pool would break silently on an upgrade. It has no proxy support: with proxies set
    in the environment :class:`PoliteClient` leaves the transport to httpx (which then honours
    them), and the body deadline is what applies.
    """

    def __init__(self, *, ssl_context: ssl.SSLContext, limits: httpx.Limits) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):  # pragma: no cover
            raise TypeError("DeadlineTransport serves the sync client only")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self._pool.handle_request(core_request)
        if not isinstance(response.stream, Iterable):  # pragma: no cover
            raise TypeError("httpcore returned an async stream to the sync client")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        with _as_httpx_errors():
            self._pool.close()


class _RetryableResponse(Exception):
    """Raised inside the retry loop for a response worth retrying."""

    def __init__(self, response: httpx.Response, wait: float | None) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.wait = wait


class _RetryAfterTooLong(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def describe_exception(exc: BaseException, setting: str = "the source's base_url") -> str:
    """A short, human cause for a transport error (no secrets: URLs are named separately).

    ``setting`` names the configuration value that holds the URL, for the fix."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out; the server is slow or unreachable, try again later or raise http.timeout"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect; check the network and {setting}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was closed mid-response; try again later"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects; check {setting}"
    if isinstance(exc, httpx.DecodingError):
        return (
            "the response's compressed body is corrupt (Content-Encoding); try again later, "
            f"or check {setting} if it persists"
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        # (every configured URL is http(s): only a redirect can lead elsewhere, and "check the
        # network" sent the user looking in the wrong place)
        return f"the server redirected to a URL that is not http(s); check {setting}"
    if isinstance(exc, httpx.TransportError):
        return f"network error ({type(exc).__name__}); check the network"
    return f"{type(exc).__name__}: {exc}"


def retry_attempts(
    http: HttpConfig, on: Callable[[Exception], bool | float]
) -> Iterable[stamina.Attempt]:
    """fmwatch's one retry policy (attempts, exponential backoff, jitter from ``[http]``), for
    every client that talks to a server: the sources here and the GitHub forge.

    ``on`` decides per exception: ``False`` gives up, ``True`` backs off, a number waits that
    many seconds (a server's ``Retry-After``).
    """
    return stamina.retry_context(
        on=on,
        attempts=http.attempts,
        timeout=None,
        wait_initial=http.backoff_initial,
        wait_max=http.backoff_max,
        wait_jitter=http.backoff_initial / 2,
    )


class PoliteClient:
    """An httpx client with politeness delay, retries and error conversion for one source."""

    def __init__(
        self,
        config: Config,
        source: str,
        *,
        delay: float = 0.0,
        max_connections: int | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.delay = delay
        self.requests = 0
        #: attempts that failed (retried or final): the ``errors`` column of a run
        self.errors = 0
        #: every ``Retry-After`` wait this client decided to honour, in seconds (for tests/logs)
        self.waits: list[float] = []
        #: the largest body read (:data:`MAX_RESPONSE_BYTES`; tests make it small)
        self.max_response_bytes = MAX_RESPONSE_BYTES
        self._http = config.http
        self._sleep = sleep
        self._clock = clock
        self._last_start: float | None = None
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        if transport is None and not urllib.request.getproxies():
            # (httpx reads HTTP(S)_PROXY / ALL_PROXY / NO_PROXY only when it picks the transport
            # itself: behind a proxy it does, and the body deadline still applies)
            transport = DeadlineTransport(ssl_context=_ssl_context(), limits=limits)
        self._client = httpx.Client(
            headers={"User-Agent": config.user_agent},
            timeout=httpx.Timeout(config.http.timeout),
            follow_redirects=True,
            max_redirects=5,
            limits=limits,
            transport=transport,
            verify=_ssl_context(),
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _polite_wait(self) -> None:
        if self._last_start is not None and self.delay > 0:
            remaining = self._last_start + self.delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_start = self._clock()

    def _backoff_hook(self, exc: Exception) -> bool | float:
        if isinstance(exc, _RetryableResponse):
            if exc.wait is not None:
                self.waits.append(exc.wait)
                return exc.wait
            return True
        return isinstance(exc, httpx.TransportError) and not isinstance(
            exc, httpx.UnsupportedProtocol
        )

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        accept: tuple[int, ...] = (),
    ) -> httpx.Response:
        """GET with retries. Returns a 2xx, a 304, or a status listed in ``accept``.

        Anything else ends in :class:`FetchError` after the retries are spent.
        """
        shown = str(httpx.URL(url, params=params)) if params else url
        try:
            for attempt in retry_attempts(self._http, self._backoff_hook):
                with attempt:
                    try:
                        return self._once(url, params, headers, accept)
                    except Exception:
                        self.errors += 1
                        raise
        except _RetryableResponse as exc:
            status = exc.response.status_code
            raise FetchError(
                self.source,
                shown,
                f"HTTP {status} {exc.response.reason_phrase} after {self._http.attempts} attempts; "
                "the service is failing or throttling, try again later",
            ) from None
        except _RetryAfterTooLong as exc:
            raise FetchError(
                self.source,
                shown,
                f"the server asked to wait {exc.seconds:.0f}s (more than http.max_retry_after = "
                f"{self._http.max_retry_after:.0f}s); try again later",
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(self.source, shown, describe_exception(exc)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_within_deadline(
        self, url: str, params: Mapping[str, Any] | None, headers: Mapping[str, str] | None
    ) -> httpx.Response:
        """The response, read whole, within :data:`TOTAL_TIME_FACTOR` × ``http.timeout``.

        ``http.timeout`` bounds each wait for data; a server that trickles a few bytes at a time
        would never trip it and could hold a run for hours, so the whole exchange has a deadline
        too (generous: a large page on a slow link must still arrive). The default transport
        enforces it on every socket operation, from connecting to the last byte of the body; the
        clock check between chunks below is what an injected transport gets.
        """
        limit = max(TOTAL_TIME_FACTOR * self._http.timeout, MIN_TOTAL_TIME)
        deadline = self._clock() + limit
        token = _DEADLINE.set(time.monotonic() + limit)  # sockets run on the real clock
        try:
            with self._client.stream("GET", url, params=params, headers=headers) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_response_bytes:
                        raise FetchError(
                            self.source,
                            str(response.request.url),
                            f"the response is larger than {self.max_response_bytes >> 20} MiB; "
                            "the server is sending something other than a page of records, "
                            "check the source's base_url",
                        )
                    if self._clock() > deadline:
                        raise self._too_slow(str(response.request.url), limit)
        except LookupDeadlineExceeded as exc:  # (httpx attaches the request to its errors)
            raise FetchError(
                self.source,
                str(exc.request.url),
                f"looking up {exc.request.url.host} took longer than {limit:.0f}s; check "
                "this machine's DNS settings (or its network), or try again later",
            ) from None
        except DeadlineExceeded as exc:
            raise self._too_slow(str(exc.request.url), limit) from None
        finally:
            _DEADLINE.reset(token)
        # the body as read (already decoded): a plain response, without the encoding header
        decoded = [
            (key, value)
            for key, value in response.headers.raw  # (bytes: a header need not be ASCII)
            if key.lower() != b"content-encoding"
        ]
        return httpx.Response(
            response.status_code,
            headers=decoded,
            content=b"".join(chunks),
            request=response.request,
            extensions=response.extensions,
        )

    def _too_slow(self, url: str, limit: float) -> FetchError:
        return FetchError(
            self.source,
            url,
            f"the response took longer than {limit:.0f}s ({TOTAL_TIME_FACTOR} × "
            "http.timeout) to arrive; the server is too slow, try again later or "
            "raise http.timeout",
        )

    def _once(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        accept: tuple[int, ...],
    ) -> httpx.Response:
        self._polite_wait()
        self.requests += 1
        response = self._get_within_deadline(url, params, headers)
        status = response.status_code
        if status in RETRY_STATUSES and status not in accept:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self._http.max_retry_after:
                raise _RetryAfterTooLong(wait)
            raise _RetryableResponse(response, wait)
        if response.is_success or status == 304 or status in accept:
            return response
        raise FetchError(
            self.source,
            str(response.request.url),
            f"HTTP {status} {response.reason_phrase}; check the source's base_url and parameters",
        )
