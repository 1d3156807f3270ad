"""Forms of the people screens: they turn text into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accreditation.categories.forms import WindowForm
from garrison.accreditation.categories.services import WindowData
from garrison.accreditation.models import Category, PersonGrant
from garrison.accreditation.people.services import PersonData
from garrison.events.models import Event, Zone


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    category_id = forms.TypedChoiceField(label=_("Category"), coerce=int)
    ref = forms.CharField(label=_("Reference"), max_length=40, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category_id"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrows for mypy
        field.choices = [(c.pk, c.name) for c in Category.objects.filter(event=event)]

    def to_data(self) -> PersonData:
        return PersonData(**self.cleaned_data)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))


class PersonGrantForm(WindowForm):
    zone_id = forms.TypedChoiceField(label=_("Zone"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[("", _("Back to the category's rights")), *PersonGrant.Kind.choices],
        required=False,
    )
    granted = forms.BooleanField(required=False, widget=forms.HiddenInput, initial=True)
    first_day = forms.DateField(
        label=_("First day"), required=False, widget=forms.DateInput({"type": "date"})
    )
    last_day = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["zone_id"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrows for mypy
        field.choices = [(z.pk, str(z)) for z in Zone.objects.filter(event=event).order_by("code")]

    def to_window(self) -> WindowData | None:
        data = self.cleaned_data
        if data.get("first_day") is None or data.get("last_day") is None:
            return None
        return WindowData(
            data["first_day"], data["last_day"], data["daily_start"], data["daily_end"]
        )
