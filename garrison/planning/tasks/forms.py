"""Forms of the task screens: they parse input into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Phase, Site
from garrison.forces.access import visible_units
from garrison.planning.tasks import services
from garrison.planning.tasks.access import visible_tasks
from garrison.planning.tasks.models import Priority, TaskStatus


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active zone, the event's."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _optional(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None)


# The four clears: a draft may leave them empty, but the task cannot be opened without them, so
# their labels say that rather than "(optional)".
FOUR_CLEARS = ("owner_id", "unit_id", "deliverable", "deadline")


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    deliverable = forms.CharField(
        label=_("Deliverable"), required=False, max_length=5000, widget=forms.Textarea
    )
    owner_id = _optional(_("Owner"))
    unit_id = _optional(_("Responsible unit"))
    deadline = forms.DateTimeField(label=_("Deadline"), required=False, widget=LocalDateTimeInput())
    phase_id = _optional(_("Phase"))
    site_id = _optional(_("Site"))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    depends_on_ids = forms.TypedMultipleChoiceField(
        label=_("Depends on"), coerce=int, required=False
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_id = membership.event_id
        for name in FOUR_CLEARS:
            setattr(self.fields[name], "label_note", _("needed to open the task"))  # noqa: B010
        none = [("", "—")]
        owners = Membership.objects.filter(event_id=event_id).select_related("user")
        self.fields["owner_id"].choices = none + [  # type: ignore[attr-defined]
            (str(m.user_id), m.user.display_name()) for m in owners
        ]
        self.fields["unit_id"].choices = none + [  # type: ignore[attr-defined]
            (str(u.pk), f"{u.code} {u.name}") for u in visible_units(membership)
        ]
        self.fields["phase_id"].choices = none + [  # type: ignore[attr-defined]
            (str(p.pk), p.name) for p in Phase.objects.filter(event_id=event_id)
        ]
        self.fields["site_id"].choices = none + [  # type: ignore[attr-defined]
            (str(s.pk), s.name) for s in Site.objects.filter(event_id=event_id)
        ]
        self.fields["depends_on_ids"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), t.title) for t in visible_tasks(membership).only("pk", "title")
        ]

    def to_data(self) -> services.TaskData:
        d = self.cleaned_data
        return services.TaskData(
            title=d["title"],
            deliverable=d["deliverable"],
            owner_id=d["owner_id"],
            unit_id=d["unit_id"],
            deadline=d["deadline"],
            phase_id=d["phase_id"],
            site_id=d["site_id"],
            priority=d["priority"],
            depends_on_ids=list(d["depends_on_ids"]),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)
