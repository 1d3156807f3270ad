"""The audit log pages, mounted at ``e/<slug:event>/audit/`` (URL names ``audit:…``)."""

from __future__ import annotations

from django.urls import path

from garrison.accounts.audit_log import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:entry_id>/", views.entry_detail, name="detail"),
    path("verify/", views.verify, name="verify"),
]
