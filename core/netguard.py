"""Outbound HTTP that cannot be pointed inside: one guard for webhooks, feeds and tracking.

A URL typed by a partner or a manager must not make the desk fetch its own internal network
(the database, Redis, a cloud metadata service at 169.254.169.254) and show the answer back.
Checking the name once and connecting later is not enough: a name can resolve to a public
address for the check and to 127.0.0.1 for the connection (DNS rebinding). So the check runs
*at connect time*, inside the HTTP connection itself: the host is resolved once, every address
it resolves to must be public, and the socket is opened to one of those very addresses. TLS
still uses the host name (SNI and certificate check), and so does the `Host` header.

Use `safe_session()` (or `safe_get` / `safe_post`) instead of `requests` for any URL that came
from outside. Proxies from the environment are ignored (a proxy would connect for us, out of
the guard's sight). `OUTBOUND_ALLOW_PRIVATE_HOSTS = True` turns the address check off (tests
and the embedded demo, whose partners run on this machine); the scheme check stays."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError
from urllib3.util import connection as urllib3_connection

ALLOWED_SCHEMES = ("http", "https")


class UnsafeURL(ValueError):
    """The URL is not http(s), or its host resolves to an address inside (private, loopback,
    link-local, reserved...). Never worth retrying: the answer will not change by itself."""


def private_hosts_allowed() -> bool:
    return bool(getattr(settings, "OUTBOUND_ALLOW_PRIVATE_HOSTS", False))


# IPv6 forms that carry an IPv4 address inside (issue 17): a NAT64 gateway or a 6to4 relay on
# the way turns them back into that IPv4 address, so they are judged by it.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits
# Refused whatever they carry: a local-use NAT64 prefix (RFC 8215) maps by the network's own
# rules, IPv4-compatible addresses (::a.b.c.d) are deprecated (RFC 4291), and Teredo (2001::/32)
# hides its client address; none of them is a way a public service is reached.
NEVER_PUBLIC_V6 = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("::/96"),
                   ipaddress.IPv6Network("2001::/32"))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, 6to4, NAT64), or None."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.sixtofour is not None:
        return ip.sixtofour  # 2002:7f00:1:: is 127.0.0.1 (bits 16..48)
    if ip in NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)  # 64:ff9b::7f00:1 is 127.0.0.1
    return None


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is not part of it
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in NEVER_PUBLIC_V6):
            return False
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def resolve_public(host: str, port: int) -> list[tuple[int, tuple]]:
    """Resolve `host` once; (family, sockaddr) for each address, all of them public.

    Raises UnsafeURL when any address is not public (a name with one private address among
    public ones is refused too: which one a client picks is not ours to guess)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeURL(_("The host does not resolve: %(error)s") % {"error": exc}) from exc
    resolved = []
    for family, _type, _proto, _canonname, sockaddr in infos:
        if not private_hosts_allowed() and not address_is_public(sockaddr[0]):
            raise UnsafeURL(_("%(host)s resolves to a private address %(address)s.")
                            % {"host": host, "address": sockaddr[0]})
        resolved.append((family, sockaddr))
    if not resolved:
        raise UnsafeURL(_("The host does not resolve: %(error)s") % {"error": host})
    return resolved


def check_url(url: str) -> None:
    """The early check, when a URL is saved or registered: a clear error for the person
    typing it. The connection checks again (the name may resolve differently by then)."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeURL(_("Only http(s) URLs with a host are allowed."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL(_("The URL's port is not valid.")) from exc
    if not private_hosts_allowed():
        resolve_public(parts.hostname, port)


class _GuardedConnectionMixin:
    """Connects only to an address `resolve_public` vetted, in the same call that resolved it."""

    def _new_conn(self) -> socket.socket:
        last_error: OSError | None = None
        for _family, sockaddr in resolve_public(self.host, self.port):
            try:
                # An IP literal: create_connection does no further DNS lookup for it.
                return urllib3_connection.create_connection(
                    (sockaddr[0], self.port), self.timeout,
                    source_address=self.source_address, socket_options=self.socket_options)
            except OSError as exc:
                last_error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests transport whose every connection goes through the guard."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool, "https": GuardedHTTPSConnectionPool}

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise UnsafeURL(_("Outbound requests through a proxy are not allowed."))


def safe_session() -> requests.Session:
    """A requests Session for URLs from outside. Use it as a context manager."""
    session = requests.Session()
    session.trust_env = False  # no proxies nor .netrc credentials from the environment
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def safe_request(method: str, url: str, **kwargs) -> requests.Response:
    """One guarded request. Raises UnsafeURL (never retry) or a requests exception."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeURL(_("Only http(s) URLs with a host are allowed."))
    with safe_session() as session:
        return session.request(method, url, **kwargs)


def safe_get(url: str, **kwargs) -> requests.Response:
    return safe_request("GET", url, **kwargs)


def safe_post(url: str, **kwargs) -> requests.Response:
    return safe_request("POST", url, **kwargs)
