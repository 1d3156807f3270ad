"""The script screens' forms; services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.drills.models import DrillScript, InjectKind, Stage
from garrison.drills.scripts.services import InjectData, ScriptData, event_type_codes
from garrison.events.models import Site, Zone

SEVERITIES = [
    (1, _("1 · Critical")),
    (2, _("2 · High")),
    (3, _("3 · Medium")),
    (4, _("4 · Low")),
]


class ScriptForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    objectives = forms.CharField(
        label=_("Objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line, as “O1: what the drill must show”."),
    )

    def to_data(self) -> ScriptData:
        d = self.cleaned_data
        return ScriptData(d["name"], d["description"], d["objectives"])


class InjectForm(forms.Form):
    offset_minutes = forms.FloatField(
        label=_("Minute from the start"),
        required=False,
        help_text=_("Leave empty for a contingency."),
    )
    contingency_of = forms.TypedChoiceField(
        label=_("Contingency for"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InjectKind.choices)
    incident_type = forms.ChoiceField(label=_("Incident type"), required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none(), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=SEVERITIES, coerce=int, initial=3
    )
    text = forms.CharField(
        label=_("What the desk receives"), widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_action = forms.CharField(label=_("Expected action"), max_length=300)
    expected_stage = forms.ChoiceField(
        label=_("Target counts to"), choices=Stage.choices, initial=Stage.DISPATCHED
    )
    target_minutes = forms.FloatField(label=_("Target (minutes)"), min_value=0)
    objective = forms.TypedChoiceField(
        label=pgettext_lazy("drill", "Objective"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, script: DrillScript, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = script.event
        self.fields["site"].queryset = Site.objects.filter(event=event)  # type: ignore[attr-defined]
        self.fields["zone"].queryset = Zone.objects.filter(event=event)  # type: ignore[attr-defined]
        type_choices: list[tuple[object, str]] = [("", "—")]
        type_choices += [(code, code) for code in sorted(event_type_codes(event))]
        objective_choices: list[tuple[object, str]] = [("", "—")]
        objective_choices += [(o.pk, f"{o.code} {o.text[:60]}") for o in script.objectives.all()]
        parent_choices: list[tuple[object, str]] = [("", "—")]
        parent_choices += [
            (i.pk, f"#{i.number} · {i.text[:50]}")
            for i in script.injects.filter(contingency_of__isnull=True)
        ]
        self.fields["incident_type"].choices = type_choices  # type: ignore[attr-defined]
        self.fields["objective"].choices = objective_choices  # type: ignore[attr-defined]
        self.fields["contingency_of"].choices = parent_choices  # type: ignore[attr-defined]

    def to_data(self) -> InjectData:
        d = self.cleaned_data
        return InjectData(
            kind=d["kind"],
            text=d["text"],
            expected_action=d["expected_action"],
            target_minutes=d["target_minutes"],
            offset_minutes=d["offset_minutes"],
            incident_type=d["incident_type"],
            site_id=d["site"].pk if d["site"] else None,
            zone_id=d["zone"].pk if d["zone"] else None,
            lat=d["lat"],
            lon=d["lon"],
            severity=d["severity"],
            expected_stage=d["expected_stage"],
            objective_id=d["objective"],
            contingency_of_id=d["contingency_of"],
        )
