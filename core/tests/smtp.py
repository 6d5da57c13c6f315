"""A real SMTP server for tests (aiosmtpd on a free local port): it keeps what it accepted,
and can hold one recipient's message until the test lets it go (a send in flight)."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPSink:
    """handle_DATA of aiosmtpd. A message for `hold_for` waits (the client waits for the
    server's answer) until `release` is set, then is refused with 451: never accepted."""

    def __init__(self, *, hold_for: str = ""):
        self.accepted: list[Message] = []
        self.hold_for = hold_for
        self.holding = threading.Event()  # a held message has arrived
        self.release = threading.Event()
        self.held = 0

    async def handle_DATA(self, server, session, envelope):
        if self.hold_for and self.hold_for in envelope.rcpt_tos and self.held == 0:
            self.held += 1
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 the client went away before this was accepted"
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.accepted.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [message for message in self.accepted if address in message["X-Envelope-To"]]


class SMTPServer:
    def __init__(self, *, port: int | None = None, hold_for: str = ""):
        self.port = port or free_port()
        self.sink = SMTPSink(hold_for=hold_for)
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sink.release.set()
        self.controller.stop()


def use_smtp(settings, port: int) -> None:
    """Point Django's mail at a local SMTP server (plain, no login, short timeout)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 10
