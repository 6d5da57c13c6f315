"""Which thread a mail belongs to, and whose it is (issue 17: a mail from anyone carrying another
inquiry's Message-ID or subject token was threaded into that inquiry).

A mail names a thread by its In-Reply-To and References headers (a Message-ID of a message in
the thread, ours or the customer's) or by the `[#INQ-<token>]` of our replies' subjects. Both
can be copied or forged, so naming a thread is not enough to join it: the sender must be the
inquiry's customer, compared by normalised address (`normal_address`). A mail that names a
thread it may not join opens an inquiry of its own that shows the named thread to the operator.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from .models import Inquiry, InquiryMessage, InquiryState

# Old tokens (10 hex digits, before issue 17) are still in customers' mailboxes: they thread
# too, on the same condition (the sender is the inquiry's customer).
SUBJECT_TOKEN = re.compile(r"\[#INQ-([0-9A-F]{16}|[0-9A-F]{10})\]", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,290}>")
MAX_ADDRESS = 254  # characters of an e-mail address (RFC 5321's path limit, less the brackets)
MAX_NAMED = 20  # Message-IDs of one mail's References looked up (the nearest ones)

# What sends a new mail to the order questions rather than the product questions: an order
# number, or a word about an order that exists (the noun, not "to order": "I'd like to order
# roses" is a product question), its delivery or its courier.
ORDER_NUMBER = re.compile(r"\bRG-(\d{6,12})\b", re.IGNORECASE)
_ORDER_WORDS = re.compile(
    r"(?i)\b((my|the|our|your|this|that)\s+order\b|orders?\s*(#|no\b|number)"
    r"|deliver(y|ies|ed)\b|courier|заказ(?!ать|ыва)|доставк|курьер|պատվեր|առաք)")


def normal_address(value: str) -> str:
    """The address of a From: value, compared as people mean it: the display name dropped, case
    ignored, surrounding spaces and dots gone. A `+tag` stays part of the address: anna+shop@
    and anna@ are one mailbox at most providers, not at all, and treating two addresses as one
    may only ever open a new inquiry, never join a thread (the safe side of a wrong guess).
    "" when the value is not exactly one address."""
    found = getaddresses([value or ""])
    if len(found) != 1:
        return ""
    address = found[0][1].strip().strip(".").lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or "=?" in address or len(address) > MAX_ADDRESS:
        return ""
    return f"{local}@{domain.strip('.')}"


def is_customer(inquiry: Inquiry, sender: str) -> bool:
    """True when `sender` is the address the inquiry's customer wrote from (or we wrote to)."""
    address = normal_address(sender)
    return bool(address) and address == normal_address(inquiry.email)


def named_threads(*, subject: str, in_reply_to: str, references: str) -> list[Inquiry]:
    """The inquiries a mail points at, nearest first: the one its In-Reply-To names, then those
    of its References from the last (the parent) back, then the subject's token. Deleted ones
    are left out. References alone are enough: many clients send no In-Reply-To, or one naming
    a message the desk never saw."""
    named = _MESSAGE_ID.findall(in_reply_to or "")[:1]
    named += list(reversed(_MESSAGE_ID.findall(references or "")))[:MAX_NAMED]
    by_id = {}
    for message_id, inquiry_id in (InquiryMessage.objects.filter(message_id__in=named)
                                   .exclude(inquiry__state=InquiryState.DELETED)
                                   .values_list("message_id", "inquiry_id")):
        by_id.setdefault(message_id, inquiry_id)
    order = []
    for message_id in named:
        if message_id in by_id and by_id[message_id] not in order:
            order.append(by_id[message_id])
    found = {inquiry.pk: inquiry for inquiry in Inquiry.objects.filter(pk__in=order)}
    threads = [found[pk] for pk in order if pk in found]
    token = SUBJECT_TOKEN.search(subject or "")
    if token:
        by_token = Inquiry.objects.filter(token=token.group(1).upper()).exclude(
            state=InquiryState.DELETED).first()
        if by_token is not None and by_token.pk not in found:
            threads.append(by_token)
    return threads


def speaks_of_an_order(text: str) -> bool:
    """A new mail for the order questions tab (else the product questions)."""
    text = text[:20000]
    return bool(ORDER_NUMBER.search(text) or _ORDER_WORDS.search(text))
