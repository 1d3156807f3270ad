"""The corrective action's form; planning's services check the four clears again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.drills.improvement.services import CorrectiveActionData
from garrison.drills.models import Drill, Observation, ObservationKind
from garrison.forces.models import Unit


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active zone, the event's."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _choice(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None)


class CorrectiveActionForm(forms.Form):
    observation = _choice(_("Area for improvement"))
    title = forms.CharField(label=_("Corrective action"), max_length=200)
    deliverable = forms.CharField(
        label=_("Deliverable"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = _choice(_("Owner"))
    unit = _choice(_("Responsible unit"))
    deadline = forms.DateTimeField(label=_("Deadline"), widget=LocalDateTimeInput())

    def __init__(self, drill: Drill, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        areas = Observation.objects.filter(drill=drill, kind=ObservationKind.IMPROVEMENT)
        owners = Membership.objects.filter(event_id=drill.event_id).select_related("user")
        units = Unit.objects.filter(event_id=drill.event_id).order_by("path", "code")
        choices = {
            "observation": [(str(o.pk), o.text[:80]) for o in areas],
            "owner": [(str(m.user_id), m.user.display_name()) for m in owners],
            "unit": [(str(u.pk), f"{u.code} {u.name}") for u in units],
        }
        for name, options in choices.items():
            self.fields[name].choices = none + options  # type: ignore[attr-defined]

    def to_data(self) -> CorrectiveActionData:
        d = self.cleaned_data
        return CorrectiveActionData(
            title=d["title"],
            deliverable=d["deliverable"],
            owner_id=d["owner"],
            unit_id=d["unit"],
            deadline=d["deadline"],
            observation_id=d["observation"],
        )
