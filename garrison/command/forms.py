"""Forms of the command screens: they parse input into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.command.services import DirectiveData, ReportData
from garrison.events.models import Event


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active zone, the event's."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class DirectiveForm(forms.Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateTimeField(label=_("Deadline"), widget=LocalDateTimeInput())
    event_ids = forms.TypedMultipleChoiceField(
        label=_("Sub-events"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["event_ids"]
        field.choices = [(e.pk, e.name) for e in Event.objects.filter(parent=event)]

    def to_data(self) -> DirectiveData:
        data = self.cleaned_data
        return DirectiveData(
            text=data["text"], deadline=data["deadline"], event_ids=data["event_ids"]
        )


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4}))
    forces_on_duty = forms.IntegerField(label=_("Forces on duty"), min_value=0, initial=0)
    incidents_open = forms.IntegerField(label=_("Incidents open"), min_value=0, initial=0)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, initial=0)

    def to_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            text=data["text"],
            forces_on_duty=data["forces_on_duty"],
            incidents_open=data["incidents_open"],
            injured=data["injured"],
        )


class ParentForm(forms.Form):
    parent = forms.SlugField(
        label=_("Parent event (short name)"),
        required=False,
        help_text=_("Leave empty to make this event stand alone."),
    )
