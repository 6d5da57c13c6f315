"""Inquiries: customers' questions and calls, their threads, owners and reply clocks.

The clock (inquiries/clock.py) counts working time in Yerevan: WorkingHours per weekday
(several periods a day), Armenian public holidays off, PeakDay rows replacing a day's hours.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_line, validate_text

MAX_TEXT = 5000  # one message in a thread
SMS_MAX = 160  # a reply this short goes by SMS when the customer has no e-mail


TOKEN_BYTES = 8  # the [#INQ-…] subject token: 64 random bits, 16 hex digits (issue 17)


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES).upper()


# --- inq ---

class Tab(models.TextChoices):
    ORDER = "order", _("order questions")
    PRODUCT = "product", _("product questions")
    CALL = "call", _("call centre")


class InquiryChannel(models.TextChoices):
    STATUS_PAGE = "status_page", _("status page")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    CHAT = "chat", _("live chat")
    MESSENGER = "messenger", _("messenger")
    FEEDBACK = "feedback", _("feedback")


class InquiryState(models.TextChoices):
    OPEN = "open", _("open")
    WAITING = "waiting_customer", _("waiting for the customer")
    CLOSED = "closed", _("closed")
    DELETED = "deleted", _("deleted")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("resolved")
    NOT_RESOLVED = "not_resolved", _("not resolved")


class Inquiry(models.Model):
    tab = models.CharField(_("tab"), max_length=10, choices=Tab.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=InquiryChannel.choices)
    state = models.CharField(_("state"), max_length=16, choices=InquiryState.choices,
                             default=InquiryState.OPEN)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="inquiries", verbose_name=_("order"))
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="inquiries", verbose_name=_("product"))
    customer = models.ForeignKey("orders.Customer", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="inquiries",
                                 verbose_name=_("customer"))
    # What the customer gave, kept even when no customer row exists (an e-mail-only asker).
    name = models.CharField(_("name"), max_length=200, blank=True, validators=[validate_line])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="hy")
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    call_topic = models.ForeignKey("CallTopic", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="inquiries", verbose_name=_("call topic"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="inquiries", verbose_name=_("owner"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               blank=True)
    outcome_note = models.CharField(_("note"), max_length=2000, blank=True)
    token = models.CharField(_("token"), max_length=16, unique=True, default=new_token)
    # When the customer wrote, as the operator keys it (chat, messenger); else opened_at.
    customer_wrote_at = models.DateTimeField(_("customer wrote at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    # The clock: working seconds counted before the running segment, the running segment's
    # start (null while paused or closed), the due moment while running.
    clock_seconds = models.PositiveIntegerField(_("working seconds counted"), default=0)
    clock_running_since = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    last_customer_at = models.DateTimeField(null=True, blank=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_seconds = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    # A mail that points at another inquiry's thread (its Message-ID or subject token) from an
    # address that is not that inquiry's customer: opened on its own, with the thread it named
    # shown to the operator here; the named thread never shows this one (issue 17).
    suspected_thread = models.ForeignKey("self", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("possibly a reply to"))

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["tab", "state", "due_at"]),
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["state", "-closed_at"]),
            models.Index(fields=["opened_at"]),
            models.Index(fields=["owner", "opened_at"]),
            models.Index(fields=["channel", "opened_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self) -> str:
        return f"INQ-{self.token}"

    @property
    def is_active(self) -> bool:
        return self.state in (InquiryState.OPEN, InquiryState.WAITING)


class InquiryMessage(models.Model):
    class Direction(models.TextChoices):
        IN = "in", _("from the customer")
        OUT = "out", _("to the customer")
        NOTE = "note", _("internal")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    channel = models.CharField(max_length=12, choices=InquiryChannel.choices, blank=True)
    text = models.TextField(max_length=MAX_TEXT)
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    # E-mail threading: the Message-ID of this message (ours or the customer's).
    message_id = models.CharField(max_length=300, blank=True)
    outbox = models.ForeignKey("core.OutboxMessage", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    # The e-mail as it arrived (raw, kept by the intake), shown beside the thread.
    inbound = models.ForeignKey("channels_intake.InboundMessage", on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="inquiry_messages")
    # For an answer: working seconds since the customer's message it answers; first or next.
    response_seconds = models.PositiveIntegerField(null=True, blank=True)
    is_first_answer = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["inquiry", "at"]),
                   models.Index(fields=["message_id"]),
                   models.Index(fields=["direction", "at"])]

    def __str__(self) -> str:
        return f"{self.direction} {self.at:%Y-%m-%d %H:%M}"


class ReadyAnswer(models.Model):
    """An answer managers keep, in three languages, with {placeholders}."""

    topic = models.CharField(_("topic"), max_length=100)
    title = models.CharField(_("title"), max_length=200, validators=[validate_line])
    text_hy = models.TextField(_("text (Armenian)"), max_length=MAX_TEXT,
                               validators=[validate_text])
    text_ru = models.TextField(_("text (Russian)"), max_length=MAX_TEXT,
                               validators=[validate_text])
    text_en = models.TextField(_("text (English)"), max_length=MAX_TEXT,
                               validators=[validate_text])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = _("ready answer")
        verbose_name_plural = _("ready answers")
        # No index: a few dozen rows that managers keep, read whole (and the topic and title
        # are a column per language since they are translated).

    def __str__(self) -> str:
        return f"{self.topic}: {self.title}"

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") or self.text_en


class CallTopic(models.Model):
    """A hot-line topic; a call that is not about sales is forwarded to its address."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    forward_to = models.EmailField(_("forward to"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("call topic")
        verbose_name_plural = _("call topics")

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    """One working period of a weekday (0 = Monday), Yerevan time; several per day."""

    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")),
                               (3, _("Thursday")), (4, _("Friday")), (5, _("Saturday")),
                               (6, _("Sunday"))])
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="inq_hours_end_after_start")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class PeakDay(models.Model):
    """A day with its own periods (longer hours before a holiday); replaces the weekday's."""

    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["date", "start"]
        verbose_name = _("peak day period")
        verbose_name_plural = _("peak days")
        indexes = [models.Index(fields=["date"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="inq_peak_end_after_start")]

    def __str__(self) -> str:
        return f"{self.date} {self.start:%H:%M}–{self.end:%H:%M}"
