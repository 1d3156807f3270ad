"""Forms of the roster screens: they parse input into the services' data, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.accounts.models import Membership
from garrison.forces.access import visible_members
from garrison.forces.models import Post
from garrison.forces.roster import services

# The browser's date-time picker, which reads and sends its value as YYYY-MM-DDTHH:MM.
LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AssignForm(forms.Form):
    post_id = forms.TypedChoiceField(label=_("Post"), coerce=int)
    member_id = forms.TypedChoiceField(label=_("Member"), coerce=int)
    starts_at = forms.DateTimeField(label=pgettext_lazy("time", "From"), widget=LOCAL)
    ends_at = forms.DateTimeField(label=_("Until"), widget=LOCAL)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_posts = Post.objects.filter(event_id=membership.event_id)
        self.fields["post_id"].choices = [(str(p.pk), str(p)) for p in event_posts]  # type: ignore[attr-defined]
        members = visible_members(membership).select_related("unit")
        self.fields["member_id"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.full_name} ({m.unit.code})") for m in members
        ]


class RulesForm(forms.Form):
    """The roster rules; the service checks how they fit together (shortest ≤ longest, …)."""

    min_shift_hours = forms.IntegerField(label=_("Shortest shift (hours)"), min_value=1)
    max_shift_hours = forms.IntegerField(label=_("Longest shift (hours)"), min_value=1)
    min_rest_hours = forms.IntegerField(label=_("Rest between shifts (hours)"), min_value=0)
    max_hours_per_day = forms.IntegerField(label=_("Most hours per day"), min_value=1)
    time_limit_seconds = forms.IntegerField(
        label=_("Solver time limit (seconds)"), min_value=1, max_value=3600
    )

    def to_data(self) -> services.RulesData:
        d = self.cleaned_data
        return services.RulesData(
            min_shift_hours=d["min_shift_hours"],
            max_shift_hours=d["max_shift_hours"],
            min_rest_hours=d["min_rest_hours"],
            max_hours_per_day=d["max_hours_per_day"],
            time_limit_seconds=d["time_limit_seconds"],
        )
