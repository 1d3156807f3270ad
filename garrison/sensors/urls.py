from __future__ import annotations

from django.urls import path

from garrison.sensors import map_layer, views

app_name = "sensors"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("devices/new/", views.device_create, name="device_create"),
    path("devices/<int:pk>/token/", views.device_token, name="device_token"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("zones/<int:pk>/thresholds/", views.thresholds, name="thresholds"),
    path("zones/<int:pk>/reset/", views.reset, name="reset"),
    path("segments/new/", views.segment_create, name="segment_create"),
    path("segments.geojson", views.segments_geojson, name="segments_geojson"),
    path("layer.json", map_layer.map_layer, name="layer"),
]
