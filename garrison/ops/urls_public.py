from __future__ import annotations

from django.urls import path

from garrison.ops.tips import views as tips

app_name = "tip"

urlpatterns = [
    path("", tips.tip_form, name="form"),
    path("status/", tips.tip_status, name="status"),
]
