"""The domain event dispatcher: after-commit subscribers never run for a rolled-back change."""

import pytest
from django.db import transaction

from core import events


@pytest.fixture
def heard():
    calls: list[tuple[str, dict]] = []

    def after(**data):
        calls.append(("after", data))

    def inside(**data):
        calls.append(("inside", data))

    def broken(**data):
        raise RuntimeError("boom")

    events.subscribe("test.happened", broken)
    events.subscribe("test.happened", after)
    events.subscribe("test.happened", inside, in_transaction=True)
    yield calls
    for registry in (events._on_commit, events._in_transaction):
        registry.pop("test.happened", None)


# serialized_rollback: a plain transactional test's flush re-runs post_migrate, which recreates
# the role groups under new ids; a later serialized_rollback test (the browser tests) then
# failed to restore its groups (IntegrityError on auth_group.name), depending on the order.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_commit_subscribers_run_after_commit_and_survive_a_broken_one(heard):
    with transaction.atomic():
        events.publish("test.happened", order_id=7)
        assert heard == [("inside", {"order_id": 7})]
    assert heard == [("inside", {"order_id": 7}), ("after", {"order_id": 7})]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_after_commit_for_a_change_that_rolled_back(heard):
    with pytest.raises(ValueError), transaction.atomic():
        events.publish("test.happened", order_id=8)
        raise ValueError
    assert heard == [("inside", {"order_id": 8})]


def test_subscribing_twice_is_harmless(heard):
    before = len(events.subscribers("test.happened"))
    handler = events.subscribers("test.happened")[-1]
    events.subscribe("test.happened", handler)
    assert len(events.subscribers("test.happened")) == before
