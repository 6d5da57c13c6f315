"""Who is knocking: the client address the login lockout (django-axes) counts failures by."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """REMOTE_ADDR, or, behind LOGIN_TRUSTED_PROXIES reverse proxies, the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For: the entries to its
    left were written by the client and prove nothing)."""
    proxies = settings.LOGIN_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (desk and admin alike): the site's layout, translated,
    429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"lockout_minutes": minutes},
                  status=429)
