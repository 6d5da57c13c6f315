"""What the desk says to customers, florists and couriers: the kinds of notice, the templates
managers edit, and each brand's switches. The messages themselves are core.OutboxMessage rows
(kind = a MessageKind, about = "order:<id>")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    """What a message about an order says. The messages themselves are core.OutboxMessage
    rows (kind = one of these, about = "order:<id>")."""

    CONFIRMATION = "confirmation", _("order confirmed")
    NOT_REACHED = "not_reached", _("could not reach you")
    CHANGED = "changed", _("order changed")
    TRACKING = "tracking", _("tracking number")
    ON_THE_WAY = "on_the_way", _("on the way")
    DELIVERED = "delivered", _("delivered")
    DELIVERY_FAILED = "delivery_failed", _("delivery failed")
    PARCEL_MOVED = "parcel_moved", _("parcel moved")
    PARCEL_WAITING = "parcel_waiting", _("parcel waits at the post office")
    CONTROL_RESOLVED = "control_resolved", _("after a missed delivery")
    FEEDBACK = "feedback", _("feedback request")
    ASSEMBLY_NOTICE = "assembly_notice", _("change notice to assembly")
    COURIER_NOTICE = "courier_notice", _("change notice to the courier")


class NoticeTemplate(models.Model):
    """What a customer notice says, per kind and language: managers edit it in the admin.
    Placeholders are `{name}` from a fixed set (notices.services.PLACEHOLDERS); no
    template tags, so an edited text can never reach anything else."""

    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("e-mail subject"), max_length=200)
    body = models.TextField(_("e-mail text"), max_length=5000)
    sms = models.CharField(_("SMS text"), max_length=480, blank=True,
                           help_text=_("Empty: no SMS for this notice in this language."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")
        constraints = [models.UniqueConstraint(fields=["kind", "language"],
                                               name="notice_template_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class BrandNotice(models.Model):
    """A brand's switches for one notice kind. No row: e-mail on, SMS off."""

    brand = models.ForeignKey("orders.Brand", on_delete=models.CASCADE, related_name="notices",
                              verbose_name=_("brand"))
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    email = models.BooleanField(_("send by e-mail"), default=True)
    sms = models.BooleanField(_("send by SMS"), default=False)

    class Meta:
        ordering = ["brand", "kind"]
        verbose_name = _("brand notice switch")
        verbose_name_plural = _("brand notice switches")
        constraints = [models.UniqueConstraint(fields=["brand", "kind"],
                                               name="brand_notice_once")]

    def __str__(self) -> str:
        return f"{self.brand} · {self.get_kind_display()}"
