"""The form that adds a photo to an incident."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class IncidentPhotoForm(forms.Form):
    photo = forms.FileField(
        label=gettext_lazy("Photo (JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
