"""The form of a hospital's capabilities and emergency contacts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.readiness.ics_models import Hospital, TraumaLevel
from garrison.readiness.medical.services import HospitalData


class HospitalForm(forms.Form):
    trauma = forms.ChoiceField(
        label=_("Trauma centre"), choices=TraumaLevel.choices, required=False
    )
    burn_unit = forms.BooleanField(label=_("Burn unit"), required=False)
    helipad = forms.BooleanField(label=_("Helipad"), required=False)
    emergency_phone = forms.CharField(
        label=_("Emergency department phone"), max_length=40, required=False
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("The desk to call, e.g. the emergency department's duty doctor."),
    )
    remarks = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    @staticmethod
    def initial_for(hospital: Hospital | None) -> dict[str, object]:
        if hospital is None:
            return {}
        return {
            "trauma": hospital.trauma,
            "burn_unit": hospital.burn_unit,
            "helipad": hospital.helipad,
            "emergency_phone": hospital.emergency_phone,
            "contact": hospital.contact,
            "remarks": hospital.remarks,
        }

    def to_data(self) -> HospitalData:
        return HospitalData(**self.cleaned_data)
