"""The baseline for bench/api.py: a bare DRF endpoint that inserts the same order row and
nothing else (no key, no idempotency, no intake). Routed only when RG_BENCH_ENDPOINTS=1."""

from rest_framework import serializers
from rest_framework.generics import CreateAPIView
from rest_framework.permissions import AllowAny

from orders.models import Order


class BareOrderIn(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "brand", "channel", "customer", "partner", "partner_order_id",
                  "recipient_name", "recipient_address", "delivery_date", "total", "currency"]


class BareOrderInsert(CreateAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = BareOrderIn
