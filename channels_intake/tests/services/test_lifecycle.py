"""One lifecycle for every channel's messages, one backoff and one poll lock for every source
(issue #10)."""

from datetime import timedelta

import pytest

from channels_intake.models import InboundState, Source
from channels_intake.services import lifecycle
from channels_intake.services.polling import source_poll
from channels_intake.services.store import inbound_store
from channels_intake.tests.factories import SourceFactory
from orders.services import IntakeResult


@pytest.mark.parametrize("failures,seconds", [(0, 60), (1, 120), (3, 480), (6, 3600), (40, 3600)])
def test_one_backoff_doubles_per_failure_up_to_an_hour(failures, seconds):
    assert lifecycle.backoff_delay(interval=60, failures=failures) == timedelta(seconds=seconds)


def test_every_intake_answer_has_one_state():
    for outcome, state in [(IntakeResult.ORDER, InboundState.ORDER),
                           (IntakeResult.LEAD, InboundState.LEAD),
                           (IntakeResult.DUPLICATE, InboundState.DUPLICATE)]:
        assert lifecycle.inbound_state_for(IntakeResult(outcome)) == state


def test_finish_writes_one_terminal_state_and_refuses_others(db):
    stored = inbound_store(source=SourceFactory(name="box"), raw=b"Subject: hi\r\n\r\nhello\r\n")
    with pytest.raises(ValueError):
        lifecycle.inbound_finish(message=stored.message, state=InboundState.RECEIVED)
    lifecycle.inbound_finish(message=stored.message, state=InboundState.IGNORED, reason="not ours")
    stored.message.refresh_from_db()
    assert (stored.message.state, stored.message.reason) == (InboundState.IGNORED, "not ours")
    assert stored.message.processed_at is not None


def test_record_stores_a_read_message_in_its_terminal_state_once(db):
    source = SourceFactory(name="api-bloom", kind=Source.Kind.API)
    with pytest.raises(ValueError):
        lifecycle.inbound_record(state=InboundState.RECEIVED, source=source, dedup_key="api:1")
    message = lifecycle.inbound_record(state=InboundState.IGNORED, reason="refused", source=source,
                                       dedup_key="api:2", raw=b"{}", attempts=1)
    message.refresh_from_db()
    assert (message.state, message.reason, message.attempts) == (InboundState.IGNORED, "refused", 1)
    assert message.processed_at is not None and bytes(message.raw) == b"{}"


def test_a_source_is_polled_once_at_a_time_whatever_its_kind(db, tmp_path):
    source = SourceFactory(name="drop", kind=Source.Kind.MAILDIR, path=str(tmp_path))
    with lifecycle.source_poll_lock(source.pk) as held:
        assert held
        assert source_poll(source_id=source.pk) is None  # the mail poller steps aside
    assert source_poll(source_id=source.pk) is not None


def test_health_records_failures_with_the_backoff_and_clears_them(db):
    source = SourceFactory(name="flaky", kind=Source.Kind.FEED, poll_interval=60)
    lifecycle.source_health_record(source=source, error="HTTP 500")
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and source.last_error == "HTTP 500"
    assert source.next_poll_at - source.last_error_at == timedelta(seconds=120)
    lifecycle.source_health_record(source=source)
    source.refresh_from_db()
    assert (source.consecutive_failures, source.last_error) == (0, "")
