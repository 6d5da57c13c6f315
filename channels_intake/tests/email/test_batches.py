"""Many messages at once: one failure stays its own, a failed chunk is taken one by one, and
nothing is taken twice."""

import pytest

from channels_intake.models import InboundMessage, InboundState
from channels_intake.services import inbound
from orders.models import Order

from .mails import website_mail


def test_one_failing_order_goes_to_review_alone(mail_source, brands, monkeypatch):
    real_intake = inbound.intake

    def flaky(*, normalized, source):
        if normalized.site_number == "80002":
            raise RuntimeError("disk on fire")
        return real_intake(normalized=normalized, source=source)

    monkeypatch.setattr(inbound, "intake", flaky)
    stored = inbound.inbound_ingest(source=mail_source,
                                    messages=[(website_mail(80000 + n), "t") for n in range(4)])
    states = {entry.message.parsed.get("site_number"): entry.message.state for entry in stored}
    assert states == {"80000": "order", "80001": "order", "80002": "review", "80003": "order"}
    failed = InboundMessage.objects.get(state=InboundState.REVIEW)
    assert "disk on fire" in failed.reason
    assert Order.objects.count() == 3


def test_a_failed_chunk_is_taken_one_by_one_without_doubles(mail_source, brands, monkeypatch):
    calls = []
    real_bulk_update = InboundMessage.objects.bulk_update

    def failing_once(objs, fields, **kwargs):
        calls.append(len(objs))
        if len(calls) == 1:
            raise RuntimeError("lost the connection")
        return real_bulk_update(objs, fields, **kwargs)

    monkeypatch.setattr(InboundMessage.objects, "bulk_update", failing_once)
    monkeypatch.setattr(inbound, "PROCESS_CHUNK", 3)
    inbound.inbound_ingest(source=mail_source,
                           messages=[(website_mail(81000 + n), "t") for n in range(5)])
    assert Order.objects.count() == 5
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {InboundState.ORDER}
    assert sorted(InboundMessage.objects.values_list("attempts", flat=True)) == [1] * 5


@pytest.mark.parametrize("count", [1, 30])
def test_the_same_message_twice_in_one_batch(mail_source, brands, count):
    raws = [(website_mail(82000 + n), "t") for n in range(count)]
    stored = inbound.inbound_ingest(source=mail_source, messages=raws + raws[:1])
    assert [entry.is_new for entry in stored] == [True] * count + [False]
    assert Order.objects.count() == count
