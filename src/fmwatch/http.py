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
"""

from __future__ import annotations

import email.utils
import functools
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import certifi
import httpx
import stamina

from fmwatch.config import Config, HttpConfig
from fmwatch.errors import FetchError

#: A whole response may take at most this many times ``http.timeout`` (each wait for data is
#: bounded by ``http.timeout`` itself), and at least :data:`MIN_TOTAL_TIME` seconds.
TOTAL_TIME_FACTOR = 10
MIN_TOTAL_TIME = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

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
        self._http = config.http
        self._sleep = sleep
        self._clock = clock
        self._last_start: float | None = None
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
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
        would never trip it and could hold a run for hours, so the whole response has a deadline
        too (generous: a large page on a slow link must still arrive).
        """
        limit = max(TOTAL_TIME_FACTOR * self._http.timeout, MIN_TOTAL_TIME)
        deadline = self._clock() + limit
        with self._client.stream("GET", url, params=params, headers=headers) as response:
            chunks: list[bytes] = []
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                if self._clock() > deadline:
                    raise FetchError(
                        self.source,
                        str(response.request.url),
                        f"the response took longer than {limit:.0f}s ({TOTAL_TIME_FACTOR} × "
                        "http.timeout) to arrive; the server is too slow, try again later or "
                        "raise http.timeout",
                    )
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
