"""Under /api/ the desk answers like an API: English unless the partner's `Accept-Language`
asks for another of our languages, and every error is JSON (a 404 from the URL resolver, a 405,
a 413 or a 500 included). A body over PARTNER_API_MAX_BODY_BYTES is refused before it is read by
core.middleware.BodyLimitMiddleware, the desk's one body limit, whose 413 is made JSON here."""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
DEFAULT_LANGUAGE = "en"


def accepted_language(header: str) -> str:
    """The first of our languages the header asks for (by q-value), else English."""
    wanted = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _semi, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            wanted.append((-quality, position, tag.strip()))
    for _quality, _position, tag in sorted(wanted):
        try:
            return translation.get_supported_language_variant(tag[:20].lower())
        except LookupError:
            continue
    return DEFAULT_LANGUAGE


def error_json(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


class PartnerAPIMiddleware:
    """Placed after LocaleMiddleware, so the language chosen here is the one DRF answers in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            response = self._as_json(request, response)
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _as_json(request, response):
        status = response.status_code
        if status == 404:
            answer = error_json(404, _("Not found."), "not_found")
        elif status == 405:
            answer = error_json(405, _("Method not allowed."), "method_not_allowed")
            if "Allow" in response.headers:
                answer["Allow"] = response.headers["Allow"]
        elif status == 413:  # core.middleware.BodyLimitMiddleware: over the API's body limit
            answer = error_json(413, _("The request body is larger than %(most)d bytes.")
                                % {"most": request.max_body_bytes}, "too_large")
        elif status >= 500:
            answer = error_json(status, _("Something went wrong on our side; please retry "
                                          "later."), "server_error")
        else:
            answer = error_json(status, _phrase(status), "error")
        for header in ("Retry-After", "WWW-Authenticate", "Vary"):
            if header in response.headers:
                answer[header] = response.headers[header]
        return answer


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("The request was refused.")
