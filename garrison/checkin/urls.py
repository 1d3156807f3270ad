from __future__ import annotations

from django.urls import path

from garrison.checkin import views

app_name = "checkin"

urlpatterns = [
    path("checkpoints/", views.checkpoint_list, name="checkpoints"),
    path("checkpoints/new/", views.checkpoint_create, name="checkpoint_create"),
    path("checkpoints/<int:pk>/", views.checkpoint_edit, name="checkpoint_edit"),
    path("checkpoints/<int:pk>/delete/", views.checkpoint_delete, name="checkpoint_delete"),
    path("checkpoints/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("scans/", views.scan_list, name="scans"),
    path("occupancy/", views.occupancy_view, name="occupancy"),
    path("occupancy/panel/", views.occupancy_panel, name="occupancy_panel"),
]
