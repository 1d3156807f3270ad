"""Forms of the post and roster screens: they parse input into the services' data, nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Site, Zone
from garrison.forces import availability, posts
from garrison.forces.access import visible_members
from garrison.forces.models import Post, Qualification

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PostForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32)
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    zone_id = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False, empty_value=None)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=posts.MAX_HEADCOUNT)
    starts_at = forms.DateTimeField(
        label=_("From"), required=False, widget=LOCAL, help_text=_("Empty: the whole roster.")
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
        self.rules = posts.rules_for(event)

    def to_data(self) -> posts.PostData:
        d = self.cleaned_data
        start: dt.datetime = d["starts_at"] or self.rules.starts_at
        end: dt.datetime = d["ends_at"] or self.rules.ends_at
        count = d["skill_count"] or 1
        return posts.PostData(
            name=d["name"],
            code=d["code"],
            site_id=d["site_id"],
            zone_id=d["zone_id"],
            instructions=d["instructions"],
            windows=[posts.WindowData(start, end, d["headcount"])],
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


class AssignForm(forms.Form):
    post_id = forms.TypedChoiceField(label=_("Post"), coerce=int)
    member_id = forms.TypedChoiceField(label=_("Member"), coerce=int)
    starts_at = forms.DateTimeField(label=_("From"), widget=LOCAL)
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

    def to_data(self) -> posts.RulesData:
        d = self.cleaned_data
        return posts.RulesData(
            min_shift_hours=d["min_shift_hours"],
            max_shift_hours=d["max_shift_hours"],
            min_rest_hours=d["min_rest_hours"],
            max_hours_per_day=d["max_hours_per_day"],
            time_limit_seconds=d["time_limit_seconds"],
        )


class UnavailabilityForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("From"), widget=LOCAL)
    ends_at = forms.DateTimeField(label=_("Until"), widget=LOCAL)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def to_data(self) -> availability.WindowData:
        d = self.cleaned_data
        return availability.WindowData(d["starts_at"], d["ends_at"], d["reason"])
