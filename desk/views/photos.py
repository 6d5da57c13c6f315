"""The order page's photo upload (operators and managers). The signed link that shows a photo
is delivery's (delivery/views/photos.py, /photos/<token>/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from delivery.exceptions import PhotoRefused
from delivery.forms.photos import PhotoForm
from delivery.photos import photo_attach
from orders.models import Order

from .base import DeskView


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
