"""What notices hears and plugs into lower floors (core.wiring installs both lists). Every
notice is written into the outbox inside the publisher's transaction: it leaves only if the
change commits, and once (notices/handlers.py says what each one says)."""

from core.events import on
from delivery.domain_events import ControlResolved, ParcelHanded, ParcelMoved, ParcelWaitingLong
from orders import timeline
from orders.domain_events import CustomerNotReached, OrderChanged, OrderStatusChanged

from . import handlers
from .models import MessageKind

SUBSCRIPTIONS = [
    on(OrderStatusChanged, handlers.status_notice, in_transaction=True),
    on(CustomerNotReached, handlers.not_reached_notice, in_transaction=True),
    on(OrderChanged, handlers.change_notices, in_transaction=True),
    on(ParcelHanded, handlers.tracking_notice, in_transaction=True),
    on(ParcelMoved, handlers.parcel_notice, in_transaction=True),
    on(ParcelWaitingLong, handlers.parcel_reminder, in_transaction=True),
    on(ControlResolved, handlers.control_notice, in_transaction=True),
]

HOOKS = [
    # The timeline's "told" line names the message's kind in the reader's language.
    timeline.LABELS.plug("message", dict(MessageKind.choices)),
]
