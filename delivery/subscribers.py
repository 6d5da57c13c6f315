"""What delivery hears and plugs into lower floors (core.wiring installs both lists)."""

from django.utils.translation import gettext_lazy as _

from core import health
from core.events import on
from orders import actors, capacity, timeline
from orders.domain_events import OrderChanged, OrderStatusChanged

from .capacity import services as capacity_ledger
from .models import ControlItem, DeliveryAttempt, DeliveryPhoto
from .rollup import refresh_on_change, refresh_on_status_change
from .selectors import courier_names
from .tracking.selectors import carriers_health_section
from .tracking.services import SYSTEM as TRACKING

SUBSCRIPTIONS = [
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
