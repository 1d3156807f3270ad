from __future__ import annotations

from django.urls import path

from garrison.ops.activity import views as activity
from garrison.ops.desk import views as desk
from garrison.ops.dispatch import views as dispatch
from garrison.ops.incidents import views as incidents
from garrison.ops.live import views as live
from garrison.ops.photos import views as photos
from garrison.ops.settings import views as settings
from garrison.ops.stats import views as stats
from garrison.ops.types import views as types

app_name = "ops"

urlpatterns = [
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/triage/", incidents.incident_triage, name="incident_triage"),
    path("incidents/<int:pk>/status/", incidents.incident_status, name="incident_status"),
    path(
        "incidents/<int:pk>/photos/",
        photos.incident_photo_upload,
        name="incident_photo_upload",
    ),
    path(
        "incidents/<int:pk>/photos/<int:photo_id>/",
        photos.incident_photo,
        name="incident_photo",
    ),
    path("live/", live.live, name="live"),
    path("queue/", desk.queue, name="queue"),
    path("incidents/<int:pk>/take/", desk.incident_take, name="incident_take"),
    path("incidents/<int:pk>/merge/", desk.incident_merge, name="incident_merge"),
    path("incidents/<int:pk>/dispatch/", desk.incident_dispatch, name="incident_dispatch"),
    path("units/", desk.unit_board, name="units"),
    path("units/<int:pk>/", dispatch.unit_phone, name="unit_phone"),
    path("units/<int:pk>/state/", dispatch.unit_state, name="unit_state"),
    path("stats/", stats.stats, name="stats"),
    path("incidents/<int:pk>/log/", activity.incident_log, name="incident_log"),
    path("incidents/<int:pk>/note/", activity.incident_note, name="incident_note"),
    path("units/<int:pk>/log/", activity.unit_log, name="unit_log"),
    path("units/<int:pk>/note/", activity.unit_note, name="unit_note"),
    path("settings/", settings.ops_settings, name="settings"),
    path("types/", types.type_list, name="types"),
    path("types/new/", types.type_create, name="type_create"),
    path("types/<int:pk>/", types.type_edit, name="type_edit"),
]
