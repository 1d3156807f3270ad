from __future__ import annotations

from django.urls import path

from garrison.traffic import views, views_closures, views_notices

app_name = "traffic"

urlpatterns = [
    path("", views.movement_list, name="movements"),
    path("roads.geojson", views.road_layer, name="roads"),
    path("movements/new/", views.movement_create, name="movement_create"),
    path("movements/<int:pk>/", views.movement_detail, name="movement"),
    path("movements/<int:pk>/close/", views_closures.movement_close, name="movement_close"),
    path("movements/<int:pk>/compare/", views_closures.movement_compare, name="movement_compare"),
    path("closures/", views_closures.closure_list, name="closures"),
    path("closures/draw/", views_closures.closure_draw, name="closure_draw"),
    path("closures/<int:pk>/delete/", views_closures.closure_delete, name="closure_delete"),
    path("closures/disruption/", views_closures.disruption_view, name="disruption"),
    path("notices/", views_notices.notice_list, name="notices"),
    path("notices/new/", views_notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/publish/", views_notices.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/withdraw/", views_notices.notice_withdraw, name="notice_withdraw"),
]
