from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


# --- feedback ---
class Feedback(models.Model):
    """One feedback request per delivered order, and the customer's answer when they give
    one: an unanswered request counts against the response rate."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE,
                                 related_name="feedback", verbose_name=_("order"))
    # Copied when the request goes out, so the managers' page groups without joins through
    # the attempts: the brand and channel of the order, the courier who delivered it.
    brand = models.ForeignKey("orders.Brand", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("brand"))
    channel = models.CharField(_("channel"), max_length=16)
    courier = models.ForeignKey("delivery.Courier", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("courier"))
    requested_at = models.DateTimeField(_("request sent"), default=timezone.now)
    # False: the brand's switches and the customer's details left no way to ask (no e-mail,
    # no SMS); such a row only keeps the order from being tried again, and is not counted.
    sent = models.BooleanField(_("request went out"), default=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True)
                                   | Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
            models.CheckConstraint(condition=Q(answered_at__isnull=True)
                                   | Q(rating__isnull=False), name="feedback_answer_has_rating"),
        ]
        indexes = [models.Index(fields=["requested_at"], name="feedback_requested"),
                   models.Index(fields=["rating", "answered_at"], name="feedback_rating")]

    def __str__(self) -> str:
        return f"{self.order} · {self.rating or '—'}"
