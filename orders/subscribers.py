"""What orders hears (see core.events; core.wiring installs this list)."""

from core.domain_events import OutboxSent
from core.events import on

from .services.messages import message_sent_note

SUBSCRIPTIONS = [
    # A message about an order has left (core/outbox.py): its timeline says who was told.
    on(OutboxSent, message_sent_note),
]
