"""The domain events of channels_intake (core.events), with the values they carry.

Who hears each is listed in the apps' `subscribers.py` (and in the README's table);
channels_intake never imports them."""

from __future__ import annotations

import dataclasses

from core import events

from .email import PersonMail


@dataclasses.dataclass(frozen=True, kw_only=True)
class PersonWrote(events.Event):
    """A message in an order mailbox was written by a person and is not an order (a complaint,
    a price request, someone about to order; issue 17). `inbound_id`: the raw message kept.
    Heard inside the transaction that ends the message, so the message never says "support"
    about an inquiry that rolled back."""

    inbound_id: int
    sender: str
    sender_name: str
    subject: str
    text: str
    message_id: str
    in_reply_to: str
    references: str


def person_wrote(*, inbound_id: int, mail: PersonMail) -> None:
    events.publish(PersonWrote(inbound_id=inbound_id, **dataclasses.asdict(mail)))
