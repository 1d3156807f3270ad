"""Public notices: no login (see views_notices)."""

from __future__ import annotations

from django.urls import path

from garrison.traffic import views_notices

app_name = "notices"

urlpatterns = [
    path("<slug:event>/", views_notices.public_notices, name="public"),
    path("<slug:event>/feed.json", views_notices.public_feed_json, name="feed_json"),
    path("<slug:event>/feed.atom", views_notices.public_feed_atom, name="feed_atom"),
]
