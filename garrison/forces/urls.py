from __future__ import annotations

from django.urls import path

from garrison.forces import views, views_members

app_name = "forces"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("members/", views_members.member_list, name="members"),
    path("members/new/", views_members.member_create, name="member_create"),
    path("members/<int:pk>/", views_members.member_edit, name="member_edit"),
    path("members/<int:pk>/delete/", views_members.member_delete, name="member_delete"),
    path("qualifications/", views_members.qualification_list, name="qualifications"),
    path("qualifications/new/", views_members.qualification_create, name="qualification_create"),
]
