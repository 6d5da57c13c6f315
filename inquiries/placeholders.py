"""The placeholders of a reply ({customer_name}, {order_number}, {delivery_date},
{tracking_url}): what each stands for. The desk's one engine (core.placeholders) fills a reply,
or refuses it naming every unknown or empty one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.utils.translation import gettext as _

from core.placeholders import PlaceholdersRefused
from core.placeholders import placeholders_fill as fill
from delivery.models import DeliveryAttempt
from delivery.tracking.selectors import tracking_url
from orders.links import status_url

from .exceptions import InquiryError
from .models import Inquiry


def _order_number(inquiry: Inquiry) -> str:
    return inquiry.order.number if inquiry.order_id else ""


def _delivery_date(inquiry: Inquiry) -> str:
    date = inquiry.order.delivery_date if inquiry.order_id else None
    return f"{date:%d.%m.%Y}" if date else ""


def _customer_name(inquiry: Inquiry) -> str:
    return inquiry.name or (inquiry.customer.name if inquiry.customer_id else "")


def _tracking_url(inquiry: Inquiry) -> str:
    """Where the customer follows the order: the carrier's page of its parcel when there is
    one, else the order's status page (signed link); nothing without an order."""
    if not inquiry.order_id:
        return ""
    parcel = (DeliveryAttempt.objects.filter(order_id=inquiry.order_id)
              .exclude(tracking_number="").select_related("courier__carrier")
              .order_by("-started_at", "-id").first())
    return (parcel and tracking_url(parcel)) or status_url(inquiry.order_id)


PLACEHOLDERS: dict[str, Callable[[Inquiry], str]] = {
    "customer_name": _customer_name,
    "order_number": _order_number,
    "delivery_date": _delivery_date,
    "tracking_url": _tracking_url,
}


def placeholders_fill(*, inquiry: Inquiry, text: str) -> str:
    """The text with every {placeholder} filled; refused naming each unknown or empty one."""
    try:
        return fill(text, {name: partial(provider, inquiry)
                           for name, provider in PLACEHOLDERS.items()})
    except PlaceholdersRefused as refused:
        raise InquiryError(_("Not sent: %(problems)s.") % {"problems": refused.message}) from refused
