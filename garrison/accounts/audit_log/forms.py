"""The audit page's filters: a GET form, checked before it touches the query."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.accounts.audit_log.sentences import AREAS
from garrison.accounts.models import Membership
from garrison.audit.models import Entry

if TYPE_CHECKING:
    from garrison.events.models import Event

# Dates outside these bounds cannot name an audit entry, and the edges of Python's calendar
# would overflow when shifted to UTC for the query.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2999, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EntryFilterForm(forms.Form):
    """Area, person and dates, as a commander thinks of them; ``object_type`` and ``object_id``
    come from an entry's "all entries for this object" link and stay hidden."""

    area = forms.ChoiceField(label=pgettext_lazy("audit", "Area"), required=False)
    person = forms.TypedChoiceField(
        label=pgettext_lazy("audit", "Person"), required=False, coerce=int
    )
    date_from = forms.DateField(
        label=pgettext_lazy("audit", "From date"), required=False, widget=DateInput()
    )
    date_to = forms.DateField(
        label=pgettext_lazy("audit", "To date (inclusive)"), required=False, widget=DateInput()
    )
    object_type = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    object_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, data: Mapping[str, Any] | None, event: Event) -> None:
        super().__init__(data)
        everything = [("", pgettext_lazy("audit", "All"))]
        area = cast(forms.ChoiceField, self.fields["area"])
        area.choices = everything + [(code, name) for code, name in AREAS.items()]
        members = (
            Membership.objects.filter(event_id=event.pk)
            .select_related("user")
            .order_by("user__full_name", "user__username")
        )
        person = cast(forms.TypedChoiceField, self.fields["person"])
        person.choices = everything + [
            (m.user_id, f"{m.user.display_name()} ({m.get_role_display()})") for m in members
        ]

    def clean_date_from(self) -> dt.date | None:
        return self._in_range(self.cleaned_data.get("date_from"))

    def clean_date_to(self) -> dt.date | None:
        return self._in_range(self.cleaned_data.get("date_to"))

    @staticmethod
    def _in_range(value: dt.date | None) -> dt.date | None:
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
                code="out_of_range",
            )
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def is_filtering(self) -> bool:
        return self.is_valid() and any(value for value in self.cleaned_data.values())

    def apply(self, entries: QuerySet[Entry], tz: zoneinfo.ZoneInfo) -> QuerySet[Entry]:
        """Narrow ``entries``; dates are whole days in ``tz`` (the event's time zone)."""
        data = self.cleaned_data
        if data.get("area"):
            entries = entries.filter(action__startswith=data["area"] + ".")
        if data.get("person"):
            entries = entries.filter(actor_user_id=data["person"])
        if data.get("object_type"):
            entries = entries.filter(object_type=data["object_type"].strip().lower())
        if data.get("object_id"):
            entries = entries.filter(object_id=data["object_id"].strip())
        if data.get("date_from"):
            entries = entries.filter(created__gte=_midnight(data["date_from"], tz))
        if data.get("date_to"):
            entries = entries.filter(
                created__lt=_midnight(data["date_to"] + dt.timedelta(days=1), tz)
            )
        return entries


def _midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    # Midnight as the event's clocks show it; zoneinfo resolves a skipped midnight (DST) forward.
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)
