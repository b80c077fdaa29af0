"""A real HTTP server on 127.0.0.1 that serves fixture responses, for end-to-end tests.

Routes are registered per path (and optionally per query parameter values). A route holds either
a list of replies, served in order (the last one repeats), or a handler called with the request.
Every request is recorded so tests can assert what the client sent (headers, query, pacing).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/xml; charset=utf-8"
    delay: float = 0.0
    #: close the connection after sending only this many bytes of the body (a truncated response)
    truncate_at: int | None = None
    #: drop the connection without any response
    reset: bool = False

    @classmethod
    def file(cls, name: str, **kwargs: Any) -> Reply:
        return cls(body=(FIXTURES / name).read_bytes(), **kwargs)

    @classmethod
    def json(cls, data: Any, **kwargs: Any) -> Reply:
        kwargs.setdefault("content_type", "application/json; charset=utf-8")
        return cls(body=json.dumps(data), **kwargs)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Handler = Callable[[Recorded], Reply]


@dataclass
class _Route:
    method: str
    path: str
    query: dict[str, str] | None
    replies: list[Reply] | None = None
    handler: Handler | None = None
    served: int = 0


class LoopbackServer:
    def __init__(self) -> None:
        self._routes: list[_Route] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                rec = Recorded(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    time.monotonic(),
                )
                reply = server._dispatch(rec)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                headers = {"Content-Type": reply.content_type, **reply.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if reply.truncate_at is not None:
                    self.wfile.write(payload[: reply.truncate_at])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    # the client went away mid-answer (a test that stops a run with a signal):
                    # nothing to report, as a real server would not
                    self.close_connection = True

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _serve

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def add(
        self, path: str, *replies: Reply, method: str = "GET", query: dict[str, str] | None = None
    ) -> None:
        """Serve ``replies`` in order at ``path`` (the last one repeats)."""
        with self._lock:
            self._routes.insert(0, _Route(method, path, query, replies=list(replies)))

    def handle(
        self,
        path: str,
        handler: Handler,
        *,
        method: str = "GET",
        query: dict[str, str] | None = None,
    ) -> None:
        """Answer requests at ``path`` (a prefix when it ends with ``*``) with ``handler``."""
        with self._lock:
            self._routes.insert(0, _Route(method, path, query, handler=handler))

    def unused_routes(self, *, replies_only: bool = False) -> list[str]:
        """Routes never requested; ``replies_only`` leaves out handlers (emulated APIs such as
        the fake GitHub register every endpoint, and a test uses only some)."""
        return [
            f"{r.method} {r.path} {r.query or ''}"
            for r in self._routes
            if r.served == 0 and not (replies_only and r.handler is not None)
        ]

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def _match(self, route: _Route, rec: Recorded) -> bool:
        if route.method != rec.method and not (route.method == "GET" and rec.method == "HEAD"):
            return False
        if route.path.endswith("*"):
            if not rec.path.startswith(route.path[:-1]):
                return False
        elif route.path != rec.path:
            return False
        if route.query:
            for key, value in route.query.items():
                if rec.query.get(key, [None])[0] != value:
                    return False
        return True

    def _dispatch(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            for route in self._routes:
                if self._match(route, rec):
                    route.served += 1
                    if route.handler is not None:
                        handler = route.handler
                        break
                    assert route.replies is not None
                    index = min(route.served - 1, len(route.replies) - 1)
                    return route.replies[index]
            else:
                return Reply(
                    404, f"no fixture route for {rec.method} {rec.path}", content_type="text/plain"
                )
        return handler(rec)
