"""Zones, their capacity per window, and the ledger of places taken and held."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_line


class Zone(models.Model):
    """Where couriers go: a Yerevan district or a region. An order's zone is read from its
    address (delivery.capacity.zones.zone_for); an address naming no known area is in the
    default zone."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[validate_line])
    is_default = models.BooleanField(
        _("default zone"), default=False,
        help_text=_("Where an address that names no known district or region goes."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("delivery zone")
        verbose_name_plural = _("delivery zones")
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                               name="one_default_zone")]

    def __str__(self) -> str:
        return self.name


class ZoneArea(models.Model):
    """A name an address may carry for a zone: a district or a region, in any language."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="areas",
                             verbose_name=_("zone"))
    name = models.CharField(_("name in an address"), max_length=80, validators=[validate_line])

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("zone area")
        verbose_name_plural = _("zone areas")
        constraints = [models.UniqueConstraint(fields=["name"], name="zone_area_name_once")]

    def __str__(self) -> str:
        return self.name


class _Window(models.Model):
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    places = models.PositiveIntegerField(_("deliveries"))
    cutoff_minutes = models.PositiveIntegerField(
        _("closes this many minutes before it starts"), default=0,
        help_text=_("A new order for this window after then goes to a person (Asia/Yerevan). "
                    "0: open until it starts."))

    class Meta:
        abstract = True


class WindowCapacity(_Window):
    """How many deliveries a zone's window takes on a weekday. A zone without rows is not
    limited (the post, a third-party service)."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="windows",
                             verbose_name=_("zone"))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")),
                               (3, _("Thursday")), (4, _("Friday")), (5, _("Saturday")),
                               (6, _("Sunday"))])

    class Meta:
        ordering = ["zone", "weekday", "starts"]
        verbose_name = _("window capacity")
        verbose_name_plural = _("window capacities")
        constraints = [
            models.UniqueConstraint(fields=["zone", "weekday", "starts"],
                                    name="window_capacity_once"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")),
                                   name="window_capacity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class DateCapacity(_Window):
    """A day's own windows for a zone: when a date has any, they replace its weekday's."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="date_windows",
                             verbose_name=_("zone"))
    day = models.DateField(_("date"))

    class Meta:
        ordering = ["day", "zone", "starts"]
        verbose_name = _("window capacity on a date")
        verbose_name_plural = _("window capacities on a date")
        constraints = [
            models.UniqueConstraint(fields=["zone", "day", "starts"], name="date_capacity_once"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")),
                                   name="date_capacity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.day} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Slot(models.Model):
    """One zone's window on one date: the row every booker locks (SELECT ... FOR UPDATE) while
    it counts the places taken and held, so two bookers never both take the last one."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="slots")
    day = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["day", "starts", "zone"]
        verbose_name = _("window on a date")
        verbose_name_plural = _("windows on a date")
        constraints = [models.UniqueConstraint(fields=["zone", "day", "starts"],
                                               name="slot_once")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.day} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Booking(models.Model):
    """The ledger: the place an order takes. One row per order (a unique constraint: never
    counted twice); moving the order moves its row, cancelling or failing it deletes it."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE,
                                 related_name="booking", verbose_name=_("order"))
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="bookings",
                             verbose_name=_("zone"))
    day = models.DateField(_("date"))
    # None: the window is not limited (no capacity row covers it).
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="bookings", verbose_name=_("window"))
    over_capacity = models.BooleanField(_("over capacity"), default=False)
    override_reason = models.CharField(_("why a full window was overridden"), max_length=300,
                                       blank=True, validators=[validate_line])
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)

    class Meta:
        verbose_name = _("booked place")
        verbose_name_plural = _("booked places")
        indexes = [models.Index(fields=["slot"], name="booking_slot"),
                   models.Index(fields=["day", "zone"], name="booking_day")]

    def __str__(self) -> str:
        return f"{self.order} · {self.slot or self.zone}"


class Hold(models.Model):
    """A place an operator holds while the customer is on the phone, until `expires_at`. One
    per operator: picking another window moves it. Expired holds count for nothing."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="holds")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="capacity_hold")
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("held place")
        verbose_name_plural = _("held places")
        indexes = [models.Index(fields=["slot", "expires_at"], name="hold_slot")]

    def __str__(self) -> str:
        return f"{self.slot} · {self.user} · {self.expires_at:%H:%M}"
