"""What the status page shows: only what the customer gave or needs, never internal notes,
operators, couriers' phones or partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from delivery.models import DeliveryAttempt, DeliveryPhoto
from delivery.photos import customer_photos, photo_url
from delivery.tracking.selectors import tracking_url
from orders.models import Channel, Order, OrderEvent, OrderLine, Status

from .models import Feedback

StrOrPromise = str | Promise

# The customer's steps, in order, and the status that reaches each.
STEPS = (
    ("received", _("Received"), (Status.NEW, Status.AWAITING_CUSTOMER)),
    ("confirmed", _("Confirmed"), (Status.CONFIRMED,)),
    ("prepared", _("Being prepared"), (Status.ASSEMBLING,)),
    ("on_the_way", _("On the way"), (Status.OUT_FOR_DELIVERY,)),
    ("delivered", _("Delivered"), (Status.DELIVERED,)),
)
_RANK = {status: rank for rank, (_key, _label, statuses) in enumerate(STEPS)
         for status in statuses}
_RANK[Status.FAILED] = _RANK[Status.OUT_FOR_DELIVERY]


@dataclass(frozen=True)
class Step:
    key: str
    label: StrOrPromise  # lazy: said in the language the page is rendered in
    done: bool
    current: bool
    at: datetime | None


@dataclass(frozen=True)
class StatusPage:
    order: Order
    steps: list[Step]
    problem: StrOrPromise  # what went wrong, in the customer's words ("" when nothing)
    tracking_number: str
    carrier: str
    tracking_url: str  # the carrier's page for this parcel ("" when it has none)
    photos: list[tuple[str, StrOrPromise]]  # (signed link, what it shows): bouquet, at the door
    # The order's lines (with their products): the page names each in its own language, which
    # is chosen after this is read (the customer's, or the one they picked).
    lines: list[OrderLine]
    feedback: Feedback | None
    language: str  # the customer's


def status_page(*, order_id: int) -> StatusPage | None:
    """Everything the page shows, in a fixed number of queries (7)."""
    order = Order.objects.select_related("brand", "customer").filter(pk=order_id).first()
    if order is None:
        return None
    reached: dict[str, datetime] = {}
    for after, at in (OrderEvent.objects.filter(order_id=order_id,
                                                kind=OrderEvent.Kind.STATUS_CHANGED)
                      .order_by("created_at", "id").values_list("after", "created_at")):
        status = (after or {}).get("status")
        if status in _RANK:
            reached[STEPS[_RANK[status]][0]] = at
    reached.setdefault("received", order.created_at)
    keys = [key for key, _label, _statuses in STEPS]
    rank = (_RANK[order.status] if order.status in _RANK
            else max(keys.index(key) for key in reached))  # cancelled: as far as it got
    stopped = order.status in (Status.FAILED, Status.CANCELLED)
    steps = [Step(key=key, label=label, done=index <= rank,
                  current=index == rank and not stopped,
                  at=reached.get(key) if index <= rank else None)
             for index, (key, label, _statuses) in enumerate(STEPS)]
    problem = ""
    if order.status == Status.FAILED:
        problem = _("We could not deliver your order. We will call you to arrange a new "
                    "delivery.")
    elif order.status == Status.CANCELLED:
        problem = _("This order was cancelled.")
    last = (DeliveryAttempt.objects.filter(order_id=order_id).exclude(tracking_number="")
            .select_related("courier__carrier").order_by("-started_at", "-id").first())
    lines = list(order.lines.select_related("product").order_by("id"))
    feedback = Feedback.objects.filter(order_id=order_id).first()
    return StatusPage(order=order, steps=steps, problem=problem,
                      tracking_number=last.tracking_number if last else "",
                      carrier=_carrier_name(last) if last else "",
                      tracking_url=tracking_url(last) if last else "",
                      photos=[(photo_url(photo), DeliveryPhoto.Kind(photo.kind).label)
                              for photo in customer_photos(order)],
                      lines=lines, feedback=feedback,
                      language=order.customer.language)


def _carrier_name(attempt: DeliveryAttempt) -> str:
    courier = attempt.courier
    return courier.carrier.name if courier.carrier_id else (courier.company or courier.name)


# --- feedback (the managers' page) ---
@dataclass(frozen=True)
class RatingRow:
    label: str
    sent: int
    answered: int
    average: float | None
    low: int  # ratings of 1 or 2

    @property
    def response_rate(self) -> float | None:
        """Requests answered ÷ sent, in percent: an unanswered request is not a happy one."""
        return round(100 * self.answered / self.sent, 1) if self.sent else None


def _requested(since, until):
    return Feedback.objects.filter(requested_at__gte=since, requested_at__lt=until,
                                   sent=True).order_by()


def _figures() -> dict:
    return {"sent": Count("pk"), "answered": Count("pk", filter=Q(answered_at__isnull=False)),
            "average": Avg("rating"), "low": Count("pk", filter=Q(rating__lte=2))}


def _rating_row(label: str, row: dict) -> RatingRow:
    average = row["average"]
    return RatingRow(label=label, sent=row["sent"], answered=row["answered"],
                     average=round(average, 2) if average is not None else None, low=row["low"])


def feedback_ratings(*, since, until) -> dict[str, list[RatingRow]]:
    """Ratings of requests sent in [since, until) per brand, channel and courier, and the
    total: four aggregate queries, whatever the number of rows."""
    def rows(group: str, name: str | None, label) -> list[RatingRow]:
        fields = [group] + ([name] if name else [])
        return [_rating_row(label(row), row) for row in _requested(since, until)
                .values(*fields).annotate(**_figures()).order_by(*fields)]

    channels = dict(Channel.choices)
    return {
        "brand": rows("brand_id", "brand__name", lambda row: row["brand__name"]),
        "channel": rows("channel", None, lambda row: str(channels.get(row["channel"],
                                                                      row["channel"]))),
        "courier": rows("courier_id", "courier__name",
                        lambda row: row["courier__name"] or "—"),
        "total": [feedback_total(since=since, until=until)],
    }


def feedback_total(*, since, until) -> RatingRow:
    """All the requests sent in [since, until), in one query: the managers' dashboard shows
    this line, the feedback page its detail."""
    return _rating_row("", _requested(since, until).aggregate(**_figures()))
