"""The catalogue's forms, and the choice of a type that other forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.readiness.catalogue.services import TypeData
from garrison.readiness.models import ResourceKind, ResourceType


def type_choices(event_id: int) -> list[tuple[str, object]]:
    grouped: dict[str, list[tuple[int, str]]] = {}
    for resource_type in ResourceType.objects.filter(event_id=event_id).select_related("kind"):
        grouped.setdefault(resource_type.kind.name, []).append(
            (resource_type.pk, resource_type.name)
        )
    return [("", "—"), *grouped.items()]


class KindForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=120)


class TypeForm(forms.Form):
    kind_id = forms.TypedChoiceField(label=_("Kind"), coerce=int)
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    capability = forms.CharField(label=_("Minimum capability"), max_length=300, required=False)
    consumable = forms.BooleanField(
        label=_("Counted by quantity"),
        required=False,
        help_text=_("Extinguishers, barriers: a quantity per line instead of one item each."),
    )

    def __init__(self, event_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = ResourceKind.objects.filter(event_id=event_id).values_list("pk", "name")
        self.fields["kind_id"].choices = [("", "—"), *kinds]  # type: ignore[attr-defined]

    def to_data(self) -> TypeData:
        return TypeData(**self.cleaned_data)
