"""Photos: the signed link that shows one (anyone holding it: the customer's status page, the
order page), and the order page's upload (operators and managers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views import View

from delivery.exceptions import PhotoRefused
from delivery.photos import PhotoLinkExpired, photo_attach, photo_for_token
from desk.forms.photos import PhotoForm
from orders.models import Order

from .base import DeskView


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


class OrderPhotoView(DeskView):
    """POST /desk/orders/<id>/photos/: attach a photo (the form of desk/_photo_form.html)."""

    def post(self, request, pk: int):
        if not Order.objects.filter(pk=pk).exists():
            raise Http404
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                photo_attach(order_id=pk, kind=form.cleaned_data["kind"],
                             upload=form.cleaned_data["image"], actor=request.user)
            except PhotoRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, gettext_lazy("Photo attached."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("desk:order", pk=pk)
