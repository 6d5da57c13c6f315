"""One small function per kind of timeline event. Services call these; nothing else writes events."""

from __future__ import annotations

from typing import Any

from .models import Order, OrderEvent

Kind = OrderEvent.Kind


def phrase(code: str, **params: Any) -> dict[str, Any]:
    """A sentence the desk says on the timeline, kept as its code and values: orders.timeline
    says it in the reader's language (its labels under "said"). A value may be a list of
    phrases (the reasons an order needs a person) or of plain words."""
    return {"code": code, "params": params}


def _write(*, order: Order, kind: str, actor=None, system: str = "", channel: str = "",
           message: str = "", said: dict | list | None = None, before: dict | None = None,
           after: dict | None = None) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, kind=kind, actor=actor if actor and actor.pk else None, system=system,
        channel=channel, message=message, said=said or {}, before=before or {}, after=after or {},
    )


def created(*, order: Order, actor=None, system: str = "", said: dict | None = None) -> OrderEvent:
    return _write(order=order, kind=Kind.CREATED, actor=actor, system=system,
                  channel=order.channel, said=said, after={"status": order.status})


def status_changed(*, order: Order, was: str, actor=None, system: str = "",
                   note: str = "", said: dict | None = None) -> OrderEvent:
    return _write(order=order, kind=Kind.STATUS_CHANGED, actor=actor, system=system,
                  message=note, said=said, before={"status": was}, after={"status": order.status})


def edited(*, order: Order, before: dict[str, Any], after: dict[str, Any], actor=None,
           system: str = "", note: str = "", said: dict | None = None) -> OrderEvent:
    return _write(order=order, kind=Kind.EDITED, actor=actor, system=system, message=note,
                  said=said, before=before, after=after)


def lead_converted(*, order: Order, lead_id: int, system: str = "", actor=None) -> OrderEvent:
    return _write(order=order, kind=Kind.LEAD_CONVERTED, actor=actor, system=system,
                  after={"lead": lead_id})


def promo_applied(*, order: Order, code: str, discount: str, actor=None) -> OrderEvent:
    return _write(order=order, kind=Kind.PROMO_APPLIED, actor=actor, message=code,
                  after={"promo_code": code, "discount": discount})


def stock_changed(*, order: Order, reserved: bool, lines: dict[str, int], actor=None,
                  system: str = "") -> OrderEvent:
    kind = Kind.STOCK_RESERVED if reserved else Kind.STOCK_RELEASED
    return _write(order=order, kind=kind, actor=actor, system=system, after={"lines": lines})


def courier_assigned(*, order: Order, courier: str, previous: str = "", actor=None) -> OrderEvent:
    return _write(order=order, kind=Kind.COURIER_ASSIGNED, actor=actor, message=courier,
                  before={"courier": previous} if previous else {}, after={"courier": courier})


def delivery_attempt(*, order: Order, outcome: str, detail: str = "", reason: str = "",
                     actor=None, system: str = "", said: dict | list | None = None) -> OrderEvent:
    """`outcome` and `reason` are delivery's codes (labelled by orders.timeline); `said`, one
    phrase or several."""
    after = {"outcome": outcome} | ({"reason": reason} if reason else {})
    return _write(order=order, kind=Kind.DELIVERY_ATTEMPT, actor=actor, system=system,
                  message=detail, said=said, after=after)


def message_sent(*, order: Order, kind: str, to: str) -> OrderEvent:
    return _write(order=order, kind=Kind.MESSAGE_SENT, system="mailer", message=to,
                  after={"message": kind})


def note(*, order: Order, message: str = "", actor=None, system: str = "",
         said: dict | None = None, after: dict | None = None) -> OrderEvent:
    return _write(order=order, kind=Kind.NOTE, actor=actor, system=system, message=message,
                  said=said, after=after)
