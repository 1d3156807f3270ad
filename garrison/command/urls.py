from __future__ import annotations

from django.urls import path

from garrison.command import views

app_name = "command"

urlpatterns = [
    path("", views.rollup_view, name="rollup"),
    path("directives/new/", views.directive_create, name="directive_create"),
    path("reports/new/", views.report_create, name="report_create"),
    path("parent/", views.parent_edit, name="parent"),
]
