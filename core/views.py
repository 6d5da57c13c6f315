import hmac

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache

from . import health
from .roles import RoleRequiredMixin


@never_cache
def healthz(request):
    """Up or down for anyone (a load balancer, the container's health check); the checks
    themselves (versions, errors, mail sources) only for staff or the HEALTHZ_TOKEN bearer."""
    healthy, checks = health.report()
    body = {"status": "ok" if healthy else "unavailable"}
    if _may_see_health_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


def _may_see_health_details(request) -> bool:
    if request.user.is_authenticated and request.user.is_active and request.user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


class LanguageView(RoleRequiredMixin, View):
    """Switch the desk's language and remember it on the user."""

    def post(self, request):
        code = request.POST.get("language", "")
        if code in dict(settings.LANGUAGES):
            request.user.language = code
            request.user.save(update_fields=["language"])
            translation.activate(code)
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return HttpResponseRedirect(target)
