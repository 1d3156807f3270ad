"""Forms of the risk register: they parse input into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Site
from garrison.planning.risks.models import SCALE
from garrison.planning.risks.services import RiskData
from garrison.planning.tasks.models import Task

SCALE_CHOICES = [(str(n), str(n)) for n in SCALE]


def _score(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=SCALE_CHOICES, coerce=int, help_text=help_text
    )


class RiskForm(forms.Form):
    threat = forms.CharField(label=_("Threat"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea
    )
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    owner_id = forms.TypedChoiceField(
        label=_("Owner"), coerce=int, required=False, empty_value=None
    )
    likelihood = _score(_("Likelihood"), _("1 rare … 5 almost certain"))
    impact = _score(_("Impact"), _("1 negligible … 5 catastrophic"))
    residual_likelihood = _score(_("Residual likelihood"), _("Once the mitigation tasks are done"))
    residual_impact = _score(_("Residual impact"), _("Once the mitigation tasks are done"))
    mitigation_ids = forms.TypedMultipleChoiceField(
        label=_("Mitigation tasks"), coerce=int, required=False
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_id = membership.event_id
        none = [("", "—")]
        self.fields["site_id"].choices = none + [  # type: ignore[attr-defined]
            (str(s.pk), s.name) for s in Site.objects.filter(event_id=event_id)
        ]
        owners = Membership.objects.filter(event_id=event_id).select_related("user")
        self.fields["owner_id"].choices = none + [  # type: ignore[attr-defined]
            (str(m.user_id), m.user.display_name()) for m in owners
        ]
        self.fields["mitigation_ids"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), t.title) for t in Task.objects.filter(event_id=event_id).only("title")
        ]
        self.fields["mitigation_ids"].widget.attrs["size"] = 8

    def to_data(self) -> RiskData:
        d = self.cleaned_data
        return RiskData(
            threat=d["threat"],
            description=d["description"],
            site_id=d["site_id"],
            owner_id=d["owner_id"],
            likelihood=d["likelihood"],
            impact=d["impact"],
            residual_likelihood=d["residual_likelihood"],
            residual_impact=d["residual_impact"],
            mitigation_ids=list(d["mitigation_ids"]),
        )
