from __future__ import annotations

from django.urls import path

from garrison.checkin.checkpoints import views as checkpoint_views
from garrison.checkin.scans import views as scan_views

app_name = "checkin"

urlpatterns = [
    path("checkpoints/", checkpoint_views.checkpoint_list, name="checkpoints"),
    path("checkpoints/new/", checkpoint_views.checkpoint_create, name="checkpoint_create"),
    path("checkpoints/<int:pk>/", checkpoint_views.checkpoint_edit, name="checkpoint_edit"),
    path(
        "checkpoints/<int:pk>/delete/", checkpoint_views.checkpoint_delete, name="checkpoint_delete"
    ),
    path("checkpoints/<int:pk>/enrol/", checkpoint_views.enrol, name="enrol"),
    path("scans/", scan_views.scan_list, name="scans"),
    path("occupancy/", scan_views.occupancy_view, name="occupancy"),
    path("occupancy/panel/", scan_views.occupancy_panel, name="occupancy_panel"),
]
