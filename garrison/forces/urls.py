from __future__ import annotations

from django.urls import path

from garrison.forces.availability import views as availability_views
from garrison.forces.members import views as member_views
from garrison.forces.posts import views as post_views
from garrison.forces.roster import views as roster_views
from garrison.forces.units import views as unit_views

app_name = "forces"

urlpatterns = [
    path("", unit_views.tree, name="tree"),
    path("units/new/", unit_views.unit_create, name="unit_create"),
    path("units/<int:pk>/", unit_views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", unit_views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/delete/", unit_views.unit_delete, name="unit_delete"),
    path("members/", member_views.member_list, name="members"),
    path("members/new/", member_views.member_create, name="member_create"),
    path("members/<int:pk>/", member_views.member_edit, name="member_edit"),
    path("members/<int:pk>/delete/", member_views.member_delete, name="member_delete"),
    path(
        "members/<int:pk>/unavailability/",
        availability_views.member_unavailability,
        name="member_unavailability",
    ),
    path(
        "members/<int:pk>/unavailability/<int:window>/delete/",
        availability_views.unavailability_delete,
        name="unavailability_delete",
    ),
    path("qualifications/", member_views.qualification_list, name="qualifications"),
    path("qualifications/new/", member_views.qualification_create, name="qualification_create"),
    path("posts/", post_views.post_list, name="posts"),
    path("posts/new/", post_views.post_create, name="post_create"),
    path("posts/<int:pk>/", post_views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", post_views.post_delete, name="post_delete"),
    path("roster/", roster_views.roster, name="roster"),
    path("roster/people/", roster_views.roster_people, name="roster_people"),
    path("roster/rules/", roster_views.rules_edit, name="roster_rules"),
    path("roster/run/", roster_views.roster_run, name="roster_run"),
    path("roster/solve/", roster_views.roster_start, name="roster_start"),
    path("roster/assign/", roster_views.assignment_create, name="assignment_create"),
    path(
        "roster/shifts/<int:pk>/delete/",
        roster_views.assignment_delete,
        name="assignment_delete",
    ),
    path("roster/posts/<int:pk>/", roster_views.roster_post, name="roster_post"),
    path("roster/units/<int:pk>/", roster_views.roster_unit, name="roster_unit"),
    path("roster/me/", roster_views.my_schedule, name="my_schedule"),
]
