"""The offline scanner page at /scan/: no session login, the device token is the credential."""

from __future__ import annotations

from django.urls import path

from garrison.checkin import views_scan

app_name = "scan"

urlpatterns = [
    path("", views_scan.scanner, name="page"),
    path("sw.js", views_scan.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_scan.manifest, name="manifest"),
]
