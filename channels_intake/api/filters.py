from datetime import UTC

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.days import DayFilter
from orders.models import Order, Status


class NoBlankValues(forms.Form):
    """A filter sent empty (`updated_since=`) is a mistake to report, not a filter to skip; a
    NUL in a value is refused here rather than by the database."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            if name in self.data and any(not (value or "").strip() for value in values):
                self.add_error(name, _("Give a value or leave the parameter out."))
            elif any("\x00" in (value or "") for value in values):  # PostgreSQL refuses NUL
                self.add_error(name, _("Null characters are not allowed."))
        return cleaned


class PartnerOrderFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    delivery_date = DayFilter()
    delivery_date_from = DayFilter(field_name="delivery_date", lookup_expr="gte")
    delivery_date_to = DayFilter(field_name="delivery_date", lookup_expr="lte")
    partner_order_id = django_filters.CharFilter()
    updated_since = django_filters.IsoDateTimeFilter(method="filter_updated_since")

    class Meta:
        model = Order
        fields = ["status", "delivery_date", "partner_order_id"]
        form = NoBlankValues

    def filter_updated_since(self, orders, name, value):
        # PostgreSQL refuses odd UTC offsets (e.g. -23:26); compare in UTC.
        try:
            moment = value.astimezone(UTC)
        except (OverflowError, ValueError):
            return orders.none()
        return orders.filter(updated_at__gte=moment)
