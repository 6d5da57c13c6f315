"""What the customer does from the status page (ask, rate) and the feedback request."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import events
from core.ratelimit import rate_limit_hit
from delivery.models import DeliveryAttempt
from notices.models import MessageKind
from notices.services import customer_message_queue
from orders.domain_events import CustomerQuestion, FeedbackLow
from orders.models import Order, Status

from .exceptions import FeedbackRefused, QuestionsTooMany
from .models import Feedback

QUESTION_MAX = 1000
COMMENT_MAX = 2000
# Deliveries older than this never get a late request (a first deploy, a stopped beat).
FEEDBACK_LATEST = timedelta(days=7)
YEREVAN = ZoneInfo("Asia/Yerevan")  # the customers' day, whatever the server's zone


@transaction.atomic
def customer_question_ask(*, order_id: int, text: str, language: str) -> None:
    """The customer's question about their order, for the inquiries desk (which subscribes
    to orders.domain_events.CustomerQuestion and opens an order question). At most
    STATUS_QUESTIONS_PER_HOUR per order, counted exactly even when posted all at once."""
    text = text.strip()[:QUESTION_MAX]
    if not text:
        raise ValueError("empty question")
    if not rate_limit_hit(key=f"customers:questions:{order_id}",
                          limit=settings.STATUS_QUESTIONS_PER_HOUR, window=timedelta(hours=1)):
        raise QuestionsTooMany(order_id)
    events.publish(CustomerQuestion(order_id=order_id, text=text, language=language))


def feedback_due(*, now=None, limit: int = 200) -> list[int]:
    """Orders delivered FEEDBACK_DELAY_HOURS ago (and no more than a week) without a
    request yet."""
    now = now or timezone.now()
    until = now - timedelta(hours=settings.FEEDBACK_DELAY_HOURS)
    return list(DeliveryAttempt.objects
                .filter(status=DeliveryAttempt.Status.DELIVERED, finished_at__lte=until,
                        finished_at__gte=until - FEEDBACK_LATEST,
                        order__status=Status.DELIVERED, order__feedback__isnull=True)
                .order_by("finished_at").values_list("order_id", flat=True).distinct()[:limit])


@transaction.atomic
def feedback_request_send(*, order_id: int) -> Feedback | None:
    """The request: one Feedback row per order (the row is the lock) and one FEEDBACK notice
    (its outbox key is the order's, so a second run sends nothing). None when already sent."""
    order = Order.objects.select_related("customer", "brand").get(pk=order_id)
    courier_id = (DeliveryAttempt.objects.filter(order_id=order_id,
                                                 status=DeliveryAttempt.Status.DELIVERED)
                  .order_by("-finished_at").values_list("courier_id", flat=True).first())
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(order=order, brand_id=order.brand_id,
                                               channel=order.channel, courier_id=courier_id,
                                               language=order.customer.language)
    except IntegrityError:
        return None
    queued = customer_message_queue(order=order, kind=MessageKind.FEEDBACK,
                                    event=f"feedback:{order.pk}")
    if queued is None:
        feedback.sent = False
        feedback.save(update_fields=["sent"])
    return feedback


def feedback_in_sending_hours(now=None) -> bool:
    """Whether it is daytime in Yerevan by FEEDBACK_SEND_HOURS: requests are not sent at night."""
    first, last = settings.FEEDBACK_SEND_HOURS
    return first <= timezone.localtime(now or timezone.now(), YEREVAN).hour < last


def feedback_requests_queue(*, now=None) -> int:
    """The beat task's work: a request for every order that is due, in the sending hours only
    (one due at night goes with the first run of the morning). Returns how many."""
    now = now or timezone.now()
    if not feedback_in_sending_hours(now):
        return 0
    return sum(1 for order_id in feedback_due(now=now)
               if (feedback := feedback_request_send(order_id=order_id)) and feedback.sent)


@transaction.atomic
def feedback_answer(*, order_id: int, rating: int, comment: str = "",
                    language: str = "") -> Feedback:
    """The customer's rating (1-5) and comment; once. 1 or 2 publishes FeedbackLow for a
    person to call back (inquiries opens an inquiry)."""
    if not 1 <= int(rating) <= 5:
        raise ValueError("rating out of range")
    feedback = Feedback.objects.select_for_update().filter(order_id=order_id).first()
    if feedback is None or not feedback.sent or feedback.answered_at is not None:
        raise FeedbackRefused
    feedback.rating, feedback.comment = int(rating), comment.strip()[:COMMENT_MAX]
    feedback.language = language or feedback.language
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["rating", "comment", "language", "answered_at"])
    if feedback.rating <= 2:
        events.publish(FeedbackLow(order_id=order_id, rating=feedback.rating,
                                   comment=feedback.comment, language=feedback.language))
    return feedback
