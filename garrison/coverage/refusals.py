"""The solver's refusals as the domain error the pages, the API and the command show."""

from __future__ import annotations

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError
from garrison.coverage.solver import Refusal


def as_domain_error(refusal: Refusal) -> DomainError:
    p = refusal.params
    messages = {
        "no_candidates": _("There are no candidate positions."),
        "no_demand": _("There are no demand points."),
        "duplicate_candidate": _("A candidate position is listed twice."),
        "unknown_locked": _("The locked position “%(candidate)s” is not a candidate."),
        "bad_weight": _("The weight of “%(demand)s” must be zero or more."),
        "no_teams": _("Say how many teams to place."),
        "too_few_teams": _("Place at least one team."),
        "too_many_teams": _(
            "%(teams)s teams cannot be placed on %(candidates)s candidate positions."
        ),
        "too_many_locked": _("%(locked)s positions are locked but only %(teams)s teams placed."),
        "no_target": _("Give a travel-time target in seconds."),
        "unreachable": _("No candidate reaches the demand point “%(demand)s” within the target."),
        "infeasible": _("No placement meets these conditions (locked positions, teams, target)."),
        "no_solution": _("No placement was found within %(seconds)s s."),
    }
    template = messages.get(refusal.code, _("The placement cannot be made."))
    safe = {key: str(value)[:60] for key, value in p.items()}
    return DomainError(refusal.code, template % safe if safe else template)
