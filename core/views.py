from django.http import HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache

from . import health
from .roles import RoleRequiredMixin


@never_cache
def healthz(request):
    healthy, checks = health.report()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class LanguageView(RoleRequiredMixin, View):
    """Switch the desk's language and remember it on the user."""

    def post(self, request):
        from django.conf import settings

        code = request.POST.get("language", "")
        if code in dict(settings.LANGUAGES):
            request.user.language = code
            request.user.save(update_fields=["language"])
            translation.activate(code)
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return HttpResponseRedirect(target)
