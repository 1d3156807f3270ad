"""The post form: it parses input into the services' data, nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.accounts.models import Membership
from garrison.events.models import Site, Zone
from garrison.forces.models import Post, Qualification
from garrison.forces.posts import services
from garrison.forces.roster.forms import LOCAL
from garrison.forces.roster.services import rules_for


class PostForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32)
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    zone_id = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False, empty_value=None)
    headcount = forms.IntegerField(
        label=_("Headcount"), min_value=1, max_value=services.MAX_HEADCOUNT
    )
    starts_at = forms.DateTimeField(
        label=pgettext_lazy("time", "From"),
        required=False,
        widget=LOCAL,
        help_text=_("Empty: the whole roster."),
    )
    ends_at = forms.DateTimeField(label=_("Until"), required=False, widget=LOCAL)
    skill_ids = forms.TypedMultipleChoiceField(
        label=_("Required qualifications"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skill_count = forms.IntegerField(
        label=_("People with each qualification"), min_value=1, initial=1, required=False
    )
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea, required=False)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = membership.event
        sites = Site.objects.filter(event=event)
        self.fields["site_id"].choices = [("", "—")] + [(str(s.pk), s.name) for s in sites]  # type: ignore[attr-defined]
        zones = Zone.objects.filter(event=event)
        self.fields["zone_id"].choices = [("", "—")] + [(str(z.pk), str(z)) for z in zones]  # type: ignore[attr-defined]
        quals = Qualification.objects.filter(event=event)
        self.fields["skill_ids"].choices = [(str(q.pk), q.name) for q in quals]  # type: ignore[attr-defined]
        self.rules = rules_for(event)

    def to_data(self) -> services.PostData:
        d = self.cleaned_data
        start: dt.datetime = d["starts_at"] or self.rules.starts_at
        end: dt.datetime = d["ends_at"] or self.rules.ends_at
        count = d["skill_count"] or 1
        return services.PostData(
            name=d["name"],
            code=d["code"],
            site_id=d["site_id"],
            zone_id=d["zone_id"],
            instructions=d["instructions"],
            windows=[services.WindowData(start, end, d["headcount"])],
            skills={q: count for q in d["skill_ids"]},
        )

    @staticmethod
    def initial_for(post: Post) -> dict[str, Any]:
        window = post.windows.first()
        skill = post.skills.first()
        return {
            "name": post.name,
            "code": post.code,
            "site_id": post.site_id,
            "zone_id": post.zone_id,
            "instructions": post.instructions,
            "headcount": window.headcount if window else 1,
            "starts_at": window.starts_at if window else None,
            "ends_at": window.ends_at if window else None,
            "skill_ids": [s.qualification_id for s in post.skills.all()],
            "skill_count": skill.count if skill else 1,
        }
