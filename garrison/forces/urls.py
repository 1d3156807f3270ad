from __future__ import annotations

from django.urls import path

from garrison.forces import views, views_availability, views_members, views_roster

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
    path(
        "members/<int:pk>/unavailability/",
        views_availability.member_unavailability,
        name="member_unavailability",
    ),
    path(
        "members/<int:pk>/unavailability/<int:window>/delete/",
        views_availability.unavailability_delete,
        name="unavailability_delete",
    ),
    path("qualifications/", views_members.qualification_list, name="qualifications"),
    path("qualifications/new/", views_members.qualification_create, name="qualification_create"),
    path("posts/", views_roster.post_list, name="posts"),
    path("posts/new/", views_roster.post_create, name="post_create"),
    path("posts/<int:pk>/", views_roster.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views_roster.post_delete, name="post_delete"),
    path("roster/", views_roster.roster, name="roster"),
    path("roster/rules/", views_availability.rules_edit, name="roster_rules"),
    path("roster/run/", views_roster.roster_run, name="roster_run"),
    path("roster/solve/", views_roster.roster_start, name="roster_start"),
    path("roster/assign/", views_roster.assignment_create, name="assignment_create"),
    path(
        "roster/shifts/<int:pk>/delete/",
        views_roster.assignment_delete,
        name="assignment_delete",
    ),
    path("roster/posts/<int:pk>/", views_roster.roster_post, name="roster_post"),
    path("roster/units/<int:pk>/", views_roster.roster_unit, name="roster_unit"),
    path("roster/me/", views_roster.my_schedule, name="my_schedule"),
]
