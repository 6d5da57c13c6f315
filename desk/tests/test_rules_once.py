"""Each rule once: the desk's forms, the courier's form and a partner's feed hold a window and
a failure's note to the service's own validator, so no path and the service can disagree
(issue 18)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from channels_intake.feeds.services import _window as feed_window
from delivery.exceptions import DeliveryError
from delivery.forms.courier import CourierFailedForm
from delivery.models import ControlItem, DeliveryAttempt
from delivery.services import failure_check
from delivery.tests.factories import CourierFactory
from desk.forms.control import ControlResolveForm
from desk.forms.delivery import FailedForm, ResendForm
from orders.exceptions import WindowRefused
from orders.services import partner_order_change, window_check
from orders.tests.factories import OrderFactory

BACKWARDS, HALF = ("12:00", "10:00"), ("12:00", "")


def _service_says(start: str, end: str) -> str:
    def parse(text):
        return (time.fromisoformat(text) if text else None)
    with pytest.raises(WindowRefused) as refused:
        window_check(parse(start), parse(end))
    return refused.value.message


@pytest.mark.parametrize("window", [BACKWARDS, HALF, ("12:00", "12:00")])
def test_the_resend_and_control_forms_say_what_the_service_says_of_a_window(db, window):
    said = _service_says(*window)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    courier = CourierFactory()
    resend = ResendForm(data={"version": 1, "courier": courier.pk, "delivery_date": day,
                              "window_from": window[0], "window_until": window[1]})
    control = ControlResolveForm(data={
        "resolution": ControlItem.Resolution.SENT_AGAIN, "contact": ControlItem.Contact.values[0],
        "note": "We send it again.", "delivery_date": day,
        "window_from": window[0], "window_until": window[1]})
    assert resend.errors["window_until"] == [said]
    assert control.errors["window_until"] == [said]


@pytest.mark.parametrize("window", [BACKWARDS, ("12:00", "12:00")])
def test_a_partners_later_word_is_held_to_the_same_window_rule(db, window):
    """A feed's backwards window is dropped (the order keeps its own); the service itself
    refuses one in the same words as the forms."""
    said = _service_says(*window)
    assert feed_window("-".join(window)) is None
    order = OrderFactory()
    with pytest.raises(WindowRefused) as refused:
        partner_order_change(order_id=order.pk, system="feed:x",
                             window=tuple(time.fromisoformat(end) for end in window))
    assert refused.value.message == said


def test_a_window_that_ends_after_it_starts_passes_every_path(db):
    window_check(time(10), time(12))
    window_check(None, None)
    assert feed_window("10:00-12:00") == (time(10), time(12))
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = ResendForm(data={"version": 1, "courier": CourierFactory().pk, "delivery_date": day,
                            "window_from": "10:00", "window_until": "12:00"})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("note", ["", "   "])
def test_other_without_a_note_is_refused_by_both_failure_forms_in_the_services_words(note):
    with pytest.raises(DeliveryError) as refused:
        failure_check(DeliveryAttempt.FailureReason.OTHER, note)
    for form in (FailedForm(data={"version": 1, "failure_reason": "other", "note": note}),
                 CourierFailedForm(data={"failure_reason": "other", "note": note})):
        assert form.errors["note"] == [refused.value.message]


def test_other_with_a_note_passes_the_forms_and_the_service():
    failure_check(DeliveryAttempt.FailureReason.OTHER, "The gate was locked.")
    assert CourierFailedForm(data={"failure_reason": "other", "note": "Gate locked."}).is_valid()
