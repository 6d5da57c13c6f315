"""What one e-mail is: an order (or pre-order) ready for the intake door, something a person
must look at (with the reason), a person's message that is not an order (for an inquiry), or
automatic mail that nobody answers (ignored, with the reason).

Issue 17: in the company's order mailbox a message written by a person is a customer waiting
(a complaint, a price request, someone about to order). Only automatic mail is ignored, told by
its headers: bounces, auto-replies, bulk and list mail."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from orders.normalized import NormalizedOrder

from . import lines
from .limits import over_limits
from .mime import Letter, read_letter
from .partner import LayoutReader
from .senders import Trust
from .website import LabelReader, Unreadable, looks_like_website_order, website_order

logger = logging.getLogger(__name__)
ORDER, REVIEW, IGNORED = "order", "review", "ignored"
PERSON = "person"  # a person wrote, not an order: it goes to the inquiries
MIN_FORM_LINES = 3  # `Label: value` lines that make an order-subject mail a form, not a letter
THREAD_HEADER_CHARS = 5000  # of In-Reply-To and References, handed on for threading
READABLE_CHARS = 100_000  # what is kept of a message's decoded text for people to read

_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|autoreply|auto:|out of (the )?office|автоответ|"
    r"автоматический ответ|undeliverable|delivery status notification|mail delivery failed|"
    r"returned mail)", re.IGNORECASE)
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
_ORDER_WORDS = re.compile(r"(?i)\b(order|заказ\w*|պատվեր\w*)")
_BRAND_TAG = re.compile(r"\[([^\]]{1,60})\]")


@dataclass(frozen=True)
class PersonMail:
    """What a person wrote, as the inquiries take it (plain values: it travels in an event)."""

    sender: str
    sender_name: str
    subject: str
    text: str
    message_id: str  # with its angle brackets, as the thread headers name it
    in_reply_to: str
    references: str


@dataclass(frozen=True)
class Verdict:
    outcome: str  # ORDER, REVIEW, IGNORED or PERSON
    # The order; for REVIEW, what could be read of it (extra["unread"]: what could not), if any.
    normalized: NormalizedOrder | None = None
    reason: str = ""
    readable: str = ""  # the decoded text, bounded (READABLE_CHARS); "" when it was not read
    person: PersonMail | None = None  # for PERSON


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
    unclear = next((candidate.sender_problem for candidate in [letter, *letter.forwarded]
                    if candidate.sender_problem), "")
    if unclear:
        return Verdict(REVIEW, reason=unclear)
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
    if not _is_reply(letter) and (_is_order_form(letter) or any(
            _ORDER_WORDS.search(inner.subject) for inner in letter.forwarded)):
        return Verdict(REVIEW, reason=_("unknown partner layout: the message speaks of an order, "
                                        "but no label set or partner layout reads it"))
    if not letter.sender:
        return Verdict(REVIEW, reason=_("a person's message without a sender address: nobody "
                                        "to answer"))
    return Verdict(PERSON, person=person_mail(letter))


def _is_reply(letter: Letter) -> bool:
    """An answer in a thread (a customer replying to our order e-mail, quoting its fields, maybe
    under Outlook's "Original Message"): a person's words, never a new partner's order form."""
    return bool(letter.headers.get("in-reply-to") or letter.headers.get("references"))


def _is_order_form(letter: Letter) -> bool:
    """An order that no layout reads (a new partner's form): order words in the subject and
    `Label: value` lines of its own (not quoted). A person's letter about an order (a complaint,
    a question, "I'd like to order") is prose: it goes to the inquiries."""
    if not _ORDER_WORDS.search(letter.subject):
        return False
    filled = 0
    for line in letter.text.split("\n"):
        found = None if line.lstrip().startswith(">") else lines.label_line(line)
        if found and found[1].strip():
            filled += 1
            if filled >= MIN_FORM_LINES:
                return True
    return False


def person_mail(letter: Letter) -> PersonMail:
    """What a person wrote, from the letter the door read: for the order mailboxes' event and
    the support mailbox's reader alike."""
    message_id = _stored(letter.message_id)
    return PersonMail(
        sender=_stored(letter.sender), sender_name=_stored(letter.sender_name)[:200],
        subject=_stored(letter.subject)[:300], text=_stored(letter.text)[:READABLE_CHARS],
        message_id=f"<{message_id}>"[:300] if message_id else "",
        in_reply_to=_stored(letter.headers.get("in-reply-to", ""))[:THREAD_HEADER_CHARS],
        references=_stored(letter.headers.get("references", ""))[:THREAD_HEADER_CHARS])


def _stored(value: str) -> str:
    """Text as the database keeps it: PostgreSQL text holds no NUL, mail may carry them."""
    return value.replace("\x00", "\ufffd")


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
    if (letter.content_type == "multipart/report" or _BOUNCE_SENDER.match(letter.sender)
            or headers.get("return-path", "").strip() == "<>"):
        return _("a delivery report (bounce)")
    if _AUTO_SUBJECT.match(letter.subject):
        return _("an automatic reply or delivery report (by its subject)")
    return ""


def _is_bulk(letter: Letter) -> bool:
    headers = letter.headers
    return bool(headers.get("list-unsubscribe") or headers.get("list-id")
                or headers.get("precedence", "").strip().lower() in ("bulk", "list", "junk"))
