"""The support mailbox's reader (registered with channels_intake in apps.py): a support reply,
already read by the intake's door (its limits, its one MIME reader, its time budget), into
inquiries.services.inquiry_mail_receive, which threads it or opens an inquiry, the same way as a
person's mail to an order mailbox (services.on_person_wrote)."""

from __future__ import annotations

from channels_intake.email import person_mail
from channels_intake.email.mime import Letter

from .services import inquiry_mail_receive


def support_mail_read(letter: Letter, inbound_id: int) -> str:
    mail = person_mail(letter)
    inquiry = inquiry_mail_receive(
        sender=mail.sender, name=mail.sender_name, subject=mail.subject, text=mail.text,
        message_id=mail.message_id, in_reply_to=mail.in_reply_to, references=mail.references,
        inbound_id=inbound_id)
    return str(inquiry)
