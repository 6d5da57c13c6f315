"""The domain event dispatcher: typed events, in-transaction and after-commit subscribers, and
after-commit subscribers never run for a rolled-back change."""

from dataclasses import FrozenInstanceError, dataclass

import pytest
from django.db import transaction

from core import events


@dataclass(frozen=True, kw_only=True)
class Happened(events.Event):
    order_id: int


@pytest.fixture
def heard():
    calls: list[tuple[str, events.Event]] = []

    def broken(event):
        raise RuntimeError("boom")

    subscriptions = [events.on(Happened, broken),
                     events.on(Happened, lambda event: calls.append(("after", event))),
                     events.on(Happened, lambda event: calls.append(("inside", event)),
                               in_transaction=True)]
    for subscription in subscriptions:
        events.subscribe(subscription)
    yield calls
    for subscription in subscriptions:
        events.unsubscribe(subscription)
    assert events.subscribers(Happened) == []


@pytest.mark.django_db
def test_on_commit_subscribers_run_after_commit_and_survive_a_broken_one(
        heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish(Happened(order_id=7))
        assert heard == [("inside", Happened(order_id=7))]
    assert heard == [("inside", Happened(order_id=7)), ("after", Happened(order_id=7))]


@pytest.mark.django_db
def test_nothing_after_commit_for_a_change_that_rolled_back(
        heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValueError), transaction.atomic():
            events.publish(Happened(order_id=8))
            raise ValueError
    assert callbacks == []
    assert heard == [("inside", Happened(order_id=8))]


def test_subscribing_twice_is_harmless(heard):
    before = len(events.subscribers(Happened))
    handler = events.subscribers(Happened)[-1]
    events.subscribe(events.on(Happened, handler))
    assert len(events.subscribers(Happened)) == before


def test_an_event_carries_named_values_and_cannot_change():
    with pytest.raises(TypeError):
        Happened(7)  # keyword only: a reader sees what each value is
    with pytest.raises(FrozenInstanceError):
        Happened(order_id=7).order_id = 8
