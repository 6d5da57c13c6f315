"""Orders, the people in them, and their timeline. Workflows live in services/."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from catalog.models import CURRENCY_CHOICES
from core.text import validate_line, validate_text

from .rules import OPEN, Status

MONEY = {"max_digits": 12, "decimal_places": 2}


class Brand(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[validate_line])
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Sender of customer e-mails."))
    assembly_email = models.EmailField(
        _("assembly e-mail"), blank=True,
        help_text=_("The florist or warehouse: told by e-mail when an order being assembled changes."))
    site_domain = models.CharField(_("site domain"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A company that sends orders: a local app (menu.am...), a relay network abroad, an API client."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[validate_line])
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="partners",
                              verbose_name=_("brand its orders go to"))
    is_active = models.BooleanField(_("active"), default=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        # Moved from channels_intake (migration orders 0005): the table keeps its name.
        db_table = "channels_intake_partner"
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEBSITE = "website", _("website")
    PHONE_1 = "phone_1", _("phone line 1")
    PHONE_2 = "phone_2", _("phone line 2")
    LIVE_CHAT = "live_chat", _("live chat")
    VIBER = "viber", _("Viber")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    SKYPE = "skype", _("Skype")
    FACEBOOK = "facebook", _("Facebook")
    PARTNER_APP = "partner_app", _("partner app")
    PARTNER_EMAIL = "partner_email", _("partner e-mail")
    PARTNER_API = "partner_api", _("partner API")
    PREORDER = "preorder", _("pre-order")


PARTNER_CHANNELS = {Channel.PARTNER_APP, Channel.PARTNER_EMAIL, Channel.PARTNER_API}
# Keyed by an operator while the customer talks or writes (the quick-entry form).
OPERATOR_CHANNELS = {
    Channel.PHONE_1, Channel.PHONE_2, Channel.LIVE_CHAT, Channel.VIBER, Channel.WHATSAPP,
    Channel.TELEGRAM, Channel.SKYPE, Channel.FACEBOOK,
}


class PaymentMethod(models.TextChoices):
    CARD = "card", _("card")
    CASH = "cash", _("cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("bank transfer")
    IDRAM = "idram", _("Idram")
    UNKNOWN = "unknown", _("not stated")


class Customer(models.Model):
    """One customer per phone number (E.164): the same person by any channel is one row."""

    phone = PhoneNumberField(_("phone"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True, validators=[validate_line])
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default="hy")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name or '—'} ({self.phone})"


class Order(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="orders",
                              verbose_name=_("brand"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    site_number = models.CharField(_("site order number"), max_length=40, blank=True)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="orders",
                                verbose_name=_("partner"))
    partner_order_id = models.CharField(_("partner order id"), max_length=80, blank=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders",
                                 verbose_name=_("customer"))

    recipient_name = models.CharField(_("recipient"), max_length=200, validators=[validate_line])
    recipient_phone = PhoneNumberField(_("recipient phone"), blank=True)
    recipient_address = models.TextField(_("delivery address"), validators=[validate_text])
    delivery_date = models.DateField(_("delivery date"))
    # The window is stored as aware datetimes (UTC in the database), shown in Asia/Yerevan.
    window_start = models.DateTimeField(_("window from"), null=True, blank=True)
    window_end = models.DateTimeField(_("window until"), null=True, blank=True)
    card_message = models.TextField(_("card message"), blank=True, validators=[validate_text])
    is_anonymous = models.BooleanField(_("anonymous sender"), default=False)
    customer_comment = models.TextField(_("customer comment"), blank=True,
                                        validators=[validate_text])

    payment_method = models.CharField(_("payment"), max_length=16, choices=PaymentMethod.choices,
                                      default=PaymentMethod.UNKNOWN)
    is_paid = models.BooleanField(_("paid"), default=False)
    promo_code = models.ForeignKey("catalog.PromoCode", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="orders", verbose_name=_("promo code"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES,
                                default=settings.DEFAULT_CURRENCY)
    subtotal = models.DecimalField(_("subtotal"), **MONEY, default=Decimal("0"))
    delivery_fee = models.DecimalField(_("delivery fee"), **MONEY, default=Decimal("0"))
    discount = models.DecimalField(_("discount"), **MONEY, default=Decimal("0"))
    total = models.DecimalField(_("total"), **MONEY, default=Decimal("0"))

    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NEW)
    # Raised on every change; a write that names an older version is refused (optimistic lock).
    version = models.PositiveIntegerField(_("version"), default=1)
    # Reasons a person must look at this order; empty when none.
    has_unknown_items = models.BooleanField(_("unknown items"), default=False)
    has_total_mismatch = models.BooleanField(_("total mismatch"), default=False)
    # Set at intake: the delivery date had already passed when the order arrived, and a line's
    # stated (site) price differed from the catalog's. Cleared when a person marks the order
    # handled; the date one also when the delivery date is edited to today or later.
    has_past_date = models.BooleanField(_("delivery date already passed"), default=False)
    has_price_mismatch = models.BooleanField(_("price differs from the catalog"), default=False)
    # Set when the order took a place in a window that was already full (orders.capacity): an
    # e-mail or feed order cannot be refused at its source, so a person moves it or keeps it.
    over_capacity = models.BooleanField(_("over capacity"), default=False)
    # Set when the order arrived after its window had closed for new orders (its cut-off).
    past_cutoff = models.BooleanField(_("arrived after the cut-off"), default=False)
    # Something arrived that the desk could not apply by itself (a partner's change after the
    # order left with the courier): shown on the order and in "needs a person" until handled.
    attention = models.CharField(_("needs a person because"), max_length=500, blank=True)

    # When the order was confirmed and by whom (None: a process, not a person), written by the
    # state machine as it confirms; the figures and the control list read these, never the
    # timeline, which is a record for people.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("confirmed by"))

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["delivery_date", "window_start", "created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(fields=["brand", "site_number"],
                                    condition=~Q(site_number=""), name="order_site_number_once"),
            models.UniqueConstraint(fields=["partner", "partner_order_id"],
                                    condition=~Q(partner_order_id=""),
                                    name="order_partner_ref_once"),
            models.CheckConstraint(condition=Q(status__in=Status.values),
                                   name="order_status_known"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values),
                                   name="order_channel_known"),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, delivery_fee__gte=0, discount__gte=0, total__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True) | Q(window_end__isnull=True)
                | Q(window_end__gt=models.F("window_start")),
                name="order_window_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "delivery_date", "window_start"]),
            models.Index(fields=["delivery_date", "window_start", "created_at"]),
            models.Index(fields=["channel", "delivery_date"]),
            models.Index(fields=["brand", "delivery_date"]),
            models.Index(fields=["recipient_phone"]),
            models.Index(fields=["updated_at"]),
            # The desk's queue (issue #6): the open orders by urgency, the "needs a person"
            # filter, and the search by site or partner order number alone.
            models.Index(fields=["delivery_date", "window_start", "created_at"],
                         condition=Q(status__in=[status.value for status in OPEN]),
                         name="order_open_queue"),
            models.Index(fields=["delivery_date", "window_start", "created_at"],
                         condition=Q(has_unknown_items=True) | Q(has_total_mismatch=True)
                         | Q(has_past_date=True) | Q(has_price_mismatch=True)
                         | Q(over_capacity=True) | Q(past_cutoff=True)
                         | Q(status="awaiting_customer") | ~Q(attention=""),
                         name="order_needs_person"),
            models.Index(fields=["site_number"], name="order_site_number"),
            models.Index(fields=["partner_order_id"], name="order_partner_order_id"),
            models.Index(fields=["customer", "created_at"], name="order_customer_recent"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def number(self) -> str:
        return f"RG-{self.pk:06d}" if self.pk else "RG-new"

    @property
    def needs_attention(self) -> bool:
        """A stored reason (see orders.selectors.needs_person_reasons for all of them, with
        the time-dependent "today's window has passed")."""
        return (self.has_unknown_items or self.has_total_mismatch or self.has_past_date
                or self.has_price_mismatch or self.over_capacity or self.past_cutoff
                or bool(self.attention))


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="order_lines", verbose_name=_("product"))
    sku = models.CharField(_("SKU as received"), max_length=40, blank=True)
    name = models.CharField(_("name as received"), max_length=300, validators=[validate_line])
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    # An add-on an operator sold on top of what the customer asked for.
    is_upsell = models.BooleanField(_("upsell"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="line_price_not_negative"),
        ]

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def display_name(self) -> str:
        """The catalog's name in the active language; the name as received for an item the
        catalog does not know."""
        return self.product.name if self.product_id else self.name

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"


class OrderEvent(models.Model):
    """The timeline: who or which system did what to an order, when, from where."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STATUS_CHANGED = "status_changed", _("status changed")
        EDITED = "edited", _("edited")
        PROMO_APPLIED = "promo_applied", _("promo code applied")
        LEAD_CONVERTED = "lead_converted", _("completed a pre-order")
        STOCK_RESERVED = "stock_reserved", _("stock reserved")
        STOCK_RELEASED = "stock_released", _("stock released")
        COURIER_ASSIGNED = "courier_assigned", _("courier assigned")
        DELIVERY_ATTEMPT = "delivery_attempt", _("delivery attempt")
        MESSAGE_SENT = "message_sent", _("message to customer")
        NOTE = "note", _("note")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("who"))
    system = models.CharField(_("system"), max_length=60, blank=True,
                              help_text=_("The process that acted when no person did."))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    message = models.TextField(_("what happened"), blank=True,
                               help_text=_("What a person wrote, as written."))
    # What the desk itself said, as a phrase code and its values ({"code", "params"}): said in
    # the reader's language when shown (orders.timeline), never in the actor's (issue 17).
    said = models.JSONField(_("said by the desk"), default=dict, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        indexes = [models.Index(fields=["order", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.message}"


class Lead(models.Model):
    """A checkout whose payment failed: someone to call and help finish the purchase."""

    class Status(models.TextChoices):
        OPEN = "open", _("to call")
        CONVERTED = "converted", _("completed as an order")
        NOT_INTERESTED = "not_interested", _("not interested")
        UNREACHABLE = "unreachable", _("unreachable")

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="leads")
    site_number = models.CharField(_("site order number"), max_length=40, blank=True)
    # Where the pre-order came from: conversion per channel is counted from it, whatever
    # channel the order that completes it is keyed on (issue 17).
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices,
                               default=Channel.PREORDER)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="leads")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.OPEN)
    # The pre-order as it arrived (a NormalizedOrder), so an operator can complete it.
    details = models.JSONField(_("details"), default=dict)
    total = models.DecimalField(_("total"), **MONEY, default=Decimal("0"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES,
                                default=settings.DEFAULT_CURRENCY)
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    order = models.OneToOneField(Order, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="lead", verbose_name=_("order"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(fields=["brand", "site_number"],
                                    condition=~Q(site_number=""), name="lead_site_number_once"),
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(order__isnull=False),
                name="lead_converted_has_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"]),
                   models.Index(fields=["status", "delivery_date"], name="lead_queue"),
                   # The dashboard's pre-orders created in a range, from the index alone.
                   models.Index(fields=["created_at"], include=["brand", "channel", "status"],
                                name="lead_created")]

    def __str__(self) -> str:
        return f"{self.brand.code} #{self.site_number or self.pk}"
