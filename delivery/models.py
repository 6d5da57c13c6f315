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
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.order} · {self.courier} · {self.get_status_display()}"


# --- control ---
class ControlItem(models.Model):
    """One order on the next-morning control list (issue 12, step 8): its delivery date has
    passed and it is neither delivered nor cancelled. It leaves the list only with a
    resolution, which records how the customer was contacted."""

    class Reason(models.TextChoices):
        NOT_DELIVERED = "not_delivered", _("not delivered")
        FAILED = "failed", _("delivery failed")
        STALLED_PARCEL = "stalled_parcel", _("parcel not moving")

    class Resolution(models.TextChoices):
        DELIVERED_LATE = "delivered_late", _("delivered after all")
        SENT_AGAIN = "sent_again", _("sent again")
        REFUNDED = "refunded", _("refunded")
        CANCELLED = "cancelled", _("cancelled")

    class Contact(models.TextChoices):
        CALLED_REACHED = "called_reached", _("called, reached")
        CALLED_NOT_REACHED = "called_not_reached", _("called, not reached")
        EMAILED = "emailed", _("e-mailed")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE,
                              related_name="control_items", verbose_name=_("order"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="control_items", verbose_name=_("owner"))
    day = models.DateField(_("control day"))
    deadline = models.DateTimeField(_("deadline"))
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)
    failure_reason = models.CharField(_("failure reason"), max_length=20, blank=True,
                                      choices=DeliveryAttempt.FailureReason.choices)
    courier_note = models.TextField(_("courier's note"), blank=True)
    resolution = models.CharField(_("resolution"), max_length=20, blank=True,
                                  choices=Resolution.choices)
    contact = models.CharField(_("customer contacted"), max_length=20, blank=True,
                               choices=Contact.choices)
    resolution_note = models.TextField(_("told the customer"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("control item")
        verbose_name_plural = _("control items")
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(resolved_at__isnull=True),
                                    name="control_one_open_item"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | (~Q(resolution="") & ~Q(contact="")),
                name="control_resolved_has_resolution",
            ),
        ]
        indexes = [
            # The list's filters: every open item, overdue ones (deadline < now), mine.
            models.Index(fields=["deadline", "id"], condition=Q(resolved_at__isnull=True),
                         name="control_open"),
            models.Index(fields=["owner", "deadline"], condition=Q(resolved_at__isnull=True),
                         name="control_open_owner"),
            models.Index(fields=["day"], name="control_day"),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.day:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
