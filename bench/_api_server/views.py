"""The baseline for bench/api.py: a bare DRF endpoint that inserts the same order row and
nothing else (no key, no idempotency, no raw message, no intake)."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.models import Order

FIELDS = ("brand_id", "channel", "customer_id", "partner_id", "partner_order_id",
          "recipient_name", "recipient_address", "delivery_date", "total", "currency")


class BareOrderInsert(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        order = Order.objects.create(**{name: request.data[name] for name in FIELDS})
        return Response({"id": order.pk}, status=201)
