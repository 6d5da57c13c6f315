"""The timeline as sentences in the reader's language: labels, not codes (issue 10, item 5).

Events store codes and plain values (`before`/`after`, and what the desk itself said as phrase
codes with their values, `said`); this turns each into one sentence when it is shown, so the
same event reads in Armenian, Russian or English, whoever wrote it (issue 17). Only what a
person typed (`message`) is shown as written. Codes that other apps write (a delivery attempt's
outcome and failure reason, their phrases) are labelled by those apps, plugging into LABELS
and PHRASES in their subscribers.py: orders imports none of them.
Who acted is said by orders.actors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Product
from core.hooks import Hook
from core.money import money_format

from .actors import actor_names
from .models import Channel, Order, OrderEvent, Status

Kind = OrderEvent.Kind

LABELS: Hook[dict[str, Any]] = Hook(
    "timeline labels", "a key of an event's before/after (delivery's 'outcome') -> {code: label}",
    initial={
        "status": dict(Status.choices),
        "channel": dict(Channel.choices),
        "team": {"florist": gettext_lazy("florist"), "warehouse": gettext_lazy("warehouse")},
    })

# What the edit services write beside the order's own fields.
_FIELD_LABELS = {
    "window": gettext_lazy("delivery window"),
    "line": gettext_lazy("line"),
    "upsell": gettext_lazy("add-on"),
    "price": gettext_lazy("price"),
    "total": gettext_lazy("total"),
    "attention": gettext_lazy("needs a person because"),
}
_TOLD = {"assembly": gettext_lazy("the florist or warehouse"),
         "customer": gettext_lazy("the customer")}
_MONEY_KEYS = {"price", "total", "discount", "delivery_fee", "subtotal"}
_LINE = re.compile(r"^\s*(\d+)\s*×\s*(.+?)\s*$")

# What the desk says (events.phrase codes): the sentence and how each value is shown: "product"
# (a SKU, named in the reader's language), "money", "date", "label:<key>" (a code labelled by
# LABELS[key]), "phrases" (a list of phrases, or a sentence kept from before), "words" (a list),
# "wanted" (what a partner asked for: "cancel" or [field, value] pairs). Orders' own are at the
# end of this module (PHRASES); other apps plug theirs in with `sentence`.
Phrase = tuple[Any, dict[str, str]]


def sentence(text: Any, **kinds: str) -> Phrase:
    """A phrase's value for PHRASES: lazy `text` with %(name)s values, each shown by its kind."""
    return (text, kinds)


def said_text(said: Any, names: dict[str, str], currency: str = "") -> str:
    """What the desk said (one phrase or a list of them) in the active language; "" for a
    code no app registers (an event from a removed feature)."""
    if isinstance(said, list):
        return " · ".join(filter(None, (said_text(one, names, currency) for one in said)))
    if not isinstance(said, dict) or said.get("code") not in PHRASES:
        return ""
    text, kinds = PHRASES[said["code"]]
    params = said.get("params") or {}
    values = {key: _said_value(kinds.get(key, ""), value, names, currency)
              for key, value in params.items()}
    try:
        return str(text) % values if values else str(text)
    except (KeyError, TypeError, ValueError):  # a value the sentence lost in a later version
        return str(text).split("%(")[0].rstrip(" :")


def _said_value(kind: str, value: Any, names: dict[str, str], currency: str) -> str:
    if kind == "phrases":
        if isinstance(value, list):  # inside a sentence: their own full stops go
            return "; ".join(filter(None, (said_text(one, names, currency).rstrip(".")
                                           for one in value)))
        return str(value)  # a sentence kept as it was written (a partner's late change)
    if kind == "words":
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if kind == "product":
        return names.get(str(value), str(value))
    if kind == "money":
        try:
            return money_format(value, currency)
        except ValueError:
            return str(value)
    if kind == "date":
        return _moment(str(value)) or str(value)
    if kind.startswith("label:"):
        return _label(kind.partition(":")[2], value)
    if kind == "wanted" and isinstance(value, list):  # "cancel" or [field, value] pairs
        return ", ".join(str(_("cancel it")) if item == "cancel" else field_value_text(*item)
                         for item in value if item == "cancel" or len(item) == 2)
    return str(value)


def _said_skus(said: Any) -> set[str]:
    """The SKUs a phrase names (its "product" values, in its nested phrases too)."""
    if isinstance(said, list):
        return set().union(*(_said_skus(one) for one in said)) if said else set()
    if not isinstance(said, dict) or said.get("code") not in PHRASES:
        return set()
    kinds, skus = PHRASES[said["code"]][1], set()
    for key, value in (said.get("params") or {}).items():
        if kinds.get(key) == "product":
            skus.add(str(value))
        elif kinds.get(key) == "phrases" and isinstance(value, list):
            skus |= _said_skus(value)
    return skus


def product_names(events: Iterable[OrderEvent]) -> dict[str, str]:
    """{SKU: name in the active language} for every SKU the events mention: one query."""
    skus = set()
    for event in events:
        skus |= _said_skus(event.said)
        for values in (event.before, event.after):
            for key, value in (values or {}).items():
                if key == "lines" and isinstance(value, dict):
                    skus.update(value)
                elif key in ("line", "upsell") and isinstance(value, str):
                    match = _LINE.match(value)
                    if match:
                        skus.add(match[2])
    if not skus:
        return {}
    return {product.sku: product.name for product in Product.objects.filter(sku__in=skus)}


def event_sentences(order: Order) -> list[tuple[OrderEvent, str, str]]:
    """Every event of the order with its sentence and who acted (one query for the product
    names, one per kind of system that names people, e.g. couriers)."""
    events = list(order.events.all())
    names = product_names(events)
    who = actor_names((event.actor, event.system) for event in events)
    return [(event, event_sentence(event, names=names), actor)
            for event, actor in zip(events, who, strict=True)]


def event_sentence(event: OrderEvent, *, names: dict[str, str] | None = None) -> str:
    """One event as a sentence in the active language."""
    if names is None:
        names = product_names([event])
    before, after = event.before or {}, event.after or {}
    currency = event.order.currency if event.order_id else ""
    # What the desk said (in this reader's language), then what a person wrote (as written).
    kind = event.kind
    note = _join(said_text(event.said, names, currency), (event.message or "").strip())

    if kind == Kind.CREATED:
        text = _("Order received via %(channel)s.") % {
            "channel": _label("channel", event.channel or event.order.channel)}
        return _join(text, note)
    if kind == Kind.STATUS_CHANGED:
        text = _("Status changed from “%(was)s” to “%(now)s”.") % {
            "was": _label("status", before.get("status")), "now": _label("status", after.get("status"))}
        return _join(text, note)
    if kind == Kind.EDITED:
        return _join(_edited(before, after, names, currency), note)
    if kind == Kind.PROMO_APPLIED:
        return _("Promo code %(code)s applied: %(discount)s off.") % {
            "code": after.get("promo_code") or note,
            "discount": money_format(after.get("discount") or 0, currency)}
    if kind == Kind.LEAD_CONVERTED:
        return _("This order completed pre-order no. %(lead)s.") % {"lead": after.get("lead", "")}
    if kind in (Kind.STOCK_RESERVED, Kind.STOCK_RELEASED):
        lines = ", ".join(_line(f"{qty} × {sku}", names) for sku, qty in
                          (after.get("lines") or {}).items())
        if kind == Kind.STOCK_RESERVED:
            return _("Stock reserved: %(lines)s.") % {"lines": lines}
        return _("Stock released: %(lines)s.") % {"lines": lines}
    if kind == Kind.COURIER_ASSIGNED:
        if before.get("courier"):
            return _("Courier %(courier)s assigned instead of %(previous)s.") % {
                "courier": after.get("courier", note), "previous": before["courier"]}
        return _("Courier %(courier)s assigned.") % {"courier": after.get("courier", note)}
    if kind == Kind.DELIVERY_ATTEMPT:
        text = _("Delivery: %(outcome)s.") % {"outcome": _label("outcome", after.get("outcome"))}
        if after.get("reason"):
            text = _join(text, _("Reason: %(reason)s.") % {
                "reason": _label("reason", after["reason"])})
        return _join(text, note)
    if kind == Kind.MESSAGE_SENT:
        return _("E-mail “%(kind)s” sent to %(to)s.") % {
            "kind": _label("message", after.get("message")), "to": note}
    if kind == Kind.NOTE and after.get("photo"):  # delivery.photos.photo_attach
        return _join(_("Photo attached: %(kind)s.") % {"kind": _label("photo", after.get("kind"))},
                     note)
    if kind == Kind.NOTE and after.get("control"):
        # A next-morning control item resolved (delivery.control; its labels registered there).
        return _join(_("Next-morning control: %(resolution)s; customer %(contact)s.") % {
            "resolution": _label("resolution", after.get("resolution")),
            "contact": _label("contact", after.get("contact"))}, note)
    return note or str(event.get_kind_display())


def _edited(before: dict, after: dict, names: dict[str, str], currency: str) -> str:
    if "upsell" in after:
        text = _("Add-on sold: %(line)s.") % {"line": _line(after["upsell"], names)}
        if after.get("total"):
            text = _join(text, _("New total: %(total)s.") % {
                "total": money_format(after["total"], currency)})
        return text
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key == "told":
            continue
        old, new = before.get(key), after.get(key)
        label = _field_label(key)
        shown_old = _value(key, old, names, currency)
        shown_new = _value(key, new, names, currency)
        if key not in before:
            changes.append(_("%(field)s: %(new)s") % {"field": label, "new": shown_new})
        elif key not in after:
            changes.append(_("%(field)s: %(old)s removed") % {"field": label, "old": shown_old})
        else:
            changes.append(_("%(field)s: %(old)s → %(new)s") % {
                "field": label, "old": shown_old, "new": shown_new})
    text = _("Changed %(changes)s.") % {"changes": "; ".join(changes)} if changes else ""
    told = after.get("told") or []
    if told:
        text = _join(text, _("Told: %(whom)s.") % {"whom": ", ".join(_told(who) for who in told)})
    return text or _("Edited.")


def field_value_text(key: str, value: Any, currency: str = "") -> str:
    """"delivery date 24.11.2026": one changed field and its value, as words."""
    return f"{_field_label(key)} {_value(key, value, {}, currency)}"


def _told(who: str) -> str:
    if who.startswith("courier:"):
        return _("courier %(name)s") % {"name": who.split(":", 1)[1]}
    return str(_TOLD.get(who, who))


def _field_label(key: str) -> str:
    if key in _FIELD_LABELS:
        return str(_FIELD_LABELS[key])
    try:
        return str(Order._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:  # a key from an older event: show it as words, not as a code
        return key.replace("_", " ")


def _value(key: str, value: Any, names: dict[str, str], currency: str) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in LABELS:
        return _label(key, value)
    if key in _MONEY_KEYS:
        try:
            return money_format(value, currency)
        except ValueError:
            return str(value)
    if key in ("line", "upsell"):
        return _line(str(value), names)
    if isinstance(value, str):
        moment = _moment(value)
        if moment is not None:
            return moment
    return str(value)


def _moment(text: str) -> str | None:
    """An ISO date or instant (as the edit services store them) as the desk writes it."""
    if len(text) == 10:
        try:
            return dateformat.format(date.fromisoformat(text), "d.m.Y")
        except ValueError:
            return None
    if "T" in text:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return dateformat.format(moment, "d.m.Y H:i")
    return None


def _line(text: str, names: dict[str, str]) -> str:
    """ "2 × FB-ROSE-25" as "2 × 25 red roses"."""
    match = _LINE.match(text or "")
    if not match:
        return str(_("removed")) if text == "removed" else text
    quantity, what = match[1], match[2]
    return f"{quantity} × {names.get(what, what)}"


def _label(key: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    label = (LABELS.get(key) or {}).get(value)
    return str(label) if label is not None else str(value).replace("_", " ")


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


# What orders itself says (events.phrase); delivery registers its own in its AppConfig.
PHRASES: Hook[Phrase] = Hook(
    "timeline phrases", "a phrase code (events.phrase) -> sentence(text, **kinds)",
    initial={code: sentence(text, **kinds) for code, text, kinds in [
    ("called_no_answer", gettext_lazy("Called, no answer."), {}),
    ("called_again_no_answer", gettext_lazy("Called again, no answer."), {}),
    ("addon_accepted", gettext_lazy("Add-on accepted: %(name)s"), {"name": "product"}),
    ("swapped", gettext_lazy("Swapped for an alternative."), {}),
    ("handled", gettext_lazy("handled by a person"), {}),
    ("handed_to", gettext_lazy("Handed to the %(team)s."), {"team": "label:team"}),
    ("partner_cancelled", gettext_lazy("cancelled by the partner"), {}),
    ("partner_changed", gettext_lazy("changed by the partner"), {}),
    ("needs_person", gettext_lazy("Needs a person: %(why)s."), {"why": "phrases"}),
    ("total_mismatch", gettext_lazy("the stated total %(stated)s differs from the lines, which "
                                    "add up to %(computed)s"),
     {"stated": "money", "computed": "money"}),
    ("not_in_catalog", gettext_lazy("not in the catalog: %(items)s"), {"items": "words"}),
    ("prices_differ", gettext_lazy("prices differ from the catalog: %(items)s"),
     {"items": "phrases"}),
    ("price_off_catalog", gettext_lazy("%(name)s at %(stated)s (catalog %(catalog)s)"),
     {"name": "product", "stated": "money", "catalog": "money"}),
    ("date_passed", gettext_lazy("the delivery date %(date)s has already passed"),
     {"date": "date"}),
    ("promo_unknown", gettext_lazy("promo code %(code)s is not known"), {}),
    ("window_full", gettext_lazy("the delivery window was full (next free: %(windows)s)"),
     {"windows": "words"}),
    ("window_closed", gettext_lazy("the delivery window had closed for new orders"), {}),
    ("partner_asked", gettext_lazy("The partner asked to %(what)s after the order was "
                                   "%(status)s."), {"what": "wanted", "status": "label:status"}),
    ]})
