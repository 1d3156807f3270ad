from __future__ import annotations

from django.urls import path

from garrison.traffic import map_layers
from garrison.traffic.closures import views as closure_views
from garrison.traffic.movements import views as movement_views
from garrison.traffic.notices import views as notice_views
from garrison.traffic.routing import views as road_views

app_name = "traffic"

urlpatterns = [
    path("", movement_views.movement_list, name="movements"),
    path("roads.geojson", road_views.road_layer, name="roads"),
    path("layers.json", map_layers.map_layers, name="layers"),
    path("movements/new/", movement_views.movement_create, name="movement_create"),
    path("movements/<int:pk>/", movement_views.movement_detail, name="movement"),
    path("movements/<int:pk>/close/", closure_views.movement_close, name="movement_close"),
    path("movements/<int:pk>/compare/", closure_views.movement_compare, name="movement_compare"),
    path("closures/", closure_views.closure_list, name="closures"),
    path("closures/draw/", closure_views.closure_draw, name="closure_draw"),
    path("closures/<int:pk>/delete/", closure_views.closure_delete, name="closure_delete"),
    path("closures/disruption/", closure_views.disruption_view, name="disruption"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/new/", notice_views.notice_create, name="notice_create"),
    path("notices/<int:pk>/publish/", notice_views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/withdraw/", notice_views.notice_withdraw, name="notice_withdraw"),
]
