"""The standard checklists an event starts from; planners edit them to suit each site.

Written in the active language when installed, so a Vietnamese planner gets Vietnamese items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from garrison.planning.inspections.models import ChecklistKind

if TYPE_CHECKING:
    from garrison.planning.inspections.services import TemplateData


def standard_checklists() -> list[TemplateData]:
    from garrison.planning.inspections.services import TemplateData

    return [
        TemplateData(
            _("Venue fire safety"),
            ChecklistKind.FIRE_SAFETY,
            [
                _("Emergency exits marked, lit and unobstructed"),
                _("Fire extinguishers present, charged and inspected"),
                _("Fire alarm and sprinklers tested"),
                _("Evacuation plan posted at each floor"),
                _("Fire brigade access road kept clear"),
                _("Electrical panels closed and free of stored material"),
            ],
        ),
        TemplateData(
            _("Hotel security survey"),
            ChecklistKind.HOTEL_SURVEY,
            [
                _("Delegation floors can be closed off"),
                _("CCTV covers entrances, lifts and corridors"),
                _("Staff list checked and staff accredited"),
                _("Service entrances controlled"),
                _("Guest room keys and master keys controlled"),
                _("Secure room available for the duty desk"),
            ],
        ),
        TemplateData(
            _("Parking"),
            ChecklistKind.PARKING,
            [
                _("Delegation parking separated from public parking"),
                _("Vehicle search area set up"),
                _("Entrances and exits controlled"),
                _("Lighting adequate at night"),
                _("Tow truck on call"),
            ],
        ),
        TemplateData(
            _("Kitchen"),
            ChecklistKind.KITCHEN,
            [
                _("Kitchen staff vetted and accredited"),
                _("Food deliveries checked and logged"),
                _("Food samples kept for 24 hours"),
                _("Gas supply and shut-off valves checked"),
                _("Access to the kitchen restricted"),
            ],
        ),
    ]
