"""People of the desk. Roles are Django groups (see roles.py); the rest is plumbing."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="hy",
        help_text=_("The desk is shown in this language after login."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
