"""Storefront order e-mails, read with the label sets kept as data (LabelSet rows)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from orders.models import Channel
from orders.normalized import Item, NormalizedOrder, Party

from . import lines
from .mime import Letter

_SUBJECT_NUMBER = re.compile(r"#\s*([0-9A-Za-z-]{1,40})")
MIN_LABELS = 5  # known labels that make an unknown subject a storefront e-mail all the same
_UNIVERSAL_YES = {"yes", "y", "true", "1", "да", "այո"}
_UNIVERSAL_NO = {"no", "n", "false", "0", "нет", "ոչ"}


class Unreadable(Exception):
    """The letter is an order of a known layout, but something a person must see is wrong.

    `partial` is the order as far as it could be read, with the paths of what could not be
    (`extra["unread"]`: "items", "total", "customer.phone", ...), so that the review form is
    filled with everything the letter said and marks the rest (issue 17)."""

    def __init__(self, message: str, *, partial: NormalizedOrder | None = None):
        super().__init__(message)
        self.partial = partial


@dataclass
class LabelReader:
    """One LabelSet, compiled once per run."""

    name: str
    language: str
    fields: dict[str, str]  # label key -> field
    labels: dict[str, str]  # field -> label as written (for reasons)
    values: dict[str, str]  # word -> value key (yes, no, card, ...)
    order_subject: str
    preorder_subject: str

    @classmethod
    def from_row(cls, row) -> LabelReader:
        fields, labels = {}, {}
        for name, written in (row.labels or {}).items():
            spellings = written if isinstance(written, list) else [written]
            for spelling in spellings:
                if isinstance(spelling, str) and spelling.strip():
                    fields[lines.label_key(spelling)] = name
                    labels.setdefault(name, spelling)
        values = {}
        for key, words in (row.values or {}).items():
            for word in words if isinstance(words, list) else [words]:
                if isinstance(word, str):
                    values[lines.label_key(word)] = key
        return cls(name=row.name, language=row.language, fields=fields, labels=labels,
                   values=values, order_subject=lines.label_key(row.order_subject or ""),
                   preorder_subject=lines.label_key(row.preorder_subject or ""))

    def subject_kind(self, subject: str) -> str:
        """"preorder", "order" or "" by the subject's words."""
        key = lines.label_key(subject)
        if self.preorder_subject and self.preorder_subject in key:
            return "preorder"
        if self.order_subject and self.order_subject in key:
            return "order"
        return ""


@dataclass
class Reading:
    values: dict[str, str] = field(default_factory=dict)
    items: list[lines.ItemLine] = field(default_factory=list)
    bad_items: list[str] = field(default_factory=list)
    has_items_block: bool = False

    @property
    def score(self) -> int:
        return len(self.values) + (1 if self.has_items_block else 0)


def read_fields(text: str, fields: dict[str, str]) -> Reading:
    """Walk the text once: `Label: value` lines of the layout, and the Items block."""
    reading = Reading()
    in_items = False
    for line in text.split("\n"):
        found = lines.label_line(line)
        field_name = fields.get(found[0]) if found else None
        if in_items:
            if not line.strip():
                if reading.items or reading.bad_items:
                    in_items = False
                continue
            if field_name is None or lines.item_line(line) is not None:
                item = lines.item_line(line)
                if item is None:
                    reading.bad_items.append(line.strip())
                else:
                    reading.items.append(item)
                continue
            in_items = False
        if field_name is None:
            continue
        if field_name == "items":
            reading.has_items_block = in_items = True
            continue
        reading.values.setdefault(field_name, found[1].strip())  # the first one wins
    return reading


def best_reading(letter: Letter, readers: list[LabelReader]) -> tuple[LabelReader, Reading] | None:
    best = None
    for reader in readers:
        reading = read_fields(letter.text, reader.fields)
        if best is None or reading.score > best[1].score:
            best = (reader, reading)
    return best


def looks_like_website_order(
    letter: Letter, readers: list[LabelReader],
) -> tuple[LabelReader, Reading, str] | None:
    """The label set that reads this letter and the kind ("order"/"preorder"), or None when it is
    not a storefront e-mail at all."""
    kind = ""
    for reader in readers:
        kind = reader.subject_kind(letter.subject)
        if kind:
            break
    found = best_reading(letter, readers)
    if found is None:
        return None
    reader, reading = found
    if not kind:
        # A subject the storefront never writes (a person retyped it): the body must show it.
        # A template that changed its labels still shows many known ones: a person looks.
        if reading.score < MIN_LABELS and not ("site_number" in reading.values
                                                and reading.has_items_block):
            return None
        kind = "order"
    return reader, reading, kind


def website_order(letter: Letter, reader: LabelReader, reading: Reading, *, kind: str,
                  brand: str) -> NormalizedOrder:
    """The NormalizedOrder of a storefront e-mail; Unreadable when a person must look, with
    the order as far as it could be read and every reason, not only the first."""
    v = reading.values
    problems: dict[str, str] = {}  # the path that could not be read -> why
    items_label = reader.labels.get("items", "Items")
    if not reading.has_items_block:
        problems["items"] = _("no %(label)s block") % {"label": items_label}
    elif reading.bad_items:
        problems["items"] = _("item line not understood: %(line)s") % {"line": reading.bad_items[0]}
    elif not reading.items:
        problems["items"] = _("the %(label)s block is empty") % {"label": items_label}
    site_number = v.get("site_number", "").lstrip("#").strip()
    if not site_number:
        match = _SUBJECT_NUMBER.search(letter.subject)
        site_number = match[1] if match else ""
    if not site_number:
        problems["site_number"] = _("no order number")

    currencies = set()
    totals = {}
    for name in ("subtotal", "delivery_fee", "discount", "total"):
        if v.get(name):
            parsed = lines.amount(v[name])
            if parsed is None:
                problems[name] = (_("%(label)s %(value)s is not an amount")
                                  % {"label": reader.labels.get(name, name), "value": v[name]})
                continue
            totals[name] = parsed.number
            if parsed.currency:
                currencies.add(parsed.currency)
    items = []
    for item in reading.items:
        if item.price is None:
            problems.setdefault("items", _("item line not understood: %(line)s")
                                % {"line": item.name})
            continue
        if item.price.currency:
            currencies.add(item.price.currency)
        items.append(Item(sku=item.sku, name=item.name, quantity=item.quantity,
                          unit_price=item.price.number))
    if len(currencies) > 1:
        problems["currency"] = (_("amounts in several currencies: %(list)s")
                                % {"list": ", ".join(sorted(currencies))})
        # No amount is kept in a currency nobody can tell: a person reads them off the letter.
        for name in ("delivery_fee", "discount", "total"):
            if totals.pop(name, None) is not None:
                problems.setdefault(name, problems["currency"])
        items = [dataclasses.replace(item, unit_price=None) for item in items]
        problems.setdefault("items", problems["currency"])
        currencies = set()
    payment_word = lines.label_key(v.get("payment", ""))
    payment = reader.values.get(payment_word, "")
    if payment not in ("card", "cash", "bank_transfer", "idram"):
        payment = ""
    flags = {}
    for name, path in (("anonymous", "is_anonymous"), ("paid", "is_paid")):
        try:
            flags[path] = _yes_no(reader, v, name, default=False)
        except Unreadable as exc:
            flags[path], problems[path] = False, str(exc)
    is_preorder = kind == "preorder"
    normalized = NormalizedOrder(
        channel=Channel.PREORDER if is_preorder else Channel.WEBSITE,
        is_preorder=is_preorder, brand=brand, site_number=site_number,
        customer=Party(name=v.get("customer_name", ""), phone=v.get("customer_phone", ""),
                       email=v.get("customer_email", ""), language=reader.language),
        recipient=Party(name=v.get("recipient_name", ""), phone=v.get("recipient_phone", ""),
                        address=v.get("address", "")),
        items=tuple(items), delivery_date=v.get("delivery_date") or None,
        window=v.get("delivery_window") or None, card_message=v.get("card_message", ""),
        is_anonymous=flags["is_anonymous"],
        customer_comment=v.get("comment", ""), payment_method=payment,
        is_paid=flags["is_paid"], promo_code=v.get("promo_code", ""),
        currency=currencies.pop() if currencies else "AMD",
        delivery_fee=totals.get("delivery_fee"), discount=totals.get("discount"),
        total=totals.get("total"), placed_at=v.get("placed_at", ""),
        extra={"layout": reader.name, **({"payment_as_written": v["payment"]}
                                         if v.get("payment") and not payment else {}),
               **({"unread": _unread(problems, v, payment)} if problems else {})},
    )
    if problems:
        raise Unreadable("; ".join(problems.values()), partial=normalized)
    return normalized


# What the review form needs that the letter may simply not say: marked for the person too.
_EXPECTED = {"customer_phone": "customer.phone", "recipient_name": "recipient.name",
             "address": "recipient.address", "delivery_date": "delivery_date"}


def _unread(problems: dict[str, str], values: dict[str, str], payment: str) -> list[str]:
    """The paths a person must fill in or check: what could not be read, a payment word no
    label set knows, and what the letter did not say at all."""
    unread = list(problems)
    if values.get("payment") and not payment:
        unread.append("payment_method")
    unread += [path for label, path in _EXPECTED.items() if not values.get(label)]
    return unread


def _yes_no(reader: LabelReader, values: dict[str, str], name: str, *, default: bool) -> bool:
    written = values.get(name, "")
    if not written:
        return default
    word = lines.label_key(written)
    meaning = reader.values.get(word)
    if meaning in ("yes", "no"):
        return meaning == "yes"
    if word in _UNIVERSAL_YES:
        return True
    if word in _UNIVERSAL_NO:
        return False
    raise Unreadable(_("%(label)s: %(value)s is neither yes nor no")
                     % {"label": reader.labels.get(name, name), "value": written})
