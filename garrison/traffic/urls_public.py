"""Public notices: no login (see views_notices)."""

from __future__ import annotations

from django.urls import path

from garrison.traffic import views_notices

app_name = "notices"

urlpatterns = [
    path("", views_notices.public_index, name="index"),
    path("<slug:event>/", views_notices.public_notices, name="public"),
    path("<slug:event>/feed.json", views_notices.public_feed_json, name="feed_json"),
    path("<slug:event>/feed.atom", views_notices.public_feed_atom, name="feed_atom"),
    path("<slug:event>/roads.geojson", views_notices.public_roads, name="roads"),
    path("<slug:event>/<int:pk>.pdf", views_notices.public_notice_pdf, name="pdf"),
]
