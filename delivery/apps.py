from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from core import events, health
        from orders import actors, timeline
        from orders.domain_events import ORDER_CHANGED, ORDER_STATUS_CHANGED
        from orders.models import MessageKind
        from orders.services import notice_skip_register

        from .control.services import control_source_register
        from .domain_events import PARCEL_HANDED
        from .models import ControlItem, DeliveryAttempt, DeliveryPhoto
        from .rollup import refresh_on_change, refresh_on_status_change
        from .selectors import courier_names
        from .services import courier_change_notify, goes_as_parcel
        from .tracking.selectors import carriers_health_section, stalled_parcels
        from .tracking.services import SYSTEM as TRACKING
        from .tracking.services import parcel_handed_notify

        events.subscribe(ORDER_CHANGED, courier_change_notify, in_transaction=True)
        # The tracking number goes to the customer with the dispatch (outbox, same transaction).
        events.subscribe(PARCEL_HANDED, parcel_handed_notify, in_transaction=True)
        health.register("carriers", carriers_health_section)
        # A parcel's "on the way" is its tracking notice (with the number), not a second one.
        notice_skip_register(MessageKind.ON_THE_WAY, goes_as_parcel)
        # A parcel with no movement for TRACKING_STALLED_DAYS joins the next-morning control list.
        control_source_register(stalled_parcels, ControlItem.Reason.STALLED_PARCEL)

        # The dashboard's rollup follows every status and date change (after commit).
        events.subscribe(ORDER_STATUS_CHANGED, refresh_on_status_change)
        events.subscribe(ORDER_CHANGED, refresh_on_change)

        # The order timeline reads codes by label, in each reader's language: a delivery
        # attempt's outcome and failure reason, a photo's kind (a note {"photo": id, "kind"}),
        # a control item's resolution and contact.
        timeline.register_labels("outcome", DeliveryAttempt.Status.choices)
        timeline.register_labels("reason", DeliveryAttempt.FailureReason.choices)
        timeline.register_labels("photo", DeliveryPhoto.Kind.choices)
        timeline.register_labels("resolution", ControlItem.Resolution.choices)
        timeline.register_labels("contact", ControlItem.Contact.choices)
        # What delivery says on the timeline, and who "courier:<id>" and "tracking" are.
        timeline.register_phrase("sent_again", _("sent again"))
        timeline.register_phrase("control_reported", _("reported at the next-morning control"))
        timeline.register_phrase("control_sent_again", _("sent again at the next-morning control"))
        timeline.register_phrase("received_by", _("received by %(name)s"))
        actors.register_people("courier", courier_names)
        actors.register_system(TRACKING, _("Parcel tracking"))

        # Pillow refuses what is over its own bomb limit wherever it is used in the process;
        # photos (delivery/photo_image.py) check PHOTO_MAX_PIXELS from the header first.
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
