"""/photos/<token>/: a photo behind its signed, expiring link, for anyone holding it (the
customer's status page, the order page). The order page's upload is the desk's
(desk/views/photos.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views import View

from delivery.photos import PhotoLinkExpired, photo_for_token


class PhotoView(View):
    """GET /photos/<token>/: the photo, streamed from the storage. A tampered or unknown link is
    a 404, an expired one a 403. Private: no shared cache keeps it."""

    def get(self, request, token: str):
        try:
            photo = photo_for_token(token)
        except PhotoLinkExpired:
            raise PermissionDenied from None
        if photo is None:
            raise Http404
        try:
            handle = photo.image.storage.open(photo.image.name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
        return response
