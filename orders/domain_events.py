"""The domain events orders publishes (core.events), with their data: plain values only.

Higher floors subscribe in their AppConfig.ready; orders never imports them.

- `order.status_changed`: order_id, version, number, partner_id, partner_order_id, status,
  previous_status. channels_intake writes partner webhooks from it (in the transaction).
- `order.changed`: an operator changed what the order's parties rely on (date, window,
  address, lines). order_id, version, event (the outbox event key of this change), before,
  after. delivery queues the assigned courier's notice from it (in the transaction).
- `customer.question`: a customer asked about their order (from the status page). order_id,
  text, language. inquiries opens an order question from it (in the transaction).
- `customer.feedback_low`: a customer rated a delivered order 1 or 2. order_id, rating,
  comment, language. inquiries opens an inquiry for a call back (in the transaction).
"""

from __future__ import annotations

from typing import Any

from core import events

from .models import Order

ORDER_STATUS_CHANGED = "order.status_changed"
ORDER_CHANGED = "order.changed"
CUSTOMER_QUESTION = "customer.question"
FEEDBACK_LOW = "customer.feedback_low"


def status_changed(order: Order, *, was: str) -> None:
    events.publish(ORDER_STATUS_CHANGED, order_id=order.pk, version=order.version,
                   number=order.number, partner_id=order.partner_id,
                   partner_order_id=order.partner_order_id, status=order.status,
                   previous_status=was)


def changed(order: Order, *, event: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    events.publish(ORDER_CHANGED, order_id=order.pk, version=order.version, event=event,
                   before=before, after=after)
