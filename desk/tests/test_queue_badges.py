"""The queue header's badges (messages to review, overdue inquiries, the control list) are read in
one query, each count what its own app's selector says it is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from channels_intake.models import InboundState
from channels_intake.tests.test_review import review_item
from delivery.models import ControlItem
from desk.selectors import badge_counts
from inquiries.models import InquiryState
from inquiries.tests.factories import InquiryFactory
from orders.models import Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _data(now):
    for n, state in enumerate((InboundState.REVIEW, InboundState.REVIEW, InboundState.ORDER)):
        review_item(dedup_key=f"mid:<{n}@x>", state=state)
    InquiryFactory(state=InquiryState.OPEN, due_at=now - timedelta(minutes=5))
    InquiryFactory(state=InquiryState.OPEN, due_at=now + timedelta(hours=1))
    InquiryFactory(state=InquiryState.CLOSED, due_at=now - timedelta(hours=1))
    for deadline, resolved in ((now - timedelta(minutes=1), None), (now + timedelta(hours=2), None),
                               (now - timedelta(hours=3), now)):
        ControlItem.objects.create(order=OrderFactory(status=Status.ASSEMBLING),
                                   day=timezone.localdate(), deadline=deadline,
                                   reason=ControlItem.Reason.NOT_DELIVERED, resolved_at=resolved,
                                   **({"resolution": ControlItem.Resolution.CANCELLED,
                                       "contact": ControlItem.Contact.CALLED_REACHED}
                                      if resolved else {}))


def test_every_badge_counts_its_own_rows_in_one_query():
    now = timezone.now()
    assert badge_counts("review", "inquiries_overdue", "control_open", "control_overdue",
                        now=now) == {"review": 0, "inquiries_overdue": 0, "control_open": 0,
                                     "control_overdue": 0}
    _data(now)
    with CaptureQueriesContext(connection) as queries:
        counts = badge_counts("review", "inquiries_overdue", "control_open", "control_overdue",
                              now=now)
    assert counts == {"review": 2, "inquiries_overdue": 1, "control_open": 2, "control_overdue": 1}
    assert len(queries) == 1
    assert badge_counts("review", now=now) == {"review": 2}
    assert badge_counts() == {}


def test_the_queue_header_shows_the_badges_and_its_refresh_leaves_the_control_list_out(
        client_operator):
    _data(timezone.now())
    url = reverse("desk:queue")
    page = client_operator.get(url)
    assert (page.context["review_count"], page.context["inquiries_overdue"]) == (2, 1)
    assert page.context["control"] == {"open": 2, "overdue": 1}
    text = page.content.decode()
    assert "2 messages to review" in text and "1 inquiry overdue" in text
    assert "Next-morning control: 2 orders to check" in text
    refresh = client_operator.get(url, headers={"HX-Request": "true"})
    assert refresh.context["control"] == {} and refresh.context["review_count"] == 2
