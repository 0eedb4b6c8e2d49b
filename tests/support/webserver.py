"""A real HTTP server on 127.0.0.1 serving benign pages, images and misbehaviours for tests."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers: status, headers, body, optionally dripped slowly."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip_seconds: float = 0.0  # pause between 1-byte writes: a slow-loris server
    delay_seconds: float = 0.0  # pause before answering: a busy server


class Load:
    """Requests being answered now, and the most there were at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.now -= 1


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}
    hits: list[str] = []
    headers_seen: list[dict[str, str]] = []
    load: Load

    def do_GET(self) -> None:
        with self.load:
            self._answer()

    def _answer(self) -> None:
        self.hits.append(self.path)
        self.headers_seen.append(dict(self.headers.items()))
        route = self.routes.get(self.path)
        if route is None:
            route = Route(b"not here", 404)
        time.sleep(route.delay_seconds)
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in route.headers:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self._write(route)

    def _write(self, route: Route) -> None:
        if not route.drip_seconds:
            self.wfile.write(route.body)
            return
        for byte in route.body:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(route.drip_seconds)

    def log_message(self, *args: object) -> None:
        """Quiet: tests read hits, not logs."""


@dataclass
class LocalSite:
    """The running server: its base URL, routes to fill in, and the paths requested."""

    port: int
    routes: dict[str, Route]
    hits: list[str]
    headers_seen: list[dict[str, str]]
    load: Load

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def local_site(port: int = 0) -> Iterator[LocalSite]:
    """Start a threaded server on 127.0.0.1 (an ephemeral port unless given); stop it afterwards."""
    load = Load()
    handler = type(
        "Handler", (_Handler,), {"routes": {}, "hits": [], "headers_seen": [], "load": load}
    )
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.request_queue_size = 128
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalSite(
            server.server_address[1], handler.routes, handler.hits, handler.headers_seen, load
        )
    finally:
        server.shutdown()
        server.server_close()


def gzip_bomb(expanded_bytes: int) -> bytes:
    """A small gzip body that expands to `expanded_bytes` zeros."""
    return gzip.compress(bytes(expanded_bytes), compresslevel=9)
