from __future__ import annotations

from django.urls import path

from garrison.traffic import views

app_name = "traffic"

urlpatterns = [
    path("", views.movement_list, name="movements"),
    path("movements/new/", views.movement_create, name="movement_create"),
    path("movements/<int:pk>/", views.movement_detail, name="movement"),
]
