"""What delivery's services refuse, with the message the operator or the courier reads. Of
the orders family (`orders.exceptions.OrderError`): the order pages catch both together."""

from __future__ import annotations

from orders.exceptions import OrderError


class DeliveryError(OrderError):
    code = "delivery_error"


class ControlError(DeliveryError):
    """The next-morning control list's refusals (delivery.control)."""

    code = "control_error"


class PhotoRefused(OrderError):
    code = "photo_refused"


class PhotoBusy(PhotoRefused):
    """Every decoding slot of this process stayed taken for PHOTO_DECODE_WAIT_SECONDS: the
    file was not looked at, and is not the sender's fault."""

    code = "photo_busy"
