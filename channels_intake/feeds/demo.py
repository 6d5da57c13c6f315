"""Demo feeds of the local partners (called by desk.demo): inactive until someone serves
them on 127.0.0.1:8765 (`manage.py serve_demo_feeds`) and switches them on in the admin."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from orders.models import Partner

from ..models import Source

SAMPLES = Path(__file__).parent / "samples"

DEMO_FEEDS = [("menu-am", "pages"), ("flowwow", "cursor"), ("buy-am", "pages"), ("sas-am", "cursor")]


def feeds_demo_seed() -> None:
    for code, adapter in DEMO_FEEDS:
        partner = Partner.objects.filter(code=code).first()
        if partner is None:
            continue
        Source.objects.get_or_create(
            name=f"feed-{code}",
            defaults={"kind": Source.Kind.FEED, "partner": partner, "adapter": adapter,
                      "url": f"http://127.0.0.1:8765/{code}/orders", "is_active": False,
                      "poll_interval": 60},
        )


def demo_feed_server(port: int = 8765) -> ThreadingHTTPServer:
    """The sample pages (docs/intake-formats.md section 4) as each demo partner's feed."""
    pages = {"cursor": {"": "feed_cursor_page1.json", "c2": "feed_cursor_page2.json"},
             "pages": {"1": "feed_pages.json"}}
    shapes = dict(DEMO_FEEDS)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            code = parts.path.strip("/").removesuffix("/orders")
            query = parse_qs(parts.query)
            shape = shapes.get(code)
            wanted = (query.get("cursor", [""])[0] if shape == "cursor"
                      else query.get("page", ["1"])[0])
            name = pages.get(shape, {}).get(wanted)
            body = (SAMPLES / name).read_bytes() if name else b'{"error": "no such page"}'
            self.send_response(200 if name else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
