"""The offline scanner page at /scan/: no session login, the device token is the credential."""

from __future__ import annotations

from django.urls import path

from garrison.checkin.scanner import views

app_name = "scan"

urlpatterns = [
    path("", views.scanner, name="page"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
