"""The drill run's form; services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.drills.running.services import MAX_SPEED


class DrillForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    speed = forms.IntegerField(label=_("Speed"), min_value=1, max_value=MAX_SPEED, initial=1)
