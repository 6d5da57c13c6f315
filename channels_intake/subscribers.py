"""What channels_intake hears and plugs into lower floors (core.wiring installs both lists)."""

from core import health, outbox
from core.events import on
from core.models import OutboxMessage
from orders.domain_events import OrderStatusChanged

from .selectors import sources_health_section
from .webhooks.services import webhook_send, webhook_status_changed

SUBSCRIPTIONS = [
    # Partners hear of their orders' moves: rows written with the change, sent by the outbox.
    on(OrderStatusChanged, webhook_status_changed, in_transaction=True),
]

HOOKS = [
    outbox.SENDERS.plug(OutboxMessage.Channel.WEBHOOK, webhook_send),
    health.SECTIONS.plug("sources", sources_health_section),
]
