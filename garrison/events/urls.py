from __future__ import annotations

from django.urls import path

from garrison.events import (
    views,
    views_geo,
    views_phases,
    views_retention,
    views_sites,
    views_zones,
)
from garrison.events.basemap import views as basemap_views

app_name = "events"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panel/", views.dashboard_panel, name="dashboard_panel"),
    path("glance/<slug:name>/", views.dashboard_glance, name="dashboard_glance"),
    path("settings/", views.event_settings, name="settings"),
    path("retention/", views_retention.retention_view, name="retention"),
    path("retention/edit/", views_retention.retention_edit, name="retention_edit"),
    path("retention/archive.zip", views_retention.archive_download, name="archive"),
    path("map/", views_geo.map_view, name="map"),
    path("geojson/", views_geo.geojson, name="geojson"),
    path("tiles/<int:z>/<int:x>/<int:y>.pbf", basemap_views.tile, name="tile"),
    path("phases/", views_phases.phase_list, name="phases"),
    path("phases/new/", views_phases.phase_create, name="phase_create"),
    path("phases/<int:pk>/", views_phases.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/delete/", views_phases.phase_delete, name="phase_delete"),
    path("sites/", views_sites.site_list, name="sites"),
    path("sites/new/", views_sites.site_create, name="site_create"),
    path("sites/<int:pk>/", views_sites.site_edit, name="site_edit"),
    path("sites/<int:pk>/delete/", views_sites.site_delete, name="site_delete"),
    path("zones/", views_zones.zone_list, name="zones"),
    path("zones/new/", views_zones.zone_create, name="zone_create"),
    path("zones/<int:pk>/", views_zones.zone_edit, name="zone_edit"),
    path("zones/<int:pk>/delete/", views_zones.zone_delete, name="zone_delete"),
]
