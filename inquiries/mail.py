"""The support mailbox's reader (registered with channels_intake in apps.py): a support reply,
already read by the intake's door (its limits, its one MIME reader, its time budget), into
inquiries.services.inquiry_mail_receive, which threads it or opens a product question."""

from __future__ import annotations

from channels_intake.email.mime import Letter

from .models import MAX_TEXT
from .services import inquiry_mail_receive

MAX_RAW_BODY = 200_000


def _body(text: str) -> str:
    text = text[:MAX_RAW_BODY].replace("\x00", "")
    # The customer's words, not the quoted thread below them.
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or (line.startswith("On ") and line.rstrip().endswith("wrote:")):
            break
        lines.append(line)
    return "\n".join(lines).strip()[:MAX_TEXT]


def _header(letter: Letter, name: str) -> str:
    return " ".join(letter.headers.get(name, "").split()).replace("\x00", "")


def support_mail_read(letter: Letter) -> str:
    address = letter.sender
    if "@" not in address or len(address) > 254:
        address = ""
    inquiry = inquiry_mail_receive(
        sender=address, name=letter.sender_name[:200], subject=letter.subject[:300],
        text=_body(letter.text),
        message_id=f"<{letter.message_id}>"[:300] if letter.message_id else "",
        in_reply_to=_header(letter, "in-reply-to")[:1000],
        references=_header(letter, "references")[:5000])
    return str(inquiry)
