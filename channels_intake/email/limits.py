"""What one e-mail may cost before anything parses it (issue #11: a 1.8 MB message whose Subject
held ~20,000 RFC 2047 encoded-words took 70 s and 18 GB in the standard library's header parser).

Every check here is one linear pass over the raw bytes with no MIME parsing: the total size, the
header block, the encoded-words in each header (of the message and of its parts), the number of
MIME parts and how deep multiparts nest. A message over a limit goes to review unread, with a
reason a person understands. The parse itself then runs under a time budget (`parse_deadline`)."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# The start of an RFC 2047 encoded-word: =?charset?B? or =?charset?Q? (charset bounded: a run
# of ?-free bytes the length of any real charset name, so the scan stays linear).
_ENCODED_WORD = re.compile(rb"=\?[^?\s]{1,80}\?[BbQq]\?")
_HEADER_NAME = re.compile(rb"^([!-9;-~]{1,100}):", re.MULTILINE)
_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.IGNORECASE)
# A line that may be a MIME delimiter: "--" then the boundary, "--" again when it closes.
_DELIMITER = re.compile(rb"^--([^\r\n]{1,200}?)(--)?[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Shape:
    """What the scan found (for the refusal's reason and for tests)."""

    size: int
    header_bytes: int
    encoded_words: int  # in the worst header
    worst_header: str
    parts: int
    depth: int


def encoded_words(value: str | bytes) -> int:
    """How many RFC 2047 encoded-words a header value holds (one linear scan)."""
    data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    return len(_ENCODED_WORD.findall(data))


def header_block(raw: bytes, limit: int | None = None) -> bytes:
    """The bytes before the first empty line (all of them when there is none), at most `limit`
    of them: sliced once, so a huge header block is never copied whole."""
    end = _block_end(raw, 0)
    return raw[:end if limit is None else min(end, limit)]


def within_bytes(raw: bytes) -> bool:
    """True when the message and its header block are within the byte limits. Checked before
    any parser sees a header, in every mailbox (issue 17: a 24 MB message of one folded Subject
    cost 823 MB in the header parser before the size check sent it to review)."""
    return (len(raw) <= settings.INTAKE_EMAIL_MAX_BYTES
            and _block_end(raw, 0) <= settings.INTAKE_EMAIL_MAX_HEADER_BYTES)


def encoded_words_by_header(raw: bytes, start: int = 0, end: int | None = None
                            ) -> Iterator[tuple[str, int]]:
    """(header name, encoded-words in it) for every header of the header block in
    raw[start:end]; folded lines count with the header they continue."""
    end = len(raw) if end is None else end
    starts = list(_HEADER_NAME.finditer(raw, start, end))
    for index, match in enumerate(starts):
        stop = starts[index + 1].start() if index + 1 < len(starts) else end
        count = len(_ENCODED_WORD.findall(raw, match.end(), stop))
        if count:
            yield match[1].decode("ascii", "replace").lower(), count


def shape(raw: bytes) -> Shape:
    """One pass over the message: no MIME parser, no decoding, no copies of the bytes. Stops
    counting parts one past the limit (the answer is "too many" either way)."""
    head_end = _block_end(raw, 0)
    # Every header block: the message's own, and each part's (right after its delimiter line).
    blocks = [(0, head_end)]
    boundaries = {match[1] or match[2] for match in _BOUNDARY.finditer(raw)}
    parts = depth = 0
    open_multiparts: list[bytes] = []
    for match in _DELIMITER.finditer(raw, head_end) if boundaries else ():
        boundary, closing = match[1], bool(match[2])
        if boundary not in boundaries:
            continue  # a line of text that starts with "--"
        if boundary in open_multiparts:
            del open_multiparts[open_multiparts.index(boundary) + 1:]  # inner ones ended unclosed
        else:
            open_multiparts.append(boundary)
            depth = max(depth, len(open_multiparts))
        if closing:
            open_multiparts.pop()
            continue
        parts += 1
        if parts > settings.INTAKE_EMAIL_MAX_PARTS:
            break
        blocks.append((match.end() + 1, _block_end(raw, match.end() + 1)))
    worst_name, worst = "", 0
    for start, end in blocks:
        for name, count in encoded_words_by_header(raw, start, end):
            if count > worst:
                worst_name, worst = name, count
    return Shape(size=len(raw), header_bytes=head_end, encoded_words=worst,
                 worst_header=worst_name, parts=parts, depth=depth)


def _block_end(raw: bytes, start: int) -> int:
    end = _HEADER_END.search(raw, start)
    return len(raw) if end is None else end.start()


def over_limits(raw: bytes) -> str:
    """Why this message must not be parsed ("" when it may be). The length first, so a 25 MB
    message is refused without a scan; then the most telling reason."""
    if len(raw) > settings.INTAKE_EMAIL_MAX_BYTES:
        return _("the message is %(size)s MB, over the limit of %(limit)s MB; it was kept but "
                 "not read") % {"size": round(len(raw) / 2**20, 1),
                                "limit": round(settings.INTAKE_EMAIL_MAX_BYTES / 2**20, 1)}
    found = shape(raw)
    if found.encoded_words > settings.INTAKE_EMAIL_MAX_ENCODED_WORDS:
        return _("%(header)s has %(count)s encoded words; limit %(limit)s; it was kept but not "
                 "read") % {"header": found.worst_header, "count": f"{found.encoded_words:,}",
                            "limit": f"{settings.INTAKE_EMAIL_MAX_ENCODED_WORDS:,}"}
    if found.parts > settings.INTAKE_EMAIL_MAX_PARTS:
        return _("the message has %(count)s MIME parts; limit %(limit)s; it was kept but not read") % {
            "count": f"{found.parts:,}", "limit": f"{settings.INTAKE_EMAIL_MAX_PARTS:,}"}
    if found.depth > settings.INTAKE_EMAIL_MAX_DEPTH:
        return _("its MIME parts nest %(depth)s deep; limit %(limit)s; it was kept but not read") % {
            "depth": found.depth, "limit": settings.INTAKE_EMAIL_MAX_DEPTH}
    head_size = found.header_bytes
    if head_size > settings.INTAKE_EMAIL_MAX_HEADER_BYTES:
        return _("the header block is %(size)s bytes; limit %(limit)s; it was kept but not read") % {
            "size": f"{head_size:,}", "limit": f"{settings.INTAKE_EMAIL_MAX_HEADER_BYTES:,}"}
    return ""


class ParseTimeout(BaseException):
    """The parse ran out of its time budget. A BaseException on purpose: the MIME reader catches
    `Exception` around every malformed part and must not swallow this one."""


@contextmanager
def parse_deadline(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout in the block after `seconds` (a real-time alarm). Only the main thread
    can take a signal: that is where Celery's prefork workers and `import_mail` run the parse; in
    any other thread (a threaded dev server's admin action) the block runs unbounded, behind the
    limits above. The block must not hold a database call (the alarm may land anywhere in it)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise ParseTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
