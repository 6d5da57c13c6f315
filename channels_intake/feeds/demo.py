"""Demo feeds of the local partners (called by desk.demo): inactive until someone serves
them on 127.0.0.1:8765 (`manage.py serve_demo_feeds`) and switches them on in the admin.
The pages are the spec's samples, dated from the day they are served."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

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


# The dated fields of both feed shapes and how each writes its date; the first two are
# delivery days, the last the moment the order was placed.
DATED = {"date": "%Y-%m-%d", "deliveryDate": "%d.%m.%Y", "created_at": "%Y-%m-%dT%H:%M:%SZ"}
DELIVERY_DAYS = ("date", "deliveryDate")


def _dated(node: Any, key: str = ""):
    """Every (key, value) of a dated field in a parsed page."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _dated(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _dated(value, key)
    elif key in DATED and isinstance(node, str):
        yield key, node


def shifted(node: Any, days: int, key: str = "") -> Any:
    """The page with every dated field `days` later, written as the feed writes it."""
    if isinstance(node, dict):
        return {name: shifted(value, days, name) for name, value in node.items()}
    if isinstance(node, list):
        return [shifted(value, days, key) for value in node]
    if key in DATED and isinstance(node, str):
        moment = datetime.strptime(node, DATED[key]) + timedelta(days=days)
        return moment.strftime(DATED[key])
    return node


def first_delivery_day(pages: list[Any]) -> date:
    return min(datetime.strptime(value, DATED[key]).date()
               for page in pages for key, value in _dated(page) if key in DELIVERY_DAYS)


def demo_feed_server(port: int = 8765) -> ThreadingHTTPServer:
    """The sample pages (docs/intake-formats.md section 4) as each demo partner's feed, every
    date moved by the same number of days so the first delivery is the day after the server
    starts (Yerevan's): the demo's orders stay inside the intake's delivery window whenever it
    runs. The days are counted once: a partner's feed does not move its orders at midnight."""
    pages = {"cursor": {"": "feed_cursor_page1.json", "c2": "feed_cursor_page2.json"},
             "pages": {"1": "feed_pages.json"}}
    samples = {name: json.loads((SAMPLES / name).read_text(encoding="utf-8"))
               for names in pages.values() for name in names.values()}
    days = (timezone.localdate() + timedelta(days=1)
            - first_delivery_day(list(samples.values()))).days
    served = {name: json.dumps(shifted(page, days), ensure_ascii=False, indent=1).encode()
              for name, page in samples.items()}
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
            body = served[name] if name else b'{"error": "no such page"}'
            self.send_response(200 if name else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
