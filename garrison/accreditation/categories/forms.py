"""Forms of the category screens: they turn text into the services' data classes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accreditation.categories.services import CategoryData, WindowData


class CategoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16)
    name = forms.CharField(label=_("Name"), max_length=120)
    color = forms.CharField(
        label=_("Colour"),
        max_length=7,
        initial="#1d4ed8",
        widget=forms.TextInput({"type": "color"}),
    )
    is_vehicle = forms.BooleanField(label=_("Vehicle pass"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, initial=0)

    def to_data(self) -> CategoryData:
        return CategoryData(**self.cleaned_data)


class WindowForm(forms.Form):
    """One matrix cell: open (with days and optional daily hours) or closed."""

    granted = forms.BooleanField(label=_("Grant access"), required=False)
    first_day = forms.DateField(label=_("First day"), widget=forms.DateInput({"type": "date"}))
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput({"type": "date"}))
    daily_start = forms.TimeField(
        label=_("Daily from"), required=False, widget=forms.TimeInput({"type": "time"})
    )
    daily_end = forms.TimeField(
        label=_("Daily until"), required=False, widget=forms.TimeInput({"type": "time"})
    )

    def to_window(self) -> WindowData | None:
        data = self.cleaned_data
        if not data.get("granted"):
            return None
        return WindowData(
            data["first_day"], data["last_day"], data["daily_start"], data["daily_end"]
        )
