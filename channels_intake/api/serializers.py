"""What partners send and read back. Input serializers only check shape and types; the
business rules (phones, prices, catalog, dates) stay in the intake door."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.models import Order, OrderEvent, OrderLine, PaymentMethod


class StrictSerializer(serializers.Serializer):
    """Reports fields it does not know instead of silently dropping them."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                exc.detail.update({name: [str(_("Unknown field."))] for name in unknown})
            raise
        if unknown:
            raise serializers.ValidationError({name: [str(_("Unknown field."))] for name in unknown})
        return value


class SenderIn(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, help_text=_("As people type it; Armenia by default."))
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class RecipientIn(StrictSerializer):
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=1000)


class DeliveryIn(StrictSerializer):
    date = serializers.DateField()
    window = serializers.RegexField(r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", required=False, allow_blank=True,
                                    default="", help_text=_("Yerevan time, like 12:00-15:00."))


class ItemIn(StrictSerializer):
    sku = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    quantity = serializers.IntegerField(min_value=1, max_value=10000)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0,
                                          required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs["sku"] and not (attrs["name"] and attrs["unit_price"] is not None):
            raise serializers.ValidationError(
                {"sku": [_("An item needs a SKU, or a name and a unit price.")]})
        return attrs


class PaymentIn(StrictSerializer):
    method = serializers.ChoiceField(choices=[m for m in PaymentMethod.values if m != "unknown"])
    paid = serializers.BooleanField(default=False)


class OrderIn(StrictSerializer):
    partner_order_id = serializers.CharField(max_length=80)
    sender = SenderIn()
    recipient = RecipientIn()
    delivery = DeliveryIn()
    card_message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    anonymous = serializers.BooleanField(default=False)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    items = ItemIn(many=True, allow_empty=False)
    currency = serializers.ChoiceField(choices=settings.CURRENCIES, default=settings.DEFAULT_CURRENCY)
    payment = PaymentIn(required=False)
    delivery_fee = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0,
                                            required=False, allow_null=True, default=None)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False,
                                     allow_null=True, default=None,
                                     help_text=_("As you charged it; checked against the lines."))


class OrderOut(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "number", "partner_order_id", "status", "delivery_date", "window_start",
                  "window_end", "recipient_name", "total", "currency", "is_paid", "created_at",
                  "updated_at"]
        read_only_fields = fields


def order_summary(order: Order) -> dict:
    """OrderOut(order).data without building a ModelSerializer (a few ms per request on the
    create path); a test keeps the two equal."""
    money = Decimal("0.01")
    return {
        "id": order.pk, "number": order.number, "partner_order_id": order.partner_order_id,
        "status": order.status, "delivery_date": _date(order.delivery_date),
        "window_start": _moment(order.window_start), "window_end": _moment(order.window_end),
        "recipient_name": order.recipient_name,
        "total": str(Decimal(order.total).quantize(money, ROUND_HALF_UP)),
        "currency": order.currency, "is_paid": order.is_paid,
        "created_at": _moment(order.created_at), "updated_at": _moment(order.updated_at),
    }


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _moment(value) -> str | None:
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class LineOut(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["sku", "name", "quantity", "unit_price"]
        read_only_fields = fields


class TimelineOut(serializers.ModelSerializer):
    """What a partner may see of the timeline: when and which status, no people, no notes."""

    at = serializers.DateTimeField(source="created_at")
    status = serializers.SerializerMethodField()
    previous_status = serializers.SerializerMethodField()

    class Meta:
        model = OrderEvent
        fields = ["at", "kind", "status", "previous_status"]
        read_only_fields = fields

    def get_status(self, event) -> str | None:
        return event.after.get("status")

    def get_previous_status(self, event) -> str | None:
        return event.before.get("status")


class OrderDetailOut(OrderOut):
    items = LineOut(source="lines", many=True, read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta(OrderOut.Meta):
        fields = [*OrderOut.Meta.fields, "items", "timeline"]
        read_only_fields = fields

    PUBLIC_EVENTS = {OrderEvent.Kind.CREATED, OrderEvent.Kind.STATUS_CHANGED,
                     OrderEvent.Kind.DELIVERY_ATTEMPT}

    @staticmethod
    def _public(order):
        return [event for event in order.events.all() if event.kind in OrderDetailOut.PUBLIC_EVENTS]

    @extend_schema_field(TimelineOut(many=True))
    def get_timeline(self, order):
        return TimelineOut(self._public(order), many=True).data


class CancelIn(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ErrorsOut(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text=_("Messages per field, by dotted path "
                                               "(recipient.phone, items[0].quantity)."))


class DetailOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


class WebhookEndpointIn(StrictSerializer):
    url = serializers.URLField(max_length=500)


class WebhookEndpointOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret = serializers.CharField(help_text=_("Shown once: sign-check every delivery with it."))
