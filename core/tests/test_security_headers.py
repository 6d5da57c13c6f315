"""Content-Security-Policy and Permissions-Policy on every page; no inline code to need more."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory


class InlineCode(HTMLParser):
    """Everything a `default-src 'self'` policy refuses in markup: inline scripts and style
    blocks, style="" and on*="" attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._tag = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._tag = (tag, attrs)
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_data(self, data):
        if self._tag and data.strip():
            tag, attrs = self._tag
            executable = tag == "script" and "src" not in attrs and attrs.get("type", "text/javascript") in (
                "text/javascript", "module", "")
            if executable or tag == "style":
                self.found.append(f"inline <{tag}>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        self._tag = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def test_pages_carry_the_policies(client, boss):
    client.force_login(boss)
    for url in ("/", "/desk/", "/accounts/login/", "/admin/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "script-src 'self'" in csp and "object-src 'none'" in csp, url
        assert "frame-ancestors 'none'" in csp, url
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, url


@pytest.mark.parametrize("role", ["operator", "superuser"])
def test_no_page_has_inline_code_the_policy_would_refuse(client, role, db):
    from channels_intake.models import InboundMessage, Source
    from orders.tests.factories import BrandFactory

    user = UserFactory(username=role, role="operator" if role == "operator" else None,
                       is_staff=role == "superuser", is_superuser=role == "superuser")
    BrandFactory()
    source = Source.objects.create(name="box", kind="maildir", path="var/x")
    message = InboundMessage.objects.create(source=source, dedup_key="k", content_hash="h",
                                            raw=b"Subject: hi\r\n\r\nhello\r\n")
    client.force_login(user)
    urls = ["/", "/desk/", "/desk/new/", "/desk/review/", "/desk/leads/"]
    if role == "superuser":
        urls += ["/admin/", "/admin/orders/order/", "/admin/channels_intake/source/",
                 f"/admin/channels_intake/source/{source.pk}/change/",
                 f"/admin/channels_intake/inboundmessage/{message.pk}/change/",
                 "/admin/channels_intake/webhookendpoint/add/", "/admin/auth/group/add/"]
    for url in urls:
        response = client.get(url, follow=True)  # an operator's home is the queue
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
    client.logout()
    assert inline_code(client.get("/accounts/login/").content.decode()) == []


def test_htmx_is_told_not_to_inject_its_style(client, boss):
    client.force_login(boss)
    html = client.get("/desk/").content.decode()
    assert re.search(r'<meta name="htmx-config" content=\'\{"includeIndicatorStyles": false\}\'>', html)


def test_the_api_docs_relax_the_policy_for_themselves_only(client):
    page = client.get(reverse("partner_api:docs"))
    assert page.status_code == 200
    csp = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self'" in csp
    script = re.search(r'<script src="([^"]+script=[^"]*)"', page.content.decode())
    assert script, "Swagger UI's start script is a file, not inline"
    assert inline_code(page.content.decode().split("<style>")[0]) == []
    js = client.get(script.group(1).replace("&amp;", "&"))
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()
