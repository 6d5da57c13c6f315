"""The support mailbox's reader: registered by a higher floor (the inquiries app, in its
AppConfig.ready), it takes a support reply the door has already read and says what it became.

Support mail comes in through the same door as orders (issue 17): the same raw-byte limits
before any parser, the same MIME reader under the same time budget, the same attempts and
poison rule, the same states; only the last step differs, this reader instead of the order
intake. Without a reader the mail waits, stored and `received`, for the next poll."""

from __future__ import annotations

from collections.abc import Callable

from ..email.mime import Letter

SUPPORT = "support"  # Source.purpose of a support mailbox
# (the letter read, the inbound message's id) -> what it became ("INQ-..."), for the row
SupportReader = Callable[[Letter, int], str]
_readers: list[SupportReader] = []


def register_support_reader(reader: SupportReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def support_reader() -> SupportReader | None:
    """The registered reader; None while no app has registered one."""
    return _readers[0] if _readers else None
