from __future__ import annotations

from django.urls import path

from garrison.ops import (
    views,
    views_desk,
    views_live,
    views_photos,
    views_reports,
    views_settings,
    views_types,
    views_unit,
)

app_name = "ops"

urlpatterns = [
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/triage/", views.incident_triage, name="incident_triage"),
    path("incidents/<int:pk>/status/", views.incident_status, name="incident_status"),
    path(
        "incidents/<int:pk>/photos/",
        views_photos.incident_photo_upload,
        name="incident_photo_upload",
    ),
    path(
        "incidents/<int:pk>/photos/<int:photo_id>/",
        views_photos.incident_photo,
        name="incident_photo",
    ),
    path("live/", views_live.live, name="live"),
    path("queue/", views_desk.queue, name="queue"),
    path("incidents/<int:pk>/take/", views_desk.incident_take, name="incident_take"),
    path("incidents/<int:pk>/merge/", views_desk.incident_merge, name="incident_merge"),
    path("incidents/<int:pk>/dispatch/", views_desk.incident_dispatch, name="incident_dispatch"),
    path("units/", views_desk.unit_board, name="units"),
    path("units/<int:pk>/", views_unit.unit_phone, name="unit_phone"),
    path("units/<int:pk>/state/", views_unit.unit_state, name="unit_state"),
    path("stats/", views_reports.stats, name="stats"),
    path("incidents/<int:pk>/log/", views_reports.incident_log, name="incident_log"),
    path("incidents/<int:pk>/note/", views_reports.incident_note, name="incident_note"),
    path("units/<int:pk>/log/", views_reports.unit_log, name="unit_log"),
    path("units/<int:pk>/note/", views_reports.unit_note, name="unit_note"),
    path("settings/", views_settings.ops_settings, name="settings"),
    path("types/", views_types.type_list, name="types"),
    path("types/new/", views_types.type_create, name="type_create"),
    path("types/<int:pk>/", views_types.type_edit, name="type_edit"),
]
