"""The outbound guard: private addresses refused at connect time, on the address connected to."""

import socket

import pytest

from channels_intake.tests.httpserver import LocalServer
from core import netguard

REAL_GETADDRINFO = socket.getaddrinfo


class Resolver:
    """A DNS we control: each name answers the next address of its list (the last one again)."""

    def __init__(self, answers: dict[str, list[str]]):
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        if host in self.answers:
            self.asked.append(host)
            queue = self.answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            return REAL_GETADDRINFO(address, port, *args, **kwargs)
        return REAL_GETADDRINFO(host, port, *args, **kwargs)


@pytest.fixture
def server():
    with LocalServer() as running:
        running.serve("/orders", (200, b'{"orders": []}'))
        yield running


@pytest.fixture
def guarded(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x", "http://10.0.0.5/x", "http://192.168.1.1/x", "http://[::1]/x",
    "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x",
    "http://100.64.0.1/x",
    # IPv6 forms of loopback and of the metadata service (issue 17): NAT64, 6to4, local NAT64,
    # IPv4-compatible, Teredo
    "http://[64:ff9b::7f00:1]/x", "http://[2002:7f00:1::]/x", "http://[64:ff9b::a9fe:a9fe]/x",
    "http://[2002:a00:5::1]/x", "http://[64:ff9b:1::7f00:1]/x", "http://[::127.0.0.1]/x",
    "http://[2001:0:53aa:64c::80ff:fffe]/x",
])
def test_private_literal_addresses_are_refused(guarded, url):
    with pytest.raises(netguard.UnsafeURL):
        netguard.check_url(url)
    with pytest.raises(netguard.UnsafeURL):
        netguard.safe_get(url, timeout=2)


@pytest.mark.parametrize(("address", "public"), [
    ("64:ff9b::7f00:1", False), ("2002:7f00:1::", False), ("64:ff9b::a00:5", False),
    ("2002:c0a8:101::", False), ("::ffff:127.0.0.1", False),
    # the same forms carrying a public address stay usable (an IPv6-only network's NAT64)
    ("64:ff9b::808:808", True), ("2002:808:808::1", True), ("::ffff:8.8.8.8", True),
    ("2606:4700:4700::1111", True), ("8.8.8.8", True),
])
def test_ipv6_forms_are_judged_by_the_ipv4_address_inside(address, public):
    assert netguard.address_is_public(address) is public


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "http:///nohost"])
def test_only_http_urls_with_a_host(url, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True  # the scheme check holds even then
    with pytest.raises(netguard.UnsafeURL):
        netguard.check_url(url)
    with pytest.raises(netguard.UnsafeURL):
        netguard.safe_get(url, timeout=2)


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(
        guarded, server, monkeypatch):
    resolver = Resolver({"feed.partner.example": ["127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    port = server.url.rsplit(":", 1)[1]
    with pytest.raises(netguard.UnsafeURL, match="private address"):
        netguard.safe_get(f"http://feed.partner.example:{port}/orders", timeout=2)
    assert resolver.asked == ["feed.partner.example"]
    assert server.requests == []


def test_dns_rebinding_is_caught_at_connect_time(guarded, server, monkeypatch):
    # Public when the URL is checked, loopback by the time the connection is made.
    resolver = Resolver({"rebind.example": ["93.184.215.14", "127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    port = server.url.rsplit(":", 1)[1]
    url = f"http://rebind.example:{port}/orders"
    netguard.check_url(url)  # passes: the name looked public
    with pytest.raises(netguard.UnsafeURL):
        netguard.safe_get(url, timeout=2)
    assert resolver.asked == ["rebind.example", "rebind.example"]
    assert server.requests == []


def test_one_private_address_among_public_ones_is_refused(guarded, monkeypatch):
    def resolver(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(netguard.UnsafeURL, match="10.1.2.3"):
        netguard.check_url("https://mixed.example/hook")


def test_allowed_private_hosts_connect_to_the_resolved_address_with_the_name_as_host(
        settings, server, monkeypatch):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True
    resolver = Resolver({"feed.partner.example": ["127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")  # ignored: no proxy from the env
    port = server.url.rsplit(":", 1)[1]
    response = netguard.safe_get(f"http://feed.partner.example:{port}/orders", timeout=2)
    assert response.status_code == 200
    assert server.requests[0]["headers"]["Host"] == f"feed.partner.example:{port}"
    assert resolver.asked == ["feed.partner.example"]
