"""Who may send a storefront order (issue #11: any From: with `[RG Flowers]` and `Paid: yes` was a
paid website order). The senders of each brand and the company's own forwarding domains are
data (StorefrontSender, TrustedForwarder rows), loaded once per run into a `Trust`; DKIM
signatures are checked with dkimpy. No database access here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import dkim
import dkim.dnsplug
from django.utils.translation import gettext as _

from .mime import Letter

logger = logging.getLogger(__name__)
DNS_TIMEOUT = 5  # seconds for the DKIM key's TXT record


def dns_txt(name: bytes, timeout: int = DNS_TIMEOUT) -> bytes | None:
    """The DKIM key record of `name` (dkimpy's resolver). Tests replace this function: there is
    no DNS in a test run."""
    return dkim.dnsplug.get_txt(name, timeout=timeout)


def dkim_signed_by(raw: bytes, domain: str, *, lookup: Callable | None = None) -> bool:
    """True when the message carries a valid DKIM signature made by `domain` (its d= tag).
    Every signature of that domain is tried; one valid is enough. Never raises."""
    domain = domain.lower().encode()
    try:
        checker = dkim.DKIM(raw, timeout=DNS_TIMEOUT)
        signatures = [value for name, value in checker.headers if name.lower() == b"dkim-signature"]
        for index, value in enumerate(signatures):
            tags = dkim.util.parse_tag_value(value)
            if tags.get(b"d", b"").strip().lower() != domain:
                continue
            if checker.verify(idx=index, dnsfunc=lookup or dns_txt):
                return True
    except Exception:  # noqa: BLE001 - a broken signature or an unreachable DNS is "not signed"
        logger.info("DKIM check for %s failed", domain, exc_info=True)
    return False


@dataclass(frozen=True)
class Trust:
    """The storefront senders (address -> {brand code: DKIM domain or ""}) and the trusted
    forwarding domains (domain -> DKIM domain or "")."""

    senders: dict[str, dict[str, str]] = field(default_factory=dict)
    forwarders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, senders, forwarders) -> Trust:
        """From (address, brand code, DKIM domain) and (domain, DKIM domain) rows."""
        by_address: dict[str, dict[str, str]] = {}
        for address, brand, dkim_domain in senders:
            by_address.setdefault(address.strip().lower(), {})[brand] = _domain(dkim_domain)
        return cls(senders=by_address,
                   forwarders={_domain(domain): _domain(dkim_domain)
                               for domain, dkim_domain in forwarders})

    def storefront_problem(self, letter: Letter, *, outer: Letter, raw: bytes, brand: str) -> str:
        """Why this storefront e-mail of `brand` is not to be believed ("" when it is). `letter`
        is what is read: the message itself, or one a person forwarded inside `outer`."""
        if letter is outer:
            return self._sender_problem(letter.sender, raw=raw, brand=brand, vouched=False)
        forwarder = self._forwarder(outer.sender)
        if forwarder is None:
            return _("unverified sender: forwarded by %(sender)s, which is not a trusted "
                     "forwarding domain") % {"sender": outer.sender or "?"}
        vouched = False
        if forwarder:
            if not dkim_signed_by(raw, forwarder):
                return _("unverified sender: the forward from %(sender)s carries no valid DKIM "
                         "signature of %(domain)s") % {"sender": outer.sender, "domain": forwarder}
            vouched = True
        return self._sender_problem(letter.sender, raw=None, brand=brand, vouched=vouched)

    def _sender_problem(self, sender: str, *, raw: bytes | None, brand: str, vouched: bool) -> str:
        brands = self.senders.get(sender, {})
        if brand not in brands:
            return _("unverified sender: %(sender)s is not a storefront sender of %(brand)s") % {
                "sender": sender or "?", "brand": brand}
        domain = brands[brand]
        if not domain or vouched:
            return ""
        if raw is None:
            # Forwarding (inline, or re-encoded as an attachment) breaks the storefront's own
            # signature: only a forwarder that signs its mail can vouch for it.
            return _("unverified sender: %(sender)s signs with DKIM (%(domain)s); a forward of it "
                     "counts only from a forwarding domain whose DKIM is checked") % {
                "sender": sender, "domain": domain}
        if not dkim_signed_by(raw, domain):
            return _("unverified sender: no valid DKIM signature of %(domain)s") % {"domain": domain}
        return ""

    def _forwarder(self, sender: str) -> str | None:
        """The forwarder's DKIM domain ("" when none is required), None when not trusted."""
        domain = sender.rpartition("@")[2].lower()
        for trusted, dkim_domain in self.forwarders.items():
            if domain and (domain == trusted or domain.endswith("." + trusted)):
                return dkim_domain
        return None


def _domain(value: str) -> str:
    return (value or "").strip().strip(".").lower()
