"""Domain errors of the orders app. Each carries a code; pages and the API show the message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

if TYPE_CHECKING:
    from .models import Order


class OrderError(ApplicationError):
    """The orders family: orders and delivery (`delivery.exceptions`), which the desk's order
    pages catch together."""

    code = "order_error"


class TransitionRefused(OrderError):
    code = "transition_refused"

    def __init__(self, *, order_number: str, current: str, wanted: str):
        super().__init__(
            _("Order %(number)s is %(current)s and cannot become %(wanted)s.")
            % {"number": order_number, "current": current, "wanted": wanted}
        )
        self.current, self.wanted = current, wanted


class StaleOrder(OrderError):
    """Someone else changed the order since this caller read it."""

    code = "stale_version"

    def __init__(self, *, order_number: str, expected: int, actual: int):
        super().__init__(
            _("Order %(number)s was changed by someone else meanwhile (version %(actual)s, "
              "you had %(expected)s). Reload it and apply your change again.")
            % {"number": order_number, "actual": actual, "expected": expected}
        )
        self.expected, self.actual = expected, actual


class IntakeInvalid(OrderError):
    """Every bad field at once, keyed by a dotted path (`recipient.phone`, `items[0].quantity`)."""

    code = "invalid"

    def __init__(self, errors: dict[str, list[tuple[str, str]]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {msg}" for field, items in errors.items()
                                   for _code, msg in items))


class PromoRefused(OrderError):
    code = "promo_refused"

    def __init__(self, message: str, *, code: str = "promo_refused"):
        super().__init__(message)
        self.code = code


class WindowRefused(OrderError):
    """A delivery window against its one rule (`orders.services.validation.window_check`)."""

    code = "window_refused"


class EditRefused(OrderError):
    """An edit, a line's change, a promo code or an add-on that the order's rules refuse
    (orders.services.editing)."""

    code = "edit_refused"

    def __init__(self, message: str, *, code: str = "edit_refused"):
        super().__init__(message)
        self.code = code


class LeadRefused(OrderError):
    code = "lead_refused"


class PartnerChangeRefused(OrderError):
    """A partner's change or cancellation of an order that has gone too far for it."""

    code = "too_late"

    def __init__(self, *, order: Order):
        super().__init__(_("Order %(number)s is already %(status)s; call the desk to change it.")
                         % {"number": order.number, "status": order.get_status_display()})
        self.status = order.status


class WindowFull(OrderError):
    """The delivery window has no place left (orders.capacity); `next_free` suggests others."""

    code = "window_full"

    def __init__(self, next_free=()):
        self.next_free = tuple(next_free)
        text = _("This delivery window is full.")
        if self.next_free:
            text += " " + _("Next free windows: %(windows)s.") % {
                "windows": ", ".join(str(window) for window in self.next_free)}
        super().__init__(text)
