"""The support mailbox's reader: plugged into READERS by a higher floor (the inquiries app, in
its subscribers.py), it takes a support reply the door has already read and says what it became.

Support mail comes in through the same door as orders (issue 17): the same raw-byte limits
before any parser, the same MIME reader under the same time budget, the same attempts and
poison rule, the same states; only the last step differs, this reader instead of the order
intake. Without a reader the mail waits, stored and `received`, for the next poll."""

from __future__ import annotations

from collections.abc import Callable

from core.hooks import Hook

from ..email.mime import Letter

SUPPORT = "support"  # Source.purpose of a support mailbox
# (the letter read, the inbound message's id) -> what it became ("INQ-..."), for the row
SupportReader = Callable[[Letter, int], str]
READERS: Hook[SupportReader] = Hook(
    "mailbox readers", "a mailbox's purpose (SUPPORT) -> reader(letter, inbound id) -> what it "
    "became")


def support_reader() -> SupportReader | None:
    """The support mailbox's reader; None while no app has plugged one in."""
    return READERS.get(SUPPORT)
