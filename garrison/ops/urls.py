from __future__ import annotations

from django.urls import path

from garrison.ops import views, views_settings, views_types

app_name = "ops"

urlpatterns = [
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/triage/", views.incident_triage, name="incident_triage"),
    path("incidents/<int:pk>/status/", views.incident_status, name="incident_status"),
    path("settings/", views_settings.ops_settings, name="settings"),
    path("types/", views_types.type_list, name="types"),
    path("types/new/", views_types.type_create, name="type_create"),
    path("types/<int:pk>/", views_types.type_edit, name="type_edit"),
]
