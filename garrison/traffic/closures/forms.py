"""Forms of the closure screens: closing a movement's route, and drawing a closure by hand."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CloseRouteForm(forms.Form):
    route = forms.TypedChoiceField(label=_("Route"), coerce=int, choices=[(0, _("Fastest"))])
    lead = forms.IntegerField(
        label=_("Close minutes before the convoy"), min_value=0, max_value=180, initial=5
    )
    clear = forms.IntegerField(
        label=_("Reopen minutes after it has passed"), min_value=0, max_value=180, initial=2
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, routes: int, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(0, _("Fastest"))] + [
            (i, _("Alternative %(n)d") % {"n": i}) for i in range(1, routes)
        ]
        self.fields["route"].choices = choices  # type: ignore[attr-defined]


class DrawClosureForm(forms.Form):
    points = forms.CharField(
        label=_("Points"),
        widget=forms.HiddenInput(attrs={"data-draw-points": ""}),
        error_messages={"required": _("Click at least two points along the road on the map.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Closed from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Reopens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
