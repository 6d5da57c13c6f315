"""What partners send and read back. Input serializers only check shape and types; the
business rules (phones, prices, catalog, dates) stay in the intake door."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.models import Order, OrderEvent, OrderLine, PaymentMethod, Status
from orders.services import intake_limits

LIMITS = intake_limits()  # the intake door's bounds, shown in the schema (the door checks them)
_WHOLE_DIGITS = len(str(int(LIMITS.max_total)))
MONEY_PATTERN = rf"^\d{{1,{_WHOLE_DIGITS}}}(\.\d{{1,2}})?$"


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


class _JSONType:
    """Takes only the JSON type the schema names: no "true" for true, no 5 for "5"."""

    json_types: tuple[type, ...] = (str,)

    def to_internal_value(self, data):
        if isinstance(data, bool) != (bool in self.json_types) or not isinstance(data, self.json_types):
            raise serializers.ValidationError(
                _("Expected %(type)s.") % {"type": self.json_type_name}, code="invalid")
        return super().to_internal_value(data)

    json_type_name = "a string"


class Text(_JSONType, serializers.CharField):
    pass


class Email(_JSONType, serializers.EmailField):
    pass


class Window(_JSONType, serializers.RegexField):
    pass


class Day(_JSONType, serializers.DateField):
    pass


class Choice(_JSONType, serializers.ChoiceField):
    pass


class Flag(_JSONType, serializers.BooleanField):
    json_types = (bool,)
    json_type_name = "true or false"


class Count(_JSONType, serializers.IntegerField):
    json_types = (int,)
    json_type_name = "a whole number"


@extend_schema_field({"type": "string", "pattern": MONEY_PATTERN, "example": "1500.00",
                      "description": "An amount as a string, at most two decimals."})
class Money(_JSONType, serializers.DecimalField):
    """An amount as a string ("1500.00"), as docs/intake-formats.md and the schema say; never a float."""

    json_type_name = 'an amount as a string, like "1500.00"'

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", LIMITS.max_amount)
        super().__init__(max_digits=_WHOLE_DIGITS + 2, decimal_places=2,
                         min_value=0, **kwargs)

    def run_validation(self, data=serializers.empty):
        if data == "":  # DRF would take "" as null; the schema says an amount or null
            self.to_internal_value(data)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and not re.fullmatch(MONEY_PATTERN, data):
            raise serializers.ValidationError(
                _('Write amounts like "1500.00": digits, at most two decimals.'), code="invalid")
        return super().to_internal_value(data)


class SenderIn(StrictSerializer):
    name = Text(max_length=LIMITS.customer_name, required=False, allow_blank=True, default="")
    phone = Text(max_length=LIMITS.phone, help_text=_("As people type it; Armenia by default."))
    email = Email(max_length=LIMITS.email, required=False, allow_blank=True, default="")


class RecipientIn(StrictSerializer):
    name = Text(max_length=LIMITS.recipient_name)
    phone = Text(max_length=LIMITS.phone, required=False, allow_blank=True, default="")
    address = Text(max_length=LIMITS.max_address)


class DeliveryIn(StrictSerializer):
    date = Day(help_text=_("Yerevan date, at most a year before or after today."))
    window = Window(r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", required=False, allow_blank=True, default="",
                    max_length=11, help_text=_("Yerevan time, like 12:00-15:00."))


class ItemIn(StrictSerializer):
    sku = Text(max_length=LIMITS.sku, required=False, allow_blank=True, default="")
    name = Text(max_length=LIMITS.item_name, required=False, allow_blank=True, default="")
    quantity = Count(min_value=1, max_value=LIMITS.max_quantity)
    unit_price = Money(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs["sku"] and not (attrs["name"] and attrs["unit_price"] is not None):
            raise serializers.ValidationError(
                {"sku": [_("An item needs a SKU, or a name and a unit price.")]})
        return attrs


class PaymentIn(StrictSerializer):
    method = Choice(choices=[m for m in PaymentMethod.values if m != "unknown"])
    paid = Flag(default=False)


class OrderIn(StrictSerializer):
    partner_order_id = Text(max_length=LIMITS.partner_order_id)
    sender = SenderIn()
    recipient = RecipientIn()
    delivery = DeliveryIn()
    card_message = Text(max_length=LIMITS.max_text, required=False, allow_blank=True, default="")
    anonymous = Flag(default=False)
    comment = Text(max_length=LIMITS.max_text, required=False, allow_blank=True, default="")
    # DRF refuses a longer list before reading any item. (drf-spectacular shows no maxItems
    # for a nested list serializer, so the description says it.)
    items = ItemIn(many=True, allow_empty=False, max_length=LIMITS.max_items,
                   help_text=_("At most %(most)d items.") % {"most": LIMITS.max_items})
    currency = Choice(choices=settings.CURRENCIES, default=settings.DEFAULT_CURRENCY)
    payment = PaymentIn(required=False)
    delivery_fee = Money(required=False, allow_null=True, default=None)
    total = Money(required=False, allow_null=True, default=None, max_value=LIMITS.max_total,
                  help_text=_("As you charged it; checked against the lines."))


def _column(name: str, field: type[serializers.Field], **options) -> serializers.Field:
    """A read-only field showing the Order column `name`, labelled as the model labels it."""
    return field(read_only=True, label=capfirst(Order._meta.get_field(name).verbose_name),
                 **options)


# An order as its partner reads it. Its fields are declared, not a ModelSerializer's: that one
# builds them from the model again for every order it writes (half a millisecond of every
# create's answer); the schema is the same. (A comment: a docstring would be the
# schema's description.)
class OrderOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    partner_order_id = _column("partner_order_id", serializers.CharField)
    status = _column("status", serializers.ChoiceField, choices=Status.choices)
    delivery_date = _column("delivery_date", serializers.DateField)
    window_start = _column("window_start", serializers.DateTimeField, allow_null=True)
    window_end = _column("window_end", serializers.DateTimeField, allow_null=True)
    recipient_name = _column("recipient_name", serializers.CharField)
    total = _column("total", serializers.DecimalField, max_digits=Order._meta.get_field(
        "total").max_digits, decimal_places=Order._meta.get_field("total").decimal_places)
    currency = _column("currency", serializers.ChoiceField,
                       choices=Order._meta.get_field("currency").choices)
    is_paid = _column("is_paid", serializers.BooleanField)
    created_at = _column("created_at", serializers.DateTimeField)
    updated_at = _column("updated_at", serializers.DateTimeField)


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

    PUBLIC_EVENTS = {OrderEvent.Kind.CREATED, OrderEvent.Kind.STATUS_CHANGED,
                     OrderEvent.Kind.DELIVERY_ATTEMPT}

    @staticmethod
    def _public(order):
        return [event for event in order.events.all() if event.kind in OrderDetailOut.PUBLIC_EVENTS]

    @extend_schema_field(TimelineOut(many=True))
    def get_timeline(self, order):
        return TimelineOut(self._public(order), many=True).data


class CancelIn(StrictSerializer):
    reason = Text(max_length=500, required=False, allow_blank=True, default="")


class ErrorsOut(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text=_("Messages per field, by dotted path "
                                               "(recipient.phone, items[0].quantity)."))


class FreeWindowOut(serializers.Serializer):
    date = serializers.DateField()
    window = serializers.CharField(help_text=_("HH:MM-HH:MM, Asia/Yerevan."))
    places_left = serializers.IntegerField()


class WindowFullOut(serializers.Serializer):
    """409 when the delivery window has no place left: nothing was stored."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text=_("Names the field: delivery.window."))
    code = serializers.CharField(help_text=_('Always "window_full".'))
    next_free = FreeWindowOut(many=True, help_text=_(
        "The next windows with places left in the same zone, earliest first."))


class DetailOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


class URL(_JSONType, serializers.URLField):
    pass


class WebhookEndpointIn(StrictSerializer):
    url = URL(max_length=500)


class WebhookEndpointOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret = serializers.CharField(help_text=_("Shown once: sign-check every delivery with it."))
