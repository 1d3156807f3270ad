from __future__ import annotations

from django.urls import path

from garrison.ops.tips import views as tips

app_name = "tip"

urlpatterns = [
    path("", tips.tip_form, name="form"),
    path("status/", tips.tip_status, name="status"),
    path("tiles/<slug:event>/<int:z>/<int:x>/<int:y>.pbf", tips.tip_tiles, name="tiles"),
]
