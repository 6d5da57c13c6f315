"""What the company sells, where it is, and what goes well with it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_line, validate_text

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


# Names and descriptions of categories, products, stock locations and promotions carry hy, ru
# and en: django-modeltranslation adds `name_hy`, `name_ru`, `name_en` (and so on) beside each
# field registered in catalog/translation.py, and `name` reads the active language's, falling
# back to English (MODELTRANSLATION_FALLBACK_LANGUAGES).


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_line])
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_mourning = models.BooleanField(
        _("mourning"), default=False,
        help_text=_("Funeral goods: festive add-ons are never offered with them."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_text])
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("category"))
    brands = models.ManyToManyField("orders.Brand", related_name="products", blank=True,
                                    verbose_name=_("brands"))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES,
                                default=settings.DEFAULT_CURRENCY)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]
        indexes = [models.Index(fields=["category", "is_active"])]

    def __str__(self) -> str:
        return f"{self.sku} · {self.name}"


class Location(models.Model):
    class Kind(models.TextChoices):
        SHOP = "shop", _("shop")
        WAREHOUSE = "warehouse", _("warehouse")
        SUPPLIER = "supplier", _("supplier")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Reservations take from the lowest priority number first: the shop before the warehouse
    # before a supplier, so an order ships from the nearest stock.
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")

    def __str__(self) -> str:
        return self.name


class StockItem(models.Model):
    """How many of a product a location holds, and how many of those orders have claimed."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stock",
                                verbose_name=_("product"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock",
                                 verbose_name=_("location"))
    on_hand = models.PositiveIntegerField(_("on hand"), default=0)
    reserved = models.PositiveIntegerField(_("reserved"), default=0)

    class Meta:
        ordering = ["location__priority", "product__sku"]
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.UniqueConstraint(fields=["product", "location"], name="stock_one_row_per_place"),
            # The database itself refuses an oversell, whatever the code above it does.
            models.CheckConstraint(condition=Q(reserved__lte=F("on_hand")),
                                   name="stock_reserved_within_on_hand"),
        ]

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved

    def __str__(self) -> str:
        return f"{self.product.sku} @ {self.location}: {self.free}/{self.on_hand}"


class Reservation(models.Model):
    """Stock held for one order line, so that a cancel releases exactly what was taken."""

    stock = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="reservations")
    line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE,
                             related_name="reservations")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="reservation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.stock}"


class AddOnRule(models.Model):
    """Offer `addon` with orders that contain `category`."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="addon_rules",
                                 verbose_name=_("with category"))
    addon = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="offered_with",
                              verbose_name=_("add-on"))
    is_festive = models.BooleanField(
        _("festive"), default=True,
        help_text=_("Festive add-ons (balloons, party cards...) are never offered for mourning orders."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("add-on rule")
        verbose_name_plural = _("add-on rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "addon"], name="addon_rule_once"),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.addon}"


class Promotion(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("percentage")
        FIXED = "fixed", _("fixed amount")

    name = models.CharField(_("name"), max_length=120, validators=[validate_line])
    description = models.TextField(
        _("description"), blank=True, validators=[validate_text],
        help_text=_("What the customer is told about the offer (e-mails, the desk)."))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=settings.DEFAULT_CURRENCY,
        help_text=_("For a fixed amount: the currency it is in."),
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")),
                                   name="promotion_window_ordered"),
            models.CheckConstraint(
                condition=Q(kind="fixed") | Q(value__lte=100), name="promotion_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PromoCode(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="codes",
                                  verbose_name=_("promotion"))
    max_uses = models.PositiveIntegerField(
        _("usage limit"), null=True, blank=True,
        help_text=_("Empty for unlimited. A single-use code has 1."),
    )
    times_used = models.PositiveIntegerField(_("times used"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(times_used__lte=F("max_uses")),
                name="promo_code_within_limit",
            ),
        ]

    @property
    def is_single_use(self) -> bool:
        return self.max_uses == 1

    def __str__(self) -> str:
        return self.code
