from django.conf import settings
from django.utils import translation


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
