"""The webhook signature's replay window, for our own verifier and for the recipe the README
gives partners: a signature older (or newer) than the tolerance is refused, and the sender
stamps the time it signs. Only the signing functions: how a delivery is sent is not here."""

import inspect
import re
import time
from pathlib import Path

import pytest

from channels_intake.webhooks.services import sign, signature_header, signature_verify

README = Path(__file__).resolve().parents[3] / "README.md"
SECRET = "whsec-test"
BODY = b'{"id":"e1","type":"order.status_changed"}'


def _readme_verify():
    """The `verify` function of the README's "To verify a delivery" snippet, run as written."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"To verify a delivery:\s*```python\n(.*?)```", text, re.S)
    assert match, "the README no longer shows how to verify a webhook"
    namespace: dict = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)  # our own README, trusted
    return namespace["verify"]


def _ours(secret, header, body):
    return signature_verify(secret=secret, header=header, body=body)


VERIFIERS = {"signature_verify": lambda: _ours, "README": _readme_verify}
TOLERANCE = 300


@pytest.fixture(params=VERIFIERS, ids=list(VERIFIERS))
def verify(request):
    return VERIFIERS[request.param]()


def _header_at(timestamp: int, secret: str = SECRET, body: bytes = BODY) -> str:
    return f"t={timestamp},v1={sign(secret=secret, timestamp=str(timestamp), body=body)}"


def test_both_verifiers_use_the_same_window():
    ours = inspect.signature(signature_verify).parameters["tolerance"].default
    documented = inspect.signature(_readme_verify()).parameters["tolerance"].default
    assert ours == documented == TOLERANCE


def test_a_signature_inside_the_window_is_accepted(verify):
    now = int(time.time())
    assert verify(SECRET, _header_at(now), BODY)
    assert verify(SECRET, _header_at(now - TOLERANCE + 60), BODY)  # a slow network, a skewed clock


@pytest.mark.parametrize("offset", [-(TOLERANCE + 60), TOLERANCE + 60, -86_400],
                         ids=["older than the window", "from the future", "a day old"])
def test_a_replayed_signature_is_refused(verify, offset):
    """The signature is valid (right secret, right body): only its age refuses it."""
    old = int(time.time()) + offset
    assert not verify(SECRET, _header_at(old), BODY)


def test_a_wrong_secret_or_a_changed_body_is_refused(verify):
    now = int(time.time())
    assert not verify("another-secret", _header_at(now), BODY)
    assert not verify(SECRET, _header_at(now), BODY + b" ")


def test_garbage_headers_are_refused_not_raised():
    for header in ["", "t=,v1=", "t=abc,v1=00", f"v1={sign(secret=SECRET, timestamp='1', body=BODY)}",
                   f"t={int(time.time())}"]:
        assert not signature_verify(secret=SECRET, header=header, body=BODY), header


def test_the_sender_stamps_the_time_it_signs(verify):
    before = int(time.time())
    header = signature_header(secret=SECRET, body=BODY)
    after = time.time()
    parts = dict(part.split("=", 1) for part in header.split(","))
    assert set(parts) == {"t", "v1"}
    assert before <= int(parts["t"]) <= after
    assert verify(SECRET, header, BODY)
