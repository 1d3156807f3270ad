from __future__ import annotations

from django.urls import path

from garrison.ops import views_tip

app_name = "tip"

urlpatterns = [
    path("", views_tip.tip_form, name="form"),
    path("status/", views_tip.tip_status, name="status"),
]
