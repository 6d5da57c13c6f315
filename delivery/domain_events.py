"""The domain events delivery publishes (core.events), with their data: plain values only.

Higher floors (customers: the notices and the status page) subscribe in their AppConfig.ready.

- `delivery.parcel_handed`: an order went to the post or a third-party service with a tracking
  number. order_id, tracking_number, carrier (its name), tracking_url ("" when unknown).
- `delivery.parcel_moved`: a parcel's carrier status changed. order_id, tracking_number,
  status (the carrier's words), location, waiting (True when it waits at a post office).
- `delivery.control_resolved`: a next-morning control item was resolved. order_id, resolution,
  contact (how the customer was contacted), note (what the operator says to the customer).
"""

from __future__ import annotations

PARCEL_HANDED = "delivery.parcel_handed"
PARCEL_MOVED = "delivery.parcel_moved"
CONTROL_RESOLVED = "delivery.control_resolved"
