"""Malformed and random messages: nothing escapes as an exception, every one is stored and
ends in a terminal state."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_intake.models import InboundMessage
from channels_intake.services.inbound import inbound_ingest

from .conftest import SAMPLES

SAMPLE_BYTES = [(SAMPLES / name).read_bytes() for name in
                ("website_order_en.eml", "website_order_ru.eml", "website_order_hy.eml",
                 "partner_worldwide.eml", "preorder_en.eml")]
HEADER_NAMES = ["Subject", "From", "To", "Message-ID", "Content-Type", "Content-Transfer-Encoding",
                "MIME-Version", "Auto-Submitted", "List-Id", "Date", "Content-Disposition"]
CONTENT_TYPES = ["text/plain", "text/html", "multipart/mixed", "multipart/alternative",
                 "message/rfc822", "multipart/report", "application/octet-stream",
                 "text/plain; charset=", 'text/plain; charset="x-unknown"',
                 'multipart/mixed; boundary="', "text/html; charset=koi8-r"]
ENCODINGS = ["base64", "quoted-printable", "8bit", "7bit", "x-uuencode", "bogus"]

header_value = st.one_of(
    st.text(max_size=80),
    st.sampled_from(CONTENT_TYPES + ENCODINGS),
    st.builds(lambda cs, payload: f"=?{cs}?b?{payload}?=", st.sampled_from(["utf-8", "koi8-r", "nope"]),
              st.text(alphabet="ABCDEFGabc012+/=", max_size=30)),
)
structured = st.builds(
    lambda headers, body: ("\r\n".join(f"{name}: {value}" for name, value in headers)
                           .encode("utf-8", "surrogatepass") + b"\r\n\r\n" + body),
    st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_value), max_size=8),
    st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda t: t.encode("utf-8"))),
)


def _mutate(raw: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(raw[: max(1, cut % (len(raw) + 1))])
    for position, value in flips:
        if data:
            data[position % len(data)] = value
    return bytes(data)


mutated = st.builds(_mutate, st.sampled_from(SAMPLE_BYTES), st.integers(0, 10_000),
                    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=20))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raws=st.lists(st.one_of(st.binary(max_size=3000), structured, mutated), min_size=1, max_size=4))
def test_nothing_escapes_and_every_message_ends_terminal(raws, mail_source, worldwide):
    stored = inbound_ingest(source=mail_source, messages=[(raw, "fuzz") for raw in raws])
    assert len(stored) == len(raws)
    for entry in stored:
        row = InboundMessage.objects.get(pk=entry.message.pk)
        assert row.state in InboundMessage.TERMINAL, row.state
        assert bytes(row.raw) in raws
        # The reader itself never fails: the catch-all in the pipeline is a last resort only.
        assert "could not be read" not in row.reason and "failed (" not in row.reason, row.reason
