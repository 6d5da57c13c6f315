"""The support mailbox's reader (registered with channels_intake in apps.py): a raw mail into
inquiries.services.inquiry_mail_receive, which threads it or opens a product question."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.utils import parseaddr

from .models import MAX_TEXT
from .services import inquiry_mail_receive

MAX_RAW_BODY = 200_000


def _body(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):
        text = part.get_payload(decode=True).decode("utf-8", "replace") if part.get_payload(
            decode=True) else ""
    text = text[:MAX_RAW_BODY].replace("\x00", "")
    # The customer's words, not the quoted thread below them.
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or (line.startswith("On ") and line.rstrip().endswith("wrote:")):
            break
        lines.append(line)
    return "\n".join(lines).strip()[:MAX_TEXT]


def support_mail_read(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=policy.default)

    def header(name: str) -> str:
        try:
            return " ".join(str(message.get(name, "") or "").split()).replace("\x00", "")
        except (ValueError, TypeError, IndexError):
            return ""

    name, address = parseaddr(header("From"))
    if "@" not in address or len(address) > 254:
        address = ""
    inquiry = inquiry_mail_receive(
        sender=address, name=name[:200], subject=header("Subject")[:300], text=_body(message),
        message_id=header("Message-ID")[:300], in_reply_to=header("In-Reply-To")[:1000],
        references=header("References")[:5000])
    return str(inquiry)
