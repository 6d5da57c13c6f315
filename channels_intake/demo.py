"""Demo mail configuration for `make run`: an .eml dropped into var/maildir/new/ becomes an order,
from the storefront senders the intake samples use, or forwarded by staff at rg.example."""

from __future__ import annotations

from django.conf import settings

from orders.models import Brand

from .models import Source, StorefrontSender, TrustedForwarder

# The storefront senders of the demo brands (those of the intake samples in
# channels_intake/tests/email/samples/ and of the tests' e-mails), and the company's own mail
# domain, whose staff forward storefront e-mails.
DEMO_STOREFRONT_SENDERS = {
    "flowers": "orders@flowers.rg.example",
    "gifts": "orders@gifts.rg.example",
    "sweets": "orders@sweets.rg.example",
}
DEMO_FORWARDING_DOMAIN = "rg.example"


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
    demo_storefront_senders()
    return source


def demo_support_mailbox() -> Source:
    """The support desk's local Maildir under VAR_DIR (var/support-maildir/), polled every 30 s:
    a customer's e-mail dropped into its new/ folder threads into the inquiry it answers, or
    opens a product question. Idempotent."""
    path = settings.VAR_DIR / "support-maildir"
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    source, _ = Source.objects.update_or_create(
        name="support-maildir",
        defaults={"kind": Source.Kind.MAILDIR, "path": str(path), "poll_interval": 30,
                  "is_active": True, "purpose": "support"},
    )
    return source


def demo_storefront_senders() -> list[StorefrontSender]:
    """Trust the demo storefront senders of the brands that exist, and forwards from
    rg.example. No DKIM domain: the demo has no DNS. Idempotent."""
    senders = []
    for brand in Brand.objects.filter(code__in=DEMO_STOREFRONT_SENDERS):
        sender, _ = StorefrontSender.objects.get_or_create(
            brand=brand, address=DEMO_STOREFRONT_SENDERS[brand.code])
        senders.append(sender)
    TrustedForwarder.objects.get_or_create(domain=DEMO_FORWARDING_DOMAIN)
    return senders
