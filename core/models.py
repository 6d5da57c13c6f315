"""People of the desk. Roles are Django groups (see roles.py); the rest is plumbing."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="hy",
        help_text=_("The desk is shown in this language after login."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class OutboxMessage(models.Model):
    """One message that leaves the desk (customer e-mail, partner webhook, SMS later).

    Written in the transaction of the change that causes it; a worker claims it (state
    `sending` with a lease), sends it outside any transaction and records the outcome in a
    write of its own. See core/outbox.py for the rules."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        WEBHOOK = "webhook", _("webhook")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will retry")
        DEAD = "dead", _("failed for good")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # What caused it, unique with the recipient and channel: the same change never makes
    # two messages to one recipient (e.g. "order.changed:42:v7").
    event = models.CharField(_("event"), max_length=120)
    recipient = models.CharField(_("recipient"), max_length=500)
    kind = models.CharField(_("kind"), max_length=40, blank=True,
                            help_text=_("What the message says, e.g. confirmation."))
    about = models.CharField(_("about"), max_length=60, blank=True, db_index=True,
                             help_text=_("What it concerns, e.g. order:42."))
    payload = models.JSONField(_("payload"), default=dict)
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient", "channel"],
                                    name="outbox_once_per_event_recipient_channel"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind or self.event} → {self.recipient}"


class RateCounter(models.Model):
    """Hits of one key in one window of time (core/ratelimit.py): a row per key and window,
    counted by a conditional UPDATE, so a limit holds exactly under concurrent requests on
    every database, whatever the cache is."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("hits"), default=0)
    expires_at = models.DateTimeField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
