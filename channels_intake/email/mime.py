"""Raw e-mail bytes into a `Letter`: decoded headers, one readable text body, and the letters a
person forwarded inside it. Never raises on bad input: whatever cannot be decoded is replaced.

Standard library `email` with `policy.default` does the MIME work (RFC 2047 subjects,
quoted-printable, base64); charset-normalizer guesses only when the declared charset is missing
or wrong; selectolax turns HTML-only messages into `Label: value` lines."""

from __future__ import annotations

import email
import email.utils
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _
from selectolax.lexbor import LexborHTMLParser

from .limits import encoded_words, header_block

MAX_DEPTH = 3  # forwarded inside forwarded inside forwarded: enough for people
_FORWARD_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message|переадресованное сообщение|"
    r"пересылаемое сообщение|исходное сообщение|փոխանցված հաղորդագրություն)\s*-{2,}|"
    r"begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_HEADER = re.compile(
    r"^\s*(from|date|sent|subject|to|cc|reply-to|от|дата|отправлено|тема|кому|копия)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_SUBJECT_NAMES = {"subject", "тема"}
_FROM_NAMES = {"from", "от"}
CLASSIFYING_HEADERS = frozenset({
    "auto-submitted", "x-autoreply", "x-autorespond", "precedence", "list-id", "list-unsubscribe",
    "return-path",
})
# What a person's mail is threaded by (the inquiries read them from the letter).
THREADING_HEADERS = frozenset({"in-reply-to", "references"})
_BLOCK_TAGS = "p, div, li, h1, h2, h3, h4, h5, h6, table, tr, blockquote, pre, section"
ENCODED_WORD_START = "=?"  # RFC 2047; never part of an address (RFC 2047, section 5)
HEADERS_CHARS = 20_000  # what is kept of a message's header block for people to read
_HEADERS_ONLY = BytesParser(policy=policy.compat32)  # cheap: values stay as written


@dataclass
class Letter:
    subject: str = ""
    sender: str = ""  # the address, lower case
    sender_name: str = ""
    message_id: str = ""
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case name -> first value
    content_type: str = ""
    forwarded: list[Letter] = field(default_factory=list)
    # Why the sender cannot be told (two From: headers, several addresses, an encoded word
    # inside the address): "" when the From: line is one plain address or absent.
    sender_problem: str = ""


def parse_bytes(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)


def read_letter(raw: bytes) -> Letter:
    return letter_from_message(parse_bytes(raw), depth=0)


def decoded_header(value: str) -> str:
    """A header value with its RFC 2047 encoded-words decoded, by the cheap compat32 decoder;
    left as written when it holds more encoded-words than the limit (decoding them is quadratic
    in the standard library) or when it is malformed."""
    if encoded_words(value) > settings.INTAKE_EMAIL_MAX_ENCODED_WORDS:
        return str(value)
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # noqa: BLE001 - a broken encoded word is shown as written
        return str(value)


def readable_headers(raw: bytes) -> str:
    """The message's header block as a person reads it: one `Name: value` line per header, values
    decoded; bounded, and cheap enough for any message that was stored."""
    head = header_block(raw, HEADERS_CHARS * 2)
    try:
        parsed = _HEADERS_ONLY.parsebytes(head, headersonly=True)
        lines = [f"{name}: {' '.join(decoded_header(eight_bit(str(value))).split())}"
                 for name, value in parsed.raw_items()]
    except Exception:  # noqa: BLE001 - shown as it arrived instead
        lines = [head.decode("utf-8", "replace")]
    return "\n".join(lines)[:HEADERS_CHARS].replace("\x00", "\ufffd")


def letter_from_message(message: Message, *, depth: int) -> Letter:
    present = {name.lower() for name in message.keys()}
    letter = Letter(
        subject=_one_line(header(message, "subject")),
        message_id=header(message, "message-id").strip().strip("<>").strip(),
        # Only the headers the verdict and the inquiries look at: every header parsed costs
        # time.
        headers={name: header(message, name)
                 for name in (CLASSIFYING_HEADERS | THREADING_HEADERS) & present},
        content_type=_safe(lambda: message.get_content_type(), "text/plain"),
    )
    letter.sender_name, letter.sender = _address(header(message, "from"))
    letter.sender_problem = sender_problem(message)
    plain, html = [], []
    for part, kind in _walk(message):
        if kind == "message/rfc822":
            if depth < MAX_DEPTH:
                inner = _safe(lambda p=part: p.get_payload()[0], None)
                if isinstance(inner, Message):
                    letter.forwarded.append(letter_from_message(inner, depth=depth + 1))
            continue
        if not kind.startswith("text/") or _is_attachment(part):
            continue  # photos, PDFs and the like: never decoded, never parsed
        if kind == "text/plain":
            plain.append(decode_part(part))
        elif kind == "text/html":
            html.append(part)
    if any(text.strip() for text in plain):
        letter.text = normalise_text("\n".join(plain))
    else:  # HTML only: rendered to lines only then (the plain part says the same, cheaper)
        letter.text = normalise_text("\n".join(html_to_text(decode_part(part)) for part in html))
    if depth < MAX_DEPTH:
        inline = inline_forward(letter.text)
        if inline is not None:
            letter.forwarded.append(inline)
    return letter


def header(message: Message, name: str) -> str:
    """A decoded header value; a malformed one comes back as its raw text, never an exception.
    Raw 8-bit bytes (no RFC 2047, as some mailers send) are decoded as UTF-8, else guessed."""
    raw = next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()),
               None)
    if raw is None:
        return ""
    if _has_8bit(raw):
        return _one_line(eight_bit(raw))
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception:  # noqa: BLE001 - the parser of a broken header may raise anything
        return _one_line(raw)


def sender_problem(message: Message) -> str:
    """Why the From: of a message names no one sender, read from the header as written (issue 17:
    the decoded value of `=?utf-8?q?agent?= @example.com` is a plausible, mangled address, and of
    two From: headers only one was read). "" when there is none or exactly one plain address."""
    written = [" ".join(str(value).split()) for name, value in message.raw_items()
               if name.lower() == "from"]
    if len(written) > 1:
        return _("%(count)s From: headers: the sender is not clear") % {"count": len(written)}
    if not written:
        return ""
    value = eight_bit(written[0]) if _has_8bit(written[0]) else written[0]
    addresses = [address for _name, address in email.utils.getaddresses([value]) if "@" in address]
    if len(addresses) > 1:
        return _("several addresses in From: (%(value)s): the sender is not clear") % {
            "value": value[:200]}
    if any(ENCODED_WORD_START in address for address in addresses):
        return _("an encoded word inside the sender's address (%(value)s): the sender is not "
                 "clear") % {"value": value[:200]}
    return ""


def eight_bit(value: str) -> str:
    """A header parsed from bytes keeps undecodable bytes as surrogates: decode them for real."""
    data = value.encode("ascii", "surrogateescape") if _has_8bit(value) else value.encode()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        guess = from_bytes(data).best()
        return str(guess) if guess is not None else data.decode("utf-8", "replace")


def _has_8bit(value: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in value)


def decode_part(part: Message) -> str:
    """The text of a part: declared charset first, then a guess when it is missing or wrong."""
    payload = _safe(lambda: part.get_payload(decode=True), b"")
    if not isinstance(payload, bytes):
        payload = str(payload or "").encode("utf-8", "surrogateescape")
    charset = _safe(lambda: part.get_content_charset(), None)
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return payload.decode("ascii" if not charset else "utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(payload).best()
    if guess is not None:
        return str(guess)
    return payload.decode("utf-8", "replace")


def html_to_text(html: str) -> str:
    """HTML as lines: a table row of a label cell and a value cell reads `Label: value`."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, head, title"):
        node.decompose()
    for row in reversed(tree.css("tr")):  # innermost first: a nested table flattens outward
        cells = [cell.text(separator=" ", strip=True) for cell in row.css("th, td")]
        cells = [cell for cell in cells if cell]
        if len(cells) == 2 and not cells[0].endswith(":"):
            line = f"{cells[0]}: {cells[1]}"
        else:
            line = " ".join(cells)
        row.replace_with(f"\n{line}\n")
    for node in tree.css("br"):
        node.replace_with("\n")
    for node in tree.css(_BLOCK_TAGS):
        node.insert_after("\n")
    body = tree.body or tree.root
    text = body.text(separator="") if body is not None else ""
    # Blank lines mean nothing in HTML (they would end an Items block early).
    return "\n".join(line for line in text.split("\n") if line.strip())


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def inline_forward(text: str) -> Letter | None:
    """A letter forwarded inline by a person ("---------- Forwarded message ---------" and the
    original's headers, possibly quoted with `>`): the original's subject, sender and body."""
    unquoted = "\n".join(re.sub(r"^\s*(>\s?)+", "", line) for line in text.split("\n"))
    marker = _FORWARD_MARKERS.search(unquoted)
    if marker is None:
        return None
    lines = unquoted[marker.end():].lstrip("\n").split("\n")
    inner = Letter()
    index = 0
    while index < len(lines) and (match := _FORWARD_HEADER.match(lines[index])):
        name, value = match[1].lower(), match[2].strip()
        if name in _SUBJECT_NAMES:
            inner.subject = value
        elif name in _FROM_NAMES:
            inner.sender_name, inner.sender = _address(value)
        index += 1
    inner.text = "\n".join(lines[index:]).strip("\n")
    return inner


def _walk(message: Message):
    """Every leaf part with its content type (parsed once: with policy.default each lookup
    parses the header again), not descending into attached messages (those become letters)."""
    stack = [message]
    while stack:
        part = stack.pop(0)
        kind = _safe(lambda p=part: p.get_content_type(), "application/octet-stream")
        if kind.startswith("multipart/") and _safe(lambda p=part: p.is_multipart(), False):
            payload = _safe(lambda p=part: p.get_payload(), [])
            stack[0:0] = [p for p in payload if isinstance(p, Message)]
        else:
            yield part, kind


def _is_attachment(part: Message) -> bool:
    disposition = _safe(lambda: part.get_content_disposition(), None)
    return disposition == "attachment"


def _address(value: str) -> tuple[str, str]:
    name, address = email.utils.parseaddr(value or "")
    return _one_line(name), address.strip().lower()


def _one_line(value: str) -> str:
    return " ".join((value or "").replace("\x00", "").split())


def _safe(call, default):
    try:
        return call()
    except Exception:  # noqa: BLE001 - malformed MIME must never stop the pipeline
        return default
