from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, Site
from garrison.traffic.models import Closure
from garrison.traffic.movements import MovementData


class MovementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    origin = forms.ModelChoiceField(label=_("From"), queryset=Site.objects.none())
    destination = forms.ModelChoiceField(label=_("To"), queryset=Site.objects.none())
    departs_at = forms.DateTimeField(
        label=_("Departure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the event's time zone."),
    )
    vehicles = forms.IntegerField(label=_("Vehicles"), min_value=1, max_value=200, initial=1)
    escort = forms.CharField(
        label=_("Escort units"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, event: Event, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        sites = Site.objects.filter(event=event).order_by("kind", "name")
        for field in ("origin", "destination"):
            self.fields[field].queryset = sites  # type: ignore[attr-defined]

    def to_data(self) -> MovementData:
        data = self.cleaned_data
        return MovementData(
            name=data["name"],
            origin_id=data["origin"].pk,
            destination_id=data["destination"].pk,
            departs_at=data["departs_at"],
            vehicles=data["vehicles"],
            escort=data["escort"],
            notes=data["notes"],
        )


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


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title (Vietnamese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text (Vietnamese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closures = forms.ModelMultipleChoiceField(
        label=_("Closures"), queryset=Closure.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, event: Event, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["closures"]
        field.queryset = Closure.objects.filter(event=event)  # type: ignore[attr-defined]
        tz = event.tzinfo

        def label(closure: Closure) -> str:
            start, end = closure.starts_at.astimezone(tz), closure.ends_at.astimezone(tz)
            return f"{closure} · {start:%d/%m %H:%M}–{end:%H:%M}"

        field.label_from_instance = label  # type: ignore[attr-defined]
