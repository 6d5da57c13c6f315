"""Many messages at once: one failure stays its own, a failed chunk is taken one by one, and
nothing is taken twice."""

import pytest

from channels_intake.models import InboundMessage, InboundState
from channels_intake.services import inbound
from orders import services as order_services
from orders.models import Order

from .mails import website_mail


def test_one_failing_order_goes_to_review_alone(mail_source, brands, faults):
    # inbound calls `order_services.intake` (never a submodule): the fault goes where it looks.
    faults.inject(order_services, "intake", raises=RuntimeError("disk on fire"),
                  when=lambda call: call.kwargs["normalized"].site_number == "80002")
    stored = inbound.inbound_ingest(source=mail_source,
                                    messages=[(website_mail(80000 + n), "t") for n in range(4)])
    states = {entry.message.parsed.get("site_number"): entry.message.state for entry in stored}
    assert states == {"80000": "order", "80001": "order", "80002": "review", "80003": "order"}
    failed = InboundMessage.objects.get(state=InboundState.REVIEW)
    assert "disk on fire" in failed.reason
    assert Order.objects.count() == 3


def test_a_failed_chunk_is_taken_one_by_one_without_doubles(mail_source, brands, faults,
                                                            monkeypatch):
    # The chunk's states are written last, after its orders: losing the connection there
    # rolls the whole chunk back, orders included, and each message is then taken alone.
    faults.inject(inbound, "_save_states", raises=RuntimeError("lost the connection"),
                         when=lambda call: call.number == 1)
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
