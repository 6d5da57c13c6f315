from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The top floor: the operator and manager screens, the home page and the demo data. What it
    plugs into lower floors is in desk/subscribers.py."""

    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from delivery.models import Courier
        from orders.models import Brand

        from .selectors import forget_queue_filter_choices

        # Cache invalidation only, no rule: the desk keeps the queue filter bar's brands and
        # couriers in the cache (desk.selectors.queue_filter_choices), and an edit anywhere (the
        # admin included) must show on the next page. Delivery and orders know nothing of it.
        for model in (Brand, Courier):
            for signal in (post_save, post_delete):
                signal.connect(forget_queue_filter_choices, sender=model,
                               dispatch_uid=f"desk-queue-choices-{signal is post_save}-{model.__name__}")
