"""The domain events channels_intake publishes (core.events), with their data: plain values only.

Higher floors subscribe in their AppConfig.ready; channels_intake never imports them.

- `intake.person_wrote`: a message in an order mailbox was written by a person and is not an
  order (a complaint, a price request, someone about to order; issue 17). inbound_id (the raw
  message kept), sender, sender_name, subject, text, message_id, in_reply_to, references. inquiries
  threads it into the inquiry it answers or opens one (in the transaction that ends the
  message, so the message never says "support" about an inquiry that rolled back).
"""

from __future__ import annotations

import dataclasses

from core import events

from .email import PersonMail

PERSON_WROTE = "intake.person_wrote"


def person_wrote(*, inbound_id: int, mail: PersonMail) -> None:
    events.publish(PERSON_WROTE, inbound_id=inbound_id, **dataclasses.asdict(mail))
