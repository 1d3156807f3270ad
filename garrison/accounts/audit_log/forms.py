"""The audit page's filters: a GET form, checked before it touches the query."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from garrison.audit.models import Entry

# Dates outside these bounds cannot name an audit entry, and the edges of Python's calendar
# would overflow when shifted to UTC for the query.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2999, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EntryFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        max_length=100,
        required=False,
        help_text=_("The beginning of the action name, e.g. events.zone"),
    )
    actor = forms.CharField(
        label=_("Actor"),
        max_length=150,
        required=False,
        help_text=_("Part of the user or device name"),
    )
    object_type = forms.CharField(
        label=_("Object type"),
        max_length=100,
        required=False,
        help_text=_("e.g. events.zone"),
    )
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To (inclusive)"), required=False, widget=DateInput())

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
        if data.get("action"):
            entries = entries.filter(action__startswith=data["action"].strip())
        if data.get("actor"):
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
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
