"""Public notices: no login (see notices/views.py)."""

from __future__ import annotations

from django.urls import path

from garrison.traffic.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<slug:event>/", views.public_notices, name="public"),
    path("<slug:event>/feed.json", views.public_feed_json, name="feed_json"),
    path("<slug:event>/feed.atom", views.public_feed_atom, name="feed_atom"),
    path("<slug:event>/roads.geojson", views.public_roads, name="roads"),
    path("<slug:event>/tiles/<int:z>/<int:x>/<int:y>.pbf", views.public_tiles, name="tiles"),
    path("<slug:event>/<int:pk>.pdf", views.public_notice_pdf, name="pdf"),
]
