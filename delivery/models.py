"""Who carries an order, and what happened each time they tried."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.text import validate_line


class Courier(models.Model):
    class Kind(models.TextChoices):
        OWN = "own", _("own courier")
        THIRD_PARTY = "third_party", _("third-party service")
        POST = "post", _("post")

    name = models.CharField(_("name"), max_length=120, validators=[validate_line])
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True,
                              help_text=_("Told by e-mail when an order they carry changes."))
    company = models.CharField(_("company"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    carrier = models.ForeignKey("delivery.Carrier", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="couriers", verbose_name=_("carrier"),
                                help_text=_("For a post or a third-party service: whose tracking "
                                            "the parcels follow."))

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


# --- photos ---
def photo_upload_to(instance, filename: str) -> str:
    """A random name, never the order's number or the uploaded name: nobody can guess a path
    (the files are only ever served through a signed, expiring URL anyway)."""
    return f"photos/{uuid.uuid4().hex}.jpg"


class DeliveryPhoto(models.Model):
    """A photo of the finished bouquet (florist) or at the door (courier): resized, EXIF
    stripped, stored through Django's storage API (delivery.photos.photo_attach)."""

    class Kind(models.TextChoices):
        BOUQUET = "bouquet", _("the finished bouquet")
        DOOR = "door", _("at the door")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="photos",
                              verbose_name=_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    image = models.ImageField(_("image"), upload_to=photo_upload_to, max_length=200)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("attached by"))
    system = models.CharField(_("attached by (system)"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("attached"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("delivery photo")
        verbose_name_plural = _("delivery photos")
        indexes = [models.Index(fields=["order", "created_at"])]

    def __str__(self) -> str:
        return f"{self.order} · {self.get_kind_display()}"


class BrandPhotoPolicy(models.Model):
    """Which photos a brand takes (both off when a brand has no row: photos are opt-in)."""

    brand = models.OneToOneField("orders.Brand", on_delete=models.CASCADE,
                                 related_name="photo_policy", verbose_name=_("brand"))
    bouquet_photos = models.BooleanField(
        _("photo of the finished bouquet"), default=False,
        help_text=_("The florist may attach a photo once assembly is done; the customer sees it."))
    door_photos = models.BooleanField(
        _("photo at the door"), default=False,
        help_text=_("The courier may attach a photo at the door; the customer sees it."))

    class Meta:
        verbose_name = _("brand photo policy")
        verbose_name_plural = _("brand photo policies")

    def __str__(self) -> str:
        return str(self.brand)

    def allows(self, kind: str) -> bool:
        return {DeliveryPhoto.Kind.BOUQUET: self.bouquet_photos,
                DeliveryPhoto.Kind.DOOR: self.door_photos}.get(kind, False)
# --- track ---
class Carrier(models.Model):
    """A parcel network (the post, a third-party service): where the customer follows a parcel
    and, when it has one, the tracking API the desk polls. The API's shape is data: a URL
    template and a field mapping, like the partner feeds (delivery/tracking/adapters.py)."""

    class ApiKind(models.TextChoices):
        NONE = "none", _("no API: updated by hand in the desk")
        JSON = "json", _("JSON tracking endpoint")

    name = models.CharField(_("name"), max_length=120, unique=True)
    tracking_url_template = models.CharField(
        _("customer's tracking page"), max_length=500, blank=True,
        help_text=_("The page the customer follows the parcel on, with {number} for the "
                    "tracking number, e.g. https://track.example/{number}"))
    api_kind = models.CharField(_("tracking API"), max_length=8, choices=ApiKind.choices,
                                default=ApiKind.NONE)
    api_url_template = models.CharField(
        _("API URL"), max_length=500, blank=True,
        help_text=_("The carrier's JSON status of one parcel, with {number}."))
    mapping = models.JSONField(
        _("field mapping"), default=dict, blank=True,
        help_text=_('Where the answer says what: {"status": "data.status", "location": '
                    '"data.office", "happened_at": "data.updated", "waiting": ["AT_OFFICE"], '
                    '"delivered": ["DELIVERED"]} (paths are dotted; a number picks a list item).'))
    is_active = models.BooleanField(_("active"), default=True)
    # Health of the API, written by each poll (shown in the admin).
    last_poll_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .tracking.adapters import api_url_error, mapping_errors, template_error

        errors = {}
        for field in ("tracking_url_template", "api_url_template"):
            error = template_error(getattr(self, field))
            if error:
                errors[field] = error
        if self.api_url_template and "api_url_template" not in errors:
            error = api_url_error(self.api_url_template)
            if error:
                errors["api_url_template"] = error
        if self.api_kind != self.ApiKind.NONE:
            if not self.api_url_template:
                errors["api_url_template"] = _("A carrier with an API needs its URL.")
            problems = mapping_errors(self.mapping)
            if problems:
                errors["mapping"] = problems
        if errors:
            raise ValidationError(errors)


class ParcelEvent(models.Model):
    """One status of a parcel on the carrier's side (polled from its API or typed in the desk).
    A status is recorded once: the same words at the same moment are the same event."""

    attempt = models.ForeignKey(DeliveryAttempt, on_delete=models.CASCADE,
                                related_name="parcel_events", verbose_name=_("delivery attempt"))
    status = models.CharField(_("status"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    waiting = models.BooleanField(_("waits at a post office"), default=False)
    delivered = models.BooleanField(_("delivered"), default=False)
    happened_at = models.DateTimeField(_("when"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("who"))
    system = models.CharField(_("system"), max_length=60, blank=True)
    # What the carrier answered, cut to TRACKING_RAW_MAX_CHARS (for the curious, never parsed).
    raw = models.JSONField(_("as the carrier said it"), default=dict, blank=True)

    class Meta:
        ordering = ["happened_at", "id"]
        verbose_name = _("parcel status")
        verbose_name_plural = _("parcel statuses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "status", "happened_at"],
                                    name="parcel_event_once"),
        ]
        indexes = [models.Index(fields=["attempt", "happened_at"])]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.status}"
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
# --- dash ---
class DeliveryDay(models.Model):
    """The managers' dashboard reads these sums, never the orders: one row per delivery date,
    brand, channel and courier (none: not assigned). Rebuilt from the orders by
    delivery.rollup.rollup_refresh (a day after every status change, everything nightly);
    never edited by hand. Cancelled orders are in no figure. A row with `month` set holds the
    sums of a whole month (day = its first day), so that a year is read as 12 months.

    `level` says which of brand, channel and courier a row sums over (SQL's GROUPING(): 4
    brand, 2 channel, 1 courier; that column is then empty): 0 is the row of one brand, channel
    and courier, 7 the whole day. The dashboard reads the level its grouping and filters need,
    so a day is one row or a dozen, not one per brand, channel and courier (some 300 once a
    day has a few thousand orders)."""

    day = models.DateField(_("delivery date"))
    month = models.BooleanField(_("whole month"), default=False)
    level = models.PositiveSmallIntegerField(_("summed over"), default=0)
    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
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
            fields=["level", "month", "day", "brand", "channel", "courier"], nulls_distinct=False,
            name="delivery_day_once")]
        indexes = [models.Index(fields=["level", "month", "day", "brand", "channel"],
                                name="delivery_day_filter"),
                   # The chart, day by day, from the index alone (a year: no table reads).
                   models.Index(fields=["level", "month", "day"],
                                include=["brand", "channel", "orders", "on_time"],
                                name="delivery_day_chart")]

    def __str__(self) -> str:
        return f"{self.day} · {self.channel} · {self.orders}"


class ConfirmationDay(models.Model):
    """How long orders due on a day waited from arrival to confirmation: a histogram (orders
    per bucket of minutes, `minutes` the bucket's upper bound), so a median and a p90 over any
    range are a sum of a few rows. Rebuilt with DeliveryDay; whole months too; `level` as
    there (2 brand, 1 channel)."""

    day = models.DateField(_("delivery date"))
    month = models.BooleanField(_("whole month"), default=False)
    level = models.PositiveSmallIntegerField(_("summed over"), default=0)
    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    channel = models.CharField(_("channel"), max_length=16)
    minutes = models.PositiveIntegerField()
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("confirmation time figures")
        verbose_name_plural = _("confirmation time figures")
        constraints = [models.UniqueConstraint(
            fields=["level", "month", "day", "brand", "channel", "minutes"],
            nulls_distinct=False, name="confirmation_day_once")]
        # The histogram over a range from the index alone.
        indexes = [models.Index(fields=["level", "month", "day"],
                                include=["brand", "channel", "minutes", "orders"],
                                name="confirmation_day_range")]

    def __str__(self) -> str:
        return f"{self.day} · ≤{self.minutes} min · {self.orders}"


# Capacity (issue 20) lives in its own module; imported so Django registers its models.
from .capacity.models import (  # noqa: E402,F401
    Booking,
    DateCapacity,
    Hold,
    Slot,
    WindowCapacity,
    Zone,
    ZoneArea,
)
