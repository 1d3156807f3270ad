from __future__ import annotations

from django.urls import path

from garrison.patrols import map_layer, views

app_name = "patrols"

urlpatterns = [
    path("", views.tour_list, name="tours"),
    path("tours/new/", views.tour_create, name="tour_create"),
    path("tours/<int:pk>/", views.tour_detail, name="tour"),
    path("tours/<int:pk>/edit/", views.tour_edit, name="tour_edit"),
    path("points/", views.point_list, name="points"),
    path("points/new/", views.point_create, name="point_create"),
    path("points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("points/plaques/", views.plaques, name="plaques"),
    path("walk/", views.walk, name="walk"),
    path("layer.json", map_layer.map_layer, name="layer"),
]
