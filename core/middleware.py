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
