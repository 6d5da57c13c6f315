"""Couriers' runs: many orders to one courier at once, and the signed link to a courier's own
page of stops for a day (no account to manage: the link is the key, and it expires)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import Order
from orders.rules import Action, allows

from .exceptions import DeliveryError
from .models import Assignment, Courier
from .services import courier_assign

COURIER_SALT = "courier"
# At most this many orders in one assignment (a day's board, selected at once).
MAX_ASSIGN_AT_ONCE = 300
# Couriers read Armenian unless their link says otherwise.
COURIER_LANGUAGE = "hy"


@transaction.atomic
def couriers_assign(*, order_ids: list[int], courier_id: int, actor=None) -> list[Assignment]:
    """Make one courier responsible for many orders at once: all of them or none. Refused, with
    the numbers of the orders whose courier cannot change now, when any of them cannot."""
    ids = sorted(set(order_ids))
    if not ids:
        raise DeliveryError(_("Choose the orders to assign."))
    if len(ids) > MAX_ASSIGN_AT_ONCE:
        raise DeliveryError(_("Assign at most %(n)s orders at once.") % {"n": MAX_ASSIGN_AT_ONCE})
    if not Courier.objects.filter(pk=courier_id, is_active=True).exists():
        raise DeliveryError(_("Choose an active courier."))
    # Locked in id order (as every service locks one), so two boards cannot deadlock.
    orders = list(Order.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    missing = set(ids) - {order.pk for order in orders}
    if missing:
        raise DeliveryError(_("Some of the chosen orders no longer exist."))
    refused = [order.number for order in orders if not allows(order.status, Action.COURIER)]
    if refused:
        raise DeliveryError(_("The courier of these orders cannot change now: %(numbers)s. "
                              "Nothing was assigned.") % {"numbers": ", ".join(refused)})
    return [courier_assign(order_id=order.pk, courier_id=courier_id, actor=actor)
            for order in orders]


@dataclass(frozen=True)
class CourierLink:
    courier_id: int
    day: date
    language: str


def courier_link_token(*, courier_id: int, day: date, language: str = "") -> str:
    """The key of a courier's own page for one day: signed, expiring after
    COURIER_LINK_MAX_AGE_HOURS; it carries the courier, the day and the page's language."""
    return signing.dumps({"c": courier_id, "d": day.isoformat(),
                          "l": language or COURIER_LANGUAGE},
                         salt=COURIER_SALT, compress=True)


def courier_link_read(token: str) -> CourierLink:
    """The courier and day a token opens. Raises signing.SignatureExpired for an old link and
    signing.BadSignature for anything tampered with or made up."""
    data = signing.loads(token, salt=COURIER_SALT,
                         max_age=settings.COURIER_LINK_MAX_AGE_HOURS * 3600)
    try:
        languages = {code for code, _name in settings.LANGUAGES}
        language = data.get("l") if data.get("l") in languages else COURIER_LANGUAGE
        return CourierLink(courier_id=int(data["c"]), day=date.fromisoformat(data["d"]),
                           language=language)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise signing.BadSignature("malformed courier link") from exc
