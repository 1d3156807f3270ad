from __future__ import annotations

from django.urls import path

from garrison.coverage import map_layer, views

app_name = "coverage"

urlpatterns = [
    path("", views.placement_list, name="placements"),
    path("<int:pk>/", views.placement_detail, name="placement"),
    path("lost/<str:site>.json", views.coverage_lost_json, name="lost"),
    path("layer.json", map_layer.map_layer, name="layer"),
]
