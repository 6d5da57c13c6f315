"""A real HTTP server on 127.0.0.1 in a thread, for feed pages and webhook receivers."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class LocalServer:
    """`routes[(path, query)]` is a list of (status, body, delay) served in turn (the last
    one again and again); every request is recorded in `requests`."""

    def __init__(self):
        self.routes: dict[tuple[str, tuple], list[tuple[int, bytes, float]]] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                parts = urlsplit(self.path)
                query = tuple(sorted(parse_qsl(parts.query)))
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append({"method": self.command, "path": parts.path, "query": query,
                                        "headers": dict(self.headers),
                                        "body": self.rfile.read(length) if length else b""})
                queue = server.routes.get((parts.path, query)) or [(404, b"not here", 0)]
                status, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, path: str, *responses, query: dict | None = None) -> None:
        self.routes[(path, tuple(sorted((query or {}).items())))] = [
            (r, b"", 0) if isinstance(r, int) else (r + (0,) if len(r) == 2 else r) for r in responses
        ]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
