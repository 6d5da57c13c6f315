"""What delivery hears and plugs into lower floors (core.wiring installs both lists)."""

from django.utils.translation import gettext_lazy as _

from core import health
from core.events import on
from orders import actors, capacity, timeline
from orders.domain_events import OrderChanged, OrderStatusChanged
from orders.models import MessageKind
from orders.services import NOTICE_SKIPS

from .capacity import services as capacity_ledger
from .domain_events import ParcelHanded
from .models import ControlItem, DeliveryAttempt, DeliveryPhoto
from .rollup import refresh_on_change, refresh_on_status_change
from .selectors import courier_names
from .services import courier_change_notify, goes_as_parcel
from .tracking.selectors import carriers_health_section
from .tracking.services import SYSTEM as TRACKING
from .tracking.services import parcel_handed_notify

SUBSCRIPTIONS = [
    on(OrderChanged, courier_change_notify, in_transaction=True),
    # The tracking number goes to the customer with the dispatch (outbox, same transaction).
    on(ParcelHanded, parcel_handed_notify, in_transaction=True),
    # The dashboard's rollup follows every status and date change (after commit).
    on(OrderStatusChanged, refresh_on_status_change),
    on(OrderChanged, refresh_on_change),
]

HOOKS = [
    # The capacity ledger (issue 20): every path where an order takes a window asks it for a
    # place in the same transaction; cancelling or failing gives it back (orders/capacity.py).
    capacity.LEDGER.plug("reserve", capacity_ledger.reserve),
    capacity.LEDGER.plug("record", capacity_ledger.record),
    capacity.LEDGER.plug("give_back", capacity_ledger.give_back),
    health.SECTIONS.plug("carriers", carriers_health_section),
    # A parcel's "on the way" is its tracking notice (with the number), not a second one.
    NOTICE_SKIPS.plug(MessageKind.ON_THE_WAY, goes_as_parcel),
    # The order timeline reads codes by label, in each reader's language: a delivery attempt's
    # outcome and failure reason, a photo's kind (a note {"photo": id, "kind"}), a control
    # item's resolution and contact.
    timeline.LABELS.plug("outcome", dict(DeliveryAttempt.Status.choices)),
    timeline.LABELS.plug("reason", dict(DeliveryAttempt.FailureReason.choices)),
    timeline.LABELS.plug("photo", dict(DeliveryPhoto.Kind.choices)),
    timeline.LABELS.plug("resolution", dict(ControlItem.Resolution.choices)),
    timeline.LABELS.plug("contact", dict(ControlItem.Contact.choices)),
    # What delivery says on the timeline, and who "courier:<id>" and "tracking" are.
    timeline.PHRASES.plug("sent_again", timeline.sentence(_("sent again"))),
    timeline.PHRASES.plug("control_reported",
                          timeline.sentence(_("reported at the next-morning control"))),
    timeline.PHRASES.plug("control_sent_again",
                          timeline.sentence(_("sent again at the next-morning control"))),
    timeline.PHRASES.plug("received_by", timeline.sentence(_("received by %(name)s"))),
    actors.PEOPLE.plug("courier", courier_names),
    actors.SYSTEMS.plug(TRACKING, _("Parcel tracking")),
]
