"""The container's health check: `python -m core.healthcheck` (docker-compose.yml).

Asks the web process on this container for /healthz the way a real visitor would be let in:
with a Host header the desk accepts (the first of ALLOWED_HOSTS) and without following any
redirect (production redirects plain HTTP to HTTPS, but /healthz is exempt, see prod.py).
Exit 0 when the desk answers 200, 1 otherwise. Standard library only: it runs without Django."""

from __future__ import annotations

import http.client
import os
import sys

DEFAULT_PORT = 8000


def health_host(allowed_hosts: str) -> str:
    """A Host header ALLOWED_HOSTS accepts: the first concrete name ('.rg.am' → 'rg.am')."""
    for entry in (part.strip() for part in allowed_hosts.split(",")):
        if entry and entry != "*":
            return entry.lstrip(".")
    return "localhost"


def probe(*, port: int = DEFAULT_PORT, host: str, timeout: float = 4) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz", headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def main() -> int:
    port = int(os.environ.get("HEALTHCHECK_PORT", DEFAULT_PORT))
    try:
        status = probe(port=port, host=health_host(os.environ.get("ALLOWED_HOSTS", "")))
    except OSError as exc:
        print(f"healthz: {exc}", file=sys.stderr)
        return 1
    print(f"healthz: HTTP {status}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
