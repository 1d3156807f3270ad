from __future__ import annotations

from django.urls import path

from garrison.readiness.catalogue import views as catalogue
from garrison.readiness.comms import views as comms
from garrison.readiness.imports import views as imports
from garrison.readiness.medical import views as medical
from garrison.readiness.places import views as places
from garrison.readiness.resources import views as resources
from garrison.readiness.safety import views as safety

app_name = "readiness"

urlpatterns = [
    path("", places.board, name="board"),
    path("levels/", places.requirements, name="requirements"),
    path("levels/new/", places.requirement_create, name="requirement_create"),
    path("levels/<int:pk>/delete/", places.requirement_delete, name="requirement_delete"),
    path("resources/", resources.resource_list, name="resources"),
    path("resources/new/", resources.resource_create, name="resource_create"),
    path("resources/import/", imports.import_upload, name="import_upload"),
    path("resources/import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource"),
    path("resources/<int:pk>/edit/", resources.resource_edit, name="resource_edit"),
    *(
        path(
            f"resources/<int:pk>/{action}/",
            resources.resource_action,
            {"action": action},
            name=f"resource_{action}",
        )
        for action in resources.ACTIONS
    ),
    path("comms/", comms.comms_plan, name="comms"),
    path("comms/ics205/", comms.comms_print, name="comms_print"),
    path("comms/new/", comms.channel_create, name="channel_create"),
    path("comms/<int:pk>/edit/", comms.channel_edit, name="channel_edit"),
    path("comms/<int:pk>/delete/", comms.channel_delete, name="channel_delete"),
    path("medical/", medical.medical, name="medical"),
    path("medical/ics206/", medical.medical_print, name="medical_print"),
    path("medical/hospitals/<int:pk>/", medical.hospital_edit, name="hospital_edit"),
    path("safety/", safety.safety_list, name="safety"),
    path("safety/new/", safety.safety_create, name="safety_create"),
    path("safety/<int:pk>/", safety.safety_print, name="safety_print"),
    path("safety/<int:pk>/edit/", safety.safety_edit, name="safety_edit"),
    path("safety/<int:pk>/approve/", safety.safety_approve, name="safety_approve"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/standard/", catalogue.catalogue_install, name="catalogue_install"),
    path("catalogue/kinds/new/", catalogue.kind_create, name="kind_create"),
    path("catalogue/types/new/", catalogue.type_create, name="type_create"),
    path("catalogue/types/<int:pk>/edit/", catalogue.type_edit, name="type_edit"),
]
