"""The task import form: a CSV file, or the same text pasted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    text = forms.CharField(label=_("Or paste the CSV"), widget=forms.Textarea, required=False)
