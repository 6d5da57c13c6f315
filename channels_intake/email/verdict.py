"""What one e-mail is: an order (or pre-order) ready for the intake door, something a person
must look at (with the reason), or something that is not an order at all (with the reason)."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from orders.normalized import NormalizedOrder

from .limits import over_limits
from .mime import Letter, read_letter
from .partner import LayoutReader
from .senders import Trust
from .website import LabelReader, Unreadable, looks_like_website_order, website_order

logger = logging.getLogger(__name__)
ORDER, REVIEW, IGNORED = "order", "review", "ignored"
READABLE_CHARS = 100_000  # what is kept of a message's decoded text for people to read

_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|autoreply|auto:|out of (the )?office|автоответ|"
    r"автоматический ответ|undeliverable|delivery status notification|mail delivery failed|"
    r"returned mail)", re.IGNORECASE)
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
_ORDER_WORDS = re.compile(r"(?i)\b(order|заказ\w*|պատվեր\w*)")
_BRAND_TAG = re.compile(r"\[([^\]]{1,60})\]")


@dataclass(frozen=True)
class Verdict:
    outcome: str  # ORDER, REVIEW or IGNORED
    # The order; for REVIEW, what could be read of it (extra["unread"]: what could not), if any.
    normalized: NormalizedOrder | None = None
    reason: str = ""
    readable: str = ""  # the decoded text, bounded (READABLE_CHARS); "" when it was not read


@dataclass
class BrandHint:
    code: str
    name: str
    domains: tuple[str, ...]


@dataclass
class Readers:
    """Everything a run needs to read mail, loaded once per run (an import, a poll), so that
    a thousand messages cost no thousand lookups of the same label sets."""

    label_sets: list[LabelReader] = field(default_factory=list)
    layouts: list[LayoutReader] = field(default_factory=list)
    brands: list[BrandHint] = field(default_factory=list)
    trust: Trust = field(default_factory=Trust)

    @classmethod
    def load(cls) -> Readers:
        from orders.models import Brand

        from ..models import LabelSet, PartnerLayout, StorefrontSender, TrustedForwarder

        brands = []
        for code, name, email, domain in Brand.objects.values_list("code", "name", "email",
                                                                    "site_domain"):
            domains = {d.lower().strip() for d in (domain, email.rpartition("@")[2]) if d}
            brands.append(BrandHint(code=code, name=name.casefold(), domains=tuple(domains)))
        return cls(
            label_sets=_compiled(LabelReader, LabelSet.objects.filter(is_active=True)),
            layouts=_compiled(LayoutReader, PartnerLayout.objects.filter(is_active=True)),
            brands=brands,
            trust=Trust.from_rows(
                StorefrontSender.objects.filter(is_active=True)
                .values_list("address", "brand__code", "dkim_domain"),
                TrustedForwarder.objects.filter(is_active=True).values_list("domain", "dkim_domain")),
        )

    def brand_of(self, letter: Letter) -> str:
        """The brand a storefront e-mail names: `[RG Flowers]` in the subject, the sender's name,
        or the sender's domain."""
        for tag in _BRAND_TAG.findall(letter.subject):
            for brand in self.brands:
                if tag.strip().casefold() in (brand.name, brand.code):
                    return brand.code
        for brand in self.brands:
            if letter.sender_name and letter.sender_name.casefold() == brand.name:
                return brand.code
        domain = letter.sender.rpartition("@")[2]
        for brand in self.brands:
            if domain and any(domain == d or domain.endswith("." + d) for d in brand.domains):
                return brand.code
        return ""


def _compiled(reader, rows) -> list:
    """Each row compiled; one broken by hand in the admin is left out (and logged), so the
    intake goes on with the others."""
    compiled = []
    for row in rows:
        try:
            compiled.append(reader.from_row(row))
        except Exception:  # noqa: BLE001
            logger.exception("%s %s cannot be used", type(row).__name__, row.pk)
    return compiled


def interpret(raw: bytes, *, readers: Readers, brand: str = "") -> Verdict:
    """The verdict on one raw message. `brand` is the source's brand when the mailbox has one."""
    refused = over_limits(raw)
    if refused:
        return Verdict(REVIEW, reason=refused)
    letter = read_letter(raw)
    readable = readable_text(letter)
    verdict = _judge(letter, raw=raw, readers=readers, brand=brand)
    return dataclasses.replace(verdict, readable=readable)


def readable_text(letter: Letter) -> str:
    """The decoded text a person reads beside the raw message (the admin shows this, stored,
    and never parses the raw bytes again), with what was forwarded inside it."""
    text = letter.text
    for inner in letter.forwarded:
        text += "\n\n--- " + _("forwarded") + f": {inner.subject}\n{inner.text}"
    return text[:READABLE_CHARS]


def _judge(letter: Letter, *, raw: bytes, readers: Readers, brand: str) -> Verdict:
    automatic = _automatic(letter)
    if automatic:
        return Verdict(IGNORED, reason=automatic)
    review = None
    # What a person forwarded is the order; the forwarding letter itself is the last resort.
    for candidate in [*letter.forwarded, letter]:
        verdict = _read(candidate, outer=letter, raw=raw, readers=readers, brand=brand)
        if verdict is None:
            continue
        if verdict.outcome == ORDER:
            return verdict
        review = review or verdict
    if review is not None:
        return review
    if _is_bulk(letter):
        return Verdict(IGNORED, reason=_("a newsletter or mailing list message"))
    if _ORDER_WORDS.search(letter.subject) or any(_ORDER_WORDS.search(f.subject)
                                                 for f in letter.forwarded):
        return Verdict(REVIEW, reason=_("unknown partner layout: the message speaks of an order, "
                                        "but no label set or partner layout reads it"))
    return Verdict(IGNORED, reason=_("not an order: no order subject, labels or partner layout"))


def _read(letter: Letter, *, outer: Letter, raw: bytes, readers: Readers,
          brand: str) -> Verdict | None:
    website = looks_like_website_order(letter, readers.label_sets)
    if website is not None:
        reader, reading, kind = website
        code = brand or readers.brand_of(letter)
        if not code:
            return Verdict(REVIEW, reason=_("cannot tell the brand: no known [Brand] in the subject "
                                            "and the sender %(sender)s is not a brand's")
                           % {"sender": letter.sender or "?"})
        # Only the brand's own storefront may say "paid": anyone can write that From: line.
        unverified = readers.trust.storefront_problem(letter, outer=outer, raw=raw, brand=code)
        if unverified:
            return Verdict(REVIEW, reason=unverified)
        try:
            return Verdict(ORDER, normalized=website_order(letter, reader, reading, kind=kind,
                                                           brand=code))
        except Unreadable as exc:
            return Verdict(REVIEW, reason=str(exc), normalized=exc.partial)
    for layout in readers.layouts:
        if layout.matches(letter):
            try:
                return Verdict(ORDER, normalized=layout.order(letter))
            except Unreadable as exc:
                return Verdict(REVIEW, reason=str(exc), normalized=exc.partial)
    return None


def _automatic(letter: Letter) -> str:
    headers = letter.headers
    auto = headers.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return _("an automatic reply (Auto-Submitted: %(value)s)") % {"value": auto}
    if headers.get("x-autoreply") or headers.get("x-autorespond") or \
            headers.get("precedence", "").strip().lower() == "auto_reply":
        return _("an automatic reply")
    if letter.content_type == "multipart/report" or _BOUNCE_SENDER.match(letter.sender):
        return _("a delivery report (bounce)")
    if _AUTO_SUBJECT.match(letter.subject):
        return _("an automatic reply or delivery report (by its subject)")
    return ""


def _is_bulk(letter: Letter) -> bool:
    headers = letter.headers
    return bool(headers.get("list-unsubscribe") or headers.get("list-id")
                or headers.get("precedence", "").strip().lower() in ("bulk", "list", "junk"))
