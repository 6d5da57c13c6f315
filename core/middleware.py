from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """A logged-in user's own language wins over the browser's (it is chosen once, in the
    desk's language switch, and remembered on the user). Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from settings.PERMISSIONS_POLICY ({feature: [origins]}; an
    empty list switches the feature off for every origin, this page's included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in getattr(settings, "PERMISSIONS_POLICY", {}).items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


class BodyLimitMiddleware:
    """Refuses a request whose body is larger than its view takes, from its Content-Length,
    before anything reads it (issue 17: a 300 MB anonymous POST to the login page was written
    whole to /tmp, because CSRF reads a POST's body and Django writes a multipart body's files
    to FILE_UPLOAD_TEMP_DIR as it reads them). A 413 page (`templates/413.html`; JSON under the
    partner API, whose middleware answers every error so).

    Every view takes RG_MAX_BODY_BYTES; RG_BODY_LIMITS names, by URL name or by whole URL
    namespace, the views that take another limit, by the name of the setting that holds it.

    Under WSGI Django reads no more of a body than its Content-Length and none of a body sent
    without one (chunked): such a request is answered 411 Length Required instead of reaching
    the view with an empty form. Nothing before this middleware reads a body (CSRF reads it in
    `process_view`, which runs after every middleware's own call), so it sits after the partner
    API's middleware, whose JSON and language it gets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponseBadRequest(_("Content-Length is not a number."),
                                          content_type="text/plain; charset=utf-8")
        if not request.META.get("CONTENT_LENGTH") and request.META.get("HTTP_TRANSFER_ENCODING"):
            return HttpResponse(_("A request body needs its Content-Length."), status=411,
                                content_type="text/plain; charset=utf-8")
        request.max_body_bytes = most = body_limit(request.path_info)
        if length > most:
            return render(request, "413.html", {"most": most}, status=413)
        return self.get_response(request)


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may have (settings.RG_BODY_LIMITS)."""
    try:
        match = resolve(path)
    except Resolver404:
        return settings.RG_MAX_BODY_BYTES
    name = settings.RG_BODY_LIMITS.get(match.view_name) or settings.RG_BODY_LIMITS.get(
        match.namespace)
    return getattr(settings, name) if name else settings.RG_MAX_BODY_BYTES
