"""Who carries an order, and what happened each time they tried."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class Courier(models.Model):
    class Kind(models.TextChoices):
        OWN = "own", _("own courier")
        THIRD_PARTY = "third_party", _("third-party service")
        POST = "post", _("post")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True,
                              help_text=_("Told by e-mail when an order they carry changes."))
    company = models.CharField(_("company"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("courier")
        verbose_name_plural = _("couriers")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Assignment(models.Model):
    """The courier currently responsible for an order (reassigning replaces it)."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE,
                                 related_name="assignment", verbose_name=_("order"))
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="assignments",
                                verbose_name=_("courier"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("courier assignment")
        verbose_name_plural = _("courier assignments")
        indexes = [models.Index(fields=["courier", "assigned_at"])]

    def __str__(self) -> str:
        return f"{self.order} → {self.courier}"


class DeliveryAttempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("on the way")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    class FailureReason(models.TextChoices):
        RECIPIENT_ABSENT = "recipient_absent", _("recipient not there")
        WRONG_ADDRESS = "wrong_address", _("wrong address")
        REFUSED = "refused", _("refused")
        UNREACHABLE = "unreachable", _("recipient unreachable")
        DAMAGED = "damaged", _("damaged on the way")
        OTHER = "other", _("other")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="attempts",
                              verbose_name=_("order"))
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="attempts",
                                verbose_name=_("courier"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.IN_PROGRESS)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=20,
                                      choices=FailureReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    received_by = models.CharField(_("received by"), max_length=200, blank=True,
                                   help_text=_("Who took the order when it was not the recipient."))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        constraints = [
            # At most one attempt on the road per order: a courier is never sent twice.
            models.UniqueConstraint(fields=["order"], condition=Q(status="in_progress"),
                                    name="one_attempt_in_progress"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""),
                name="failed_attempt_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"]),
                   # The queue's "failed because" filter (dash).
                   models.Index(fields=["failure_reason", "order"], name="attempt_reason")]

    def __str__(self) -> str:
        return f"{self.order} · {self.courier} · {self.get_status_display()}"


# --- dash ---
class DeliveryDay(models.Model):
    """The managers' dashboard reads these sums, never the orders: one row per delivery date,
    brand, channel and courier (none: not assigned). Rebuilt from the orders by
    delivery.figures.rollup_refresh (a day after every status change, everything nightly);
    never edited by hand. Cancelled orders are in no figure. A row with `month` set holds the
    sums of a whole month (day = its first day), so that a year is read as 12 months."""

    day = models.DateField(_("delivery date"))
    month = models.BooleanField(_("whole month"), default=False)
    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16)
    courier = models.ForeignKey(Courier, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    orders = models.PositiveIntegerField(default=0)  # due that day (not cancelled)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    still_open = models.PositiveIntegerField(default=0)
    failed_orders = models.PositiveIntegerField(default=0)  # failed at least once
    # Failed attempts by reason, counted on the failing attempt's courier.
    failed_recipient_absent = models.PositiveIntegerField(default=0)
    failed_wrong_address = models.PositiveIntegerField(default=0)
    failed_refused = models.PositiveIntegerField(default=0)
    failed_unreachable = models.PositiveIntegerField(default=0)
    failed_damaged = models.PositiveIntegerField(default=0)
    failed_other = models.PositiveIntegerField(default=0)
    revenue = models.DecimalField(max_digits=16, decimal_places=2, default=0)  # AMD orders
    revenue_orders = models.PositiveIntegerField(default=0)
    cash_collected = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    lines = models.PositiveIntegerField(default=0)
    upsell_lines = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("delivery day figures")
        verbose_name_plural = _("delivery day figures")
        constraints = [models.UniqueConstraint(
            fields=["month", "day", "brand", "channel", "courier"], nulls_distinct=False,
            name="delivery_day_once")]
        indexes = [models.Index(fields=["month", "day", "brand", "channel"],
                                name="delivery_day_filter"),
                   # The chart, day by day, from the index alone (a year: no table reads).
                   models.Index(fields=["month", "day"], include=["brand", "channel", "orders",
                                                                  "on_time"],
                                name="delivery_day_chart")]

    def __str__(self) -> str:
        return f"{self.day} · {self.channel} · {self.orders}"


class ConfirmationDay(models.Model):
    """How long orders due on a day waited from arrival to confirmation: a histogram (orders
    per bucket of minutes, `minutes` the bucket's upper bound), so a median and a p90 over any
    range are a sum of a few rows. Rebuilt with DeliveryDay; whole months too."""

    day = models.DateField(_("delivery date"))
    month = models.BooleanField(_("whole month"), default=False)
    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16)
    minutes = models.PositiveIntegerField()
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("confirmation time figures")
        verbose_name_plural = _("confirmation time figures")
        constraints = [models.UniqueConstraint(
            fields=["month", "day", "brand", "channel", "minutes"],
            name="confirmation_day_once")]
        # The histogram over a range from the index alone.
        indexes = [models.Index(fields=["month", "day"],
                                include=["brand", "channel", "minutes", "orders"],
                                name="confirmation_day_range")]

    def __str__(self) -> str:
        return f"{self.day} · ≤{self.minutes} min · {self.orders}"
