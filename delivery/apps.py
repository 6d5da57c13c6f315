from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """What delivery hears and plugs into lower floors is in delivery/subscribers.py."""

    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow refuses what is over its own bomb limit wherever it is used in the process;
        # photos (delivery/photo_image.py) check PHOTO_MAX_PIXELS from the header first.
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
