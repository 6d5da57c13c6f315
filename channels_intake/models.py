"""Where orders come from: partners, sources that are polled, and every message as it arrived."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import netguard

# A source's password is read from the environment, but only from a variable whose name starts
# with this: a manager (or a row edited by SQL) can never make the poller send SECRET_KEY,
# DATABASE_URL or any other secret of the desk to a server of their choosing.
SOURCE_SECRET_PREFIX = "RG_SOURCE_SECRET_"
SOURCE_SECRET_NAME = re.compile(rf"^{SOURCE_SECRET_PREFIX}[A-Z0-9_]+$")


class Source(models.Model):
    """Something the workers poll: an IMAP mailbox, a local Maildir, or a partner's feed."""

    class Kind(models.TextChoices):
        IMAP = "imap", _("IMAP mailbox")
        MAILDIR = "maildir", _("local Maildir")
        FEED = "feed", _("partner feed")
        API = "api", _("partner API (pushed)")
        MANUAL = "manual", _("imported by hand")

    class Security(models.TextChoices):
        TLS = "tls", _("TLS")
        STARTTLS = "starttls", _("STARTTLS")
        NONE = "none", _("none (local test servers only)")

    name = models.SlugField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    brand = models.ForeignKey("orders.Brand", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="sources", verbose_name=_("brand"),
                              help_text=_("For a mailbox of one brand; empty when shared."))
    partner = models.ForeignKey("orders.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="sources", verbose_name=_("partner"))
    is_active = models.BooleanField(_("active"), default=True)
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    # --- inq --- what the mailbox is for: orders (read by the intake) or the support desk's
    # questions (handed to the registered support reader, the inquiries app).
    purpose = models.CharField(_("purpose"), max_length=10, default="orders", choices=[
        ("orders", _("orders")), ("support", _("support questions"))])

    # IMAP
    host = models.CharField(_("host"), max_length=200, blank=True)
    port = models.PositiveIntegerField(_("port"), null=True, blank=True)
    security = models.CharField(_("security"), max_length=10, choices=Security.choices,
                                default=Security.TLS)
    username = models.CharField(_("user"), max_length=200, blank=True)
    password_env = models.CharField(
        _("password variable"), max_length=100, blank=True,
        help_text=_("Name of the environment variable holding the password (it must start with "
                    "RG_SOURCE_SECRET_); never the password."),
    )
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    # Maildir
    path = models.CharField(_("path"), max_length=500, blank=True)
    # Feed
    url = models.URLField(_("feed URL"), max_length=500, blank=True)
    adapter = models.CharField(_("adapter"), max_length=40, blank=True)

    # Where the last committed poll stopped (IMAP UIDVALIDITY + UID, a feed cursor or page).
    cursor = models.JSONField(_("cursor"), default=dict, blank=True)

    # Health, shown to managers and on /healthz.
    last_poll_at = models.DateTimeField(_("last poll"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    # When the poller may read this source again: the interval after a success, a growing
    # backoff after failures (so a refused login is not hammered, and other sources go on).
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(fields=["is_active", "kind", "next_poll_at"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = source_safety_errors(self)
        if self.kind == self.Kind.FEED and self.url and "url" not in errors:
            try:
                netguard.check_url(self.url)
            except netguard.UnsafeURL as exc:
                errors["url"] = str(exc)
        if errors:
            raise ValidationError(errors)


def source_safety_errors(source: Source) -> dict[str, str]:
    """What makes a source unsafe to poll, by field: checked by the admin form (clean) and
    again by the poller right before it connects (a row may have been edited by SQL)."""
    errors = {}
    if source.password_env and not SOURCE_SECRET_NAME.match(source.password_env):
        errors["password_env"] = _(
            "The password variable must be named %(prefix)s… (capital letters, digits and _).",
        ) % {"prefix": SOURCE_SECRET_PREFIX}
    if (source.kind == Source.Kind.IMAP and source.security == Source.Security.NONE
            and not settings.INTAKE_IMAP_ALLOW_PLAINTEXT):
        errors["security"] = _("IMAP without TLS sends the password in clear text; it is "
                               "allowed only when INTAKE_IMAP_ALLOW_PLAINTEXT is on.")
    return errors


class InboundState(models.TextChoices):
    RECEIVED = "received", _("received, not processed yet")
    ORDER = "order", _("became an order")
    LEAD = "lead", _("became a lead")
    UPDATE = "update", _("updated an order")
    DUPLICATE = "duplicate", _("duplicate")
    REVIEW = "review", _("needs a person")
    IGNORED = "ignored", _("ignored")
    SUPPORT = "support", _("went to the support desk")


class InboundMessage(models.Model):
    """Every message exactly as it arrived, stored before it is parsed, ending in one state."""

    State = InboundState

    TERMINAL = {State.ORDER, State.LEAD, State.UPDATE, State.DUPLICATE, State.REVIEW,
                State.IGNORED, State.SUPPORT}

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="messages",
                               verbose_name=_("source"))
    # "mid:<Message-ID>" or "sha256:<content hash>" (e-mail), "ref:<id>" (feeds, API).
    dedup_key = models.CharField(_("dedup key"), max_length=300)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    raw = models.BinaryField(_("raw bytes"))
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sender = models.CharField(_("from"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.RECEIVED)
    reason = models.TextField(_("reason"), blank=True)
    parsed = models.JSONField(_("parsed"), default=dict, blank=True)
    order = models.ForeignKey("orders.Order", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="inbound_messages", verbose_name=_("order"))
    lead = models.ForeignKey("orders.Lead", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="inbound_messages", verbose_name=_("lead"))
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("original"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    # Counted before each reading, in a write of its own: a message that keeps failing or
    # killing its worker goes to review after INTAKE_EMAIL_MAX_ATTEMPTS (the poison rule).
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Where it was read from ("imap:<uidvalidity>:<uid>", "maildir:<file>", "file:<path>").
    origin = models.CharField(_("origin"), max_length=500, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    # Decoded once when the message is processed, bounded, for the pages that show it: they
    # never parse the raw bytes again (a big message would take a web worker with it).
    headers_text = models.TextField(_("headers, decoded"), blank=True)
    body_text = models.TextField(_("text, decoded"), blank=True)
    # A storefront order whose site number is taken by an order with other details: what
    # differs, [{"field", "first", "this"}], shown beside the first message in review.
    conflicts = models.JSONField(_("differences from the first"), default=list, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        constraints = [
            models.UniqueConstraint(fields=["source", "dedup_key"], name="inbound_once_per_source"),
            models.CheckConstraint(condition=Q(state__in=InboundState.values),
                                   name="inbound_state_known"),
        ]
        indexes = [
            models.Index(fields=["state", "received_at"]),
            models.Index(fields=["content_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.source} · {self.subject or self.dedup_key}"


class LabelSet(models.Model):
    """The labels of one storefront e-mail template (one language of it), kept as data so that a
    new template is added in the admin, not in code. Shipped defaults: docs/intake-formats.md, section 1."""

    # The fields a website e-mail may carry, in the order docs/intake-formats.md lists them.
    FIELDS = (
        "site_number", "placed_at", "customer_name", "customer_phone", "customer_email",
        "recipient_name", "recipient_phone", "address", "delivery_date", "delivery_window",
        "card_message", "anonymous", "payment", "paid", "promo_code", "comment", "items",
        "subtotal", "delivery_fee", "discount", "total",
    )
    # Words that stand for a value: yes/no and the payment methods.
    VALUE_KEYS = ("yes", "no", "card", "cash", "bank_transfer", "idram")

    name = models.SlugField(_("name"), max_length=60, unique=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    labels = models.JSONField(
        _("labels"), default=dict,
        help_text=_("Field name to the label the template prints, e.g. {\"site_number\": \"Order\"}; "
                    "a list when the template has several spellings."),
    )
    values = models.JSONField(
        _("value words"), default=dict, blank=True,
        help_text=_("yes, no, card, cash, bank_transfer, idram to the words the template uses."),
    )
    order_subject = models.CharField(
        _("order subject"), max_length=200, blank=True,
        help_text=_("Words in the subject of an order, e.g. \"New order\"."),
    )
    preorder_subject = models.CharField(
        _("pre-order subject"), max_length=200, blank=True,
        help_text=_("Words in the subject of a pre-order (payment not through), e.g. \"Pre Order\"."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("e-mail label set")
        verbose_name_plural = _("e-mail label sets")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = set(self.labels or {}) - set(self.FIELDS) if isinstance(self.labels, dict) else None
        if unknown is None or not _words_ok(self.labels):
            errors["labels"] = _("A mapping of field name to a label or a list of labels.")
        elif unknown:
            errors["labels"] = _("Unknown fields: %(names)s. Known: %(known)s.") % {
                "names": ", ".join(sorted(unknown)), "known": ", ".join(self.FIELDS)}
        values = self.values or {}
        if not isinstance(values, dict) or not _words_ok(values) or set(values) - set(self.VALUE_KEYS):
            errors["values"] = _("A mapping of %(keys)s to a word or a list of words.") % {
                "keys": ", ".join(self.VALUE_KEYS)}
        if errors:
            raise ValidationError(errors)


def _words_ok(mapping) -> bool:
    return all(isinstance(value, str) or (isinstance(value, list)
                                          and all(isinstance(word, str) for word in value))
               for value in mapping.values())


class PartnerLayout(models.Model):
    """How one partner abroad writes its order e-mails: recognised by the sender (and the
    subject), read by its labels. Data, like LabelSet: a new partner needs no code change."""

    FIELDS = (
        "partner_order_id", "sender_name", "sender_email", "sender_phone", "recipient_name",
        "recipient_phone", "address", "delivery_date", "delivery_window", "product",
        "product_code", "quantity", "amount", "card_message", "instructions",
    )

    name = models.SlugField(_("name"), max_length=60, unique=True)
    partner_code = models.SlugField(
        _("partner code"), max_length=40,
        help_text=_("Code of the partner its orders belong to (see Partners)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sender_contains = models.CharField(
        _("sender contains"), max_length=200, blank=True,
        help_text=_("Part of the From address that identifies the partner, e.g. its domain."),
    )
    subject_pattern = models.CharField(
        _("subject pattern"), max_length=300, blank=True,
        help_text=_("A regular expression the subject matches; a group named ref is the order id."),
    )
    labels = models.JSONField(_("labels"), default=dict,
                              help_text=_("Field name to the label the partner writes."))
    default_currency = models.CharField(_("default currency"), max_length=3, default="USD")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner e-mail layout")
        verbose_name_plural = _("partner e-mail layouts")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.labels, dict) or not _words_ok(self.labels):
            errors["labels"] = _("A mapping of field name to a label or a list of labels.")
        elif set(self.labels) - set(self.FIELDS):
            errors["labels"] = _("Unknown fields: %(names)s. Known: %(known)s.") % {
                "names": ", ".join(sorted(set(self.labels) - set(self.FIELDS))),
                "known": ", ".join(self.FIELDS)}
        if self.subject_pattern:
            try:
                re.compile(self.subject_pattern)
            except re.error as exc:
                errors["subject_pattern"] = _("Not a regular expression: %(error)s") % {"error": exc}
        if errors:
            raise ValidationError(errors)


class StorefrontSender(models.Model):
    """An address a brand's storefront sends its order e-mails from (issue #11). A storefront
    e-mail from any other address goes to review as *unverified sender*, never to an order."""

    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE,
                              related_name="storefront_senders", verbose_name=_("brand"))
    address = models.EmailField(_("address"),
                                help_text=_("The From: address, e.g. orders@flowers.rg.example."))
    dkim_domain = models.CharField(
        _("DKIM domain"), max_length=253, blank=True,
        help_text=_("When set, its e-mails count only with a valid DKIM signature of this domain "
                    "(d=), e.g. flowers.rg.example."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["brand", "address"]
        verbose_name = _("storefront sender")
        verbose_name_plural = _("storefront senders")
        constraints = [models.UniqueConstraint(fields=["brand", "address"],
                                               name="storefront_sender_once_per_brand")]

    def __str__(self) -> str:
        return self.address

    def clean(self) -> None:
        self.address = (self.address or "").strip().lower()
        self.dkim_domain = (self.dkim_domain or "").strip().strip(".").lower()


class TrustedForwarder(models.Model):
    """A mail domain of the company's own staff: a storefront e-mail they forward is judged by
    the forwarded message's sender (issue #11)."""

    domain = models.CharField(_("domain"), max_length=253, unique=True,
                              help_text=_("e.g. rg.example (its subdomains are included)."))
    dkim_domain = models.CharField(
        _("DKIM domain"), max_length=253, blank=True,
        help_text=_("When set, a forward counts only with a valid DKIM signature of this domain. "
                    "Needed to forward e-mails of senders that have a DKIM domain."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("trusted forwarding domain")
        verbose_name_plural = _("trusted forwarding domains")

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        self.domain = (self.domain or "").strip().strip(".").lower()
        self.dkim_domain = (self.dkim_domain or "").strip().strip(".").lower()


# Partner integration tables (API keys, idempotency, webhooks) live in their own module.
from .partner_models import (  # noqa: E402, F401
    IdempotencyKey,
    PartnerAPIKey,
    WebhookEndpoint,
)
