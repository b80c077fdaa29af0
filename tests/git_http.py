"""A git remote over HTTP on loopback that demands a token, as GitHub does.

``git http-backend`` (git's own smart-HTTP server, a CGI program) serves the bare repositories
under one directory; every request must carry ``Authorization: Basic`` for
``x-access-token:<token>`` (the form ``actions/checkout`` uses), else it is answered 401, the way
github.com answers a private repository. Tests of the weekly workflow's state steps use it to
show that the steps authenticate git themselves, with nothing stored in ``.git/config``.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


def basic_header(token: str) -> str:
    """The header value git must send for ``token``."""
    return "Basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")


def _backend() -> str:
    exec_path = subprocess.run(
        ["git", "--exec-path"], capture_output=True, text=True, check=True
    ).stdout.strip()
    program = Path(exec_path) / "git-http-backend"
    if not program.is_file():
        found = shutil.which("git-http-backend")
        if found is None:
            raise FileNotFoundError("git-http-backend not found")
        return found
    return str(program)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        self.server.requests += 1
        scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
        # (the scheme is case-insensitive: actions/checkout itself sends "basic")
        if f"{scheme.capitalize()} {credentials.strip()}" != self.server.expected:
            self.server.refused += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self._read_chunked()
        parts = urlsplit(self.path)
        env = {
            "GIT_PROJECT_ROOT": str(self.server.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": "x-access-token",
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.server.root),
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        done = subprocess.run(
            [self.server.backend], input=body, env=env, capture_output=True, check=False
        )
        head, _, payload = done.stdout.partition(b"\r\n\r\n")
        status = 200
        headers: list[tuple[str, str]] = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _read_chunked(self) -> bytes:
        data = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, token: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.expected = basic_header(token)
        self.backend = _backend()
        self.requests = 0
        self.refused = 0


@contextmanager
def git_http_server(root: Path, token: str) -> Iterator[_Server]:
    """Serve the bare repositories under ``root`` at ``http://127.0.0.1:<port>/``."""
    server = _Server(root, token)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
