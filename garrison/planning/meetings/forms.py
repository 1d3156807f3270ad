"""Forms of the meeting screens: a meeting's record, and a decision with its task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.accounts.models import Membership
from garrison.planning.meetings.services import MeetingData
from garrison.planning.tasks.forms import LocalDateTimeInput, TaskForm


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_at = forms.DateTimeField(label=_("Held at"), widget=LocalDateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    attendee_ids = forms.TypedMultipleChoiceField(label=_("Attendees"), coerce=int, required=False)
    other_attendees = forms.CharField(
        label=_("Other attendees"),
        max_length=1000,
        required=False,
        help_text=_("People who attended without an account, separated by commas."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=20000, required=False, widget=forms.Textarea
    )
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        max_length=50000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(event_id=membership.event_id).select_related("user")
        self.fields["attendee_ids"].choices = [  # type: ignore[attr-defined]
            (str(m.user_id), m.user.display_name()) for m in members
        ]
        self.fields["attendee_ids"].widget.attrs["size"] = 8

    def to_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            title=d["title"],
            held_at=d["held_at"],
            location=d["location"],
            agenda=d["agenda"],
            minutes=d["minutes"],
            other_attendees=d["other_attendees"],
            attendee_ids=list(d["attendee_ids"]),
        )


class DecisionForm(TaskForm):
    """The decision as the minutes say it, and the task that carries it out."""

    decision = forms.CharField(label=_("Decision"), max_length=5000, widget=forms.Textarea)
    field_order = ["decision"]

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(membership, *args, **kwargs)
        # A decision's task is open at once: the four clears are required here.
        for name in ("deliverable", "owner_id", "unit_id", "deadline"):
            self.fields[name].required = True
