"""Demo mail source for `make run`: an .eml dropped into var/maildir/new/ becomes an order."""

from __future__ import annotations

from django.conf import settings

from .models import Source


def demo_mail_sources() -> Source:
    """The local Maildir under VAR_DIR, polled every 30 s (beat looks every 15 s): a dropped
    message is an order within a minute. Idempotent."""
    path = settings.VAR_DIR / "maildir"
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    source, _ = Source.objects.update_or_create(
        name="local-maildir",
        defaults={"kind": Source.Kind.MAILDIR, "path": str(path), "poll_interval": 30,
                  "is_active": True},
    )
    return source
