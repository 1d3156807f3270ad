"""An event's retention policy, read side: when its personal data goes and which kinds of it.

The kinds group the personal fields the apps declare (``garrison.core.personal``) into what a
commander decides about: a kind names the declared models it covers by their label, so the
purge (``services.purge``) erases exactly those declarations' fields; the free-text kind covers
every field the apps register as free text (``core.personal.free_text``). A declaration
that no kind covers fails ``events/tests/test_retention.py``: a new one must be grouped here.
Written only by ``services.set_retention``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, RetentionPolicy

# The default purge date, counted from the event's last day.
DEFAULT_DAYS_AFTER = 30
# The latest purge date a commander may set, in years after the last day: past two years an
# event's data is no longer kept "for the event", and a typo in the year (2062 for 2026) must not
# keep it for decades.
MAX_YEARS_AFTER = 2


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    # ``app_label.modelname`` of the declarations (``core.personal``) this kind covers.
    models: frozenset[str]
    # The free text the apps register (``core.personal.free_text``), all of it: it is one
    # decision (keep the narrative, or not), and a new field joins it where its app says so.
    free_text: bool = False


KINDS: tuple[Kind, ...] = (
    Kind(
        "accreditation",
        _("Accredited people: names, organisations, photos, imported lists and badges"),
        frozenset({"accreditation.person", "accreditation.importbatch", "accreditation.badgejob"}),
    ),
    Kind(
        "tips",
        _("Residents' tips and incidents: contacts and photos"),
        frozenset({"ops.incident", "ops.incidentphoto"}),
    ),
    Kind(
        "forces",
        _("Force members: names, contacts and reasons for absence"),
        frozenset({"forces.forcemember", "forces.unavailability"}),
    ),
    Kind(
        "positions",
        _("Units' positions, from field phones and the desk"),
        frozenset({"ops.unitstatus"}),
    ),
    Kind(
        "patrol_positions",
        _("Where patrol officers' phones were when they scanned plaques"),
        frozenset({"patrols.visit"}),
    ),
    Kind(
        "devices",
        _("Scanner phones' names"),
        frozenset({"accounts.device", "checkin.enrolment"}),
    ),
    Kind(
        "meetings",
        _("Names of meeting attendees without an account"),
        frozenset({"planning.meeting"}),
    ),
    Kind(
        "free_text",
        _(
            "Free text that may name people: incident descriptions and tips' words, notes, "
            "task comments, meeting minutes, inspection notes (replaced by “[removed]”)"
        ),
        frozenset(),
        free_text=True,
    ),
)
KIND_KEYS: tuple[str, ...] = tuple(kind.key for kind in KINDS)
# Declared but not the event's to purge: an operator's account (name, e-mail) serves every
# event it is a member of, and goes when the account is removed.
NOT_PER_EVENT = frozenset({"accounts.user"})


def default_purge_on(event: Event) -> dt.date:
    return event.ends_on + dt.timedelta(days=DEFAULT_DAYS_AFTER)


def latest_purge_on(event: Event) -> dt.date:
    end = event.ends_on
    if (end.month, end.day) == (2, 29):
        end = end - dt.timedelta(days=1)
    return end.replace(year=end.year + MAX_YEARS_AFTER)


def policy_for(event: Event) -> RetentionPolicy:
    """The event's saved policy, or the default one (unsaved) if its commander has set none."""
    try:
        return RetentionPolicy.objects.get(event=event)
    except RetentionPolicy.DoesNotExist:
        return RetentionPolicy(event=event, purge_on=default_purge_on(event), kinds=list(KIND_KEYS))


def kinds_of(policy: RetentionPolicy) -> list[tuple[Kind, bool]]:
    """Every kind, with whether the policy purges it."""
    chosen = set(policy.kinds)
    return [(kind, kind.key in chosen) for kind in KINDS]
