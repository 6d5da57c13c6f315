"""The photo upload form: the order page's (desk/views/photos.py, desk/_photo_form.html) and
the courier's door photo (delivery/views/courier.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from delivery.models import DeliveryPhoto


class PhotoForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it shows"), choices=DeliveryPhoto.Kind.choices)
    image = forms.FileField(
        label=_("Photo file"), max_length=200,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args, kinds=None, **kwargs):
        kwargs.setdefault("auto_id", "id_photo_%s")  # unique beside the order page's forms
        super().__init__(*args, **kwargs)
        if kinds is not None:  # only the kinds that can be attached now
            self.fields["kind"].choices = kinds

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too big (at most %(mb)s MB).")
                                        % {"mb": settings.PHOTO_MAX_BYTES // 2**20})
        return image
