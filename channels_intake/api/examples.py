"""Examples shown in the OpenAPI docs (docs/intake-formats.md section 5)."""

from drf_spectacular.utils import OpenApiExample

# The order of docs/intake-formats.md section 5: the docs' example, and the body tests and bench/api.py send.
ORDER_BODY = {
    "partner_order_id": "P-1001",
    "sender": {"name": "Karen Avagyan", "phone": "+37491000001", "email": "karen@example.am"},
    "recipient": {"name": "Nare Avagyan", "phone": "094 00 00 02",
                  "address": "Yerevan, Baghramyan 3"},
    "delivery": {"date": "2026-12-24", "window": "12:00-15:00"},
    "card_message": "Love you", "anonymous": False,
    "items": [{"sku": "FB-ROSE-25", "quantity": 1},
              {"name": "Candle set", "quantity": 1, "unit_price": "1500.00"}],
    "currency": "AMD",
    "payment": {"method": "card", "paid": True},
}
ORDER_IN = OpenApiExample("An order", request_only=True, value=ORDER_BODY)
ORDER_OUT = OpenApiExample("Taken", response_only=True, status_codes=["201", "200"], value={
    "id": 42, "number": "RG-000042", "partner_order_id": "P-1001", "status": "new",
    "delivery_date": "2026-12-24", "window_start": "2026-12-24T12:00:00+04:00",
    "window_end": "2026-12-24T15:00:00+04:00", "recipient_name": "Nare Avagyan",
    "total": "20000.00", "currency": "AMD", "is_paid": True,
    "created_at": "2026-12-01T09:00:00+04:00", "updated_at": "2026-12-01T09:00:00+04:00",
})
ERRORS_OUT = OpenApiExample("Bad fields", response_only=True, status_codes=["400"], value={
    "errors": {"recipient.phone": ["12 is not a phone number."],
               "delivery.date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
               "items[0].quantity": ["Ensure this value is greater than or equal to 1."]},
})

WINDOW_FULL = OpenApiExample("Window full", response_only=True, status_codes=["409"], value={
    "errors": {"delivery.window": ["This delivery window is full."]},
    "code": "window_full",
    "next_free": [{"date": "2027-03-08", "window": "14:00-18:00", "places_left": 3},
                  {"date": "2027-03-09", "window": "10:00-14:00", "places_left": 12}],
})
