"""Forms of the inspection screens: checklists (one item a line) and a new inspection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Site
from garrison.forces.access import visible_units
from garrison.planning.inspections.models import ChecklistKind, ChecklistTemplate
from garrison.planning.inspections.services import InspectionData, TemplateData
from garrison.planning.tasks.forms import LocalDateTimeInput


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ChecklistKind.choices)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=60000,
        help_text=_("One item a line."),
    )

    def to_data(self) -> TemplateData:
        d = self.cleaned_data
        return TemplateData(d["name"], d["kind"], d["items"].splitlines())


class InspectionForm(forms.Form):
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int)
    template_id = forms.TypedChoiceField(label=_("Checklist"), coerce=int)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the checklist and site."),
    )
    inspected_at = forms.DateTimeField(label=_("Inspected at"), widget=LocalDateTimeInput())
    inspector_id = forms.TypedChoiceField(
        label=_("Inspector"), coerce=int, required=False, empty_value=None
    )
    unit_id = forms.TypedChoiceField(
        label=_("Unit responsible for fixes"), coerce=int, required=False, empty_value=None
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_id = membership.event_id
        none = [("", "—")]
        self.fields["site_id"].choices = [  # type: ignore[attr-defined]
            (str(s.pk), s.name) for s in Site.objects.filter(event_id=event_id)
        ]
        self.fields["template_id"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), t.name) for t in ChecklistTemplate.objects.filter(event_id=event_id)
        ]
        members = Membership.objects.filter(event_id=event_id).select_related("user")
        self.fields["inspector_id"].choices = none + [  # type: ignore[attr-defined]
            (str(m.user_id), m.user.display_name()) for m in members
        ]
        self.fields["unit_id"].choices = none + [  # type: ignore[attr-defined]
            (str(u.pk), f"{u.code} {u.name}") for u in visible_units(membership)
        ]

    def to_data(self) -> InspectionData:
        d = self.cleaned_data
        return InspectionData(
            site_id=d["site_id"],
            template_id=d["template_id"],
            inspected_at=d["inspected_at"],
            title=d["title"],
            inspector_id=d["inspector_id"],
            unit_id=d["unit_id"],
            notes=d["notes"],
        )
