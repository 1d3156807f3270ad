"""Event-scoped accounts pages, mounted at ``e/<slug:event>/members/``."""

from __future__ import annotations

from django.urls import path

from garrison.accounts import member_views as views

app_name = "members"

urlpatterns = [
    path("", views.members, name="list"),
    path("add/", views.member_add, name="add"),
    path("create/", views.member_create, name="create"),
    path("<int:membership_id>/change/", views.member_change, name="change"),
    path("<int:membership_id>/remove/", views.member_remove, name="remove"),
    path("devices/", views.devices, name="devices"),
    path("devices/enrol/", views.device_enrol, name="device_enrol"),
    path("devices/<int:device_id>/revoke/", views.device_revoke, name="device_revoke"),
]
